"""What frames every screen of the app: the header, and key descriptions in the current
language.

The header's icon is one that common terminal fonts have (Textual's own `⭘` is often drawn as
a missing glyph). Key bindings are declared once per class, with `N_` descriptions; the
`TranslatedKeys` mixin translates them each time the footer or the help asks, so that switching
the language on the home screen changes the footer too.

    class MyScreen(TranslatedKeys, Screen[None]):
        BINDINGS = [Binding("r", "retry", N_("Retry"))]

        def compose(self):
            yield header()
            ...
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from textual.screen import Screen
from textual.widgets import Header

from sahel_quiz.i18n import _

if TYPE_CHECKING:
    from textual.binding import ActiveBinding

    _ScreenMixin = Screen[Any]
else:
    _ScreenMixin = object  # a plain mixin: Textual builds its class data from real screens

__all__ = ["HEADER_ICON", "TranslatedKeys", "header"]

HEADER_ICON = "≡"
"""In every common terminal font (CP437 has it), unlike Textual's default `⭘`."""


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
            tooltip = _(active.tooltip) if active.tooltip else active.tooltip
            translated[key] = active._replace(binding=binding, tooltip=tooltip)
        return translated
