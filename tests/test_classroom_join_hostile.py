"""`sahel-quiz join` against a hostile server on loopback: every network message is hostile input.

A tiny aiohttp server answers the client's join with frames no real server sends (malformed,
missing fields, wrong types, NaN, huge, not UTF-8, not JSON). The real command must end with
one line saying what went wrong and a non-zero status, never a traceback; a message type it
does not know and control characters in a text are not errors: it skips the one and strips the
others, and plays on.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from aiohttp import WSMsgType, web

WELCOME = {
    "type": "welcome", "token": "t" * 24, "name": "Tess", "rejoined": False, "title": "Hostile",
    "language": "en", "mode": "speed", "question_count": 1, "score": 0, "streak": 0,
}  # fmt: skip
QUESTION = {
    "type": "question", "index": 0, "count": 1, "card_type": "cloze",
    "prompt": "The _____ left _____.", "options": None, "items": None, "blanks": 2, "unit": None,
    "hint": "fill in the blanks", "points": 1.0, "max_score": 1000, "clock": "question",
    "time_limit": 20.0, "remaining": 20.0, "answered": False, "timed": True,
}  # fmt: skip
END = {
    "type": "end", "count": 1, "players": 1, "top": [{"rank": 1, "name": "Tess", "score": 0}],
    "you": {"rank": 1, "name": "Tess", "score": 0, "right": 0, "answered": 0, "mean_time": None},
    "review": [],
}  # fmt: skip

Frame = str | bytes  # bytes: sent as a text frame as they are (not UTF-8 on purpose)


def but(message: dict[str, Any], **changes: Any) -> str:
    """`message` as JSON with fields changed (a value of `...` takes the field out)."""
    changed = {**message, **changes}
    return json.dumps({k: v for k, v in changed.items() if v is not ...}, allow_nan=True)


@pytest.fixture
async def hostile() -> AsyncIterator[Callable[[list[Frame]], Any]]:
    """Start a server that answers a join with `frames`, then waits; yields its address."""
    runners: list[web.AppRunner] = []

    async def serve(frames: list[Frame]) -> str:
        async def socket(request: web.Request) -> web.WebSocketResponse:
            ws = web.WebSocketResponse(max_msg_size=0)
            await ws.prepare(request)
            hello = await ws.receive()
            assert hello.type == WSMsgType.TEXT and json.loads(hello.data)["type"] == "join"
            for frame in frames:
                if isinstance(frame, bytes):
                    await ws.send_frame(frame, WSMsgType.TEXT)
                else:
                    await ws.send_str(frame)
            async for _message in ws:  # the client's answers, if any: the game never ends
                pass
            return ws

        app = web.Application()
        app.router.add_get("/ws", socket)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        runners.append(runner)
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return f"http://127.0.0.1:{port}/?pin=123456"

    yield serve
    for runner in runners:
        await runner.cleanup()


async def join(url: str, typed: bytes = b"") -> tuple[int, str, str]:
    """Run `sahel-quiz join` against `url`: its status, standard output and error."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "sahel_quiz", "join", url, "--name", "Tess",
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )  # fmt: skip
    try:
        out, err = await asyncio.wait_for(process.communicate(typed), 30.0)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


BAD = {
    "blanks as a text": [json.dumps(WELCOME), but(QUESTION, blanks="two")],
    "blanks out of range": [json.dumps(WELCOME), but(QUESTION, blanks=10**9)],
    "a negative blank count": [json.dumps(WELCOME), but(QUESTION, blanks=-1)],
    "a missing key": [json.dumps(WELCOME), but(QUESTION, prompt=...)],
    "a wrong type": [but(WELCOME, token=5)],
    "a nested field missing": [json.dumps(WELCOME), but(END, you={"rank": 1})],
    "NaN for a number": [json.dumps(WELCOME), but(QUESTION, remaining=float("nan"))],
    "not JSON": [json.dumps(WELCOME), "{{{"],
    "JSON but not an object": [json.dumps(WELCOME), "[1, 2, 3]"],
    "no type": [json.dumps(WELCOME), '{"index": 0}'],
    "deep nesting": [json.dumps(WELCOME), '{"type": "lobby", "x": ' + "[" * 100_000],
    "a huge frame": [json.dumps(WELCOME), but(QUESTION, prompt="x" * (5 * 1024 * 1024))],
    "not UTF-8": [json.dumps(WELCOME), b'{"type": "lobby", "players": 1, "names": ["\xff\xfe"]}'],
}
SAYS = {
    "a huge frame": "too large",
    "not UTF-8": "not UTF-8",
    "not JSON": "not JSON",
    "deep nesting": "not JSON",
    "blanks as a text": "field 'blanks'",
    "a missing key": "field 'prompt'",
    "a nested field missing": "field 'you.name'",
    "NaN for a number": "not JSON",
    "JSON but not an object": "with no type",
    "no type": "with no type",
}


@pytest.mark.parametrize("case", list(BAD))
async def test_a_bad_message_ends_the_client_with_one_clear_line(
    hostile: Callable[[list[Frame]], Any], case: str
) -> None:
    status, out, err = await join(await hostile(BAD[case]))
    assert status != 0, (out, err)
    assert "Traceback" not in out + err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("sahel-quiz: error: the game "), err
    assert SAYS.get(case, "cannot read") in lines[0]


async def test_unknown_messages_are_skipped_and_control_characters_never_reach_the_terminal(
    hostile: Callable[[list[Frame]], Any],
) -> None:
    """A later server's message type and extra fields are ignored; a prompt with escape
    sequences is shown without them; the game is followed to its end."""
    url = await hostile(
        [
            but(WELCOME, title="Hostile\x1b[2J\x1b]0;pwned\x07", future_field=[1, 2]),
            json.dumps({"type": "confetti", "colour": "gold"}),
            but(QUESTION, prompt="The _____ left\x1b[31m _____.\x9b"),
            json.dumps(END),
        ]
    )
    status, out, err = await join(url)
    assert status == 0, (out, err)
    assert "Joined “Hostile[2J]0;pwned” as Tess" in out  # the escapes, without their ESC
    assert "The _____ left[31m _____." in out and "Game over." in out
    assert not any(char in out + err for char in "\x1b\x07\x9b")
