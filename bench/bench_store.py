"""The progress store against SQLite's floor, measured in the same run (issue 3, "Speed").

With 100,000 card states (and as many logged reviews) in one profile:

(a) taking the next 20 due cards through `Store.due_cards` vs a bare indexed
    `SELECT … WHERE profile_id=? AND deck_id=? AND due<=? ORDER BY due LIMIT 20` of the same
    columns on a plain sqlite3 connection to the same file — target ≤ 2×;
(b) recording one review (the FSRS step + `Store.record_review`, which appends the log row and
    updates the card's state in one committed transaction) vs a bare `INSERT` of the same log
    row into the same `reviews` table, committed (autocommit) — target ≤ 3×;
(c) the peak memory of loading a study session's queue over that profile (every due card, the
    cards with progress, the deck's 100,000 card ids) in a fresh interpreter — target < 150 MB.

Both sides of (a) and (b) run interleaved, one call each in turn, so that checkpoints and cache
effects fall on both; the figures are medians. Run: `python bench/bench_store.py`.
"""

from __future__ import annotations

import argparse
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sahel_quiz.scheduling import Scheduler, build_queue, day_start, to_micros
from sahel_quiz.store import Store

__all__ = ["main"]

PROFILE = "learner"
DECK = "big-deck"
NOW = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)
DAY_US = 86_400_000_000
BARE_DUE_SQL = (
    "SELECT deck_id, card_id, content_hash, state, step, stability, difficulty, due, "
    "last_review, introduced_at FROM card_states "
    "WHERE profile_id = ? AND deck_id = ? AND due <= ? ORDER BY due LIMIT 20"
)
BARE_INSERT_SQL = (
    "INSERT INTO reviews (profile_id, deck_id, card_id, content_hash, mode, rating, credit, "
    "answer, duration_ms, reviewed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def card_ids(count: int) -> list[str]:
    return [f"card-{number:06d}" for number in range(count)]


def build(home: Path, count: int, seed: int = 7) -> float:
    """A store with `count` states in one profile and deck, due from 30 days ago to 60 days
    ahead; returns the seconds the bulk insert took."""
    with Store.open(home) as store:
        profile_id = store.profile_id(PROFILE)
    rng = random.Random(seed)
    now_us = to_micros(NOW)
    states = []
    reviews = []
    for card_id in card_ids(count):
        state = rng.choices((1, 2, 3), weights=(1, 8, 1))[0]
        due = now_us + rng.randrange(-30 * DAY_US, 60 * DAY_US)
        last = due - rng.randrange(DAY_US // 24, 40 * DAY_US)
        step = None if state == 2 else 0
        stability, difficulty = rng.uniform(0.5, 60), rng.uniform(1, 10)
        states.append(
            (profile_id, DECK, card_id, "0123456789abcdef", state, step, stability, difficulty)
            + (due, last, last - DAY_US)
        )
        reviews.append((profile_id, DECK, card_id, "0123456789abcdef", "study", 3, 1.0, None))
        reviews[-1] += (2000, last)
    started = time.perf_counter()
    connection = sqlite3.connect(home / "progress.sqlite3", isolation_level=None)
    connection.execute("BEGIN")
    connection.executemany(
        "INSERT INTO card_states (profile_id, deck_id, card_id, content_hash, state, step, "
        "stability, difficulty, due, last_review, introduced_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        states,
    )
    connection.executemany(BARE_INSERT_SQL, reviews)
    connection.execute("COMMIT")
    connection.close()
    return time.perf_counter() - started


def bare_connection(home: Path) -> sqlite3.Connection:
    """The floor's connection: plain sqlite3 with the store's settings, nothing else."""
    connection = sqlite3.connect(home / "progress.sqlite3", isolation_level=None)
    connection.execute("PRAGMA busy_timeout = 10000")
    connection.execute("PRAGMA synchronous = NORMAL")
    connection.execute("PRAGMA foreign_keys = ON")
    return connection


def interleaved(
    ours: Callable[[int], object], floor: Callable[[int], object], repeat: int
) -> tuple[float, float]:
    """Median microseconds of each, timed one call each in turn after a warm-up."""
    for number in range(min(200, repeat)):
        ours(number)
        floor(number)
    ours_times, floor_times = [], []
    for number in range(repeat):
        started = time.perf_counter_ns()
        ours(number)
        middle = time.perf_counter_ns()
        floor(number)
        ours_times.append(middle - started)
        floor_times.append(time.perf_counter_ns() - middle)
    return statistics.median(ours_times) / 1000, statistics.median(floor_times) / 1000


def bench_due(store: Store, bare: sqlite3.Connection, repeat: int) -> tuple[float, float]:
    profile_id = store.profile_id(PROFILE)
    now_us = to_micros(NOW)
    assert [s.card_id for s in store.due_cards(PROFILE, DECK, NOW, limit=20)] == [
        row[1] for row in bare.execute(BARE_DUE_SQL, (profile_id, DECK, now_us))
    ]
    return interleaved(
        lambda _: store.due_cards(PROFILE, DECK, NOW, limit=20),
        lambda _: bare.execute(BARE_DUE_SQL, (profile_id, DECK, now_us)).fetchall(),
        repeat,
    )


def bench_review(store: Store, bare: sqlite3.Connection, repeat: int) -> tuple[float, float]:
    profile_id = store.profile_id(PROFILE)
    scheduler = Scheduler()
    warm = min(200, repeat)
    due = store.due_cards(PROFILE, DECK, NOW, limit=2 * (repeat + warm))
    assert len(due) == 2 * (repeat + warm), "not enough due cards: lower --repeat"
    ours_states = due[0::2]
    floor_ids = [state.card_id for state in due[1::2]]
    reviewed_at = NOW + timedelta(seconds=5)
    reviewed_us = to_micros(reviewed_at)

    def ours(number: int) -> int:
        state = ours_states[number]
        card = scheduler.review(state.card, 3, reviewed_at)
        return store.record_review(
            PROFILE,
            DECK,
            state.card_id,
            content_hash=state.content_hash,
            card=card,
            rating=3,
            mode="study",
            credit=1.0,
            answer="Niamey",
            duration_ms=2000,
        )

    def floor(number: int) -> object:
        return bare.execute(
            BARE_INSERT_SQL,
            (profile_id, DECK, floor_ids[number], "0123456789abcdef", "study", 3, 1.0)
            + ('"Niamey"', 2000, reviewed_us),
        )

    # Ours and the floor take their cards from separate halves, so the same number is
    # never reviewed twice: after the warm-up, the timed calls start over from `warm`.
    return interleaved(lambda n: ours(n % len(ours_states)), floor, repeat + warm)


def measure_memory(home: Path, count: int) -> None:
    """Run in a fresh interpreter: load a study queue over the big profile, print the peaks."""
    tracemalloc.start()
    with Store.open(home) as store:
        deck_ids = card_ids(count)  # what the engine holds: the deck's card ids
        wanted = set(deck_ids)
        queue = build_queue(
            deck_ids,
            store.due_cards(PROFILE, DECK, NOW, card_ids=wanted),
            store.cards_with_progress(PROFILE, DECK),
            now=NOW,
            introduced_today=store.new_introduced_since(PROFILE, DECK, day_start(NOW, UTC)),
            next_due=store.next_due(PROFILE, DECK, after=NOW, card_ids=wanted),
        )
        _, traced_peak = tracemalloc.get_traced_memory()
    rss_peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"{len(queue.due)} {traced_peak / 2**20:.1f} {rss_peak_kb / 1024:.1f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3000)
    parser.add_argument("--home", type=Path, default=None, help="keep the database here")
    parser.add_argument("--memory-only", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.memory_only is not None:
        measure_memory(args.memory_only, args.cards)
        return 0

    with tempfile.TemporaryDirectory() as scratch:
        home = args.home or Path(scratch)
        print(f"building {args.cards:,} card states and {args.cards:,} reviews in one profile…")
        print(f"  bulk insert: {build(home, args.cards):.2f} s")
        started = time.perf_counter()
        store = Store.open(home)
        print(
            f"  Store.open (quick_check included): {(time.perf_counter() - started) * 1000:.0f} ms"
        )
        bare = bare_connection(home)
        try:
            ours, floor = bench_due(store, bare, args.repeat)
            print(
                f"(a) next 20 due cards: store {ours:.1f} µs, bare SELECT {floor:.1f} µs, "
                f"ratio {ours / floor:.2f}× (target ≤ 2×)"
            )
            ours, floor = bench_review(store, bare, args.repeat)
            print(
                f"(b) record one review: FSRS + store {ours:.1f} µs, bare INSERT + commit "
                f"{floor:.1f} µs, ratio {ours / floor:.2f}× (target ≤ 3×)"
            )
        finally:
            bare.close()
            store.close()
        output = subprocess.run(
            [sys.executable, __file__, "--memory-only", str(home), "--cards", str(args.cards)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        due, traced, rss = int(output[0]), float(output[1]), float(output[2])
        print(
            f"(c) study queue over the profile ({due:,} due cards): peak RSS {rss:.0f} MB, "
            f"Python allocations {traced:.0f} MB (target < 150 MB)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
