"""What the store's parts share: JSON columns, the lock-and-damage guard around every call, and
the write transaction. Only the store's own modules import it.
"""

from __future__ import annotations

import functools
import json
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Concatenate, ParamSpec, Protocol, TypeVar

from sahel_quiz.errors import UserError
from sahel_quiz.i18n import _
from sahel_quiz.store.database import (
    StoreUnwritable,
    is_busy,
    is_damage,
    is_unwritable,
    request_check,
    retry_when_busy,
)

__all__ = ["Guarded", "WriteTransaction", "from_json", "guarded", "to_json"]

P = ParamSpec("P")
R = TypeVar("R")

_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_ENCODE_ASCII = json.JSONEncoder(separators=(",", ":")).encode


def to_json(value: object) -> str | None:
    """Compact JSON text; text SQLite cannot take as UTF-8 (lone surrogates from undecodable
    input) is written with JSON escapes instead, so it is kept rather than refused."""
    if value is None:
        return None
    text = _ENCODE(value)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _ENCODE_ASCII(value)
    return text


def from_json(text: str | None) -> object:
    return None if text is None else json.loads(text)


class Guarded(Protocol):
    """What `guarded` needs of the object whose methods it wraps."""

    _lock: threading.RLock
    path: Path


S = TypeVar("S", bound=Guarded)


def guarded(method: Callable[Concatenate[S, P], R]) -> Callable[Concatenate[S, P], R]:
    """Serialise calls (a UI may call from a worker thread) and word damage for the user."""

    @functools.wraps(method)
    def wrapper(self: S, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with self._lock:
            try:
                return method(self, *args, **kwargs)
            except sqlite3.DatabaseError as error:
                if is_damage(error):
                    request_check(self.path)
                    raise UserError(
                        _(
                            "the progress store {path} is damaged ({error}); run sahel-quiz "
                            "again to repair it"
                        ).format(path=self.path, error=error)
                    ) from error
                if isinstance(error, sqlite3.OperationalError) and is_unwritable(error):
                    raise StoreUnwritable(
                        _("cannot save to the progress store {path}: {error}").format(
                            path=self.path, error=error
                        )
                    ) from error
                raise

    return wrapper


class WriteTransaction:
    """`with` it for one `BEGIN IMMEDIATE` … `COMMIT` (`ROLLBACK` on an exception).

    IMMEDIATE takes the write lock up front, so the busy timeout applies; a deferred transaction
    that reads then writes can fail at once in WAL mode when another process wrote in between.
    A small class rather than `@contextmanager`: this is on the path of every answer.
    """

    __slots__ = ("_connection", "_path")

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._connection = connection
        self._path = path

    def __enter__(self) -> sqlite3.Connection:
        connection = self._connection
        try:
            connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            if not is_busy(error):
                raise
            retry_when_busy(lambda: connection.execute("BEGIN IMMEDIATE"), self._path)
        return connection

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        connection = self._connection
        if kind is None:
            try:
                connection.execute("COMMIT")
                return
            except BaseException:
                if connection.in_transaction:
                    connection.execute("ROLLBACK")
                raise
        if connection.in_transaction:
            connection.execute("ROLLBACK")
