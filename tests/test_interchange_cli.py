"""`sahel-quiz export` and `import` as a teacher uses them: decks by id, formats guessed from
file names and contents, decks written that `sahel-quiz check` passes as they are."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from interchange_support import ARTICLE, ENGLISH_DECK, FIXTURES, REPO, export_deck, import_file, run
from strategies import cards as any_cards

from sahel_quiz import cli
from sahel_quiz.deck.model import Card, Deck, LoadedDeck
from sahel_quiz.interchange import deck_csv
from sahel_quiz.interchange.formats import EXPORT_FORMATS, IMPORT_FORMATS
from sahel_quiz.interchange.importing import DeckOptions, import_deck_file
from sahel_quiz.interchange.report import Report

Capsys = pytest.CaptureFixture[str]


def test_the_parser_offers_every_format() -> None:
    assert cli.EXPORT_FORMATS == EXPORT_FORMATS
    assert cli.IMPORT_FORMATS == IMPORT_FORMATS


@pytest.mark.parametrize(
    "fixture",
    [
        "moodle-gift-examples.txt",
        "moodle-aiken-questions.txt",
        "kahoot-quiz-template.xlsx",
        "quizlet-export.txt",
        "anki-notes.txt",
    ],
)
def test_every_imported_deck_passes_check_as_written(
    fixture: str, tmp_path: Path, capsys: Capsys
) -> None:
    output = tmp_path / "imported.yaml"
    assert run(capsys, "import", FIXTURES / fixture, "-o", output).status == 0
    check = subprocess.run(
        [sys.executable, "-m", "sahel_quiz", "check", str(output)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert check.returncode == 0, check.stdout
    assert check.stdout.strip().endswith("1 deck checked, 0 problems")
    first = output.read_text(encoding="utf-8").splitlines()[0]
    schema = first.removeprefix("# yaml-language-server: $schema=")
    assert schema != first and (output.parent / schema).resolve().is_file()


def test_the_deck_file_reads_like_a_hand_written_one(tmp_path: Path, capsys: Capsys) -> None:
    decks = tmp_path / "decks"
    decks.mkdir()
    shutil.copy(REPO / "decks" / "deck.schema.json", decks)
    output = decks / "capitals.yaml"
    result = run(
        capsys, "import", FIXTURES / "anki-notes.txt", "-o", output,
        "--title", "Sahel capitals", "--language", "fr",
    )  # fmt: skip
    assert result.status == 0
    assert result.out == f"wrote 6 cards from {FIXTURES / 'anki-notes.txt'} (anki) to {output}\n"
    text = output.read_text(encoding="utf-8")
    assert text.startswith(
        "# yaml-language-server: $schema=deck.schema.json\n"
        "# Imported from anki-notes.txt (anki) by sahel-quiz import.\n"
        "# source: ../seeds/article.txt   <- the article these cards teach; then add quotes\n"
        "id: capitals\ntitle: Sahel capitals\nlanguage: fr\ncards:\n"
        "  - id: capital-of-mali\n    type: basic\n    prompt: Capital of Mali?\n"
        "    answer: |-\n      Bamako\n      (on the Niger)\n"
        "    tags: [capitals, west-africa]\n\n  - id: aes-stands-for\n"
    )


def test_export_by_deck_id_and_format_from_the_file_name(tmp_path: Path, capsys: Capsys) -> None:
    for name, signature in [
        ("deck.apkg", b"PK\x03\x04"),
        ("deck.xlsx", b"PK\x03\x04"),
        ("deck.gift", b"// country-count\n::country-count::"),
        ("deck.csv", b"\xef\xbb\xbfid,type,prompt"),
        ("deck.tsv", b"How many countries"),
    ]:
        export_deck(capsys, "aes-russia", tmp_path / name)
        assert (tmp_path / name).read_bytes().startswith(signature), name
    result = run(capsys, "export", "aes-russia", "-o", tmp_path / "deck.txt")
    assert result.status == 2
    assert result.err_lines == [
        "sahel-quiz: error: cannot tell the format from the name deck.txt: pass --format "
        "(anki, gift, aiken, kahoot, quizlet, csv)"
    ]
    result = run(capsys, "export", "aes-rusia", "-o", tmp_path / "x.csv")
    assert result.status == 2
    assert "no deck with id 'aes-rusia' (did you mean 'aes-russia'?)" in result.err


def test_a_deck_from_a_decks_folder(tmp_path: Path, capsys: Capsys) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "capitals.yaml").write_text(
        "id: capitals\ntitle: Capitals\ncards:\n"
        "  - {id: mali, type: basic, prompt: Capital of Mali?, answer: Bamako}\n"
    )
    export_deck(capsys, "capitals", tmp_path / "c.csv", "--decks", str(folder))
    assert "Capital of Mali?" in (tmp_path / "c.csv").read_text(encoding="utf-8-sig")


def test_nothing_is_written_when_no_card_fits(tmp_path: Path, capsys: Capsys) -> None:
    deck = tmp_path / "flash.yaml"
    deck.write_text(
        "id: flash\ntitle: F\ncards:\n  - {id: a, type: basic, prompt: Q?, answer: A}\n"
    )
    result = run(capsys, "export", deck, "-o", tmp_path / "f.txt", "--format", "aiken")
    assert result.status == 2
    assert result.err_lines == [
        "sahel-quiz: error: no card of flash can be written as aiken (card “a” (flashcard): "
        "Aiken holds only multiple-choice questions with one right answer...)"
    ]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["flash.yaml"]


def test_a_failed_export_keeps_the_previous_file(tmp_path: Path, capsys: Capsys) -> None:
    target = tmp_path / "deck.txt"
    target.write_text("the previous export\n")
    deck = tmp_path / "flash.yaml"
    deck.write_text(
        "id: flash\ntitle: F\ncards:\n  - {id: a, type: basic, prompt: Q?, answer: A}\n"
    )
    assert run(capsys, "export", deck, "-o", target, "--format", "aiken").status == 2
    assert target.read_text() == "the previous export\n"


def test_import_keeps_quotes_checked_against_the_article(tmp_path: Path, capsys: Capsys) -> None:
    export_deck(capsys, ENGLISH_DECK, tmp_path / "deck.csv")
    output = tmp_path / "sub" / "deck.yaml"
    output.parent.mkdir()
    result = run(capsys, "import", tmp_path / "deck.csv", "-o", output, "--source", ARTICLE)
    assert result.status == 0, result.err
    text = output.read_text(encoding="utf-8")
    source = next(line for line in text.splitlines() if line.startswith("source: "))
    assert (output.parent / source.removeprefix("source: ")).resolve() == ARTICLE.resolve()


# -- CSV: every deck it can carry comes back exactly -----------------------------------------


def _carriable(card: Card) -> bool:
    """A list item cannot hold a line break (items are one a line); control characters a
    card cannot hold at all."""
    return not any(
        "\n" in item or "\r" in item
        for name in ("answer", "options", "accept")
        if isinstance(value := getattr(card, name, None), list)
        for item in value
    )


@settings(
    max_examples=40,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    deadline=None,
)
@given(
    st.lists(any_cards.filter(_carriable), min_size=1, max_size=6, unique_by=lambda card: card.id)
)
def test_csv_round_trip_property(cards: list[Card]) -> None:
    deck = Deck(id="generated", title="Generated", cards=cards)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder)
        report = Report()
        data = deck_csv.export_deck(LoadedDeck(deck, path / "deck.yaml"), report)
        assert report.skipped == []
        (path / "deck.csv").write_bytes(data)
        result = import_deck_file(
            path / "deck.csv", path / "deck.yaml", "csv", DeckOptions(deck_id="generated")
        )
        assert list(result.deck.cards) == cards
        again = deck_csv.export_deck(LoadedDeck(result.deck, path / "deck.yaml"), Report())
        assert again == data


def test_import_strict_fails_when_a_question_is_left_out(tmp_path: Path, capsys: Capsys) -> None:
    output = tmp_path / "d.yaml"
    result = run(capsys, "import", FIXTURES / "moodle-gift-questions.txt", "-o", output, "--strict")
    assert result.status == 2
    assert output.is_file()  # the rest is written, as export does
    assert sum("skipped" in line for line in result.err_lines) == 2


def test_texts_that_read_as_numbers_stay_texts(tmp_path: Path, capsys: Capsys) -> None:
    """The loader reads `1e5` and `+0E0` as numbers (YAML 1.2), though PyYAML's dumper takes
    them for text: an imported deck must quote them to keep them texts and pass `check`."""
    source = tmp_path / "numbers.txt"
    source.write_text("1e5\t+0E0\n2E-3\tthe answer\n", encoding="utf-8")
    cards = import_file(capsys, source, tmp_path / "numbers.yaml", "--format", "quizlet")
    assert [(card.prompt, getattr(card, "answer", None)) for card in cards] == [
        ("1e5", "+0E0"),
        ("2E-3", "the answer"),
    ]
