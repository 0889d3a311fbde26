"""The classroom game as a state machine: players, phases, answers, with no I/O and no clock.

Every method that depends on time takes `now` (seconds on a monotonic clock, as the server's
event loop gives them), so the whole game can be played in a test at any speed. The server is a
thin shell around this object: it calls a method for each message or host action, then sends
each affected player `view_for(player_id, now)`; `version` changes whenever the phase or the
open question does, which tells the server when to broadcast.

Scores are applied when a question closes (self-paced: when the game ends), never when an
answer arrives: a score that moved before the reveal would tell a player they were right. How
they are worked out is `results.Scoreboard`'s business; what each player and the host see is
`viewing.GameViews`'.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sahel_quiz.cards import WireValue, spelling_marks, spelling_text
from sahel_quiz.deck.model import Card
from sahel_quiz.engine.classroom.errors import GameError
from sahel_quiz.engine.classroom.names import clean_name, name_keys
from sahel_quiz.engine.classroom.players import Answer, Player
from sahel_quiz.engine.classroom.questions import GameQuestion
from sahel_quiz.engine.classroom.results import AnswerRecord, QuestionResult, Scoreboard
from sahel_quiz.engine.classroom.timing import Timing
from sahel_quiz.engine.classroom.viewing import GameViews
from sahel_quiz.engine.classroom.views import (
    HostState,
    LobbyView,
    Phase,
    PlayerResult,
    PlayerView,
    QuestionView,
    Standing,
    WelcomeView,
)
from sahel_quiz.grading import Response, Vocabulary, grade
from sahel_quiz.i18n import _, ngettext, quoted
from sahel_quiz.scoring import Mode

__all__ = [
    "DEFAULT_GAME_TIME",
    "DEFAULT_QUESTION_TIME",
    "MAX_PLAYERS",
    "AnswerResult",
    "ClassroomGame",
    "Joined",
]

DEFAULT_QUESTION_TIME = 20.0
DEFAULT_GAME_TIME = 600.0
MAX_PLAYERS = 2000


def _new_token() -> str:
    return secrets.token_urlsafe(18)


@dataclass(frozen=True)
class Joined:
    """A player admitted to the game, and the welcome to send them."""

    player_id: str
    welcome: WelcomeView


@dataclass(frozen=True)
class AnswerResult:
    """An accepted answer: the question index to acknowledge."""

    index: int


class ClassroomGame:
    """One game of one deck, from the lobby to the final ranking."""

    def __init__(
        self,
        questions: Sequence[GameQuestion],
        *,
        title: str,
        language: str,
        mode: Mode,
        pin: str,
        time_limit: float | None = None,
        timed: bool = True,
        max_players: int = MAX_PLAYERS,
        token_factory: Callable[[], str] = _new_token,
        deck_cards: Sequence[Card] | None = None,
    ) -> None:
        """`deck_cards`: every card of the deck (default: the questions'), whose texts a near
        miss is never forgiven as."""
        if not questions:
            raise ValueError("a classroom game needs at least one question")
        if time_limit is not None and not time_limit > 0:
            raise ValueError("the time limit must be positive")
        self.questions: tuple[GameQuestion, ...] = tuple(questions)
        self.title = title
        self.language = language
        cards = deck_cards if deck_cards is not None else [q.card for q in self.questions]
        self._vocabulary = Vocabulary(cards, language)
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
        self.players: dict[str, Player] = {}
        """Everyone who joined, in the order they joined (removed players stay, marked)."""
        self._by_token: dict[str, Player] = {}
        self._names: dict[str, Player] = {}  # by each of `name_keys(name)`
        self._joined = 0  # players in the game, removed ones excluded
        # connected players, and those of them who still owe an answer to what is in front of
        # them: kept up to date so that "has everyone answered?" costs nothing per answer
        self._connected: set[str] = set()
        self._waiting: set[str] = set()
        self._next_id = 1
        self.board = Scoreboard(self.players, mode, self.time_limit)
        self.views = GameViews(self)

    # -- players ----------------------------------------------------------------------------

    @property
    def question_count(self) -> int:
        return len(self.questions)

    @property
    def player_ids(self) -> list[str]:
        """Players in the game (removed ones excluded), in the order they joined."""
        return [p.id for p in self.active_players()]

    def active_players(self) -> list[Player]:
        """Players not removed, in the order they joined."""
        return [p for p in self.players.values() if not p.removed]

    def player(self, player_id: str) -> Player:
        """A player in the game; `not_joined` for anyone else."""
        player = self.players.get(player_id)
        if player is None or player.removed:
            raise GameError("not_joined", _("Join the game first."))
        return player

    def player_name(self, player_id: str) -> str:
        return self.player(player_id).name

    def player_by_name(self, name: str) -> str | None:
        """The id of the player with this nickname (ignoring case), if any."""
        for key in name_keys(name):
            player = self._names.get(key)
            if player is not None:
                return player.id
        return None

    def is_active(self, player_id: str) -> bool:
        player = self.players.get(player_id)
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
            raise GameError("wrong_pin", _("That PIN is not this game’s PIN."))
        if self.phase == "ended":
            raise GameError("game_over", _("This game is over."))
        clean = clean_name(name)
        keys = name_keys(clean)
        if any(key in self._names for key in keys):
            raise GameError(
                "name_taken",
                _("The name {name} is already taken in this game.").format(name=quoted(clean)),
            )
        if self._joined >= self.max_players:
            raise GameError(
                "game_full",
                ngettext(
                    "This game is full ({count} player).",
                    "This game is full ({count} players).",
                    self.max_players,
                ).format(count=self.max_players),
            )
        token = self._token_factory()
        while token in self._by_token:
            token = self._token_factory()
        player = Player(id=f"p{self._next_id}", name=clean, token=token)
        self._next_id += 1
        if self.phase == "running":
            player.sent_at = now
        self.players[player.id] = player
        self._by_token[token] = player
        for key in keys:
            self._names[key] = player
        self._joined += 1
        self.board.changed()
        self._mark_connected(player)
        return Joined(player.id, self.views.welcome(player, rejoined=False))

    def rejoin(self, token: str, now: float) -> Joined:
        """Give a returning player back their name, score, streak and question."""
        player = self._by_token.get(token)
        if player is None or player.removed:
            raise GameError("bad_token", _("This game does not know you: join again."))
        self._mark_connected(player)
        return Joined(player.id, self.views.welcome(player, rejoined=True))

    def disconnect(self, player_id: str, now: float) -> None:
        """A player's connection dropped; they keep everything and may rejoin.

        If everyone still connected has answered, the question closes (or the self-paced game
        ends) rather than waiting for someone who may not come back.
        """
        player = self.players.get(player_id)
        if player is None or not player.connected:
            return
        self._mark_disconnected(player)
        self._close_if_everyone_answered(now)

    def remove(self, player_id: str, now: float) -> bool:
        """The teacher removes a player: their name is free again and their token is void."""
        player = self.players.get(player_id)
        if player is None or player.removed:
            return False
        player.removed = True
        self._mark_disconnected(player)
        for key in name_keys(player.name):
            del self._names[key]
        self._joined -= 1
        self.timing.extra.discard(player.id)
        del self._by_token[player.token]
        self.board.changed()
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
            for player in self.players.values():
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
        self.board.score_question(self.questions[self.current])
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
            if self.is_last_question:
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

    @property
    def is_last_question(self) -> bool:
        """The open (or last opened) question is the game's last."""
        return self.current + 1 >= len(self.questions)

    def end(self, now: float) -> bool:
        """End the game now, scoring what was played."""
        if self.phase == "ended":
            return False
        if self.phase == "question":
            self.board.score_question(self.questions[self.current])
        if self.phase == "running":
            self.board.score_self_paced(self.questions)
        self.phase = "ended"
        self.ended_at = now
        self.version += 1
        return True

    @property
    def deadline(self) -> float | None:
        """When the clock next changes something by itself (for the server's timer)."""
        if self.phase not in ("question", "running"):
            return None
        return self.timing.deadline()

    @property
    def closes_at(self) -> float | None:
        """When the clock will close the question (or end the game), extra time included."""
        if self.phase not in ("question", "running") or not self.timing.timed:
            return None
        return self.timing.start + self.timing.longest

    def remaining(self, now: float) -> float:
        """Seconds until the clock closes the question or ends the game (0 when none runs);
        frozen while time limits are off."""
        if self.phase not in ("question", "running"):
            return 0.0
        return self.timing.closes_in(now)

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
        player = self.players.get(player_id)
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

    def has_extra_time(self, player_id: str) -> bool:
        return player_id in self.timing.extra

    def has_answers(self) -> bool:
        """Whether anyone has answered the open question yet (speed and accuracy modes)."""
        return self.phase == "question" and any(
            self.current in p.answers for p in self.players.values()
        )

    def _clock_changed(self) -> None:
        """A question or self-paced game under way is sent again, with its new clock."""
        if self.phase in ("question", "running"):
            self.version += 1

    # -- answers ----------------------------------------------------------------------------

    def answer(self, player_id: str, index: int, response: WireValue, now: float) -> AnswerResult:
        """Accept a player's response to a question, or refuse it with a `GameError`.

        The player is whoever the server says sent it; the time is the server's.
        """
        player = self.players.get(player_id)
        if player is None or player.removed:
            raise GameError("not_joined", _("Join the game before answering."))
        self.tick(now)
        if self.mode == "self-paced":
            return self._answer_self_paced(player, index, response, now)
        if self.phase in ("lobby", "ended"):
            raise GameError("no_question", _("No question is open."))
        if index > self.current:
            raise GameError(
                "wrong_question", _("Question {number} is not open yet.").format(number=index + 1)
            )
        if index < self.current or self.phase != "question":
            raise GameError(
                "question_closed", _("Question {number} is closed.").format(number=index + 1)
            )
        if index in player.answers:
            raise GameError("already_answered", _("You already answered this question."))
        if self.timing.time_up(player.id, now):
            raise GameError(
                "question_closed", _("Your time for question {n} is up.").format(n=index + 1)
            )
        question = self.questions[index]
        seconds = self.timing.seconds(player.id, now)
        self._record(player, question, question.to_response(response), seconds, now)
        self._waiting.discard(player.id)
        self._close_if_everyone_answered(now)
        return AnswerResult(index)

    def _answer_self_paced(
        self, player: Player, index: int, response: WireValue, now: float
    ) -> AnswerResult:
        if self.phase != "running":
            raise GameError("no_question", _("No question is open."))
        if player.position >= len(self.questions):
            raise GameError("no_question", _("You have answered every question."))
        if self.timing.time_up(player.id, now):
            raise GameError("question_closed", _("Your time is up."))
        if index < player.position:
            raise GameError("already_answered", _("You already answered this question."))
        if index > player.position:
            raise GameError(
                "wrong_question", _("Question {number} is not open yet.").format(number=index + 1)
            )
        question = self.questions[index]
        given = question.to_response(response)
        self._record(player, question, given, max(now - player.sent_at, 0.0), now)
        player.position += 1
        player.sent_at = now
        if player.position >= len(self.questions):
            self._waiting.discard(player.id)
        self._close_if_everyone_answered(now)
        return AnswerResult(index)

    def _record(
        self, player: Player, question: GameQuestion, response: Response, seconds: float, now: float
    ) -> None:
        result = grade(question.card, response, self.language, vocabulary=self._vocabulary)
        player.answers[question.index] = Answer(
            question=question.index,
            response=response,
            credit=float(result.credit),
            accepted_as=spelling_text(question.card, result),
            accepted_marks=spelling_marks(question.card, result),
            seconds=seconds,
            at=now,
            limit=self.timing.limit_for(player.id),
        )

    # -- what each player and the host see (viewing.GameViews) ------------------------------

    def view_for(self, player_id: str, now: float) -> PlayerView:
        """The message that brings this player up to date with the game."""
        return self.views.player_view(self.player(player_id), now)

    def lobby_view(self) -> LobbyView:
        return self.views.lobby()

    def question_view(self, now: float, *, answered: bool = False) -> QuestionView:
        """The open question as every player who has not answered it sees it (shared)."""
        return self.views.question(self.current, now, answered=answered)

    def host_state(self, now: float) -> HostState:
        return self.views.host_state(now)

    # -- results (results.Scoreboard) -------------------------------------------------------

    def standings(self, limit: int | None = None) -> tuple[Standing, ...]:
        """The ranking, best first (all players, or the first `limit`)."""
        return self.board.standings(limit)

    @property
    def closed_questions(self) -> list[int]:
        """Questions already scored (self-paced: all of them, once the game has ended)."""
        return sorted(self.board.closed)

    def player_results(self) -> list[PlayerResult]:
        """Every player's line, best first."""
        return self.board.player_results()

    def question_result(self, index: int) -> tuple[QuestionResult, list[AnswerRecord]]:
        """A scored question's line and every answer it got (scores included)."""
        return self.board.question_result(self.questions[index])

    def played_questions(self) -> tuple[GameQuestion, ...]:
        """The questions opened so far (self-paced: all of them, once started)."""
        if self.mode == "self-paced":
            return self.questions if self.started_at is not None else ()
        return self.questions[: self.current + 1]

    # -- internals --------------------------------------------------------------------------

    def _open(self, index: int, now: float) -> None:
        self.current = index
        self.phase = "question"
        self.timing.begin(now)
        self._waiting = set(self._connected)
        self.version += 1

    def _owes_answer(self, player: Player) -> bool:
        if not self.timing.owes_time(player.id):
            return False
        if self.phase == "question":
            return self.current not in player.answers
        if self.phase == "running":
            return player.position < len(self.questions)
        return False

    def _mark_connected(self, player: Player) -> None:
        player.connected = True
        self._connected.add(player.id)
        if self._owes_answer(player):
            self._waiting.add(player.id)

    def _mark_disconnected(self, player: Player) -> None:
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
