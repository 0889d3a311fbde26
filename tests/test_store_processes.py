"""The store under real processes: killed mid-run, and two writers on one profile at once."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from sahel_quiz.scoring import Rating
from sahel_quiz.store import Store

# A learner answering as fast as the machine allows: each review id is printed only after
# `record_review` returned, i.e. after its COMMIT.
REVIEWER = """
import sys
import time
from datetime import UTC, datetime, timedelta
from sahel_quiz.engine.review import review
from sahel_quiz.scheduling import Scheduler
from sahel_quiz.scoring import Rating
from sahel_quiz.store import Store

home, name = sys.argv[1], sys.argv[2]
count, cards, pause = int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
scheduler = Scheduler()
now = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)
with Store.open(home) as store:
    print("ready", flush=True)
    sys.stdin.readline()  # "go": start together
    for number in range(count):
        card_id = f"card-{number % cards}"
        now += timedelta(seconds=7)
        done = review(
            store, scheduler, profile="shared", deck_id="deck", card_id=card_id,
            content_hash=name, rating=Rating(1 + number % 4), now=now, mode="study",
            response={"by": name, "n": number}, duration_ms=number,
        )
        print(done.review_id, flush=True)
        time.sleep(pause)
"""


def _start(
    home: Path, name: str, count: int, cards: int, pause: float = 0.0
) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", REVIEWER, str(home), name, str(count), str(cards), str(pause)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _check_consistency(home: Path) -> list[int]:
    """The file is sound, and every card's state is the one its latest review left."""
    with sqlite3.connect(home / "progress.sqlite3") as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        mismatched = connection.execute(
            "SELECT s.card_id FROM card_states AS s WHERE s.last_review IS NOT "
            "(SELECT MAX(r.reviewed_at) FROM reviews AS r WHERE r.profile_id = s.profile_id "
            "AND r.deck_id = s.deck_id AND r.card_id = s.card_id)"
        ).fetchall()
        assert mismatched == []
        return [row[0] for row in connection.execute("SELECT id FROM reviews ORDER BY id")]


def test_a_killed_process_loses_no_committed_review(home: Path) -> None:
    child = _start(home, "killed", 1_000_000, 50)
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "ready"
    child.stdin.write("go\n")  # type: ignore[union-attr]
    child.stdin.flush()  # type: ignore[union-attr]
    committed = [int(child.stdout.readline()) for _ in range(300)]
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    # Ids printed after our last read were committed too; take them into account.
    committed += [int(line) for line in child.stdout.read().split()]
    child.stdout.close()
    child.stderr.close()  # type: ignore[union-attr]

    stored = _check_consistency(home)
    assert set(committed) <= set(stored)
    assert len(stored) - len(committed) <= 1  # at most the answer in flight at the kill
    with Store.open(home) as store:
        assert store.notices == []
        assert store.review_count("shared", "deck") == len(stored)


def test_two_processes_review_the_same_profile_at_once(home: Path) -> None:
    """Both start on a fresh home (racing to create and migrate it) and share cards."""
    count = 400
    # A short pause between answers (a learner takes seconds) lets the other one in.
    children = [_start(home, name, count, 20, pause=0.002) for name in ("first", "second")]
    for child in children:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
    for child in children:
        child.stdin.write("go\n")  # type: ignore[union-attr]
        child.stdin.flush()  # type: ignore[union-attr]
    outputs = [child.communicate(timeout=120) for child in children]
    for child, (_, err) in zip(children, outputs, strict=True):
        assert child.returncode == 0, err
        assert err == ""
    first, second = ([int(word) for word in out.split()] for out, _ in outputs)
    ids = first + second
    assert len(ids) == 2 * count
    assert len(set(ids)) == 2 * count
    # They really ran at the same time: their reviews interleave in the log.
    assert min(second) < max(first) and min(first) < max(second)

    stored = _check_consistency(home)
    assert sorted(ids) == stored
    with Store.open(home) as store:
        assert store.profiles() == ["shared"]
        assert store.review_count("shared", "deck") == 2 * count
        assert len(store.cards_with_progress("shared", "deck")) == 20


# Two study windows on one profile: each process runs a real StudySession over the same deck,
# showing and rating cards as fast as it can, with the wall clock.
STUDENT = """
import sys
from pathlib import Path
from sahel_quiz.deck.loader import load_deck
from sahel_quiz.engine.study import StudySession
from sahel_quiz.engine.workspace import utc_now
from sahel_quiz.scoring import Rating
from sahel_quiz.store import Store

home, deck_path, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
loaded = load_deck(Path(deck_path))
with Store.open(home) as store:
    session = StudySession.start(loaded, store, now=utc_now(), profile="shared", new_per_day=50)
    print("ready", flush=True)
    sys.stdin.readline()
    for number in range(count):
        now = utc_now()
        if session.current(now) is None:
            break
        session.rate(Rating(1 + number % 4), now=now)
    print(session.reviewed, flush=True)
"""


def _deck(tmp_path: Path, cards: int) -> Path:
    lines = ["id: shared-deck", "title: Shared", "cards:"]
    for number in range(cards):
        lines += [
            f"  - id: c{number}",
            "    type: basic",
            f"    prompt: Question {number}?",
            f"    answer: Answer {number}",
        ]
    path = tmp_path / "shared-deck.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_two_study_windows_never_review_from_a_stale_state(home: Path, tmp_path: Path) -> None:
    """Every review in the log is the FSRS step from the state its card's previous review
    left, however the two sessions interleave (issue 10: 44 of 123 were stale)."""
    from sahel_quiz.scheduling import CardState, Scheduler, from_micros, new_card
    from sahel_quiz.scheduling.card_state import State

    deck = _deck(tmp_path, 12)
    children = [
        subprocess.Popen(
            [sys.executable, "-c", STUDENT, str(home), str(deck), "150"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    for child in children:
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    for child in children:
        child.stdin.write("go\n")  # type: ignore[union-attr]
        child.stdin.flush()  # type: ignore[union-attr]
    outputs = [child.communicate(timeout=120) for child in children]
    for child, (_, err) in zip(children, outputs, strict=True):
        assert child.returncode == 0, err
    reviewed = sum(int(out.split()[-1]) for out, _ in outputs)
    assert reviewed >= 24  # every card at least once by each

    scheduler = Scheduler()
    with sqlite3.connect(home / "progress.sqlite3") as connection:
        rows = connection.execute(
            "SELECT card_id, rating, reviewed_at, state, step, stability, difficulty, due "
            "FROM reviews WHERE undone = 0 ORDER BY id"
        ).fetchall()
    assert len(rows) == reviewed
    latest: dict[str, CardState] = {}
    shared = 0
    for card_id, rating, reviewed_at, *after in rows:
        now = from_micros(reviewed_at)
        state = latest.get(card_id)
        before = state.card if state is not None else new_card("shared-deck", card_id, now)
        expected = scheduler.review(before, Rating(rating), now)
        assert after[0] == int(expected.state) and after[1] == expected.step
        assert after[2] == expected.stability and after[3] == expected.difficulty
        assert abs(after[4] - int(expected.due.timestamp() * 1e6)) <= 1
        if state is not None:
            shared += 1
        latest[card_id] = CardState(
            "shared-deck",
            card_id,
            "h",
            State(after[0]),
            after[1],
            after[2],
            after[3],
            after[4],
            reviewed_at,
            reviewed_at,
        )
    assert shared >= 12  # the two sessions did review the same cards one after the other
