"""Where deck files are: the bundled folders, and which files in a folder are decks.

Apart from the loader so that the home screen can list deck files (and show their cached
summaries) before its first frame, without paying for pydantic and PyYAML.

The wheel carries the repository's `decks/` and `seeds/` as `sahel_quiz/_bundled/` (hatch
force-include), so the command works from any folder after `pip install .`; in a source
checkout or an editable install, the same folders are read from the repository itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

__all__ = ["DECK_SUFFIXES", "bundled_decks_dir", "bundled_seeds_dir", "deck_files_in"]

DECK_SUFFIXES: Final = (".yaml", ".yml")
_PACKAGE = Path(__file__).resolve().parent.parent


def _bundled(name: str) -> Path:
    inside_wheel = _PACKAGE / "_bundled" / name
    return inside_wheel if inside_wheel.is_dir() else _PACKAGE.parent / name


def bundled_decks_dir() -> Path:
    """The folder of the decks that ship with sahel-quiz."""
    return _bundled("decks")


def bundled_seeds_dir() -> Path:
    """The folder of the source articles that the bundled decks quote."""
    return _bundled("seeds")


def deck_files_in(folder: Path) -> list[Path]:
    """The deck files directly in `folder`, sorted (none when it cannot be listed)."""
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    return sorted(p for p in entries if p.suffix in DECK_SUFFIXES and p.is_file())
