"""Each student reads the game in their own page's language: the server writes the words it
sends (how to answer, True and False, refusals) per connection, from the one catalogue, while
the host's screen keeps the program's language. docs/protocol.md, "Languages"."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Callable
from typing import Any

import test_classroom_server as server_tests
from classroom_clients import Student, right_answer, wrong_answer
from test_classroom_server import CARDS, PIN, Room

from sahel_quiz.i18n import speaking

_room_factory = server_tests.room_factory  # the fixtures `room_factory` and `room`, shared
_room = server_tests.room

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
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "sahel_quiz", "--lang", "fr", "join", f"{room.base}/?pin={PIN}",
        "--name", "Tess", stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )  # fmt: skip
    assert process.stdout is not None and process.stdin is not None
    output: list[str] = []

    async def until(text: str) -> None:
        async def read() -> None:
            while True:
                line = (await process.stdout.readline()).decode()  # type: ignore[union-attr]
                assert line, "".join(output)
                output.append(line)
                if text in line:
                    return

        await asyncio.wait_for(read(), 15.0)

    try:
        await until(
            f"Vous avez rejoint «{NBSP}Classroom test deck{NBSP}» en tant que Tess "
            f"(7{NBSP}questions, mode rapidité)."
        )
        room.server.start_game()
        question = room.server.game.questions[0]
        await until("Question 1 sur 7")
        with speaking("fr"):
            hint = question.shown.typing_hint
        await until(f"({hint})")
        process.stdin.write(b"99\n" if question.card_type == "choice" else b"\n")
        await process.stdin.drain()
        room.server.end_game()
        await until("Partie terminée.")
        assert await asyncio.wait_for(process.wait(), 15.0) == 0
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
