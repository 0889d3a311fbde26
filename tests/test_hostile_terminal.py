"""The real command under hostile terminals: undecodable input, encodings that are not UTF-8,
closed or broken output, Ctrl+C, huge answers, bad option values and `TERM=dumb`. None ends in
a traceback, and every answer the learner saw acknowledged is in the store."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from terminal import Terminal

SAHEL_QUIZ = Path(sys.executable).with_name("sahel-quiz")
TYPED_FIRST = "--no-shuffle"


def _deck(tmp_path: Path) -> Path:
    """Two typed cards, the first asking for Russia."""
    path = tmp_path / "hostile.yaml"
    path.write_text(
        "id: hostile\ntitle: Hostile – terminals\ncards:\n"
        "  - id: where\n    type: typed\n    prompt: Which country?\n    answer: Russia\n"
        "  - id: who\n    type: typed\n    prompt: Who?\n    answer: Lavrov\n",
        encoding="utf-8",
    )
    return path


def _run(
    home: Path,
    *args: str,
    stdin: bytes = b"",
    env: dict[str, str] | None = None,
    **options: object,
) -> subprocess.CompletedProcess[bytes]:
    environment = {**os.environ, "SAHEL_QUIZ_HOME": str(home), **(env or {})}
    return subprocess.run(
        [str(SAHEL_QUIZ), *args],
        input=stdin,
        capture_output=True,
        env=environment,
        timeout=60,
        check=False,
        **options,  # type: ignore[arg-type]
    )


def _responses(home: Path) -> list[tuple[str, object]]:
    with sqlite3.connect(home / "progress.sqlite3") as connection:
        rows = connection.execute("SELECT card_id, response FROM reviews ORDER BY id").fetchall()
    return [(card_id, json.loads(text)) for card_id, text in rows]


def _quiz_results(home: Path) -> int:
    with sqlite3.connect(home / "progress.sqlite3") as connection:
        return int(connection.execute("SELECT COUNT(*) FROM quiz_results").fetchone()[0])


def test_invalid_utf8_typed_is_kept_as_a_replacement_character(home: Path, tmp_path: Path) -> None:
    result = _run(
        home,
        "play",
        "--plain",
        TYPED_FIRST,
        str(_deck(tmp_path)),
        "--limit",
        "1",
        stdin=b"Russi\xe9\n",
    )
    assert result.returncode == 0, result.stderr
    assert b"Traceback" not in result.stderr
    assert _responses(home) == [("where", "Russi\ufffd")]
    assert _quiz_results(home) == 1


def test_control_characters_typed_are_never_echoed_to_the_terminal(
    home: Path, tmp_path: Path
) -> None:
    """Pasted or piped text can carry escapes; the feedback that repeats the answer must not
    hand them to the terminal, and they are not kept (nor graded: the bell here is noise)."""
    typed = "\x1b]0;pwned\x07Rus\x07sia\u202e\nLav\x1b[2Jrov\n".encode()
    result = _run(home, "play", "--plain", TYPED_FIRST, str(_deck(tmp_path)), stdin=typed)
    assert result.returncode == 0, result.stderr
    for control in (b"\x1b", b"\x07", "\u202e".encode()):
        assert control not in result.stdout
    assert _responses(home) == [("where", "]0;pwnedRussia"), ("who", "Lav[2Jrov")]


@pytest.mark.parametrize("encoding", ["latin-1", "ascii"])
@pytest.mark.parametrize("command", ["play", "study", "stats"])
def test_an_output_encoding_that_is_not_utf8(
    home: Path, tmp_path: Path, encoding: str, command: str
) -> None:
    deck = (
        []
        if command == "stats"
        else [str(_deck(tmp_path)), TYPED_FIRST if command == "play" else "--seed=1"]
    )
    result = _run(
        home,
        command,
        "--plain",
        *deck,
        stdin=b"Russia\n\n3\n",
        env={"PYTHONIOENCODING": encoding},
    )
    assert result.returncode == 0, result.stderr
    assert b"Traceback" not in result.stderr
    assert b"Hostile - terminals" in result.stdout or command == "stats"  # the dash in ASCII
    if command != "stats":
        assert _responses(home)[0] == ("where", "Russia")


@pytest.mark.parametrize("encoding", ["latin-1", "ascii"])
def test_the_marks_of_an_answer_read_in_ascii(
    home: Path, every_type_path: Path, encoding: str
) -> None:
    """✓ and ✗ become + and x where the terminal cannot show them, never "?"; the words say
    what the marks mean all the same."""
    answers = b"\ny\n1\n1\nt\nLavorv\n13 years\n3\nfive\n1,2,3\n"
    result = _run(
        home,
        "play",
        "--plain",
        str(every_type_path),
        "--no-shuffle",
        "--seed=1",
        stdin=answers,
        env={"PYTHONIOENCODING": encoding},
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode(encoding)
    assert "Did you know it? (y/n)> + Right (1 / 1 point)\n  + I knew it (answer: Moscow)\n" in out
    assert "  x 1) Vladimir Putin (your answer, wrong)\n" in out
    assert "  + 3) Sergei Lavrov (right, not picked)\n" in out
    assert "  x True (your answer, wrong)\n  + False (right, not picked)\n" in out
    assert "  + Lavorv (spelling: Lav[ro]v, corrected letters in [ ])\n" in out
    assert "  x __2__ five (answer: 4)\n" in out
    assert 'Source: "Russian Foreign Minister Sergei Lavrov at his invitation" - source.txt' in out
    assert not re.search(r"^\s*\?|> \?", out, re.MULTILINE)  # no mark or verdict lost


def test_closed_standard_output_is_a_one_line_error(home: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        f'"{SAHEL_QUIZ}" play --plain "{_deck(tmp_path)}" >&-',
        shell=True,
        input=b"Russia\n",
        stderr=subprocess.PIPE,
        env={**os.environ, "SAHEL_QUIZ_HOME": str(home)},
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.decode().strip() == "sahel-quiz: error: standard output is closed"


@pytest.mark.parametrize(
    ("arguments", "option"),
    [
        (["study", "--limit", "0"], "--limit"),
        (["study", "--limit", "-1"], "--limit"),
        (["study", "--time-limit", "-1"], "--time-limit"),
        (["play", "--time-limit", "nan"], "--time-limit"),
        (["play", "--time-limit", "inf"], "--time-limit"),
        (["play", "--limit", "two"], "--limit"),
        (["study", "--new-per-day", "-3"], "--new-per-day"),
    ],
)
def test_bad_option_values_are_argparse_errors_naming_the_option(
    home: Path, arguments: list[str], option: str
) -> None:
    result = _run(home, *arguments, "--plain")
    assert result.returncode == 2
    last = result.stderr.decode().strip().splitlines()[-1]
    assert f"error: argument {option}" in last
    assert not (home / "progress.sqlite3").exists()  # refused before anything is opened


def test_a_huge_answer_is_cut_and_the_learner_told(home: Path, tmp_path: Path) -> None:
    huge = b"R" * (20 * 2**20) + b"\nLavrov\n"
    started = time.monotonic()
    result = _run(home, "play", "--plain", TYPED_FIRST, str(_deck(tmp_path)), stdin=huge)
    assert result.returncode == 0, result.stderr
    assert time.monotonic() - started < 30
    assert b"an answer has at most 4000 characters" in result.stdout
    (first, response), (second, lavrov) = _responses(home)
    assert (first, second, lavrov) == ("where", "who", "Lavrov")
    assert response == "R" * 4000
    assert (home / "progress.sqlite3").stat().st_size < 2**20


def test_ctrl_c_in_play_saves_the_result_of_the_cards_answered(home: Path, tmp_path: Path) -> None:
    child = subprocess.Popen(
        [str(SAHEL_QUIZ), "play", "--plain", TYPED_FIRST, str(_deck(tmp_path))],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "SAHEL_QUIZ_HOME": str(home)},
    )
    assert child.stdin is not None and child.stdout is not None
    child.stdin.write(b"Russia\n")
    child.stdin.flush()
    seen = b""
    while b"Who?" not in seen:
        seen += os.read(child.stdout.fileno(), 4096)
    time.sleep(0.2)  # waiting for the second answer
    child.send_signal(signal.SIGINT)
    _, err = child.communicate(timeout=30)
    assert child.returncode == 130
    assert b"Traceback" not in err
    assert _responses(home) == [("where", "Russia")]
    assert _quiz_results(home) == 1


def test_a_broken_pipe_in_play_saves_the_result(home: Path, tmp_path: Path) -> None:
    """The reader of the output goes away after the first answer: the result is saved with
    the answers given (the second prompt may already meet the broken pipe)."""
    child = subprocess.Popen(
        [str(SAHEL_QUIZ), "play", "--plain", TYPED_FIRST, str(_deck(tmp_path))],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "SAHEL_QUIZ_HOME": str(home)},
    )
    assert child.stdin is not None and child.stdout is not None and child.stderr is not None
    child.stdin.write(b"Russia\n")
    child.stdin.flush()
    seen = b""
    while b"Who?" not in seen:
        seen += os.read(child.stdout.fileno(), 4096)
    child.stdout.close()  # the pipe breaks
    child.stdin.write(b"Lavrov\n")
    child.stdin.close()
    err = child.stderr.read()
    assert child.wait(timeout=30) == 1
    assert err == b""
    answered = [card for card, _ in _responses(home)]
    assert answered in (["where"], ["where", "who"])
    with sqlite3.connect(home / "progress.sqlite3") as connection:
        assert connection.execute("SELECT card_count FROM quiz_results").fetchall() == [
            (len(answered),)
        ]


def test_term_dumb_gets_line_mode(home: Path, tmp_path: Path) -> None:
    terminal = Terminal("play", TYPED_FIRST, str(_deck(tmp_path)), home=home, env={"TERM": "dumb"})
    terminal.wait_for("TERM=dumb: using line mode")
    terminal.wait_for("Which country?")
    terminal.send("Russia\r")
    terminal.wait_for("Who?")
    terminal.send("\x04")
    assert terminal.finish() == 0
    assert b"\x1b[?1049h" not in terminal.seen  # never switched to the full-screen buffer
    assert _responses(home) == [("where", "Russia")]


@pytest.mark.parametrize(
    ("encoding", "shown"),
    [
        ("ascii", '[ ] [x] + x ~ <<"l\'ete">> ... -> ! 10 s\n'),
        ("latin-1", '[ ] [x] + x ~ «"l\'ete"» ... -> ! 10\xa0s\n'),
        ("utf-8", "☐ ☑ ✓ ✗ ◐ «“l’ete”» … → ⚠ 10\xa0s\n"),
    ],
)
def test_the_console_shows_marks_and_punctuation_in_any_encoding(encoding: str, shown: str) -> None:
    """The boxes and marks of the app, and our typography, as the terminal's encoding allows."""
    import io

    from sahel_quiz.plain.console import Console

    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding=encoding, errors="replace")
    Console(io.StringIO(), stream).say("☐ ☑ ✓ ✗ ◐ «“l’ete”» … → ⚠ 10\xa0s")
    stream.flush()
    assert raw.getvalue().decode(encoding) == shown
