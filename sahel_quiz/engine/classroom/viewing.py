"""What each player and the host see of a game, built from its state at one instant.

Player views never hold what that player may not see yet (an open question's answer, another
player's response); the host's state may, since the teacher knows the answers. The records
themselves are in `views`; the classroom server sends a player view as the message of the same
name (docs/protocol.md), and a host screen draws `HostState` and nothing else.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict

from sahel_quiz.engine.classroom.players import Answer, Player
from sahel_quiz.engine.classroom.questions import GameQuestion
from sahel_quiz.engine.classroom.results import mean
from sahel_quiz.engine.classroom.views import (
    CorrectValue,
    DoneView,
    EndView,
    EndYou,
    HostPlayer,
    HostQuestion,
    HostReveal,
    HostState,
    LeaderboardView,
    LeaderboardYou,
    LobbyView,
    PlayerView,
    QuestionView,
    RevealView,
    RevealYou,
    ReviewItem,
    WelcomeView,
)
from sahel_quiz.i18n import language
from sahel_quiz.scoring import full_score, verdict

if TYPE_CHECKING:
    from sahel_quiz.engine.classroom.game import ClassroomGame


class _ShownFields(TypedDict):
    index: int
    count: int
    card_type: str
    prompt: str
    options: list[str] | None
    items: list[str] | None
    blanks: int | None
    unit: str | None
    hint: str


__all__ = ["LOBBY_NAMES", "TOP_END", "TOP_LEADERBOARD", "GameViews"]

LOBBY_NAMES = 50
TOP_LEADERBOARD = 5
TOP_END = 10


class GameViews:
    """The views of one game (it reads the game, and never changes it)."""

    def __init__(self, game: ClassroomGame) -> None:
        self.game = game
        self._revealed: dict[tuple[int, str], tuple[CorrectValue, str, list[str]]] = {}

    # -- players ----------------------------------------------------------------------------

    def player_view(self, player: Player, now: float) -> PlayerView:
        """The message that brings this player up to date with the game."""
        game = self.game
        if game.phase == "lobby":
            return self.lobby()
        if game.phase == "question":
            answered = game.current in player.answers
            return self.question(game.current, now, answered=answered, player=player.id)
        if game.phase == "running":
            if player.position >= game.question_count or game.timing.time_up(player.id, now):
                return DoneView(
                    answered=len(player.answers),
                    count=game.question_count,
                    remaining=game.remaining(now),
                    timed=game.timing.timed,
                )
            return self.question(player.position, now, answered=False, player=player.id)
        if game.phase == "reveal":
            return self._reveal(player)
        if game.phase == "leaderboard":
            return self._leaderboard(player)
        return self._end(player)

    def welcome(self, player: Player, *, rejoined: bool) -> WelcomeView:
        game = self.game
        return WelcomeView(
            token=player.token,
            name=player.name,
            rejoined=rejoined,
            title=game.title,
            language=game.language,
            mode=game.mode,
            question_count=game.question_count,
            score=player.score,
            streak=player.streak,
        )

    def lobby(self) -> LobbyView:
        active = [p.name for p in self.game.active_players()]
        return LobbyView(players=len(active), names=tuple(active[-LOBBY_NAMES:]))

    def _shown(self, question: GameQuestion) -> _ShownFields:
        """What players and host both see of a question (the first fields of either view)."""
        shown = question.shown
        return _ShownFields(
            index=question.index,
            count=self.game.question_count,
            card_type=question.card_type,
            prompt=question.prompt,
            options=shown.options,
            items=shown.items,
            blanks=shown.blanks or None,
            unit=shown.unit,
            hint=shown.task,
        )

    def question(
        self, index: int, now: float, *, answered: bool, player: str | None = None
    ) -> QuestionView:
        """A question as `player` sees it (None: anyone on the usual clock; a student with
        extra time has a longer limit)."""
        game = self.game
        question = game.questions[index]
        timing = game.timing
        return QuestionView(
            **self._shown(question),
            points=question.points,
            max_score=round(full_score(question.points)),
            clock="game" if game.mode == "self-paced" else "question",
            time_limit=timing.limit if player is None else timing.limit_for(player),
            remaining=timing.remaining(player, now),
            answered=answered,
            timed=timing.timed,
        )

    def _revealed_parts(self, question: GameQuestion) -> tuple[CorrectValue, str, list[str]]:
        """What a reveal tells of a question; the same for every player who reads the same
        language (a true/false answer is written in it), so worked out once per language."""
        key = (question.index, language())
        found = self._revealed.get(key)
        if found is None:
            found = (question.correct_value(), question.answer_text(), question.accepted_texts())
            self._revealed[key] = found
        return found

    def _reveal(self, player: Player) -> RevealView:
        game = self.game
        question = game.questions[game.current]
        answer = player.answers.get(game.current)
        ranks = game.board.ranks()
        correct, answer_text, accepted = self._revealed_parts(question)
        return RevealView(
            index=game.current,
            count=game.question_count,
            card_type=question.card_type,
            prompt=question.prompt,
            correct=correct,
            answer_text=answer_text,
            accepted=accepted,
            explain=question.card.explain,
            quote=question.card.quote,
            stats=game.board.closed[game.current],
            you=RevealYou(
                answered=answer is not None,
                response_text=question.response_text(answer.response) if answer else None,
                credit=answer.credit if answer else None,
                verdict=verdict(answer.credit) if answer else None,
                earned=answer.earned if answer else 0,
                score=player.score,
                streak=player.streak,
                rank=ranks[player.id],
                players=len(ranks),
                time=round(answer.seconds, 3) if answer else None,
                accepted_as=answer.accepted_as if answer else None,
                accepted_marks=list(answer.accepted_marks) if answer else [],
            ),
        )

    def _leaderboard(self, player: Player) -> LeaderboardView:
        game = self.game
        ranks = game.board.ranks()
        return LeaderboardView(
            index=game.current,
            count=game.question_count,
            players=len(ranks),
            top=game.board.standings(TOP_LEADERBOARD),
            you=LeaderboardYou(
                rank=ranks[player.id], name=player.name, score=player.score, streak=player.streak
            ),
        )

    def _end(self, player: Player) -> EndView:
        game = self.game
        ranks = game.board.ranks()
        review = tuple(
            self._review_item(question, player.answers.get(question.index))
            for question in game.played_questions()
        )
        return EndView(
            count=game.question_count,
            players=len(ranks),
            top=game.board.standings(TOP_END),
            you=EndYou(
                rank=ranks[player.id],
                name=player.name,
                score=player.score,
                right=player.right_count(),
                answered=len(player.answers),
                mean_time=mean([a.seconds for a in player.answers.values()]),
            ),
            review=review,
        )

    @staticmethod
    def _review_item(question: GameQuestion, answer: Answer | None) -> ReviewItem:
        return ReviewItem(
            index=question.index,
            card_type=question.card_type,
            prompt=question.prompt,
            answer_text=question.answer_text(),
            explain=question.card.explain,
            response_text=question.response_text(answer.response) if answer else None,
            credit=answer.credit if answer else None,
            verdict=verdict(answer.credit) if answer else None,
            earned=answer.earned if answer else 0,
        )

    # -- the host ---------------------------------------------------------------------------

    def host_state(self, now: float) -> HostState:
        """Everything the teacher's screen shows (see `HostState`)."""
        game = self.game
        ranks = game.board.ranks()
        joined = {pid: number for number, pid in enumerate(game.players, start=1)}
        players = tuple(
            HostPlayer(
                id=p.id,
                name=p.name,
                joined=joined[p.id],
                score=p.score,
                streak=p.streak,
                rank=ranks[p.id],
                connected=p.connected,
                answered_current=game.phase == "question" and game.current in p.answers,
                progress=len(p.answers),
                extra_time=p.id in game.timing.extra,
            )
            for p in sorted(game.active_players(), key=lambda p: ranks[p.id])
        )
        question: HostQuestion | None = None
        reveal: HostReveal | None = None
        if game.phase == "question":
            q = game.questions[game.current]
            question = HostQuestion(
                **self._shown(q),
                labels=list(q.shown.labels) or None,
                time_limit=game.timing.longest,
                remaining=game.remaining(now),
                answers_in=sum(1 for p in players if p.answered_current),
                players=len(players),
            )
        if game.phase in ("reveal", "leaderboard") and game.current in game.board.closed:
            q = game.questions[game.current]
            correct, answer_text, accepted = self._revealed_parts(q)
            reveal = HostReveal(
                index=q.index,
                prompt=q.prompt,
                card_type=q.card_type,
                options=q.shown.options,
                labels=list(q.shown.labels) or None,
                right_labels=_right_labels(q),
                correct=correct,
                answer_text=answer_text,
                answer_steps=q.answer_steps(),
                accepted=accepted,
                explain=q.card.explain,
                quote=q.card.quote,
                stats=game.board.closed[game.current],
            )
        running = game.phase in ("question", "running")
        return HostState(
            phase=game.phase,
            mode=game.mode,
            pin=game.pin,
            title=game.title,
            question_count=game.question_count,
            players=players,
            question=question,
            reveal=reveal,
            top=game.board.standings(TOP_LEADERBOARD),
            remaining=game.remaining(now) if running else None,
            deadline=game.closes_at,
            version=game.version,
            current=game.current,
            played=len(game.board.closed),
            started=game.started_at is not None,
            results=tuple(game.player_results()) if game.phase == "ended" else (),
            locked=game.locked,
            timed=game.timing.timed,
        )


def _right_labels(question: GameQuestion) -> list[int]:
    """Which of the question's labels the right answer picks: the tally of that one answer."""
    shown = question.shown
    if not shown.labels:
        return []
    counts = shown.tally([shown.from_wire(question.correct_value())]) or []
    return [index for index, count in enumerate(counts) if count]
