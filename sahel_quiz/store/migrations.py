"""The schema, as an ordered list of forward migrations numbered by `PRAGMA user_version`.

To change the schema, append a migration; never edit one that has shipped, since stores in the
field already ran it. Each migration runs in the same write transaction as the version bump,
so a crash leaves the store at the old version or the new one, never in between, and two
processes opening a fresh store at once migrate it exactly once.

Conventions: times are INTEGER microseconds since the Unix epoch, UTC (exact and sortable; see
`sahel_quiz.scheduling.card_state`); JSON columns hold TEXT; `profile_id` refers to `profiles`.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from sahel_quiz.errors import UserError
from sahel_quiz.i18n import _

__all__ = [
    "LATEST_VERSION",
    "MIGRATIONS",
    "Migration",
    "migrate",
    "repair_schema",
    "schema_version",
]


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    statements: tuple[str, ...]


_INITIAL = (
    """CREATE TABLE profiles (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        created_at INTEGER NOT NULL
    )""",
    # One row per card that has been reviewed at least once: a card without a row is new.
    # `state`..`last_review` are py-fsrs's Card fields; `introduced_at` is the first review.
    """CREATE TABLE card_states (
        profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        deck_id TEXT NOT NULL,
        card_id TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        state INTEGER NOT NULL CHECK (state IN (1, 2, 3)),
        step INTEGER,
        stability REAL,
        difficulty REAL,
        due INTEGER NOT NULL,
        last_review INTEGER,
        introduced_at INTEGER NOT NULL,
        PRIMARY KEY (profile_id, deck_id, card_id)
    ) WITHOUT ROWID""",
    "CREATE INDEX card_states_due ON card_states (profile_id, deck_id, due)",
    "CREATE INDEX card_states_introduced ON card_states (profile_id, deck_id, introduced_at)",
    # Append-only: an undo sets `undone` instead of deleting. `state`..`due` are the card's
    # state after this review, so the log alone tells the state before any review (the one
    # after the card's previous review), which is what undo restores; nothing is read back
    # from `card_states` on the path of an answer.
    """CREATE TABLE reviews (
        id INTEGER PRIMARY KEY,
        profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        deck_id TEXT NOT NULL,
        card_id TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        mode TEXT NOT NULL CHECK (mode IN ('quiz', 'study', 'classroom')),
        rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
        credit REAL CHECK (credit BETWEEN 0 AND 1),
        answer TEXT,
        duration_ms INTEGER,
        reviewed_at INTEGER NOT NULL,
        state INTEGER NOT NULL CHECK (state IN (1, 2, 3)),
        step INTEGER,
        stability REAL,
        difficulty REAL,
        due INTEGER NOT NULL,
        undone INTEGER NOT NULL DEFAULT 0
    )""",
    "CREATE INDEX reviews_by_deck ON reviews (profile_id, deck_id, reviewed_at)",
    """CREATE TABLE quiz_results (
        id INTEGER PRIMARY KEY,
        profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        deck_id TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        finished_at INTEGER NOT NULL,
        score REAL NOT NULL,
        maximum REAL NOT NULL,
        card_count INTEGER NOT NULL,
        details TEXT NOT NULL
    )""",
    "CREATE INDEX quiz_results_by_deck ON quiz_results (profile_id, deck_id, finished_at)",
    # Classroom games (issue 5) belong to the teacher's machine, not to a profile. The game
    # engine is the authority on scores and ranks: the store keeps what it computed.
    """CREATE TABLE classroom_sessions (
        id INTEGER PRIMARY KEY,
        deck_id TEXT NOT NULL,
        title TEXT NOT NULL,
        mode TEXT NOT NULL CHECK (mode IN ('speed', 'accuracy', 'self-paced')),
        pin TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        finished_at INTEGER,
        settings TEXT NOT NULL
    )""",
    """CREATE TABLE classroom_players (
        session_id INTEGER NOT NULL REFERENCES classroom_sessions(id) ON DELETE CASCADE,
        nickname TEXT NOT NULL,
        rank INTEGER NOT NULL,
        total INTEGER NOT NULL,
        right_count INTEGER NOT NULL,
        answered_count INTEGER NOT NULL,
        total_response_ms INTEGER NOT NULL,
        PRIMARY KEY (session_id, nickname)
    )""",
    """CREATE TABLE classroom_questions (
        session_id INTEGER NOT NULL REFERENCES classroom_sessions(id) ON DELETE CASCADE,
        question_index INTEGER NOT NULL,
        card_id TEXT NOT NULL,
        card_type TEXT NOT NULL,
        prompt TEXT NOT NULL,
        players INTEGER NOT NULL,
        answered_count INTEGER NOT NULL,
        right_count INTEGER NOT NULL,
        total_response_ms INTEGER NOT NULL,
        PRIMARY KEY (session_id, question_index)
    )""",
    """CREATE TABLE classroom_answers (
        session_id INTEGER NOT NULL REFERENCES classroom_sessions(id) ON DELETE CASCADE,
        question_index INTEGER NOT NULL,
        nickname TEXT NOT NULL,
        card_id TEXT NOT NULL,
        answer TEXT,
        credit REAL NOT NULL CHECK (credit BETWEEN 0 AND 1),
        points INTEGER NOT NULL,
        response_ms INTEGER NOT NULL,
        answered_at INTEGER NOT NULL,
        PRIMARY KEY (session_id, question_index, nickname)
    )""",
)

# The due index also carries the state, so that a study session counts its due learning and
# review cards from the index alone, without reading 100,000 rows.
_DUE_INDEX_WITH_STATE = (
    "DROP INDEX card_states_due",
    "CREATE INDEX card_states_due ON card_states (profile_id, deck_id, due, state)",
)

# The learner's `response` is what they gave; `answer` means the expected answer in a deck.
_RESPONSE_COLUMN = ("ALTER TABLE reviews RENAME COLUMN answer TO response",)

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "profiles, card states, review log, quiz results, classroom", _INITIAL),
    Migration(2, "due index covers the state", _DUE_INDEX_WITH_STATE),
    Migration(3, "the review log's learner response is named `response`", _RESPONSE_COLUMN),
)
LATEST_VERSION = MIGRATIONS[-1].version


def schema_version(connection: sqlite3.Connection) -> int:
    version: int = connection.execute("PRAGMA user_version").fetchone()[0]
    return version


def migrate(connection: sqlite3.Connection) -> int:
    """Bring the store up to `LATEST_VERSION`; returns the version it was at.

    The connection must be in autocommit mode (`isolation_level=None`): this function owns
    its transaction.
    """
    found = schema_version(connection)
    if found == LATEST_VERSION:
        return found
    if found > LATEST_VERSION:
        raise UserError(
            _(
                "the progress store has schema version {found}, newer than this sahel-quiz "
                "knows ({latest}): upgrade sahel-quiz"
            ).format(found=found, latest=LATEST_VERSION)
        )
    connection.execute("BEGIN IMMEDIATE")
    try:
        # Another process may have migrated while we waited for the write lock.
        found = schema_version(connection)
        for migration in MIGRATIONS:
            if migration.version > found:
                for statement in migration.statements:
                    connection.execute(statement)
                connection.execute(f"PRAGMA user_version = {migration.version:d}")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")
    return found


@cache
def _expected_schema() -> tuple[tuple[str, str, str, tuple[str, ...]], ...]:
    """(type, name, sql, columns) of every table and index the migrations make, in order."""
    connection = sqlite3.connect(":memory:", isolation_level=None)
    try:
        migrate(connection)
        rows = connection.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid"
        ).fetchall()
        return tuple(
            (
                str(kind),
                str(name),
                str(sql),
                tuple(str(c[1]) for c in connection.execute(f'PRAGMA table_info("{name}")'))
                if kind == "table"
                else (),
            )
            for kind, name, sql in rows
        )
    finally:
        connection.close()


def repair_schema(connection: sqlite3.Connection, path: Path) -> list[str]:
    """Recreate the tables and indexes of the schema that are missing (a store emptied or
    edited by another program); refuse, with a clear message, a table whose columns differ.
    Returns the names recreated."""
    found = {
        name: kind for kind, name in connection.execute("SELECT type, name FROM sqlite_master")
    }
    missing = []
    for kind, name, sql, columns in _expected_schema():
        if name not in found:
            missing.append((name, sql))
            continue
        if kind == "table":
            have = {str(c[1]) for c in connection.execute(f'PRAGMA table_info("{name}")')}
            lacking = [column for column in columns if column not in have]
            if lacking:
                raise UserError(
                    _(
                        "the progress store {path} was changed by another program: its table "
                        "{table} lacks {columns}. Move the file aside (sahel-quiz then starts "
                        "afresh) or restore a copy"
                    ).format(path=path, table=name, columns=", ".join(lacking))
                )
    if missing:
        connection.execute("BEGIN IMMEDIATE")
        try:
            present = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
            for name, sql in missing:
                if name not in present:
                    connection.execute(sql)
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")
    return [name for name, _sql in missing]
