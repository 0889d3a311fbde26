"""A damaged or hostile progress store, as a user meets it: a real page of garbage, two
processes opening it at once, drifted tables, a FIFO or a folder in its place, a file that
cannot be written, a disk that fills up. Every review that can be read survives."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from sahel_quiz.engine.review import review, unsaved_count
from sahel_quiz.errors import UserError
from sahel_quiz.scheduling import Scheduler
from sahel_quiz.scoring import Rating
from sahel_quiz.store import (
    ClassroomAnswer,
    ClassroomPlayerLine,
    ClassroomQuestionLine,
    Store,
    opening,
)

SAHEL_QUIZ = Path(sys.executable).with_name("sahel-quiz")
START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
SCHEDULER = Scheduler()


def _answer(store: Store, card_id: str, now: datetime, profile: str = "ana") -> bool:
    done = review(
        store,
        SCHEDULER,
        profile=profile,
        deck_id="deck",
        card_id=card_id,
        content_hash="h",
        rating=Rating.GOOD,
        now=now,
        mode="study",
        response="Niamey",
    )
    return done.saved


def _progress(home: Path, players: int = 400) -> None:
    """52 reviews of 20 cards, and a classroom session with many players (several pages)."""
    with Store.open(home) as store:
        moment = START
        for number in range(52):
            _answer(store, f"card-{number % 20:02d}", moment)
            moment += timedelta(minutes=11)
        session = store.create_classroom_session(
            "deck", title="Class", mode="speed", pin="123456", started_at=START
        )
        lines = [
            ClassroomPlayerLine(f"student-{n:04d}-" + "x" * 40, n + 1, 1000 - n, 1, 1, 900)
            for n in range(players)
        ]
        store.record_classroom_question(
            session,
            ClassroomQuestionLine(0, "card-00", "typed", "Where?", players, players, 1, 900),
            [
                ClassroomAnswer(0, line.nickname, "card-00", "Niamey", 1.0, 1000, 900, START)
                for line in lines
            ],
            lines,
        )


def _counts(home: Path) -> tuple[int, int]:
    with sqlite3.connect(home / "progress.sqlite3") as connection:
        reviews = connection.execute("SELECT COUNT(*) FROM reviews").fetchone()[0]
        states = connection.execute("SELECT COUNT(*) FROM card_states").fetchone()[0]
    return reviews, states


def _garbage_in_a_page_of(path: Path, table: str, size: int = 3000) -> None:
    """Write `size` bytes of garbage into one leaf page of `table` in the real file."""
    with sqlite3.connect(path) as connection:
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        root = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)
        ).fetchone()[0]
        pages = connection.execute(
            "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno",
            (table,),
        ).fetchall()
    page = pages[len(pages) // 2][0] if pages else root
    with path.open("r+b") as handle:
        handle.seek((page - 1) * page_size + 100)
        handle.write(bytes((n * 37 + 11) % 256 for n in range(size)))


def _sahel(home: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """The real command on `home`, as a user runs it."""
    return subprocess.run(
        [str(SAHEL_QUIZ), *args],
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, "SAHEL_QUIZ_HOME": str(home)},
        timeout=60,
        check=False,
    )


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _crash_marker(home: Path) -> None:
    (home / f"progress.sqlite3.open-{_dead_pid()}-0").touch()


def _moved(home: Path) -> list[Path]:
    return [
        p for p in home.iterdir() if ".damaged-" in p.name and p.name[-4:] not in ("-wal", "-shm")
    ]


def _has_dbstat() -> bool:
    with sqlite3.connect(":memory:") as connection:
        try:
            connection.execute("SELECT * FROM dbstat LIMIT 1")
        except sqlite3.OperationalError:
            return False
    return True


needs_dbstat = pytest.mark.skipif(not _has_dbstat(), reason="this SQLite has no dbstat table")


@needs_dbstat
def test_garbage_in_a_classroom_page_costs_no_review(home: Path) -> None:
    _progress(home)
    assert _counts(home) == (52, 20)
    _garbage_in_a_page_of(home / "progress.sqlite3", "classroom_players")
    with sqlite3.connect(home / "progress.sqlite3") as connection:
        assert connection.execute("PRAGMA quick_check").fetchone()[0] != "ok"

    result = _sahel(home, "doctor")
    assert result.returncode == 0, result.stderr
    (notice,) = result.stderr.strip().splitlines()
    (moved,) = _moved(home)
    assert "recovered 52 reviews and 20 card states" in notice and str(moved) in notice
    assert "repaired" in result.stdout
    assert _counts(home) == (52, 20)
    with sqlite3.connect(home / "progress.sqlite3") as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        players = connection.execute("SELECT COUNT(*) FROM classroom_players").fetchone()[0]
    assert 0 < players < 400  # the rows of the damaged page are gone, the others kept
    with Store.open(home) as store:
        assert store.notices == []
        assert len(store.card_states("ana", "deck")) == 20


@needs_dbstat
def test_card_states_on_a_damaged_page_are_rebuilt_from_the_log(home: Path) -> None:
    with Store.open(home) as store:
        for number in range(600):
            _answer(store, f"card-{number:04d}-" + "y" * 60, START)
        expected = store.card_states("ana", "deck")
    _garbage_in_a_page_of(home / "progress.sqlite3", "card_states")
    _crash_marker(home)  # an unclean shutdown: the next open checks
    with Store.open(home) as store:
        (notice,) = store.notices
        assert "recovered 600 reviews and 600 card states" in notice
        assert store.card_states("ana", "deck") == expected


@needs_dbstat
def test_damage_met_while_running_is_salvaged_at_the_next_open(home: Path) -> None:
    _progress(home)
    with Store.open(home) as store:
        # The file is damaged under a running session: its next read of that table meets it.
        _garbage_in_a_page_of(home / "progress.sqlite3", "classroom_players")
        with pytest.raises(UserError, match="damaged"):
            store.classroom_report(1)
        assert store.card_states("ana", "deck")  # the rest still reads
    assert (home / "progress.sqlite3.check").exists()
    with Store.open(home) as store:
        (notice,) = store.notices
        assert "recovered 52 reviews and 20 card states" in notice
    assert not (home / "progress.sqlite3.check").exists()


def test_a_clean_shutdown_skips_the_full_check(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    checks: list[Path] = []
    real = opening._sound
    monkeypatch.setattr(opening, "_sound", lambda path: checks.append(path) or real(path))
    with Store.open(home) as store:
        _answer(store, "c1", START)
    with Store.open(home):
        pass
    assert checks == []
    _crash_marker(home)
    with Store.open(home):
        pass
    assert len(checks) == 1
    with Store.open(home, check=True):
        pass
    assert len(checks) == 2


def test_a_power_cut_is_seen_even_when_a_live_process_has_the_old_id(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a reboot, the id of the process that had the store open may belong to another
    process: the marker's boot tells them apart, and the store is checked."""
    checks: list[Path] = []
    real = opening._sound
    monkeypatch.setattr(opening, "_sound", lambda path: checks.append(path) or real(path))
    monkeypatch.setattr(opening, "_boot_id", lambda: "this-boot")
    with Store.open(home) as store:
        _answer(store, "c1", START)
    assert checks == []
    alive = os.getppid()  # a live process, as a process of the new boot may be
    (home / f"progress.sqlite3.open-{alive}-0").write_text("an-earlier-boot", encoding="ascii")
    (home / f"progress.sqlite3.open-{alive}-1").write_text("this-boot", encoding="ascii")
    with Store.open(home):
        pass
    assert len(checks) == 1
    assert not (home / f"progress.sqlite3.open-{alive}-0").exists()
    assert (home / f"progress.sqlite3.open-{alive}-1").exists()  # its process may still run


def test_an_open_store_marks_itself_with_this_boot(home: Path) -> None:
    with Store.open(home):
        (marker,) = home.glob(f"progress.sqlite3.open-{os.getpid()}-*")
        assert marker.read_text(encoding="ascii") == opening._boot_id()
    assert not marker.exists()


OPENER = """
import sys, time
from sahel_quiz.store import Store
from sahel_quiz.engine.review import review
from sahel_quiz.scheduling import Scheduler
from sahel_quiz.scoring import Rating
from datetime import UTC, datetime, timedelta
home, name = sys.argv[1], sys.argv[2]
print("ready", flush=True)
sys.stdin.readline()
now = datetime(2026, 4, 1, tzinfo=UTC)
with Store.open(home) as store:
    print(len(store.notices), flush=True)
    for n in range(40):
        done = review(store, Scheduler(), profile="ana", deck_id="deck", card_id=f"{name}-{n}",
                      content_hash="h", rating=Rating.GOOD, now=now + timedelta(seconds=n),
                      mode="study")
        assert done.saved
        print(done.review_id, flush=True)
"""


@needs_dbstat
def test_two_processes_opening_a_damaged_store_repair_it_once(home: Path) -> None:
    _progress(home)
    _garbage_in_a_page_of(home / "progress.sqlite3", "classroom_players")
    _crash_marker(home)
    children = [
        subprocess.Popen(
            [sys.executable, "-c", OPENER, str(home), name],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("first", "second")
    ]
    for child in children:
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    for child in children:
        child.stdin.write("go\n")  # type: ignore[union-attr]
        child.stdin.flush()  # type: ignore[union-attr]
    outputs = [child.communicate(timeout=120) for child in children]
    for child, (_, err) in zip(children, outputs, strict=True):
        assert child.returncode == 0, err
    notices = sorted(int(out.split()[0]) for out, _ in outputs)
    assert notices == [0, 1]  # one repaired; the other found the fresh store
    assert len(_moved(home)) == 1
    acknowledged = [int(word) for out, _ in outputs for word in out.split()[1:]]
    assert len(acknowledged) == 80
    with sqlite3.connect(home / "progress.sqlite3") as connection:
        stored = {row[0] for row in connection.execute("SELECT id FROM reviews")}
    assert set(acknowledged) <= stored  # every acknowledged review is in the store shown
    assert _counts(home) == (52 + 80, 20 + 80)


def test_a_missing_table_is_recreated(home: Path) -> None:
    with Store.open(home) as store:
        _answer(store, "c1", START)
    with sqlite3.connect(home / "progress.sqlite3") as connection:
        connection.execute("DROP TABLE quiz_results")
        connection.execute("DROP INDEX card_states_due")
    with Store.open(home) as store:
        assert store.quiz_results("ana") == []
        assert store.card_state("ana", "deck", "c1") is not None
    with sqlite3.connect(home / "progress.sqlite3") as connection:
        names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    assert {"quiz_results", "card_states_due", "quiz_results_by_deck"} <= names


def test_a_drifted_table_is_refused_with_a_clear_message(home: Path) -> None:
    with Store.open(home) as store:
        _answer(store, "c1", START)
    with sqlite3.connect(home / "progress.sqlite3") as connection:
        connection.execute("ALTER TABLE reviews DROP COLUMN response")
    result = _sahel(home, "stats", "--plain")
    assert result.returncode == 2
    (line,) = result.stderr.strip().splitlines()
    assert "changed by another program" in line and "reviews lacks response" in line


@pytest.mark.parametrize("kind", ["fifo", "folder", "device"])
def test_something_else_in_place_of_the_store_is_refused_at_once(home: Path, kind: str) -> None:
    path = home / "progress.sqlite3"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    else:
        path.symlink_to("/dev/null")
    started = time.monotonic()
    result = _sahel(home, "stats", "--plain")
    assert time.monotonic() - started < 5  # well within a second of work; the rest is Python
    assert result.returncode == 2
    (line,) = result.stderr.strip().splitlines()
    words = {"fifo": "a FIFO", "folder": "a folder", "device": "a character device"}
    assert f"is {words[kind]}, not a progress store" in line


def _immutable(path: Path) -> Iterator[None]:
    done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"chattr +i is not possible here: {done.stderr.decode().strip()}")
    try:
        try:
            path.open("ab").close()
        except PermissionError:
            pass
        else:
            pytest.skip("the file stays writable after chattr +i on this filesystem")
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=False)


def test_an_immutable_store_keeps_the_answers_and_says_how_many(home: Path, tmp_path: Path) -> None:
    with Store.open(home) as store:
        _answer(store, "c1", START)
    deck = tmp_path / "d.yaml"
    deck.write_text(
        "id: d\ntitle: D\ncards:\n"
        + "".join(
            f"  - id: c{n}\n    type: typed\n    prompt: Q{n}?\n    answer: A{n}\n"
            for n in range(3)
        ),
        encoding="utf-8",
    )
    for _ in _immutable(home / "progress.sqlite3"):
        result = _sahel(home, "play", "--plain", "--no-shuffle", str(deck), stdin="A0\nA1\nA2\n")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stdout.count("Your answer could not be saved") == 3
    assert result.stdout.rstrip().endswith("Score: 3 / 3")  # the quiz went on to the end
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("sahel-quiz: error: 3 answers could not be saved (nor 1 quiz result)")
    assert _counts(home)[0] == 1  # nothing already saved was touched


def test_a_full_disk_keeps_answers_in_memory_and_saves_them_with_the_next(home: Path) -> None:
    """SQLite's own limit on the file's pages stands in for a disk that fills up."""
    with Store.open(home) as store:
        _answer(store, "warm-up", START)
        pages = store._connection.execute("PRAGMA page_count").fetchone()[0]
        store._connection.execute(f"PRAGMA max_page_count = {pages}")
        saved = [
            _answer(store, f"c{n}-" + "z" * 500, START + timedelta(minutes=n)) for n in range(30)
        ]
        assert saved[0] is True or not all(saved)
        lost = saved.count(False)
        assert lost > 0 and unsaved_count(store) == lost
        store._connection.execute("PRAGMA max_page_count = 1073741823")  # space again
        assert _answer(store, "after", START + timedelta(hours=1))
        assert unsaved_count(store) == 0
        assert len(store.card_states("ana", "deck")) == 1 + 30 + 1
