"""The progress store: SQLite profiles, card states, review log, quiz results and classroom
sessions, with migrations and recovery from a damaged file. See `Store`.

Names are re-exported lazily (PEP 562), as in `sahel_quiz.deck`: the home screen finds the
progress folder (`resolve_home`) before its first frame, which must not wait for SQLite and
the scheduler.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sahel_quiz.store.database import StoreUnwritable
    from sahel_quiz.store.paths import DATABASE_NAME, HOME_VARIABLE, database_path, resolve_home
    from sahel_quiz.store.records import (
        ClassroomAnswer,
        ClassroomPlayerLine,
        ClassroomQuestionLine,
        ClassroomReport,
        ClassroomSession,
        DeckProgress,
        QuizResult,
        RecordedReview,
        ReviewMode,
        UndoneReview,
        UndoRefused,
    )
    from sahel_quiz.store.store import MAX_PROFILE_NAME, Store, validate_profile_name

__all__ = [
    "DATABASE_NAME",
    "HOME_VARIABLE",
    "MAX_PROFILE_NAME",
    "ClassroomAnswer",
    "ClassroomPlayerLine",
    "ClassroomQuestionLine",
    "ClassroomReport",
    "ClassroomSession",
    "DeckProgress",
    "QuizResult",
    "RecordedReview",
    "ReviewMode",
    "Store",
    "StoreUnwritable",
    "UndoRefused",
    "UndoneReview",
    "database_path",
    "resolve_home",
    "validate_profile_name",
]

_HOMES = {
    "ClassroomAnswer": "records",
    "ClassroomPlayerLine": "records",
    "ClassroomQuestionLine": "records",
    "ClassroomReport": "records",
    "ClassroomSession": "records",
    "DATABASE_NAME": "paths",
    "DeckProgress": "records",
    "HOME_VARIABLE": "paths",
    "MAX_PROFILE_NAME": "store",
    "QuizResult": "records",
    "RecordedReview": "records",
    "ReviewMode": "records",
    "Store": "store",
    "StoreUnwritable": "database",
    "UndoRefused": "records",
    "UndoneReview": "records",
    "database_path": "paths",
    "resolve_home": "paths",
    "validate_profile_name": "store",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{home}"), name)
