"""What the app remembers about deck files, in one small JSON file in the progress folder:
the decks played by their path, and a summary of every deck file read.

Two things the home screen needs before any deck is read:

- **Decks played by path** (`sahel-quiz play mydeck.yaml`) are listed on home, and their cards
  count in `stats`, for as long as their files exist.
- **Summaries** (title, language, number of cards), kept per file with its modification time
  and size: the home screen shows its rows from them in its first frame, without pydantic;
  the decks are then read and checked, and the summaries of changed files written again.

A folder of decks may also carry `deck-summaries.json` (`SHIPPED_FILE`): the summaries of its
decks by file name, each with the file's size and checksum. The bundled decks ship one, so the
very first start, before this file exists, lists them at once too. A summary whose checksum no
longer matches its file is not used. The decks are read and checked right after the first frame
either way, so a checksum is enough: it is a cache key, not a proof. Written by
`python -m sahel_quiz.engine.known_decks FOLDER` (a test keeps the bundled one current).

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
import sys
import zlib
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sahel_quiz.deck.model import LoadedDeck

__all__ = [
    "FILE_NAME",
    "MAX_FILE_BYTES",
    "MAX_PLAYED",
    "SHIPPED_FILE",
    "DeckSummary",
    "KnownDecks",
    "shipped_summaries",
]

FILE_NAME = "known-decks.json"
MAX_FILE_BYTES = 1_000_000
"""A bigger file is not ours (or not sane): it is ignored and replaced."""
SHIPPED_FILE = "deck-summaries.json"
"""Beside the decks of a folder: their summaries with the checksum of each file (see above)."""
MAX_DECK_BYTES = 4 * 1024 * 1024
"""A bigger file is no deck (the loader refuses it): it is not read to be checksummed."""
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

    @classmethod
    def of(cls, loaded: LoadedDeck) -> DeckSummary:
        deck = loaded.deck
        return cls(
            path=str(loaded.path.absolute()),
            id=deck.id,
            title=deck.title,
            language=deck.language,
            cards=len(deck.cards),
            description=deck.description or "",
            source_name=loaded.source_name or "",
        )


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
    _shipped: dict[Path, dict[str, tuple[_Checksum, DeckSummary]]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

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
        """The summary of `path` if the file has not changed since it was recorded here, or
        else since its folder's shipped summaries were written."""
        known = self.summaries.get(_key(path))
        if known is not None and _Stamp.of(path) == known[0]:
            return known[1]
        return self._shipped_summary(Path(_key(path)))

    def _shipped_summary(self, path: Path) -> DeckSummary | None:
        if path.parent not in self._shipped:
            self._shipped[path.parent] = _read_shipped(path.parent)
        shipped = self._shipped[path.parent].get(path.name)
        if shipped is None or _Checksum.of(path) != shipped[0]:
            return None
        return replace(shipped[1], path=str(path))

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


@dataclass(frozen=True)
class _Checksum:
    """How a shipped summary is known to be its file's: the file's size and CRC-32 (zlib is
    loaded with Python already; a cryptographic hash would cost an import for no gain here)."""

    size: int
    crc32: int

    @classmethod
    def of(cls, path: Path) -> _Checksum | None:
        try:
            with path.open("rb") as stream:
                data = stream.read(MAX_DECK_BYTES + 1)
        except OSError:
            return None
        if len(data) > MAX_DECK_BYTES:
            return None
        return cls(len(data), zlib.crc32(data))


def shipped_summaries(decks: list[LoadedDeck]) -> str:
    """The text of a folder's `SHIPPED_FILE` for `decks` (all in that folder)."""
    entries: dict[str, Any] = {}
    for loaded in sorted(decks, key=lambda loaded: loaded.path.name):
        checksum = _Checksum.of(loaded.path)
        if checksum is None:
            continue
        summary = asdict(DeckSummary.of(loaded))
        del summary["path"]
        entries[loaded.path.name] = {**asdict(checksum), **summary}
    document = {"version": _VERSION, "decks": entries}
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _read_shipped(folder: Path) -> dict[str, tuple[_Checksum, DeckSummary]]:
    """A folder's shipped summaries by file name ({} when there are none or they are not ours)."""
    decks = _load(folder / SHIPPED_FILE).get("decks")
    if not isinstance(decks, dict):
        return {}
    found: dict[str, tuple[_Checksum, DeckSummary]] = {}
    for name, entry in decks.items():
        if not isinstance(name, str) or not isinstance(entry, dict):
            continue
        summary = _summary(str(folder / name), entry)
        if summary is not None and _whole_numbers(entry, ("size", "crc32")):
            found[name] = _Checksum(entry["size"], entry["crc32"]), summary
    return found


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
    if entry.get("path") != path or not _whole_numbers(entry, ("mtime_ns", "size")):
        return None
    summary = _summary(path, entry)
    return None if summary is None else (_Stamp(entry["mtime_ns"], entry["size"]), summary)


def _summary(path: str, entry: dict[str, Any]) -> DeckSummary | None:
    """The summary of the deck file `path` that `entry` holds, or None when a field is
    missing or of a wrong type."""
    texts = ("id", "title", "language", "description", "source_name")
    if not all(isinstance(entry.get(k), str) for k in texts) or not _whole_numbers(
        entry, ("cards",)
    ):
        return None
    return DeckSummary(path=path, cards=entry["cards"], **{k: entry[k] for k in texts})


def _whole_numbers(entry: dict[str, Any], keys: tuple[str, ...]) -> bool:
    return all(type(entry.get(k)) is int and entry[k] >= 0 for k in keys)


def main(argv: list[str]) -> int:
    """`python -m sahel_quiz.engine.known_decks FOLDER`: write FOLDER's shipped summaries."""
    from sahel_quiz.deck.loader import check_paths

    if len(argv) != 1:
        print("usage: python -m sahel_quiz.engine.known_decks FOLDER", file=sys.stderr)
        return 2
    folder = Path(argv[0])
    decks, problems = check_paths([folder])
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 2
    (folder / SHIPPED_FILE).write_text(shipped_summaries(decks), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
