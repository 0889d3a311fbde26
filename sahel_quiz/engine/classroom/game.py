"""The classroom game: players, phases, answers, scores and rankings, with no I/O and no clock.

Every method that depends on time takes `now` (seconds on a monotonic clock, as the server's
event loop gives them), so the whole game can be played in a test at any speed. The server is a
thin shell around this object: it calls a method for each message or host action, then sends
each affected player `view_for(player_id, now)`; `version` changes whenever the phase or the
open question does, which tells the server when to broadcast.

Scores are applied when a question closes (self-paced: when the game ends), never when an
answer arrives: a score that moved before the reveal would tell a player they were right.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from sahel_quiz.engine.classroom import _layers
from sahel_quiz.engine.classroom.errors import GameError
from sahel_quiz.engine.classroom.names import clean_name, name_keys
from sahel_quiz.engine.classroom.questions import Question, WireAnswer
from sahel_quiz.engine.classroom.timing import Timing
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
    Mode,
    Phase,
    PlayerView,
    QuestionView,
    RevealStats,
    RevealView,
    RevealYou,
    ReviewItem,
    Standing,
    WelcomeView,
)
from sahel_quiz.grading import Response
from sahel_quiz.i18n import _

__all__ = [
    "DEFAULT_GAME_TIME",
    "DEFAULT_QUESTION_TIME",
    "MAX_PLAYERS",
    "AnswerRecord",
    "AnswerResult",
    "ClassroomGame",
    "Joined",
    "PlayerResult",
    "QuestionResult",
]

DEFAULT_QUESTION_TIME = 20.0
DEFAULT_GAME_TIME = 600.0
MAX_PLAYERS = 2000
LOBBY_NAMES = 50
TOP_LEADERBOARD = 5
TOP_END = 10
_FULL = 1.0 - 1e-9  # credit at or above this is a right answer


def _new_token() -> str:
    return secrets.token_urlsafe(18)


@dataclass
class _Answer:
    question: int
    response: Response
    credit: float
    accepted_as: str | None
    seconds: float
    at: float  # when it arrived, on the game's clock
    limit: float  # the player's own time limit when they answered (extra time included)
    points: int = 0


@dataclass
class _Player:
    id: str
    name: str
    token: str
    connected: bool = True
    removed: bool = False
    score: int = 0
    streak: int = 0
    answers: dict[int, _Answer] = field(default_factory=dict)
    missed: set[int] = field(default_factory=set)
    position: int = 0  # self-paced: the question this player is on
    sent_at: float = 0.0  # self-paced: when that question was sent to them


@dataclass(frozen=True)
class Joined:
    """A player admitted to the game, and the welcome to send them."""

    player_id: str
    welcome: WelcomeView


@dataclass(frozen=True)
class AnswerResult:
    """An accepted answer: the question index to acknowledge."""

    index: int


@dataclass(frozen=True)
class PlayerResult:
    """One student's line of the saved session."""

    player_id: str
    name: str
    rank: int
    score: int
    right: int
    answered: int
    total_time: float  # seconds, over the answers given

    @property
    def mean_time(self) -> float | None:
        return self.total_time / self.answered if self.answered else None


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
    answer: Response
    answer_text: str | None
    credit: float
    points: int
    seconds: float
    at: float  # arrival, on the game's clock


class ClassroomGame:
    """One game of one deck, from the lobby to the final ranking."""

    def __init__(
        self,
        questions: Sequence[Question],
        *,
        title: str,
        language: str,
        mode: Mode,
        pin: str,
        time_limit: float | None = None,
        timed: bool = True,
        max_players: int = MAX_PLAYERS,
        token_factory: Callable[[], str] = _new_token,
    ) -> None:
        if not questions:
            raise ValueError("a classroom game needs at least one question")
        if time_limit is not None and not time_limit > 0:
            raise ValueError("the time limit must be positive")
        self.questions: tuple[Question, ...] = tuple(questions)
        self.title = title
        self.language = language
        self.mode: Mode = mode
        self.pin = pin
        default = DEFAULT_GAME_TIME if mode == "self-paced" else DEFAULT_QUESTION_TIME
        self.time_limit: float = time_limit if time_limit is not None else default
        self.timing = Timing(self.time_limit, timed=timed)
        self.max_players = max_players
        self.locked = False  # the teacher closed the door: no new names may join
        self._token_factory = token_factory
        self.phase: Phase = "lobby"
        self.version = 0
        self.current = -1  # the open or last opened question (speed, accuracy)
        self.started_at: float | None = None
        self.ended_at: float | None = None
        self._players: dict[str, _Player] = {}
        self._by_token: dict[str, _Player] = {}
        self._names: dict[str, _Player] = {}  # by each of `name_keys(name)`
        self._joined = 0  # players in the game, removed ones excluded
        self._closed: dict[int, RevealStats] = {}  # figures frozen when a question closed
        self._reveal_cache: dict[int, tuple[CorrectValue, str, list[str]]] = {}
        # connected players, and those of them who still owe an answer to what is in front of
        # them: kept up to date so that "has everyone answered?" costs nothing per answer
        self._connected: set[str] = set()
        self._waiting: set[str] = set()
        self._order: list[str] | None = None  # player ids best first, None when stale
        self._rank: dict[str, int] = {}
        self._next_id = 1

    # -- players ----------------------------------------------------------------------------

    @property
    def question_count(self) -> int:
        return len(self.questions)

    @property
    def player_ids(self) -> list[str]:
        """Players in the game (removed ones excluded), in the order they joined."""
        return [p.id for p in self._players.values() if not p.removed]

    def player_name(self, player_id: str) -> str:
        return self._player(player_id).name

    def player_by_name(self, name: str) -> str | None:
        """The id of the player with this nickname (ignoring case), if any."""
        for key in name_keys(name):
            player = self._names.get(key)
            if player is not None:
                return player.id
        return None

    def is_active(self, player_id: str) -> bool:
        player = self._players.get(player_id)
        return player is not None and not player.removed

    def join(self, pin: str, name: str, now: float) -> Joined:
        """Admit a new player; the PIN is compared in constant time.

        A locked game refuses before looking at the PIN, so a lock also stops PIN guessing.
        """
        if self.locked and self.phase != "ended":
            raise GameError(
                "game_locked", _("The teacher has locked this game: no one new can join.")
            )
        if not hmac.compare_digest(pin.strip().encode(), self.pin.encode()):
            raise GameError("wrong_pin", "That PIN is not this game's PIN.")
        if self.phase == "ended":
            raise GameError("game_over", "This game is over.")
        clean = clean_name(name)
        keys = name_keys(clean)
        if any(key in self._names for key in keys):
            raise GameError("name_taken", f"The name {clean!r} is already taken in this game.")
        if self._joined >= self.max_players:
            raise GameError("game_full", f"This game is full ({self.max_players} players).")
        token = self._token_factory()
        while token in self._by_token:
            token = self._token_factory()
        player = _Player(id=f"p{self._next_id}", name=clean, token=token)
        self._next_id += 1
        if self.phase == "running":
            player.sent_at = now
        self._players[player.id] = player
        self._by_token[token] = player
        for key in keys:
            self._names[key] = player
        self._joined += 1
        self._order = None
        self._mark_connected(player)
        return Joined(player.id, self._welcome(player, rejoined=False))

    def rejoin(self, token: str, now: float) -> Joined:
        """Give a returning player back their name, score, streak and question."""
        player = self._by_token.get(token)
        if player is None or player.removed:
            raise GameError("bad_token", "This game does not know you: join again.")
        self._mark_connected(player)
        return Joined(player.id, self._welcome(player, rejoined=True))

    def disconnect(self, player_id: str, now: float) -> None:
        """A player's connection dropped; they keep everything and may rejoin.

        If everyone still connected has answered, the question closes (or the self-paced game
        ends) rather than waiting for someone who may not come back.
        """
        player = self._players.get(player_id)
        if player is None or not player.connected:
            return
        self._mark_disconnected(player)
        self._close_if_everyone_answered(now)

    def remove(self, player_id: str, now: float) -> bool:
        """The teacher removes a player: their name is free again and their token is void."""
        player = self._players.get(player_id)
        if player is None or player.removed:
            return False
        player.removed = True
        self._mark_disconnected(player)
        for key in name_keys(player.name):
            del self._names[key]
        self._joined -= 1
        self.timing.extra.discard(player.id)
        del self._by_token[player.token]
        self._order = None
        self._close_if_everyone_answered(now)
        return True

    # -- the host's controls ----------------------------------------------------------------

    def start(self, now: float) -> bool:
        """Leave the lobby: open the first question (self-paced: start everyone's clock)."""
        if self.phase != "lobby":
            return False
        self.started_at = now
        if self.mode == "self-paced":
            self.phase = "running"
            self.timing.begin(now)
            for player in self._players.values():
                player.position = 0
                player.sent_at = now
            self._waiting = set(self._connected)
            self.version += 1
        else:
            self._open(0, now)
        return True

    def close_question(self, now: float) -> bool:
        """Close the open question: score it and go to its reveal."""
        if self.phase != "question":
            return False
        self._score_question(self.current)
        self.phase = "reveal"
        self.version += 1
        return True

    def advance(self, now: float) -> bool:
        """The one "next" button: start, close, leaderboard, next question, end."""
        if self.phase == "lobby":
            return self.start(now)
        if self.phase == "question":
            return self.close_question(now)
        if self.phase == "reveal":
            if self.current + 1 >= len(self.questions):
                return self.end(now)
            self.phase = "leaderboard"
            self.version += 1
            return True
        if self.phase == "leaderboard":
            self._open(self.current + 1, now)
            return True
        if self.phase == "running":
            return self.end(now)
        return False

    def end(self, now: float) -> bool:
        """End the game now, scoring what was played."""
        if self.phase == "ended":
            return False
        if self.phase == "question":
            self._score_question(self.current)
        if self.phase == "running":
            self._score_self_paced()
        self.phase = "ended"
        self.ended_at = now
        self.version += 1
        return True

    @property
    def deadline(self) -> float | None:
        """When the clock will next change something by itself (for the server's timer)."""
        if self.phase not in ("question", "running"):
            return None
        return self.timing.deadline()

    def tick(self, now: float) -> bool:
        """Apply the clock: close a question or end a self-paced game whose time is up.

        With students on extra time, the usual limit passing first ends the others' time:
        the question closes then if none of those with extra time still owes an answer.
        """
        deadline = self.deadline
        if deadline is None or now < deadline:
            return False
        if self.timing.extra and not self.timing.base_passed:
            self.timing.base_passed = True
            self._waiting = {pid for pid in self._waiting if self.timing.owes_time(pid)}
            if self.phase == "running":
                self.version += 1  # those out of time get `done` instead of their question
            self._close_if_everyone_answered(now)
            deadline = self.deadline
            if deadline is None or now < deadline:
                return True
        if self.phase == "question":
            return self.close_question(now)
        return self.end(now)

    # -- the teacher's adjustments ----------------------------------------------------------

    def set_locked(self, locked: bool) -> bool:
        """Lock the game (no new names may join; rejoining stays open) or unlock it."""
        if locked == self.locked:
            return False
        self.locked = locked
        return True

    def set_timed(self, timed: bool, now: float) -> bool:
        """Time limits on or off for the whole game (WCAG 2.2.1); every player is told."""
        self.tick(now)  # a limit that ran out before the change still counts
        if not self.timing.set_timed(timed, now):
            return False
        self._clock_changed()
        return True

    def set_extra_time(self, player_id: str, extra: bool, now: float) -> bool:
        """Give a student extra time (EXTRA_TIME_FACTOR × the limit), or take it back."""
        player = self._players.get(player_id)
        if player is None or player.removed or (player_id in self.timing.extra) == extra:
            return False
        self.tick(now)
        if extra:
            self.timing.extra.add(player_id)
            if player.connected and self._owes_answer(player):
                self._waiting.add(player_id)
        else:
            self.timing.extra.discard(player_id)
            if not self.timing.owes_time(player_id):
                self._waiting.discard(player_id)
        self._clock_changed()
        self._close_if_everyone_answered(now)
        return True

    def _clock_changed(self) -> None:
        """A question or self-paced game under way is sent again, with its new clock."""
        if self.phase in ("question", "running"):
            self.version += 1

    def has_extra_time(self, player_id: str) -> bool:
        return player_id in self.timing.extra

    def has_answers(self) -> bool:
        """Whether anyone has answered the open question yet (speed and accuracy modes)."""
        return self.phase == "question" and any(
            self.current in p.answers for p in self._players.values()
        )

    # -- answers ----------------------------------------------------------------------------

    def answer(self, player_id: str, index: int, answer: WireAnswer, now: float) -> AnswerResult:
        """Accept a player's answer to a question, or refuse it with a `GameError`.

        The player is whoever the server says sent it; the time is the server's.
        """
        player = self._players.get(player_id)
        if player is None or player.removed:
            raise GameError("not_joined", "Join the game before answering.")
        self.tick(now)
        if self.mode == "self-paced":
            return self._answer_self_paced(player, index, answer, now)
        if self.phase in ("lobby", "ended"):
            raise GameError("no_question", "No question is open.")
        if index > self.current:
            raise GameError("wrong_question", f"Question {index + 1} is not open yet.")
        if index < self.current or self.phase != "question":
            raise GameError("question_closed", f"Question {index + 1} is closed.")
        if index in player.answers:
            raise GameError("already_answered", "You already answered this question.")
        if self.timing.time_up(player.id, now):
            raise GameError(
                "question_closed", _("Your time for question {n} is up.").format(n=index + 1)
            )
        question = self.questions[index]
        response = question.to_response(answer)
        seconds = self.timing.seconds(player.id, now)
        self._record(player, question, response, seconds, now)
        self._waiting.discard(player.id)
        self._close_if_everyone_answered(now)
        return AnswerResult(index)

    def _answer_self_paced(
        self, player: _Player, index: int, answer: WireAnswer, now: float
    ) -> AnswerResult:
        if self.phase != "running":
            raise GameError("no_question", "No question is open.")
        if player.position >= len(self.questions):
            raise GameError("no_question", "You have answered every question.")
        if self.timing.time_up(player.id, now):
            raise GameError("question_closed", _("Your time is up."))
        if index < player.position:
            raise GameError("already_answered", "You already answered this question.")
        if index > player.position:
            raise GameError("wrong_question", f"Question {index + 1} is not open yet.")
        question = self.questions[index]
        response = question.to_response(answer)
        self._record(player, question, response, max(now - player.sent_at, 0.0), now)
        player.position += 1
        player.sent_at = now
        if player.position >= len(self.questions):
            self._waiting.discard(player.id)
        self._close_if_everyone_answered(now)
        return AnswerResult(index)

    def _record(
        self, player: _Player, question: Question, response: Response, seconds: float, now: float
    ) -> None:
        graded = _layers.grade_response(question.card, response, self.language)
        player.answers[question.index] = _Answer(
            question=question.index,
            response=response,
            credit=graded.credit,
            accepted_as=graded.accepted_as,
            seconds=seconds,
            at=now,
            limit=self.timing.limit_for(player.id),
        )

    # -- what each player sees --------------------------------------------------------------

    def view_for(self, player_id: str, now: float) -> PlayerView:
        """The message that brings this player up to date with the game."""
        player = self._player(player_id)
        if self.phase == "lobby":
            return self.lobby_view()
        if self.phase == "question":
            answered = self.current in player.answers
            return self._question_view(self.current, now, answered=answered, player=player.id)
        if self.phase == "running":
            if player.position >= len(self.questions) or self.timing.time_up(player.id, now):
                return DoneView(
                    answered=len(player.answers),
                    count=len(self.questions),
                    remaining=self._remaining(now),
                    timed=self.timing.timed,
                )
            return self._question_view(player.position, now, answered=False, player=player.id)
        if self.phase == "reveal":
            return self._reveal_view(player)
        if self.phase == "leaderboard":
            return self._leaderboard_view(player)
        return self._end_view(player)

    def lobby_view(self) -> LobbyView:
        active = [p.name for p in self._players.values() if not p.removed]
        return LobbyView(players=len(active), names=tuple(active[-LOBBY_NAMES:]))

    def question_view(self, now: float, *, answered: bool = False) -> QuestionView:
        """The open question as every player who has not answered it sees it (shared).

        Players with extra time see their own clock: `view_for` gives them theirs.
        """
        return self._question_view(self.current, now, answered=answered)

    def _question_view(
        self, index: int, now: float, *, answered: bool, player: str | None = None
    ) -> QuestionView:
        """A question as `player` sees it (None: anyone on the usual clock)."""
        question = self.questions[index]
        timing = self.timing
        limit = timing.limit if player is None else timing.limit_for(player)
        return QuestionView(
            index=index,
            count=len(self.questions),
            card_type=question.card_type,
            prompt=question.prompt,
            options=question.public_options,
            items=question.public_items,
            blanks=question.public_blanks,
            unit=question.public_unit,
            points=question.weight,
            max_points=round(1000 * question.weight),
            clock="game" if self.mode == "self-paced" else "question",
            time_limit=limit,
            remaining=timing.remaining(player, now),
            answered=answered,
            timed=timing.timed,
        )

    def _reveal_view(self, player: _Player) -> RevealView:
        question = self.questions[self.current]
        answer = player.answers.get(self.current)
        ranks = self._ranks()
        correct, answer_text, accepted = self._revealed(question)
        return RevealView(
            index=self.current,
            count=len(self.questions),
            card_type=question.card_type,
            prompt=question.prompt,
            correct=correct,
            answer_text=answer_text,
            accepted=accepted,
            explain=question.card.explain,
            quote=question.card.quote,
            stats=self._closed[self.current],
            you=RevealYou(
                answered=answer is not None,
                answer_text=question.response_text(answer.response) if answer else None,
                credit=answer.credit if answer else None,
                points=answer.points if answer else 0,
                score=player.score,
                streak=player.streak,
                rank=ranks[player.id],
                players=len(ranks),
                time=round(answer.seconds, 3) if answer else None,
                accepted_as=answer.accepted_as if answer else None,
            ),
        )

    def _revealed(self, question: Question) -> tuple[CorrectValue, str, list[str]]:
        """What a reveal tells of a question; the same for every player, so worked out once."""
        found = self._reveal_cache.get(question.index)
        if found is None:
            found = (question.correct_value(), question.answer_text(), question.accepted_texts())
            self._reveal_cache[question.index] = found
        return found

    def _leaderboard_view(self, player: _Player) -> LeaderboardView:
        ranks = self._ranks()
        return LeaderboardView(
            index=self.current,
            count=len(self.questions),
            players=len(ranks),
            top=self.standings(TOP_LEADERBOARD),
            you=LeaderboardYou(
                rank=ranks[player.id], name=player.name, score=player.score, streak=player.streak
            ),
        )

    def _end_view(self, player: _Player) -> EndView:
        ranks = self._ranks()
        review = tuple(
            self._review_item(question, player.answers.get(question.index))
            for question in self._played_questions()
        )
        return EndView(
            count=len(self.questions),
            players=len(ranks),
            top=self.standings(TOP_END),
            you=EndYou(
                rank=ranks[player.id],
                name=player.name,
                score=player.score,
                right=sum(1 for a in player.answers.values() if a.credit >= _FULL),
                answered=len(player.answers),
                mean_time=_mean([a.seconds for a in player.answers.values()]),
            ),
            review=review,
        )

    def _review_item(self, question: Question, answer: _Answer | None) -> ReviewItem:
        return ReviewItem(
            index=question.index,
            card_type=question.card_type,
            prompt=question.prompt,
            answer_text=question.answer_text(),
            explain=question.card.explain,
            your_answer=question.response_text(answer.response) if answer else None,
            credit=answer.credit if answer else None,
            points=answer.points if answer else 0,
        )

    def _welcome(self, player: _Player, *, rejoined: bool) -> WelcomeView:
        return WelcomeView(
            token=player.token,
            name=player.name,
            rejoined=rejoined,
            title=self.title,
            language=self.language,
            mode=self.mode,
            question_count=len(self.questions),
            score=player.score,
            streak=player.streak,
        )

    # -- rankings and results ---------------------------------------------------------------

    def standings(self, limit: int | None = None) -> tuple[Standing, ...]:
        """The ranking, best first (all players, or the first `limit`)."""
        order = self._ranking()
        if limit is not None:
            order = order[:limit]
        return tuple(
            Standing(rank=rank, name=self._players[pid].name, score=self._players[pid].score)
            for rank, pid in enumerate(order, start=1)
        )

    def _ranking(self) -> list[str]:
        if self._order is None:
            entries = [
                (p.id, float(p.score), self._total_time(p))
                for p in self._players.values()
                if not p.removed
            ]
            self._order = _layers.ranking(entries)
            self._rank = {pid: rank for rank, pid in enumerate(self._order, start=1)}
        return self._order

    def _ranks(self) -> dict[str, int]:
        self._ranking()
        return self._rank

    def _total_time(self, player: _Player) -> float:
        """Tie-break time: answers' times, and the whole time limit for each question missed."""
        spent = sum(a.seconds for a in player.answers.values())
        if self.mode != "self-paced":
            spent += self.time_limit * len(player.missed)
        return spent

    @property
    def closed_questions(self) -> list[int]:
        """Questions already scored (self-paced: all of them, once the game has ended)."""
        return sorted(self._closed)

    def player_results(self) -> list[PlayerResult]:
        """Every player's line, best first."""
        results: list[PlayerResult] = []
        for rank, pid in enumerate(self._ranking(), start=1):
            player = self._players[pid]
            results.append(
                PlayerResult(
                    player_id=pid,
                    name=player.name,
                    rank=rank,
                    score=player.score,
                    right=sum(1 for a in player.answers.values() if a.credit >= _FULL),
                    answered=len(player.answers),
                    total_time=sum(a.seconds for a in player.answers.values()),
                )
            )
        return results

    def question_result(self, index: int) -> tuple[QuestionResult, list[AnswerRecord]]:
        """A scored question's line and every answer it got (points included)."""
        question = self.questions[index]
        stats = self._closed[index]
        active = [p for p in self._players.values() if not p.removed]
        answers = [
            AnswerRecord(
                player_id=p.id,
                name=p.name,
                index=index,
                card_id=question.card.id,
                answer=a.response,
                answer_text=question.response_text(a.response),
                credit=a.credit,
                points=a.points,
                seconds=a.seconds,
                at=a.at,
            )
            for p in active
            if (a := p.answers.get(index)) is not None
        ]
        line = QuestionResult(
            index=index,
            card_id=question.card.id,
            card_type=question.card_type,
            prompt=question.prompt,
            players=stats.players,
            answered=len(answers),
            right=sum(1 for a in answers if a.credit >= _FULL),
            total_time=sum(a.seconds for a in answers),
        )
        return line, answers

    def _played_questions(self) -> tuple[Question, ...]:
        if self.mode == "self-paced":
            return self.questions if self.started_at is not None else ()
        return self.questions[: self.current + 1]

    # -- the host's screen ------------------------------------------------------------------

    def host_state(self, now: float) -> HostState:
        ranks = self._ranks()
        players = tuple(
            HostPlayer(
                id=p.id,
                name=p.name,
                score=p.score,
                streak=p.streak,
                rank=ranks[p.id],
                connected=p.connected,
                answered_current=self.phase == "question" and self.current in p.answers,
                progress=len(p.answers),
                extra_time=p.id in self.timing.extra,
            )
            for p in sorted(
                (p for p in self._players.values() if not p.removed), key=lambda p: ranks[p.id]
            )
        )
        question: HostQuestion | None = None
        reveal: HostReveal | None = None
        if self.phase == "question":
            q = self.questions[self.current]
            question = HostQuestion(
                index=q.index,
                count=len(self.questions),
                card_type=q.card_type,
                prompt=q.prompt,
                options=q.public_options,
                items=q.public_items,
                blanks=q.public_blanks,
                unit=q.public_unit,
                time_limit=self.timing.longest,
                remaining=self._remaining(now),
                answers_in=sum(1 for p in players if p.answered_current),
                players=len(players),
            )
        if self.phase in ("reveal", "leaderboard") and self.current in self._closed:
            q = self.questions[self.current]
            reveal = HostReveal(
                index=q.index,
                prompt=q.prompt,
                card_type=q.card_type,
                options=q.public_options,
                correct=q.correct_value(),
                answer_text=q.answer_text(),
                accepted=q.accepted_texts(),
                explain=q.card.explain,
                quote=q.card.quote,
                stats=self._closed[self.current],
            )
        running = self.phase in ("question", "running")
        return HostState(
            phase=self.phase,
            mode=self.mode,
            pin=self.pin,
            title=self.title,
            question_count=len(self.questions),
            players=players,
            question=question,
            reveal=reveal,
            top=self.standings(TOP_LEADERBOARD),
            remaining=self._remaining(now) if running else None,
            version=self.version,
            locked=self.locked,
            timed=self.timing.timed,
        )

    # -- internals --------------------------------------------------------------------------

    def _player(self, player_id: str) -> _Player:
        player = self._players.get(player_id)
        if player is None or player.removed:
            raise GameError("not_joined", "Join the game first.")
        return player

    def _open(self, index: int, now: float) -> None:
        self.current = index
        self.phase = "question"
        self.timing.begin(now)
        self._waiting = set(self._connected)
        self.version += 1

    def _remaining(self, now: float) -> float:
        """Seconds until the clock closes the question (or ends the game), extra time included."""
        if self.phase not in ("question", "running"):
            return 0.0
        return self.timing.closes_in(now)

    def _owes_answer(self, player: _Player) -> bool:
        if not self.timing.owes_time(player.id):
            return False
        if self.phase == "question":
            return self.current not in player.answers
        if self.phase == "running":
            return player.position < len(self.questions)
        return False

    def _mark_connected(self, player: _Player) -> None:
        player.connected = True
        self._connected.add(player.id)
        if self._owes_answer(player):
            self._waiting.add(player.id)

    def _mark_disconnected(self, player: _Player) -> None:
        player.connected = False
        self._connected.discard(player.id)
        self._waiting.discard(player.id)

    def _close_if_everyone_answered(self, now: float) -> None:
        if not self._connected or self._waiting:
            return
        if self.phase == "question":
            self.close_question(now)
        elif self.phase == "running":
            self.end(now)

    def _score_question(self, index: int) -> None:
        question = self.questions[index]
        active = [p for p in self._players.values() if not p.removed]
        for player in active:
            answer = player.answers.get(index)
            if answer is None:
                player.missed.add(index)
                _, player.streak = _layers.points_for(
                    self.mode,
                    credit=0.0,
                    weight=question.weight,
                    seconds=self.time_limit,
                    time_limit=self.time_limit,
                    streak_before=player.streak,
                )
                continue
            answer.points, player.streak = _layers.points_for(
                self.mode,
                credit=answer.credit,
                weight=question.weight,
                seconds=answer.seconds,
                time_limit=answer.limit,
                streak_before=player.streak,
            )
            player.score += answer.points
        self._closed[index] = self._stats(question)
        self._order = None

    def _stats(self, question: Question) -> RevealStats:
        active = [p for p in self._players.values() if not p.removed]
        given = [p.answers[question.index] for p in active if question.index in p.answers]
        right = sum(1 for a in given if a.credit >= _FULL)
        return RevealStats(
            players=len(active),
            answered=len(given),
            right_share=round(right / len(active), 4) if active else 0.0,
            mean_time=_mean([a.seconds for a in given]),
            option_counts=question.option_counts([a.response for a in given]),
        )

    def _score_self_paced(self) -> None:
        for player in self._players.values():
            if player.removed:
                continue
            for index in sorted(player.answers):
                answer = player.answers[index]
                answer.points, player.streak = _layers.points_for(
                    self.mode,
                    credit=answer.credit,
                    weight=self.questions[index].weight,
                    seconds=answer.seconds,
                    time_limit=answer.limit,
                    streak_before=player.streak,
                )
                player.score += answer.points
        for question in self.questions:
            self._closed[question.index] = self._stats(question)
        self._order = None


def _mean(values: Sequence[float]) -> float | None:
    return round(sum(values) / len(values), 3) if values else None
