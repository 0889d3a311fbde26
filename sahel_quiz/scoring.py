"""Scores: full credit, verdicts, quiz totals, grade → FSRS rating, and classroom scores.

Pure arithmetic with no scheduler import: `Rating` is the engine's one rating enum, passed as
it is from the interfaces to the store. It mirrors `fsrs.Rating` by value so that this layer
stays below scheduling and never imports py-fsrs; the scheduler maps it to `fsrs.Rating` at its
boundary, and a test pins the two enums together.

A credit is *full* when it is within 1e-9 of 1 (`is_full_credit`): floating-point sums of
partial credits must not turn a right answer into a partly right one. Every layer asks this
module, so the quiz, study, the classroom and the wire agree on what "right" means.

Classroom scores (issue 5), with P = 1000 × the card's points:

- speed mode: round(P × credit × (1 − (t / T) / 2)), t clamped into [0, T]; an answer within
  0.5 s earns the full P × credit. A fully right answer extends the streak and adds 100 per
  answer after the first in a row, at most 500. Partial credit earns its share of the points
  but neither keeps the streak nor earns the bonus: a streak rewards answers that were right,
  and half-right answers are not. A wrong answer scores 0 and resets the streak.
- accuracy mode: round(P × credit).

A score never exceeds P (+ the bonus): when P is not a whole number, rounding could otherwise go
above it (P = 1.5 would round to 2), so it is capped at ⌊P⌋. Self-paced games score as accuracy.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Literal

from sahel_quiz.i18n import N_, format_number

__all__ = [
    "FULL_SPEED_SECONDS",
    "MAX_STREAK_BONUS",
    "MODE_NAMES",
    "STREAK_STEP",
    "Mode",
    "QuizTotal",
    "Rating",
    "Verdict",
    "accuracy_score",
    "answer_score",
    "format_score",
    "full_score",
    "is_full_credit",
    "quiz_total",
    "rank_players",
    "rating_for_credit",
    "speed_score",
    "suggested_rating",
    "verdict",
]

Mode = Literal["speed", "accuracy", "self-paced"]
MODE_NAMES: dict[str, str] = {
    "speed": N_("speed"),
    "accuracy": N_("accuracy"),
    "self-paced": N_("self-paced"),
}
"""Each mode as a teacher reads it (translate with `_`); the keys are what `--mode` takes."""
"""How a classroom game is scored and paced."""
Verdict = Literal["right", "partly", "wrong"]
"""Full credit, some credit, none."""

FULL_SPEED_SECONDS = 0.5
STREAK_STEP = 100
MAX_STREAK_BONUS = 500
_EPSILON = 1e-9


class Rating(IntEnum):
    """The four answers of spaced repetition, with the values of `fsrs.Rating`."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


def is_full_credit(credit: float) -> bool:
    """A right answer: full credit, give or take floating-point error."""
    return credit >= 1.0 - _EPSILON


def verdict(credit: float) -> Verdict:
    """Right (full credit), partly (some credit) or wrong (none)."""
    if is_full_credit(credit):
        return "right"
    if credit > 0.0:
        return "partly"
    return "wrong"


def _clamped_credit(credit: float) -> float:
    if math.isnan(credit):
        return 0.0
    return min(1.0, max(0.0, credit))


_RATINGS: dict[Verdict, Rating] = {
    "right": Rating.GOOD,
    "partly": Rating.HARD,
    "wrong": Rating.AGAIN,
}


def rating_for_credit(credit: float) -> Rating:
    """Full credit → Good, partial → Hard, none → Again (how a quiz answer feeds FSRS): by the
    verdict, so that the learner is never told "right" and scheduled as "partly"."""
    return _RATINGS[verdict(credit)]


def suggested_rating(credit: float) -> Rating:
    """The rating study mode pre-selects after a graded answer; the learner may change it."""
    return rating_for_credit(credit)


@dataclass(frozen=True)
class QuizTotal:
    """A quiz's score out of its maximum."""

    score: float
    maximum: float

    @property
    def percent(self) -> float:
        """The score as a percentage of the maximum (0 for an empty quiz)."""
        return 100.0 * (self.score / self.maximum) if self.maximum > 0 else 0.0


def quiz_total(results: Iterable[tuple[float, float]]) -> QuizTotal:
    """Σ credit × points out of Σ points, from (credit, points) pairs."""
    pairs = [(_clamped_credit(credit), points) for credit, points in results]
    return QuizTotal(
        score=math.fsum(credit * points for credit, points in pairs),
        maximum=math.fsum(points for _, points in pairs),
    )


def format_score(value: float) -> str:
    """At most two decimals and no trailing zeros, as the reader writes numbers: `3`, `2.5`,
    `2.33`; `2,5` in French."""
    return format_number(value)


def full_score(points: float) -> float:
    """P: what a right answer to a card of these `points` scores, before speed and streak."""
    if not math.isfinite(points) or points < 0:
        raise ValueError(f"a card's points must be a finite number >= 0, not {points}")
    return 1000.0 * points


def _capped(raw: float, full: float) -> int:
    return max(0, min(round(raw), math.floor(full)))


def accuracy_score(credit: float, points: float) -> int:
    """Accuracy mode: P × credit, no speed factor and no streak."""
    full = full_score(points)
    return _capped(full * _clamped_credit(credit), full)


def speed_score(
    credit: float, points: float, response_seconds: float, time_limit: float, streak_before: int
) -> tuple[int, int]:
    """Speed mode: (score earned by this answer, streak after it)."""
    credit = _clamped_credit(credit)
    if credit <= 0.0:
        return 0, 0
    full = full_score(points)
    seconds = time_limit if math.isnan(response_seconds) else response_seconds
    seconds = min(max(seconds, 0.0), time_limit)
    if seconds <= FULL_SPEED_SECONDS or not 0 < time_limit < math.inf:
        factor = 1.0
    else:
        factor = 1.0 - (seconds / time_limit) / 2.0
    earned = _capped(full * credit * factor, full)
    if not is_full_credit(credit):
        return earned, 0
    streak = max(0, streak_before) + 1
    return earned + min(MAX_STREAK_BONUS, STREAK_STEP * (streak - 1)), streak


def answer_score(
    mode: Mode,
    *,
    credit: float,
    points: float,
    seconds: float,
    time_limit: float,
    streak_before: int,
) -> tuple[int, int]:
    """(Score earned, streak after) for one classroom answer, by the rules of the game's mode.

    Accuracy and self-paced games award no streak bonus, but the streak itself is still shown,
    so it follows the same rule as in speed mode.
    """
    earned, streak_after = speed_score(credit, points, seconds, time_limit, streak_before)
    if mode != "speed":
        earned = accuracy_score(credit, points)
    return earned, streak_after


def _rank_key(entry: tuple[str, float, float]) -> tuple[float, float, str]:
    player, score, seconds = entry
    return (
        -score if not math.isnan(score) else math.inf,
        seconds if not math.isnan(seconds) else math.inf,
        player,
    )


def rank_players(entries: Sequence[tuple[str, float, float]]) -> list[str]:
    """Player ids from first to last: highest score, then least total time, then by id."""
    return [player for player, _, _ in sorted(entries, key=_rank_key)]
