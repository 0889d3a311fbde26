"""SVG snapshots of the teacher's host screen at 80×24 and 120×40: the lobby, a question, its
reveal, the leaderboard, the final podium and the self-paced progress table.

Stable by construction: the server runs (on an ephemeral port) inside the app's loop, but the
screen shows fixed addresses (`display_urls`), the PIN and the seed are fixed, the countdown
reads a frozen clock, and the students are played through the game engine at chosen times
(`game.join`, `game.answer` with `now` set), so points and mean times are the same every run.
The teacher's keys are real key presses. After a deliberate change of the screen, look at the
new pictures and accept them with `pytest tests/test_tui_host_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Literal

import pytest
from classroom_clients import right_answer, wrong_answer
from test_tui_host import write_deck
from textual.pilot import Pilot

from sahel_quiz.classroom.host import ClassroomHost, HostOptions
from sahel_quiz.deck.loader import load_deck
from sahel_quiz.deck.model import LoadedDeck
from sahel_quiz.engine.workspace import Workspace
from sahel_quiz.scoring import Mode
from sahel_quiz.tui.host_app import HostApp
from sahel_quiz.tui.screens.host import HostScreen

PIN = "042137"
URLS = ["http://192.168.1.23:8765/?pin=042137", "http://10.0.0.5:8765/?pin=042137"]
SEED = 8  # questions: choice, typed, order, true/false
SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
NAMES = ("Awa", "Moussa", "Fatou", "Ibrahim")
SnapCompare = Callable[..., bool]
Stage = Literal["lobby", "question", "reveal", "leaderboard", "end"]

# Who answers each question, rightly or not, after how many seconds (None: no answer).
SCRIPT: list[dict[str, tuple[str, float] | None]] = [
    {"Awa": ("right", 2.5), "Moussa": ("right", 7.0), "Fatou": ("wrong", 4.0), "Ibrahim": None},
    {"Awa": ("right", 5.0), "Moussa": ("wrong", 6.0), "Fatou": ("right", 3.0), "Ibrahim": None},
    {"Awa": ("right", 8.0), "Moussa": ("right", 9.5), "Fatou": ("wrong", 11.0), "Ibrahim": None},
    {"Awa": ("wrong", 1.5), "Moussa": ("right", 4.5), "Fatou": ("right", 2.0), "Ibrahim": None},
]


@pytest.fixture
def deck(tmp_path: Path) -> LoadedDeck:
    loaded = load_deck(write_deck(tmp_path / "decks"))
    assert not isinstance(loaded, list), loaded
    return loaded


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    opened = Workspace(home=tmp_path / "home")
    yield opened
    opened.close()


def host_app(deck: LoadedDeck, workspace: Workspace, mode: Mode = "speed") -> HostApp:
    """The app as `sahel-quiz host` runs it, with fixed addresses and a frozen countdown."""
    options = HostOptions(mode=mode, bind="127.0.0.1", port=0, seed=SEED)
    host = ClassroomHost(deck, workspace, options, pin=PIN)
    left = 421.6 if mode == "self-paced" else 13.2  # shows 7:02, or 14

    def frozen() -> float:
        deadline = host.game.deadline
        return 0.0 if deadline is None else deadline - left

    return HostApp(host, display_urls=URLS, monotonic=frozen)


def message_for(host: ClassroomHost, index: int) -> dict[str, Any]:
    """The question as the students' helpers take it (prompt, options, items)."""
    question = host.game.questions[index]
    return {
        "prompt": question.prompt,
        "options": question.shown.options,
        "items": question.shown.items,
    }


async def redraw(pilot: Pilot[None]) -> HostScreen:
    """The engine was changed behind the server's back: draw it, as its listener would."""
    screen = pilot.app.screen
    assert isinstance(screen, HostScreen)
    screen.redraw()
    await pilot.pause()
    return screen


async def join_class(pilot: Pilot[None], host: ClassroomHost) -> dict[str, str]:
    now = host.server.now()
    ids = {name: host.game.join(PIN, name, now).player_id for name in NAMES}
    await redraw(pilot)
    return ids


async def answer(
    pilot: Pilot[None],
    host: ClassroomHost,
    deck: LoadedDeck,
    ids: dict[str, str],
    index: int,
    names: tuple[str, ...] = NAMES,
) -> None:
    game = host.game
    assert game.deadline is not None
    opened = game.deadline - game.time_limit
    message = message_for(host, index)
    for name in names:
        planned = SCRIPT[index][name]
        if planned is None:
            continue
        kind, seconds = planned
        pick = right_answer if kind == "right" else wrong_answer
        game.answer(ids[name], index, pick(message, deck.deck.cards), opened + seconds)
    await redraw(pilot)


def play_until(deck: LoadedDeck, stage: Stage) -> Callable[[Pilot[None]], Any]:
    """A `run_before` that plays the scripted game up to `stage`."""

    async def run_before(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, HostApp)
        host = app.host
        while not isinstance(app.screen, HostScreen):
            await pilot.pause()
        ids = await join_class(pilot, host)
        if stage == "lobby":
            return
        await pilot.press("space")
        if stage == "question":
            await answer(pilot, host, deck, ids, 0, ("Awa", "Moussa"))
            return
        for index in range(host.game.question_count):
            await answer(pilot, host, deck, ids, index)
            await pilot.press("space")  # close: the reveal
            if stage == "reveal":
                return
            await pilot.press("space")  # the leaderboard (after the last one: the end)
            if stage == "leaderboard" and index == 1:
                return
            if index + 1 < host.game.question_count:
                await pilot.press("space")  # the next question
        assert host.game.phase == "ended"

    return run_before


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("stage", ["lobby", "question", "reveal", "leaderboard", "end"])
def test_host_screen(
    snap_compare: SnapCompare,
    deck: LoadedDeck,
    workspace: Workspace,
    stage: Stage,
    size: tuple[int, int],
) -> None:
    """Each phase of a speed game with four students (Ibrahim never answers)."""
    app = host_app(deck, workspace)
    assert snap_compare(app, terminal_size=size, run_before=play_until(deck, stage))


@pytest.mark.parametrize("size", SIZES)
def test_host_screen_self_paced_progress(
    snap_compare: SnapCompare, deck: LoadedDeck, workspace: Workspace, size: tuple[int, int]
) -> None:
    """Self-paced: the live table, one student done, one offline."""

    async def run_before(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, HostApp)
        host = app.host
        while not isinstance(app.screen, HostScreen):
            await pilot.pause()
        ids = await join_class(pilot, host)
        await pilot.press("space")
        game = host.game
        assert game.started_at is not None
        cards = deck.deck.cards
        for name, answered in (("Awa", 4), ("Moussa", 2), ("Fatou", 1)):
            for index in range(answered):
                at = game.started_at + 10.0 * (index + 1)
                game.answer(ids[name], index, right_answer(message_for(host, index), cards), at)
        game.disconnect(ids["Ibrahim"], game.started_at + 30.0)
        await redraw(pilot)

    app = host_app(deck, workspace, mode="self-paced")
    assert snap_compare(app, terminal_size=size, run_before=run_before)
