"""Saving a classroom game in the progress store, as it goes.

Each question is saved when it closes, with the standings after it, so that a host killed in
the middle of a game keeps what was played; `finish` marks the session finished. With
`--record`, `record_reviews` then turns every student's answers into spaced-repetition reviews
in a profile named after their nickname: one commit per answer, thousands for a big class, so
the host runs it in a worker thread once the game is over (the store serialises its calls).

The game's clock is monotonic; the store wants wall-clock times, so the recorder is given the
wall time that matches one reading of the game's clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from sahel_quiz.engine.classroom.game import ClassroomGame
from sahel_quiz.engine.classroom.results import AnswerRecord
from sahel_quiz.engine.review import review
from sahel_quiz.errors import UserError
from sahel_quiz.i18n import _, quoted
from sahel_quiz.profile_names import validate_profile_name
from sahel_quiz.scheduling import Scheduler
from sahel_quiz.scoring import rating_for_credit
from sahel_quiz.store import ClassroomAnswer, ClassroomPlayerLine, ClassroomQuestionLine, Store

__all__ = ["SessionRecorder"]


def _ms(seconds: float) -> int:
    return round(seconds * 1000)


class SessionRecorder:
    """One classroom session in the store, kept up to date with one game."""

    def __init__(
        self,
        store: Store,
        game: ClassroomGame,
        *,
        deck_id: str,
        wall_at: datetime,
        clock_at: float,
        settings: Mapping[str, object] | None = None,
        scheduler: Scheduler | None = None,
    ) -> None:
        """`wall_at` (timezone-aware) is the wall time when the game's clock read `clock_at`."""
        self.store = store
        self.game = game
        self.deck_id = deck_id
        self._wall_at = wall_at
        self._clock_at = clock_at
        self._scheduler = scheduler or Scheduler()
        self._saved: set[int] = set()
        self._answers: list[AnswerRecord] = []
        self.finished = False
        self.reviews_recorded = 0
        self.notices: list[str] = []
        start = game.started_at if game.started_at is not None else clock_at
        self.session_id = store.create_classroom_session(
            deck_id,
            title=game.title,
            mode=game.mode,
            pin=game.pin,
            started_at=self.wall(start),
            settings=dict(settings or {}),
        )

    def wall(self, clock: float) -> datetime:
        """The wall time of a reading of the game's clock."""
        return self._wall_at + timedelta(seconds=clock - self._clock_at)

    def save(self) -> int:
        """Save the questions that closed since the last call; returns how many."""
        fresh = [index for index in self.game.closed_questions if index not in self._saved]
        if not fresh:
            return 0
        players = self._player_lines()
        for index in fresh:
            line, answers = self.game.question_result(index)
            self.store.record_classroom_question(
                self.session_id,
                ClassroomQuestionLine(
                    index=line.index,
                    card_id=line.card_id,
                    card_type=line.card_type,
                    prompt=line.prompt,
                    players=line.players,
                    answered=line.answered,
                    right=line.right,
                    total_response_ms=_ms(line.total_time),
                ),
                [
                    ClassroomAnswer(
                        question_index=a.index,
                        nickname=a.name,
                        card_id=a.card_id,
                        answer=a.response,
                        credit=a.credit,
                        points=a.earned,
                        response_ms=_ms(a.seconds),
                        answered_at=self.wall(a.at),
                    )
                    for a in answers
                ],
                players,
            )
            self._saved.add(index)
            self._answers.extend(answers)
        return len(fresh)

    def finish(self, now: float) -> None:
        """Save what is left and the final standings, and mark the session finished."""
        if self.finished:
            return
        self.save()
        self.store.finish_classroom_session(self.session_id, self.wall(now), self._player_lines())
        self.finished = True

    def _player_lines(self) -> list[ClassroomPlayerLine]:
        return [
            ClassroomPlayerLine(
                nickname=p.name,
                rank=p.rank,
                score=p.score,
                right=p.right,
                answered=p.answered,
                total_response_ms=_ms(p.total_time),
            )
            for p in self.game.player_results()
        ]

    def record_reviews(self) -> int:
        """Add every saved answer to its student's review history; returns how many were added.

        Safe to call from a worker thread once the game is over; a second call adds nothing.
        """
        answers, self._answers = self._answers, []
        cards = {q.card.id: q.card for q in self.game.questions}
        hashes = {card_id: card.content_hash() for card_id, card in cards.items()}
        skipped: set[str] = set()
        for answer in sorted(answers, key=lambda a: a.at):
            if answer.name in skipped:
                continue
            try:
                validate_profile_name(answer.name)
            except UserError:
                skipped.add(answer.name)
                self.notices.append(
                    _("{name} cannot be a profile name: not recorded").format(
                        name=quoted(answer.name)
                    )
                )
                continue
            reviewed = review(
                self.store,
                self._scheduler,
                profile=answer.name,
                deck_id=self.deck_id,
                card_id=answer.card_id,
                content_hash=hashes[answer.card_id],
                rating=rating_for_credit(answer.credit),
                now=self.wall(answer.at),
                mode="classroom",
                credit=answer.credit,
                response=answer.response,
                duration_ms=_ms(answer.seconds),
                only_forward=True,  # reviewed later elsewhere: the history only moves forward
            )
            if reviewed.saved and reviewed.after is not None:
                self.reviews_recorded += 1
        return self.reviews_recorded
