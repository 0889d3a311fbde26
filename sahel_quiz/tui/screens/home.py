"""The home screen: the decks with their due counts for the current profile, and what to do next.

The decks and their counts are read in a worker thread after the first frame (reading them
needs the deck models, pydantic and the store), so the screen appears at once and fills in.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, DataTable, Footer, Header, Label, Static

if TYPE_CHECKING:
    from sahel_quiz.deck.model import LoadedDeck
    from sahel_quiz.engine.stats import DeckStats
    from sahel_quiz.engine.workspace import Workspace
    from sahel_quiz.tui.app import SahelQuizApp

__all__ = ["TITLE_WIDTH", "DeckTable", "HomeScreen"]

TITLE_WIDTH = 44
"""The widest the deck title column gets, so that the counts fit at 80 columns."""


class DeckTable(DataTable[str | Content]):
    """The decks, one row each; Enter plays the highlighted deck (a click only highlights it,
    so that a mouse user can then pick Study or Stats)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "screen.play", "Play", show=False),
    ]


class HomeScreen(Screen[None]):
    """Decks (title, language, cards, new, due), the actions, and the current profile."""

    # home.tcss is loaded by the app itself (see SahelQuizApp.CSS_PATH).
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "play", "Play quiz"),
        Binding("s", "study", "Study"),
        Binding("t", "stats", "Stats"),
        Binding("u", "app.switch_profile", "Profile"),
        Binding("c", "app.toggle_contrast", "Contrast", show=False),
        Binding("q", "app.quit", "Quit", show=False),
    ]

    def __init__(self, workspace: Workspace, *, clock: Callable[[], datetime]) -> None:
        super().__init__()
        self.workspace = workspace
        self.clock = clock
        self.decks: tuple[LoadedDeck, ...] = ()
        self.decks_ready = False

    @property
    def quiz_app(self) -> SahelQuizApp:
        from sahel_quiz.tui.app import SahelQuizApp

        assert isinstance(self.app, SahelQuizApp)
        return self.app

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home-body"):
            yield Label("Decks", id="decks-title", classes="section-title")
            yield DeckTable(id="decks", cursor_type="row", zebra_stripes=True)
            yield Static("Loading decks…", id="deck-info")
            with Horizontal(id="home-actions"):
                yield Button(Content("▶ Play quiz [p]"), id="play", variant="primary")
                yield Button(Content("Study [s]"), id="study")
                yield Button(Content("Stats [t]"), id="stats")
            with Horizontal(id="profile-row"):
                yield Label("", id="profile-label")
                yield Button(Content("Switch profile [u]"), id="profile", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self._set_columns(20)
        self._show_profile()
        if getattr(self.app, "first_frame_shown", True):
            self.reload()
        # else the app calls `reload` once the first frame is on screen: reading the decks in a
        # thread meanwhile would hold the interpreter's lock and delay that frame

    def _set_columns(self, title_width: int) -> None:
        table = self.query_one(DeckTable)
        table.clear(columns=True)
        table.add_column("Deck", width=title_width, key="title")
        table.add_column("Lang", key="language")
        table.add_column("Cards", key="cards")
        table.add_column("New", key="new")
        table.add_column("Due", key="due")

    def on_screen_resume(self) -> None:
        if self.decks_ready:
            self.reload()

    def _show_profile(self) -> None:
        self.query_one("#profile-label", Label).update(
            Content.assemble("Profile: ", (self.workspace.profile, "bold"))
        )

    def reload(self) -> None:
        """Read the decks and the profile's counts again (after a quiz, a study, a switch)."""
        self._show_profile()
        self._load(self.workspace.profile)

    @work(thread=True, exclusive=True, group="home-load")
    def _load(self, profile: str) -> None:
        from sahel_quiz.engine.stats import collect_stats
        from sahel_quiz.errors import UserError

        try:
            decks = self.workspace.decks
            report = collect_stats(self.workspace.store, profile, decks, now=self.clock())
        except UserError as error:
            self._hand_over(self._failed, str(error))
            return
        self._hand_over(self._show, decks, report.decks)

    def _hand_over(self, callback: Callable[..., None], *args: object) -> None:
        """Run `callback` on the app's thread, unless the app has closed meanwhile."""
        with contextlib.suppress(RuntimeError):  # "App is not running": nothing left to show
            self.app.call_from_thread(callback, *args)

    def _failed(self, message: str) -> None:
        self.query_one("#deck-info", Static).update(Content(message))
        self.notify(message, severity="error")

    def _show(self, decks: Sequence[LoadedDeck], stats: Sequence[DeckStats]) -> None:
        table = self.query_one(DeckTable)
        row = table.cursor_row
        widest = max((len(loaded.deck.title) for loaded in decks), default=20)
        self._set_columns(min(widest, TITLE_WIDTH))
        for loaded, line in zip(decks, stats, strict=True):
            due = line.progress.due_now
            table.add_row(
                Content(loaded.deck.title),
                loaded.deck.language,
                str(line.cards),
                str(line.new),
                Content.styled(str(due), "bold" if due else ""),
                key=loaded.id,
            )
        self.decks = tuple(decks)
        self.decks_ready = True
        if decks:
            table.move_cursor(row=min(row, len(decks) - 1))
        self._describe()
        self.refresh_bindings()
        if not decks:
            self.query_one("#deck-info", Static).update(
                "No decks found: pass a deck file or --decks DIR."
            )
        self.quiz_app.show_notices()

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self._describe()

    def _describe(self) -> None:
        loaded = self.selected
        if loaded is None:
            return
        deck = loaded.deck
        parts: list[str] = []
        if deck.description:
            parts.append(deck.description)
        source = loaded.source_name or (Path(deck.source).name if deck.source else None)
        if source:
            parts.append(f"Source: {source}")
        self.query_one("#deck-info", Static).update(Content("\n".join(parts)))

    @property
    def selected(self) -> LoadedDeck | None:
        """The highlighted deck (None while the decks load)."""
        if not self.decks:
            return None
        row = self.query_one(DeckTable).cursor_row
        return self.decks[min(max(row, 0), len(self.decks) - 1)]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("play", "study"):
            return self.selected is not None or None
        return True

    def action_play(self) -> None:
        if (loaded := self.selected) is not None:
            self.quiz_app.play(loaded)

    def action_study(self) -> None:
        if (loaded := self.selected) is not None:
            self.quiz_app.study(loaded)

    def action_stats(self) -> None:
        self.quiz_app.stats()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        actions: dict[str | None, Callable[[], None]] = {
            "play": self.action_play,
            "study": self.action_study,
            "stats": self.action_stats,
            "profile": self.quiz_app.action_switch_profile,
        }
        actions[event.button.id]()
