"""Salvaging a damaged store: every row that can still be read goes into a fresh one.

Tables are copied one by one, in key order, so damage in one table (say a classroom table)
costs nothing elsewhere, and a damaged page inside a table costs only the rows on it: the copy
skips past it and goes on. Card states that could not be read are rebuilt from the review log,
which holds each card's state after every review. The damaged file is kept, renamed.
Called by `opening.open_database` under the store's lock.
"""

from __future__ import annotations

import contextlib
import sqlite3
from datetime import datetime
from pathlib import Path

from sahel_quiz.i18n import _, ngettext
from sahel_quiz.store.database import connect, move_aside, sidecar
from sahel_quiz.store.migrations import migrate

__all__ = ["salvage"]

# Parents before children; card_states last, as it can be rebuilt from the log.
_TABLES = (
    "profiles",
    "reviews",
    "quiz_results",
    "classroom_sessions",
    "classroom_players",
    "classroom_questions",
    "classroom_answers",
    "card_states",
)
_RENAMED = {"reviews": {"answer": "response"}}
"""Columns renamed by migrations, so an older damaged store is read too."""
_BATCH = 500
_SKIP_LIMIT = 2**61

_REBUILD_STATES = """
INSERT OR IGNORE INTO card_states (
    profile_id, deck_id, card_id, content_hash, state, step, stability, difficulty, due,
    last_review, introduced_at)
SELECT r.profile_id, r.deck_id, r.card_id, r.content_hash, r.state, r.step, r.stability,
    r.difficulty, r.due, r.reviewed_at,
    (SELECT MIN(f.reviewed_at) FROM reviews AS f WHERE f.profile_id = r.profile_id
     AND f.deck_id = r.deck_id AND f.card_id = r.card_id AND f.undone = 0)
FROM reviews AS r
WHERE r.undone = 0 AND r.id = (
    SELECT l.id FROM reviews AS l WHERE l.profile_id = r.profile_id AND l.deck_id = r.deck_id
    AND l.card_id = r.card_id AND l.undone = 0 ORDER BY l.reviewed_at DESC, l.id DESC LIMIT 1)
"""


def _columns(connection: sqlite3.Connection, table: str) -> list[str]:
    return [str(row[1]) for row in connection.execute(f'PRAGMA table_info("{table}")')]


def _first_row_after(source: sqlite3.Connection, query: str, last: int) -> bool:
    try:
        source.execute(query, (last,)).fetchone()
    except sqlite3.DatabaseError:
        return False
    return True


def _copy_rowid_table(
    source: sqlite3.Connection, target: sqlite3.Connection, table: str, pairs: list[tuple[str, str]]
) -> int:
    """Copy in rowid order. Past an unreadable page, seek ahead ever further until rows can be
    read again, then back to the first rowid that can be: only the damaged page is lost."""
    read = ", ".join(f'"{old}"' for old, _new in pairs)
    write = ", ".join(f'"{new}"' for _old, new in pairs)
    marks = ", ".join("?" for _ in pairs)
    insert = f'INSERT OR IGNORE INTO "{table}" (rowid, {write}) VALUES (?, {marks})'
    query = f'SELECT rowid, {read} FROM "{table}" WHERE rowid > ? ORDER BY rowid'
    copied, last = 0, -(2**63)
    while True:
        rows: list[tuple[object, ...]] = []
        failed = False
        try:
            cursor = source.execute(query + f" LIMIT {_BATCH}", (last,))
            while (row := cursor.fetchone()) is not None:
                rows.append(row)
        except sqlite3.DatabaseError:
            failed = True
        if rows:
            target.executemany(insert, rows)
            copied += len(rows)
            last = int(rows[-1][0])  # type: ignore[call-overload]
            continue
        if not failed:
            return copied
        # `last` is followed by damage: find a later start that reads.
        gap = 1
        while not _first_row_after(source, query, last + gap):
            if gap > _SKIP_LIMIT or last + gap > 2**62:
                return copied
            gap *= 2
        low, high = last + gap // 2, last + gap
        while high - low > 1:
            middle = (low + high) // 2
            if _first_row_after(source, query, middle):
                high = middle
            else:
                low = middle
        last = high


def _copy_keyed_table(
    source: sqlite3.Connection, target: sqlite3.Connection, table: str, pairs: list[tuple[str, str]]
) -> int:
    """Copy a table without rowid (card states) in key order, up to the first unreadable row."""
    read = ", ".join(f'"{old}"' for old, _new in pairs)
    write = ", ".join(f'"{new}"' for _old, new in pairs)
    marks = ", ".join("?" for _ in pairs)
    insert = f'INSERT OR IGNORE INTO "{table}" ({write}) VALUES ({marks})'
    copied = 0
    with contextlib.suppress(sqlite3.DatabaseError):
        for row in source.execute(f'SELECT {read} FROM "{table}"'):
            target.execute(insert, row)
            copied += 1
    return copied


def _copy_everything(source: sqlite3.Connection, target: sqlite3.Connection) -> dict[str, int]:
    counts: dict[str, int] = {}
    target.execute("BEGIN")
    for table in _TABLES:
        try:
            found = _columns(source, table)
        except sqlite3.DatabaseError:
            found = []
        renamed = _RENAMED.get(table, {})
        wanted = set(_columns(target, table))
        pairs = [(old, renamed.get(old, old)) for old in found if renamed.get(old, old) in wanted]
        if not pairs:
            counts[table] = 0
            continue
        copy = _copy_keyed_table if table == "card_states" else _copy_rowid_table
        counts[table] = copy(source, target, table, pairs)
    before = target.execute("SELECT COUNT(*) FROM card_states").fetchone()[0]
    target.execute(_REBUILD_STATES)
    after = target.execute("SELECT COUNT(*) FROM card_states").fetchone()[0]
    counts["card_states"] = after
    counts["rebuilt_states"] = after - before
    # Rows whose profile row was lost get a profile of their own rather than being dropped.
    target.execute(
        "INSERT OR IGNORE INTO profiles (id, name, created_at) "
        "SELECT DISTINCT profile_id, 'recovered-' || profile_id, 0 FROM ("
        "SELECT profile_id FROM reviews UNION SELECT profile_id FROM card_states "
        "UNION SELECT profile_id FROM quiz_results) "
        "WHERE profile_id NOT IN (SELECT id FROM profiles)"
    )
    target.execute("COMMIT")
    counts["reviews"] = target.execute("SELECT COUNT(*) FROM reviews WHERE undone = 0").fetchone()[
        0
    ]
    return counts


def salvage(path: Path, moment: datetime) -> str:
    """Copy what can be read of the damaged store at `path` into a fresh one at `path`, keep
    the damaged file aside; returns the one-line notice for the learner."""
    fresh = sidecar(path, ".salvaging")
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            sidecar(fresh, suffix).unlink()
    target = connect(fresh)
    counts: dict[str, int] = {}
    try:
        migrate(target)
        target.execute("PRAGMA foreign_keys = OFF")
        try:
            source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=10)
        except sqlite3.Error:
            source = None
        if source is not None:
            try:
                counts = _copy_everything(source, target)
            except sqlite3.DatabaseError:
                if target.in_transaction:
                    target.execute("ROLLBACK")
                counts = {}
            finally:
                source.close()
        # Leave a single file: the fresh store is moved into place below.
        target.execute("PRAGMA journal_mode = DELETE")
    finally:
        target.close()
    moved = move_aside(path, moment)
    fresh.rename(path)
    reviews, states = counts.get("reviews", 0), counts.get("card_states", 0)
    if not reviews and not states:
        return _(
            "the progress store {path} was damaged and nothing could be read from it: started "
            "afresh; the damaged file is kept at {moved}"
        ).format(path=path, moved=moved)
    return (
        ngettext(
            "the progress store {path} was damaged: recovered {reviews} review",
            "the progress store {path} was damaged: recovered {reviews} reviews",
            reviews,
        )
        + ngettext(" and {states} card state", " and {states} card states", states)
        + _(" into a fresh store; the damaged file is kept at {moved}")
    ).format(path=path, reviews=reviews, states=states, moved=moved)
