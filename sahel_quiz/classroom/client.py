"""`sahel-quiz join`: a student's terminal client, speaking the protocol of docs/protocol.md.

It knows only what the server sends, so it never knows an answer before the reveal. Typed
lines are read the way line mode reads them (`sahel_quiz.cards`: option numbers, `t`/`f`,
numbers with units), from the question as shown (`shown_question`); the server grades.

A dropped connection is retried with the token the server gave, so the student keeps their
name, score and streak.
"""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Any, TextIO
from urllib.parse import parse_qs, urlsplit, urlunsplit

import aiohttp

from sahel_quiz.cards import ShownCard, known_types
from sahel_quiz.classroom.stdin import read_lines
from sahel_quiz.errors import UserError
from sahel_quiz.i18n import N_, _

__all__ = ["JoinClient", "shown_question", "websocket_url"]

Message = dict[str, Any]
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
_VERDICTS = {"right": N_("Right!"), "partly": N_("Partly right"), "wrong": N_("Wrong")}


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


def shown_question(question: Message) -> ShownCard:
    """The question message as the card it shows (a type this client does not know is read
    as a typed answer)."""
    kind = question.get("card_type")
    return ShownCard(
        type=kind if isinstance(kind, str) and kind in known_types() else "typed",
        prompt=str(question.get("prompt") or ""),
        choices=tuple(question.get("options") or question.get("items") or ()),
        blanks=int(question.get("blanks") or 0),
        unit=question.get("unit"),
    )


class JoinClient:
    """One student in one game, from the join to the end."""

    def __init__(self, url: str, name: str, pin: str | None, *, out: TextIO | None = None) -> None:
        self.ws_url, url_pin = websocket_url(url)
        self.name = name
        self.pin = pin or url_pin
        self.out = out or sys.stdout
        self.token: str | None = None
        self.question: Message | None = None
        self.shown: ShownCard | None = None
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
        self.shown = shown = shown_question(question)
        self.answered = bool(question["answered"])
        self.blanks = []
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
            return
        self.say(f"({shown.typing_hint})")
        if shown.blanks:
            self._ask_blank()

    def _ask_blank(self) -> None:
        assert self.question is not None
        self.say(f"Blank {len(self.blanks) + 1}:")

    def _show_reveal(self, reveal: Message) -> None:
        you = reveal["you"]
        self.question = self.shown = None
        verdict = _(_VERDICTS.get(you.get("verdict") or "", N_("No answer")))
        if you.get("verdict") == "partly":
            verdict += f" ({round(100 * (you.get('credit') or 0))}%)"
        self.say(f"{verdict} The answer: {reveal['answer_text']}")
        if you.get("accepted_as"):
            self.say(f"(accepted; the exact spelling is {you['accepted_as']})")
        if reveal.get("explain"):
            self.say(reveal["explain"])
        self.say(
            f"+{you['earned']} points · {you['score']} in all · rank {you['rank']}/{you['players']}"
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
        missed = [item for item in end["review"] if item.get("verdict") != "right"]
        if missed:
            self.say("To review:")
            for item in missed:
                self.say(f"  {item['prompt']} → {item['answer_text']}")

    async def _type_answers(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        """Turn typed lines into answers to the open question."""
        assert self.lines is not None
        while True:
            line = await self.lines.get()
            if line is None:
                return  # end of input: keep watching the game
            question, shown = self.question, self.shown
            if question is None or shown is None or self.answered:
                self.say("(no question is waiting for an answer)")
                continue
            if shown.blanks:
                if not line.strip():
                    self.say("(type a word for this blank)")
                    continue
                self.blanks.append(line.strip())
                if len(self.blanks) < shown.blanks:
                    self._ask_blank()
                    continue
                line = "\n".join(self.blanks)
                self.blanks = []
            try:
                response = shown.to_wire(shown.read(line))
            except ValueError as error:
                self.say(f"({error})")
                continue
            self.answered = True
            await ws.send_json(
                {"type": "answer", "question": question["index"], "response": response}
            )
