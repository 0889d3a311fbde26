"""`sahel-quiz join`: a student's terminal client, speaking the protocol of docs/protocol.md.

It knows only what the server sends, so it never knows an answer before the reveal. Typed
lines are read the way line mode reads them (`sahel_quiz.cards`: option numbers, `t`/`f`,
numbers with units), from the question as shown (`shown_question`); the server grades.

A dropped connection is retried with the token the server gave, so the student keeps their
name, score and streak.

Every message is checked against the protocol's models before it is read
(`protocol.read_server_message`), and every text is shown without its control characters: a
server that sends something this client cannot follow (too large, not UTF-8, not JSON, a
field missing or of the wrong type) ends it with one line saying so, never a traceback; a
message type it does not know is skipped, as the protocol asks.
"""

from __future__ import annotations

import asyncio
import sys
import unicodedata
from typing import Any, TextIO
from urllib.parse import parse_qs, urlsplit, urlunsplit

import aiohttp

from sahel_quiz.cards import ShownCard, known_types
from sahel_quiz.classroom.protocol import (
    MAX_SERVER_FRAME_BYTES,
    ProtocolError,
    read_server_message,
)
from sahel_quiz.classroom.stdin import read_lines
from sahel_quiz.errors import UserError
from sahel_quiz.grading import bracketed
from sahel_quiz.i18n import (
    N_,
    _,
    format_number,
    format_percent,
    language,
    literal,
    ngettext,
    quoted,
)
from sahel_quiz.scoring import MODE_NAMES

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
_VERDICTS = {
    "right": N_("Right!"),
    "partly": N_("Partly right"),
    "wrong": N_("Wrong"),
    "": N_("No answer"),
}


def printable(text: str) -> str:
    """`text` without control characters (an escape sequence from a hostile server would
    rewrite the student's terminal); line breaks and tabs stay."""
    return "".join(char for char in text if char in "\n\t" or unicodedata.category(char) != "Cc")


def websocket_url(url: str) -> tuple[str, str | None]:
    """The WebSocket address for a join URL (as printed by the host), and the PIN in it, if any."""
    text = url.strip()
    if "://" not in text:
        text = "http://" + text
    parts = urlsplit(text)
    scheme = {"http": "ws", "https": "wss", "ws": "ws", "wss": "wss"}.get(parts.scheme)
    if scheme is None or not parts.netloc:
        raise UserError(
            _("not a join address: {url} (expected e.g. {example})").format(
                url=literal(url), example="http://192.168.1.10:8765"
            )
        )
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
        print(printable(text), file=self.out, flush=True)

    async def run(self) -> int:
        self.lines = read_lines()
        if self.pin is None:
            print(_("PIN: "), end="", file=self.out, flush=True)
            self.pin = (await self.lines.get() or "").strip()
        async with aiohttp.ClientSession() as session:
            attempt = 0
            while True:
                try:
                    finished = await self._play(session)
                except (aiohttp.ClientError, OSError) as error:
                    if self.token is None:
                        raise UserError(
                            _("cannot reach the game at {url}: {error}").format(
                                url=self.ws_url, error=error
                            )
                        ) from error
                    finished = False
                if finished:
                    return self.result
                if attempt >= len(RETRY_DELAYS):
                    raise UserError(_("lost the connection to the game"))
                self.say(
                    _("(connection lost: trying again in {seconds} s)").format(
                        seconds=format_number(RETRY_DELAYS[attempt])
                    )
                )
                await asyncio.sleep(RETRY_DELAYS[attempt])
                attempt += 1

    async def _play(self, session: aiohttp.ClientSession) -> bool:
        """One connection; True when the game is over for this client (no reconnecting)."""
        async with session.ws_connect(
            self.ws_url, compress=0, heartbeat=30.0, max_msg_size=MAX_SERVER_FRAME_BYTES
        ) as ws:
            if self.token is None:
                hello = {"type": "join", "pin": self.pin, "name": self.name}
            else:
                hello = {"type": "rejoin", "token": self.token}
            await ws.send_json({**hello, "lang": language()})
            typing = asyncio.get_running_loop().create_task(self._type_answers(ws))
            try:
                async for frame in ws:
                    if frame.type == aiohttp.WSMsgType.ERROR:
                        if isinstance(frame.data, aiohttp.WebSocketError):
                            raise UserError(_unreadable_frame(frame.data))
                        break  # the network, not the server: connect again
                    if frame.type != aiohttp.WSMsgType.TEXT:
                        continue
                    try:
                        message = read_server_message(frame.data)
                    except ProtocolError as error:
                        raise UserError(str(error)) from None
                    if message is not None and self._on_message(message):
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
                self.say(
                    ngettext(
                        "Back in the game as {name}: {score} point.",
                        "Back in the game as {name}: {score} points.",
                        message["score"],
                    ).format(name=message["name"], score=format_number(message["score"]))
                )
            else:
                count = message["question_count"]
                mode = message["mode"]
                self.say(
                    ngettext(
                        "Joined {title} as {name} ({count} question, {mode} mode).",
                        "Joined {title} as {name} ({count} questions, {mode} mode).",
                        count,
                    ).format(
                        title=quoted(message["title"]),
                        name=message["name"],
                        count=count,
                        mode=_(MODE_NAMES[mode]) if mode in MODE_NAMES else mode,
                    )
                )
        elif kind == "lobby":
            self.say(
                ngettext(
                    "Waiting for the teacher to start… ({count} player)",
                    "Waiting for the teacher to start… ({count} players)",
                    message["players"],
                ).format(count=message["players"])
            )
        elif kind == "question":
            self._show_question(message)
        elif kind == "answered":
            self.answered = True
            self.say(_("Answer received."))
        elif kind == "done":
            self.say(_("You have answered every question. Waiting for the end…"))
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
            raise UserError(_("the game no longer knows you (was the server restarted?)"))
        if code == "removed":
            self.say(_("The teacher removed you from the game."))
            self.result = 1
            return True
        if code == "replaced":
            self.say(_("You joined again from somewhere else: this client stops."))
            return True
        if code == "server_closing":
            self.say(_("The teacher closed the game."))
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
        if question.get("timed", True):
            clock = _("{seconds} s left").format(seconds=format_number(question["remaining"], 0))
        else:
            clock = _("no time limit")
        self.say(
            _("Question {number} of {total} · {clock}").format(
                number=question["index"] + 1, total=question["count"], clock=clock
            )
        )
        self.say(question["prompt"])
        for number, option in enumerate(question["options"] or question["items"] or [], start=1):
            self.say(f"  {number}) {option}")
        if question["unit"]:
            self.say("  " + _("(in {unit})").format(unit=question["unit"]))
        if self.answered:
            self.say(_("You already answered this question."))
            return
        self.say(f"({shown.typing_hint})")
        if shown.blanks:
            self._ask_blank()

    def _ask_blank(self) -> None:
        assert self.question is not None
        assert self.shown is not None
        self.say(
            _("Blank {number} of {count}:").format(
                number=len(self.blanks) + 1, count=self.shown.blanks
            )
        )

    def _show_reveal(self, reveal: Message) -> None:
        you = reveal["you"]
        self.question = self.shown = None
        verdict = _(_VERDICTS[you.get("verdict") or ""])
        if you.get("verdict") == "partly":
            verdict += f" ({format_percent(you.get('credit') or 0)})"
        self.say(
            _("{verdict} The answer: {answer}").format(
                verdict=verdict, answer=reveal["answer_text"]
            )
        )
        if you["accepted_as"]:
            # marked as line mode marks it: the letters the near miss got wrong in brackets
            spelling = bracketed(you["accepted_as"], tuple(you["accepted_marks"]))
            self.say(_("(accepted; the exact spelling is {spelling})").format(spelling=spelling))
        if reveal.get("explain"):
            self.say(reveal["explain"])
        earned = ngettext("+{count} point", "+{count} points", you["earned"]).format(
            count=format_number(you["earned"])
        )
        self.say(
            _("{earned} · {score} in all · rank {rank} of {players}").format(
                earned=earned,
                score=format_number(you["score"]),
                rank=you["rank"],
                players=you["players"],
            )
        )

    def _show_leaderboard(self, board: Message) -> None:
        self.say(
            _("Top five: {standings}").format(
                standings=", ".join(
                    f"{t['rank']}. {t['name']} {format_number(t['score'])}" for t in board["top"]
                )
            )
        )
        you = board["you"]
        self.say(
            ngettext(
                "You: rank {rank} of {players} with {score} point.",
                "You: rank {rank} of {players} with {score} points.",
                you["score"],
            ).format(rank=you["rank"], players=board["players"], score=format_number(you["score"]))
        )

    def _show_end(self, end: Message) -> None:
        you = end["you"]
        self.say()
        points = ngettext("{score} point", "{score} points", you["score"]).format(
            score=format_number(you["score"])
        )
        self.say(
            ngettext(
                "Game over. You are {rank} of {players} with {points} ({right} of {count} right).",
                "Game over. You are {rank} of {players} with {points} ({right} of {count} right).",
                you["right"],
            ).format(
                rank=you["rank"],
                players=end["players"],
                points=points,
                right=you["right"],
                count=end["count"],
            )
        )
        for entry in end["top"][:3]:
            self.say(f"  {entry['rank']}. {entry['name']} {format_number(entry['score'])}")
        missed = [item for item in end["review"] if item.get("verdict") != "right"]
        if missed:
            self.say(_("To review:"))
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
                self.say(_("(no question is waiting for an answer)"))
                continue
            if shown.blanks:
                if not line.strip():
                    self.say(_("(type a word for this blank)"))
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


def _unreadable_frame(error: aiohttp.WebSocketError) -> str:
    """What a frame the WebSocket layer refused says to the student."""
    if error.code == aiohttp.WSCloseCode.MESSAGE_TOO_BIG:
        return _("the game sent a message too large to read")
    if error.code == aiohttp.WSCloseCode.INVALID_TEXT:
        return _("the game sent a message that is not UTF-8 text")
    return _("the game broke the WebSocket protocol")
