"""What each player and the host see of a game, as plain records (treat them as read-only).

The engine knows nothing of JSON or WebSockets: the classroom server turns a player view into
the message of the same name in docs/protocol.md (field names match one for one), and a host
screen (line mode or Textual) draws `HostState`. Player views never hold what the player may
not see yet; `HostState` may, since the teacher knows the answers.

They are slotted dataclasses rather than frozen ones: a reveal builds one per player, and a
frozen dataclass's `__init__` is several times slower.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypeAlias

from sahel_quiz.cards import WireValue
from sahel_quiz.scoring import Mode, Verdict

__all__ = [
    "AnsweredView",
    "Clock",
    "CorrectValue",
    "DoneView",
    "EndView",
    "EndYou",
    "HostAlert",
    "HostPlayer",
    "HostQuestion",
    "HostReveal",
    "HostState",
    "LeaderboardView",
    "LeaderboardYou",
    "LobbyView",
    "Phase",
    "PlayerResult",
    "PlayerView",
    "QuestionView",
    "RevealStats",
    "RevealView",
    "RevealYou",
    "ReviewItem",
    "Standing",
    "WelcomeView",
]

Phase = Literal["lobby", "question", "reveal", "leaderboard", "running", "ended"]
Clock = Literal["question", "game"]
CorrectValue: TypeAlias = WireValue


@dataclass(slots=True)
class WelcomeView:
    token: str
    name: str
    rejoined: bool
    title: str
    language: str
    mode: Mode
    question_count: int
    score: int
    streak: int


@dataclass(slots=True)
class LobbyView:
    players: int
    names: tuple[str, ...]


@dataclass(slots=True)
class _ShownQuestion:
    """What players and host both see of a question; its fields come first in either view."""

    index: int
    count: int
    card_type: str
    prompt: str
    options: list[str] | None
    items: list[str] | None
    blanks: int | None
    unit: str | None
    hint: str
    """How to answer, in a few words (the same words as every other interface)."""


@dataclass(slots=True)
class QuestionView(_ShownQuestion):
    points: float
    max_score: int
    clock: Clock
    time_limit: float  # this player's own limit (extra time included)
    remaining: float
    answered: bool
    timed: bool  # false: the teacher turned time limits off (the clock is stopped)


@dataclass(slots=True)
class AnsweredView:
    index: int


@dataclass(slots=True)
class DoneView:
    answered: int
    count: int
    remaining: float
    timed: bool


@dataclass(slots=True)
class RevealStats:
    players: int
    answered: int
    right: int
    right_share: float
    mean_time: float | None
    option_counts: list[int] | None


@dataclass(slots=True)
class RevealYou:
    answered: bool
    response_text: str | None
    credit: float | None
    verdict: Verdict | None
    earned: int
    score: int
    streak: int
    rank: int
    players: int
    time: float | None
    accepted_as: str | None
    accepted_marks: list[int]
    """Indices (in Unicode code points) in `accepted_as` of the letters the near miss got
    wrong, for the client to mark as line mode and the app do; empty when nothing is marked."""


@dataclass(slots=True)
class RevealView:
    index: int
    count: int
    card_type: str
    prompt: str
    correct: CorrectValue
    answer_text: str
    accepted: list[str]
    explain: str | None
    quote: str | None
    stats: RevealStats
    you: RevealYou


@dataclass(slots=True)
class Standing:
    rank: int
    name: str
    score: int


@dataclass(slots=True)
class LeaderboardYou(Standing):
    """The player's own line, shown under the top even when they are not in it."""

    streak: int


@dataclass(slots=True)
class LeaderboardView:
    index: int
    count: int
    players: int
    top: tuple[Standing, ...]
    you: LeaderboardYou


@dataclass(slots=True)
class EndYou(Standing):
    right: int
    answered: int
    mean_time: float | None


@dataclass(slots=True)
class ReviewItem:
    index: int
    card_type: str
    prompt: str
    answer_text: str
    explain: str | None
    response_text: str | None
    credit: float | None
    verdict: Verdict | None
    earned: int


@dataclass(slots=True)
class EndView:
    count: int
    players: int
    top: tuple[Standing, ...]
    you: EndYou
    review: tuple[ReviewItem, ...]


PlayerView: TypeAlias = LobbyView | QuestionView | DoneView | RevealView | LeaderboardView | EndView


@dataclass(slots=True)
class HostPlayer:
    """One row of the teacher's list of players."""

    id: str
    name: str
    joined: int  # 1 for the first to join, and so on
    score: int
    streak: int
    rank: int
    connected: bool
    answered_current: bool
    progress: int  # questions answered so far (self-paced mode shows it live)
    extra_time: bool = False  # the teacher gave this student extra time


@dataclass(slots=True)
class HostQuestion(_ShownQuestion):
    labels: list[str] | None
    """What the class chooses from when it is not `options` (true/false: True, False)."""
    time_limit: float
    remaining: float
    answers_in: int
    players: int


@dataclass(slots=True)
class HostReveal:
    index: int
    prompt: str
    card_type: str
    options: list[str] | None
    labels: list[str] | None
    """The bars' labels when the class's answers are counted by choice (`options`, or True
    and False), else None."""
    right_labels: list[int]
    """Which of `labels` are right."""
    correct: CorrectValue
    answer_text: str
    answer_steps: list[str] | None
    """An order card's answer as a list to number, else None."""
    accepted: list[str]
    explain: str | None
    quote: str | None
    stats: RevealStats


@dataclass(frozen=True)
class PlayerResult:
    """One student's final line: on the host's podium and table, and in the saved session."""

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


@dataclass(slots=True)
class HostAlert:
    """Connections refused or wrong PINs from one client address (the server's to report)."""

    address: str  # an IPv4 address, or an IPv6 /64
    refused: int  # connections refused (too many at once, or from another web site)
    wrong_pins: int
    wait: int  # seconds before this address may try a PIN again (0: it may)


@dataclass(slots=True)
class HostState:
    """Everything the teacher's screen shows, at one instant: a host screen draws this alone."""

    phase: Phase
    mode: Mode
    pin: str
    title: str
    question_count: int
    players: tuple[HostPlayer, ...]
    """Best first (the lobby lists them by `joined`)."""
    question: HostQuestion | None
    reveal: HostReveal | None
    top: tuple[Standing, ...]
    remaining: float | None  # seconds left on the running clock (question or game)
    deadline: float | None  # when that clock runs out, on the game's clock
    version: int  # changes whenever the phase does; cheap to compare for redraws
    current: int  # the open or last opened question (-1 before the first)
    played: int  # questions scored so far
    started: bool
    results: tuple[PlayerResult, ...]
    """Every player's final line, best first (filled once the game has ended)."""
    locked: bool = False  # no new names may join
    timed: bool = True  # false: time limits are off for the whole game
    alerts: tuple[HostAlert, ...] = ()  # addresses refused or guessing PINs (from the server)
    pin_wait: int = 0  # seconds before anyone may try a PIN: the wrong-PIN budget is spent
