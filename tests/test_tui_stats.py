"""The stats screen through Textual's Pilot: the numbers shown are the engine's, per deck; the two
charts are there with the right days; no data gives a friendly empty state; progress on cards
no deck has any more is listed; `r` reads the numbers again."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import yaml
from textual.pilot import Pilot
from textual.widgets import Static, TabbedContent
from tui_support import STUDY_NOW as NOW
from tui_support import Host, copy_every_type, loaded, study_days
from tui_support import utc_local_time as utc_local_time

from sahel_quiz.deck.loader import load_deck
from sahel_quiz.deck.model import LoadedDeck
from sahel_quiz.engine.stats import collect_stats
from sahel_quiz.engine.study import StudySession
from sahel_quiz.engine.workspace import Workspace
from sahel_quiz.i18n import format_moment
from sahel_quiz.scoring import Rating
from sahel_quiz.tui.screens.stats import StatsScreen, deck_pane_id
from sahel_quiz.tui.widgets.charts import DayBars, DayChart, day_ticks, value_ticks


@pytest.fixture
def deck_dir(tmp_path: Path) -> Path:
    """A --decks folder holding the every-type deck and its source article."""
    return copy_every_type(tmp_path / "decks")


@pytest.fixture
def workspace(home: Path, deck_dir: Path) -> Iterator[Workspace]:
    opened = Workspace(home=home, deck_dirs=[deck_dir])
    yield opened
    opened.close()


def stats_app(workspace: Workspace, deck: LoadedDeck | None = None) -> Host:
    return Host(lambda: StatsScreen(workspace, clock=lambda: NOW, deck=deck))


async def shown(pilot: Pilot[None]) -> StatsScreen:
    """The stats screen once its numbers are read (in a worker thread)."""
    return await loaded(pilot, StatsScreen)


def value(screen: StatsScreen, deck_id: str, key: str) -> str:
    cell = screen.query_one(f"#{deck_pane_id(deck_id)} .stat-{key} .stat-value", Static)
    return str(cell.render())


async def test_no_data_is_a_friendly_empty_state(workspace: Workspace) -> None:
    async with stats_app(workspace).run_test(size=(100, 30)) as pilot:
        screen = await shown(pilot)
        summary = str(screen.query_one("#stats-summary", Static).render())
        assert "No reviews yet" in summary and "default" in summary
        deck_ids = [loaded.id for loaded in workspace.decks]
        assert "every-type" in deck_ids and len(deck_ids) >= 3  # the bundled decks too
        for loaded in workspace.decks:
            assert value(screen, loaded.id, "new") == str(len(loaded.deck.cards))
            assert value(screen, loaded.id, "done") == "0"
            assert value(screen, loaded.id, "retention") == "—"
            assert value(screen, loaded.id, "next-due") == "—"
        charts = screen.query(f"#{deck_pane_id('every-type')} DayChart").results(DayChart)
        due_chart, done_chart = list(charts)
        assert due_chart.counts == (0,) * 30 and done_chart.counts == (0,) * 30
        assert due_chart.caption == "Apr 01–Apr 30 · no reviews due"
        assert done_chart.caption == "Mar 03–Apr 01 · no reviews done"
        assert not screen.query_one("#stats-orphans").display
        assert screen.query_one(TabbedContent).active == deck_pane_id(workspace.decks[0].id)


async def test_numbers_and_charts_are_the_engines(workspace: Workspace) -> None:
    loaded = workspace.deck("every-type")
    ratings = study_days(workspace, loaded)
    report = collect_stats(workspace.store, "default", workspace.decks, now=NOW)
    line = next(line for line in report.decks if line.deck_id == "every-type")
    progress = line.progress
    assert progress.reviews_done == ratings > 0 and line.new == 0  # 3 new a day: all 8 known
    async with stats_app(workspace).run_test(size=(120, 34)) as pilot:
        screen = await shown(pilot)
        tabs = screen.query_one(TabbedContent)
        assert tabs.active == deck_pane_id("every-type")  # the deck with progress comes first
        assert value(screen, "every-type", "new") == "0"
        learning = progress.learning + progress.relearning
        assert value(screen, "every-type", "learning") == str(learning)
        assert value(screen, "every-type", "review") == str(progress.review)
        assert value(screen, "every-type", "due-now") == str(progress.due_now)
        assert value(screen, "every-type", "due-week") == str(progress.due_next_7_days)
        assert value(screen, "every-type", "done") == str(ratings)
        assert progress.retention is not None
        assert value(screen, "every-type", "retention") == f"{progress.retention:.0%}"
        assert progress.next_due is not None
        # in words and local time (UTC here), as line mode says it
        assert value(screen, "every-type", "next-due") == "today at 12:03"
        assert format_moment(progress.next_due, NOW) == "today at 12:03"
        # the bundled decks were not studied
        assert value(screen, "aes-russia", "done") == "0"

        pane = screen.query_one(f"#{deck_pane_id('every-type')}")
        due_chart = pane.query_one(".chart-due", DayChart)
        done_chart = pane.query_one(".chart-done", DayChart)
        assert due_chart.counts == progress.due_per_day
        assert done_chart.counts == progress.reviews_per_day
        assert sum(done_chart.counts) == ratings  # every review fell in the last 30 days
        # studied each of the 9 days before today, not today, not before
        assert done_chart.counts[-1] == 0 and not any(done_chart.counts[:-10])
        assert all(done_chart.counts[-10:-1])
        busiest = max(done_chart.counts)
        assert done_chart.caption == f"Mar 03–Apr 01 · max {busiest}/day · {ratings} total"
        assert due_chart.first_day == date(2026, 4, 1)
        # the plots are drawn: the axes carry the day labels and the top count
        bars = done_chart.query_one(DayBars)
        drawn = str(bars.render())
        assert "today" in drawn and "-7d" in drawn and str(busiest) in drawn
        assert "Reviews done, last 30 days" in drawn
        summary = str(screen.query_one("#stats-summary", Static).render())
        assert "No reviews yet" not in summary

        # ←→ switch decks: the tabs have the keyboard from the start
        assert screen.focused is screen.query_one("Tabs")
        await pilot.press("right")
        assert tabs.active != deck_pane_id("every-type")


async def test_refresh_and_a_single_deck(workspace: Workspace) -> None:
    loaded = workspace.deck("every-type")
    async with stats_app(workspace, deck=loaded).run_test(size=(80, 24)) as pilot:
        screen = await shown(pilot)
        assert [pane.id for pane in screen.query("TabPane")] == [deck_pane_id("every-type")]
        assert value(screen, "every-type", "done") == "0"
        session = StudySession.start(loaded, workspace.store, now=NOW, seed=1)
        session.rate(Rating.GOOD, now=NOW)
        await pilot.press("r")
        await shown(pilot)
        assert value(screen, "every-type", "done") == "1"
        assert value(screen, "every-type", "new") == str(len(loaded.deck.cards) - 1)
        assert value(screen, "every-type", "learning") == "1"
        chart = screen.query_one(".chart-done", DayChart)
        assert chart.counts[-1] == 1  # today
        await pilot.press("escape")
    assert pilot.app.return_code == 0


async def test_cards_no_longer_in_any_deck_are_listed(
    workspace: Workspace, deck_dir: Path, tmp_path: Path
) -> None:
    data = yaml.safe_load((deck_dir / "every-type.yaml").read_text())
    data["cards"].insert(
        0, {"id": "gone-card", "type": "basic", "prompt": "Removed since?", "answer": "Yes"}
    )
    old_dir = tmp_path / "old"
    old_dir.mkdir()
    shutil.copy(deck_dir / "source.txt", old_dir)
    (old_dir / "every-type.yaml").write_text(yaml.safe_dump(data))
    old = load_deck(old_dir / "every-type.yaml")
    session = StudySession.start(old, workspace.store, now=NOW, new_per_day=1, seed=1)
    session.rate(Rating.GOOD, now=NOW)  # progress on gone-card, then the card left the deck
    async with stats_app(workspace).run_test(size=(120, 34)) as pilot:
        screen = await shown(pilot)
        orphans = screen.query_one("#stats-orphans", Static)
        assert orphans.display
        assert str(orphans.render()) == (
            "No longer in any deck — every-type: 1 card with progress kept (gone-card)"
        )
        # the deck's own counts leave it out
        assert value(screen, "every-type", "done") == "0"


def test_chart_axes() -> None:
    assert day_ticks(0, 30) == ([0, 7, 14, 21, 28], ["today", "+7d", "+14d", "+21d", "+28d"])
    assert day_ticks(-29, 30) == ([1, 8, 15, 22, 29], ["-28d", "-21d", "-14d", "-7d", "today"])
    assert value_ticks([0, 0]) == [0, 1]
    assert value_ticks([3, 1]) == [0, 3]
    assert value_ticks([0, 9]) == [0, 4, 9]
