"""The progress store against SQLite's floor, measured in the same run (issue 3, "Speed").

With 100,000 card states (and as many logged reviews) in one profile:

(a) taking the next 20 of today's cards through `Store.due_cards` vs the same indexed `SELECT`
    (same columns, same conditions, `LIMIT 20`) on a plain sqlite3 connection — target ≤ 2×;
(b) one answer through the engine's review step (`sahel_quiz.engine.review.review`: in one
    `BEGIN IMMEDIATE` transaction, read the card's state, the FSRS step, append the log row,
    upsert the state) vs a floor doing the same work on a plain connection with the same
    durability (`synchronous=FULL`): `BEGIN IMMEDIATE`, the same `SELECT`, py-fsrs's
    `review_card`, the same `INSERT` and upsert, `COMMIT` — target ≤ 1.5×;
(c) the peak memory of a study session over that profile with its 100,000-card deck loaded
    (the deck models, `StudySession.start`, the first card, one rating), in a fresh
    interpreter — target < 150 MB;
(d) `Store.open` after a clean shutdown (no full check) and after an unclean one (the
    `quick_check` runs).

Both sides of (a) and (b) run interleaved, in blocks, so that checkpoints and cache effects
fall on both; the figures are medians. Run: `python bench/bench_store.py`.
"""

from __future__ import annotations

import random
import sqlite3
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import fsrs
from _common import (
    DAY_US,
    DECK,
    NOW,
    PROFILE,
    bulk_insert,
    memory_bench_parser,
    memory_figures,
    rss_mb,
)

from sahel_quiz.engine.review import review
from sahel_quiz.engine.study import StudySession
from sahel_quiz.scheduling import (
    LEARNING_STEPS,
    RELEARNING_STEPS,
    Scheduler,
    StudyDay,
    new_card,
    to_micros,
)
from sahel_quiz.scoring import Rating
from sahel_quiz.store import Store
from sahel_quiz.store.store import _LOG_REVIEW_SQL, _STATE_SQL, _UPSERT_STATE_SQL

__all__ = ["main"]

HASH = "0123456789abcdef"
STATE_COLUMNS = (
    "deck_id, card_id, content_hash, state, step, stability, difficulty, due, last_review, "
    "introduced_at"
)
BARE_DUE_SQL = (
    f"SELECT {STATE_COLUMNS} FROM card_states "
    "WHERE profile_id = ? AND deck_id = ? AND due <= ? "
    "AND CASE WHEN state = 2 THEN due < ? ELSE due <= ? END ORDER BY due LIMIT 20"
)
# The floor runs the store's own statements (on a bare connection, without the store's code).
BARE_STATE_SQL, BARE_UPSERT_SQL, BARE_LOG_SQL = _STATE_SQL, _UPSERT_STATE_SQL, _LOG_REVIEW_SQL


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
    """The floor's connection: plain sqlite3 with the store's settings (WAL, FULL)."""
    connection = sqlite3.connect(home / "progress.sqlite3", isolation_level=None)
    connection.execute("PRAGMA busy_timeout = 10000")
    connection.execute("PRAGMA synchronous = FULL")
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
    day = StudyDay.at(NOW, UTC)
    key = (profile_id, DECK, day.day_end_us - 1, day.day_end_us, day.learn_ahead_us)
    assert [s.card_id for s in store.due_cards(PROFILE, DECK, day, limit=20)] == [
        row[1] for row in bare.execute(BARE_DUE_SQL, key)
    ]
    return interleaved(
        lambda _: store.due_cards(PROFILE, DECK, day, limit=20),
        lambda _: bare.execute(BARE_DUE_SQL, key).fetchall(),
        repeat,
    )


def bench_review(store: Store, bare: sqlite3.Connection, repeat: int) -> tuple[float, float, float]:
    profile_id = store.profile_id(PROFILE)
    scheduler = Scheduler()
    py_fsrs = fsrs.Scheduler(
        learning_steps=LEARNING_STEPS, relearning_steps=RELEARNING_STEPS, enable_fuzzing=False
    )
    needed = 2 * (WARM_UP + repeat)
    due = store.due_cards(PROFILE, DECK, StudyDay.at(NOW, UTC), limit=needed)
    assert len(due) == needed, "not enough due cards: lower --repeat"
    ours_ids = [state.card_id for state in due[0::2]]
    floor_ids = [state.card_id for state in due[1::2]]
    reviewed_at = NOW + timedelta(seconds=5)

    def ours(number: int) -> object:
        return review(
            store,
            scheduler,
            profile=PROFILE,
            deck_id=DECK,
            card_id=ours_ids[number],
            content_hash=HASH,
            rating=Rating.GOOD,
            now=reviewed_at,
            mode="study",
            credit=1.0,
            response="Niamey",
            duration_ms=2000,
        )

    def floor(number: int) -> object:
        card_id = floor_ids[number]
        bare.execute("BEGIN IMMEDIATE")
        row = bare.execute(BARE_STATE_SQL, (profile_id, DECK, card_id)).fetchone()
        before = (
            fsrs.Card(
                card_id=number,
                state=fsrs.State(row[3]),
                step=row[4],
                stability=row[5],
                difficulty=row[6],
                due=from_us(row[7]),
                last_review=from_us(row[8]),
            )
            if row is not None
            else new_card(DECK, card_id, reviewed_at)
        )
        after, _log = py_fsrs.review_card(before, fsrs.Rating.Good, reviewed_at)
        assert after.last_review is not None and after.due is not None
        parameters = (
            profile_id,
            DECK,
            card_id,
            HASH,
            "study",
            3,
            1.0,
            '"Niamey"',
            2000,
            to_micros(after.last_review),
            int(after.state),
            after.step,
            after.stability,
            after.difficulty,
            to_micros(after.due),
        )
        bare.execute(BARE_LOG_SQL, parameters)
        written = bare.execute(BARE_UPSERT_SQL, parameters).fetchone()
        bare.execute("COMMIT")
        return written

    ours_us, floor_us = interleaved(ours, floor, repeat, block=100)
    due_again = [state for state in due[0::2]][:repeat]
    fsrs_times = []
    for state in due_again:
        started = time.perf_counter_ns()
        scheduler.review(state.card, Rating.GOOD, reviewed_at)
        fsrs_times.append(time.perf_counter_ns() - started)
    return ours_us, floor_us, statistics.median(fsrs_times) / 1000


def from_us(micros: int) -> datetime:
    return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=micros)


def measure_memory(home: Path, count: int) -> None:
    """Run in a fresh interpreter: the deck loaded, then a study session; print the peaks."""
    from bench_study_queue import big_deck

    loaded = big_deck(count)
    loaded.cards_by_id  # noqa: B018 - the index the app builds once per loaded deck
    deck_mb, _ = rss_mb()
    tracemalloc.start()  # after the deck: tracing 100,000 models' allocations costs RSS too
    with Store.open(home) as store:
        session = StudySession.start(loaded, store, now=NOW, profile=PROFILE, tz=UTC)
        item = session.current(NOW)
        assert item is not None
        session.rate(Rating.GOOD, now=NOW)
        _, traced_peak = tracemalloc.get_traced_memory()
        session.undo()
    _, peak_mb = rss_mb()
    print(f"{len(session.due)} {traced_peak / 2**20:.1f} {peak_mb:.1f} {deck_mb:.1f}")


def open_times(home: Path, repeat: int = 9) -> tuple[float, float]:
    """Median ms of `Store.open` + close after a clean shutdown, and after an unclean one."""
    clean, unclean = [], []
    for _ in range(repeat):
        started = time.perf_counter()
        Store.open(home).close()
        clean.append(time.perf_counter() - started)
        (home / "progress.sqlite3.open-999999999-0").touch()  # a process that is gone
        started = time.perf_counter()
        Store.open(home).close()
        unclean.append(time.perf_counter() - started)
    return statistics.median(clean) * 1000, statistics.median(unclean) * 1000


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
        clean, unclean = open_times(home)
        print(
            f"(d) Store.open + close: {clean:.1f} ms after a clean shutdown, {unclean:.1f} ms "
            "after an unclean one (quick_check)"
        )
        store = Store.open(home)
        bare = bare_connection(home)
        try:
            ours, floor = bench_due(store, bare, args.repeat)
            print(
                f"(a) next 20 of today's cards: store {ours:.1f} µs, bare SELECT {floor:.1f} µs, "
                f"ratio {ours / floor:.2f}× (target ≤ 2×)"
            )
            ours, floor, step = bench_review(store, bare, args.repeat)
            print(
                f"(b) one answer (read state, FSRS step, log row, state, one transaction, "
                f"synchronous=FULL): review step {ours:.1f} µs, same-work floor {floor:.1f} µs, "
                f"ratio {ours / floor:.2f}× (target ≤ 1.5×)\n"
                f"    of which our FSRS step (reproducible fuzz included) {step:.1f} µs"
            )
        finally:
            bare.close()
            store.close()
        output = memory_figures(__file__, home, args.cards)
        due, traced, rss, deck = int(output[0]), *map(float, output[1:4])
        verdict = "met" if rss < 150 else "MISSED"
        print(
            f"(c) study session with the {args.cards:,}-card deck loaded ({due:,} due cards in "
            f"the window): peak RSS {rss:.0f} MB (resident once the deck was built, before the "
            f"session: {deck:.0f} MB); Python allocations {traced:.0f} MB "
            f"in the session (target < 150 MB: {verdict})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
