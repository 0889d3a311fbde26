"""The base of the study and stats screens: a screen over the workspace's profile that reads
what it shows off the event loop and, on Escape, goes back to the screen underneath."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TypeVar

from textual.screen import Screen

from sahel_quiz.engine.workspace import Workspace, utc_now
from sahel_quiz.errors import UserError
from sahel_quiz.tui.widgets.chrome import TranslatedKeys

__all__ = ["WorkspaceScreen"]

T = TypeVar("T")


class WorkspaceScreen(TranslatedKeys, Screen[None]):
    """What the study and stats screens share: the workspace, the clock (a parameter so that
    tests fix the time), the reading worker's hand-over and the way back."""

    def __init__(
        self,
        workspace: Workspace,
        *,
        clock: Callable[[], datetime] = utc_now,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.workspace = workspace
        self.clock = clock

    def hand_over(self, read: Callable[[], T], done: Callable[[T], Awaitable[None] | None]) -> None:
        """In a worker thread: `read`, then pass its result to `done` on the event loop (and
        await it, when it is a coroutine), or a user error's message to `_failed`. A deck of
        100,000 cards takes seconds to read."""
        try:
            result = read()
        except UserError as error:
            self.app.call_from_thread(self._failed, str(error))
            return
        self.app.call_from_thread(done, result)

    def _failed(self, message: str) -> None:
        """Show why the reading failed; each screen says it in its own place."""
        raise NotImplementedError

    def action_back(self) -> None:
        """Back to the screen underneath; when there is none (started here), leave the app."""
        stack = self.app.screen_stack
        if len(stack) > 1 and stack[-2].id != "_default":
            self.app.pop_screen()
        else:
            self.app.exit()
