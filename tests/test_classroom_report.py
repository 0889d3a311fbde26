"""Saving classroom games and `sahel-quiz report`: real store files, real subprocesses."""

from __future__ import annotations

import asyncio
import csv
import io
import os
import re
import signal
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import yaml
from classroom_clients import CLASSROOM_DECK, Devices, Student, right_answer, wrong_answer
from rich.cells import cell_len

from sahel_quiz.classroom.host import ClassroomHost, HostOptions
from sahel_quiz.commands.report import csv_cell
from sahel_quiz.deck.loader import load_deck
from sahel_quiz.deck.model import Deck
from sahel_quiz.engine.workspace import Workspace
from sahel_quiz.store import Store

DECK = Deck.model_validate(CLASSROOM_DECK)
CARDS = DECK.cards


@pytest.fixture
def deck_file(tmp_path: Path) -> Path:
    """The test deck as a YAML file, with the source text its quote comes from."""
    (tmp_path / "source.txt").write_text("The minister came at his invitation.\n", encoding="utf-8")
    data = {**CLASSROOM_DECK, "source": "source.txt"}
    path = tmp_path / "classroom-test.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def report(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sahel_quiz", "--home", str(home), "report", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


async def play_a_game(host: ClassroomHost, answers: dict[str, str]) -> None:
    """Each student answers every question right, wrong or not at all ("right"/"wrong"/"none").

    Each student's phone is at its own loopback address.
    """
    devices = Devices()
    try:
        students: dict[str, Student] = {}
        for name in answers:
            url = f"ws://127.0.0.1:{host.server.port}/ws"
            student = await Student(devices.session(), url).connect()
            await student.join(host.pin, name)
            students[name] = student
        host.server.start_game()
        for index in range(host.game.question_count):
            for name, how in answers.items():
                question = await students[name].expect(
                    "question", skip=("lobby", "leaderboard", "reveal")
                )
                assert question["index"] == index
                if how != "none":
                    pick = right_answer if how == "right" else wrong_answer
                    await students[name].answer(index, pick(question, CARDS))
            host.server.close_question()
            host.server.advance()
            if index + 1 < host.game.question_count:
                host.server.advance()
        for student in students.values():
            await student.expect("end", skip=("lobby", "leaderboard", "reveal", "question"))
            await student.close()
    finally:
        await devices.close()


async def test_a_game_is_saved_and_reported_with_its_csv(deck_file: Path, home: Path) -> None:
    workspace = Workspace(home=home)
    store = workspace.store
    host = ClassroomHost(
        load_deck(deck_file), workspace, HostOptions(bind="127.0.0.1", port=0, seed=3, record=True)
    )
    await host.start()
    assert host.urls == [f"http://127.0.0.1:{host.server.port}/?pin={host.pin}"]
    await play_a_game(host, {"Awa": "right", "Moussa": "wrong", "Idle": "none"})
    await host.stop()
    session_id = host.session_id
    assert session_id is not None
    assert store.review_count("Awa", DECK.id) == 7  # --record: answers became reviews
    assert store.review_count("Moussa", DECK.id) == 7
    assert "Idle" not in store.profiles()
    workspace.close()

    listing = report(home)
    assert listing.returncode == 0, listing.stderr
    assert re.search(
        rf"^\s*{session_id}\s+\S+ \S+\s+classroom-test\s+speed\s+3\s+finished", listing.stdout, re.M
    )

    shown = report(home, str(session_id))
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    students = lines[lines.index("Students") + 2 : lines.index("Students") + 5]
    assert [line.split()[:2] for line in students] == [["1", "Awa"], ["2", "Moussa"], ["3", "Idle"]]
    assert students[0].split()[3] == "7/7" and students[1].split()[3] == "0/7"
    assert "33%" in shown.stdout and "2/3" in shown.stdout

    csv_path = home / "out.csv"
    exported = report(home, "last", "--csv", str(csv_path))
    assert exported.returncode == 0, exported.stderr
    text = csv_path.read_text(encoding="utf-8-sig")
    student_part, question_part = text.split("\n\n")
    student_rows = list(csv.DictReader(io.StringIO(student_part)))
    question_rows = list(csv.DictReader(io.StringIO(question_part)))
    assert [r["student"] for r in student_rows] == ["Awa", "Moussa", "Idle"]
    assert [r["rank"] for r in student_rows] == ["1", "2", "3"]
    assert int(student_rows[0]["score"]) > 7000 and student_rows[1]["score"] == "0"
    assert student_rows[0]["right"] == "7" and student_rows[2]["answered"] == "0"
    assert student_rows[2]["mean_response_s"] == ""
    assert float(student_rows[0]["mean_response_s"]) >= 0
    assert [r["question"] for r in question_rows] == [str(i) for i in range(1, 8)]
    assert {r["card_id"] for r in question_rows} == {c.id for c in CARDS if c.type != "basic"}
    assert all(
        r["players"] == "3" and r["answered"] == "2" and r["right"] == "1" for r in question_rows
    )
    assert all(float(r["share_right"]) == pytest.approx(1 / 3, abs=1e-3) for r in question_rows)
    assert next(csv.reader(io.StringIO(student_part))) == [
        "rank", "student", "score", "right", "answered", "mean_response_s"
    ]  # fmt: skip


FORMULAS = ["=1+2", '=HYPERLINK("x.io")', "@SUM(1+1)*cmd|"]  # 20 characters at most


async def test_nicknames_that_are_formulas_reach_the_spreadsheet_as_text(
    deck_file: Path, home: Path
) -> None:
    """The attack: formula nicknames joined from phones, then `report --csv`."""
    workspace = Workspace(home=home)
    host = ClassroomHost(load_deck(deck_file), workspace, HostOptions(bind="127.0.0.1", port=0))
    await host.start()
    names = [*FORMULAS, "+33 6 12", "-Awa", "李小龍"]
    await play_a_game(host, dict.fromkeys(names, "right"))
    await host.stop()
    workspace.store.close()
    exported = subprocess.run(
        [sys.executable, "-m", "sahel_quiz", "--home", str(home), "report", "last", "--csv", "-"],
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout.startswith(b"\xef\xbb\xbf")  # the byte-order mark the docs promise
    to_file = home / "results.csv"
    assert report(home, "last", "--csv", str(to_file)).returncode == 0
    assert to_file.read_bytes() == exported.stdout  # the same bytes either way
    text = exported.stdout.decode("utf-8-sig")
    students = list(csv.DictReader(io.StringIO(text.split("\n\n")[0])))
    assert sorted(r["student"] for r in students) == sorted(
        name if name == "李小龍" else "'" + name for name in names
    )
    for row in students:
        for cell in row.values():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
        assert re.fullmatch(r"\d+\.\d{3}", row["mean_response_s"]), row["mean_response_s"]
    shown = report(home, "last").stdout.splitlines()
    table = shown[shown.index("Students") + 1 : shown.index("Students") + 2 + len(names)]
    assert len({cell_len(line) for line in table}) == 1, table  # columns line up, CJK included


def test_every_cell_that_would_start_a_formula_is_neutralised() -> None:
    for text in ["=1", "+1", "-1", "@A1", "\tx", "\rx"]:
        assert csv_cell(text) == "'" + text
    assert csv_cell("Awa") == "Awa" and csv_cell(-3) == -3 and csv_cell("") == ""


def test_report_refuses_what_it_cannot_show(home: Path) -> None:
    empty = report(home)
    assert empty.returncode == 0 and "No classroom sessions yet" in empty.stdout
    for args, message in [
        (["42"], "no classroom session 42"),
        (["first"], "SESSION is a session number or “last”"),
        (["--csv", "x.csv"], "name the SESSION to export"),
        (["last"], "no classroom sessions yet"),
    ]:
        result = report(home, *args)
        assert result.returncode == 2, args
        assert message in result.stderr and "Traceback" not in result.stderr


# -- the line-mode host, as a teacher runs it --------------------------------------------------


class HostProcess:
    """`sahel-quiz host --plain` in a subprocess, driven through its standard input."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.output: list[str] = []

    async def line_matching(self, pattern: str, timeout: float = 15.0) -> re.Match[str]:
        async def find() -> re.Match[str]:
            assert self.process.stdout is not None
            while True:
                raw = await self.process.stdout.readline()
                if not raw:
                    raise AssertionError(f"host exited; output:\n{''.join(self.output)}")
                line = raw.decode()
                self.output.append(line)
                found = re.search(pattern, line)
                if found:
                    return found

        return await asyncio.wait_for(find(), timeout)

    async def type(self, text: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(text.encode())
        await self.process.stdin.drain()

    async def finish(self, timeout: float = 15.0) -> tuple[int, str]:
        assert self.process.stdout is not None
        rest = await asyncio.wait_for(self.process.stdout.read(), timeout)
        code = await asyncio.wait_for(self.process.wait(), timeout)
        return code, "".join(self.output) + rest.decode()


@pytest.fixture
async def host_process(deck_file: Path, home: Path) -> AsyncIterator[Any]:
    started: list[HostProcess] = []

    async def start(*options: str) -> HostProcess:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "sahel_quiz", "--home", str(home), "host", str(deck_file),
            "--plain", "--bind", "127.0.0.1", "--port", "0", "--seed", "1", *options,
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )  # fmt: skip
        host = HostProcess(process)
        started.append(host)
        return host

    yield start
    for host in started:
        if host.process.returncode is None:
            host.process.kill()
            await host.process.wait()


async def test_quitting_in_the_middle_saves_what_was_played(host_process: Any, home: Path) -> None:
    host: HostProcess = await host_process()
    found = await host.line_matching(r"Join at: (http://127\.0\.0\.1:(\d+)/\?pin=(\d{6}))")
    port, pin = found.group(2), found.group(3)
    await host.line_matching("Press Enter to start")
    async with aiohttp.ClientSession() as session:
        awa = await Student(session, f"ws://127.0.0.1:{port}/ws").connect()
        await awa.join(pin, "Awa")
        await host.line_matching(r"\+ Awa joined \(1 player\)")
        await host.type("\n")
        question = await awa.expect("question")
        await awa.answer(0, right_answer(question, CARDS))  # everyone answered: it closes
        await host.line_matching("Press Enter for the leaderboard")
        await host.type("\n\n")
        await host.line_matching(r"Question 2 of 7")
        await awa.expect("question", skip=("lobby", "reveal", "leaderboard"))
        await host.type("q\n")  # quit in the middle of question 2
        end = await awa.expect("end", skip=("lobby", "reveal", "leaderboard"))
        assert end["you"]["score"] > 0 and end["you"]["answered"] == 1
        code, output = await host.finish()
        await awa.close()
    assert code == 0, output
    assert "Final ranking:" in output and "1. Awa" in output
    session_id = int(re.search(r"Saved as classroom session (\d+)", output).group(1))  # type: ignore[union-attr]
    with Store.open(home) as store:
        saved = store.classroom_report(session_id)
    assert saved.session.finished_at is not None
    assert [q.index for q in saved.questions] == [0, 1]
    assert (saved.questions[0].right, saved.questions[1].answered) == (1, 0)
    assert [(p.nickname, p.right) for p in saved.players] == [("Awa", 1)]


async def test_the_line_mode_host_locks_gives_extra_time_stops_the_clock_and_names_guessers(
    host_process: Any,
) -> None:
    host: HostProcess = await host_process("--time-limit", "30")
    found = await host.line_matching(r"Join at: http://127\.0\.0\.1:(\d+)/\?pin=(\d{6})")
    url, pin = f"ws://127.0.0.1:{found.group(1)}/ws", found.group(2)
    devices = Devices()
    try:
        guesser = await Student(devices.session("127.0.0.2"), url).connect()
        for wrong in ("000000", "111111"):
            await guesser.send({"type": "join", "pin": wrong, "name": "Guess"})
            assert (await guesser.expect("error"))["code"] == "wrong_pin"
        await host.line_matching(r"! 2 wrong PIN attempts from 127\.0\.0\.2")
        awa = await Student(devices.session(), url).connect()
        await awa.join(pin, "Awa")
        await host.type("lock\n")
        await host.line_matching("The game is locked")
        late = await Student(devices.session(), url).connect()
        await late.send({"type": "join", "pin": pin, "name": "Late"})
        assert (await late.expect("error"))["code"] == "game_locked"
        await host.type("extra awa\n")
        await host.line_matching("Awa has extra time")
        await host.type("\n")
        question = await awa.expect("question")
        assert question["time_limit"] == 60.0
        await host.type("time off\n")
        await host.line_matching("Time limits are off")
        assert not (await awa.expect("question"))["timed"]
        await host.type("q\n")
        code, output = await host.finish()
    finally:
        await devices.close()
    assert code == 0, output


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child is a Unix affair")
async def test_ctrl_c_ends_the_game_cleanly_and_saves(host_process: Any, home: Path) -> None:
    host: HostProcess = await host_process("--mode", "self-paced", "--time-limit", "120")
    found = await host.line_matching(r"Join at: http://127\.0\.0\.1:(\d+)/\?pin=(\d{6})")
    port, pin = found.group(1), found.group(2)
    async with aiohttp.ClientSession() as session:
        awa = await Student(session, f"ws://127.0.0.1:{port}/ws").connect()
        await awa.join(pin, "Awa")
        await host.line_matching(r"\+ Awa joined")
        await host.type("\n")
        for index in range(2):
            question = await awa.expect("question")
            await awa.answer(index, right_answer(question, CARDS))
        await host.line_matching(r"progress: Awa 2/7")
        host.process.send_signal(signal.SIGINT)
        end = await awa.expect("end", skip=("question",))
        assert end["you"]["score"] == 2000 and len(end["review"]) == 7
        code, output = await host.finish()
        await awa.close()
    assert code == 0, output
    assert "Traceback" not in output and "Saved as classroom session" in output
    with Store.open(home) as store:
        (session,) = store.classroom_sessions()
        saved = store.classroom_report(session.id)
    assert session.mode == "self-paced" and session.finished_at is not None
    assert len(saved.questions) == 7 and sum(q.answered for q in saved.questions) == 2
    assert saved.players[0].score == 2000


def test_host_refuses_bad_options_in_one_line(
    deck_file: Path, home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from sahel_quiz.cli import main

    for args, message in [
        (["--time-limit", "0"], "--time-limit must be a positive number"),
        (["--limit", "0"], "--limit must be at least 1"),
        (["--port", "70000"], "--port must be between 0 and 65535"),
        (["--mode", "self-paced", "--time-limit", "-5"], "--time-limit must be a positive number"),
    ]:
        command = ["--home", str(home), "host", str(deck_file), "--plain", "--bind", "127.0.0.1"]
        assert main([*command, *args]) == 2, args
        error = capsys.readouterr().err
        assert message in error and error.count("\n") == 1, error
    with Store.open(home) as store:
        assert store.classroom_sessions() == []


async def test_a_port_in_use_is_a_one_line_error(deck_file: Path, home: Path) -> None:
    import socket

    from sahel_quiz.errors import UserError

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        host = ClassroomHost(load_deck(deck_file), None, HostOptions(bind="127.0.0.1", port=port))
        with pytest.raises(UserError, match=rf"cannot listen on 127\.0\.0\.1:{port} .*--port"):
            await host.start()
        await host.stop()
