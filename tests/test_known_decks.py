"""What the app remembers about deck files (`engine.known_decks`, through the workspace): decks
played by their path stay listed while their files exist, and deck summaries let the home
screen list the decks before reading them. The file is hostile input like any other: damaged,
huge, not UTF-8 or of the wrong shape, it counts as empty and is written anew."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cli_support import sahel

from sahel_quiz.deck.folders import bundled_decks_dir
from sahel_quiz.deck.loader import check_paths
from sahel_quiz.engine.known_decks import (
    FILE_NAME,
    MAX_FILE_BYTES,
    SHIPPED_FILE,
    DeckSummary,
    KnownDecks,
    shipped_summaries,
)
from sahel_quiz.engine.workspace import Workspace

FIXTURES = Path(__file__).resolve().parent / "fixtures"
BUNDLED = ["aes-russia", "aes-russia-fr"]


def my_deck(folder: Path) -> Path:
    """A deck outside every deck folder, as a teacher keeps one."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(FIXTURES / "source.txt", folder)
    return Path(shutil.copy(FIXTURES / "every-type.yaml", folder / "mine.yaml"))


# decks played by path -------------------------------------------------------------------------


def test_a_deck_played_by_path_is_listed_from_then_on(tmp_path: Path) -> None:
    path = my_deck(tmp_path / "teacher")
    first = Workspace(home=tmp_path / "home")
    assert "every-type" not in [d.id for d in first.decks]
    assert first.deck(str(path)).id == "every-type"
    again = Workspace(home=tmp_path / "home")  # the next command
    assert [d.id for d in again.decks][-1] == "every-type"
    assert again.deck("every-type").path == path  # and it can be named by its id now
    path.unlink()  # gone: no longer listed, and no error about it
    gone = Workspace(home=tmp_path / "home")
    assert "every-type" not in [d.id for d in gone.decks]
    assert not gone.deck_problems


def test_stats_counts_the_cards_of_a_deck_played_by_path(tmp_path: Path) -> None:
    """`stats` reported such a deck's cards as "no longer in any deck"."""
    path = my_deck(tmp_path / "teacher")
    home = tmp_path / "home"
    played = sahel(home, "play", "--plain", str(path), "--limit", "1", stdin="\ny\n")
    assert played.returncode == 0, played.stderr
    report = json.loads(sahel(home, "stats", "--json").stdout)
    assert "every-type" in [deck["deck"] for deck in report["decks"]]
    assert report["no_longer_in_any_deck"] == []


def test_a_copy_of_a_listed_deck_is_not_listed_twice(tmp_path: Path) -> None:
    """Played by path, a copy of a bundled deck (same id) shares its progress: listed once."""
    folder = tmp_path / "copy" / "decks"
    folder.mkdir(parents=True)
    shutil.copytree(bundled_decks_dir().parent / "seeds", tmp_path / "copy" / "seeds")
    copy = Path(shutil.copy(bundled_decks_dir() / "aes-russia.yaml", folder))
    workspace = Workspace(home=tmp_path / "home")
    workspace.deck(str(copy))
    again = Workspace(home=tmp_path / "home")
    assert [d.id for d in again.decks].count("aes-russia") == 1
    assert not again.deck_problems


# summaries ------------------------------------------------------------------------------------


def test_summaries_list_the_decks_as_last_read_until_a_file_changes(tmp_path: Path) -> None:
    decks = tmp_path / "decks"
    path = my_deck(decks)
    home = tmp_path / "home"
    first, complete = Workspace(home=home, deck_dirs=[decks]).deck_summaries()
    assert not complete and [s.id for s in first] == BUNDLED  # from the shipped summaries
    read = Workspace(home=home, deck_dirs=[decks]).decks  # reading the decks saves them
    summaries, complete = Workspace(home=home, deck_dirs=[decks]).deck_summaries()
    assert complete
    assert [s.id for s in summaries] == [d.id for d in read]
    mine = summaries[-1]
    assert (mine.title, mine.language, mine.cards) == ("One card of every type", "en", 8)
    assert mine.source_name == "source.txt"
    # the file changes: its summary is no longer trusted until the deck is read again
    text = path.read_text(encoding="utf-8").replace("One card of every type", "Every type")
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 10_000_000))
    summaries, complete = Workspace(home=home, deck_dirs=[decks]).deck_summaries()
    assert not complete and "every-type" not in [s.id for s in summaries]
    Workspace(home=home, deck_dirs=[decks]).decks  # noqa: B018  (reads and saves)
    summaries, complete = Workspace(home=home, deck_dirs=[decks]).deck_summaries()
    assert complete and summaries[-1].title == "Every type"


def first_frame_listing(home: Path) -> list[str]:
    """What a fresh process lists for the home screen's first frame: whether every deck had a
    summary, the decks' (id, cards, language), and which of pydantic, yaml and sqlite3 that
    imported (none should be)."""
    code = (
        "import sys\n"
        "from sahel_quiz.engine.workspace import Workspace\n"
        f"summaries, complete = Workspace(home={str(home)!r}).deck_summaries()\n"
        "print(complete, [(s.id, s.cards, s.language) for s in summaries])\n"
        "print(sorted(m for m in sys.modules if m.startswith(('pydantic', 'yaml', 'sqlite3'))))\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.splitlines()


BUNDLED_LISTING = ["True [('aes-russia', 48, 'en'), ('aes-russia-fr', 48, 'fr')]", "[]"]


def test_the_first_frame_lists_the_decks_without_pydantic(tmp_path: Path) -> None:
    """The summaries are all the home screen's first rows need: no deck model, no YAML."""
    home = tmp_path / "home"
    Workspace(home=home).decks  # noqa: B018  (a start before this one saved the summaries)
    assert first_frame_listing(home) == BUNDLED_LISTING


# the summaries shipped beside the bundled decks ---------------------------------------------------


def test_the_shipped_summaries_are_those_of_the_bundled_decks_as_they_are() -> None:
    folder = bundled_decks_dir()
    decks, problems = check_paths([folder])
    assert not problems
    assert (folder / SHIPPED_FILE).read_text("utf-8") == shipped_summaries(decks), (
        "the bundled decks changed: run python -m sahel_quiz.engine.known_decks decks"
    )


def test_the_very_first_start_lists_the_bundled_decks_without_pydantic(tmp_path: Path) -> None:
    """No known-decks file yet (a new learner): the shipped summaries fill the first frame."""
    assert first_frame_listing(tmp_path / "new") == BUNDLED_LISTING
    assert not (tmp_path / "new" / FILE_NAME).exists()  # listing writes nothing


def shipped_copy(folder: Path) -> Path:
    """A copy of the bundled decks with their shipped summaries, and the article they quote."""
    shutil.copytree(bundled_decks_dir(), folder)
    shutil.copytree(bundled_decks_dir().parent / "seeds", folder.parent / "seeds")
    return folder / "aes-russia.yaml"


def test_a_changed_deck_is_not_listed_from_its_shipped_summary(tmp_path: Path) -> None:
    deck = shipped_copy(tmp_path / "decks")
    known = KnownDecks.read(tmp_path / "home")
    summary = known.summary(deck)
    assert summary is not None and summary.path == str(deck) and summary.id == "aes-russia"
    stat = deck.stat()
    text = deck.read_bytes()
    deck.write_bytes(text.replace(b"title: ", b"title: X", 1))  # same mtime, other content
    os.utime(deck, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert KnownDecks.read(tmp_path / "home").summary(deck) is None
    deck.write_bytes(text)
    assert KnownDecks.read(tmp_path / "home").summary(deck) == summary


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b"\xff\xfe",
        b'{"version": 1, "decks": []}',
        b'{"version": 1, "decks": {"aes-russia.yaml": {"id": "x", "size": -1, "crc32": 1}}}',
        b'{"version": 1, "decks": {"../aes-russia.yaml": {}}}',
        b" " * (MAX_FILE_BYTES + 1),
    ],
    ids=["broken", "not-utf8", "a-list", "wrong-fields", "elsewhere", "huge"],
)
def test_damaged_shipped_summaries_are_not_used(tmp_path: Path, content: bytes) -> None:
    deck = shipped_copy(tmp_path / "decks")
    (deck.parent / SHIPPED_FILE).write_bytes(content)
    assert KnownDecks.read(tmp_path / "home").summary(deck) is None


# the file as hostile input ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b"\xff\xfe\x00garbage",
        b"[1, 2, 3]",
        b'{"version": 99, "played": ["/x.yaml"]}',
        b'{"version": 1, "played": "not a list", "summaries": []}',
        b'{"version": 1, "played": [1, null, {}], "summaries": {"/a": {"id": 3}}}',
        b"[" * 100_000,
        b" " * (MAX_FILE_BYTES + 1),
    ],
    ids=[
        "broken",
        "not-utf8",
        "a-list",
        "other-version",
        "wrong-types",
        "bad-entries",
        "deep",
        "huge",
    ],
)
def test_a_damaged_file_counts_as_empty_and_is_written_anew(tmp_path: Path, content: bytes) -> None:
    (tmp_path / FILE_NAME).write_bytes(content)
    known = KnownDecks.read(tmp_path)
    assert known.played == [] and known.summaries == {}
    deck = my_deck(tmp_path / "decks")
    known.remember_played(deck)
    known.save()
    assert KnownDecks.read(tmp_path).existing_played() == [deck.absolute()]


def test_saving_keeps_what_another_window_remembered(tmp_path: Path) -> None:
    one, two = my_deck(tmp_path / "a"), my_deck(tmp_path / "b")
    first, second = KnownDecks.read(tmp_path), KnownDecks.read(tmp_path)
    first.remember_played(one)
    first.save()
    second.remember_played(two)
    second.save()
    assert KnownDecks.read(tmp_path).existing_played() == [one.absolute(), two.absolute()]
    assert not list(tmp_path.glob(".*.tmp"))  # written through a temporary file, renamed


def test_an_unwritable_folder_is_not_an_error(tmp_path: Path) -> None:
    blocked = tmp_path / "a-file-not-a-folder"
    blocked.write_text("x", encoding="utf-8")
    known = KnownDecks.read(blocked)
    known.record(DeckSummary(str(blocked), "x", "X", "en", 1))
    known.save()  # nothing raised, nothing written
    assert blocked.read_text(encoding="utf-8") == "x"
