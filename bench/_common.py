"""What the benchmarks share: the environment of the processes they launch (as on a learner's
machine), the big profile's names, the bulk insert that builds its database faster than the
store would, and the fresh interpreter that measures peak memory."""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path

__all__ = [
    "DAY_US",
    "DECK",
    "NOW",
    "PROFILE",
    "REVIEWS_INSERT_SQL",
    "bulk_insert",
    "learner_env",
    "memory_bench_parser",
    "memory_figures",
    "rss_mb",
]

PROFILE = "learner"
DECK = "big-deck"
NOW = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)
DAY_US = 86_400_000_000
STATES_INSERT_SQL = (
    "INSERT INTO card_states (profile_id, deck_id, card_id, content_hash, state, step, "
    "stability, difficulty, due, last_review, introduced_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
REVIEWS_INSERT_SQL = (
    "INSERT INTO reviews (profile_id, deck_id, card_id, content_hash, mode, rating, credit, "
    "response, duration_ms, reviewed_at, state, step, stability, difficulty, due) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def learner_env(**overrides: str) -> dict[str, str]:
    """The environment for a process a benchmark launches, as a learner's machine has it:
    this one's, with `overrides`, but without `PYTHONDONTWRITEBYTECODE`. The development
    environment sets it, so every start would compile our modules again (a cost, in time and
    in memory, that an installed program pays once); unset, the first run writes the byte
    code and the measured runs read it, as pip's install does for a learner."""
    env = {**os.environ, **overrides}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def bulk_insert(
    home: Path,
    states: Iterable[Sequence[object]],
    reviews: Iterable[Sequence[object]],
    *,
    pragmas: Sequence[str] = (),
    analyze: bool = False,
) -> float:
    """Insert the rows in one transaction on a bare connection (the store would take minutes
    for 100,000 rows); returns the seconds it took."""
    started = time.perf_counter()
    connection = sqlite3.connect(home / "progress.sqlite3", isolation_level=None)
    for pragma in pragmas:
        connection.execute(pragma)
    connection.execute("BEGIN")
    connection.executemany(STATES_INSERT_SQL, states)
    connection.executemany(REVIEWS_INSERT_SQL, reviews)
    connection.execute("COMMIT")
    if analyze:
        connection.execute("ANALYZE")
    connection.close()
    return time.perf_counter() - started


def rss_mb() -> tuple[float, float]:
    """This process's resident set now and its peak, in MB, from `/proc/self/status`.

    Not `getrusage(RUSAGE_SELF).ru_maxrss`: Linux carries that peak across `execve` from the
    process that forked, so a fresh interpreter launched by a benchmark holding a 100,000-card
    deck reported the benchmark's own 170 MB as its peak. `VmHWM` is this program's alone.
    Where /proc is missing, `ru_maxrss` for both (with that caveat)."""
    try:
        fields = dict(
            line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines()
        )
        now, peak = (int(fields[key].split()[0]) / 1024 for key in ("VmRSS", "VmHWM"))
    except (OSError, KeyError, ValueError):
        import resource

        peak = now = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return now, peak


def memory_bench_parser(doc: str | None, *, repeat: int) -> argparse.ArgumentParser:
    """The options both benchmarks take: --cards, --repeat, and the hidden --memory-only HOME
    with which `memory_figures` runs the script again."""
    parser = argparse.ArgumentParser(description=(doc or "").splitlines()[0])
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=repeat)
    parser.add_argument("--memory-only", type=Path, default=None, help=argparse.SUPPRESS)
    return parser


def memory_figures(script: str, home: Path, cards: int) -> list[str]:
    """Run `script --memory-only HOME --cards N` in a fresh interpreter, so that the peak is
    the session's alone; returns the words it printed."""
    command = [sys.executable, script, "--memory-only", str(home), "--cards", str(cards)]
    subprocess.run(command, capture_output=True, env=learner_env(), check=True)  # byte code
    return subprocess.run(
        command, capture_output=True, text=True, env=learner_env(), check=True
    ).stdout.split()
