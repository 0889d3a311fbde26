"""The classroom game, free of any network or screen code (the server and host UIs wrap it)."""

from __future__ import annotations

from sahel_quiz.engine.classroom.errors import ErrorCode, GameError
from sahel_quiz.engine.classroom.game import (
    DEFAULT_GAME_TIME,
    DEFAULT_QUESTION_TIME,
    MAX_PLAYERS,
    AnswerRecord,
    AnswerResult,
    ClassroomGame,
    Joined,
    PlayerResult,
    QuestionResult,
)
from sahel_quiz.engine.classroom.names import MAX_NAME_LENGTH, clean_name
from sahel_quiz.engine.classroom.questions import (
    PlayableCard,
    Question,
    WireAnswer,
    build_questions,
    is_playable,
)

__all__ = [
    "DEFAULT_GAME_TIME",
    "DEFAULT_QUESTION_TIME",
    "MAX_NAME_LENGTH",
    "MAX_PLAYERS",
    "AnswerRecord",
    "AnswerResult",
    "ClassroomGame",
    "ErrorCode",
    "GameError",
    "Joined",
    "PlayableCard",
    "PlayerResult",
    "Question",
    "QuestionResult",
    "WireAnswer",
    "build_questions",
    "clean_name",
    "is_playable",
]
