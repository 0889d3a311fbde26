"""Every message of the classroom protocol (docs/protocol.md), both directions, as pydantic models.

Client messages are validated strictly, after a size check that runs *before* any parsing, so a
phone cannot make the server parse a megabyte of JSON or slip in a field such as `player`.
Server messages are built from the engine's views (`sahel_quiz.engine.classroom.views`): the
field names match one for one, and `encode` turns any view into its JSON text.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal, TypeAlias

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    StringConstraints,
    TypeAdapter,
    ValidationError,
)

from sahel_quiz.engine.classroom import views
from sahel_quiz.engine.classroom.errors import ErrorCode, GameError

__all__ = [
    "MAX_FRAME_BYTES",
    "AnswerMsg",
    "AnsweredMsg",
    "ClientMessage",
    "DoneMsg",
    "EndMsg",
    "ErrorMsg",
    "JoinMsg",
    "LeaderboardMsg",
    "LobbyMsg",
    "PingMsg",
    "PongMsg",
    "QuestionMsg",
    "RejoinMsg",
    "RevealMsg",
    "ServerMessage",
    "WelcomeMsg",
    "encode",
    "encode_error",
    "model_for",
    "parse_client_message",
]

MAX_FRAME_BYTES = 4096

# -- client → server ------------------------------------------------------------------------


class _ClientModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class JoinMsg(_ClientModel):
    type: Literal["join"]
    pin: Annotated[str, StringConstraints(strict=True, max_length=32)]
    name: Annotated[str, StringConstraints(strict=True, max_length=200)]


class RejoinMsg(_ClientModel):
    type: Literal["rejoin"]
    token: Annotated[str, StringConstraints(strict=True, min_length=1, max_length=100)]


class AnswerMsg(_ClientModel):
    type: Literal["answer"]
    question: Annotated[StrictInt, Field(ge=0, le=100_000)]
    answer: StrictBool | StrictInt | StrictStr | list[StrictInt] | list[StrictStr]


class PingMsg(_ClientModel):
    type: Literal["ping"]


ClientMessage: TypeAlias = Annotated[
    JoinMsg | RejoinMsg | AnswerMsg | PingMsg, Field(discriminator="type")
]
_CLIENT_TYPES = frozenset({"join", "rejoin", "answer", "ping"})
_client_adapter: TypeAdapter[JoinMsg | RejoinMsg | AnswerMsg | PingMsg] = TypeAdapter(ClientMessage)


def parse_client_message(frame: str) -> JoinMsg | RejoinMsg | AnswerMsg | PingMsg:
    """A client frame as a message, or a `GameError` with the code the client should get."""
    if (
        len(frame) > MAX_FRAME_BYTES
        or len(frame.encode("utf-8", "surrogatepass")) > MAX_FRAME_BYTES
    ):
        raise GameError("too_large", f"A message may have at most {MAX_FRAME_BYTES} bytes.")
    try:
        data = json.loads(frame)
    except (ValueError, RecursionError):
        raise GameError("bad_json", "A message must be a JSON object.") from None
    if not isinstance(data, dict):
        raise GameError("bad_json", "A message must be a JSON object.")
    kind = data.get("type")
    if not isinstance(kind, str):
        raise GameError("invalid_message", "A message needs a 'type' text field.")
    if kind not in _CLIENT_TYPES:
        raise GameError("unknown_type", f"Unknown message type {kind[:40]!r}.")
    try:
        return _client_adapter.validate_python(data)
    except ValidationError as error:
        raise GameError("invalid_message", _describe(error)) from None


def _describe(error: ValidationError) -> str:
    first = error.errors(include_url=False, include_input=False)[0]
    where = ".".join(str(part) for part in first["loc"][1:]) or "message"
    if first["type"] == "extra_forbidden":
        return f"Unknown field {where!r} in a {first['loc'][0]!r} message."
    return f"Invalid {where!r}: {first['msg']}."


# -- server → client ------------------------------------------------------------------------


class _ServerModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class WelcomeMsg(_ServerModel):
    type: Literal["welcome"] = "welcome"
    token: str
    name: str
    rejoined: bool
    title: str
    language: str
    mode: views.Mode
    question_count: int
    score: int
    streak: int


class LobbyMsg(_ServerModel):
    type: Literal["lobby"] = "lobby"
    players: int
    names: list[str]


class QuestionMsg(_ServerModel):
    type: Literal["question"] = "question"
    index: int
    count: int
    card_type: str
    prompt: str
    options: list[str] | None
    items: list[str] | None
    blanks: int | None
    unit: str | None
    points: float
    max_points: int
    clock: views.Clock
    time_limit: float
    remaining: float
    answered: bool


class AnsweredMsg(_ServerModel):
    type: Literal["answered"] = "answered"
    index: int


class DoneMsg(_ServerModel):
    type: Literal["done"] = "done"
    answered: int
    count: int
    remaining: float


class RevealStatsModel(_ServerModel):
    players: int
    answered: int
    right_share: float
    mean_time: float | None
    option_counts: list[int] | None


class RevealYouModel(_ServerModel):
    answered: bool
    answer_text: str | None
    credit: float | None
    points: int
    score: int
    streak: int
    rank: int
    players: int
    time: float | None
    accepted_as: str | None


class RevealMsg(_ServerModel):
    type: Literal["reveal"] = "reveal"
    index: int
    count: int
    card_type: str
    prompt: str
    correct: StrictBool | StrictInt | StrictStr | list[int] | list[str]
    answer_text: str
    accepted: list[str]
    explain: str | None
    quote: str | None
    stats: RevealStatsModel
    you: RevealYouModel


class StandingModel(_ServerModel):
    rank: int
    name: str
    score: int


class LeaderboardYouModel(_ServerModel):
    rank: int
    name: str
    score: int
    streak: int


class LeaderboardMsg(_ServerModel):
    type: Literal["leaderboard"] = "leaderboard"
    index: int
    count: int
    players: int
    top: list[StandingModel]
    you: LeaderboardYouModel


class EndYouModel(_ServerModel):
    rank: int
    name: str
    score: int
    right: int
    answered: int
    mean_time: float | None


class ReviewItemModel(_ServerModel):
    index: int
    card_type: str
    prompt: str
    answer_text: str
    explain: str | None
    your_answer: str | None
    credit: float | None
    points: int


class EndMsg(_ServerModel):
    type: Literal["end"] = "end"
    count: int
    players: int
    top: list[StandingModel]
    you: EndYouModel
    review: list[ReviewItemModel]


class PongMsg(_ServerModel):
    type: Literal["pong"] = "pong"


class ErrorMsg(_ServerModel):
    type: Literal["error"] = "error"
    code: ErrorCode
    message: str


ServerMessage: TypeAlias = (
    WelcomeMsg
    | LobbyMsg
    | QuestionMsg
    | AnsweredMsg
    | DoneMsg
    | RevealMsg
    | LeaderboardMsg
    | EndMsg
    | PongMsg
    | ErrorMsg
)

_MODEL_OF_VIEW: dict[type[Any], type[_ServerModel]] = {
    views.WelcomeView: WelcomeMsg,
    views.LobbyView: LobbyMsg,
    views.QuestionView: QuestionMsg,
    views.AnsweredView: AnsweredMsg,
    views.DoneView: DoneMsg,
    views.RevealView: RevealMsg,
    views.LeaderboardView: LeaderboardMsg,
    views.EndView: EndMsg,
}
# Views are serialised straight from the engine's dataclasses (about four times faster than
# building the models, which counts when a reveal goes to a thousand phones); the test suite
# checks that every encoded view validates against its model above, so the models stay the
# contract.
_ENCODERS: dict[type[Any], tuple[bytes, TypeAdapter[Any]]] = {
    view: (f'{{"type":"{model.model_fields["type"].default}",'.encode(), TypeAdapter(view))
    for view, model in _MODEL_OF_VIEW.items()
}


def model_for(view: object) -> type[_ServerModel]:
    """The message model a view is sent as."""
    return _MODEL_OF_VIEW[type(view)]


def encode(view: views.PlayerView | views.WelcomeView | views.AnsweredView) -> str:
    """The JSON text of the message for an engine view."""
    prefix, adapter = _ENCODERS[type(view)]
    return (prefix + adapter.dump_json(view)[1:]).decode()


def encode_error(code: ErrorCode, message: str) -> str:
    return ErrorMsg(code=code, message=message).model_dump_json()
