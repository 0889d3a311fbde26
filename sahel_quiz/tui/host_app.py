"""`sahel-quiz host` in the terminal: the host screen full-screen, around one `ClassroomHost`.

The classroom server has to run in the event loop that draws the screen (its listener redraws
the screen, the screen's keys call the server), so the app starts the host in `on_mount`, inside
Textual's loop, and stops it however the app ends (`q`, Ctrl+C, an error): `on_unmount` runs
while the loop is still up, so the game is ended, saved and every phone told goodbye before the
terminal is given back. A port already in use becomes the usual one-line error, raised once the
terminal is restored.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path, PurePath
from typing import ClassVar, TextIO

from textual.app import App
from textual.binding import Binding, BindingType

from sahel_quiz.classroom.host import ClassroomHost
from sahel_quiz.errors import UserError
from sahel_quiz.i18n import N_, _
from sahel_quiz.tui.widgets.chrome import key_label

__all__ = ["HostApp", "run_host_app"]

_HERE = Path(__file__).resolve().parent


class HostApp(App[None]):
    """One classroom game on the teacher's screen (see the module docstring).

    `display_urls` and `monotonic` are passed to the host screen: the addresses to show instead
    of the real ones and the clock its countdown reads (snapshots fix both).
    """

    TITLE = "Sahel Quiz classroom"
    CSS_PATH: ClassVar[str | PurePath | list[str | PurePath] | None] = [_HERE / "app.tcss"]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", N_("Quit"), show=False, priority=True),
        Binding("ctrl+c", "quit", N_("Quit"), show=False, priority=True, system=True),
    ]

    def __init__(
        self,
        host: ClassroomHost,
        *,
        display_urls: Sequence[str] | None = None,
        monotonic: Callable[[], float] | None = None,
    ) -> None:
        super().__init__()
        self.host = host
        self.display_urls = display_urls
        self.monotonic = monotonic
        self.start_error: UserError | None = None
        """Why the server could not start (a port in use), raised by `run_host_app`."""
        self._started = False
        self._stopped = False
        from sahel_quiz.tui.app import DEFAULT_THEME, THEMES

        for theme in THEMES:
            self.register_theme(theme)
        self.theme = DEFAULT_THEME

    def get_key_display(self, binding: Binding) -> str:
        """Key names in the reader's language, in the footer."""
        return key_label(super().get_key_display(binding))

    async def on_mount(self) -> None:
        try:
            await self.host.start()
        except UserError as error:
            self.start_error = error
            self.exit(return_code=2)
            return
        self._started = True
        from sahel_quiz.tui.screens.host import HostScreen

        self.title = _("Sahel Quiz classroom")
        self.sub_title = self.host.game.title
        await self.push_screen(
            HostScreen(self.host, display_urls=self.display_urls, monotonic=self.monotonic)
        )

    async def stop_host(self) -> None:
        """End the game if it is on (saving it) and close the server; once."""
        if self._started and not self._stopped:
            self._stopped = True
            await self.host.stop()

    async def action_quit(self) -> None:
        await self.stop_host()
        self.exit()

    async def on_unmount(self) -> None:
        await self.stop_host()

    def summary(self) -> list[str]:
        """What to print once the terminal is back: where the results were saved."""
        return self.host.saved_lines()


def run_host_app(host: ClassroomHost, out: TextIO | None = None) -> int:
    """Host a game full-screen until the teacher quits; returns the exit status."""
    app = HostApp(host)
    app.run()
    if app.start_error is not None:
        raise app.start_error
    for line in app.summary():
        print(line, file=out or sys.stdout, flush=True)
    return app.return_code or 0
