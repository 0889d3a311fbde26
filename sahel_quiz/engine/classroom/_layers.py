"""The classroom game's only calls into the grading and scoring layers.

Kept in one small module so that the game never grades or scores by itself and so that a change
in those layers' signatures is adapted here, once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sahel_quiz.deck.model import Card
from sahel_quiz.engine.classroom.questions import PlayableCard
from sahel_quiz.grading import Response, Vocabulary, grade
from sahel_quiz.scoring import accuracy_points, rank_players, speed_points

__all__ = ["Graded", "grade_response", "points_for", "ranking", "vocabulary"]


@dataclass(frozen=True)
class Graded:
    credit: float
    accepted_as: str | None


def vocabulary(cards: Iterable[Card], language: str) -> Vocabulary:
    """The texts of the game's deck, which a near miss is never forgiven as."""
    return Vocabulary(cards, language)


def grade_response(
    card: PlayableCard, response: Response, language: str, known: Vocabulary | None = None
) -> Graded:
    """Grade one answer with the grading layer."""
    result = grade(card, response, language, vocabulary=known)
    return Graded(credit=float(result.credit), accepted_as=result.accepted_as)


def points_for(
    mode: str,
    *,
    credit: float,
    weight: float,
    seconds: float,
    time_limit: float,
    streak_before: int,
) -> tuple[int, int]:
    """Points and the streak after, by the scoring layer's rules for the mode.

    Accuracy and self-paced games award no streak bonus, but the streak itself is still shown,
    so it is taken from the same rule the speed mode uses.
    """
    points, streak_after = speed_points(credit, weight, seconds, time_limit, streak_before)
    if mode != "speed":
        points = accuracy_points(credit, weight)
    return int(points), int(streak_after)


def ranking(entries: Sequence[tuple[str, float, float]]) -> list[str]:
    """Player ids best first: by total, ties broken by the smaller total response time."""
    return list(rank_players(entries))
