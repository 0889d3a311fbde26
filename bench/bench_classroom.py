"""Classroom server benchmark: simulated students on loopback, the server in its own process.

    python bench/bench_classroom.py [--students 200] [--big 1000] [--questions 8] [--workers 2]

Scenarios, each a real game over real WebSockets on 127.0.0.1 (nothing leaves the machine):

1. `--students` students (200) play a speed game of `--questions` choice questions. For each
   question: the time from the moment the host opens it (just before `advance()` in the server
   process) until each student has received it (target: p95 under 250 ms), every answer
   acknowledged, the server's count of answers equal to the number sent (no answer lost).
2. The same delivery against the floor: a bare aiohttp WebSocket server that sends one
   question-sized frame to the same number of connections in a plain loop. The ratio of the
   two p95s says what the game itself costs over aiohttp.
3. `--big` students (1000) complete a game: the same figures, reported.

Server memory per connected student: (RSS with everyone joined − RSS before the first
connection) / students, from /proc/self/status (Linux) in the server process. The WebSocket
handshake is checked for the absence of permessage-deflate (compression off).

The server runs with its admission limits on, as `sahel-quiz host` runs it (connections per
address, the join deadline, the wrong-PIN guard, the Origin check), and every simulated student
connects from its own loopback address (127.10.x.y: Linux routes 127.0.0.0/8 to lo), as the
phones of a real class each have their own; the floor's students do the same.

Both clocks are `time.monotonic()` (CLOCK_MONOTONIC, shared by every process on the machine).
Every wait has a timeout, so the script always stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from _common import learner_env

WAIT = 60.0  # seconds: the longest any single step may take
BATCH = 50  # connections opened at once by one worker

# -- the server process ----------------------------------------------------------------------


def _rss_bytes() -> int:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _emit(event: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(event) + "\n")
    sys.stdout.flush()


def _bench_deck(questions: int) -> Any:
    from sahel_quiz.deck.model import Deck

    cards = [
        {
            "id": f"q{i}",
            "type": "choice",
            "prompt": f"Benchmark question {i}: which of these four options is the right one?",
            "options": [f"Option {letter} of question {i}" for letter in "ABCD"],
            "answer": f"Option A of question {i}",
            "explain": "A benchmark explanation of a realistic length, shown at the reveal.",
        }
        for i in range(questions)
    ]
    return Deck.model_validate({"id": "bench", "title": "Benchmark", "cards": cards})


async def _serve_game(questions: int) -> None:
    from sahel_quiz.classroom.server import ClassroomServer
    from sahel_quiz.engine.classroom import ClassroomGame, build_questions

    deck = _bench_deck(questions)
    game = ClassroomGame(
        build_questions(deck.cards, seed=1),
        title=deck.title,
        language="en",
        mode="speed",
        pin="123456",
        time_limit=WAIT,
    )
    server = ClassroomServer(game, host="127.0.0.1", port=0, heartbeat=None)
    await server.start()
    phase = {"seen": game.phase}

    def on_change() -> None:
        if game.phase != phase["seen"]:
            phase["seen"] = game.phase
            event: dict[str, Any] = {"event": game.phase, "index": game.current}
            if game.phase == "reveal":
                line, _ = game.question_result(game.current)
                event["answered"] = line.answered
            _emit(event)

    server.add_listener(on_change)
    _emit({"event": "ready", "port": server.port, "pin": game.pin, "rss": _rss_bytes()})

    def advance() -> None:
        t0, t1 = _advance(server)
        _emit({"event": "advanced", "t0": t0, "t1": t1})

    await _commands(server, advance)
    await server.stop()


def _advance(server: Any) -> tuple[float, float]:
    t0 = time.monotonic()
    server.advance()
    return t0, time.monotonic()


async def _serve_floor() -> None:
    from aiohttp import web

    sockets: list[web.WebSocketResponse] = []
    frame = json.dumps(
        {
            "type": "question",
            "index": 0,
            "count": 8,
            "card_type": "choice",
            "prompt": "Benchmark question 0: which of these four options is the right one?",
            "options": [f"Option {letter} of question 0" for letter in "ABCD"],
            "items": None,
            "blanks": None,
            "unit": None,
            "hint": "choose one",
            "points": 1.0,
            "max_score": 1000,
            "clock": "question",
            "time_limit": 20.0,
            "remaining": 20.0,
            "answered": False,
        }
    )

    async def handler(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(compress=False)
        await ws.prepare(request)
        sockets.append(ws)
        async for _ in ws:
            pass
        return ws

    app = web.Application()
    app.router.add_get("/ws", handler)
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]

    def broadcast() -> None:
        t0 = time.monotonic()
        for ws in sockets:
            asyncio.get_running_loop().create_task(ws.send_str(frame))
        _emit({"event": "advanced", "t0": t0, "t1": time.monotonic()})

    class Floor:
        def advance(self) -> None:
            broadcast()

    _emit({"event": "ready", "port": port, "pin": "", "rss": _rss_bytes()})
    await _commands(Floor(), broadcast)
    for ws in sockets:
        await ws.close()
    await runner.cleanup()


async def _commands(server: Any, advance: Any) -> None:
    """Commands from the benchmark on standard input: the host's hand, in-process here."""
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while True:
        line = (await reader.readline()).decode().strip()
        if line in ("", "quit"):
            return
        if line == "rss":
            _emit({"event": "rss", "rss": _rss_bytes()})
        elif line == "advance":
            advance()
        elif line == "plain-advance":
            server.advance()


def serve(kind: str, questions: int) -> None:
    asyncio.run(_serve_game(questions) if kind == "game" else _serve_floor())


# -- the student processes -------------------------------------------------------------------


def student_address(number: int) -> str:
    """Student `number`'s own loopback address: 127.10.0.1, 127.10.0.2, … (200 per /24)."""
    return f"127.10.{number // 200}.{number % 200 + 1}"


async def _students(
    conn: Connection,
    url: str,
    pin: str,
    names: list[str],
    floor: bool,
    frames: int,
) -> None:
    import aiohttp

    received: dict[int, list[float]] = {}
    round_trips: list[float] = []
    acks = 0
    errors: list[str] = []
    compressed = False
    sessions: dict[str, aiohttp.ClientSession] = {}

    def session_for(name: str) -> aiohttp.ClientSession:
        """One phone, one address, as in a classroom."""
        address = student_address(int(name.removeprefix("student")))
        if address not in sessions:
            connector = aiohttp.TCPConnector(limit=0, local_addr=(address, 0))
            sessions[address] = aiohttp.ClientSession(connector=connector)
        return sessions[address]

    try:
        sockets: list[aiohttp.ClientWebSocketResponse] = []
        for start in range(0, len(names), BATCH):
            batch = names[start : start + BATCH]
            opened = await asyncio.gather(
                *(session_for(name).ws_connect(url, compress=0) for name in batch)
            )
            for ws, name in zip(opened, batch, strict=True):
                compressed = compressed or bool(
                    ws._response.headers.get("Sec-WebSocket-Extensions")
                )
                if not floor:
                    await ws.send_json({"type": "join", "pin": pin, "name": name})
                sockets.append(ws)

        async def play(ws: aiohttp.ClientWebSocketResponse) -> None:
            nonlocal acks
            sent_at = 0.0
            count = 0
            async for message in ws:
                at = time.monotonic()
                if floor:
                    received.setdefault(count, []).append(at)
                    count += 1
                    if count == frames:
                        return
                    continue
                data = json.loads(message.data)
                kind = data["type"]
                if kind == "question":
                    received.setdefault(data["index"], []).append(at)
                    sent_at = time.monotonic()
                    await ws.send_json({"type": "answer", "question": data["index"], "response": 0})
                elif kind == "answered":
                    acks += 1
                    round_trips.append(at - sent_at)
                elif kind == "error":
                    errors.append(data["code"])
                elif kind == "end":
                    return

        welcomed = 0
        if not floor:  # wait for every welcome before telling the parent
            for ws in sockets:
                message = await asyncio.wait_for(ws.receive(), WAIT)
                welcomed += json.loads(message.data)["type"] == "welcome"
        conn.send({"joined": len(sockets), "welcomed": welcomed, "compressed": compressed})
        await asyncio.wait_for(asyncio.gather(*(play(ws) for ws in sockets)), WAIT * 4)
        for ws in sockets:
            await ws.close()
    finally:
        for session in sessions.values():
            await session.close()
    conn.send({"received": received, "acks": acks, "round_trips": round_trips, "errors": errors})


def student_process(
    conn: Connection,
    url: str,
    pin: str,
    names: list[str],
    floor: bool,
    frames: int,
) -> None:
    asyncio.run(_students(conn, url, pin, names, floor, frames))


# -- the benchmark ---------------------------------------------------------------------------


class ServerProcess:
    def __init__(self, kind: str, questions: int) -> None:
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--serve", kind, "--questions", str(questions)],
            env=learner_env(),  # the server as a teacher's machine runs it
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )

    def event(self, *kinds: str) -> dict[str, Any]:
        assert self.process.stdout is not None
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                raise RuntimeError("the server process ended")
            event: dict[str, Any] = json.loads(line)
            if event["event"] in kinds:
                return event
        raise TimeoutError(kinds)

    def send(self, command: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.send("quit")
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def run_scenario(students: int, questions: int, workers: int, floor: bool) -> dict[str, Any]:
    server = ServerProcess("floor" if floor else "game", questions)
    pipes: list[Connection] = []
    processes: list[multiprocessing.Process] = []
    try:
        ready = server.event("ready")
        url = f"ws://127.0.0.1:{ready['port']}/ws"
        server.send("rss")
        before = server.event("rss")["rss"]
        names = [f"student{i:04d}" for i in range(students)]
        for w in range(workers):
            parent, child = multiprocessing.Pipe()
            process = multiprocessing.Process(
                target=student_process,
                args=(child, url, ready["pin"], names[w::workers], floor, questions),
                daemon=True,
            )
            process.start()
            pipes.append(parent)
            processes.append(process)
        joined = [_receive(pipe) for pipe in pipes]
        server.send("rss")
        after = server.event("rss")["rss"]
        opened: list[float] = []
        calls: list[float] = []
        server_answers: list[int] = []
        for index in range(questions):
            if not floor and index:
                server.send("plain-advance")  # reveal → leaderboard
                server.event("leaderboard")
            server.send("advance")  # lobby → question 0, or leaderboard → next question
            advanced = server.event("advanced")
            opened.append(advanced["t0"])
            calls.append(advanced["t1"] - advanced["t0"])
            if floor:
                time.sleep(0.3)
            else:
                server_answers.append(server.event("reveal")["answered"])
        if not floor:
            server.send("plain-advance")  # the last reveal → the end
            server.event("ended")
        results = [_receive(pipe) for pipe in pipes]
    finally:
        for process in processes:
            process.join(timeout=15)
            if process.is_alive():
                process.kill()
        server.close()
    latencies: list[float] = []
    everyone: list[float] = []
    for index, t0 in enumerate(opened):
        times = [t for r in results for t in r["received"].get(index, [])]
        latencies += [t - t0 for t in times]
        if len(times) == students:
            everyone.append(max(times) - t0)
    return {
        "students": students,
        "joined": sum(j["joined"] for j in joined),
        "welcomed": sum(j.get("welcomed", 0) for j in joined),
        "compressed": any(j["compressed"] for j in joined),
        "delivered": len(latencies),
        "expected": students * questions,
        "latencies": latencies,
        "everyone": everyone,
        "acks": sum(r["acks"] for r in results),
        "round_trips": [t for r in results for t in r["round_trips"]],
        "errors": [e for r in results for e in r["errors"]],
        "server_answers": server_answers,
        "rss_per_student": (after - before) / students,
        "calls": calls,
    }


def _receive(pipe: Connection) -> dict[str, Any]:
    if not pipe.poll(WAIT * 4):
        raise TimeoutError("a student process did not answer")
    data: dict[str, Any] = pipe.recv()
    return data


def _ms(value: float) -> str:
    return f"{1000 * value:.1f} ms"


def report(title: str, figures: dict[str, Any], floor: dict[str, Any] | None = None) -> None:
    lat = figures["latencies"]
    print(f"\n{title}")
    print(f"  students joined: {figures['joined']}/{figures['students']}"
          f" (welcomed {figures['welcomed']}); WebSocket compression: "
          f"{'ON' if figures['compressed'] else 'off'}")  # fmt: skip
    print(f"  questions delivered: {figures['delivered']}/{figures['expected']}")
    if lat:
        print(
            f"  question open → student has it: median {_ms(statistics.median(lat))}, "
            f"p95 {_ms(_percentile(lat, 0.95))}, max {_ms(max(lat))}"
        )
    if figures["calls"]:
        print(
            f"  the host's call that opens a question (views, encoding, queueing): median "
            f"{_ms(statistics.median(figures['calls']))}"
        )
    if figures["everyone"]:
        every = figures["everyone"]
        print(
            f"  question open → every student has it: median {_ms(statistics.median(every))}, "
            f"p95 {_ms(_percentile(every, 0.95))} over {len(every)} questions"
        )
    if floor is not None and floor["latencies"] and lat:
        ours, bare = _percentile(lat, 0.95), _percentile(floor["latencies"], 0.95)
        print(
            f"  floor (bare aiohttp broadcast of one frame): median "
            f"{_ms(statistics.median(floor['latencies']))}, p95 {_ms(bare)}; "
            f"ratio of p95s {ours / bare:.2f}"
        )
    if figures["round_trips"]:
        trips = figures["round_trips"]
        print(
            f"  answers acknowledged: {figures['acks']}/{figures['expected']} "
            f"(answer → ack median {_ms(statistics.median(trips))}, "
            f"p95 {_ms(_percentile(trips, 0.95))}); errors: {len(figures['errors'])}"
        )
        answers = figures["server_answers"]
        print(
            f"  answers counted by the server: {sum(answers)}/{figures['expected']} "
            f"({'none lost' if sum(answers) == figures['expected'] else 'SOME LOST'})"
        )
    print(f"  server memory per connected student: {figures['rss_per_student'] / 1024:.1f} KiB")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--big", type=int, default=1000)
    parser.add_argument("--questions", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--serve", choices=["game", "floor"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.questions)
        return 0
    cores = os.cpu_count()
    print(f"Classroom benchmark on loopback: {cores} cores, Python {sys.version.split()[0]}")
    ours = run_scenario(args.students, args.questions, args.workers, floor=False)
    floor = run_scenario(args.students, args.questions, args.workers, floor=True)
    report(f"{args.students} students, {args.questions} questions (speed mode)", ours, floor)
    lat = ours["latencies"]
    if lat:
        p95 = _percentile(lat, 0.95)
        print(f"  target p95 < 250 ms: {'met' if p95 < 0.25 else 'NOT met'} ({_ms(p95)})")
    if args.big:
        big = run_scenario(args.big, max(3, args.questions // 2), args.workers, floor=False)
        report(f"{args.big} students, {max(3, args.questions // 2)} questions", big)
    return 0


if __name__ == "__main__":
    sys.exit(main())
