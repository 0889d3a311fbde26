"""`study --limit N` and `study --time-limit SECONDS`, as the README says they work for every
command: the session ends after N cards rated and says so; a card answered after the time is
no answer (a flashcard is turned over with Again suggested), in the engine, in line mode and
in the app."""

from __future__ import annotations

import io
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_support import sahel
from textual.pilot import Pilot
from textual.widgets import Static
from tui_support import STUDY_NOW as NOW
from tui_support import Clock, Host, loaded
from tui_support import steady_cursor as steady_cursor
from tui_support import utc_local_time as utc_local_time

from sahel_quiz.deck.model import LoadedDeck
from sahel_quiz.engine.study import StudySession
from sahel_quiz.engine.workspace import Workspace
from sahel_quiz.errors import UserError
from sahel_quiz.plain import answers as plain_answers
from sahel_quiz.plain.console import Console
from sahel_quiz.plain.study import run_study
from sahel_quiz.scoring import Rating
from sahel_quiz.store import Store
from sahel_quiz.tui.screens.study import StudyScreen
from sahel_quiz.tui.widgets.countdown import TICK_SECONDS
from sahel_quiz.tui.widgets.feedback import FeedbackPanel


def reviews(home: Path) -> list[tuple[str, int, float | None, str | None]]:
    with sqlite3.connect(home / "progress.sqlite3") as db:
        return db.execute(
            "SELECT card_id, rating, credit, response FROM reviews WHERE undone = 0 ORDER BY id"
        ).fetchall()


# -- the engine ------------------------------------------------------------------------------


def test_the_session_ends_after_limit_ratings_and_undo_reopens_it(
    deck: LoadedDeck, store: Store
) -> None:
    session = StudySession.start(deck, store, now=NOW, seed=1, limit=2)
    for _ in range(2):
        assert session.current(NOW) is not None
        session.rate(Rating.GOOD, now=NOW)
    assert session.limit_reached
    assert session.current(NOW) is None  # six new cards are still there, but the limit holds
    assert session.counts.total == 8  # 6 new, 2 learning
    note = session.limit_note()
    assert note == (
        "The session stops at the 2 cards you asked for (--limit). 8 cards are left for today."
    )
    session.undo()  # the last rating taken back: one card may be studied again
    assert not session.limit_reached
    assert session.current(NOW) is not None


def test_a_limit_below_one_is_refused(deck: LoadedDeck, store: Store) -> None:
    with pytest.raises(UserError, match="--limit"):
        StudySession.start(deck, store, now=NOW, limit=0)


# -- line mode -------------------------------------------------------------------------------


class SlowInput(io.StringIO):
    """Standard input whose lines take `seconds[i]` each to be typed, on a fake clock."""

    def __init__(self, lines: list[tuple[str, float]], clock: list[float]) -> None:
        super().__init__()
        self.lines = list(lines)
        self.clock = clock

    def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
        if not self.lines:
            return ""
        text, seconds = self.lines.pop(0)
        self.clock[0] += seconds
        return text + "\n"


def test_line_mode_study_times_each_card(
    deck: LoadedDeck, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Too slow on the flashcard (turned over, Again suggested) and on the choice card (no
    answer, Again suggested), in time on the multi card."""
    clock = [100.0]
    monkeypatch.setattr(plain_answers.time, "monotonic", lambda: clock[0])
    session = StudySession.start(deck, store, now=NOW, seed=1, limit=3)
    lines = [
        ("", 1.0),  # the flashcard turned over...
        ("y", 9.0),  # ... "I knew it", but after 10 s in all
        ("", 0.1),  # the suggested rating accepted: Again
        ("1", 6.0),  # the choice card, 6 s late
        ("", 0.1),
        ("1", 1.0),  # the multi card, in time
        ("3", 0.1),
    ]
    out = io.StringIO()
    run_study(session, Console(SlowInput(lines, clock), out), lambda: NOW, time_limit=5)
    text = out.getvalue()
    assert text.count("Time’s up (5 s): counted as no answer.") == 2
    assert "[Enter = 1]" in text  # Again suggested after a time out
    rated = reviews(store.path.parent)
    assert rated[0] == ("basic-card", Rating.AGAIN, None, "false")
    assert rated[1] == ("choice-card", Rating.AGAIN, 0.0, None)
    assert rated[2][0] == "multi-card" and rated[2][3] is not None
    assert "The session stops at the 3 cards you asked for (--limit)." in text
    assert text.rstrip().endswith("8 cards are left for today.")
    assert "Nothing is due" not in text


def test_study_plain_limit_stops_after_n_cards(home: Path, every_type_path: Path) -> None:
    # Three flashcard-style ratings are plenty: the basic card, then the choice card twice
    # would follow; the session stops after two, with input left over.
    result = sahel(
        home, "study", "--plain", str(every_type_path), "--limit", "2", stdin="\ny\n3\n1\n3\n"
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Reviewed 2 cards." in out
    assert "The session stops at the 2 cards you asked for (--limit)." in out
    assert [card for card, *_ in reviews(home)] == ["basic-card", "choice-card"]


def test_study_plain_limit_in_french(home: Path, every_type_path: Path) -> None:
    result = sahel(
        home,
        "--lang",
        "fr",
        "study",
        "--plain",
        str(every_type_path),
        "--limit",
        "1",
        stdin="\no\n3\n",
    )
    assert result.returncode == 0, result.stderr
    assert "La séance s’arrête après 1 carte, comme demandé (--limit)." in result.stdout


# -- the app ---------------------------------------------------------------------------------


@pytest.fixture
def workspace(home: Path) -> Iterator[Workspace]:
    opened = Workspace(home=home)
    yield opened
    opened.close()


class FakeMonotonic:
    def __init__(self) -> None:
        self.seconds = 1000.0

    def __call__(self) -> float:
        return self.seconds


async def ready(pilot: Pilot[None]) -> StudyScreen:
    return await loaded(pilot, StudyScreen)


def text(screen: StudyScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def test_the_app_ends_the_session_at_its_limit(
    workspace: Workspace, deck: LoadedDeck
) -> None:
    clock = Clock()
    host = Host(lambda: StudyScreen(workspace, deck, clock=clock, seed=3, limit=2))
    async with host.run_test(size=(100, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("space", "3")  # the flashcard, Good
        await pilot.pause()
        assert screen.item is not None and screen.item.card.id == "choice-card"
        await pilot.press("1")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert screen.phase == "done"
        assert text(screen, "#study-done-title") == "✓ You studied the cards you asked for."
        assert "You studied 2 cards" in text(screen, "#study-summary")
        assert text(screen, "#study-next-due") == (
            "The session stops at the 2 cards you asked for (--limit). 8 cards are left for today."
        )
        await screen.look_again()  # cards are still due, but the limit holds
        assert screen.phase == "done"
        await pilot.press("ctrl+z")  # undo: one more card may be studied
        await pilot.pause()
        assert screen.phase == "front"
    assert workspace.store.review_count("default", "every-type") == 1


async def test_the_app_times_each_card(workspace: Workspace, deck: LoadedDeck) -> None:
    clock, ticks = Clock(), FakeMonotonic()
    host = Host(
        lambda: StudyScreen(workspace, deck, clock=clock, seed=3, time_limit=10, monotonic=ticks)
    )
    async with host.run_test(size=(100, 40)) as pilot:
        screen = await ready(pilot)
        timer = screen.query_one("#study-timer", Static)
        assert str(timer.render()) == "⏱ 10 s"
        # the flashcard: time runs out on its front; it is turned over with Again suggested
        ticks.seconds += 10.5
        await pilot.pause(TICK_SECONDS * 2)
        await pilot.pause()
        assert screen.phase == "back"
        assert screen.suggested is Rating.AGAIN
        assert "Answer: Moscow" in text(screen, "#reveal-answer")
        assert text(screen, "#study-status") == "⏱ Time’s up."
        assert str(timer.render()) == ""  # no countdown on the back
        await pilot.press("enter")
        await pilot.pause()
        # the choice card gets its own full time, then counts as no answer
        assert screen.item is not None and screen.item.card.id == "choice-card"
        assert str(timer.render()) == "⏱ 10 s"
        ticks.seconds += 11
        await pilot.pause(TICK_SECONDS * 2)
        await pilot.pause()
        panel = screen.query_one(FeedbackPanel)
        assert panel.response is None and panel.grade.verdict == "wrong"
        assert "☑" not in str(panel.query_one("#marks", Static).render())  # nothing picked
        assert text(screen, "#study-status") == "⏱ Time’s up."
        assert screen.suggested is Rating.AGAIN
        await pilot.press("enter")
        await pilot.pause()
    logged = [(card, rating) for card, rating, *_ in reviews(workspace.store.path.parent)]
    assert logged == [("basic-card", Rating.AGAIN), ("choice-card", Rating.AGAIN)]
