"""Every message of the classroom protocol (docs/protocol.md), both directions, as pydantic models.

Client messages are validated strictly, after a size check that runs *before* any parsing, so a
phone cannot make the server parse a megabyte of JSON or slip in a field such as `player`.
Server messages are the engine's views (`sahel_quiz.engine.classroom.views`) with a `type` tag:
their models are derived from the view dataclasses, and `encode` turns any view into its JSON
text. A client reads them with `read_server_message`, which trusts nothing: the same models,
ignoring fields it does not know (a later server may add some) but refusing a missing field,
a wrong type, NaN or a count out of range.
"""

from __future__ import annotations

import dataclasses
import json
from types import UnionType
from typing import Annotated, Any, Literal, TypeAlias, Union, get_args, get_origin, get_type_hints

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
    create_model,
)

from sahel_quiz.engine.classroom import views
from sahel_quiz.engine.classroom.errors import ErrorCode, GameError
from sahel_quiz.i18n import _, literal

__all__ = [
    "MAX_FRAME_BYTES",
    "MAX_SERVER_FRAME_BYTES",
    "AnswerMsg",
    "AnsweredMsg",
    "AnyClientMessage",
    "ClientMessage",
    "DoneMsg",
    "EndMsg",
    "ErrorMsg",
    "JoinMsg",
    "LangMsg",
    "LeaderboardMsg",
    "LobbyMsg",
    "PingMsg",
    "PongMsg",
    "ProtocolError",
    "QuestionMsg",
    "RejoinMsg",
    "RevealMsg",
    "ServerMessage",
    "WelcomeMsg",
    "encode",
    "encode_error",
    "parse_client_message",
    "read_server_message",
]

MAX_FRAME_BYTES = 4096
MAX_SERVER_FRAME_BYTES = 4 * 1024 * 1024
"""The largest server frame a client accepts (an `end` with a long game's review is the largest
message a real server sends, far below this)."""

# -- client → server ------------------------------------------------------------------------


class _ClientModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


Lang = Annotated[str, StringConstraints(strict=True, max_length=35)]
"""The language a client shows (`en`, `fr`, a BCP 47 tag): the server writes its texts for that
client (hints, True/False, error messages) in it; the program's language when unsupported."""


class JoinMsg(_ClientModel):
    type: Literal["join"]
    pin: Annotated[str, StringConstraints(strict=True, max_length=32)]
    name: Annotated[str, StringConstraints(strict=True, max_length=200)]
    lang: Lang | None = None


class RejoinMsg(_ClientModel):
    type: Literal["rejoin"]
    token: Annotated[str, StringConstraints(strict=True, min_length=1, max_length=100)]
    lang: Lang | None = None


class LangMsg(_ClientModel):
    """The client switched language: the server answers with the current view in it."""

    type: Literal["lang"]
    lang: Lang


class AnswerMsg(_ClientModel):
    type: Literal["answer"]
    question: Annotated[StrictInt, Field(ge=0, le=100_000)]
    response: StrictBool | StrictInt | StrictStr | list[StrictInt] | list[StrictStr]


class PingMsg(_ClientModel):
    type: Literal["ping"]


AnyClientMessage: TypeAlias = JoinMsg | RejoinMsg | LangMsg | AnswerMsg | PingMsg
ClientMessage: TypeAlias = Annotated[AnyClientMessage, Field(discriminator="type")]
_CLIENT_TYPES = frozenset({"join", "rejoin", "lang", "answer", "ping"})
_client_adapter: TypeAdapter[AnyClientMessage] = TypeAdapter(ClientMessage)


def parse_client_message(frame: str) -> AnyClientMessage:
    """A client frame as a message, or a `GameError` with the code the client should get."""
    if (
        len(frame) > MAX_FRAME_BYTES
        or len(frame.encode("utf-8", "surrogatepass")) > MAX_FRAME_BYTES
    ):
        raise GameError(
            "too_large",
            _("A message may have at most {count} bytes.").format(count=MAX_FRAME_BYTES),
        )
    try:
        data = json.loads(frame)
    except (ValueError, RecursionError):
        raise GameError("bad_json", _("A message must be a JSON object.")) from None
    if not isinstance(data, dict):
        raise GameError("bad_json", _("A message must be a JSON object."))
    kind = data.get("type")
    if not isinstance(kind, str):
        raise GameError(
            "invalid_message", _("A message needs a {field} text field.").format(field="'type'")
        )
    if kind not in _CLIENT_TYPES:
        raise GameError(
            "unknown_type", _("Unknown message type {type}.").format(type=literal(kind[:40]))
        )
    try:
        return _client_adapter.validate_python(data)
    except ValidationError as error:
        raise GameError("invalid_message", _describe(error)) from None


def _describe(error: ValidationError) -> str:
    first = error.errors(include_url=False, include_input=False)[0]
    where = ".".join(str(part) for part in first["loc"][1:]) or "message"
    if first["type"] == "extra_forbidden":
        return _("Unknown field {field} in a {type} message.").format(
            field=literal(where), type=literal(first["loc"][0])
        )
    return _("Invalid {field}: {problem}.").format(field=literal(where), problem=first["msg"])


# -- server → client ------------------------------------------------------------------------


class _ServerModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# The message models are derived from the engine's view dataclasses, field by field, so the
# views are the one definition of what a message holds; only the `type` tag is added here (and
# strict scalars for `correct`, which a lax union would coerce). Nested views become nested
# models with the same `extra="forbid"`, and tuples become JSON arrays.
_FIELD_OVERRIDES: dict[str, Any] = {
    "correct": StrictBool | StrictInt | StrictStr | list[int] | list[str],
}
_MODEL_OF_VIEW: dict[type[Any], type[_ServerModel]] = {}
_NESTED: dict[tuple[type[Any], type[BaseModel]], type[BaseModel]] = {}


class _ReadModel(BaseModel):
    """A server message as a client reads it: unknown fields ignored, everything else checked."""

    model_config = ConfigDict(extra="ignore", frozen=True, allow_inf_nan=False, strict=True)


Count = Annotated[int, Field(ge=0, le=1_000_000)]
# What a client relies on beyond the types: counts it loops over or adds to are in range.
_READ_OVERRIDES: dict[str, Any] = {
    "correct": _FIELD_OVERRIDES["correct"],
    "index": Count,
    "count": Count,
    "blanks": Annotated[int, Field(ge=1, le=100)] | None,
    "options": Annotated[list[str], Field(max_length=100)] | None,
    "items": Annotated[list[str], Field(max_length=100)] | None,
    "accepted_marks": Annotated[list[Annotated[int, Field(ge=0)]], Field(max_length=10_000)],
    "code": Annotated[str, StringConstraints(max_length=40)],  # a later server's codes too
}


def _as_message_type(hint: Any, base: type[BaseModel] = _ServerModel) -> Any:
    """A view's field type with every view dataclass in it replaced by its model."""
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _model_of(hint, base=base)
    origin, args = get_origin(hint), get_args(hint)
    if origin is list or (origin is tuple and len(args) == 2 and args[1] is Ellipsis):
        return list[_as_message_type(args[0], base)]  # type: ignore[misc]
    if origin is Union or origin is UnionType:
        return Union[tuple(_as_message_type(arg, base) for arg in args)]  # noqa: UP007
    return hint


def _model_of(
    view: type[Any], tag: str | None = None, base: type[BaseModel] = _ServerModel
) -> type[Any]:
    """A view's model: `RevealView` → `RevealMsg` (tagged), `RevealStats` → `RevealStatsModel`;
    with `base=_ReadModel`, the same as a client reads it.

    Nested views are built once (`Standing` is in two messages) and then taken from the cache.
    """
    if tag is None and (view, base) in _NESTED:
        return _NESTED[view, base]
    hints = get_type_hints(view)
    overrides = _READ_OVERRIDES if base is _ReadModel else _FIELD_OVERRIDES
    fields: dict[str, Any] = {} if tag is None else {"type": (Literal[tag], tag)}
    for field in dataclasses.fields(view):
        hint = overrides.get(field.name) or _as_message_type(hints[field.name], base)
        fields[field.name] = (hint, ...)
    name = f"{view.__name__.removesuffix('View')}Msg" if tag else f"{view.__name__}Model"
    model = create_model(name, __base__=base, __module__=__name__, **fields)
    if tag is None:
        _NESTED[view, base] = model
    return model


def _message(view: type[Any], tag: str) -> type[_ServerModel]:
    _MODEL_OF_VIEW[view] = model = _model_of(view, tag)
    return model


WelcomeMsg = _message(views.WelcomeView, "welcome")
LobbyMsg = _message(views.LobbyView, "lobby")
QuestionMsg = _message(views.QuestionView, "question")
AnsweredMsg = _message(views.AnsweredView, "answered")
DoneMsg = _message(views.DoneView, "done")
RevealMsg = _message(views.RevealView, "reveal")
LeaderboardMsg = _message(views.LeaderboardView, "leaderboard")
EndMsg = _message(views.EndView, "end")


class PongMsg(_ServerModel):
    type: Literal["pong"] = "pong"


class ErrorMsg(_ServerModel):
    type: Literal["error"] = "error"
    code: ErrorCode
    message: str
    hint: str | None = None
    """`bad_answer`: what to type instead, in the client's language (the card's rules say)."""


ServerMessage: TypeAlias = _ServerModel  # the base of every model above

# Views are serialised straight from the engine's dataclasses (about four times faster than
# building the models, which counts when a reveal goes to a thousand phones); the test suite
# checks that every encoded view validates against its model above, so the models stay the
# contract.
_ENCODERS: dict[type[Any], tuple[bytes, TypeAdapter[Any]]] = {
    view: (f'{{"type":"{model.model_fields["type"].default}",'.encode(), TypeAdapter(view))
    for view, model in _MODEL_OF_VIEW.items()
}


def encode(view: views.PlayerView | views.WelcomeView | views.AnsweredView) -> str:
    """The JSON text of the message for an engine view."""
    prefix, adapter = _ENCODERS[type(view)]
    return (prefix + adapter.dump_json(view)[1:]).decode()


def encode_error(code: ErrorCode, message: str, hint: str | None = None) -> str:
    return ErrorMsg(code=code, message=message, hint=hint).model_dump_json(exclude_none=True)


# -- server → client, as a client reads it ----------------------------------------------------


class ProtocolError(ValueError):
    """A server message a client cannot follow (its text says what, in the user's language)."""


class _ReadPong(_ReadModel):
    type: Literal["pong"]


class _ReadError(_ReadModel):
    type: Literal["error"]
    code: Annotated[str, StringConstraints(max_length=40)]
    message: str
    hint: str | None = None


_READERS: dict[str, TypeAdapter[Any]] = {
    str(model.model_fields["type"].default): TypeAdapter(
        _model_of(view, str(model.model_fields["type"].default), base=_ReadModel)
    )
    for view, model in _MODEL_OF_VIEW.items()
}
_READERS["error"] = TypeAdapter(_ReadError)
_READERS["pong"] = TypeAdapter(_ReadPong)


def _no_constant(name: str) -> None:
    raise ValueError(name)


def read_server_message(frame: str) -> dict[str, Any] | None:
    """A server frame as a checked message (a dict holding exactly the fields of its model),
    None for a message type this client does not know (a later server's: ignored), or a
    `ProtocolError` for anything else: too large, not JSON, a missing field, a wrong type."""
    if len(frame) > MAX_SERVER_FRAME_BYTES:
        raise ProtocolError(_("the game sent a message too large to read"))
    try:
        data = json.loads(frame, parse_constant=_no_constant)
    except (ValueError, RecursionError):
        raise ProtocolError(_("the game sent a message that is not JSON")) from None
    kind = data.get("type") if isinstance(data, dict) else None
    if not isinstance(kind, str):
        raise ProtocolError(_("the game sent a message with no type"))
    reader = _READERS.get(kind)
    if reader is None:
        return None
    try:  # from the JSON text: strict mode takes a JSON object for a nested model
        message: dict[str, Any] = reader.validate_json(frame).model_dump()
    except ValidationError as error:
        first = error.errors(include_url=False, include_input=False)[0]
        where = ".".join(str(part) for part in first["loc"]) or kind
        raise ProtocolError(
            _("the game sent a message this client cannot read ({type}, field {field})").format(
                type=literal(kind[:40]), field=literal(where[:80])
            )
        ) from None
    return message
