"""Writing an output file so that it is either wholly there or not touched at all.

The bytes go to a temporary file in the target's folder (so the final rename stays on one
file system and is atomic), are flushed to disk, and only then replace the target. Any error
on the way removes the temporary file: no half-written deck or package is ever left behind.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from sahel_quiz.errors import UserError
from sahel_quiz.i18n import _

__all__ = ["check_writable", "temporary_sibling", "write_atomically"]


def check_writable(path: Path, *, overwrite: bool = True) -> None:
    """Refuse, before any work is done, an output path that cannot be written."""
    if path.is_dir():
        raise UserError(_("{path} is a folder: give a file name").format(path=path))
    if not path.parent.is_dir():
        raise UserError(_("{folder}: no such folder").format(folder=path.parent))
    if not overwrite and path.exists():
        raise UserError(
            _("{path} already exists: choose another name, or pass --force to replace it").format(
                path=path
            )
        )


@contextlib.contextmanager
def temporary_sibling(path: Path) -> Iterator[Path]:
    """An empty temporary file next to `path`, removed on exit unless it was renamed."""
    try:
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise UserError(
            _("cannot write in {folder}: {reason}").format(
                folder=path.parent, reason=error.strerror or error
            )
        ) from None
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()


def write_atomically(path: Path, data: bytes, check: Callable[[Path], None] | None = None) -> None:
    """Put `data` at `path` all at once; `check` may inspect the written temporary file and
    raise to abandon the write (the target is then left as it was)."""
    with temporary_sibling(path) as temporary:
        try:
            with temporary.open("wb") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
        except OSError as error:
            raise UserError(
                _("cannot write {path}: {reason}").format(path=path, reason=error.strerror or error)
            ) from None
        if check is not None:
            check(temporary)
        try:
            temporary.replace(path)
        except OSError as error:
            raise UserError(
                _("cannot write {path}: {reason}").format(path=path, reason=error.strerror or error)
            ) from None
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); where folders cannot be opened, skip it."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
