"""What the TUI tests share: the quiz test deck, the clocks, a bare host app for one screen,
the progress studied before a stats picture, and the fixtures that keep a terminal still.

A test module takes a fixture by importing it under its own name (`from tui_support import
no_cursor_blink as no_cursor_blink`: the alias tells ruff the import is meant); the autouse
ones then apply to that module only.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input
from zones import local_time_zone

from sahel_quiz.deck.loader import load_deck
from sahel_quiz.deck.model import LoadedDeck
from sahel_quiz.engine.quiz import QuizSession
from sahel_quiz.engine.study import StudySession
from sahel_quiz.engine.workspace import Workspace
from sahel_quiz.scoring import Rating

__all__ = [
    "ARTICLE",
    "DECK",
    "FIXTURES",
    "NOW",
    "STUDY_NOW",
    "Clock",
    "Host",
    "StepClock",
    "copy_every_type",
    "no_cursor_blink",
    "open_deck",
    "quiz_deck_path",
    "quiz_workspace",
    "steady_cursor",
    "study_days",
    "utc_local_time",
    "write_deck",
]

FIXTURES = Path(__file__).resolve().parent / "fixtures"

ARTICLE = """\
The foreign ministers of Mali, Burkina Faso, and Niger are set to visit Moscow this week.
They will meet Russian Foreign Minister Sergei Lavrov at his invitation on April 3 and 4.
The insurgency has plagued the region for over 13 years.
"""

DECK = """\
id: tui-test
title: Every card type
language: en
source: article.txt
cards:
  - id: basic-card
    type: basic
    prompt: Where will the ministers go?
    answer: Moscow
    quote: set to visit Moscow this week
    tags: [where]
  - id: choice-card
    type: choice
    prompt: Who invited the ministers?
    options: [Sergei Lavrov, Vladimir Putin, Emmanuel Macron]
    answer: Sergei Lavrov
    quote: Russian Foreign Minister Sergei Lavrov at his invitation
    explain: Lavrov invited them himself.
    tags: [who]
  - id: multi-card
    type: multi
    prompt: Which countries send ministers?
    options: [Mali, Senegal, Burkina Faso, Niger]
    answer: [Mali, Burkina Faso, Niger]
    quote: Mali, Burkina Faso, and Niger
    explain: The three AES countries.
    tags: [who]
  - id: tf-card
    type: true_false
    prompt: The visit is at Putin's invitation.
    answer: false
    quote: Sergei Lavrov at his invitation
    explain: Lavrov, not Putin, invited them.
  - id: typed-card
    type: typed
    prompt: Name the Russian foreign minister.
    answer: Sergei Lavrov
    accept: [Lavrov]
    quote: Russian Foreign Minister Sergei Lavrov
    tags: [who]
  - id: number-card
    type: number
    prompt: For over how many years has the insurgency lasted?
    answer: 13
    unit: years
    quote: for over 13 years
    points: 2
  - id: cloze-card
    type: cloze
    prompt: They will meet on April {{3|three}} and {{4|four}}.
    quote: on April 3 and 4
    tags: [when]
  - id: order-card
    type: order
    prompt: Put the countries in the order the article names them.
    answer: [Mali, Burkina Faso, Niger]
    quote: Mali, Burkina Faso, and Niger
"""

NOW = datetime(2025, 4, 2, 9, 0, tzinfo=UTC)
"""The quiz tests' time."""
STUDY_NOW = datetime(2026, 4, 1, 12, 0, tzinfo=UTC)
"""The study and stats tests' time: today, after `study_days`."""


class StepClock:
    """A clock that moves 5 s on each reading: stable, yet the results show a duration."""

    def __init__(self, start: datetime = NOW, step: timedelta = timedelta(seconds=5)) -> None:
        self.now = start
        self.step = step

    def __call__(self) -> datetime:
        self.now += self.step
        return self.now


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime = STUDY_NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def write_deck(folder: Path) -> Path:
    """The test deck (one card of each type) and the article it quotes, in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "article.txt").write_text(ARTICLE, encoding="utf-8")
    path = folder / "tui-test.yaml"
    path.write_text(DECK, encoding="utf-8")
    return path


def open_deck(path: Path) -> LoadedDeck:
    loaded = load_deck(path)
    assert not isinstance(loaded, list), loaded
    return loaded


def copy_every_type(folder: Path) -> Path:
    """A --decks folder holding the every-type deck and its source article."""
    folder.mkdir()
    shutil.copy(FIXTURES / "every-type.yaml", folder)
    shutil.copy(FIXTURES / "source.txt", folder)
    return folder


async def settle(pilot: Pilot[Any]) -> None:
    """Wait for the app's workers, then two refreshes: the screen as it stands once loaded."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


ScreenT = TypeVar("ScreenT", bound=Screen[Any])


async def loaded(pilot: Pilot[Any], kind: type[ScreenT]) -> ScreenT:
    """The app's screen, of type `kind`, once the workers that read its data are done."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, kind)
    return screen


def deck_order_quiz(
    workspace: Workspace, deck_path: Path, card_ids: list[str] | None = None
) -> QuizSession:
    """A quiz at NOW over `card_ids` (all cards: None), in deck order, with seed 7."""
    return QuizSession.start(
        open_deck(deck_path),
        now=NOW,
        store=workspace.store,
        seed=7,
        shuffle=False,
        card_ids=card_ids,
    )


async def play(pilot: Pilot[Any], session: QuizSession) -> Screen[Any]:
    """Play `session` in the app and return the screen it settles on (the quiz, or the results
    of a session already over)."""
    from sahel_quiz.tui.app import SahelQuizApp

    app = pilot.app
    assert isinstance(app, SahelQuizApp)
    app.play_session(session)
    await settle(pilot)
    return app.screen


class Host(App[None]):
    """A bare app that shows one screen, so these tests do not depend on the app shell (the
    shared widgets bring their own styles)."""

    def __init__(self, make_screen: Callable[[], Screen[None]]) -> None:
        super().__init__()
        self.make_screen = make_screen

    def on_mount(self) -> None:
        self.push_screen(self.make_screen())


def study_days(workspace: Workspace, loaded: LoadedDeck) -> int:
    """Study every day from 9 days ago to yesterday at fixed times, as a learner would; returns
    the ratings."""
    ratings = 0
    pattern = [Rating.GOOD, Rating.AGAIN, Rating.GOOD, Rating.EASY, Rating.HARD]
    for days_ago in range(9, 0, -1):
        moment = STUDY_NOW - timedelta(days=days_ago)
        session = StudySession.start(loaded, workspace.store, now=moment, new_per_day=3, seed=1)
        while session.current(moment) is not None:
            session.rate(pattern[ratings % len(pattern)], now=moment)
            ratings += 1
            moment += timedelta(minutes=3)
    return ratings


@pytest.fixture(autouse=True)
def no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """A blinking cursor makes screens differ from one frame to the next."""
    monkeypatch.setattr(Input, "cursor_blink", False)


@pytest.fixture(autouse=True)
def steady_cursor(monkeypatch: pytest.MonkeyPatch) -> None:
    """A cursor that does not blink, whatever the widget asks for."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)


@pytest.fixture(autouse=True)
def utc_local_time() -> Iterator[None]:
    """UTC as the local zone: the learner's day, the times shown and the dates on the charts."""
    with local_time_zone("UTC"):
        yield


@pytest.fixture(name="deck_path")
def quiz_deck_path(tmp_path: Path) -> Path:
    """The quiz test deck, written in a --decks folder."""
    return write_deck(tmp_path / "decks")


@pytest.fixture(name="workspace")
def quiz_workspace(tmp_path: Path, deck_path: Path) -> Iterator[Workspace]:
    """A workspace over the quiz test deck's folder, with its own progress home."""
    space = Workspace(home=tmp_path / "home", deck_dirs=[deck_path.parent])
    yield space
    space.close()
