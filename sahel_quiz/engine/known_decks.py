"""What the app remembers about deck files, in one small JSON file in the progress folder:
the decks played by their path, and a summary of every deck file read.

Two things the home screen needs before any deck is read:

- **Decks played by path** (`sahel-quiz play mydeck.yaml`) are listed on home, and their cards
  count in `stats`, for as long as their files exist.
- **Summaries** (title, language, number of cards), kept per file with its modification time
  and size: the home screen shows its rows from them in its first frame, without pydantic;
  the decks are then read and checked, and the summaries of changed files written again.

The file is only a cache and a convenience: a missing, damaged or oversized one counts as
empty and is written anew, and a failed write is ignored (nothing the learner did is in it).
Writes are atomic (a temporary file, then a rename) and merge the played paths another window
may have added meanwhile.

    known = KnownDecks.read(home)
    for path in known.existing_played(): ...
    known.summary(path)            # a DeckSummary, or None if the file changed since
    known.remember_played(path); known.record(summary); known.save()
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["FILE_NAME", "MAX_FILE_BYTES", "MAX_PLAYED", "DeckSummary", "KnownDecks"]

FILE_NAME = "known-decks.json"
MAX_FILE_BYTES = 1_000_000
"""A bigger file is not ours (or not sane): it is ignored and replaced."""
MAX_PLAYED = 200
"""The most deck paths remembered (the oldest are forgotten first)."""
_VERSION = 1


@dataclass(frozen=True)
class DeckSummary:
    """What the home screen lists of a deck before reading it."""

    path: str
    """The deck file, absolute."""
    id: str
    title: str
    language: str
    cards: int
    description: str = ""
    source_name: str = ""


@dataclass(frozen=True)
class _Stamp:
    """How a file is known not to have changed: its modification time and size."""

    mtime_ns: int
    size: int

    @classmethod
    def of(cls, path: Path) -> _Stamp | None:
        try:
            info = path.stat()
        except OSError:
            return None
        return cls(info.st_mtime_ns, info.st_size)


def _key(path: Path | str) -> str:
    return str(Path(path).expanduser().absolute())


@dataclass
class KnownDecks:
    """The file's content (see the module docstring); `read` it, change it, `save` it."""

    file: Path
    played: list[str] = field(default_factory=list)
    summaries: dict[str, tuple[_Stamp, DeckSummary]] = field(default_factory=dict)

    @classmethod
    def read(cls, home: Path) -> KnownDecks:
        known = cls(home / FILE_NAME)
        data = _load(known.file)
        played = data.get("played")
        if isinstance(played, list):
            known.played = [p for p in played if isinstance(p, str)][-MAX_PLAYED:]
        summaries = data.get("summaries")
        if isinstance(summaries, dict):
            for path, entry in summaries.items():
                parsed = _parse_entry(path, entry)
                if parsed is not None:
                    known.summaries[path] = parsed
        return known

    # -- decks played by path --------------------------------------------------------------

    def remember_played(self, path: Path) -> None:
        key = _key(path)
        if key in self.played:
            self.played.remove(key)
        self.played.append(key)
        del self.played[:-MAX_PLAYED]

    def existing_played(self) -> list[Path]:
        """The decks played by path whose files still exist, oldest first."""
        return [Path(p) for p in self.played if Path(p).is_file()]

    # -- summaries -------------------------------------------------------------------------

    def summary(self, path: Path) -> DeckSummary | None:
        """The summary of `path` if the file has not changed since it was recorded."""
        known = self.summaries.get(_key(path))
        if known is None or _Stamp.of(path) != known[0]:
            return None
        return known[1]

    def record(self, summary: DeckSummary) -> bool:
        """Keep `summary` with its file's stamp now; True if that changed anything."""
        stamp = _Stamp.of(Path(summary.path))
        if stamp is None:
            return False
        key = _key(summary.path)
        if self.summaries.get(key) == (stamp, summary):
            return False
        self.summaries[key] = (stamp, summary)
        return True

    def forget_missing(self) -> None:
        """Drop the summaries of files that are gone."""
        for key in [k for k in self.summaries if not Path(k).is_file()]:
            del self.summaries[key]

    # -- the file ----------------------------------------------------------------------------

    def save(self) -> None:
        """Write the file atomically, keeping the paths another window remembered meanwhile;
        a folder that cannot be written is not an error (this is only a convenience)."""
        on_disk = _load(self.file).get("played")
        if isinstance(on_disk, list):
            merged = [p for p in on_disk if isinstance(p, str) and p not in self.played]
            self.played = (merged + self.played)[-MAX_PLAYED:]
        data = {
            "version": _VERSION,
            "played": self.played,
            "summaries": {
                path: {"mtime_ns": stamp.mtime_ns, "size": stamp.size, **asdict(summary)}
                for path, (stamp, summary) in self.summaries.items()
            },
        }
        temporary = self.file.with_name(f".{self.file.name}.{os.getpid()}.tmp")
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_text(json.dumps(data, ensure_ascii=False, indent=1), "utf-8")
            temporary.replace(self.file)
        except OSError:
            with contextlib.suppress(OSError):
                temporary.unlink()


def _load(file: Path) -> dict[str, Any]:
    """The file's JSON object, or {} when it is missing, too big, not UTF-8 or not ours."""
    try:
        with file.open("rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)
    except OSError:
        return {}
    if len(raw) > MAX_FILE_BYTES:
        return {}
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return {}
    if not isinstance(data, dict) or data.get("version") != _VERSION:
        return {}
    return data


def _parse_entry(path: object, entry: object) -> tuple[_Stamp, DeckSummary] | None:
    """One summary as the file holds it, or None when any field is missing or of a wrong
    type (the deck is then read before it is listed, as if it were new)."""
    if not isinstance(path, str) or not isinstance(entry, dict):
        return None
    texts = ("path", "id", "title", "language", "description", "source_name")
    numbers = ("mtime_ns", "size", "cards")
    if not all(isinstance(entry.get(k), str) for k in texts):
        return None
    if not all(type(entry.get(k)) is int for k in numbers):
        return None
    summary = DeckSummary(**{k: entry[k] for k in (*texts, "cards")})
    if summary.path != path:
        return None
    return _Stamp(entry["mtime_ns"], entry["size"]), summary
