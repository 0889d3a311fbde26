"""The .apkg checked by the real thing: Anki's own backend (the `anki` package, headless)
imports it into a fresh collection, and a second export updates notes instead of adding any."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from anki.collection import Collection
from anki.import_export_pb2 import ImportAnkiPackageOptions, ImportAnkiPackageRequest
from interchange_support import ENGLISH_DECK, EVERY_TYPE, export_deck, import_file

from sahel_quiz.deck.loader import load_deck
from sahel_quiz.deck.model import ClozeCard
from sahel_quiz.interchange import anki
from sahel_quiz.interchange.anki import anki_deck_id, note_guid
from sahel_quiz.interchange.report import Report

Capsys = pytest.CaptureFixture[str]


@pytest.fixture
def collection(tmp_path: Path) -> Iterator[Collection]:
    folder = tmp_path / "anki"
    folder.mkdir()
    col = Collection(str(folder / "collection.anki2"))
    try:
        yield col
    finally:
        col.close()


def import_package(col: Collection, package: Path) -> object:
    request = ImportAnkiPackageRequest(
        package_path=str(package), options=ImportAnkiPackageOptions(with_scheduling=True)
    )
    return col.import_anki_package(request).log


def notes_by_guid(col: Collection) -> dict[str, tuple[str, list[str], list[str]]]:
    notes = {}
    for note_id in col.find_notes(""):
        note = col.get_note(note_id)
        notes[note.guid] = (note.note_type()["name"], list(note.fields), sorted(note.tags))
    return notes


def test_anki_imports_every_card_of_the_english_deck(
    tmp_path: Path, capsys: Capsys, collection: Collection
) -> None:
    export_deck(capsys, ENGLISH_DECK, tmp_path / "deck.apkg")
    deck = load_deck(ENGLISH_DECK).deck
    log = import_package(collection, tmp_path / "deck.apkg")
    assert len(log.new) == len(deck.cards) == collection.note_count()  # type: ignore[attr-defined]
    blanks = sum(len(card.blanks) for card in deck.cards if isinstance(card, ClozeCard))
    clozes = sum(1 for card in deck.cards if isinstance(card, ClozeCard))
    assert collection.card_count() == len(deck.cards) - clozes + blanks  # one card a blank
    assert deck.title in [d.name for d in collection.decks.all_names_and_ids()]
    notes = notes_by_guid(collection)
    assert set(notes) == {note_guid(deck.id, card.id) for card in deck.cards}
    for card in deck.cards:
        _kind, fields, tags = notes[note_guid(deck.id, card.id)]
        assert tags == sorted(card.tags)
        assert card.explain is None or fields[-2] == card.explain.replace("&", "&amp;")
        assert card.quote is None or card.quote[:20] in fields[-1]


def test_every_card_type_has_its_note_type_and_fields(
    tmp_path: Path, capsys: Capsys, collection: Collection
) -> None:
    export_deck(capsys, EVERY_TYPE, tmp_path / "deck.apkg")
    import_package(collection, tmp_path / "deck.apkg")
    notes = notes_by_guid(collection)

    def note(card_id: str) -> tuple[str, list[str], list[str]]:
        return notes[note_guid("every-type", card_id)]

    assert note("basic-card")[:2] == (
        "sahel-quiz flashcard",
        ["Where will the ministers go?", "Moscow", "", "",
         "“set to visit Moscow this week” — source.txt"],
    )  # fmt: skip
    kind, fields, tags = note("typed-card")
    assert kind == "sahel-quiz type the answer" and tags == ["who"]
    assert fields[:3] == ["Name the Russian foreign minister.", "Sergei Lavrov",
                          "Also accepted: Lavrov"]  # fmt: skip
    kind, fields, _tags = note("cloze-card")
    assert kind == "sahel-quiz cloze"
    assert fields[:2] == ["They will meet on April {{c1::3}} and {{c2::4}}.",
                          "Also accepted: three, four"]  # fmt: skip
    kind, fields, _tags = note("choice-card")
    assert kind == "sahel-quiz question"
    assert fields[:3] == [
        "Who invited the ministers?",
        '<ol type="A"><li>Sergei Lavrov</li><li>Vladimir Putin</li><li>Emmanuel Macron</li></ol>',
        "Sergei Lavrov",
    ]
    assert note("tf-card")[1][1:3] == ["True / False", "False"]
    assert note("number-card")[1][1:3] == ["(years)", "13 years"]
    assert note("multi-card")[1][2] == "<ul><li>Mali</li><li>Burkina Faso</li><li>Niger</li></ul>"
    order = note("order-card")[1]
    assert order[2] == "In order:<ol><li>Mali</li><li>Burkina Faso</li><li>Niger</li></ol>"
    assert order[1] != "<ul><li>Mali</li><li>Burkina Faso</li><li>Niger</li></ul>"  # shuffled
    card = collection.get_card(collection.find_cards('"note:sahel-quiz type the answer"')[0])
    assert card.question().endswith("Name the Russian foreign minister.<br><br>[[type:Back]]")
    cloze_cards = [collection.get_card(i) for i in collection.find_cards('"note:sahel-quiz cloze"')]
    assert len(cloze_cards) == 2  # one Anki card a blank
    first = min(cloze_cards, key=lambda c: c.ord)
    assert 'data-cloze="3"' in first.question() and "[...]" in first.question()
    assert "<div class=also>Also accepted: three, four</div>" in first.answer()


def test_a_second_export_updates_the_notes_it_made(
    tmp_path: Path, capsys: Capsys, collection: Collection
) -> None:
    export_deck(capsys, EVERY_TYPE, tmp_path / "first.apkg")
    import_package(collection, tmp_path / "first.apkg")
    before = notes_by_guid(collection)
    cards_before = collection.card_count()

    export_deck(capsys, EVERY_TYPE, tmp_path / "second.apkg")
    log = import_package(collection, tmp_path / "second.apkg")
    assert len(log.new) == 0  # type: ignore[attr-defined]
    assert notes_by_guid(collection) == before
    assert collection.card_count() == cards_before

    edited = tmp_path / "edited.yaml"
    text = EVERY_TYPE.read_text(encoding="utf-8").replace("source: source.txt", "")
    text = "\n".join(line for line in text.splitlines() if "quote:" not in line)
    edited.write_text(text.replace("Where will the ministers go?", "Where are they going?"))
    # Anki takes a note's new text only from a newer export: a day later, say.
    package = anki.export_deck(load_deck(edited), Report(), now=time.time() + 86400)
    (tmp_path / "third.apkg").write_bytes(package)
    log = import_package(collection, tmp_path / "third.apkg")
    assert len(log.new) == 0  # type: ignore[attr-defined]
    after = notes_by_guid(collection)
    assert set(after) == set(before) and collection.card_count() == cards_before
    assert after[note_guid("every-type", "basic-card")][1][0] == "Where are they going?"


def test_the_anki_deck_id_and_note_guids_are_stable() -> None:
    assert anki_deck_id("aes-russia") == anki_deck_id("aes-russia")
    assert (1 << 30) <= anki_deck_id("aes-russia") < (1 << 31)
    assert note_guid("aes-russia", "host-name") != note_guid("aes-russia-fr", "host-name")


def test_anki_text_export_written_by_anki_now(tmp_path: Path, capsys: Capsys) -> None:
    """Anki writes its text export at test time: our import reads what the installed Anki
    writes, not only the fixture it wrote once."""
    col = Collection(str(tmp_path / "collection.anki2"))
    try:
        deck_id = col.decks.id("Sahel")
        for model, fields, tags in [
            ("Basic", {"Front": "Capital of <i>Mali</i>?", "Back": "Bamako"}, ["capitals"]),
            ("Cloze", {"Text": "{{c1::Lavrov}} invited them to {{c2::Moscow}}."}, []),
            ("Basic (type in the answer)", {"Front": "AES?", "Back": "Alliance du Sahel"}, []),
        ]:  # fmt: skip
            note = col.new_note(col.models.by_name(model))
            for name, value in fields.items():
                note[name] = value
            note.tags = tags
            col.add_note(note, deck_id)
        col.export_note_csv(
            out_path=str(tmp_path / "notes.txt"), limit=None, with_html=True, with_tags=True,
            with_deck=True, with_notetype=True, with_guid=True,
        )  # fmt: skip
    finally:
        col.close()
    cards = import_file(capsys, tmp_path / "notes.txt", tmp_path / "deck.yaml")
    assert [(card.type, card.prompt, card.tags) for card in cards] == [
        ("basic", "Capital of Mali?", ["capitals"]),
        ("cloze", "{{Lavrov}} invited them to {{Moscow}}.", []),
        ("typed", "AES?", []),
    ]


def test_our_package_back_through_anki_s_text_export(
    tmp_path: Path, capsys: Capsys, collection: Collection
) -> None:
    """deck → .apkg → Anki → Anki's text export → deck: flashcards, typed and cloze cards come
    back whole, with their explanation, accepted answers and quote."""
    export_deck(capsys, EVERY_TYPE, tmp_path / "deck.apkg")
    import_package(collection, tmp_path / "deck.apkg")
    collection.export_note_csv(
        out_path=str(tmp_path / "notes.txt"), limit=None, with_html=True, with_tags=True,
        with_deck=True, with_notetype=True, with_guid=True,
    )  # fmt: skip
    cards = import_file(
        capsys, tmp_path / "notes.txt", tmp_path / "deck.yaml", "--source",
        EVERY_TYPE.parent / "source.txt",
    )  # fmt: skip
    original = {card.prompt: card for card in load_deck(EVERY_TYPE).deck.cards}
    back = {card.prompt: card for card in cards}
    for prompt in ("Where will the ministers go?", "Name the Russian foreign minister."):
        assert back[prompt].model_dump(exclude={"id"}) == original[prompt].model_dump(
            exclude={"id"}
        )
    cloze = back["They will meet on April {{3|three}} and {{4|four}}."]
    assert cloze.model_dump(exclude={"id"}) == original[cloze.prompt].model_dump(exclude={"id"})
