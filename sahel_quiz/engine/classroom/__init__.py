"""The classroom game, free of any network or screen code (the server and host UIs wrap it).

`game` is the state machine (players, phases, answers), `results` scores it and keeps its
results, `viewing` builds what each player and the host see (the records are in `views`), and
`questions` holds the questions as shown. `record` saves a game in the progress store.
"""

from __future__ import annotations

from sahel_quiz.engine.classroom.errors import ErrorCode, GameError
from sahel_quiz.engine.classroom.game import (
    DEFAULT_GAME_TIME,
    DEFAULT_QUESTION_TIME,
    MAX_PLAYERS,
    AnswerResult,
    ClassroomGame,
    Joined,
)
from sahel_quiz.engine.classroom.names import MAX_NAME_LENGTH, clean_name
from sahel_quiz.engine.classroom.questions import GameQuestion, build_questions
from sahel_quiz.engine.classroom.results import AnswerRecord, QuestionResult
from sahel_quiz.engine.classroom.views import PlayerResult

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
    "GameQuestion",
    "Joined",
    "PlayerResult",
    "QuestionResult",
    "build_questions",
    "clean_name",
]
