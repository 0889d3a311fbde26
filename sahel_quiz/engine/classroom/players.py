"""The players of a game and their answers, as the game keeps them (mutable, engine-only)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sahel_quiz.grading import Response
from sahel_quiz.scoring import is_full_credit

__all__ = ["Answer", "Player"]


@dataclass
class Answer:
    """One player's response to one question, graded when it arrived, scored at the close."""

    question: int
    response: Response
    credit: float
    accepted_as: str | None
    """The exact spelling of an accepted near miss, as text."""
    seconds: float
    at: float  # when it arrived, on the game's clock
    limit: float  # the player's own time limit when they answered (extra time included)
    earned: int = 0
    """What it added to the player's score (0 until the question is scored)."""
    accepted_marks: tuple[int, ...] = ()
    """Where, in `accepted_as`, are the letters the near miss got wrong (to mark)."""


@dataclass
class Player:
    id: str
    name: str
    token: str
    connected: bool = True
    removed: bool = False
    score: int = 0
    streak: int = 0
    answers: dict[int, Answer] = field(default_factory=dict)
    missed: set[int] = field(default_factory=set)
    position: int = 0  # self-paced: the question this player is on
    sent_at: float = 0.0  # self-paced: when that question was sent to them

    def right_count(self) -> int:
        """Answers with full credit."""
        return sum(1 for a in self.answers.values() if is_full_credit(a.credit))
