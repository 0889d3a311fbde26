"""The profile modal: pick one of the learners the store knows, or type a new name.

It only returns the name chosen; the app switches (and creates the profile) through the store.
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

if TYPE_CHECKING:
    from sahel_quiz.engine.workspace import Workspace

__all__ = ["ProfileScreen"]


class ProfileScreen(ModalScreen[str | None]):
    """Returns the profile name picked or typed, or None when cancelled."""

    CSS_PATH = "profile.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.current = workspace.profile
        self.names = sorted(set(workspace.profiles()) | {workspace.profile})

    def compose(self) -> ComposeResult:
        with Vertical(id="profile-box"):
            yield Label("Learn as", classes="section-title")
            yield OptionList(
                *[
                    Option(
                        Content.assemble(
                            name, (" (current)", "italic") if name == self.current else ""
                        ),
                        id=f"profile-{index}",
                    )
                    for index, name in enumerate(self.names)
                ],
                id="profile-list",
            )
            yield Label("or a new learner:", classes="section-title")
            yield Input(placeholder="new profile name, then Enter", id="profile-new")
            with Horizontal(id="profile-actions"):
                yield Button("Switch", id="profile-ok", variant="primary", compact=True)
                yield Button("Cancel", id="profile-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#profile-box").border_title = "Profile"
        options = self.query_one(OptionList)
        options.highlighted = self.names.index(self.current)
        options.focus()

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.names[event.option_index])

    @on(Input.Submitted)
    def _typed(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip():
            self.dismiss(event.value.strip())

    @on(Button.Pressed, "#profile-ok")
    def _ok(self, event: Button.Pressed) -> None:
        event.stop()
        typed = self.query_one(Input).value.strip()
        if typed:
            self.dismiss(typed)
            return
        highlighted = self.query_one(OptionList).highlighted
        self.dismiss(self.names[highlighted] if highlighted is not None else None)

    @on(Button.Pressed, "#profile-cancel")
    def _cancelled(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
