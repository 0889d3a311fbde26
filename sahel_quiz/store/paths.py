"""Where progress lives: `--home DIR`, else `$SAHEL_QUIZ_HOME`, else the user data folder."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

__all__ = ["DATABASE_NAME", "HOME_VARIABLE", "database_path", "resolve_home"]

DATABASE_NAME = "progress.sqlite3"
HOME_VARIABLE = "SAHEL_QUIZ_HOME"


def resolve_home(
    home: str | os.PathLike[str] | None = None, environ: Mapping[str, str] | None = None
) -> Path:
    """The progress folder: an explicit `home` wins, then the variable, then platformdirs.

    An empty variable counts as unset, so `SAHEL_QUIZ_HOME= sahel-quiz` does not write into the
    current directory.
    """
    if home is not None and str(home):
        return Path(home).expanduser()
    variable = (os.environ if environ is None else environ).get(HOME_VARIABLE, "")
    if variable:
        return Path(variable).expanduser()
    import platformdirs  # only here: it costs ~20 ms and most callers pass a home

    return Path(platformdirs.user_data_dir("sahel-quiz", appauthor=False))


def database_path(home: Path) -> Path:
    return home / DATABASE_NAME
