"""Opening the SQLite file: settings, the damage check, salvage, and lock retries.

Settings, and why:

- WAL journal: readers never block the writer, so a stats window and a study session (or two
  students on one machine) can share a profile.
- `synchronous=FULL`: every commit is fsynced before the answer is acknowledged, so it survives
  a power cut (common where this is used), as Anki does.
- a 10 s busy timeout, plus a few retries of `BEGIN IMMEDIATE` on top, so that a second process
  waits for the lock instead of failing with "database is locked".
- foreign keys on, which SQLite leaves off by default.

Opening (`open_database`) happens under an OS lock on the sidecar `progress.sqlite3.lock`, so
only one process checks or repairs at a time:

- something other than a regular file in place of the store (a FIFO, a folder, a device) is
  refused at once;
- `quick_check` runs only after an unclean shutdown (a process's marker
  `progress.sqlite3.open-PID` left behind by a process that is gone), after damage was met while
  running (`progress.sqlite3.check`), or on `sahel-quiz doctor`;
- a damaged file is salvaged (`sahel_quiz.store.salvage`): every row that can still be read is
  copied into a fresh store, and the damaged file is renamed
  `progress.sqlite3.damaged-YYYYmmdd-HHMMSS` with its `-wal` and `-shm`, never deleted;
- missing tables and indexes are recreated; a table whose columns drifted is refused with a
  clear message.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from sahel_quiz.errors import UserError
from sahel_quiz.i18n import _

__all__ = [
    "BUSY_RETRIES",
    "BUSY_TIMEOUT_MS",
    "StoreUnwritable",
    "connect",
    "is_busy",
    "is_damage",
    "is_unwritable",
    "move_aside",
    "problems",
    "request_check",
    "retry_when_busy",
    "sidecar",
]

BUSY_TIMEOUT_MS = 10_000
BUSY_RETRIES = 3
_BUSY_CODES = frozenset({5, 6})  # SQLITE_BUSY, SQLITE_LOCKED
_DAMAGE_CODES = frozenset({11, 26})  # SQLITE_CORRUPT, SQLITE_NOTADB
# SQLITE_PERM, SQLITE_READONLY, SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN
_UNWRITABLE_CODES = frozenset({3, 8, 10, 13, 14})
_SIDE_FILES = ("-wal", "-shm")

T = TypeVar("T")


def _code(error: sqlite3.Error) -> int | None:
    code = getattr(error, "sqlite_errorcode", None)
    return None if code is None else int(code) & 0xFF


class StoreUnwritable(UserError):
    """The store could not be written (full disk, read-only or immutable file, locked too long).

    Nothing already saved is affected; the engine keeps the answer and tries again later.
    """


def is_unwritable(error: sqlite3.Error) -> bool:
    code = _code(error)
    if code is not None:
        return code in _UNWRITABLE_CODES
    text = str(error)
    return "readonly" in text or "disk" in text or "full" in text


def is_busy(error: sqlite3.Error) -> bool:
    code = _code(error)
    if code is not None:
        return code in _BUSY_CODES
    return "locked" in str(error) or "busy" in str(error)


def is_damage(error: sqlite3.Error) -> bool:
    code = _code(error)
    if code is not None:
        return code in _DAMAGE_CODES
    text = str(error)
    return "malformed" in text or "not a database" in text


def retry_when_busy(action: Callable[[], T], path: Path, attempts: int = BUSY_RETRIES) -> T:
    """Run `action`, again after a pause if the file stayed locked past the busy timeout.

    The busy timeout already waits 10 s per attempt; the retries cover the cases where SQLite
    reports "busy" without waiting (a WAL being recovered, a journal mode being switched).
    """
    for attempt in range(attempts):
        try:
            return action()
        except sqlite3.OperationalError as error:
            if not is_busy(error):
                raise
            if attempt == attempts - 1:
                raise StoreUnwritable(
                    _("the progress store {path} is locked by another program; try again").format(
                        path=path
                    )
                ) from error
            time.sleep(0.05 * 2**attempt)
    raise AssertionError("unreachable")  # pragma: no cover


def connect(path: Path) -> sqlite3.Connection:
    """A connection with the settings above, in autocommit mode: the store owns transactions.

    `check_same_thread=False` lets a UI worker thread use the store; the `Store` serialises
    calls with its own lock.
    """
    connection = sqlite3.connect(
        path,
        timeout=BUSY_TIMEOUT_MS / 1000,
        isolation_level=None,
        check_same_thread=False,
    )
    try:
        connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS:d}")
        retry_when_busy(lambda: connection.execute("PRAGMA journal_mode = WAL").fetchone(), path)
        connection.execute("PRAGMA synchronous = FULL")
        connection.execute("PRAGMA foreign_keys = ON")
    except BaseException:
        connection.close()
        raise
    return connection


def problems(connection: sqlite3.Connection) -> list[str]:
    """What `PRAGMA quick_check` found wrong (an empty list for a sound file)."""
    rows = [str(row[0]) for row in connection.execute("PRAGMA quick_check")]
    return [] if rows == ["ok"] else rows


def _free_name(path: Path, moment: datetime) -> Path:
    stem = f"{path.name}.damaged-{moment:%Y%m%d-%H%M%S}"
    candidate = path.with_name(stem)
    number = 1
    while any(Path(f"{candidate}{suffix}").exists() for suffix in ("", *_SIDE_FILES)):
        number += 1
        candidate = path.with_name(f"{stem}-{number}")
    return candidate


def move_aside(path: Path, moment: datetime) -> Path:
    """Rename a damaged file and its `-wal`/`-shm` so that SQLite can still open the copy."""
    target = _free_name(path, moment)
    for suffix in ("", *_SIDE_FILES):
        source = Path(f"{path}{suffix}")
        if source.exists():
            source.rename(f"{target}{suffix}")
    return target


def sidecar(path: Path, suffix: str) -> Path:
    """A file beside the store: `progress.sqlite3<suffix>`."""
    return path.with_name(path.name + suffix)


def request_check(path: Path) -> None:
    """Ask the next open to run `quick_check` (damage was met while running)."""
    with contextlib.suppress(OSError):
        sidecar(path, CHECK_SUFFIX).touch()


CHECK_SUFFIX = ".check"
