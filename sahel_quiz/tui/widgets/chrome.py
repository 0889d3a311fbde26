"""What frames every screen of the app: the header, and key descriptions in the current
language.

The header's icon is one that common terminal fonts have (Textual's own `⭘` is often drawn as
a missing glyph). Key bindings are declared once per class, with `N_` descriptions; the
`TranslatedKeys` mixin translates them each time the footer or the help asks, so that switching
the language on the home screen changes the footer too. Key names are translated as well
(`key_label`: `space`, `esc` are `espace`, `échap` in French), and a `key_display` marked with
`N_` names the key a French reader presses (`y` for "I knew it" is `o`, for *oui*: the binding
takes both).

    class MyScreen(TranslatedKeys, Screen[None]):
        BINDINGS = [Binding("r", "retry", N_("Retry"))]

        def compose(self):
            yield header()
            ...
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from textual.screen import Screen
from textual.widgets import Header

from sahel_quiz.i18n import N_, _

if TYPE_CHECKING:
    from textual.binding import ActiveBinding

    _ScreenMixin = Screen[Any]
else:
    _ScreenMixin = object  # a plain mixin: Textual builds its class data from real screens

__all__ = ["HEADER_ICON", "YES_KEY", "TranslatedKeys", "header", "key_label"]

HEADER_ICON = "≡"
"""In every common terminal font (CP437 has it), unlike Textual's default `⭘`."""


YES_KEY = N_("y")
"""The key for yes (I knew it; remove this player) as the reader is shown it: `o` in French,
for *oui*. The bindings take both."""

_KEY_NAMES = {
    "space": N_("space"),
    "esc": N_("esc"),
    "escape": N_("escape"),
    "enter": N_("enter"),
    "tab": N_("tab"),
    "shift": N_("shift"),
    "delete": N_("delete"),
}


def key_label(text: str) -> str:
    """Key names in the reader's language (`shift+tab` is `maj+tab` in French); letters,
    digits and symbols are left as they are."""
    return re.sub(
        r"[a-z]{3,}",
        lambda word: _(_KEY_NAMES[word[0]]) if word[0] in _KEY_NAMES else word[0],
        text,
    )


def header() -> Header:
    """The app's header: its title, the screen's subtitle, and an icon every font has."""
    return Header(icon=HEADER_ICON)


class TranslatedKeys(_ScreenMixin):
    """A screen whose key descriptions (footer, help) are translated when they are shown."""

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        translated = {}
        for key, active in super().active_bindings.items():
            binding = active.binding
            if binding.description:
                binding = replace(binding, description=_(binding.description))
            if binding.key_display:
                binding = replace(binding, key_display=_(binding.key_display))
            tooltip = _(active.tooltip) if active.tooltip else active.tooltip
            translated[key] = active._replace(binding=binding, tooltip=tooltip)
        return translated
