"""The teacher's host screen, driven with Pilot against a real classroom server on 127.0.0.1
(an ephemeral port), with simulated students over real WebSockets, and saved in a real store.

Also the `sahel-quiz host` command itself: full-screen in a pseudo-terminal, line mode (with a
notice) when its output is a pipe.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from classroom_clients import Devices, Student, right_answer, wrong_answer
from rich.cells import cell_len
from terminal import Terminal
from textual.app import App, ComposeResult
from textual.content import Content
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import ContentSwitcher, DataTable, Digits, Label, OptionList, Static
from textual.widgets.data_table import ColumnKey

from sahel_quiz.classroom.host import ClassroomHost, HostOptions
from sahel_quiz.classroom.qr import qr_text
from sahel_quiz.deck.loader import load_deck
from sahel_quiz.deck.model import LoadedDeck
from sahel_quiz.engine.classroom.views import HostQuestion, Standing
from sahel_quiz.engine.workspace import Workspace
from sahel_quiz.store import Store
from sahel_quiz.tui.host_app import HostApp
from sahel_quiz.tui.screens.host import (
    ConfirmRemove,
    HostScreen,
    PickPlayer,
    QrScreen,
    clock_text,
)
from sahel_quiz.tui.widgets.classroom import (
    AnswerBars,
    OptionBox,
    Podium,
    QrCode,
    Standings,
    bar_text,
    fit_cells,
    name_cell,
    option_letter,
)

PIN = "042137"
REPO = Path(__file__).resolve().parent.parent
COMMAND = Path(sys.executable).with_name("sahel-quiz")

ARTICLE = """\
The foreign ministers of Mali, Burkina Faso, and Niger are set to visit Moscow this week.
They will meet Russian Foreign Minister Sergei Lavrov at his invitation on April 3 and 4.
"""

DECK = """\
id: host-test
title: Host screen test
language: en
source: article.txt
cards:
  - id: inviter
    type: choice
    prompt: Who invited the ministers?
    options: [Sergei Lavrov, Vladimir Putin, Emmanuel Macron, Abdoulaye Diop]
    answer: Sergei Lavrov
    quote: Russian Foreign Minister Sergei Lavrov at his invitation
    explain: Lavrov invited them himself.
  - id: paris
    type: true_false
    prompt: The ministers are going to Paris.
    answer: false
    quote: set to visit Moscow this week
  - id: city
    type: typed
    prompt: Which city will the ministers visit?
    answer: Moscow
    accept: [Moskva]
    quote: set to visit Moscow this week
  - id: countries
    type: order
    prompt: Put the countries in the order the article names them.
    answer: [Mali, Burkina Faso, Niger]
    quote: Mali, Burkina Faso, and Niger
  - id: flashcard
    type: basic
    prompt: A self-graded card, left out of classroom games.
    answer: Moscow
"""


# -- fixtures and helpers ---------------------------------------------------------------------


def write_deck(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "article.txt").write_text(ARTICLE, encoding="utf-8")
    path = folder / "host-test.yaml"
    path.write_text(DECK, encoding="utf-8")
    return path


@pytest.fixture
def deck_path(tmp_path: Path) -> Path:
    return write_deck(tmp_path / "decks")


@pytest.fixture
def deck(deck_path: Path) -> LoadedDeck:
    loaded = load_deck(deck_path)
    assert not isinstance(loaded, list), loaded
    return loaded


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    opened = Workspace(home=tmp_path / "home")
    yield opened
    opened.close()


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as client:
        yield client


def make_host(deck: LoadedDeck, workspace: Workspace | None, **options: Any) -> ClassroomHost:
    settings: dict[str, Any] = {"bind": "127.0.0.1", "port": 0, "seed": 3, **options}
    return ClassroomHost(deck, workspace, HostOptions(**settings), pin=PIN)


def count_calls(screen: HostScreen, method: str) -> list[None]:
    """Count the calls of one of the screen's methods from now on (one item per call)."""
    calls: list[None] = []
    original = getattr(screen, method)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(None)
        return original(*args, **kwargs)

    setattr(screen, method, counted)
    return calls


def record_toasts(app: App[Any]) -> list[tuple[str, str]]:
    """Every notification the app is asked to show from now on, as (message, severity).

    Recorded when `notify` is called, not read back from the toasts on screen: a toast expires
    after its timeout and is added by a message the app handles later, so reading the toasts
    is a race against the clock and the event loop.
    """
    raised: list[tuple[str, str]] = []
    original = app.notify

    def recorded(message: str, **options: Any) -> None:
        raised.append((message, options.get("severity", "information")))
        original(message, **options)

    app.notify = recorded  # type: ignore[method-assign]
    return raised


def record_frames(screen: HostScreen) -> list[tuple[str | None, str, float | None, float]]:
    """After each redraw from now on: the pane, the countdown's digits, the deadline drawn and
    the server's time. What the teacher saw, frame by frame, whether or not a test happened to
    look at that moment."""
    frames: list[tuple[str | None, str, float | None, float]] = []
    original = screen.redraw

    def recorded() -> None:
        original()
        clock = screen.query_one("#q-clock", Digits).value
        frames.append((pane(screen), clock, screen.state.deadline, screen.host.server.now()))

    screen.redraw = recorded  # type: ignore[method-assign]
    return frames


def text(widget: Widget) -> str:
    return str(widget.render())


async def until(pilot: Pilot[None], condition: Callable[[], bool], what: str) -> None:
    """Let the app run until `condition` holds (the server and the phones are real: give
    them a few seconds at most)."""
    deadline = time.monotonic() + 10.0
    while not condition():
        assert time.monotonic() < deadline, f"never happened: {what}"
        await pilot.pause(0.02)


async def ready(pilot: Pilot[None]) -> HostScreen:
    await until(pilot, lambda: isinstance(pilot.app.screen, HostScreen), "the host screen")
    screen = pilot.app.screen
    assert isinstance(screen, HostScreen)
    return screen


def pane(screen: HostScreen) -> str | None:
    return screen.query_one(ContentSwitcher).current


async def join(
    session: aiohttp.ClientSession, host: ClassroomHost, *names: str
) -> dict[str, Student]:
    students: dict[str, Student] = {}
    for name in names:
        student = await Student(session, f"ws://127.0.0.1:{host.server.port}/ws").connect()
        await student.join(PIN, name)
        students[name] = student
    return students


async def join_lobby(
    pilot: Pilot[None],
    screen: HostScreen,
    session: aiohttp.ClientSession,
    *names: str,
    listed: int,
) -> dict[str, Student]:
    """Students join the screen's game, then the lobby lists `listed` names in all."""
    students = await join(session, screen.host, *names)
    await until(pilot, lambda: len(lobby_names(screen)) == listed, f"{listed} names in the lobby")
    return students


async def question_message(student: Student) -> dict[str, Any]:
    return await student.expect("question", skip=("lobby", "leaderboard", "reveal", "answered"))


@contextlib.asynccontextmanager
async def hosting(
    host: ClassroomHost, size: tuple[int, int] = (80, 24)
) -> AsyncIterator[tuple[HostApp, Pilot[None], HostScreen]]:
    """The host app on `host`, run headless until its host screen is up."""
    app = HostApp(host)
    async with app.run_test(size=size) as pilot:
        yield app, pilot, await ready(pilot)


def lobby_names(screen: HostScreen) -> list[str]:
    listing = screen.query_one("#lobby-players", OptionList)
    return [str(option.prompt).replace("  (offline)", "") for option in listing.options]


def visible(screen: HostScreen, widget: Widget) -> bool:
    """Fully on screen (not cut by the terminal's edges)."""
    region = widget.region
    size = screen.size
    return (
        widget.display
        and region.width > 0
        and region.x >= 0
        and region.y >= 0
        and region.right <= size.width
        and region.bottom <= size.height
    )


# -- the lobby --------------------------------------------------------------------------------


async def test_the_lobby_shows_where_to_join_and_lists_students_as_they_arrive(
    deck: LoadedDeck, workspace: Workspace, session: aiohttp.ClientSession
) -> None:
    host = make_host(deck, workspace)
    async with hosting(host, (120, 34)) as (_app, pilot, screen):
        url = f"http://127.0.0.1:{host.server.port}/?pin={PIN}"
        assert host.urls == [url]
        assert text(screen.query_one("#lobby-urls", Static)) == url
        assert screen.query_one("#lobby-pin", Digits).value == PIN
        qr = screen.query_one(QrCode)
        assert qr.url == url and text(qr) == qr_text(url).rstrip("\n")
        assert visible(screen, qr) and visible(screen, screen.query_one("#lobby-pin"))
        assert screen.query_one("#lobby-empty").display
        assert not screen.query_one("#lobby-players").display

        await join_lobby(pilot, screen, session, "Awa", "Moussa", listed=2)
        assert lobby_names(screen) == ["Moussa", "Awa"]  # the newest first
        # a nickname is text, never markup
        await join_lobby(pilot, screen, session, "[b]Sly[/b]", listed=3)
        assert lobby_names(screen) == ["[b]Sly[/b]", "Moussa", "Awa"]
        assert "3 players" in text(screen.query_one("#status-players", Label))
        assert "3 students joined" in text(screen.query_one("#lobby-count", Label))
        assert not screen.query_one("#lobby-empty").display
    assert host.server.connection_count == 0  # the app closed the server on the way out


async def test_the_teacher_removes_a_student_after_confirming(
    deck: LoadedDeck, workspace: Workspace, session: aiohttp.ClientSession
) -> None:
    host = make_host(deck, workspace)
    async with hosting(host) as (app, pilot, screen):
        students = await join_lobby(pilot, screen, session, "Awa", "Troll", "Moussa", listed=3)
        listing = screen.query_one("#lobby-players", OptionList)
        listing.highlighted = lobby_names(screen).index("Troll")

        await pilot.press("x")
        assert isinstance(app.screen, ConfirmRemove) and app.screen.player_name == "Troll"
        await pilot.press("n")  # changed their mind
        await pilot.pause()
        assert isinstance(app.screen, HostScreen) and len(host.game.player_ids) == 3

        await pilot.press("delete", "y")
        await until(pilot, lambda: len(lobby_names(screen)) == 2, "Troll gone from the lobby")
        assert lobby_names(screen) == ["Moussa", "Awa"]
        assert [host.game.player_name(p) for p in host.game.player_ids] == ["Awa", "Moussa"]
        removed = await students["Troll"].expect("error")
        assert removed["code"] == "removed"
        with pytest.raises(ConnectionError):
            await students["Troll"].receive()
        assert students["Troll"].close_code == 4001


# -- a whole game -----------------------------------------------------------------------------


async def test_a_whole_game_from_the_lobby_to_the_podium_is_saved(
    deck: LoadedDeck, workspace: Workspace, session: aiohttp.ClientSession, tmp_path: Path
) -> None:
    """Awa is always right, Moussa always wrong: every phase on the screen, then the store."""
    host = make_host(deck, workspace)
    cards = deck.deck.cards
    async with hosting(host, (120, 34)) as (app, pilot, screen):
        students = await join_lobby(pilot, screen, session, "Awa", "Moussa", listed=2)
        count = host.game.question_count
        assert count == 4  # the basic card is left out

        await pilot.press("space")
        for index in range(count):
            awa = await question_message(students["Awa"])
            moussa = await question_message(students["Moussa"])
            assert awa["index"] == index == moussa["index"]
            await until(pilot, lambda: pane(screen) == "question", "the question")
            state = host.server.host_state()
            assert state.question is not None
            prompt = screen.query_one("#q-prompt", Static)
            assert text(prompt) == awa["prompt"]
            assert prompt.border_title == f"Question {index + 1} of {count}"
            shown = [text(box) for box in screen.query("#q-options .option-box")]
            if awa["options"]:
                assert [box.text for box in screen.query(OptionBox)] == awa["options"]
                assert shown == [f"{'ABCD'[i]}  {o}" for i, o in enumerate(awa["options"])]
            elif awa["card_type"] == "true_false":
                assert shown == ["True", "False"]
            elif awa["items"]:
                assert shown == [f"{n}  {item}" for n, item in enumerate(awa["items"], 1)]
            else:
                assert shown == ["Type the answer on your phone"]
            clock = screen.query_one("#q-clock", Digits)
            assert clock.value.isdigit() and 0 < int(clock.value) <= 20

            await students["Awa"].answer(index, right_answer(awa, cards))
            await until(
                pilot,
                lambda: screen.query_one("#q-answers", Digits).value == "1",
                "one answer in",
            )
            assert text(screen.query_one("#q-answers-label", Label)) == "of 2 answered"
            await students["Moussa"].answer(index, wrong_answer(moussa, cards))

            # everyone answered: the question closes by itself
            await until(pilot, lambda: pane(screen) == "reveal", "the reveal")
            reveal = host.server.host_state().reveal
            assert reveal is not None
            shown_answer = text(screen.query_one("#r-answer", Static))
            if reveal.card_type == "order":  # a numbered list, in the article's order
                assert shown_answer.splitlines() == ["1  Mali", "2  Burkina Faso", "3  Niger"]
            else:
                assert shown_answer == f"✓ {reveal.answer_text}"
            bars = screen.query_one(AnswerBars)
            counts = [row[2] for row in bars.rows]
            if reveal.stats.option_counts is not None:
                assert counts == reveal.stats.option_counts and sum(counts) >= 2
                assert bars.right == set(reveal.right_labels)
            else:
                assert [row[1] for row in bars.rows] == ["Right", "Not right"]
                assert counts == [1, 1]
            assert "50% right · 2 of 2 players answered" in text(screen.query_one("#r-stats"))
            if reveal.quote:
                assert reveal.quote in text(screen.query_one("#r-quote", Static))
            if reveal.explain:
                assert reveal.explain in text(screen.query_one("#r-explain", Static))

            last = index + 1 == count
            footer_action = screen.active_bindings["space"].binding.action
            assert footer_action == ("final_ranking" if last else "leaderboard")
            await pilot.press("space")
            if last:
                break
            await until(pilot, lambda: pane(screen) == "leaderboard", "the leaderboard")
            standings = screen.query_one(Standings)
            assert [s.name for s in standings.top] == ["Awa", "Moussa"]
            assert standings.top[0].score > 0 == standings.top[1].score
            assert text(screen.query_one("#lb-title", Label)).startswith(
                f"Leaderboard after question {index + 1} of {count}"
            )
            await pilot.press("space")

        await until(pilot, lambda: pane(screen) == "end", "the end")
        podium = screen.query_one(Podium)
        names = [text(label) for label in podium.query(".podium-name").results(Label)]
        assert names == ["Moussa", "Awa", "—"]  # second, first, (no third)
        table = screen.query_one("#end-table", DataTable)
        assert table.row_count == 2
        assert [str(cell) for cell in table.get_row_at(0)][:5] == [
            "1",
            "Awa",
            str(host.game.player_results()[0].score),
            "4/4",
            "4/4",
        ]
        session_id = host.session_id
        assert session_id is not None
        assert f"Saved as classroom session {session_id}" in text(screen.query_one("#end-saved"))
        assert screen.active_bindings["q"].binding.action == "app.quit"
        await pilot.press("q")
        await pilot.pause()
    assert not app.is_running and app.return_code == 0
    assert app.summary()[0] == f"Saved as classroom session {session_id} (sahel-quiz report 1)."

    [saved] = workspace.store.classroom_sessions()
    assert saved.id == session_id and saved.players == 2 and saved.finished_at is not None
    report = workspace.store.classroom_report(session_id)
    assert [line.nickname for line in report.players] == ["Awa", "Moussa"]
    assert [line.right for line in report.players] == [4, 0]
    assert len(report.questions) == 4


async def test_space_closes_a_question_before_everyone_has_answered(
    deck: LoadedDeck, workspace: Workspace, session: aiohttp.ClientSession
) -> None:
    host = make_host(deck, workspace, mode="accuracy")
    async with hosting(host) as (_app, pilot, screen):
        students = await join_lobby(pilot, screen, session, "Awa", "Moussa", listed=2)
        await pilot.press("space")
        question = await question_message(students["Awa"])
        await students["Awa"].answer(0, right_answer(question, deck.deck.cards))
        await until(pilot, lambda: screen.query_one("#q-answers", Digits).value == "1", "1 in")
        assert pane(screen) == "question"
        await pilot.press("space")
        await until(pilot, lambda: pane(screen) == "reveal", "the reveal")
        assert "1 of 2 players answered" in text(screen.query_one("#r-stats"))
        rows = screen.query_one(AnswerBars).rows
        assert rows[-1][1:3] == ("No answer", 1)
        reveal = await students["Moussa"].expect("reveal", skip=("lobby", "question"))
        assert reveal["you"]["answered"] is False


async def test_the_question_closes_when_the_countdown_runs_out(
    deck: LoadedDeck, workspace: Workspace, session: aiohttp.ClientSession
) -> None:
    host = make_host(deck, workspace, time_limit=1.5)
    async with hosting(host) as (_app, pilot, screen):
        await join_lobby(pilot, screen, session, "Awa", listed=1)
        frames = record_frames(screen)
        await pilot.press("space")
        # the question lasts 1.5 s: a test that looks for it (or reads its clock) at some
        # moment may come too late on a loaded machine, so every frame drawn is recorded
        await until(pilot, lambda: pane(screen) == "reveal", "the reveal when time is up")
        panes = [frame[0] for frame in frames]
        first = panes.index("reveal")
        assert first > 0 and set(panes[:first]) == {"question"}, frames
        assert set(panes[first:]) == {"reveal"}, frames
        _pane, clock, deadline, _drawn_at = frames[0]
        assert clock in ("1", "2")  # the countdown started from the time limit
        assert deadline is not None and frames[first][3] >= deadline  # closed by the clock
        assert "0 of 1 player answered" in text(screen.query_one("#r-stats"))


async def test_a_burst_of_answers_costs_a_few_redraws(
    deck: LoadedDeck, workspace: Workspace, session: aiohttp.ClientSession
) -> None:
    """Twenty phones answering at once: the count is right, drawn a handful of times."""
    host = make_host(deck, workspace)
    names = [f"S{number:02d}" for number in range(20)]
    async with hosting(host) as (_app, pilot, screen):
        students = await join_lobby(pilot, screen, session, *names, "Late", listed=21)
        await pilot.press("space")
        questions = [await question_message(students[name]) for name in names]
        await until(pilot, lambda: pane(screen) == "question", "the question")
        redraws = count_calls(screen, "redraw")
        await asyncio.gather(
            *(
                students[name].answer(0, right_answer(question, deck.deck.cards))
                for name, question in zip(names, questions, strict=True)
            )
        )
        await until(pilot, lambda: screen.query_one("#q-answers", Digits).value == "20", "20 in")
        assert len(redraws) <= 6, len(redraws)
        assert text(screen.query_one("#q-answers-label", Label)) == "of 21 answered"


# -- self-paced -------------------------------------------------------------------------------


async def test_self_paced_progress_shows_live_and_the_end_ranks_everyone(
    deck: LoadedDeck, workspace: Workspace, session: aiohttp.ClientSession
) -> None:
    host = make_host(deck, workspace, mode="self-paced")
    cards = deck.deck.cards
    async with hosting(host) as (_app, pilot, screen):
        students = await join_lobby(pilot, screen, session, "Awa", "Moussa", listed=2)
        await pilot.press("space")
        await until(pilot, lambda: pane(screen) == "running", "the progress table")
        table = screen.query_one("#run-table", DataTable)
        clock = screen.query_one("#run-clock", Digits)
        assert clock.value in ("10:00", "9:59")
        count = host.game.question_count

        def row(name: str) -> list[str]:
            for index in range(table.row_count):
                cells = [str(cell) for cell in table.get_row_at(index)]
                if cells[0] == name:
                    return cells
            raise AssertionError(f"no row for {name}")

        assert row("Awa")[2] == f"0/{count}" and row("Moussa")[2] == f"0/{count}"
        for index in range(2):
            question = await question_message(students["Awa"])
            assert question["index"] == index
            await students["Awa"].answer(index, right_answer(question, cards))
        await until(pilot, lambda: row("Awa")[2] == f"2/{count}", "Awa's progress")
        assert row("Moussa")[2] == f"0/{count}"
        assert "0 of 2 students finished" in text(screen.query_one("#run-info", Static))
        for index in range(2, count):
            question = await question_message(students["Awa"])
            await students["Awa"].answer(index, right_answer(question, cards))
        await until(pilot, lambda: row("Awa")[3] == "done", "Awa done")
        assert str(table.get_row_at(0)[0]) == "Awa"  # the most advanced first
        assert "1 of 2 students finished" in text(screen.query_one("#run-info", Static))
        assert screen.active_bindings["space"].binding.action == "end_game"

        await pilot.press("space")  # the teacher ends it
        await until(pilot, lambda: pane(screen) == "end", "the end")
        end = screen.query_one("#end-table", DataTable)
        assert [str(end.get_row_at(i)[1]) for i in range(2)] == ["Awa", "Moussa"]
    [saved] = workspace.store.classroom_sessions()
    assert saved.mode == "self-paced" and saved.finished_at is not None


# -- quitting ---------------------------------------------------------------------------------


async def test_ctrl_c_mid_question_saves_what_was_played_and_says_goodbye(
    deck: LoadedDeck, workspace: Workspace, session: aiohttp.ClientSession
) -> None:
    host = make_host(deck, workspace)
    async with hosting(host) as (app, pilot, screen):
        students = await join_lobby(pilot, screen, session, "Awa", listed=1)
        await pilot.press("space")
        question = await question_message(students["Awa"])
        await students["Awa"].answer(0, right_answer(question, deck.deck.cards))
        await until(pilot, lambda: pane(screen) == "reveal", "the reveal")
        await pilot.press("space", "space")  # leaderboard, then question 2
        await until(pilot, lambda: pane(screen) == "question", "question 2")
        await pilot.press("ctrl+c")
        await pilot.pause()
    assert not app.is_running
    goodbye = await students["Awa"].expect(
        "error", skip=("answered", "reveal", "leaderboard", "question", "end")
    )
    assert goodbye["code"] == "server_closing"
    [saved] = workspace.store.classroom_sessions()
    assert saved.finished_at is not None
    report = workspace.store.classroom_report(saved.id)
    assert len(report.questions) == 2  # the open one too, scored as it stood
    assert [line.right for line in report.players] == [1]


async def test_q_mid_game_shows_the_final_ranking_and_q_again_quits(
    deck: LoadedDeck, workspace: Workspace, session: aiohttp.ClientSession
) -> None:
    host = make_host(deck, workspace)
    async with hosting(host) as (app, pilot, screen):
        await join_lobby(pilot, screen, session, "Awa", listed=1)
        assert screen.active_bindings["q"].binding.action == "app.quit"
        await pilot.press("space")
        await until(pilot, lambda: pane(screen) == "question", "the question")
        assert screen.active_bindings["q"].binding.action == "end_game"
        await pilot.press("q")
        await until(pilot, lambda: pane(screen) == "end", "the end")
        assert "ended after 1 question of 4" in text(screen.query_one("#end-title", Label))
        assert app.is_running
        await pilot.press("q")
        await pilot.pause()
    assert not app.is_running
    assert len(workspace.store.classroom_sessions()) == 1


async def test_q_in_the_lobby_quits_without_saving_anything(
    deck: LoadedDeck, workspace: Workspace
) -> None:
    host = make_host(deck, workspace)
    async with hosting(host) as (app, pilot, _screen):
        await pilot.press("q")
        await pilot.pause()
    assert not app.is_running and app.summary() == []
    assert workspace.store.classroom_sessions() == []


async def test_a_port_in_use_is_a_one_line_error(deck: LoadedDeck, workspace: Workspace) -> None:
    first = make_host(deck, workspace)
    await first.start()
    try:
        app = HostApp(make_host(deck, workspace, port=first.server.port))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
        assert app.start_error is not None and "try another --port" in str(app.start_error)
        assert app.return_code == 2
    finally:
        await first.stop()


# -- removing during a game, the QR code ------------------------------------------------------


async def test_a_player_is_removed_mid_game_from_a_picker(
    deck: LoadedDeck, workspace: Workspace, session: aiohttp.ClientSession
) -> None:
    host = make_host(deck, workspace)
    async with hosting(host) as (app, pilot, screen):
        await join_lobby(pilot, screen, session, "Awa", "Troll", listed=2)
        await pilot.press("space")
        await until(pilot, lambda: pane(screen) == "question", "the question")
        await pilot.press("x")
        picker = app.screen
        assert isinstance(picker, PickPlayer)
        assert [p.name for p in picker.players] == ["Awa", "Troll"]
        await pilot.press("down", "enter")
        assert isinstance(app.screen, ConfirmRemove) and app.screen.player_name == "Troll"
        await pilot.press("y")
        await until(pilot, lambda: len(host.game.player_ids) == 1, "Troll removed")
        await until(
            pilot,
            lambda: text(screen.query_one("#q-answers-label", Label)) == "of 1 answered",
            "the count follows",
        )


async def test_the_qr_code_fits_at_80x24_and_c_shows_it_alone(
    deck: LoadedDeck, workspace: Workspace
) -> None:
    host = make_host(deck, workspace)
    async with hosting(host) as (app, pilot, screen):
        qr = screen.query_one("#lobby-qr", QrCode)
        join_column = screen.query_one("#lobby-join")
        assert visible(screen, qr)
        assert join_column.region.right <= qr.region.x  # beside the addresses, not over them
        await pilot.press("c")
        dialog = app.screen
        assert isinstance(dialog, QrScreen)
        big = dialog.query_one(QrCode)
        assert visible(dialog, big) and big.url == host.urls[0]
        await pilot.press("escape")
        assert isinstance(app.screen, HostScreen)

        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert not screen.query_one("#lobby-qr").display  # too small: on the `c` key instead
        assert screen.active_bindings["c"].binding.action == "show_qr"


# -- the pure helpers -------------------------------------------------------------------------


def test_clock_text_rounds_up_and_shows_minutes() -> None:
    assert [clock_text(s) for s in (20.0, 19.2, 0.4, 0.0, -1.0)] == ["20", "20", "1", "0", "0"]
    assert [clock_text(s) for s in (59.0, 59.5, 600.0, 61.2)] == ["59", "1:00", "10:00", "1:02"]


def test_bar_text_is_drawn_to_an_eighth_of_a_cell() -> None:
    assert bar_text(1.0, 10) == "█" * 10
    assert bar_text(0.0, 10) == "" and bar_text(0.5, 0) == ""
    assert bar_text(0.55, 10) == "█████▌" and bar_text(0.5125, 10) == "█████▏"
    assert bar_text(2.0, 4) == "████"  # clamped


def test_the_right_bars_of_a_reveal_come_from_the_engine(deck: LoadedDeck) -> None:
    """The screen never works out which option is right: the host state says so."""
    game = make_host(deck, None).game
    game.join(PIN, "Awa", 0.0)
    game.start(0.0)
    seen = set()
    for question in game.questions:
        game.close_question(1.0)
        reveal = game.host_state(1.0).reveal
        assert reveal is not None
        seen.add(question.card_type)
        if question.card_type == "true_false":
            assert reveal.labels == ["True", "False"]
            assert reveal.right_labels == [0 if question.card.answer else 1]  # type: ignore[union-attr]
        elif reveal.options is not None:
            right = [reveal.options[i] for i in reveal.right_labels]
            assert right == [o for o in reveal.options if o in question.card.answer]  # type: ignore[union-attr]
        else:
            assert reveal.right_labels == []
        game.advance(2.0)
        game.advance(2.0)
    assert {"choice", "true_false", "order"} <= seen
    assert [option_letter(i) for i in (0, 1, 11)] == ["A", "B", "L"]


def test_a_question_view_has_what_the_screen_needs() -> None:
    """The screen draws these fields; if the engine renames one this fails here, clearly."""
    fields = set(HostQuestion.__dataclass_fields__)
    assert {"prompt", "options", "items", "blanks", "unit", "answers_in", "players"} <= fields


# -- the command ------------------------------------------------------------------------------


def test_the_command_opens_the_host_screen_in_a_terminal(deck_path: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    terminal = Terminal(
        "host", str(deck_path), "--bind", "127.0.0.1", "--port", "0", home=home, size=(100, 30)
    )
    terminal.wait_for("Game PIN")
    terminal.wait_for("Start the game")
    terminal.send(" ")
    terminal.wait_for("Question 1 of 4")
    terminal.send("q")  # ends the game: the final ranking
    terminal.wait_for("Final ranking")
    terminal.send("q")  # quits
    assert terminal.finish() == 0
    assert b"Traceback" not in terminal.seen
    assert b"Saved as classroom session 1 (sahel-quiz report 1)." in terminal.seen
    with Store.open(home) as store:
        [saved] = store.classroom_sessions()
        assert saved.deck_id == "host-test" and saved.finished_at is not None


def test_the_command_without_a_terminal_uses_line_mode_and_says_so(
    deck_path: Path, tmp_path: Path
) -> None:
    env = {**os.environ, "SAHEL_QUIZ_HOME": str(tmp_path / "home")}
    done = subprocess.run(
        [str(COMMAND), "host", str(deck_path), "--bind", "127.0.0.1", "--port", "0"],
        input="q\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == "sahel-quiz: not a terminal: using line mode (--plain)"
    assert "PIN:" in done.stdout and "Join at: http://127.0.0.1:" in done.stdout


# -- issue 11: the teacher's view of a prankster, the lock, timing, names in cells -------------


async def test_the_host_screen_names_the_address_guessing_pins_and_the_one_refused(
    deck: LoadedDeck, workspace: Workspace
) -> None:
    host = make_host(deck, workspace)
    devices = Devices()
    try:
        async with hosting(host, (120, 34)) as (app, pilot, screen):
            alerts = screen.query_one("#host-alerts", Static)
            assert not alerts.display
            toasts = record_toasts(app)
            url = f"ws://127.0.0.1:{host.server.port}/ws"
            guesser = await Student(devices.session("127.0.0.2"), url).connect()
            for wrong in ("000000", "111111", "222222"):
                await guesser.send({"type": "join", "pin": wrong, "name": "Guess"})
                assert (await guesser.expect("error"))["code"] == "wrong_pin"
            flooder = devices.session("127.0.0.3")
            held = []
            with contextlib.suppress(aiohttp.WSServerHandshakeError):
                for _ in range(20):
                    held.append(await flooder.ws_connect(url))
            await until(pilot, lambda: "Refusing" in text(alerts), "the warning line")
            line = text(alerts)
            assert "3 wrong PIN attempts from 127.0.0.2" in line
            assert "Refusing connections from 127.0.0.3 (1 refused)" in line
            assert alerts.display
            # one warning toast per address, raised as the address first showed up
            warned = [message for message, severity in toasts if severity == "warning"]
            assert len(warned) == 2, warned
            guessing, refused = warned
            assert "wrong PIN attempt" in guessing and guessing.endswith("from 127.0.0.2")
            assert refused.startswith("Refusing connections from 127.0.0.3")
            for ws in held:
                await ws.close()
    finally:
        await devices.close()


async def test_the_teacher_locks_gives_extra_time_and_turns_time_limits_off(
    deck: LoadedDeck, workspace: Workspace, session: aiohttp.ClientSession
) -> None:
    host = make_host(deck, workspace)
    async with hosting(host, (120, 34)) as (app, pilot, screen):
        students = await join_lobby(pilot, screen, session, "Awa", "Moussa", listed=2)
        assert screen.active_bindings["l"].binding.action == "lock"
        await pilot.press("l")
        await until(pilot, lambda: host.game.locked, "the lock")
        await until(pilot, lambda: screen.active_bindings["l"].binding.action == "unlock", "key")
        assert "locked" in text(screen.query_one("#status-flags", Label))
        late = await Student(session, f"ws://127.0.0.1:{host.server.port}/ws").connect()
        await late.send({"type": "join", "pin": PIN, "name": "Late"})
        assert (await late.expect("error"))["code"] == "game_locked"

        listing = screen.query_one("#lobby-players", OptionList)
        listing.highlighted = lobby_names(screen).index("Awa")
        await pilot.press("e")  # extra time for the highlighted student
        await until(
            pilot, lambda: "Awa  (extra time)" in lobby_names(screen), "the mark in the lobby"
        )
        assert [p.extra_time for p in host.server.host_state().players if p.name == "Awa"] == [True]

        await pilot.press("space")
        await until(pilot, lambda: pane(screen) == "question", "the question")
        mine = await question_message(students["Awa"])
        theirs = await question_message(students["Moussa"])
        assert mine["time_limit"] == 2 * theirs["time_limit"]
        assert screen.query_one("#q-clock", Digits).display
        await pilot.press("t")
        await until(pilot, lambda: not host.game.timing.timed, "time limits off")
        await until(
            pilot, lambda: not screen.query_one("#q-clock", Digits).display, "the clock hidden"
        )
        assert text(screen.query_one("#q-clock-label", Label)) == "no time limit"
        assert "no time limit" in text(screen.query_one("#status-flags", Label))
        assert not (await question_message(students["Moussa"]))["timed"]
        await pilot.press("x")  # a picker elsewhere than the lobby also gives extra time
        await pilot.press("escape")
        await pilot.press("e")
        picker = app.screen
        assert isinstance(picker, PickPlayer) and picker.title_text == "Extra time"
        await pilot.press("down", "enter")  # Moussa (the list is by rank, then as joined)
        await until(
            pilot,
            lambda: all(p.extra_time for p in host.server.host_state().players),
            "both on extra time",
        )
        await pilot.press("t")
        await until(pilot, lambda: screen.query_one("#q-clock", Digits).display, "the clock back")


async def test_names_are_measured_in_terminal_cells_in_every_table(
    deck: LoadedDeck, workspace: Workspace, session: aiohttp.ClientSession
) -> None:
    """A 16-letter name is not cut to its column's header, and CJK or emoji names line up."""
    names = ["Abdoulaye Diallo", "李小龍", "🦁 Ama Mensah"]
    host = make_host(deck, workspace, mode="self-paced")
    async with hosting(host, (120, 34)) as (_app, pilot, screen):
        await join_lobby(pilot, screen, session, *names, listed=3)
        await pilot.press("space")
        await until(pilot, lambda: pane(screen) == "running", "the progress table")
        await until(pilot, lambda: screen.query_one("#run-table", DataTable).row_count == 3, "rows")
        run = screen.query_one("#run-table", DataTable)
        assert run.columns[ColumnKey("name")].content_width >= max(map(cell_len, names))
        await pilot.press("space")
        await until(pilot, lambda: pane(screen) == "end", "the end")
        end = screen.query_one("#end-table", DataTable)
        await pilot.pause()
        assert end.columns[ColumnKey("name")].content_width >= max(map(cell_len, names))

    class Board(App[None]):
        def compose(self) -> ComposeResult:
            yield Standings(id="board")

    app = Board()
    async with app.run_test(size=(60, 10)) as pilot:
        board = app.query_one(Standings)
        board.show([Standing(rank=i + 1, name=n, score=100 * (3 - i)) for i, n in enumerate(names)])
        await pilot.pause()
        rendered = board.render()
        assert isinstance(rendered, Content)
        lines = [line for line in rendered.plain.split("\n") if line]
    assert len({cell_len(line) for line in lines}) == 1  # as wide in cells: the scores line up
    assert [name in line for name, line in zip(names, lines, strict=True)] == [True] * 3


def test_fit_cells_pads_and_cuts_by_cells() -> None:
    assert fit_cells("Awa", 5) == "Awa  "
    assert fit_cells("李小龍", 7) == "李小龍 " and cell_len(fit_cells("李小龍", 5)) == 5
    assert fit_cells("Abdoulaye Diallo", 8) == "Abdoula…"
    assert str(name_cell("[b]Sly[/b]")) == "[b]Sly[/b]"  # a name is never markup
