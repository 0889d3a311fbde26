"""Simulated students: asyncio WebSocket clients of the classroom protocol.

Used by the classroom tests and by bench/bench_classroom.py. Each client records every frame it
receives with its arrival time (time.monotonic, the same clock as the server's event loop on
the same machine), so a test can check what was sent before a reveal and a benchmark can time
how long a question took to reach everyone.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from sahel_quiz.deck.model import (
    Card,
    ChoiceCard,
    ClozeCard,
    MultiCard,
    NumberCard,
    OrderCard,
    TrueFalseCard,
    TypedCard,
)

__all__ = ["Devices", "Frame", "Student", "right_answer", "wrong_answer"]

Message = dict[str, Any]


@dataclass(frozen=True)
class Frame:
    at: float
    text: str

    @property
    def message(self) -> Message:
        data: Message = json.loads(self.text)
        return data


class Devices:
    """Simulated phones, each at its own loopback address, as in a class on one Wi-Fi network.

    Linux routes the whole of 127.0.0.0/8 to the loopback interface, so binding a client
    socket's local address to 127.0.0.N gives each device its own address as the server sees
    it, and per-address limits meet what they would meet in a classroom. Addresses start at
    127.0.0.10; tests that play an attacker pick theirs below that.
    """

    def __init__(self, first: int = 10) -> None:
        self._next = first
        self._sessions: list[aiohttp.ClientSession] = []

    def address(self) -> str:
        number = self._next
        self._next += 1
        return f"127.{(number >> 16) & 255}.{(number >> 8) & 255}.{number & 255}"

    def session(self, address: str | None = None) -> aiohttp.ClientSession:
        """A client session whose connections all come from `address` (a new one if None)."""
        connector = aiohttp.TCPConnector(local_addr=(address or self.address(), 0), limit=0)
        session = aiohttp.ClientSession(connector=connector)
        self._sessions.append(session)
        return session

    async def close(self) -> None:
        for session in self._sessions:
            await session.close()
        self._sessions.clear()


@dataclass
class Student:
    """One simulated phone. `frames` holds everything received, in order."""

    session: aiohttp.ClientSession
    url: str  # ws://HOST:PORT/ws
    frames: list[Frame] = field(default_factory=list)
    ws: aiohttp.ClientWebSocketResponse | None = None
    close_code: int | None = None
    _queue: asyncio.Queue[Frame | None] = field(default_factory=asyncio.Queue)
    _reader: asyncio.Task[None] | None = None

    async def connect(self) -> Student:
        self.ws = await self.session.ws_connect(self.url, compress=0, autoping=True)
        self._queue = asyncio.Queue()
        self._reader = asyncio.get_running_loop().create_task(self._read(self.ws))
        return self

    async def _read(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        try:
            async for message in ws:
                if message.type == aiohttp.WSMsgType.TEXT:
                    frame = Frame(time.monotonic(), message.data)
                    self.frames.append(frame)
                    self._queue.put_nowait(frame)
        finally:
            self.close_code = ws.close_code
            self._queue.put_nowait(None)

    async def send(self, message: Message) -> None:
        await self.send_text(json.dumps(message))

    async def send_text(self, text: str) -> None:
        assert self.ws is not None
        await self.ws.send_str(text)

    async def receive(self, timeout: float = 5.0) -> Message:
        """The next message (raises ConnectionError when the connection closed)."""
        frame = await asyncio.wait_for(self._queue.get(), timeout)
        if frame is None:
            self._queue.put_nowait(None)
            raise ConnectionError(f"closed with code {self.close_code}")
        return frame.message

    async def expect(
        self, kind: str, timeout: float = 5.0, skip: Sequence[str] = ("lobby",)
    ) -> Message:
        """The next message of type `kind`, skipping `skip` types; anything else is an error."""
        while True:
            message = await self.receive(timeout)
            if message["type"] == kind:
                return message
            if message["type"] not in skip:
                raise AssertionError(f"expected {kind!r}, got {message}")

    async def join(self, pin: str, name: str) -> Message:
        await self.send({"type": "join", "pin": pin, "name": name})
        return await self.expect("welcome")

    async def rejoin(self, token: str) -> Message:
        await self.send({"type": "rejoin", "token": token})
        return await self.expect("welcome")

    async def answer(self, question: int, response: Any) -> Message:
        await self.send({"type": "answer", "question": question, "response": response})
        return await self.expect("answered", skip=("lobby", "question", "leaderboard"))

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
        if self._reader is not None:
            await self._reader

    async def drop(self) -> None:
        """Lose the connection without a goodbye, like a phone going out of range."""
        assert self.ws is not None
        transport = self.ws._response.connection.transport if self.ws._response.connection else None
        if transport is not None:
            transport.abort()
        if self._reader is not None:
            await self._reader


def _card_for(question: Message, cards: Sequence[Card]) -> Card:
    for card in cards:
        if card.shown_prompt == question["prompt"]:
            return card
    raise AssertionError(f"no card with the prompt {question['prompt']!r}")


def right_answer(question: Message, cards: Sequence[Card]) -> Any:
    """The wire answer that earns full credit for a `question` message."""
    card = _card_for(question, cards)
    if isinstance(card, ChoiceCard):
        return question["options"].index(card.answer)
    if isinstance(card, MultiCard):
        return [question["options"].index(option) for option in card.answer]
    if isinstance(card, TrueFalseCard):
        return card.answer
    if isinstance(card, TypedCard):
        return card.answer
    if isinstance(card, NumberCard):
        return f"{card.answer:g}"
    if isinstance(card, ClozeCard):
        return [alternatives[0] for alternatives in card.blanks]
    if isinstance(card, OrderCard):
        return [question["items"].index(item) for item in card.answer]
    raise AssertionError(f"{card.type} cards are not played in class")


def wrong_answer(question: Message, cards: Sequence[Card]) -> Any:
    """A wire answer of the right shape that earns no credit."""
    card = _card_for(question, cards)
    if isinstance(card, ChoiceCard):
        return next(i for i, o in enumerate(question["options"]) if o != card.answer)
    if isinstance(card, MultiCard):
        return [i for i, o in enumerate(question["options"]) if o not in card.answer]
    if isinstance(card, TrueFalseCard):
        return not card.answer
    if isinstance(card, TypedCard):
        return "zzzz qqqq xxxx"
    if isinstance(card, NumberCard):
        return f"{card.answer + card.tolerance + 1000:g}"
    if isinstance(card, ClozeCard):
        return ["zzzz qqqq"] * len(card.blanks)
    if isinstance(card, OrderCard):
        return [question["items"].index(item) for item in reversed(card.answer)]
    raise AssertionError(f"{card.type} cards are not played in class")


CLASSROOM_DECK: dict[str, Any] = {
    "id": "classroom-test",
    "title": "Classroom test deck",
    "language": "en",
    "cards": [
        {
            "id": "inviter",
            "type": "choice",
            "prompt": "Who invited the three ministers?",
            "options": [
                "Sergei Lavrov",
                "Abdoulaye Diop",
                "Bakary Yaou Sangaré",
                "Karamoko Traoré",
            ],
            "answer": "Sergei Lavrov",
            "explain": "Russia's foreign minister sent the invitation (explained-inviter).",
            "quote": "at his invitation",
        },
        {
            "id": "members",
            "type": "multi",
            "prompt": "Which countries are members of the confederation?",
            "options": ["Mali", "Burkina Faso", "Niger", "Senegal", "Chad"],
            "answer": ["Mali", "Burkina Faso", "Niger"],
            "explain": "Three juntas formed it (explained-members).",
        },
        {
            "id": "paris",
            "type": "true_false",
            "prompt": "The ministers met their counterpart in Paris.",
            "answer": False,
            "explain": "They went to Russia (explained-paris).",
        },
        {
            "id": "city",
            "type": "typed",
            "prompt": "Which capital did the ministers visit?",
            "answer": "Moscow",
            "accept": ["Moskva"],
        },
        {
            "id": "years",
            "type": "number",
            "prompt": "What number does this test card expect?",
            "answer": 9173,
            "unit": "widgets",
        },
        {
            "id": "left",
            "type": "cloze",
            "prompt": "The {{Confederation of Sahel States|AES}} left {{ECOWAS}}.",
        },
        {
            "id": "sequence",
            "type": "order",
            "prompt": "Put these events in order.",
            "answer": [
                "Coups in the three countries",
                "Withdrawal from the regional bloc",
                "First consultations in Russia",
            ],
        },
        {
            "id": "flashcard",
            "type": "basic",
            "prompt": "A self-graded card that a classroom game leaves out.",
            "answer": "Never played",
        },
    ],
}
