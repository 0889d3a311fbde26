"""Grading: normalise, compare and grade any card type to a credit in [0, 1].

Pure functions only: no I/O, no clock, no user interface and no scheduler, so every interface
(line mode, the Textual app, the classroom server) grades the same way.
"""

from __future__ import annotations

from sahel_quiz.grading.distance import damerau_levenshtein
from sahel_quiz.grading.grade import (
    Grade,
    Response,
    allowed_typos,
    grade,
    match_text,
    resolve_option,
)
from sahel_quiz.grading.normalize import normalize, primary_language
from sahel_quiz.grading.numbers import format_number, parse_number
from sahel_quiz.grading.spelling import corrected_letters, marked_runs

__all__ = [
    "Grade",
    "Response",
    "allowed_typos",
    "corrected_letters",
    "damerau_levenshtein",
    "format_number",
    "grade",
    "marked_runs",
    "match_text",
    "normalize",
    "parse_number",
    "primary_language",
    "resolve_option",
]
