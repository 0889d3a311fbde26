"""Opening the SQLite file: settings, the damage check, the move aside, and lock retries.

Settings, and why:

- WAL journal: readers never block the writer, so a stats window and a study session (or two
  students on one machine) can share a profile.
- `synchronous=NORMAL`: in WAL mode a commit is then a write to the log without an fsync. A
  killed process loses nothing committed (the log is in the OS's hands); only a power cut can
  lose the last few answers. That is the trade-off SQLite recommends for WAL.
- a 10 s busy timeout, plus a few retries of `BEGIN IMMEDIATE` on top, so that a second process
  waits for the lock instead of failing with "database is locked".
- foreign keys on, which SQLite leaves off by default.

A file that SQLite reports as damaged (`quick_check`, or "not a database" / "malformed" on the
way in) is renamed to `progress.sqlite3.damaged-YYYYmmdd-HHMMSS` with its `-wal` and `-shm`
files beside it, and a fresh store is started: never deleted, and the user is told where it went.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from sahel_quiz.errors import UserError
from sahel_quiz.i18n import _
from sahel_quiz.store.migrations import migrate

__all__ = [
    "BUSY_RETRIES",
    "BUSY_TIMEOUT_MS",
    "connect",
    "is_busy",
    "is_damage",
    "move_aside",
    "open_database",
    "problems",
    "retry_when_busy",
]

BUSY_TIMEOUT_MS = 10_000
BUSY_RETRIES = 3
_BUSY_CODES = frozenset({5, 6})  # SQLITE_BUSY, SQLITE_LOCKED
_DAMAGE_CODES = frozenset({11, 26})  # SQLITE_CORRUPT, SQLITE_NOTADB
_SIDE_FILES = ("-wal", "-shm")

T = TypeVar("T")


def _code(error: sqlite3.Error) -> int | None:
    code = getattr(error, "sqlite_errorcode", None)
    return None if code is None else int(code) & 0xFF


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
                raise UserError(
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
        connection.execute("PRAGMA synchronous = NORMAL")
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


def _unusable(path: Path, error: BaseException) -> UserError:
    return UserError(
        _("cannot use the progress store {path}: {error}").format(path=path, error=error)
    )


def _sound(path: Path) -> bool:
    """Whether an existing file passes `quick_check`, judged through a read-only connection.

    Read-only, because closing a writable connection checkpoints and deletes the `-wal` file,
    and the WAL of a damaged store may hold its latest answers: it must be moved aside intact.
    """
    if not path.exists():
        return True
    try:
        probe = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000
        )
    except sqlite3.Error as error:
        raise _unusable(path, error) from error
    try:
        return not problems(probe)
    except sqlite3.DatabaseError as error:
        if is_damage(error):
            return False
        raise _unusable(path, error) from error
    finally:
        probe.close()


def _open_checked(path: Path) -> sqlite3.Connection | None:
    """A migrated connection, or None when the file is damaged."""
    if not _sound(path):
        return None
    try:
        connection = connect(path)
    except sqlite3.DatabaseError as error:
        if is_damage(error):
            return None
        raise _unusable(path, error) from error
    try:
        retry_when_busy(lambda: migrate(connection), path)
    except sqlite3.DatabaseError as error:
        connection.close()
        if is_damage(error):
            return None
        raise _unusable(path, error) from error
    except BaseException:
        connection.close()
        raise
    return connection


def open_database(
    path: Path, now: Callable[[], datetime] = datetime.now
) -> tuple[sqlite3.Connection, list[str]]:
    """Open (creating if needed) and migrate the store; returns the connection and notices.

    A notice is one line for the user, e.g. that a damaged file was moved aside. `now` gives
    the local time for the damaged file's name.
    """
    connection = _open_checked(path)
    if connection is not None:
        return connection, []
    try:
        moved = move_aside(path, now())
    except OSError as error:
        raise _unusable(path, error) from error
    notice = _(
        "the progress store {path} was damaged: moved it to {moved} and started afresh"
    ).format(path=path, moved=moved)
    connection = _open_checked(path)
    if connection is None:
        raise UserError(_("cannot create a sound progress store at {path}").format(path=path))
    return connection, [notice]
