"""Running `sahel-quiz import` and `export` in-process, and reading what they wrote."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from sahel_quiz.cli import main
from sahel_quiz.deck.loader import load_deck
from sahel_quiz.deck.model import Card

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures" / "interchange"
ENGLISH_DECK = REPO / "decks" / "aes-russia.yaml"
FRENCH_DECK = REPO / "decks" / "aes-russia-fr.yaml"
EVERY_TYPE = REPO / "tests" / "fixtures" / "every-type.yaml"
ARTICLE = REPO / "seeds" / "aes-russia-consultations-article.txt"


@dataclass
class Run:
    status: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        return [line for line in self.err.splitlines() if line]


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> Run:
    capsys.readouterr()
    status = main([str(arg) for arg in args])
    captured = capsys.readouterr()
    return Run(status, captured.out, captured.err)


def import_file(
    capsys: pytest.CaptureFixture[str],
    source: Path,
    output: Path,
    *options: str | Path,
) -> list[Card]:
    """Import `source` to `output` (which must then pass the loader) and return its cards."""
    result = run(capsys, "import", source, "-o", output, *options)
    assert result.status == 0, result.err
    return list(load_deck(output).deck.cards)


def export_deck(
    capsys: pytest.CaptureFixture[str], deck: Path | str, output: Path, *options: str
) -> Run:
    result = run(capsys, "export", deck, "-o", output, *options)
    assert result.status == 0, result.err
    return result


def without_ids(cards: Sequence[Card]) -> list[dict[str, object]]:
    return [card.model_dump(exclude={"id"}) for card in cards]


def leftovers(folder: Path) -> list[str]:
    """Temporary files an interrupted write would leave behind."""
    return sorted(path.name for path in folder.iterdir() if path.name.endswith(".tmp"))
