"""The home screen: the decks with the cards left to study today for the current profile, and
what to do next.

The rows are first drawn from the decks' cached summaries (`Workspace.deck_summaries`: title,
language, number of cards, without pydantic), so that the first frame lists them; then the
decks are read, checked and counted in a worker thread, and the rows are filled in. The counts
are those the study screen shows, under the same names (`engine.study.today_counts`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar, Literal

from rich.cells import cell_len
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, DataTable, Footer, Label, Static

from sahel_quiz.i18n import LANGUAGE_NAMES, LANGUAGES, N_, _, language, set_language
from sahel_quiz.tui.widgets.chrome import TranslatedKeys, header

if TYPE_CHECKING:
    from sahel_quiz.deck.model import LoadedDeck
    from sahel_quiz.engine.known_decks import DeckSummary
    from sahel_quiz.engine.study import StudyCounts
    from sahel_quiz.engine.workspace import Workspace
    from sahel_quiz.tui.app import SahelQuizApp

__all__ = ["DeckTable", "HomeScreen"]

_COUNT_COLUMNS = (N_("Cards"), N_("New"), N_("Learning"), N_("Review"))
_LANGUAGE_COLUMN = N_("Lang")
_PADDING = 2 * 6 + 6
"""The six columns' padding, the border and the margins."""


def _other_columns_width() -> int:
    """What the columns but the title take, in the language shown (their headings are the
    widest cells)."""
    headings = (_LANGUAGE_COLUMN, *_COUNT_COLUMNS)
    return sum(cell_len(_(heading)) for heading in headings) + _PADDING


_WAITING = "…"
Action = Literal["play", "study"]


class DeckTable(DataTable[str | Content]):
    """The decks, one row each; Enter plays the highlighted deck (a click only highlights it,
    so that a mouse user can then pick Study or Stats)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "screen.play", N_("Play"), show=False),
    ]


class HomeScreen(TranslatedKeys, Screen[None]):
    """Decks (title, language, cards, and today's new, learning and review cards), the
    actions, the profile and the interface language."""

    # home.tcss is loaded by the app itself (see SahelQuizApp.CSS_PATH).
    AUTO_FOCUS = "#decks"
    """↑↓ pick a deck from the first key: else the scrolling page has the focus, and they scroll."""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "play", N_("Play quiz")),
        Binding("s", "study", N_("Study")),
        Binding("t", "stats", N_("Stats")),
        Binding("u", "app.switch_profile", N_("Profile"), show=False),
        Binding("l", "language", N_("Language"), show=False),
        Binding("c", "app.toggle_contrast", N_("Contrast"), show=False),
        Binding("q", "app.quit", N_("Quit"), show=False),
    ]

    def __init__(self, workspace: Workspace, *, clock: Callable[[], datetime]) -> None:
        super().__init__()
        self.workspace = workspace
        self.clock = clock
        self.decks: tuple[LoadedDeck, ...] = ()
        self.counts: tuple[StudyCounts, ...] = ()
        self.summaries: list[DeckSummary] = []
        self.decks_ready = False
        self._shown_room = 0
        self._pending: Action | None = None
        """Play or Study asked for before the decks were read: done once they are."""
        self._shown_ids: list[str] = []
        """The deck of each row, in the table's order."""
        self._wanted: str | None = None
        """The deck to highlight once the rows are read: the one just played or studied."""

    @property
    def quiz_app(self) -> SahelQuizApp:
        from sahel_quiz.tui.app import SahelQuizApp

        assert isinstance(self.app, SahelQuizApp)
        return self.app

    def compose(self) -> ComposeResult:
        yield header()
        with VerticalScroll(id="home-body"), Vertical(id="home-column", classes="column"):
            yield Label(_("Decks"), id="decks-title", classes="section-title")
            yield DeckTable(id="decks", cursor_type="row", zebra_stripes=True)
            yield Static(Content(_("Reading the decks…")), id="deck-info")
            with Horizontal(id="home-actions"):
                yield Button(Content(_("▶ Play quiz [p]")), id="play", variant="primary")
                yield Button(Content(_("Study [s]")), id="study")
                yield Button(Content(_("Stats [t]")), id="stats")
            with Horizontal(id="profile-row"):
                yield Label("", id="profile-label")
                yield Button(Content(_("Switch profile [u]")), id="profile", compact=True)
                yield Label(Content(_("Language:")), id="language-label")
                yield Button(
                    Content(f"{LANGUAGE_NAMES[language()]} [l]"), id="language", compact=True
                )
        yield Footer()

    def on_mount(self) -> None:
        self._fill()
        if getattr(self.app, "first_frame_shown", True):
            self.reload()
        # else the app calls `reload` once the first frame is on screen: reading the decks in a
        # thread meanwhile would hold the interpreter's lock and delay that frame

    def _fill(self) -> None:
        """Show what is known now: the rows read or, before that, the cached summaries."""
        self._show_profile()
        if self.decks_ready:
            self._show_rows()
            return
        self.summaries, _complete = self.workspace.deck_summaries()
        self._show_rows()

    def on_screen_resume(self) -> None:
        self._wanted = self.quiz_app.last_deck
        if self.decks_ready:
            self.reload()

    def on_resize(self) -> None:
        if self._title_room() != self._shown_room:
            self._show_rows()

    def _title_room(self) -> int:
        """How wide the title column may be: what the other columns leave of the body."""
        return max(16, min(self.size.width, 100) - _other_columns_width())

    def _show_profile(self) -> None:
        self.query_one("#profile-label", Label).update(
            Content.assemble(_("Profile:") + " ", (self.workspace.profile, "bold"))
        )

    def reload(self) -> None:
        """Read the decks and the profile's counts again (after a quiz, a study, a switch)."""
        self._show_profile()
        app = self.quiz_app
        self._load(self.workspace.profile, app.new_per_day, app.tags)

    @work(thread=True, exclusive=True, group="home-load")
    def _load(self, profile: str, new_per_day: int, tags: object) -> None:
        from sahel_quiz.deck.selection import NO_FILTER, TagFilter
        from sahel_quiz.engine.study import today_counts
        from sahel_quiz.errors import UserError

        try:
            decks = self.workspace.decks
            store = self.workspace.store
            now = self.clock()
            counts = [
                today_counts(
                    loaded,
                    store,
                    now=now,
                    profile=profile,
                    new_per_day=new_per_day,
                    tags=tags if isinstance(tags, TagFilter) else NO_FILTER,
                )
                for loaded in decks
            ]
        except UserError as error:
            self._hand_over(self._failed, str(error))
            return
        self._hand_over(self._show, decks, counts)

    def _hand_over(self, callback: Callable[..., None], *args: object) -> None:
        """Run `callback` on the app's thread, unless the app has closed meanwhile."""
        with contextlib.suppress(RuntimeError):  # "App is not running": nothing left to show
            self.app.call_from_thread(callback, *args)

    def _failed(self, message: str) -> None:
        self.query_one("#deck-info", Static).update(Content(message))
        self.notify(message, severity="error")

    def _show(self, decks: Sequence[LoadedDeck], counts: Sequence[StudyCounts]) -> None:
        self.decks = tuple(decks)
        self.counts = tuple(counts)
        self.decks_ready = True
        self._show_rows()
        self.refresh_bindings()
        self.quiz_app.show_notices()
        if self._pending is not None:
            pending, self._pending = self._pending, None
            (self.action_play if pending == "play" else self.action_study)()

    # -- the table ---------------------------------------------------------------------------

    def _rows(self) -> list[tuple[str, str, str, int, StudyCounts | None]]:
        """(id, title, language, cards, today's counts or None while they are read)."""
        if self.decks_ready:
            return [
                (d.id, d.deck.title, d.deck.language, len(d.deck.cards), c)
                for d, c in zip(self.decks, self.counts, strict=True)
            ]
        return [(s.id, s.title, s.language, s.cards, None) for s in self.summaries]

    def _show_rows(self) -> None:
        table = self.query_one(DeckTable)
        row = table.cursor_row
        # The same deck stays highlighted (the one just played, or else the one that was),
        # wherever the rows read again put it.
        keep = self._wanted or (self._shown_ids[row] if 0 <= row < len(self._shown_ids) else None)
        rows = self._rows()
        self._shown_ids = [deck_id for deck_id, *_rest in rows]
        room = self._shown_room = self._title_room()
        widest = max((len(title) for _id, title, *_rest in rows), default=16)
        table.clear(columns=True)
        table.add_column(_("Deck"), width=min(widest, room), key="title")
        table.add_column(_(_LANGUAGE_COLUMN), key="language")
        for name in _COUNT_COLUMNS:
            table.add_column(_(name), key=name.lower())
        for deck_id, title, lang, cards, counts in rows:
            numbers = (
                [_WAITING] * 3
                if counts is None
                else [str(counts.new), str(counts.learning), str(counts.review)]
            )
            styles = ["$text-primary", "$text-error", "$text-success"]
            table.add_row(
                Content(title),
                lang,
                str(cards),
                *(
                    Content.styled(text, f"bold {style}" if text not in ("0", _WAITING) else "")
                    for text, style in zip(numbers, styles, strict=True)
                ),
                key=deck_id,
            )
        if keep in self._shown_ids:
            row = self._shown_ids.index(keep)
        if self.decks_ready:
            self._wanted = None
        if rows:
            table.move_cursor(row=min(row, len(rows) - 1))
        self._describe()
        if self.decks_ready and not rows:
            self.query_one("#deck-info", Static).update(
                Content(_("No decks found: pass a deck file or --decks DIR."))
            )

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self._describe()

    def _describe(self) -> None:
        rows = self.decks if self.decks_ready else self.summaries
        if not rows:
            return
        row = self.query_one(DeckTable).cursor_row
        index = min(max(row, 0), len(rows) - 1)
        if self.decks_ready:
            loaded = self.decks[index]
            description, source = loaded.deck.description or "", loaded.source_name or ""
        else:
            summary = self.summaries[index]
            description, source = summary.description, summary.source_name
        parts = [description] if description else []
        if source:
            parts.append(_("Source: {source}").format(source=source))
        self.query_one("#deck-info", Static).update(Content("\n".join(parts)))

    @property
    def selected(self) -> LoadedDeck | None:
        """The highlighted deck (None while the decks are read)."""
        if not self.decks:
            return None
        row = self.query_one(DeckTable).cursor_row
        return self.decks[min(max(row, 0), len(self.decks) - 1)]

    # -- actions -----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("play", "study"):
            return self.selected is not None or bool(self.summaries) or None
        return True

    def _when_read(self, action: Action) -> bool:
        """True if the decks are read; else do `action` once they are, and say so."""
        if self.decks_ready:
            return True
        self._pending = action
        self.query_one("#deck-info", Static).update(Content(_("Reading the decks…")))
        return False

    def action_play(self) -> None:
        if self._when_read("play") and (loaded := self.selected) is not None:
            self.quiz_app.play(loaded)

    def action_study(self) -> None:
        if self._when_read("study") and (loaded := self.selected) is not None:
            self.quiz_app.study(loaded)

    def action_stats(self) -> None:
        self.quiz_app.stats()

    async def action_language(self) -> None:
        """The next interface language; the screen is built again in it."""
        following = LANGUAGES[(LANGUAGES.index(language()) + 1) % len(LANGUAGES)]
        set_language(following)
        self.quiz_app.show_profile_in_title()
        await self.recompose()
        self._fill()
        self.query_one(DeckTable).focus()  # ↑↓ pick a deck again at once
        self.refresh_bindings()

    @on(Button.Pressed)
    async def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "language":
            await self.action_language()
            return
        actions: dict[str | None, Callable[[], None]] = {
            "play": self.action_play,
            "study": self.action_study,
            "stats": self.action_stats,
            "profile": self.quiz_app.action_switch_profile,
        }
        actions[event.button.id]()
