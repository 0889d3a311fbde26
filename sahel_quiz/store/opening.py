"""Opening the store: one process at a time checks, repairs and migrates (see `database`).

Every open holds an OS lock on `progress.sqlite3.lock` while it looks at the file, so two
processes that meet a damaged store never race: the second waits, then finds the fresh store
the first one made, and a process only ever moves aside the very file it found damaged.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import sqlite3
import stat
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

from sahel_quiz.errors import UserError
from sahel_quiz.i18n import N_, _
from sahel_quiz.store.database import (
    CHECK_SUFFIX,
    connect,
    is_damage,
    problems,
    retry_when_busy,
    sidecar,
)
from sahel_quiz.store.migrations import migrate, repair_schema
from sahel_quiz.store.salvage import salvage

try:
    import fcntl

    _NO_LOCKS = False
except ImportError:  # pragma: no cover - not POSIX
    _NO_LOCKS = True

__all__ = ["LOCK_TIMEOUT_SECONDS", "Opened", "close_marker", "open_database"]

LOCK_TIMEOUT_SECONDS = 120.0
_MARKER = ".open-"
_SIDE_FILES = ("", "-wal", "-shm", ".lock")
_KINDS = {
    stat.S_IFIFO: N_("a FIFO"),
    stat.S_IFDIR: N_("a folder"),
    stat.S_IFCHR: N_("a character device"),
    stat.S_IFBLK: N_("a block device"),
    stat.S_IFSOCK: N_("a socket"),
}
_OTHER_KIND = N_("not a regular file")
_numbers = itertools.count()


def _refuse_special(path: Path) -> None:
    """SQLite would block forever on a FIFO, or fail obscurely on a folder: refuse at once."""
    for suffix in _SIDE_FILES:
        candidate = sidecar(path, suffix)
        try:
            mode = candidate.stat().st_mode
        except FileNotFoundError:
            continue
        except OSError as error:
            raise UserError(
                _("cannot use the progress store {path}: {error}").format(
                    path=candidate, error=error
                )
            ) from error
        if not stat.S_ISREG(mode):
            kind = _(_KINDS.get(stat.S_IFMT(mode), _OTHER_KIND))
            raise UserError(
                _("{path} is {kind}, not a progress store: move it away or use --home").format(
                    path=candidate, kind=kind
                )
            )


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold the exclusive lock on the sidecar lock file (waiting up to a limit)."""
    if _NO_LOCKS:  # pragma: no cover - not POSIX: opens are not serialised
        yield
        return
    lock_path = sidecar(path, ".lock")
    try:
        handle = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_NONBLOCK, 0o644)
    except OSError as error:
        # A read-only folder: nothing can be repaired there anyway; go on unlocked.
        if not lock_path.exists():
            yield
            return
        try:
            handle = os.open(lock_path, os.O_RDONLY | os.O_NONBLOCK)
        except OSError:
            raise UserError(
                _("cannot use the progress store {path}: {error}").format(path=path, error=error)
            ) from error
    try:
        deadline = time.monotonic() + LOCK_TIMEOUT_SECONDS
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise UserError(
                        _(
                            "the progress store {path} is being repaired by another program; "
                            "try again"
                        ).format(path=path)
                    ) from None
                time.sleep(0.05)
        yield
    finally:
        os.close(handle)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


_BOOT_ID = Path("/proc/sys/kernel/random/boot_id")


def _boot_id() -> str:
    """This boot of the machine ("" where the system does not say)."""
    try:
        return _BOOT_ID.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return ""


def _stale_markers(path: Path) -> list[Path]:
    """Markers left by processes that are gone: they did not close the store cleanly. A marker
    holds the boot it was written in, so after a power cut a new process that happens to get
    the old one's id does not pass for it."""
    stale = []
    boot = _boot_id()
    for marker in path.parent.glob(f"{path.name}{_MARKER}*"):
        pid_text = marker.name.removeprefix(path.name + _MARKER).split("-")[0]
        if not pid_text.isdigit() or not _alive(int(pid_text)):
            stale.append(marker)
            continue
        try:
            written = marker.read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            written = ""
        if boot and written and written != boot:
            stale.append(marker)
    return stale


def close_marker(marker: Path | None) -> None:
    """Remove this store's marker: it was closed cleanly."""
    if marker is not None:
        with contextlib.suppress(OSError):
            marker.unlink()


class Opened:
    """What `open_database` hands the store: the connection, notices, its marker."""

    def __init__(self, connection: sqlite3.Connection, notices: list[str], marker: Path | None):
        self.connection = connection
        self.notices = notices
        self.marker = marker


def _has_header(path: Path) -> bool:
    """Whether the file starts as an SQLite database does (an empty file is a new one)."""
    try:
        with path.open("rb") as handle:
            start = handle.read(16)
    except FileNotFoundError:
        return True
    return not start or start == b"SQLite format 3\x00"


def _sound(path: Path) -> bool:
    """Whether the file passes `quick_check`, judged through a read-only connection, so that a
    damaged store's WAL (which may hold its latest answers) is not checkpointed away."""
    if not _has_header(path):
        return False
    try:
        probe = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=10)
    except sqlite3.Error:
        return False
    try:
        return not problems(probe)
    except sqlite3.DatabaseError as error:
        if is_damage(error):
            return False
        raise UserError(
            _("cannot use the progress store {path}: {error}").format(path=path, error=error)
        ) from error
    finally:
        probe.close()


def _connect_migrated(path: Path) -> sqlite3.Connection | None:
    """A migrated connection with its schema checked, or None when the file is damaged."""
    try:
        connection = connect(path)
    except sqlite3.DatabaseError as error:
        if is_damage(error):
            return None
        raise UserError(
            _("cannot use the progress store {path}: {error}").format(path=path, error=error)
        ) from error
    try:
        retry_when_busy(lambda: migrate(connection), path)
        retry_when_busy(lambda: repair_schema(connection, path), path)
    except sqlite3.DatabaseError as error:
        connection.close()
        if is_damage(error):
            return None
        raise UserError(
            _("cannot use the progress store {path}: {error}").format(path=path, error=error)
        ) from error
    except BaseException:
        connection.close()
        raise
    return connection


def open_database(
    path: Path, now: Callable[[], datetime] = datetime.now, *, check: bool = False
) -> Opened:
    """Open (creating if needed), check when needed, repair and migrate the store.

    `check` runs `quick_check` whatever the markers say (`sahel-quiz doctor`). `now` gives the
    local time for a damaged file's new name.
    """
    _refuse_special(path)
    notices: list[str] = []
    with _locked(path):
        stale = _stale_markers(path)
        requested = sidecar(path, CHECK_SUFFIX)
        needs_check = check or bool(stale) or requested.exists() or not _has_header(path)
        if path.exists() and needs_check and not _sound(path):
            notices.append(salvage(path, now()))
        connection = _connect_migrated(path)
        if connection is None:  # damage met on the way in
            notices.append(salvage(path, now()))
            connection = _connect_migrated(path)
            if connection is None:
                raise UserError(
                    _("cannot create a sound progress store at {path}").format(path=path)
                )
        for marker in [*stale, requested]:
            with contextlib.suppress(OSError):
                marker.unlink()
        mine: Path | None = sidecar(path, f"{_MARKER}{os.getpid()}-{next(_numbers)}")
        try:
            mine.write_text(_boot_id(), encoding="ascii")  # type: ignore[union-attr]
        except OSError:
            mine = None  # a read-only folder: nothing to mark
    return Opened(connection, notices, mine)
