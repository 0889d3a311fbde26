"""Classroom sessions in the progress store: what `sahel-quiz host` saves and `report` reads.

They belong to the teacher's machine, not to a profile. The game engine is the authority on
scores and ranks; these methods keep what it computed. `Store` inherits them.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, cast, get_args

from sahel_quiz.errors import UserError
from sahel_quiz.i18n import _
from sahel_quiz.scheduling.card_state import from_micros, to_micros
from sahel_quiz.scoring import Mode
from sahel_quiz.store._support import WriteTransaction, from_json, guarded, to_json
from sahel_quiz.store.records import (
    ClassroomAnswer,
    ClassroomPlayerLine,
    ClassroomQuestionLine,
    ClassroomReport,
    ClassroomSession,
)

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

__all__ = ["ClassroomRecords"]

_CLASSROOM_MODES = frozenset(get_args(Mode))


class ClassroomRecords:
    """The classroom half of `Store` (see there for the connection and its guarantees)."""

    _connection: sqlite3.Connection
    _lock: threading.RLock
    _writing: WriteTransaction
    path: Path

    def _reading(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError  # provided by Store

    @guarded
    def create_classroom_session(
        self,
        deck_id: str,
        *,
        title: str,
        mode: Mode,
        pin: str,
        started_at: datetime,
        settings: Mapping[str, object] | None = None,
    ) -> int:
        """Start recording a classroom game; returns the session id `report` shows."""
        if mode not in _CLASSROOM_MODES:
            raise ValueError(f"unknown classroom mode {mode!r}")
        with self._writing as connection:
            cursor = connection.execute(
                "INSERT INTO classroom_sessions (deck_id, title, mode, pin, started_at, settings) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (deck_id, title, mode, pin, to_micros(started_at), to_json(dict(settings or {}))),
            )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    @guarded
    def record_classroom_question(
        self,
        session_id: int,
        question: ClassroomQuestionLine,
        answers: Sequence[ClassroomAnswer],
        players: Sequence[ClassroomPlayerLine] | None = None,
    ) -> None:
        """Save a closed question, its answers and (if given) the standings after it, in one
        transaction. Saving a question again replaces it, so the game may save as it goes."""
        with self._writing as connection:
            connection.execute(
                "INSERT OR REPLACE INTO classroom_questions (session_id, question_index, card_id, "
                "card_type, prompt, players, answered_count, right_count, total_response_ms) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    session_id,
                    question.index,
                    question.card_id,
                    question.card_type,
                    question.prompt,
                    question.players,
                    question.answered,
                    question.right,
                    question.total_response_ms,
                ),
            )
            connection.executemany(
                "INSERT OR REPLACE INTO classroom_answers (session_id, question_index, nickname, "
                "card_id, answer, credit, points, response_ms, answered_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        session_id,
                        answer.question_index,
                        answer.nickname,
                        answer.card_id,
                        to_json(answer.answer),
                        answer.credit,
                        answer.points,
                        answer.response_ms,
                        to_micros(answer.answered_at),
                    )
                    for answer in answers
                ],
            )
            if players is not None:
                self._replace_players(connection, session_id, players)

    @guarded
    def finish_classroom_session(
        self,
        session_id: int,
        finished_at: datetime,
        players: Sequence[ClassroomPlayerLine] | None = None,
    ) -> None:
        """Mark the game finished, with the final standings if given."""
        with self._writing as connection:
            cursor = connection.execute(
                "UPDATE classroom_sessions SET finished_at = ? WHERE id = ?",
                (to_micros(finished_at), session_id),
            )
            if cursor.rowcount == 0:
                raise ValueError(f"no classroom session {session_id}")
            if players is not None:
                self._replace_players(connection, session_id, players)

    @staticmethod
    def _replace_players(
        connection: sqlite3.Connection, session_id: int, players: Sequence[ClassroomPlayerLine]
    ) -> None:
        connection.execute("DELETE FROM classroom_players WHERE session_id = ?", (session_id,))
        connection.executemany(
            "INSERT INTO classroom_players (session_id, nickname, rank, total, right_count, "
            "answered_count, total_response_ms) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    session_id,
                    player.nickname,
                    player.rank,
                    player.score,
                    player.right,
                    player.answered,
                    player.total_response_ms,
                )
                for player in players
            ],
        )

    @guarded
    def classroom_sessions(self) -> list[ClassroomSession]:
        """Every classroom session, newest first."""
        rows = self._connection.execute(
            "SELECT s.id, s.deck_id, s.title, s.mode, s.pin, s.started_at, s.finished_at, "
            "s.settings, (SELECT COUNT(*) FROM classroom_players AS p WHERE p.session_id = s.id) "
            "FROM classroom_sessions AS s ORDER BY s.started_at DESC, s.id DESC"
        ).fetchall()
        return [self._session(row) for row in rows]

    @staticmethod
    def _session(row: Sequence[object]) -> ClassroomSession:
        finished = cast("int | None", row[6])
        return ClassroomSession(
            id=cast(int, row[0]),
            deck_id=cast(str, row[1]),
            title=cast(str, row[2]),
            mode=cast(Mode, row[3]),
            pin=cast(str, row[4]),
            started_at=from_micros(cast(int, row[5])),
            finished_at=None if finished is None else from_micros(finished),
            settings=cast("dict[str, object]", from_json(cast(str, row[7]))),
            players=cast(int, row[8]),
        )

    @guarded
    def classroom_report(self, session_id: int) -> ClassroomReport:
        """A session's players by rank and questions by index; `UserError` for an unknown id."""
        connection = self._connection
        with self._reading():
            row = connection.execute(
                "SELECT s.id, s.deck_id, s.title, s.mode, s.pin, s.started_at, s.finished_at, "
                "s.settings, (SELECT COUNT(*) FROM classroom_players AS p "
                "WHERE p.session_id = s.id) FROM classroom_sessions AS s WHERE s.id = ?",
                (session_id,),
            ).fetchone()
            if row is None:
                recent = [
                    str(i)
                    for (i,) in connection.execute(
                        "SELECT id FROM classroom_sessions ORDER BY id DESC LIMIT 10"
                    )
                ]
                if recent:
                    hint = _("recent sessions: {ids}").format(ids=", ".join(recent))
                else:
                    hint = _("none recorded yet")
                raise UserError(
                    _("no classroom session {id}; {hint}").format(id=session_id, hint=hint)
                )
            players = tuple(
                ClassroomPlayerLine(*line)
                for line in connection.execute(
                    "SELECT nickname, rank, total, right_count, answered_count, total_response_ms "
                    "FROM classroom_players WHERE session_id = ? ORDER BY rank, nickname",
                    (session_id,),
                )
            )
            questions = tuple(
                ClassroomQuestionLine(*line)
                for line in connection.execute(
                    "SELECT question_index, card_id, card_type, prompt, players, answered_count, "
                    "right_count, total_response_ms FROM classroom_questions "
                    "WHERE session_id = ? ORDER BY question_index",
                    (session_id,),
                )
            )
        return ClassroomReport(session=self._session(row), players=players, questions=questions)

    @guarded
    def classroom_answers(self, session_id: int) -> list[ClassroomAnswer]:
        """Every answer of a session, by question then nickname (for a detailed export)."""
        rows = self._connection.execute(
            "SELECT question_index, nickname, card_id, answer, credit, points, response_ms, "
            "answered_at FROM classroom_answers WHERE session_id = ? "
            "ORDER BY question_index, nickname",
            (session_id,),
        )
        return [
            ClassroomAnswer(
                question_index=row[0],
                nickname=row[1],
                card_id=row[2],
                answer=from_json(row[3]),
                credit=row[4],
                points=row[5],
                response_ms=row[6],
                answered_at=from_micros(row[7]),
            )
            for row in rows
        ]
