"""SVG snapshots of the study and stats screens in the real app, at 80×24 and 120×40.

Stable by construction: a fixed clock and seed, UTC as the local zone, a steady cursor, and
progress made by the engine at fixed times. The snapshots were made with textual 8.2.8 (pinned
in pyproject.toml); after a deliberate change of the screens, look at the new pictures and
accept them with `pytest tests/test_tui_study_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from tui_support import FIXTURES, copy_every_type, loaded, study_days
from tui_support import STUDY_NOW as NOW
from tui_support import steady_cursor as steady_cursor
from tui_support import utc_local_time as utc_local_time

from sahel_quiz.deck.loader import load_deck
from sahel_quiz.deck.model import LoadedDeck
from sahel_quiz.engine.workspace import Workspace
from sahel_quiz.scoring import Rating
from sahel_quiz.tui.app import SahelQuizApp, StartScreen
from sahel_quiz.tui.screens.stats import StatsScreen
from sahel_quiz.tui.screens.study import StudyScreen

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
SnapCompare = Callable[..., bool]


@pytest.fixture
def workspace(home: Path, tmp_path: Path) -> Iterator[Workspace]:
    opened = Workspace(home=home, deck_dirs=[copy_every_type(tmp_path / "decks")])
    yield opened
    opened.close()


@pytest.fixture
def deck() -> LoadedDeck:
    return load_deck(FIXTURES / "every-type.yaml")


def app(
    workspace: Workspace,
    start: StartScreen,
    deck: LoadedDeck | None = None,
    new_per_day: int = 20,
) -> SahelQuizApp:
    """The real app, started where `sahel-quiz study DECK` or `stats` starts it."""
    return SahelQuizApp(
        workspace, start=start, deck=deck, clock=lambda: NOW, seed=3, new_per_day=new_per_day
    )


async def study_ready(pilot: Pilot[None]) -> StudyScreen:
    screen = await loaded(pilot, StudyScreen)
    assert screen.session is not None
    return screen


async def stats_ready(pilot: Pilot[None]) -> None:
    """The numbers are read in worker threads (the home screen's too): wait for them all."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    assert isinstance(pilot.app.screen, StatsScreen) and pilot.app.screen.report is not None


@pytest.mark.parametrize("size", SIZES)
def test_study_front(
    snap_compare: SnapCompare, workspace: Workspace, deck: LoadedDeck, size: tuple[int, int]
) -> None:
    """A choice card's front: the cards left today, the prompt, the options."""

    async def run_before(pilot: Pilot[None]) -> None:
        await study_ready(pilot)
        await pilot.press("space", "1")  # the basic card first: show it, rate Again

    application = app(workspace, "study", deck, new_per_day=8)
    assert snap_compare(application, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_study_back(
    snap_compare: SnapCompare, workspace: Workspace, deck: LoadedDeck, size: tuple[int, int]
) -> None:
    """A multi card answered half right: the feedback, the intervals, Hard pre-selected."""

    async def run_before(pilot: Pilot[None]) -> None:
        screen = await study_ready(pilot)
        await pilot.press("space", "3")
        assert screen.item is not None
        await pilot.press(str(screen.item.choices.index("Sergei Lavrov") + 1), "3")
        assert screen.item is not None and screen.item.card.id == "multi-card"
        await pilot.press(str(screen.item.choices.index("Mali") + 1), "enter")
        assert screen.suggested is Rating.HARD

    application = app(workspace, "study", deck, new_per_day=8)
    assert snap_compare(application, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_study_cloze_back(
    snap_compare: SnapCompare, workspace: Workspace, deck: LoadedDeck, size: tuple[int, int]
) -> None:
    """A cloze card with a wrong blank: each blank marked, the expected text beside it."""
    cloze = LoadedDeck(
        deck=deck.deck.model_copy(update={"cards": [deck.deck.card("cloze-card")]}),
        path=deck.path,
        source_path=deck.source_path,
        source_text=deck.source_text,
    )

    async def run_before(pilot: Pilot[None]) -> None:
        await study_ready(pilot)
        await pilot.press("3", "enter", *"five", "enter")

    application = app(workspace, "study", cloze)
    assert snap_compare(application, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_study_nothing_due(
    snap_compare: SnapCompare, workspace: Workspace, deck: LoadedDeck, size: tuple[int, int]
) -> None:
    """Nothing left today: the summary (cards done, time, what falls due tomorrow) and when
    the next card is due, in local time and from now."""

    async def run_before(pilot: Pilot[None]) -> None:
        screen = await study_ready(pilot)
        await pilot.press("space", "4")
        assert screen.phase == "done"

    application = app(workspace, "study", deck, new_per_day=1)
    assert snap_compare(application, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_stats_with_progress(
    snap_compare: SnapCompare, workspace: Workspace, size: tuple[int, int]
) -> None:
    """One deck studied for nine days: the counts and both charts."""
    loaded = workspace.deck("every-type")
    study_days(workspace, loaded)
    application = app(workspace, "stats", loaded)
    assert snap_compare(application, terminal_size=size, run_before=stats_ready)


@pytest.mark.parametrize("size", SIZES)
def test_stats_empty(
    snap_compare: SnapCompare, workspace: Workspace, size: tuple[int, int]
) -> None:
    """A new learner: the friendly empty state, every deck's tab, charts of zeros."""
    application = app(workspace, "stats")
    assert snap_compare(application, terminal_size=size, run_before=stats_ready)
