"""The progress store: the only place in sahel-quiz that speaks SQL.

One `Store` is one connection to `progress.sqlite3` in the progress folder. Every write is one
`BEGIN IMMEDIATE` … `COMMIT` transaction, committed before the method returns, so a process
killed between two answers loses nothing, and a second process on the same profile waits for
the lock instead of failing. Reads are single statements (or one read transaction for the
stats), which WAL lets run while another process writes.

Progress is keyed by (profile, deck id, card id): rewording a card keeps its history (its
content hash is updated at its next review, so the engine can show "changed since your last
review"), cards removed from a deck keep theirs (`cards_with_progress`, `deck_ids_with_progress`),
and a card without a state is new.

A review reads the card's stored state, steps it and writes the log row and the new state in
one `BEGIN IMMEDIATE` transaction (`review`), so two windows on one profile never compute a
review from a state the other has overtaken. The review log is append-only and each row holds
the card's state after that review, so the state before any review is the one its previous
review left: undo restores that and marks the row `undone`.

Methods that read a profile never create it (an unknown profile simply has no progress);
methods that write create it. `profile_id(name, create=False)` is how a command checks a name.
All datetimes must be timezone-aware; they come back in UTC.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
import time
from collections.abc import Callable, Collection, Container, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import ParamSpec, TypeVar, get_args

import fsrs

from sahel_quiz.errors import UserError
from sahel_quiz.i18n import _, literal
from sahel_quiz.profile_names import MAX_PROFILE_NAME, validate_profile_name
from sahel_quiz.scheduling.card_state import (
    CardState,
    State,
    from_micros,
    state_from_row,
    to_micros,
)
from sahel_quiz.scheduling.queue import StudyDay
from sahel_quiz.scoring import Rating
from sahel_quiz.store._support import WriteTransaction, from_json, guarded, to_json
from sahel_quiz.store.classroom import ClassroomRecords
from sahel_quiz.store.opening import close_marker, open_database
from sahel_quiz.store.paths import database_path, resolve_home
from sahel_quiz.store.records import (
    DeckProgress,
    QuizResult,
    RecordedReview,
    ReviewMode,
    UndoneReview,
    UndoRefused,
)

__all__ = ["MAX_PROFILE_NAME", "Store", "validate_profile_name"]

_DAY_US = 86_400_000_000


def _day_of(column: str, days: int) -> str:
    """SQL for the index of the day `column` falls in, given the ends of `days` days as
    parameters (a day runs up to its end; the first takes everything before its end)."""
    whens = " ".join(f"WHEN {column} < ? THEN {index}" for index in range(days))
    return f"CASE {whens} END"


_REVIEW_MODES = frozenset(get_args(ReviewMode))
_RATINGS = frozenset(Rating)

P = ParamSpec("P")
R = TypeVar("R")

_STATE_COLUMNS = (
    "deck_id, card_id, content_hash, state, step, stability, difficulty, due, last_review, "
    "introduced_at"
)
_DUE_SQL = (
    f"SELECT {_STATE_COLUMNS} FROM card_states "
    "WHERE profile_id = ? AND deck_id = ? AND due <= ? "
    "AND CASE WHEN state = 2 THEN due < ? ELSE due <= ? END ORDER BY due LIMIT ?"
)
_STATE_SQL = (
    f"SELECT {_STATE_COLUMNS} FROM card_states WHERE profile_id = ? AND deck_id = ? AND card_id = ?"
)
_LOG_REVIEW_SQL = """
INSERT INTO reviews (
    profile_id, deck_id, card_id, content_hash, mode, rating, credit, response, duration_ms,
    reviewed_at, state, step, stability, difficulty, due)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)
"""
_UPSERT_STATE_SQL = """
INSERT INTO card_states (
    profile_id, deck_id, card_id, content_hash, state, step, stability, difficulty, due,
    last_review, introduced_at)
VALUES (?1, ?2, ?3, ?4, ?11, ?12, ?13, ?14, ?15, ?10, ?10)
ON CONFLICT (profile_id, deck_id, card_id) DO UPDATE SET
    content_hash = excluded.content_hash, state = excluded.state, step = excluded.step,
    stability = excluded.stability, difficulty = excluded.difficulty, due = excluded.due,
    last_review = excluded.last_review
RETURNING deck_id, card_id, content_hash, state, step, stability, difficulty, due, last_review,
    introduced_at
"""


class Store(ClassroomRecords):
    """Profiles, card states, the review log, quiz results and classroom sessions.

    - open and close: `Store.open(home)` (a context manager), `notices`, `close()`;
    - profiles: `profile_id(name, create=True)`, `profiles()`;
    - states: `card_state`, `card_states`, `cards_with_progress`, `deck_ids_with_progress`,
      `due_cards`, `due_counts`, `has_progress`, `known_among`, `next_due`, `new_introduced_since`;
    - reviews: `review`, `undo_review`, `review_count`,
      `deck_progress` (the stats);
    - quizzes: `record_quiz_result`, `quiz_results`;
    - classroom: `create_classroom_session`, `record_classroom_question`,
      `finish_classroom_session`, `classroom_sessions`, `classroom_report`, `classroom_answers`.

    Calls are serialised by a lock, so one store may be shared with a worker thread.
    """

    def __init__(
        self,
        connection: sqlite3.Connection,
        home: Path,
        notices: list[str],
        marker: Path | None = None,
    ) -> None:
        """Use `Store.open`; this only wraps a connection that is already set up."""
        self._connection = connection
        self._marker = marker
        self._lock = threading.RLock()
        self._writing = WriteTransaction(connection, database_path(home))
        self._profile_ids: dict[str, int] = {}
        self.home = home
        self.path = database_path(home)
        self.notices = notices
        """One-line messages for the user from opening, e.g. a damaged file moved aside."""

    @classmethod
    def open(cls, home: str | Path | None = None, *, check: bool = False) -> Store:
        """Open the store in `home` (else `$SAHEL_QUIZ_HOME`, else the user data folder).

        Creates the folder and the file, migrates the schema, and salvages a damaged file (see
        `notices`); `check` runs the full check even after a clean shutdown (`doctor`).
        Problems the user can fix (an unwritable folder) raise `UserError`.
        """
        folder = resolve_home(home)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise UserError(
                _("cannot create the progress folder {folder}: {error}").format(
                    folder=folder, error=error
                )
            ) from error
        opened = open_database(database_path(folder), check=check)
        return cls(opened.connection, folder, opened.notices, opened.marker)

    def close(self) -> None:
        with self._lock:
            # Closing must not fail because the planner's statistics could not be saved.
            with contextlib.suppress(sqlite3.Error):
                self._connection.execute("PRAGMA optimize")
            self._connection.close()
            close_marker(self._marker)
            self._marker = None

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        """One snapshot for several queries, so that stats add up while another process writes."""
        connection = self._connection
        connection.execute("BEGIN")
        try:
            yield connection
        finally:
            connection.execute("COMMIT")

    # -- profiles ------------------------------------------------------------------------------

    @guarded
    def profile_id(self, name: str, create: bool = True) -> int:
        """The id of a profile; created unless `create` is False, which raises `UserError`
        naming the profiles there are."""
        found = self._find_profile(name)
        if found is not None:
            return found
        if not create:
            names = self.profiles()
            choices = ", ".join(names[:20]) + (", …" if len(names) > 20 else "")
            if names:
                hint = _("profiles: {names}").format(names=choices)
            else:
                hint = _("no profile has progress yet")
            raise UserError(
                _("unknown profile {name}; {hint}").format(name=literal(name), hint=hint)
            )
        key = validate_profile_name(name)
        with self._writing as connection:
            connection.execute(
                "INSERT INTO profiles (name, created_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
                (key, int(time.time() * 1_000_000)),
            )
            row = connection.execute("SELECT id FROM profiles WHERE name = ?", (key,)).fetchone()
        self._profile_ids[key] = row[0]
        return int(row[0])

    def _find_profile(self, name: str) -> int | None:
        key = validate_profile_name(name)
        found = self._profile_ids.get(key)
        if found is None:
            row = self._connection.execute(
                "SELECT id FROM profiles WHERE name = ?", (key,)
            ).fetchone()
            if row is None:
                return None
            found = self._profile_ids[key] = int(row[0])
        return found

    @guarded
    def profiles(self) -> list[str]:
        """Profile names, sorted."""
        rows = self._connection.execute("SELECT name FROM profiles ORDER BY name").fetchall()
        return [str(name) for (name,) in rows]

    # -- card states ---------------------------------------------------------------------------

    @guarded
    def card_state(self, profile: str, deck_id: str, card_id: str) -> CardState | None:
        """The card's state, or None for a new card."""
        profile_id = self._find_profile(profile)
        if profile_id is None:
            return None
        row = self._connection.execute(
            f"SELECT {_STATE_COLUMNS} FROM card_states "
            "WHERE profile_id = ? AND deck_id = ? AND card_id = ?",
            (profile_id, deck_id, card_id),
        ).fetchone()
        return None if row is None else state_from_row(row)

    @guarded
    def card_states(self, profile: str, deck_id: str) -> dict[str, CardState]:
        """Every state of a deck by card id, including cards no longer in the deck."""
        profile_id = self._find_profile(profile)
        if profile_id is None:
            return {}
        cursor = self._connection.execute(
            f"SELECT {_STATE_COLUMNS} FROM card_states WHERE profile_id = ? AND deck_id = ?",
            (profile_id, deck_id),
        )
        return {state.card_id: state for state in map(state_from_row, cursor)}

    @guarded
    def cards_with_progress(self, profile: str, deck_id: str) -> set[str]:
        """Ids of the deck's cards that have a state (all others are new)."""
        profile_id = self._find_profile(profile)
        if profile_id is None:
            return set()
        cursor = self._connection.execute(
            "SELECT card_id FROM card_states WHERE profile_id = ? AND deck_id = ?",
            (profile_id, deck_id),
        )
        return {card_id for (card_id,) in cursor}

    @guarded
    def deck_ids_with_progress(self, profile: str) -> list[str]:
        """Decks the profile has progress in, sorted, including decks that no longer exist."""
        profile_id = self._find_profile(profile)
        if profile_id is None:
            return []
        rows = self._connection.execute(
            "SELECT DISTINCT deck_id FROM card_states WHERE profile_id = ? ORDER BY deck_id",
            (profile_id,),
        ).fetchall()
        return [str(deck_id) for (deck_id,) in rows]

    @guarded
    def due_cards(
        self,
        profile: str,
        deck_id: str,
        day: StudyDay,
        limit: int | None = None,
        card_ids: Container[str] | None = None,
        orphans: dict[str, CardState] | None = None,
    ) -> list[CardState]:
        """Today's cards (see `StudyDay.is_today`), soonest due first, at most `limit` of them.

        `card_ids` keeps only those cards (the cards still in the deck): rows are filtered as
        they are read, so the limit counts kept cards, and the states left out are added to
        `orphans` (by card id) when it is given.
        """
        profile_id = self._find_profile(profile)
        if profile_id is None or limit == 0:
            return []
        key = (profile_id, deck_id, max(day.day_end_us - 1, day.learn_ahead_us))
        cuts = (day.day_end_us, day.learn_ahead_us)
        if card_ids is None:
            cursor = self._connection.execute(
                _DUE_SQL, (*key, *cuts, -1 if limit is None else limit)
            )
            return list(map(state_from_row, cursor))
        cursor = self._connection.execute(_DUE_SQL, (*key, *cuts, -1))
        found: list[CardState] = []
        for row in cursor:
            if row[1] not in card_ids:
                if orphans is not None:
                    orphans[row[1]] = state_from_row(row)
                continue
            found.append(state_from_row(row))
            if limit is not None and len(found) >= limit:
                break
        return found

    @guarded
    def due_counts(
        self, profile: str, deck_id: str, day: StudyDay, cap: int | None = None
    ) -> tuple[dict[State, int], bool]:
        """How many of today's cards there are by state (see `StudyDay.is_today`), read from
        the due index in due order; with `cap`, at most that many are counted (the second
        value says the count stopped there: there are more)."""
        profile_id = self._find_profile(profile)
        if profile_id is None:
            return {}, False
        limit = -1 if cap is None else cap + 1
        learning, review, relearning, counted = self._connection.execute(
            "SELECT TOTAL(state = 1), TOTAL(state = 2), TOTAL(state = 3), COUNT(*) FROM ("
            "SELECT state FROM card_states WHERE profile_id = ?3 AND deck_id = ?4 "
            "AND due < MAX(?1, ?2 + 1) AND CASE WHEN state = 2 THEN due < ?1 ELSE due <= ?2 END "
            "ORDER BY due LIMIT ?5)",
            (day.day_end_us, day.learn_ahead_us, profile_id, deck_id, limit),
        ).fetchone()
        counts = {State.Learning: learning, State.Review: review, State.Relearning: relearning}
        capped = cap is not None and counted > cap
        return {state: int(count) for state, count in counts.items() if count}, capped

    @guarded
    def has_progress(self, profile: str, deck_id: str) -> bool:
        """Whether any card of the deck has a state (one index probe)."""
        profile_id = self._find_profile(profile)
        if profile_id is None:
            return False
        row = self._connection.execute(
            "SELECT 1 FROM card_states WHERE profile_id = ? AND deck_id = ? LIMIT 1",
            (profile_id, deck_id),
        ).fetchone()
        return row is not None

    @guarded
    def known_among(self, profile: str, deck_id: str, card_ids: Sequence[str]) -> set[str]:
        """Which of `card_ids` have a state: one indexed lookup each, in SQLite."""
        profile_id = self._find_profile(profile)
        if profile_id is None or not card_ids:
            return set()
        cursor = self._connection.execute(
            "SELECT card_id FROM card_states WHERE profile_id = ? AND deck_id = ? "
            "AND card_id IN (SELECT value FROM json_each(?))",
            (profile_id, deck_id, json.dumps(list(card_ids))),
        )
        return {card_id for (card_id,) in cursor}

    @guarded
    def next_due(
        self,
        profile: str,
        deck_id: str,
        after: datetime | None = None,
        card_ids: Container[str] | None = None,
    ) -> datetime | None:
        """When the first card (of `card_ids`, if given) falls due after `after` (or at all)."""
        profile_id = self._find_profile(profile)
        if profile_id is None:
            return None
        lower = -(2**63) if after is None else to_micros(after) + 1
        if card_ids is None:
            row = self._connection.execute(
                "SELECT MIN(due) FROM card_states "
                "WHERE profile_id = ? AND deck_id = ? AND due >= ?",
                (profile_id, deck_id, lower),
            ).fetchone()
            return None if row[0] is None else from_micros(row[0])
        cursor = self._connection.execute(
            "SELECT card_id, due FROM card_states "
            "WHERE profile_id = ? AND deck_id = ? AND due >= ? ORDER BY due",
            (profile_id, deck_id, lower),
        )
        for card_id, due in cursor:
            if card_id in card_ids:
                return from_micros(due)
        return None

    @guarded
    def new_introduced_since(self, profile: str, deck_id: str, since: datetime) -> int:
        """How many of the deck's cards had their first review at or after `since`."""
        profile_id = self._find_profile(profile)
        if profile_id is None:
            return 0
        row = self._connection.execute(
            "SELECT COUNT(*) FROM card_states "
            "WHERE profile_id = ? AND deck_id = ? AND introduced_at >= ?",
            (profile_id, deck_id, to_micros(since)),
        ).fetchone()
        return int(row[0])

    # -- reviews -------------------------------------------------------------------------------

    @guarded
    def review(
        self,
        profile: str,
        deck_id: str,
        card_id: str,
        *,
        content_hash: str,
        schedule: Callable[[CardState | None], fsrs.Card | None],
        rating: Rating,
        mode: ReviewMode,
        credit: float | None = None,
        response: object = None,
        duration_ms: int | None = None,
    ) -> RecordedReview | None:
        """Review a card in one write transaction: read its stored state, ask `schedule` for the
        state after the review, and save the log row and that state; None when `schedule` said
        None (nothing is written).

        `schedule` gets the state stored at this moment (None: a new card), never a copy another
        process may have overtaken, and returns the py-fsrs card after the review, whose
        `last_review` is the review time. `credit` is the grade in [0, 1] (None when the learner
        rated themselves); `response` is what they gave, any JSON value. Committed before
        returning; the returned `after` is the state as written.
        """
        if rating not in _RATINGS:
            raise ValueError(f"a rating is a Rating (1–4), not {rating!r}")
        if mode not in _REVIEW_MODES:
            raise ValueError(f"unknown review mode {mode!r}")
        if credit is not None and not 0.0 <= credit <= 1.0:
            raise ValueError(f"credit is between 0 and 1, not {credit!r}")
        profile_id = self._profile_ids.get(profile)
        if profile_id is None:
            profile_id = self.profile_id(profile)
        response_json = to_json(response)
        with self._writing as connection:
            row = connection.execute(_STATE_SQL, (profile_id, deck_id, card_id)).fetchone()
            before = None if row is None else state_from_row(row)
            card = schedule(before)
            if card is None:
                return None
            if card.last_review is None:
                raise ValueError("card.last_review is None: pass the card the scheduler returned")
            # One parameter tuple serves both statements (the upsert names what it needs).
            parameters = (
                profile_id,
                deck_id,
                card_id,
                content_hash,
                mode,
                int(rating),
                credit,
                response_json,
                duration_ms,
                to_micros(card.last_review),
                int(card.state),
                card.step,
                card.stability,
                card.difficulty,
                to_micros(card.due),
            )
            review_id = connection.execute(_LOG_REVIEW_SQL, parameters).lastrowid
            written = connection.execute(_UPSERT_STATE_SQL, parameters).fetchone()
        assert review_id is not None
        return RecordedReview(review_id, before, state_from_row(written))

    @guarded
    def undo_review(self, review_id: int) -> UndoneReview | UndoRefused:
        """Take back a review: the log row is marked undone and the card gets back the state
        its previous review left (or becomes new again).

        Refused (nothing changes) when the review is unknown or already undone, or when it is no
        longer the card's latest, e.g. another window reviewed the card since: undoing it would
        bring back a stale state.
        """
        with self._writing as connection:
            row = connection.execute(
                "SELECT profile_id, deck_id, card_id, reviewed_at FROM reviews "
                "WHERE id = ? AND undone = 0",
                (review_id,),
            ).fetchone()
            if row is None:
                return UndoRefused.UNKNOWN
            key = tuple(row[:3])
            order = (row[3], row[3], review_id)
            later = connection.execute(
                "SELECT 1 FROM reviews WHERE profile_id = ? AND deck_id = ? AND card_id = ? "
                "AND undone = 0 AND (reviewed_at > ? OR (reviewed_at = ? AND id > ?)) LIMIT 1",
                key + order,
            ).fetchone()
            if later is not None:
                return UndoRefused.SUPERSEDED
            previous = connection.execute(
                "SELECT content_hash, state, step, stability, difficulty, due, reviewed_at "
                "FROM reviews WHERE profile_id = ? AND deck_id = ? AND card_id = ? "
                "AND undone = 0 AND (reviewed_at < ? OR (reviewed_at = ? AND id < ?)) "
                "ORDER BY reviewed_at DESC, id DESC LIMIT 1",
                key + order,
            ).fetchone()
            restored: CardState | None = None
            if previous is None:
                connection.execute(
                    "DELETE FROM card_states WHERE profile_id = ? AND deck_id = ? AND card_id = ?",
                    key,
                )
            else:
                restored_row = connection.execute(
                    "UPDATE card_states SET content_hash = ?, state = ?, step = ?, stability = ?, "
                    "difficulty = ?, due = ?, last_review = ? "
                    "WHERE profile_id = ? AND deck_id = ? AND card_id = ? "
                    f"RETURNING {_STATE_COLUMNS}",
                    tuple(previous) + key,
                ).fetchone()
                restored = None if restored_row is None else state_from_row(restored_row)
            connection.execute("UPDATE reviews SET undone = 1 WHERE id = ?", (review_id,))
        return UndoneReview(review_id=review_id, card_id=str(key[2]), restored=restored)

    @guarded
    def review_count(self, profile: str, deck_id: str | None = None) -> int:
        """Reviews in the log that were not undone, for one deck or all."""
        profile_id = self._find_profile(profile)
        if profile_id is None:
            return 0
        sql = "SELECT COUNT(*) FROM reviews WHERE profile_id = ? AND undone = 0"
        parameters: tuple[object, ...] = (profile_id,)
        if deck_id is not None:
            sql += " AND deck_id = ?"
            parameters += (deck_id,)
        return int(self._connection.execute(sql, parameters).fetchone()[0])

    @guarded
    def deck_progress(
        self,
        profile: str,
        deck_id: str,
        now: datetime,
        day_starts: Sequence[datetime],
        card_ids: Collection[str] | None = None,
    ) -> DeckProgress:
        """The stats of one deck (see `DeckProgress`); `card_ids` restricts them to those cards,
        e.g. the ones still in the deck. `day_starts` are the learner's days to count by, from
        `scheduling.day_starts(now, days)`: `2 × days` starts, today's at `days - 1`, so that
        a day is 23 or 25 hours long when the clocks change that night."""
        profile_id = self._find_profile(profile)
        days = len(day_starts) // 2
        if days < 1 or len(day_starts) != 2 * days:
            raise ValueError(f"day_starts needs an even number of starts, not {len(day_starts)}")
        starts = [to_micros(start) for start in day_starts]
        now_us = to_micros(now)
        if profile_id is None:
            return DeckProgress(deck_id, 0, 0, 0, 0, 0, None, 0, 0, 0, (0,) * days, (0,) * days)
        where = "profile_id = ? AND deck_id = ?"
        key: tuple[object, ...] = (profile_id, deck_id)
        if card_ids is not None:
            where += " AND card_id IN (SELECT value FROM json_each(?))"
            key += (json.dumps(list(card_ids)),)
        # The day a row falls in, from the ends of the days (each day's end is the next start).
        due_ends, done_ends = starts[days:], starts[1 : days + 1]
        with self._reading() as connection:
            by_state = dict(
                connection.execute(
                    f"SELECT state, COUNT(*) FROM card_states WHERE {where} GROUP BY state", key
                ).fetchall()
            )
            due_now, due_week, next_due = connection.execute(
                "SELECT TOTAL(due <= ?), TOTAL(due <= ?), MIN(CASE WHEN due > ? THEN due END) "
                f"FROM card_states WHERE {where}",
                (now_us, now_us + 7 * _DAY_US, now_us, *key),
            ).fetchone()
            due_per_day = [0] * days
            for day, count in connection.execute(
                f"SELECT {_day_of('due', days)} AS day, COUNT(*) FROM card_states "
                f"WHERE {where} AND due < ? GROUP BY day",
                (*due_ends, *key, due_ends[-1]),
            ):
                due_per_day[day] = count  # overdue cards count in today
            # A review was of a card in the review state when the card's previous review
            # left it there.
            done, in_review, passed = connection.execute(
                "SELECT COUNT(*), TOTAL(before = 2), TOTAL(before = 2 AND rating > 1) FROM ("
                "SELECT rating, LAG(state) OVER (PARTITION BY card_id ORDER BY reviewed_at, id) "
                f"AS before FROM reviews WHERE {where} AND undone = 0)",
                key,
            ).fetchone()
            reviews_per_day = [0] * days
            for day, count in connection.execute(
                f"SELECT {_day_of('reviewed_at', days)} AS day, COUNT(*) FROM reviews "
                f"WHERE {where} AND undone = 0 AND reviewed_at >= ? AND reviewed_at < ? "
                "GROUP BY day",
                (*done_ends, *key, starts[0], done_ends[-1]),
            ):
                reviews_per_day[day] = count
        return DeckProgress(
            deck_id=deck_id,
            learning=by_state.get(State.Learning, 0),
            review=by_state.get(State.Review, 0),
            relearning=by_state.get(State.Relearning, 0),
            due_now=int(due_now),
            due_next_7_days=int(due_week),
            next_due=None if next_due is None else from_micros(next_due),
            reviews_done=int(done),
            retention_reviews=int(in_review),
            retention_passed=int(passed),
            reviews_per_day=tuple(reviews_per_day),
            due_per_day=tuple(due_per_day),
        )

    # -- quiz results --------------------------------------------------------------------------

    @guarded
    def record_quiz_result(
        self,
        profile: str,
        deck_id: str,
        *,
        started_at: datetime,
        finished_at: datetime,
        score: float,
        maximum: float,
        card_count: int,
        details: object = (),
    ) -> int:
        """Save a finished (or interrupted) quiz; `details` is any JSON value, e.g. per-card
        lines. Returns the result's id."""
        profile_id = self.profile_id(profile)
        with self._writing as connection:
            cursor = connection.execute(
                "INSERT INTO quiz_results (profile_id, deck_id, started_at, finished_at, score, "
                "maximum, card_count, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    profile_id,
                    deck_id,
                    to_micros(started_at),
                    to_micros(finished_at),
                    score,
                    maximum,
                    card_count,
                    to_json(details) or "null",
                ),
            )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    @guarded
    def quiz_results(self, profile: str, deck_id: str | None = None) -> list[QuizResult]:
        """The profile's quiz results, newest first, for one deck or all."""
        profile_id = self._find_profile(profile)
        if profile_id is None:
            return []
        sql = (
            "SELECT id, deck_id, started_at, finished_at, score, maximum, card_count, details "
            "FROM quiz_results WHERE profile_id = ?"
        )
        parameters: tuple[object, ...] = (profile_id,)
        if deck_id is not None:
            sql += " AND deck_id = ?"
            parameters += (deck_id,)
        rows = self._connection.execute(sql + " ORDER BY finished_at DESC, id DESC", parameters)
        return [
            QuizResult(
                id=row[0],
                profile=validate_profile_name(profile),
                deck_id=row[1],
                started_at=from_micros(row[2]),
                finished_at=from_micros(row[3]),
                score=row[4],
                maximum=row[5],
                card_count=row[6],
                details=from_json(row[7]),
            )
            for row in rows
        ]
