"""`sahel-quiz join`: a student's terminal client, speaking the protocol of docs/protocol.md.

It knows only what the server sends, so it never knows an answer before the reveal. Typed
lines are read the way line mode reads them (`sahel_quiz.grading.parse_response`: option
numbers, `t`/`f`, numbers with units); since that parser takes a card, the client builds a
stand-in card from the question message, with a placeholder where the answer would be. The
stand-in never grades anything: the server does.

A dropped connection is retried with the token the server gave, so the student keeps their
name, score and streak.
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Sequence
from typing import Any, TextIO
from urllib.parse import parse_qs, urlsplit, urlunsplit

import aiohttp
from pydantic import TypeAdapter

from sahel_quiz.classroom.stdin import read_lines
from sahel_quiz.deck.model import Card
from sahel_quiz.errors import UserError
from sahel_quiz.grading import Response, parse_response
from sahel_quiz.i18n import _

__all__ = ["JoinClient", "stand_in_card", "to_wire", "websocket_url"]

Message = dict[str, Any]
_CARD: TypeAdapter[Card] = TypeAdapter(Card)
RETRY_DELAYS = (1.0, 2.0, 4.0, 8.0, 10.0, 10.0, 10.0)
_FATAL = {
    "wrong_pin",
    "name_invalid",
    "name_taken",
    "game_full",
    "game_over",
    "game_locked",
    "too_many_attempts",
}
_HINTS = {
    "choice": "type the number of your answer",
    "multi": "type the numbers of every right option, e.g. 1,3",
    "true_false": "type t (true) or f (false)",
    "typed": "type your answer",
    "number": "type a number",
    "order": "type the item numbers in the right order, e.g. 3,1,2",
}


def websocket_url(url: str) -> tuple[str, str | None]:
    """The WebSocket address for a join URL (as printed by the host), and the PIN in it, if any."""
    text = url.strip()
    if "://" not in text:
        text = "http://" + text
    parts = urlsplit(text)
    scheme = {"http": "ws", "https": "wss", "ws": "ws", "wss": "wss"}.get(parts.scheme)
    if scheme is None or not parts.netloc:
        raise UserError(f"not a join address: {url!r} (expected e.g. http://192.168.1.10:8765)")
    pins = parse_qs(parts.query).get("pin")
    return urlunsplit((scheme, parts.netloc, "/ws", "", "")), pins[0] if pins else None


def stand_in_card(question: Message) -> Card:
    """A card shaped like the question, for the line parser only: its answer is a placeholder."""
    kind = question["card_type"]
    data: dict[str, Any] = {"id": "question", "type": kind, "prompt": question["prompt"] or "?"}
    if kind in ("choice", "multi"):
        options = question["options"]
        data |= {"options": options, "answer": options[0] if kind == "choice" else options[:1]}
    elif kind == "true_false":
        data["answer"] = True
    elif kind == "number":
        data["answer"] = 0.0
    elif kind == "cloze":
        data["prompt"] = " ".join("{{…}}" for _ in range(int(question["blanks"] or 1)))
    elif kind == "order":
        data["answer"] = question["items"]
    else:
        data |= {"type": "typed", "answer": "…"}
    return _CARD.validate_python(data)


def to_wire(question: Message, response: Response) -> Any:
    """The `answer` field for a parsed response: option and item texts become indices."""
    kind = question["card_type"]
    if kind == "choice" and isinstance(response, str):
        return question["options"].index(response)
    if kind == "multi" and isinstance(response, list):
        return [question["options"].index(pick) for pick in response]
    if kind == "order" and isinstance(response, list):
        return [question["items"].index(item) for item in response]
    return response


class JoinClient:
    """One student in one game, from the join to the end."""

    def __init__(self, url: str, name: str, pin: str | None, *, out: TextIO | None = None) -> None:
        self.ws_url, url_pin = websocket_url(url)
        self.name = name
        self.pin = pin or url_pin
        self.out = out or sys.stdout
        self.token: str | None = None
        self.question: Message | None = None
        self.answered = False
        self.blanks: list[str] = []
        self.lines: asyncio.Queue[str | None] | None = None
        self.result = 0

    def say(self, text: str = "") -> None:
        print(text, file=self.out, flush=True)

    async def run(self) -> int:
        self.lines = read_lines()
        if self.pin is None:
            print("PIN: ", end="", file=self.out, flush=True)
            self.pin = (await self.lines.get() or "").strip()
        async with aiohttp.ClientSession() as session:
            attempt = 0
            while True:
                try:
                    finished = await self._play(session)
                except (aiohttp.ClientError, OSError) as error:
                    if self.token is None:
                        raise UserError(
                            f"cannot reach the game at {self.ws_url}: {error}"
                        ) from error
                    finished = False
                if finished:
                    return self.result
                if attempt >= len(RETRY_DELAYS):
                    raise UserError("lost the connection to the game")
                self.say(f"(connection lost: trying again in {RETRY_DELAYS[attempt]:g} s)")
                await asyncio.sleep(RETRY_DELAYS[attempt])
                attempt += 1

    async def _play(self, session: aiohttp.ClientSession) -> bool:
        """One connection; True when the game is over for this client (no reconnecting)."""
        async with session.ws_connect(self.ws_url, compress=0, heartbeat=30.0) as ws:
            if self.token is None:
                await ws.send_json({"type": "join", "pin": self.pin, "name": self.name})
            else:
                await ws.send_json({"type": "rejoin", "token": self.token})
            typing = asyncio.get_running_loop().create_task(self._type_answers(ws))
            try:
                async for frame in ws:
                    if frame.type != aiohttp.WSMsgType.TEXT:
                        continue
                    if self._on_message(json.loads(frame.data)):
                        return True
            finally:
                typing.cancel()
            return ws.close_code in (1001, 4001, 4002)

    def _on_message(self, message: Message) -> bool:
        """Show one message; True when the client should stop."""
        kind = message.get("type")
        if kind == "welcome":
            self.token = message["token"]
            if message["rejoined"]:
                self.say(f"Back in the game as {message['name']}: {message['score']} points.")
            else:
                self.say(
                    f"Joined {message['title']!r} as {message['name']} "
                    f"({message['question_count']} questions, {message['mode']} mode)."
                )
        elif kind == "lobby":
            self.say(f"Waiting for the teacher to start… ({message['players']} players)")
        elif kind == "question":
            self._show_question(message)
        elif kind == "answered":
            self.answered = True
            self.say("Answer received.")
        elif kind == "done":
            self.say("You have answered every question. Waiting for the end…")
        elif kind == "reveal":
            self._show_reveal(message)
        elif kind == "leaderboard":
            self._show_leaderboard(message)
        elif kind == "end":
            self._show_end(message)
            return True
        elif kind == "error":
            return self._on_error(message)
        return False

    def _on_error(self, message: Message) -> bool:
        code = message.get("code")
        if code in _FATAL or (code == "bad_token" and self.question is None):
            raise UserError(str(message.get("message", code)))
        if code == "bad_token":
            raise UserError("the game no longer knows you (was the server restarted?)")
        if code == "removed":
            self.say("The teacher removed you from the game.")
            self.result = 1
            return True
        if code == "replaced":
            self.say("You joined again from somewhere else: this client stops.")
            return True
        if code == "server_closing":
            self.say("The teacher closed the game.")
            return True
        if code == "bad_answer":
            self.answered = False  # let the student try again
        self.say(f"! {message.get('message', code)}")
        return False

    def _show_question(self, question: Message) -> None:
        self.question = question
        self.answered = bool(question["answered"])
        self.blanks = []
        kind = question["card_type"]
        self.say()
        clock = (
            _("{n} s left").format(n=f"{question['remaining']:.0f}")
            if question.get("timed", True)
            else _("no time limit")
        )
        self.say(f"Question {question['index'] + 1}/{question['count']} · {clock}")
        self.say(question["prompt"])
        for number, option in enumerate(question["options"] or question["items"] or [], start=1):
            self.say(f"  {number}) {option}")
        if question["unit"]:
            self.say(f"  (in {question['unit']})")
        if self.answered:
            self.say("You already answered this question.")
        elif kind == "cloze":
            count = question["blanks"]
            self.say(f"({count} blank{'s' if count > 1 else ''}: one line each)")
            self._ask_blank()
        else:
            self.say(f"({_HINTS.get(kind, 'type your answer')})")

    def _ask_blank(self) -> None:
        assert self.question is not None
        self.say(f"Blank {len(self.blanks) + 1}:")

    def _show_reveal(self, reveal: Message) -> None:
        you = reveal["you"]
        self.question = None
        if not you["answered"]:
            verdict = "No answer"
        elif you["credit"] >= 1.0:
            verdict = "Right!"
        elif you["credit"] > 0:
            verdict = f"Partly right ({round(100 * you['credit'])}%)"
        else:
            verdict = "Wrong"
        self.say(f"{verdict} The answer: {reveal['answer_text']}")
        if you.get("accepted_as"):
            self.say(f"(accepted; the exact spelling is {you['accepted_as']})")
        if reveal.get("explain"):
            self.say(reveal["explain"])
        self.say(
            f"+{you['points']} points · {you['score']} in all · rank {you['rank']}/{you['players']}"
        )

    def _show_leaderboard(self, board: Message) -> None:
        self.say(
            "Top five: " + ", ".join(f"{t['rank']}. {t['name']} {t['score']}" for t in board["top"])
        )
        you = board["you"]
        self.say(f"You: rank {you['rank']}/{board['players']} with {you['score']} points.")

    def _show_end(self, end: Message) -> None:
        you = end["you"]
        self.say()
        self.say(
            f"Game over. You are {you['rank']} of {end['players']} with {you['score']} points "
            f"({you['right']}/{end['count']} right)."
        )
        for entry in end["top"][:3]:
            self.say(f"  {entry['rank']}. {entry['name']} {entry['score']}")
        if any(item["your_answer"] is None or (item["credit"] or 0) < 1 for item in end["review"]):
            self.say("To review:")
            for item in end["review"]:
                if item["credit"] is None or item["credit"] < 1:
                    self.say(f"  {item['prompt']} → {item['answer_text']}")

    async def _type_answers(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        """Turn typed lines into answers to the open question."""
        assert self.lines is not None
        while True:
            line = await self.lines.get()
            if line is None:
                return  # end of input: keep watching the game
            question = self.question
            if question is None or self.answered:
                self.say("(no question is waiting for an answer)")
                continue
            if question["card_type"] == "cloze":
                if not line.strip():
                    self.say("(type a word for this blank)")
                    continue
                self.blanks.append(line.strip())
                if len(self.blanks) < int(question["blanks"]):
                    self._ask_blank()
                    continue
                line = "\n".join(self.blanks)
                self.blanks = []
            try:
                response = parse_response(stand_in_card(question), line, _shown(question))
            except ValueError as error:
                self.say(f"({error})")
                continue
            self.answered = True
            await ws.send_json(
                {
                    "type": "answer",
                    "question": question["index"],
                    "answer": to_wire(question, response),
                }
            )


def _shown(question: Message) -> Sequence[str] | None:
    shown: Sequence[str] | None = question["options"] or question["items"]
    return shown
