"""The study screen's queue for 100,000 due cards against SQLite's floor (issue 4, "Speed").

A generated deck of 100,000 cards (pydantic models built in memory, no YAML) and a store in
which every one of them has a state that is due now, in one profile and one deck:

(a) what the study screen does before it can draw its first card — `StudySession.start`
    (a window of today's 200 soonest cards, the counts from the due index, today's new-card
    count, the next due time, new cards looked up in deck order) and the first `current(now)`
    (with the four interval previews) — against the floor: the very statements the session ran,
    with their parameters (recorded on the store's connection), replayed on a plain sqlite3
    connection, each fetching as many rows as the session read from it. The deck's id index
    is built once per loaded deck, as the app does, before timing; the first start, which
    builds it, is printed too. Both sides
    run in turn; the figures are medians. With `--cards 1000000` this is issue 10's
    "first card under 300 ms at 1,000,000 cards" (`--first-card-only` skips (b) and (c)).
(b) one answer in that session: `rate` + `counts` + the next `current`, for Good (the card
    leaves today's queue) and Again (it is put back in the queue), against one frame (16.7 ms);
(c) the peak memory of a study session over that profile, in a fresh interpreter: the deck
    built, then `start` + `current` + `rate`; the RSS growth across the session and the Python
    allocations it made (issue 3's target: < 150 MB).

Run: `python bench/bench_study_queue.py` (add `--profile` for where `start` spends its time).
"""

from __future__ import annotations

import cProfile
import pstats
import sqlite3
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from datetime import UTC, timedelta
from pathlib import Path

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

from sahel_quiz.deck.model import Deck, LoadedDeck
from sahel_quiz.engine.study import StudySession
from sahel_quiz.scheduling import to_micros
from sahel_quiz.scoring import Rating
from sahel_quiz.store import Store

__all__ = ["main"]

BARE_DUE_SQL = (
    "SELECT deck_id, card_id, content_hash, state, step, stability, difficulty, due, "
    "last_review, introduced_at FROM card_states "
    "WHERE profile_id = ? AND deck_id = ? AND due <= ? ORDER BY due"
)


def big_deck(count: int) -> LoadedDeck:
    """A deck of `count` basic cards, validated by the deck models like any other deck."""
    cards = [
        {
            "id": f"card-{number:06d}",
            "type": "basic",
            "prompt": f"Fact number {number} of the article?",
            "answer": f"Answer {number}",
        }
        for number in range(count)
    ]
    deck = Deck.model_validate({"id": DECK, "title": "A very big deck", "cards": cards})
    return LoadedDeck(deck=deck, path=Path("big-deck.yaml"))


def build(home: Path, loaded: LoadedDeck) -> float:
    """Every card of the deck with a review state due between 30 days ago and now, and the
    logged review that gave it (undo restores a state from the log); returns the seconds the
    bulk insert took."""
    with Store.open(home) as store:
        profile_id = store.profile_id(PROFILE)
    now_us = to_micros(NOW)
    states, reviews = [], []
    for number, card in enumerate(loaded.deck.cards):
        due = now_us - (number * 7919) % (30 * DAY_US)
        last = due - (3 + number % 20) * DAY_US
        key = (profile_id, DECK, card.id, card.content_hash())
        states.append((*key, 2, None, 12.5, 5.0, due, last, last - 10 * DAY_US))
        reviews.append((*key, "study", 3, None, None, None, last, 2, None, 12.5, 5.0, due))
    return bulk_insert(home, states, reviews, analyze=True)


def first_card(loaded: LoadedDeck, store: Store) -> StudySession:
    """What the study screen does before it can draw: start, and the first card."""
    session = StudySession.start(loaded, store, now=NOW, profile=PROFILE, seed=1, tz=UTC)
    item = session.current(NOW)
    assert item is not None and item.kind == "review"
    return session


def open_session(loaded: LoadedDeck, store: Store) -> StudySession:
    """The first card, then one rating of it."""
    session = first_card(loaded, store)
    session.rate(Rating.GOOD, now=NOW + timedelta(seconds=5))
    return session


def bare_connection(home: Path) -> sqlite3.Connection:
    """The floor's connection: plain sqlite3 with the store's settings, nothing else."""
    connection = sqlite3.connect(home / "progress.sqlite3", isolation_level=None)
    connection.execute("PRAGMA busy_timeout = 10000")
    connection.execute("PRAGMA synchronous = FULL")
    return connection


def interleaved(
    ours: Callable[[], object], floor: Callable[[], object], repeat: int
) -> tuple[float, float]:
    """Median milliseconds of each, timed one call each in turn after a warm-up."""
    ours()
    floor()
    ours_times, floor_times = [], []
    for _ in range(repeat):
        started = time.perf_counter_ns()
        ours()
        middle = time.perf_counter_ns()
        floor()
        ours_times.append(middle - started)
        floor_times.append(time.perf_counter_ns() - middle)
    return statistics.median(ours_times) / 1e6, statistics.median(floor_times) / 1e6


def bench_queue(home: Path, loaded: LoadedDeck, repeat: int) -> tuple[float, float, float, int]:
    """Medians (ms) of start + first card and of its floor; the first start; statements run."""
    store = Store.open(home)
    bare = bare_connection(home)
    started = time.perf_counter()
    first_card(loaded, store)  # builds the deck's id index, once per loaded deck
    first = (time.perf_counter() - started) * 1000
    statements: list[list[object]] = []  # [sql, parameters, rows the session read]
    real = store._connection

    class Counting:
        """A cursor that counts the rows read from it."""

        def __init__(self, cursor: sqlite3.Cursor, entry: list[object]) -> None:
            self.cursor, self.entry = cursor, entry

        def __iter__(self) -> Iterator[object]:
            for row in self.cursor:
                self.entry[2] = int(self.entry[2]) + 1  # type: ignore[call-overload]
                yield row

        def fetchone(self) -> object:
            row = self.cursor.fetchone()
            self.entry[2] = int(self.entry[2]) + (row is not None)  # type: ignore[call-overload]
            return row

        def fetchall(self) -> list[object]:
            rows = self.cursor.fetchall()
            self.entry[2] = int(self.entry[2]) + len(rows)  # type: ignore[call-overload]
            return rows

    class Recording:
        """The store's connection, noting each statement, its parameters, the rows read."""

        def execute(self, sql: str, parameters: object = ()) -> Counting:
            entry: list[object] = [sql, parameters, 0]
            statements.append(entry)
            return Counting(real.execute(sql, parameters), entry)  # type: ignore[arg-type]

    store._connection = Recording()  # type: ignore[assignment]
    try:
        first_card(loaded, store)
    finally:
        store._connection = real

    def floor() -> None:
        for sql, parameters, rows in statements:
            bare.execute(sql, parameters).fetchmany(rows)  # type: ignore[arg-type]

    try:
        median_ours, median_floor = interleaved(lambda: first_card(loaded, store), floor, repeat)
    finally:
        bare.close()
        store.close()
    return median_ours, median_floor, first, len(statements)


def bench_answer(home: Path, loaded: LoadedDeck, repeat: int) -> tuple[float, float]:
    """Median milliseconds of what the screen does after each rating, in a session over the
    100,000 due cards: `rate` then `counts` and the next `current`; for Good (the card leaves
    today's queue) and for Again (it comes back in 10 minutes, so it is put back in the queue)."""
    store = Store.open(home)
    try:
        session = StudySession.start(loaded, store, now=NOW, profile=PROFILE, seed=1, tz=UTC)
        times: dict[Rating, list[float]] = {Rating.GOOD: [], Rating.AGAIN: []}
        for number in range(2 * repeat):
            rating = Rating.GOOD if number % 2 else Rating.AGAIN
            now = NOW + timedelta(seconds=number)
            started = time.perf_counter_ns()
            session.rate(rating, now=now)
            _ = session.counts
            session.current(now)
            times[rating].append((time.perf_counter_ns() - started) / 1e6)
        while session.undo():
            pass
        assert store.review_count(PROFILE, DECK) == len(loaded.deck.cards), "undo left some"
    finally:
        store.close()
    return statistics.median(times[Rating.GOOD]), statistics.median(times[Rating.AGAIN])


def profile_start(home: Path, loaded: LoadedDeck) -> None:
    """Where `start` + `current` + `rate` spend their time, by cumulative time."""
    with Store.open(home) as store:
        first_card(loaded, store)
        profiler = cProfile.Profile()
        profiler.enable()
        session = open_session(loaded, store)
        profiler.disable()
        session.undo()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


def measure_memory(home: Path, count: int) -> None:
    """Run in a fresh interpreter: build the deck, then a study session; print the peaks."""
    loaded = big_deck(count)
    loaded.cards_by_id  # noqa: B018 - the index the app builds once per loaded deck
    _, before_mb = rss_mb()
    tracemalloc.start()
    with Store.open(home) as store:
        session = open_session(loaded, store)
        _, traced_peak = tracemalloc.get_traced_memory()
        _, peak_mb = rss_mb()
        due = len(session.due)
        session.undo()
    print(f"{due} {traced_peak / 2**20:.1f} {peak_mb - before_mb:.1f} {peak_mb:.1f}")


def main(argv: list[str] | None = None) -> int:
    parser = memory_bench_parser(__doc__, repeat=15)
    parser.add_argument("--profile", action="store_true", help="print a cProfile of one start")
    parser.add_argument("--first-card-only", action="store_true", help="measure (a) alone")
    args = parser.parse_args(argv)
    if args.memory_only is not None:
        measure_memory(args.memory_only, args.cards)
        return 0

    with tempfile.TemporaryDirectory() as scratch:
        home = Path(scratch)
        started = time.perf_counter()
        loaded = big_deck(args.cards)
        print(
            f"generated a deck of {args.cards:,} cards in {time.perf_counter() - started:.2f} s; "
            f"bulk insert of their due states: {build(home, loaded):.2f} s"
        )
        ours, floor, first, statements = bench_queue(home, loaded, args.repeat)
        print(
            f"(a) {args.cards:,} due cards: StudySession.start + first card {ours:.1f} ms, "
            f"the same {statements} statements replayed bare {floor:.1f} ms, ratio "
            f"{ours / floor:.2f}× (medians of {args.repeat}); the first start, building the "
            f"deck's id index: {first:.0f} ms"
        )
        if args.first_card_only:
            return 0
        good, again = bench_answer(home, loaded, args.repeat)
        print(
            f"(b) one answer in that session (rate + counts + next current): Good {good:.1f} ms, "
            f"Again {again:.1f} ms (medians of {args.repeat}; one frame at 60 Hz is 16.7 ms)"
        )
        if args.profile:
            profile_start(home, loaded)
        output = memory_figures(__file__, home, args.cards)
        due = int(output[0])
        traced, grown, rss = (float(figure) for figure in output[1:4])
        print(
            f"(c) study session over {due:,} due cards: RSS grew {grown:.0f} MB during the session "
            f"(peak RSS {rss:.0f} MB with the {args.cards:,}-card deck loaded), Python allocations "
            f"{traced:.0f} MB (target < 150 MB)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
