"""Scoring a classroom game, and its results: the score of each answer when its question
closes, the class's figures for a reveal, the ranking, and the lines the store saves.

Scores follow `sahel_quiz.scoring` (the rules of each mode, and what counts as right); this
module only applies them to the players of one game, in the order the answers were given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sahel_quiz.engine.classroom.players import Answer, Player
from sahel_quiz.engine.classroom.questions import GameQuestion
from sahel_quiz.engine.classroom.views import PlayerResult, RevealStats, Standing
from sahel_quiz.grading import Response
from sahel_quiz.scoring import Mode, answer_score, is_full_credit, rank_players

__all__ = ["AnswerRecord", "PlayerResult", "QuestionResult", "Scoreboard", "mean"]


@dataclass(frozen=True)
class QuestionResult:
    """One question's line of the saved session."""

    index: int
    card_id: str
    card_type: str
    prompt: str
    players: int  # how many could answer it
    answered: int
    right: int
    total_time: float  # seconds, over the answers given

    @property
    def mean_time(self) -> float | None:
        return self.total_time / self.answered if self.answered else None


@dataclass(frozen=True)
class AnswerRecord:
    """One answer as it is saved: who, which card, what they gave, what it earned."""

    player_id: str
    name: str
    index: int
    card_id: str
    response: Response
    response_text: str | None
    credit: float
    earned: int
    seconds: float
    at: float  # arrival, on the game's clock


def mean(values: Sequence[float]) -> float | None:
    return round(sum(values) / len(values), 3) if values else None


class Scoreboard:
    """The scores of one game's players (the game's own `players`, shared), the figures of
    each closed question, and the ranking, worked out again only after a change."""

    def __init__(self, players: dict[str, Player], mode: Mode, time_limit: float) -> None:
        self.players = players
        self.mode: Mode = mode
        self.time_limit = time_limit
        self.closed: dict[int, RevealStats] = {}
        """The figures of each scored question, frozen when it closed."""
        self._order: list[str] | None = None  # player ids best first, None when stale
        self._rank: dict[str, int] = {}

    def _active(self) -> list[Player]:
        return [p for p in self.players.values() if not p.removed]

    def changed(self) -> None:
        """Players came or went: the ranking must be worked out again."""
        self._order = None

    # -- scoring ----------------------------------------------------------------------------

    def _apply(self, player: Player, answer: Answer | None, points: float) -> None:
        if answer is None:
            _, player.streak = answer_score(
                self.mode,
                credit=0.0,
                points=points,
                seconds=self.time_limit,
                time_limit=self.time_limit,
                streak_before=player.streak,
            )
            return
        answer.earned, player.streak = answer_score(
            self.mode,
            credit=answer.credit,
            points=points,
            seconds=answer.seconds,
            time_limit=answer.limit,
            streak_before=player.streak,
        )
        player.score += answer.earned

    def score_question(self, question: GameQuestion) -> None:
        """A question closed: score every player's answer to it (no answer ends a streak)."""
        for player in self._active():
            answer = player.answers.get(question.index)
            if answer is None:
                player.missed.add(question.index)
            self._apply(player, answer, question.points)
        self.closed[question.index] = self._stats(question)
        self._order = None

    def score_self_paced(self, questions: Sequence[GameQuestion]) -> None:
        """A self-paced game ended: score every answer, in each player's order."""
        for player in self._active():
            for index in sorted(player.answers):
                self._apply(player, player.answers[index], questions[index].points)
        for question in questions:
            self.closed[question.index] = self._stats(question)
        self._order = None

    def _stats(self, question: GameQuestion) -> RevealStats:
        active = self._active()
        given = [p.answers[question.index] for p in active if question.index in p.answers]
        right = sum(1 for a in given if is_full_credit(a.credit))
        return RevealStats(
            players=len(active),
            answered=len(given),
            right=right,
            right_share=round(right / len(active), 4) if active else 0.0,
            mean_time=mean([a.seconds for a in given]),
            option_counts=question.option_counts([a.response for a in given]),
        )

    # -- the ranking ------------------------------------------------------------------------

    def ranking(self) -> list[str]:
        """Player ids best first: by score, ties broken by the smaller total time."""
        if self._order is None:
            entries = [(p.id, float(p.score), self._total_time(p)) for p in self._active()]
            self._order = rank_players(entries)
            self._rank = {pid: rank for rank, pid in enumerate(self._order, start=1)}
        return self._order

    def ranks(self) -> dict[str, int]:
        self.ranking()
        return self._rank

    def _total_time(self, player: Player) -> float:
        """Tie-break time: answers' times, and the whole time limit for each question missed."""
        spent = sum(a.seconds for a in player.answers.values())
        if self.mode != "self-paced":
            spent += self.time_limit * len(player.missed)
        return spent

    def standings(self, limit: int | None = None) -> tuple[Standing, ...]:
        """The ranking, best first (all players, or the first `limit`)."""
        order = self.ranking()
        if limit is not None:
            order = order[:limit]
        return tuple(
            Standing(rank=rank, name=self.players[pid].name, score=self.players[pid].score)
            for rank, pid in enumerate(order, start=1)
        )

    # -- results ----------------------------------------------------------------------------

    def player_results(self) -> list[PlayerResult]:
        """Every player's line, best first."""
        results: list[PlayerResult] = []
        for rank, pid in enumerate(self.ranking(), start=1):
            player = self.players[pid]
            results.append(
                PlayerResult(
                    player_id=pid,
                    name=player.name,
                    rank=rank,
                    score=player.score,
                    right=player.right_count(),
                    answered=len(player.answers),
                    total_time=sum(a.seconds for a in player.answers.values()),
                )
            )
        return results

    def question_result(self, question: GameQuestion) -> tuple[QuestionResult, list[AnswerRecord]]:
        """A scored question's line and every answer it got (scores included)."""
        index = question.index
        stats = self.closed[index]
        answers = [
            AnswerRecord(
                player_id=p.id,
                name=p.name,
                index=index,
                card_id=question.card.id,
                response=a.response,
                response_text=question.response_text(a.response),
                credit=a.credit,
                earned=a.earned,
                seconds=a.seconds,
                at=a.at,
            )
            for p in self._active()
            if (a := p.answers.get(index)) is not None
        ]
        line = QuestionResult(
            index=index,
            card_id=question.card.id,
            card_type=question.card_type,
            prompt=question.prompt,
            players=stats.players,
            answered=len(answers),
            right=sum(1 for a in answers if is_full_credit(a.credit)),
            total_time=sum(a.seconds for a in answers),
        )
        return line, answers
