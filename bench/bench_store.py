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

import random
import resource
import sqlite3
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, timedelta
from pathlib import Path

from _common import (
    DAY_US,
    DECK,
    NOW,
    PROFILE,
    REVIEWS_INSERT_SQL,
    bulk_insert,
    memory_bench_parser,
    memory_figures,
)

from sahel_quiz.scheduling import Scheduler, build_queue, day_start, to_micros
from sahel_quiz.store import Store

__all__ = ["main"]

HASH = "0123456789abcdef"
BARE_DUE_SQL = (
    "SELECT deck_id, card_id, content_hash, state, step, stability, difficulty, due, "
    "last_review, introduced_at FROM card_states "
    "WHERE profile_id = ? AND deck_id = ? AND due <= ? ORDER BY due LIMIT 20"
)
BARE_INSERT_SQL = REVIEWS_INSERT_SQL


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
        key = (profile_id, DECK, card_id, HASH)
        fsrs_state = (state, step, stability, difficulty, due)
        states.append((*key, *fsrs_state[:4], due, last, last - DAY_US))
        reviews.append((*key, "study", 3, 1.0, None, 2000, last, *fsrs_state))
    # keep the whole build in memory
    return bulk_insert(home, states, reviews, pragmas=["PRAGMA cache_size = -524288"])


def bare_connection(home: Path) -> sqlite3.Connection:
    """The floor's connection: plain sqlite3 with the store's settings, nothing else."""
    connection = sqlite3.connect(home / "progress.sqlite3", isolation_level=None)
    connection.execute("PRAGMA busy_timeout = 10000")
    connection.execute("PRAGMA synchronous = NORMAL")
    connection.execute("PRAGMA foreign_keys = ON")
    return connection


WARM_UP = 200


def interleaved(
    ours: Callable[[int], object], floor: Callable[[int], object], repeat: int, block: int = 1
) -> tuple[float, float]:
    """Median microseconds of each, timed in alternating blocks of `block` calls.

    Calls are numbered 0 … WARM_UP + repeat - 1 (each number once per side), the first
    WARM_UP untimed.

    Writers use blocks: every commit by one connection makes the other drop its page cache at
    its next transaction, which one-for-one alternation would charge to both sides on every
    call, something no real session pays.
    """
    for number in range(WARM_UP):
        ours(number)
        floor(number)
    ours_times: list[int] = []
    floor_times: list[int] = []
    end = WARM_UP + repeat
    for first in range(WARM_UP, end, block):
        for times, action in ((ours_times, ours), (floor_times, floor)):
            for number in range(first, min(first + block, end)):
                started = time.perf_counter_ns()
                action(number)
                times.append(time.perf_counter_ns() - started)
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


def bench_review(store: Store, bare: sqlite3.Connection, repeat: int) -> tuple[float, float, float]:
    profile_id = store.profile_id(PROFILE)
    scheduler = Scheduler()
    needed = 2 * (WARM_UP + repeat)
    due = store.due_cards(PROFILE, DECK, NOW, limit=needed)
    assert len(due) == needed, "not enough due cards: lower --repeat"
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

    # The same log row as the store writes, the state after the review included.
    after = ('"Niamey"', 2000, reviewed_us, 2, None, 12.5, 5.0, reviewed_us + 9 * DAY_US)
    floor_rows = [
        (profile_id, DECK, card_id, HASH, "study", 3, 1.0, *after) for card_id in floor_ids
    ]

    def floor(number: int) -> object:
        return bare.execute(BARE_INSERT_SQL, floor_rows[number])

    # Each call reviews a card of its own (ours the even ones, the floor the odd ones).
    ours_us, floor_us = interleaved(ours, floor, repeat, block=100)
    fsrs_times = []
    for state in ours_states[:repeat]:
        started = time.perf_counter_ns()
        scheduler.review(state.card, 3, reviewed_at)
        fsrs_times.append(time.perf_counter_ns() - started)
    return ours_us, floor_us, statistics.median(fsrs_times) / 1000


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
    parser = memory_bench_parser(__doc__, repeat=3000)
    parser.add_argument(
        "--home", type=Path, default=None, help="build the database here, or reuse it if there"
    )
    args = parser.parse_args(argv)
    if args.memory_only is not None:
        measure_memory(args.memory_only, args.cards)
        return 0

    with tempfile.TemporaryDirectory() as scratch:
        home = args.home or Path(scratch)
        if (home / "progress.sqlite3").exists():
            print(f"reusing the database in {home}")
        else:
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
            ours, floor, step = bench_review(store, bare, args.repeat)
            print(
                f"(b) record one review: FSRS + store {ours:.1f} µs, bare INSERT + commit "
                f"{floor:.1f} µs, ratio {ours / floor:.2f}× (target ≤ 3×)\n"
                f"    of which the FSRS step (state → fsrs.Card → review) {step:.1f} µs, "
                f"so the store's part is {(ours - step) / floor:.2f}× the bare INSERT"
            )
        finally:
            bare.close()
            store.close()
        output = memory_figures(__file__, home, args.cards)
        due, traced, rss = int(output[0]), float(output[1]), float(output[2])
        print(
            f"(c) study queue over the profile ({due:,} due cards): peak RSS {rss:.0f} MB, "
            f"Python allocations {traced:.0f} MB (target < 150 MB)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
