"""The profile modal: type a new learner's name, or pick one of the learners the store knows.

The name field has the keyboard from the start, so that a name typed at once is never lost;
↑↓ move through the known learners meanwhile, and Enter takes the name typed or, with the field
empty, the learner highlighted. It only returns the name chosen; the app switches (and creates
the profile) through the workspace.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList
from textual.widgets.option_list import Option

from sahel_quiz.i18n import N_, _
from sahel_quiz.tui.widgets.chrome import TranslatedKeys

if TYPE_CHECKING:
    from sahel_quiz.engine.workspace import Workspace

__all__ = ["ProfileScreen"]


class ProfileScreen(TranslatedKeys, ModalScreen[str | None]):
    """Returns the profile name typed or picked, or None when cancelled."""

    CSS_PATH = "profile.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("Cancel")),
        Binding("up", "move(-1)", show=False),
        Binding("down", "move(1)", show=False),
    ]

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.current = workspace.profile
        self.names = sorted(set(workspace.profiles()) | {workspace.profile})

    def compose(self) -> ComposeResult:
        with Vertical(id="profile-box"):
            yield Label(_("A new learner:"), classes="section-title")
            yield Input(placeholder=_("type a name, then Enter"), id="profile-new")
            yield Label(_("or one of these (↑↓ then Enter):"), classes="section-title")
            yield OptionList(
                *[
                    Option(
                        Content.assemble(
                            name, (" " + _("(current)"), "italic") if name == self.current else ""
                        ),
                        id=f"profile-{index}",
                    )
                    for index, name in enumerate(self.names)
                ],
                id="profile-list",
            )
            with Horizontal(id="profile-actions"):
                yield Button(_("Switch"), id="profile-ok", variant="primary", compact=True)
                yield Button(_("Cancel"), id="profile-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#profile-box").border_title = _("Profile")
        options = self.query_one(OptionList)
        options.highlighted = self.names.index(self.current)
        self.query_one(Input).focus()

    def action_move(self, step: int) -> None:
        """↑↓ from the name field move through the known learners."""
        options = self.query_one(OptionList)
        here = options.highlighted if options.highlighted is not None else 0
        options.highlighted = max(0, min(len(self.names) - 1, here + step))

    def _chosen(self) -> str | None:
        typed = self.query_one(Input).value.strip()
        if typed:
            return typed
        highlighted = self.query_one(OptionList).highlighted
        return self.names[highlighted] if highlighted is not None else None

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.names[event.option_index])

    @on(Input.Submitted)
    def _typed(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(self._chosen())

    @on(Button.Pressed, "#profile-ok")
    def _ok(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(self._chosen())

    @on(Button.Pressed, "#profile-cancel")
    def _cancelled(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
