"""The plain records the store takes and returns, besides `CardState`.

Frozen dataclasses with no behaviour: they carry rows between the store and the engine, and
the classroom ones mirror what the game engine computes (the game is the authority on scores
and ranks; the store keeps them).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Literal

from sahel_quiz.scheduling.card_state import CardState
from sahel_quiz.scoring import Mode

__all__ = [
    "ClassroomAnswer",
    "ClassroomPlayerLine",
    "ClassroomQuestionLine",
    "ClassroomReport",
    "ClassroomSession",
    "DeckProgress",
    "QuizResult",
    "RecordedReview",
    "ReviewMode",
    "UndoRefused",
    "UndoneReview",
]

ReviewMode = Literal["quiz", "study", "classroom"]


@dataclass(frozen=True, slots=True)
class RecordedReview:
    """What `Store.review` wrote: the log row's id, and the card's state before and after."""

    review_id: int
    before: CardState | None
    """The state the review was computed from, as stored at that moment (None: new card)."""
    after: CardState


class UndoRefused(Enum):
    """Why `Store.undo_review` changed nothing."""

    UNKNOWN = "unknown"
    """No such review, or it was undone already."""
    SUPERSEDED = "superseded"
    """The card was reviewed again since (in another window, say)."""


@dataclass(frozen=True, slots=True)
class UndoneReview:
    """What `Store.undo_review` took back."""

    review_id: int
    card_id: str
    restored: CardState | None
    """The state the card is back to; None when the undone review was its first (new again)."""


@dataclass(frozen=True, slots=True)
class DeckProgress:
    """One profile's progress on one deck, for `stats`.

    Counts cover the cards with progress (new cards are the deck's other cards). "Due in the
    next 7 days" includes the cards due now. Retention is the share of reviews of cards in the
    review state that passed (rating other than Again); None before any such review.
    Days are the learner's days (from 4 a.m. local wall time to the next, 23 or 25 hours long
    when the clocks change): `reviews_per_day` runs oldest first and ends with today;
    `due_per_day` starts with today, overdue cards counted in today.
    """

    deck_id: str
    learning: int
    review: int
    relearning: int
    due_now: int
    due_next_7_days: int
    next_due: datetime | None
    reviews_done: int
    retention_reviews: int
    retention_passed: int
    reviews_per_day: tuple[int, ...]
    due_per_day: tuple[int, ...]

    @property
    def with_progress(self) -> int:
        return self.learning + self.review + self.relearning

    @property
    def retention(self) -> float | None:
        if not self.retention_reviews:
            return None
        return self.retention_passed / self.retention_reviews


@dataclass(frozen=True, slots=True)
class QuizResult:
    id: int
    profile: str
    deck_id: str
    started_at: datetime
    finished_at: datetime
    score: float
    maximum: float
    card_count: int
    details: object
    """Whatever JSON the engine saved with the result (per-card lines)."""


@dataclass(frozen=True, slots=True)
class ClassroomSession:
    id: int
    deck_id: str
    title: str
    mode: Mode
    pin: str
    started_at: datetime
    finished_at: datetime | None
    settings: dict[str, object]
    players: int


@dataclass(frozen=True, slots=True)
class ClassroomPlayerLine:
    """One student's standing, as the game ranks them."""

    nickname: str
    rank: int
    score: int
    """The player's score (the column is called `total` in the file)."""
    right: int
    answered: int
    total_response_ms: int

    @property
    def mean_response_ms(self) -> float | None:
        return self.total_response_ms / self.answered if self.answered else None


@dataclass(frozen=True, slots=True)
class ClassroomQuestionLine:
    """One question as it closed: `players` is how many could answer it."""

    index: int
    card_id: str
    card_type: str
    prompt: str
    players: int
    answered: int
    right: int
    total_response_ms: int

    @property
    def share_right(self) -> float | None:
        """Right answers over the players who could answer: silence counts as not right."""
        return self.right / self.players if self.players else None

    @property
    def mean_response_ms(self) -> float | None:
        return self.total_response_ms / self.answered if self.answered else None


@dataclass(frozen=True, slots=True)
class ClassroomAnswer:
    question_index: int
    nickname: str
    card_id: str
    answer: object
    """The answer as given, any JSON value (the text shown, the options picked…)."""
    credit: float
    points: int
    response_ms: int
    answered_at: datetime


@dataclass(frozen=True, slots=True)
class ClassroomReport:
    """`sahel-quiz report SESSION`: players by rank, questions by index."""

    session: ClassroomSession
    players: tuple[ClassroomPlayerLine, ...]
    questions: tuple[ClassroomQuestionLine, ...]
