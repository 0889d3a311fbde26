"""Grading: normalise, compare and grade any card type to a credit in [0, 1].

Pure functions only: no I/O, no clock, no user interface and no scheduler, so every interface
(line mode, the Textual app, the classroom server) grades the same way. The rules are the
README's "How answers are graded".
"""

from __future__ import annotations

from sahel_quiz.grading.distance import damerau_levenshtein
from sahel_quiz.grading.grade import (
    Grade,
    Response,
    WrongUnit,
    grade,
    resolve_option,
)
from sahel_quiz.grading.near_miss import Match, allowed_typos, find_match
from sahel_quiz.grading.normalize import fold, normalize, primary_language
from sahel_quiz.grading.numbers import (
    NUMBER_HINT,
    NumberReading,
    format_number,
    parse_number,
    read_number,
    same_unit,
)
from sahel_quiz.grading.spelling import bracketed, corrected_letters, marked_runs
from sahel_quiz.grading.vocabulary import Vocabulary

__all__ = [
    "NUMBER_HINT",
    "Grade",
    "Match",
    "NumberReading",
    "Response",
    "Vocabulary",
    "WrongUnit",
    "allowed_typos",
    "bracketed",
    "corrected_letters",
    "damerau_levenshtein",
    "find_match",
    "fold",
    "format_number",
    "grade",
    "marked_runs",
    "normalize",
    "parse_number",
    "primary_language",
    "read_number",
    "resolve_option",
    "same_unit",
]
