"""The progress store: SQLite profiles, card states, review log, quiz results and classroom
sessions, with migrations and recovery from a damaged file. See `Store`.
"""

from sahel_quiz.store.database import StoreUnwritable
from sahel_quiz.store.paths import DATABASE_NAME, HOME_VARIABLE, database_path, resolve_home
from sahel_quiz.store.records import (
    ClassroomAnswer,
    ClassroomMode,
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
    "ClassroomMode",
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
