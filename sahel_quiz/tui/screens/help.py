"""The help modal: the keys of the screen it was opened on, the keys of every screen, and how
each card type is answered."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Label, Static

from sahel_quiz.i18n import N_, _
from sahel_quiz.tui.widgets.chrome import TranslatedKeys, key_label


def _keys(rows: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """A table's keys in the reader's words (`espace`, `v / f`), what they do left marked."""
    return [(key_label(_(key)), text) for key, text in rows]


__all__ = ["ANSWERING", "EVERYWHERE", "HelpScreen", "key_table"]

EVERYWHERE: tuple[tuple[str, str], ...] = (
    ("ctrl+q", N_("quit (every answer given is saved)")),
    ("f1 / ?", N_("this help (? when no text field has the cursor)")),
    ("ctrl+p", N_("command palette: screens, decks, profiles, themes")),
    ("tab / shift+tab", N_("move between buttons and lists")),
    ("escape", N_("back, or close a window")),
    ("ctrl+z", N_("in study: undo the last rating; elsewhere: suspend (fg to come back)")),
)
"""(keys, what they do): the keys are written with `key_label`'s words, translated with it."""

ANSWERING: tuple[tuple[str, str], ...] = (
    ("1–9, ↑↓ enter", N_("choose an option (or click it)")),
    ("space, 1–9", N_("tick options that apply; enter submits")),
    (N_("t / f"), N_("true or false")),
    ("enter", N_("submit a typed answer, or go to the next blank")),
    ("shift+↑↓  [ ]", N_("move the selected item of an order card")),
    (N_("space, y / n"), N_("flashcard: show the answer, then knew it or not")),
    ("enter", N_("after the feedback: next question")),
)


_EVERY_SCREEN = frozenset(
    binding.action for binding in Screen.BINDINGS if isinstance(binding, Binding)
) | {"app.help", "help"}
"""Textual's own screen keys (focus, copy) and help itself: listed under "Everywhere"."""


def key_table(rows: Iterable[tuple[str, str]]) -> Content:
    """Keys in a bold column, what they do beside them (marked with `N_`: translated here; the
    keys are shown as they are)."""
    pairs = list(rows)
    width = max((len(key) for key, _text in pairs), default=0)
    lines = [Content.assemble((f"{key:<{width}}  ", "bold"), _(text)) for key, text in pairs]
    return Content("\n").join(lines)


def screen_keys(screen: Screen[object]) -> list[tuple[str, str]]:
    """The keys of `screen`: its own described bindings, and those its focused widget shows in
    the footer (a list's cursor keys and the like are left out: they are everywhere)."""
    rows: dict[str, str] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if not binding.description or not active.enabled or binding.system:
            continue
        if active.node is not screen and not binding.show:
            continue
        if binding.action in _EVERY_SCREEN:
            continue
        shown = binding.key_display or screen.app.get_key_display(binding)
        rows.setdefault(binding.description, shown or key)
    return [(key, description) for description, key in rows.items()]


class HelpScreen(TranslatedKeys, ModalScreen[None]):
    """Keys, in three groups; Escape, `?` or the button closes it."""

    CSS_PATH = "help.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q,f1", "close", N_("Close")),
    ]

    def __init__(self, under: Screen[object]) -> None:
        super().__init__()
        self.under_keys = screen_keys(under)

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            with VerticalScroll(id="help-body"):
                if self.under_keys:
                    yield Label(_("This screen"), classes="section-title")
                    yield Static(key_table(self.under_keys), classes="keys")
                yield Label(_("Everywhere"), classes="section-title")
                yield Static(key_table(_keys(EVERYWHERE)), classes="keys")
                yield Label(_("Answering"), classes="section-title")
                yield Static(key_table(_keys(ANSWERING)), classes="keys")
            yield Button(_("Close"), id="help-close", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#help-box").border_title = _("Keys")
        self.query_one("#help-body").focus()

    def action_close(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#help-close")
    def _close(self) -> None:
        self.dismiss(None)
