"""The stats screen: per deck the engine's counts and true retention, and two charts.

One tab per deck (←→ or a click switch decks): the counts of `collect_stats` (new, learning,
review, due now, due in the next 7 days, reviews done, true retention, next due), a chart of the
reviews due in each of the next 30 days and one of the reviews done in each of the last 30.
Progress on cards that are no longer in any deck is listed under the tabs, since it is kept.
The numbers all come from `sahel_quiz.engine.stats.collect_stats`; nothing is computed here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical
from textual.content import Content
from textual.widgets import Footer, Static, TabbedContent, TabPane

from sahel_quiz.deck.model import LoadedDeck
from sahel_quiz.engine.stats import DeckStats, OrphanProgress, StatsReport, collect_stats
from sahel_quiz.engine.workspace import Workspace, utc_now
from sahel_quiz.i18n import N_, _, format_moment, format_percent, ngettext, quoted
from sahel_quiz.scheduling import day_start
from sahel_quiz.tui.widgets.charts import DayChart
from sahel_quiz.tui.widgets.chrome import header
from sahel_quiz.tui.widgets.workspace_screen import WorkspaceScreen

__all__ = ["StatsScreen", "StatsView", "deck_pane_id", "orphans_text", "stat_values"]

_ORPHANS_SHOWN = 5


def deck_pane_id(deck_id: str) -> str:
    """The tab pane of a deck (deck ids are slugs, which may start with a digit)."""
    return f"deck-{deck_id}"


def stat_values(line: DeckStats, now: datetime) -> list[tuple[str, str, str]]:
    """(class, value, label) of each count shown for a deck, in reading order."""
    p = line.progress
    next_due = format_moment(p.next_due, now) if p.next_due else "—"
    retention = "—" if p.retention is None else format_percent(p.retention)
    return [
        ("new", str(line.new), _("new")),
        ("learning", str(p.learning + p.relearning), _("learning")),
        ("review", str(p.review), _("review")),
        ("due-now", str(p.due_now), _("due now")),
        ("due-week", str(p.due_next_7_days), _("due in 7 days")),
        ("done", str(p.reviews_done), _("reviews done")),
        ("retention", retention, _("true retention")),
        ("next-due", next_due, _("next due")),
    ]


def orphans_text(orphans: tuple[OrphanProgress, ...]) -> str:
    """One line per deck: the cards with progress that no deck has any more."""
    lines = []
    for orphan in orphans:
        shown = ", ".join(orphan.card_ids[:_ORPHANS_SHOWN])
        more = ", …" if len(orphan.card_ids) > _ORPHANS_SHOWN else ""
        count = len(orphan.card_ids)
        lines.append(
            ngettext(
                "No longer in any deck — {deck}: {count} card with progress kept ({ids})",
                "No longer in any deck — {deck}: {count} cards with progress kept ({ids})",
                count,
            ).format(deck=orphan.deck_id, count=count, ids=shown + more)
        )
    return "\n".join(lines)


class StatsView(Vertical):
    """Everything under the header: the summary line, one tab per deck, the orphans.

    Built from a `StatsReport` (None: still reading); the screen recomposes it with a new one.
    """

    def __init__(self, report: StatsReport | None, *, active: str | None = None) -> None:
        super().__init__(id="stats-body")
        self.report = report
        self.active = active
        """The tab to show: the one shown before a refresh, else the first deck with progress."""

    def compose(self) -> ComposeResult:
        report = self.report
        if report is None:
            yield Static(_("Reading your progress…"), id="stats-summary")
            return
        yield Static(Content(self._summary(report)), id="stats-summary")
        if report.decks:
            with TabbedContent(id="stats-tabs", initial=self._initial_tab(report)):
                for line in report.decks:
                    with TabPane(line.deck_id, id=deck_pane_id(line.deck_id)):
                        yield from self._deck_view(line, report.generated_at)
        orphans = Static(Content(orphans_text(report.orphans)), id="stats-orphans")
        orphans.display = bool(report.orphans)
        yield orphans

    def _initial_tab(self, report: StatsReport) -> str:
        if self.active is not None:
            return self.active
        for line in report.decks:
            if line.progress.with_progress or line.progress.reviews_done:
                return deck_pane_id(line.deck_id)
        return deck_pane_id(report.decks[0].deck_id)

    @staticmethod
    def _summary(report: StatsReport) -> str:
        if not report.decks:
            return _("No decks found: pass a deck file or --decks DIR.")
        done = sum(line.progress.reviews_done for line in report.decks)
        started = any(line.progress.with_progress for line in report.decks) or report.orphans
        if not started and not done:
            return _("No reviews yet for {name}: study a deck and it shows here.").format(
                name=quoted(report.profile)
            )
        return _("Profile {name} · as of {when} · ←→ switch decks").format(
            name=quoted(report.profile), when=f"{report.generated_at.astimezone():%H:%M}"
        )

    @staticmethod
    def _deck_view(line: DeckStats, now: datetime) -> Iterator[Static | Grid | Horizontal]:
        title = ngettext("{title} · {count} card", "{title} · {count} cards", line.cards).format(
            title=line.title, count=line.cards
        )
        if line.changed:
            title += " · " + ngettext(
                "{count} changed since its last review",
                "{count} changed since their last review",
                line.changed,
            ).format(count=line.changed)
        yield Static(Content(title), classes="deck-title")
        cells = [
            Vertical(
                Static(Content(value), classes="stat-value"),
                Static(Content(label), classes="stat-label"),
                classes=f"stat stat-{key}",
            )
            for key, value, label in stat_values(line, now)
        ]
        yield Grid(*cells, classes="stat-grid")
        # The engine's days run from the start of the learner's day (4 a.m. local time).
        today = day_start(now).astimezone().date()
        progress = line.progress
        yield Horizontal(
            DayChart(
                progress.due_per_day,
                title=_("Reviews due, next 30 days"),
                first_day=today,
                today=today,
                noun=_("reviews due"),
                classes="chart-due",
            ),
            DayChart(
                progress.reviews_per_day,
                title=_("Reviews done, last 30 days"),
                first_day=today - timedelta(days=len(progress.reviews_per_day) - 1),
                today=today,
                noun=_("reviews done"),
                classes="chart-done",
            ),
            classes="charts",
        )

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        self.active = event.pane.id


class StatsScreen(WorkspaceScreen):
    """Progress per deck for the workspace's profile; `deck` shows only that deck."""

    CSS_PATH = Path(__file__).with_name("stats.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", N_("Back")),
        Binding("r", "refresh", N_("Refresh")),
    ]

    def __init__(
        self,
        workspace: Workspace,
        *,
        clock: Callable[[], datetime] = utc_now,
        deck: LoadedDeck | None = None,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(workspace, clock=clock, name=name, id=id, classes=classes)
        self.deck = deck
        self.report: StatsReport | None = None
        """The numbers shown; None until they are read (in a worker thread)."""

    def compose(self) -> ComposeResult:
        yield header()
        yield StatsView(None)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = _("Stats · profile {name}").format(name=self.workspace.profile)
        self._read()

    def _collect(self) -> StatsReport:
        decks = [self.deck] if self.deck is not None else self.workspace.decks
        return collect_stats(
            self.workspace.store,
            self.workspace.profile,
            decks,
            now=self.clock(),
            all_decks=None if self.deck is not None else self.workspace.decks,
        )

    @work(thread=True, exclusive=True, group="stats-read")
    def _read(self) -> None:
        """Collect the numbers off the event loop: a deck of 100,000 cards takes seconds."""
        self.hand_over(self._collect, self._show)

    def _show(self, report: StatsReport) -> None:
        self.report = report
        if not self.is_attached:
            return  # the learner left while the numbers were read
        view = self.query_one(StatsView)
        view.report = report
        self.call_next(self._recompose_view, view)

    async def _recompose_view(self, view: StatsView) -> None:
        await view.recompose()
        tabs = view.query("Tabs")
        if tabs:
            tabs.first().focus()  # ←→ switch decks at once

    def _failed(self, message: str) -> None:
        if self.is_attached:
            self.query_one("#stats-summary", Static).update(Content(f"⚠ {message}"))

    def action_refresh(self) -> None:
        """Read the numbers again (another terminal may have studied meanwhile)."""
        self._read()
