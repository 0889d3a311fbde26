"""A quiz over one deck: the questions in play order, each answer graded, scored and saved.

Every answer also counts as a spaced-repetition review (the grade mapped to a rating), and it is
committed to the store before `answer` returns, so quitting or a killed process loses at most
the answer in flight. Interfaces show `QuizQuestion`s and pass back the learner's `Response`;
they never grade or touch the store.
"""

from __future__ import annotations

import functools
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sahel_quiz.cards import ShownCard, present
from sahel_quiz.deck.model import Card, LoadedDeck
from sahel_quiz.deck.selection import NO_FILTER, TagFilter, select_cards, spread_groups
from sahel_quiz.engine.review import clip_response, review, save_or_keep
from sahel_quiz.errors import UserError
from sahel_quiz.grading import Grade, Response, Vocabulary, grade
from sahel_quiz.i18n import _, format_number, ngettext, plural_n
from sahel_quiz.scheduling import Scheduler
from sahel_quiz.scoring import QuizTotal, Rating, is_full_credit, quiz_total, rating_for_credit
from sahel_quiz.store import Store

__all__ = ["AnsweredQuestion", "QuizQuestion", "QuizSession", "QuizSummary", "TagScore"]


@dataclass(frozen=True)
class QuizQuestion:
    """One card of a quiz as the learner is shown it (`shown`: options and items in their shown
    order, as `sahel_quiz.cards.present` drew them)."""

    index: int
    total: int
    card: Card
    shown: ShownCard

    @property
    def number(self) -> int:
        return self.index + 1

    @property
    def heading(self) -> str:
        """ "Question 3 of 8", with " · 2 points" when the card weighs other than one point:
        the quiz screen's and line mode's title of the question."""
        points = self.card.points
        if points == 1:
            return _("Question {number} of {total}").format(number=self.number, total=self.total)
        return ngettext(
            "Question {number} of {total} · {points} point",
            "Question {number} of {total} · {points} points",
            plural_n(points),
        ).format(number=self.number, total=self.total, points=format_number(points))

    @property
    def prompt(self) -> str:
        return self.shown.prompt

    @property
    def choices(self) -> tuple[str, ...]:
        """Options (choice, multi) or items (order) in the order shown; empty for other types."""
        return self.shown.choices


@dataclass(frozen=True)
class AnsweredQuestion:
    """A question with the learner's response and its grade, as the feedback panel shows it."""

    question: QuizQuestion
    response: Response
    grade: Grade
    rating: Rating
    duration_ms: int | None
    score: float
    """The quiz's running score after this answer."""
    maximum: float
    """The points of the questions answered so far."""

    @property
    def card(self) -> Card:
        return self.question.card

    @property
    def earned(self) -> float:
        """What this answer added to the quiz's score: its credit times the card's points."""
        return self.grade.credit * self.card.points


@dataclass(frozen=True)
class TagScore:
    tag: str
    score: float
    maximum: float


@dataclass(frozen=True)
class QuizSummary:
    """What the results screen shows; saved in the store by `QuizSession.finish`."""

    deck_id: str
    total: QuizTotal
    answered: tuple[AnsweredQuestion, ...]
    question_count: int
    started_at: datetime
    finished_at: datetime
    by_tag: tuple[TagScore, ...]
    result_id: int | None

    @property
    def missed(self) -> tuple[AnsweredQuestion, ...]:
        """Answers that did not earn full credit: what 'retry missed' replays."""
        return tuple(a for a in self.answered if not is_full_credit(a.grade.credit))

    @property
    def seconds(self) -> float:
        return (self.finished_at - self.started_at).total_seconds()

    @property
    def complete(self) -> bool:
        return len(self.answered) == self.question_count


def _by_tag(answered: Sequence[AnsweredQuestion]) -> tuple[TagScore, ...]:
    """The score per tag; cards without tags count in none (a row "untagged" says nothing)."""
    scores: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for item in answered:
        for tag in item.card.tags:
            scores[tag][0] += item.earned
            scores[tag][1] += item.card.points
    return tuple(TagScore(tag, s, m) for tag, (s, m) in sorted(scores.items()))


@dataclass
class QuizSession:
    """A quiz in progress. Build it with `QuizSession.start`."""

    loaded: LoadedDeck
    questions: tuple[QuizQuestion, ...]
    store: Store | None
    profile: str
    scheduler: Scheduler
    started_at: datetime
    answered: list[AnsweredQuestion] = field(default_factory=list)
    summary: QuizSummary | None = None
    unsaved: int = 0
    """Answers of this quiz the store could not save yet (kept, and tried again)."""

    @classmethod
    def start(
        cls,
        loaded: LoadedDeck,
        *,
        now: datetime,
        store: Store | None = None,
        profile: str = "default",
        seed: int | None = None,
        shuffle: bool = True,
        limit: int | None = None,
        card_ids: Sequence[str] | None = None,
        scheduler: Scheduler | None = None,
        tags: TagFilter = NO_FILTER,
    ) -> QuizSession:
        """Pick and order the questions: `seed` makes the card and option order reproducible,
        `shuffle=False` keeps the deck's card order (options are shuffled all the same, unless a
        card says `shuffle: false`, and order items always),
        `card_ids` restricts the quiz to those cards (retrying the missed ones), `tags` to the
        cards it lets through. Cards of one group never follow each other."""
        rng = random.Random(seed)
        cards = select_cards(loaded.deck.cards, tags, loaded.id)
        if card_ids is not None:
            wanted = set(card_ids)
            cards = [card for card in cards if card.id in wanted]
        if shuffle:
            rng.shuffle(cards)
        if limit is not None:
            if limit < 1:
                raise UserError(_("--limit must be at least 1 (got {limit})").format(limit=limit))
            cards = cards[:limit]
        cards = spread_groups(cards)
        total = len(cards)
        questions = tuple(
            QuizQuestion(index, total, card, present(card, rng)) for index, card in enumerate(cards)
        )
        return cls(
            loaded=loaded,
            questions=questions,
            store=store,
            profile=profile,
            scheduler=scheduler or Scheduler(),
            started_at=now,
        )

    @property
    def language(self) -> str:
        return self.loaded.deck.language

    @functools.cached_property
    def vocabulary(self) -> Vocabulary:
        """The deck's texts: a near miss that is one of them is never forgiven."""
        return Vocabulary(self.loaded.deck.cards, self.language)

    @property
    def current(self) -> QuizQuestion | None:
        """The question to show now; None when all are answered or the quiz is finished."""
        if self.summary is not None or len(self.answered) >= len(self.questions):
            return None
        return self.questions[len(self.answered)]

    @property
    def total(self) -> QuizTotal:
        return quiz_total((a.grade.credit, a.card.points) for a in self.answered)

    def answer(
        self, response: Response, *, now: datetime, duration_ms: int | None = None
    ) -> AnsweredQuestion:
        """Grade the current question, save it as a review, and move on.

        `None` is no answer (time ran out): it counts as wrong.
        """
        question = self.current
        if question is None:
            raise RuntimeError("the quiz has no question left to answer")
        response = clip_response(response)
        result = grade(question.card, response, self.language, vocabulary=self.vocabulary)
        rating = rating_for_credit(result.credit)
        self._record_review(question.card, rating, result.credit, response, duration_ms, now)
        running = quiz_total(
            [(a.grade.credit, a.card.points) for a in self.answered]
            + [(result.credit, question.card.points)]
        )
        answered = AnsweredQuestion(
            question, response, result, rating, duration_ms, running.score, running.maximum
        )
        self.answered.append(answered)
        return answered

    def _record_review(
        self,
        card: Card,
        rating: Rating,
        credit: float,
        response: Response,
        duration_ms: int | None,
        now: datetime,
    ) -> None:
        if self.store is None:
            return
        reviewed = review(
            self.store,
            self.scheduler,
            profile=self.profile,
            deck_id=self.loaded.deck.id,
            card_id=card.id,
            content_hash=card.content_hash(),
            rating=rating,
            now=now,
            mode="quiz",
            credit=credit,
            response=response,
            duration_ms=duration_ms,
        )
        if not reviewed.saved:
            self.unsaved += 1

    def finish(self, *, now: datetime) -> QuizSummary:
        """End the quiz (early or not) and save its result; calling it again changes nothing."""
        if self.summary is not None:
            return self.summary
        answered = tuple(self.answered)
        total = self.total
        ids: list[int] = []
        store = self.store
        if store is not None and answered:

            def write() -> None:
                ids.append(
                    store.record_quiz_result(
                        self.profile,
                        self.loaded.deck.id,
                        started_at=self.started_at,
                        finished_at=now,
                        score=total.score,
                        maximum=total.maximum,
                        card_count=len(answered),
                        details=[
                            {"card": a.card.id, "credit": a.grade.credit, "points": a.card.points}
                            for a in answered
                        ],
                    )
                )

            save_or_keep(store, "result", write)
        result_id = ids[0] if ids else None
        self.summary = QuizSummary(
            deck_id=self.loaded.deck.id,
            total=total,
            answered=answered,
            question_count=len(self.questions),
            started_at=self.started_at,
            finished_at=now,
            by_tag=_by_tag(answered),
            result_id=result_id,
        )
        return self.summary

    def retry_missed(self, *, now: datetime, seed: int | None = None) -> QuizSession:
        """A new quiz over the cards this one missed (finish this one first)."""
        summary = self.finish(now=now)
        missed = [a.card.id for a in summary.missed]
        return QuizSession.start(
            self.loaded,
            now=now,
            store=self.store,
            profile=self.profile,
            seed=seed,
            card_ids=missed,
            scheduler=self.scheduler,
        )
