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
    expected_text,
    grade,
    match_text,
    parse_response,
)
from sahel_quiz.grading.normalize import normalize, primary_language
from sahel_quiz.grading.numbers import format_number, parse_number

__all__ = [
    "Grade",
    "Response",
    "allowed_typos",
    "damerau_levenshtein",
    "expected_text",
    "format_number",
    "grade",
    "match_text",
    "normalize",
    "parse_number",
    "parse_response",
    "primary_language",
]
