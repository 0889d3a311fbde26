"""The classroom server end to end: a real aiohttp server on 127.0.0.1, real WebSocket clients."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
import pytest
from classroom_clients import CLASSROOM_DECK, Devices, Student, right_answer, wrong_answer

from sahel_quiz.classroom import protocol
from sahel_quiz.classroom.server import ClassroomServer
from sahel_quiz.deck.model import Deck
from sahel_quiz.engine.classroom import ClassroomGame, GameQuestion, build_questions
from sahel_quiz.i18n import speaking

PIN = "482913"
DECK = Deck.model_validate(CLASSROOM_DECK)
CARDS = DECK.cards
QUESTION_KEYS = {
    "type", "index", "count", "card_type", "prompt", "options", "items", "blanks", "unit",
    "hint", "points", "max_score", "clock", "time_limit", "remaining", "answered", "timed",
}  # fmt: skip


class Room:
    """A running server and a client session to make students with."""

    def __init__(self, server: ClassroomServer, session: aiohttp.ClientSession) -> None:
        self.server = server
        self.session = session
        self.devices = Devices()
        self.base = f"http://127.0.0.1:{server.port}"
        self.students: list[Student] = []

    async def student(self, address: str | None = None) -> Student:
        """A new phone, at its own address unless `address` is given (a second tab, say)."""
        session = self.devices.session(address)
        student = await Student(session, f"ws://127.0.0.1:{self.server.port}/ws").connect()
        self.students.append(student)
        return student

    async def joined(self, name: str) -> tuple[Student, dict[str, Any]]:
        student = await self.student()
        welcome = await student.join(PIN, name)
        return student, welcome


def make_server(mode: str = "speed", **game_options: Any) -> ClassroomServer:
    limit = game_options.pop("limit", None)
    rate = game_options.pop("rate", 10.0)
    burst = game_options.pop("burst", 20.0)
    game = ClassroomGame(
        build_questions(CARDS, seed=5, limit=limit),
        title=DECK.title,
        language="en",
        mode=mode,  # type: ignore[arg-type]
        pin=PIN,
        **game_options,
    )
    return ClassroomServer(
        game, host="127.0.0.1", port=0, lobby_interval=0.05, heartbeat=None, rate=rate, burst=burst
    )


@pytest.fixture
async def room_factory() -> AsyncIterator[Callable[..., Any]]:
    rooms: list[Room] = []
    session = aiohttp.ClientSession()

    async def make(mode: str = "speed", **options: Any) -> Room:
        server = make_server(mode, **options)
        await server.start()
        room = Room(server, session)
        rooms.append(room)
        return room

    yield make
    for room in rooms:
        for student in room.students:
            await student.close()
        await room.server.stop()
        await room.devices.close()
    await session.close()


@pytest.fixture
async def room(room_factory: Callable[..., Any]) -> Room:
    made: Room = await room_factory()
    return made


def secrets_of(question: GameQuestion) -> list[str]:
    """Texts that would give the answer away if a phone saw them before the reveal."""
    card = question.card
    found = [text for text in (card.explain, card.quote) if text]
    if question.card_type in ("typed", "number", "cloze"):
        found.append(question.answer_text())
        correct = question.correct_value()
        found.extend(str(c) for c in (correct if isinstance(correct, list) else [correct]))
        found.extend(getattr(card, "accept", []))
    if question.card_type == "order":
        found.append(json.dumps(list(card.answer), ensure_ascii=False)[1:-1])  # type: ignore[union-attr]
    return found


ANSWER_KEYS = ('"correct"', '"answer_text"', '"accepted"', '"explain"', '"quote"', '"credit"')


def assert_no_leak(student: Student, game: ClassroomGame, reveal_type: str = "reveal") -> None:
    """No frame before a question's reveal holds anything that tells its answer."""
    for frame in student.frames:
        if frame.message["type"] not in ("reveal", "leaderboard", "end"):
            assert not any(key in frame.text for key in ANSWER_KEYS), frame.text
    for question in game.questions:
        for frame in student.frames:
            message = frame.message
            if message["type"] == reveal_type and message.get("index", question.index) == (
                question.index
            ):
                break
            if message["type"] == "end":
                break
            for secret in secrets_of(question):
                assert secret not in frame.text, (question.card_type, secret, frame.text)
            if message["type"] == "question":
                assert set(message) == QUESTION_KEYS
                if message["index"] == question.index and message["items"]:
                    assert message["items"] != list(question.card.answer)  # type: ignore[union-attr]


def assert_frames_match_the_protocol_models(student: Student) -> None:
    """Every frame validates against its pydantic model (which forbids unknown fields)."""
    models = {
        model.model_fields["type"].default: model
        for model in (
            protocol.WelcomeMsg, protocol.LobbyMsg, protocol.QuestionMsg, protocol.AnsweredMsg,
            protocol.DoneMsg, protocol.RevealMsg, protocol.LeaderboardMsg, protocol.EndMsg,
            protocol.PongMsg, protocol.ErrorMsg,
        )
    }  # fmt: skip
    for frame in student.frames:
        model = models[frame.message["type"]]
        assert json.loads(model.model_validate_json(frame.text).model_dump_json()) == (
            frame.message
        )


# -- HTTP ------------------------------------------------------------------------------------


async def test_the_page_its_files_and_the_info_are_served(room: Room) -> None:
    async with room.session.get(room.base + "/") as response:
        assert response.status == 200
        assert "text/html" in response.headers["Content-Type"]
        page = await response.text()
    async with room.session.get(room.base + "/static/index.html") as response:
        assert response.status == 200 and await response.text() == page
    async with room.session.get(room.base + "/static/app.js") as response:
        assert response.status == 200
        assert "javascript" in response.headers["Content-Type"]
        assert response.headers["Cache-Control"] == "no-cache"
    async with room.session.get(room.base + "/api/info") as response:
        info = await response.json()
    assert info["title"] == DECK.title and info["mode"] == "speed" and info["phase"] == "lobby"
    assert info["question_count"] == 7 and info["players"] == 0
    assert PIN not in json.dumps(info)
    for path in ["/static/../server.py", "/static/%2e%2e/server.py", "/static/"]:
        async with room.session.get(room.base + path) as response:
            assert response.status in (403, 404), path


# -- a whole game ----------------------------------------------------------------------------


async def test_a_speed_game_of_every_card_type_with_no_answer_before_its_reveal(room: Room) -> None:
    game = room.server.game
    awa, welcome = await room.joined("Awa")
    assert (
        welcome["name"] == "Awa" and welcome["question_count"] == 7 and welcome["mode"] == "speed"
    )
    assert (await awa.expect("lobby", skip=())) == {"type": "lobby", "players": 1, "names": ["Awa"]}
    moussa, _ = await room.joined("Moussa")
    idle, _ = await room.joined("Idle")
    lobby = await awa.expect("lobby", skip=())
    while lobby["players"] < 3:  # refreshed at most every lobby_interval
        lobby = await awa.expect("lobby", skip=())
    assert lobby["names"] == ["Awa", "Moussa", "Idle"]

    assert room.server.start_game()
    seen_types = set()
    for index in range(7):
        questions = [
            await s.expect("question", skip=("lobby", "leaderboard")) for s in (awa, moussa, idle)
        ]
        question = questions[0]
        assert all(q == question for q in questions)  # one broadcast, the same for all
        assert question["index"] == index and question["answered"] is False
        seen_types.add(question["card_type"])
        assert (await awa.answer(index, right_answer(question, CARDS))) == {
            "type": "answered",
            "index": index,
        }
        await moussa.answer(index, wrong_answer(question, CARDS))
        room.server.close_question()  # Idle never answers: the teacher closes
        reveals = [await s.expect("reveal") for s in (awa, moussa, idle)]
        assert reveals[0]["you"]["credit"] == 1.0 and reveals[0]["you"]["earned"] > 0
        assert reveals[1]["you"]["credit"] == 0.0 and reveals[1]["you"]["earned"] == 0
        assert reveals[2]["you"]["answered"] is False and reveals[2]["you"]["credit"] is None
        verdicts = [reveal["you"]["verdict"] for reveal in reveals]
        assert verdicts == ["right", "wrong", None]  # the page and the client show this word
        assert reveals[0]["stats"]["right"] == 1
        assert reveals[0]["stats"]["answered"] == 2 and reveals[0]["stats"]["players"] == 3
        assert reveals[0]["stats"]["right_share"] == pytest.approx(1 / 3, abs=1e-3)
        assert reveals[0]["correct"] == game.questions[index].correct_value()
        assert reveals[0]["you"]["rank"] == 1
        if question["card_type"] == "choice":
            assert sum(reveals[0]["stats"]["option_counts"]) == 2
        room.server.advance()
        if index < 6:
            board = await moussa.expect("leaderboard")
            assert board["top"][0]["name"] == "Awa" and board["you"]["name"] == "Moussa"
            room.server.advance()
    assert seen_types == {"choice", "multi", "true_false", "typed", "number", "cloze", "order"}
    ends = [await s.expect("end") for s in (awa, moussa, idle)]
    assert ends[0]["you"]["rank"] == 1 and ends[0]["you"]["right"] == 7
    assert ends[1]["you"]["right"] == 0 and ends[1]["you"]["answered"] == 7
    assert ends[2]["you"]["answered"] == 0 and ends[2]["you"]["mean_time"] is None
    assert ends[0]["top"][0]["name"] == "Awa"
    assert len(ends[0]["review"]) == 7
    for student in (awa, moussa, idle):
        assert_no_leak(student, game)
        assert_frames_match_the_protocol_models(student)
    assert room.server.ended.is_set()


async def test_a_question_closes_by_itself_when_everyone_answered_or_time_is_up(
    room_factory: Callable[..., Any],
) -> None:
    room: Room = await room_factory("speed", time_limit=0.4)
    awa, _ = await room.joined("Awa")
    moussa, _ = await room.joined("Moussa")
    room.server.start_game()
    question = await awa.expect("question")
    await moussa.expect("question")
    await awa.answer(0, right_answer(question, CARDS))
    await moussa.answer(0, right_answer(question, CARDS))
    assert (await awa.expect("reveal"))["index"] == 0  # no host action: everyone answered
    await moussa.expect("reveal")
    room.server.advance()
    room.server.advance()
    await awa.expect("question", skip=("leaderboard",))
    reveal = await moussa.expect("reveal", timeout=3.0, skip=("lobby", "leaderboard", "question"))
    assert reveal["index"] == 1 and reveal["you"]["answered"] is False  # the clock closed it
    error = await _answer_error(awa, 1, 0)
    assert error["code"] == "question_closed"


async def _answer_error(student: Student, index: int, answer: Any) -> dict[str, Any]:
    await student.send({"type": "answer", "question": index, "response": answer})
    return await student.expect("error", skip=("lobby", "reveal", "question", "leaderboard"))


async def test_accuracy_mode_scores_credit_only(room_factory: Callable[..., Any]) -> None:
    room: Room = await room_factory("accuracy", limit=2)
    awa, welcome = await room.joined("Awa")
    assert welcome["mode"] == "accuracy"
    room.server.start_game()
    question = await awa.expect("question")
    await asyncio.sleep(0.7)  # slow, but accuracy mode does not care
    await awa.answer(0, right_answer(question, CARDS))
    reveal = await awa.expect("reveal")
    assert reveal["you"]["earned"] == 1000 and reveal["you"]["time"] >= 0.7


async def test_a_self_paced_game(room_factory: Callable[..., Any]) -> None:
    room: Room = await room_factory("self-paced", time_limit=30.0, limit=4)
    game = room.server.game
    fast, _ = await room.joined("Fast")
    slow, _ = await room.joined("Slow")
    room.server.start_game()
    for index in range(4):
        question = await fast.expect("question")
        assert question["index"] == index and question["clock"] == "game"
        assert question["time_limit"] == 30.0 and 0 < question["remaining"] <= 30.0
        await fast.answer(index, right_answer(question, CARDS))
    done = await fast.expect("done")
    assert done["answered"] == 4 and done["count"] == 4
    assert {p.name: p.progress for p in room.server.host_state().players} == {"Fast": 4, "Slow": 0}
    question = await slow.expect("question")
    await slow.answer(0, wrong_answer(question, CARDS))
    assert (await slow.expect("question"))["index"] == 1
    assert room.server.end_game()  # the teacher ends it before Slow is done
    end_fast, end_slow = await fast.expect("end"), await slow.expect("end")
    assert end_fast["you"]["score"] == 4000 and end_fast["you"]["rank"] == 1
    assert end_slow["you"]["answered"] == 1 and end_slow["you"]["score"] == 0
    assert [r["response_text"] is not None for r in end_slow["review"]] == [
        True, False, False, False
    ]  # fmt: skip
    for student in (fast, slow):
        assert not any(f.message["type"] in ("reveal", "leaderboard") for f in student.frames)
        assert_no_leak(student, game, reveal_type="end")
        assert_frames_match_the_protocol_models(student)


async def test_a_self_paced_game_ends_when_its_time_is_up(room_factory: Callable[..., Any]) -> None:
    room: Room = await room_factory("self-paced", time_limit=0.5, limit=3)
    awa, _ = await room.joined("Awa")
    room.server.start_game()
    await awa.expect("question")
    end = await awa.expect("end", timeout=3.0)
    assert end["you"]["answered"] == 0


# -- reconnecting ----------------------------------------------------------------------------


async def test_a_dropped_student_rejoins_with_score_streak_and_question(room: Room) -> None:
    awa, welcome = await room.joined("Awa")
    other, _ = await room.joined("Moussa")
    room.server.start_game()
    question = await awa.expect("question")
    await awa.answer(0, right_answer(question, CARDS))
    await other.answer(0, wrong_answer(question, CARDS))
    first = await awa.expect("reveal")
    room.server.advance()
    room.server.advance()
    question = await awa.expect("question", skip=("leaderboard",))
    await awa.answer(1, right_answer(question, CARDS))
    await awa.drop()
    await asyncio.sleep(0.05)
    assert room.server.game.phase == "question"  # Moussa has not answered yet
    back = await room.student()
    again = await back.rejoin(welcome["token"])
    assert again["rejoined"] is True and again["name"] == "Awa"
    assert again["score"] == first["you"]["score"] and again["streak"] == 1
    current = await back.expect("question")
    assert current["index"] == 1 and current["answered"] is True
    assert current["remaining"] <= current["time_limit"]
    error = await _answer_error(back, 1, right_answer(question, CARDS))
    assert error["code"] == "already_answered"


async def test_a_second_connection_of_the_same_player_replaces_the_first(room: Room) -> None:
    first, welcome = await room.joined("Awa")
    second = await room.student()
    await second.rejoin(welcome["token"])
    error = await first.expect("error")
    assert error["code"] == "replaced"
    with pytest.raises(ConnectionError):
        await first.receive(timeout=2.0)
    assert first.close_code == 4002
    await second.expect("lobby")
    assert room.server.game.player_ids == ["p1"]


async def test_an_unknown_token_is_refused(room: Room) -> None:
    student = await room.student()
    await student.send({"type": "rejoin", "token": "not-a-token"})
    assert (await student.expect("error"))["code"] == "bad_token"
    assert (await student.join(PIN, "Awa"))["rejoined"] is False


# -- bad input -------------------------------------------------------------------------------


async def test_bad_input_gets_a_clear_error_and_the_connection_carries_on(
    room_factory: Callable[..., Any],
) -> None:
    room: Room = await room_factory(burst=100.0)
    student = await room.student()

    async def error_for(frame: str | bytes) -> str:
        if isinstance(frame, bytes):
            assert student.ws is not None
            await student.ws.send_bytes(frame)
        else:
            await student.send_text(frame)
        message = await student.expect("error")
        assert message["message"]
        return str(message["code"])

    assert await error_for("{not json") == "bad_json"
    assert await error_for("[1, 2]") == "bad_json"
    assert await error_for("[" * 3000) == "bad_json"
    assert await error_for(b"\x00\x01") == "bad_frame"
    assert await error_for('{"type": "shout"}') == "unknown_type"
    assert await error_for('{"kind": "join"}') == "invalid_message"
    assert await error_for(json.dumps({"type": "join", "pin": PIN, "name": "x" * 5000})) == (
        "too_large"
    )
    assert await error_for(json.dumps({"type": "join", "pin": PIN, "name": "é" * 2100})) == (
        "too_large"  # 4,200 bytes in 2,100 characters
    )
    assert await error_for('{"type": "answer", "question": 0, "response": 1}') == "not_joined"
    assert await error_for(json.dumps({"type": "join", "pin": "111111", "name": "Awa"})) == (
        "wrong_pin"
    )
    assert await error_for(json.dumps({"type": "join", "pin": PIN, "name": " "})) == "name_invalid"
    assert await error_for(json.dumps({"type": "join", "pin": PIN, "name": "a\x00b"})) == (
        "name_invalid"
    )
    await room.joined("Awa")
    assert await error_for(json.dumps({"type": "join", "pin": PIN, "name": "awa"})) == "name_taken"
    await student.join(PIN, "Moussa")
    assert await error_for(json.dumps({"type": "join", "pin": PIN, "name": "Other"})) == (
        "already_joined"
    )
    assert await error_for('{"type": "answer", "question": 0, "response": 1}') == "no_question"
    room.server.start_game()
    question = await student.expect("question")
    other_player = {"type": "answer", "question": 0, "response": 0, "player": "p1"}
    assert await error_for(json.dumps(other_player)) == "invalid_message"
    assert await error_for('{"type": "answer", "question": 3, "response": 1}') == "wrong_question"
    assert await error_for('{"type": "answer", "question": 0, "response": {"a": 1}}') == (
        "invalid_message"
    )
    bad_shape = "nonsense" if question["card_type"] in ("choice", "multi", "order") else [99]
    assert await error_for(
        json.dumps({"type": "answer", "question": 0, "response": bad_shape})
    ) == ("bad_answer")
    await student.answer(0, right_answer(question, CARDS))
    assert await error_for(json.dumps({"type": "answer", "question": 0, "response": 0})) == (
        "already_answered"
    )
    # after all that, the connection still plays
    await student.send({"type": "ping"})
    assert (await student.expect("pong")) == {"type": "pong"}
    assert room.server.game.phase == "question"


async def test_a_frame_over_64_kib_closes_the_connection(room: Room) -> None:
    student = await room.student()
    await student.send_text("x" * 70_000)
    with pytest.raises(ConnectionError):
        await student.receive(timeout=3.0)
    assert student.close_code == 1009
    other = await room.student()
    await other.join(PIN, "Still-working")


async def test_a_flood_is_answered_once_then_dropped_and_abuse_is_cut_off(
    room_factory: Callable[..., Any],
) -> None:
    room: Room = await room_factory(rate=5.0, burst=5.0)
    student = await room.student()
    for _ in range(8):
        await student.send({"type": "ping"})
    await asyncio.sleep(0.2)
    kinds = [f.message["type"] for f in student.frames]
    assert 5 <= kinds.count("pong") <= 7
    assert kinds.count("error") == 1
    assert student.frames[kinds.index("error")].message["code"] == "rate_limited"
    await asyncio.sleep(0.5)  # the bucket refills: the connection works again
    await student.send({"type": "ping"})
    assert (await student.expect("pong", skip=("pong", "error"))) == {"type": "pong"}
    for _ in range(300):  # keeps going: closed
        await student.send({"type": "ping"})
    with pytest.raises(ConnectionError):
        while True:
            await student.receive(timeout=3.0)
    assert student.close_code == 1008
    other = await room.student()
    await other.join(PIN, "Polite")


# -- the host's controls ---------------------------------------------------------------------


async def test_the_host_removes_a_player(room: Room) -> None:
    rude, _ = await room.joined("Rude")
    await room.joined("Awa")
    assert room.server.remove_player("RUDE")
    error = await rude.expect("error")
    assert error["code"] == "removed"
    with pytest.raises(ConnectionError):
        await rude.receive(timeout=2.0)
    assert rude.close_code == 4001
    assert not room.server.remove_player("nobody")
    assert [p.name for p in room.server.host_state().players] == ["Awa"]
    again = await room.student()
    assert (await again.join(PIN, "Rude"))["name"] == "Rude"  # the name is free again


async def test_broadcasts_stay_in_their_game(room_factory: Callable[..., Any]) -> None:
    first: Room = await room_factory()
    second: Room = await room_factory()
    one, _ = await first.joined("One")
    two, _ = await second.joined("Two")
    first.server.start_game()
    await one.expect("question")
    await asyncio.sleep(0.2)
    assert {f.message["type"] for f in two.frames} == {"welcome", "lobby"}
    assert second.server.game.phase == "lobby"


async def test_stopping_the_server_says_goodbye(room_factory: Callable[..., Any]) -> None:
    room: Room = await room_factory()
    awa, _ = await room.joined("Awa")
    changes: list[str] = []
    room.server.add_listener(lambda: changes.append(room.server.game.phase))
    room.server.start_game()
    assert changes == ["question"]
    await room.server.stop()
    error = await awa.expect("error", skip=("lobby", "question"))
    assert error["code"] == "server_closing"
    with pytest.raises(ConnectionError):
        await awa.receive(timeout=2.0)
    assert awa.close_code == 1001


# -- the terminal client ---------------------------------------------------------------------


def typed_line(question: GameQuestion) -> list[str]:
    """What a student types at `sahel-quiz join` to answer `question` right."""
    card: Any = question.card
    kind = question.card_type
    shown = question.shown.choices
    if kind == "choice":
        return [str(shown.index(card.answer) + 1)]
    if kind == "multi":
        return [",".join(str(shown.index(o) + 1) for o in card.answer)]
    if kind == "true_false":
        return ["t" if card.answer else "f"]
    if kind == "number":
        return [f"{card.answer:g} {card.unit}"]
    if kind == "cloze":
        return [alternatives[-1] for alternatives in card.blanks]  # an accepted alternative
    if kind == "order":
        return [" ".join(str(shown.index(item) + 1) for item in card.answer)]
    return [card.answer.lower()]


class TerminalClient:
    """`sahel-quiz join` in a subprocess, its output read line by line as a student sees it."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        assert process.stdout is not None and process.stdin is not None
        self.process = process
        self.stdin = process.stdin
        self.stdout = process.stdout
        self.output: list[str] = []

    async def until(self, text: str) -> None:
        """Read lines until one holds `text`; fails on end of output or after 15 seconds."""

        async def read() -> None:
            while True:
                line = (await self.stdout.readline()).decode()
                assert line, "".join(self.output)
                self.output.append(line)
                if text in line:
                    return

        await asyncio.wait_for(read(), 15.0)


@asynccontextmanager
async def terminal_client(*args: str) -> AsyncIterator[TerminalClient]:
    """`sahel-quiz ARGS` (a `join`), killed on the way out if it has not ended by then."""
    import os
    import sys

    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "sahel_quiz", *args,
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )  # fmt: skip
    try:
        yield TerminalClient(process)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


async def test_the_terminal_client_plays_a_whole_game(room: Room) -> None:
    game = room.server.game
    async with terminal_client("join", f"{room.base}/?pin={PIN}", "--name", "Tess") as client:
        await client.until("Joined “Classroom test deck” as Tess (7 questions, speed mode)")
        room.server.start_game()
        for question in game.questions:
            await client.until(f"Question {question.index + 1} of 7")
            if question.card_type == "choice":
                client.stdin.write(b"99\n")  # not an option: a hint, and another try
                await client.until("answer with an option number from 1 to 4")
            near_miss = question.card_type == "typed"  # "mosow" for Moscow
            for line in ["mosow"] if near_miss else typed_line(question):
                client.stdin.write(line.encode() + b"\n")
            await client.stdin.drain()
            await client.until("Answer received.")  # the only player: the question closes
            await client.until("Right! The answer:")
            if near_miss:  # marked as line mode marks it
                await client.until(
                    "(accepted; the exact spelling is Mos[c]ow, corrected letters in [ ])"
                )
            room.server.advance()
            if question.index < 6:
                await client.until("Top five: 1. Tess")
                room.server.advance()
        await client.until("Game over. You are 1 of 1")
        assert await asyncio.wait_for(client.process.wait(), 15.0) == 0
    text = "".join(client.output)
    assert "Traceback" not in text and "To review" not in text
    assert game.player_results()[0].right == 7


def test_the_terminal_client_reads_lines_without_knowing_the_answer() -> None:
    from sahel_quiz.classroom.client import shown_question, websocket_url
    from sahel_quiz.classroom.protocol import encode

    assert websocket_url("http://192.168.1.10:8765/?pin=012345") == (
        "ws://192.168.1.10:8765/ws",
        "012345",
    )
    assert websocket_url("10.0.0.2:9000") == ("ws://10.0.0.2:9000/ws", None)
    game = make_server().game
    game.start(0.0)
    for question in game.questions:
        message = json.loads(encode(game.views.question(question.index, 0.0, answered=False)))
        shown = shown_question(message)
        assert shown == question.shown  # everything it needs, and never the answer
        wire = shown.to_wire(shown.read("\n".join(typed_line(question))))
        assert game.questions[question.index].to_response(wire) is not None
        if question.card_type in ("choice", "multi", "order", "true_false"):
            assert wire == question.correct_value() or sorted(wire) == question.correct_value()


# -- addresses and the QR code ---------------------------------------------------------------


def test_join_addresses_leave_out_loopback_and_put_the_likely_lan_first() -> None:
    from sahel_quiz.classroom.addresses import join_urls, local_ipv4_addresses, usable_addresses

    candidates = ["127.0.0.1", "127.0.1.1", "10.0.0.5", "192.168.1.3", "169.254.1.1", "0.0.0.0"]
    candidates += ["8.8.8.8", "not an address", "10.0.0.5", "::1", "224.0.0.1"]
    assert usable_addresses(candidates) == ["192.168.1.3", "10.0.0.5", "8.8.8.8", "169.254.1.1"]
    found = local_ipv4_addresses()
    assert all(not a.startswith("127.") for a in found) and len(set(found)) == len(found)
    assert join_urls("127.0.0.1", 8765, "012345") == ["http://127.0.0.1:8765/?pin=012345"]
    assert join_urls("192.168.1.3", 80) == ["http://192.168.1.3:80/"]
    everywhere = join_urls("0.0.0.0", 8765, "012345")
    assert everywhere == [f"http://{a}:8765/?pin=012345" for a in found] or everywhere == [
        "http://127.0.0.1:8765/?pin=012345"  # a machine with no network at all
    ]


def test_the_qr_code_is_text_of_half_blocks() -> None:
    from sahel_quiz.classroom.qr import qr_text

    text = qr_text("http://192.168.1.3:8765/?pin=012345")
    lines = text.splitlines()
    assert len({len(line) for line in lines}) == 1  # a rectangle
    width = len(lines[0])
    assert width in range(25, 45) and len(lines) == (width + 1) // 2  # two modules per line
    assert set(text) <= {" ", "█", "▀", "▄", "\n"}
    assert qr_text("http://192.168.1.3:8765/?pin=012345") == text
    assert qr_text("http://192.168.1.3:8765/?pin=999999") != text


def test_the_flood_guard_allows_bursts_warns_once_then_drops_then_closes() -> None:
    from sahel_quiz.classroom.ratelimit import FloodGuard

    guard = FloodGuard(rate=10.0, burst=20.0, max_dropped=100, window=10.0)
    assert [guard.check(0.0) for _ in range(20)] == ["ok"] * 20
    assert [guard.check(0.0) for _ in range(3)] == ["warn", "drop", "drop"]
    assert guard.check(0.1) == "ok"  # one token back after a tenth of a second
    assert guard.check(0.1) == "warn"  # a new excess is told again, once
    assert guard.check(30.0) == "ok"  # long quiet: the old drops are forgotten
    verdicts = [guard.check(30.0) for _ in range(200)]
    assert verdicts.count("ok") == 19 and verdicts.count("warn") == 1
    assert verdicts[-1] == "close" and "close" in verdicts[19 + 99 :]


# -- languages: each student reads the game in their page's language ---------------------------
# The server writes the words it sends (how to answer, True and False, refusals) per connection,
# from the one catalogue, while the host's screen keeps the program's language.

NBSP = "\u00a0"


async def join(room: Room, name: str, lang: str | None) -> Student:
    student = await room.student()
    message: dict[str, Any] = {"type": "join", "pin": PIN, "name": name}
    if lang is not None:
        message["lang"] = lang
    await student.send(message)
    await student.expect("welcome")
    return student


async def test_each_student_gets_hints_and_true_false_in_their_language(room: Room) -> None:
    game = room.server.game
    awa = await join(room, "Awa", "fr")
    ben = await join(room, "Ben", "en")
    cheikh = await join(room, "Cheikh", None)  # says nothing: the program's language
    room.server.start_game()
    seen_true_false = False
    for question in game.questions:
        views = [await s.expect("question", skip=("lobby", "leaderboard")) for s in (awa, ben)]
        views.append(await cheikh.expect("question", skip=("lobby", "leaderboard")))
        with speaking("fr"):
            french = question.shown.task
        with speaking("en"):
            english = question.shown.task
        assert french != english
        assert [v["hint"] for v in views] == [french, english, english]
        # The host screen is not a student: it keeps the program's language.
        host_question = room.server.host_state().question
        assert host_question is not None and host_question.hint == english
        for student, answer in ((awa, right_answer), (ben, wrong_answer), (cheikh, wrong_answer)):
            await student.answer(question.index, answer(views[0], CARDS))
        reveals = [await s.expect("reveal", skip=("question",)) for s in (awa, ben, cheikh)]
        if question.card_type == "true_false":
            seen_true_false = True
            right = question.card.answer  # type: ignore[attr-defined]
            assert reveals[0]["answer_text"] == ("Vrai" if right else "Faux")
            assert reveals[1]["answer_text"] == ("True" if right else "False")
            assert reveals[1]["you"]["response_text"] == ("False" if right else "True")
        room.server.advance()  # the leaderboard
        if question.index + 1 < game.question_count:
            room.server.advance()  # the next question
    assert seen_true_false, "the deck must hold a true/false card for this test to mean much"


async def test_refusals_are_in_the_students_language(room: Room) -> None:
    french = await room.student()
    await french.send({"type": "join", "pin": "000000", "name": "Awa", "lang": "fr-SN"})
    error = await french.expect("error")
    assert error["code"] == "wrong_pin"
    assert error["message"] == "Ce code PIN n’est pas celui de cette partie."
    await french.send({"type": "answer", "question": 0, "response": 1})
    assert (await french.expect("error"))["message"] == "Rejoignez la partie avant de répondre."
    english = await room.student()
    await english.send({"type": "join", "pin": "000000", "name": "Ben"})
    assert (await english.expect("error"))["message"] == "That PIN is not this game’s PIN."
    await english.send({"type": "hello"})
    unknown = await english.expect("error")
    assert unknown["code"] == "unknown_type" and "Unknown message type" in unknown["message"]


async def test_a_language_switch_sends_the_current_view_again(room: Room) -> None:
    ben = await join(room, "Ben", "en")
    room.server.start_game()
    first = await ben.expect("question")
    await ben.send({"type": "lang", "lang": "fr"})
    again = await ben.expect("question")
    assert again["index"] == first["index"] and again["hint"] != first["hint"]
    with speaking("fr"):
        assert again["hint"] == room.server.game.questions[first["index"]].shown.task
    await ben.send({"type": "lang", "lang": "x" * 36})  # a tag is short: refused, as any field
    assert (await ben.expect("error"))["code"] == "invalid_message"


async def test_a_rejoin_keeps_or_changes_the_language(room_factory: Callable[..., Any]) -> None:
    room: Room = await room_factory()
    awa = await join(room, "Awa", "fr")
    token = awa.frames[0].message["token"]
    room.server.start_game()
    await awa.expect("question")
    await awa.drop()
    again = await room.student()
    await again.send({"type": "rejoin", "token": token, "lang": "en"})
    await again.expect("welcome")
    question = await again.expect("question")
    with speaking("en"):
        assert question["hint"] == room.server.game.questions[question["index"]].shown.task


async def test_the_terminal_client_in_french(room: Room) -> None:
    """`sahel-quiz --lang fr join`: its own lines and the server's, in French."""
    url = f"{room.base}/?pin={PIN}"
    async with terminal_client("--lang", "fr", "join", url, "--name", "Tess") as client:
        await client.until(
            f"Vous avez rejoint «{NBSP}Classroom test deck{NBSP}» en tant que Tess "
            f"(7{NBSP}questions, mode rapidité)."
        )
        room.server.start_game()
        question = room.server.game.questions[0]
        await client.until("Question 1 sur 7")
        with speaking("fr"):
            hint = question.shown.typing_hint
        await client.until(f"({hint})")
        client.stdin.write(b"99\n" if question.card_type == "choice" else b"\n")
        await client.stdin.drain()
        room.server.end_game()
        await client.until("Partie terminée.")
        assert await asyncio.wait_for(client.process.wait(), 15.0) == 0


async def test_a_near_miss_comes_back_with_its_corrected_letters(room: Room) -> None:
    """The reveal names the exact spelling of an accepted near miss and where it differed (code
    point indices into `accepted_as`), as line mode and the app mark it; a cloze's blanks are
    marked in the joined spelling."""
    awa, _welcome = await room.joined("Awa")
    assert room.server.start_game()
    near = {"typed": "Mosow", "cloze": ["Confederation of Sahel Sttes", "ECOWAS"]}
    seen: dict[str, dict[str, Any]] = {}
    for index in range(7):
        question = await awa.expect("question", skip=("lobby", "leaderboard"))
        kind = question["card_type"]
        await awa.answer(index, near.get(kind, right_answer(question, CARDS)))
        seen[kind] = (await awa.expect("reveal"))["you"]
        room.server.advance()
        if index < 6:
            await awa.expect("leaderboard")
            room.server.advance()
    typed, cloze, choice = seen["typed"], seen["cloze"], seen["choice"]
    assert (typed["verdict"], typed["accepted_as"], typed["accepted_marks"]) == (
        "right",
        "Moscow",
        [3],
    )
    assert cloze["accepted_as"] == "Confederation of Sahel States · ECOWAS"
    assert [cloze["accepted_as"][i] for i in cloze["accepted_marks"]] == ["a"]
    assert cloze["accepted_marks"] == [cloze["accepted_as"].index("ates")]
    assert (choice["accepted_as"], choice["accepted_marks"]) == (None, [])
    assert_frames_match_the_protocol_models(awa)


async def test_a_number_in_words_is_refused_with_the_cards_hint_in_the_students_language(
    room: Room,
) -> None:
    """The hint comes from the card's rules (`grading.NUMBER_HINT`, defined once), worded for
    each student: the page shows it rather than keeping a copy of its own."""
    from sahel_quiz.grading import NUMBER_HINT
    from sahel_quiz.i18n import _ as translated

    awa, ben = await join(room, "Awa", "fr"), await join(room, "Ben", "en")
    room.server.start_game()
    for _question in range(7):
        passed = ("lobby", "reveal", "leaderboard")
        question = await awa.expect("question", skip=passed)
        await ben.expect("question", skip=passed)
        index = question["index"]
        if question["card_type"] == "number":
            break
        room.server.close_question()
        room.server.advance()
        room.server.advance()
    else:
        raise AssertionError("no number question")
    hints = []
    for student in (awa, ben):
        await student.send({"type": "answer", "question": index, "response": "lots"})
        error = await student.expect("error")
        assert error["code"] == "bad_answer"
        hints.append(error["hint"])
    with speaking("fr"):
        french = translated(NUMBER_HINT)
    assert hints == [french, NUMBER_HINT] and french != NUMBER_HINT
    await awa.send({"type": "answer", "question": index + 1, "response": "9173"})
    assert "hint" not in await awa.expect("error")  # only where the card has something to say
    assert (await awa.answer(index, "9173"))["type"] == "answered"  # typed again: counted
