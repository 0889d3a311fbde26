"""Each format, both ways: files written by the other tool, import → export → import, and what
a format cannot say reported card by card."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import openpyxl
import pytest
from interchange_support import (
    ENGLISH_DECK,
    EVERY_TYPE,
    FIXTURES,
    FRENCH_DECK,
    export_deck,
    import_file,
    run,
)

from sahel_quiz.deck.loader import load_deck
from sahel_quiz.deck.model import (
    Card,
    ChoiceCard,
    ClozeCard,
    MultiCard,
    NumberCard,
    TrueFalseCard,
    TypedCard,
)
from sahel_quiz.interchange import kahoot

Capsys = pytest.CaptureFixture[str]


# -- CSV: the deck's own spreadsheet ---------------------------------------------------------


@pytest.mark.parametrize("deck", [ENGLISH_DECK, FRENCH_DECK, EVERY_TYPE], ids=lambda p: p.stem)
def test_csv_round_trips_exactly(deck: Path, tmp_path: Path, capsys: Capsys) -> None:
    original = load_deck(deck)
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    export_deck(capsys, deck, first)
    article = original.source_path
    assert article is not None
    cards = import_file(capsys, first, tmp_path / "deck.yaml", "--source", article)
    assert cards == list(original.deck.cards)  # every field, ids included
    export_deck(capsys, tmp_path / "deck.yaml", second)
    assert second.read_bytes() == first.read_bytes()
    assert first.read_bytes().startswith(b"\xef\xbb\xbfid,type,prompt,")


def test_a_reject_list_round_trips_through_csv_and_is_reported_left_out_elsewhere(
    tmp_path: Path, capsys: Capsys
) -> None:
    """Issue 9's `reject:` on typed cards: a column of its own, and no format drops it silently."""
    deck = tmp_path / "reject.yaml"
    deck.write_text(
        "id: reject\ntitle: Reject\ncards:\n"
        "  - {id: shift, type: typed, prompt: Towards which country?, answer: Russia,\n"
        "     reject: [Prussia, Belarus]}\n",
        encoding="utf-8",
    )
    export_deck(capsys, deck, tmp_path / "reject.csv")
    cards = import_file(capsys, tmp_path / "reject.csv", tmp_path / "back.yaml")
    assert cards == list(load_deck(deck).deck.cards)
    gift = run(capsys, "export", deck, "-o", tmp_path / "reject.gift")
    assert "left out rejected near misses of 1 card: GIFT has no place for it" in gift.err


def test_csv_lists_hold_one_item_a_line_and_empty_cells_take_defaults(tmp_path: Path) -> None:
    from sahel_quiz.interchange import deck_csv
    from sahel_quiz.interchange.report import Report

    data = deck_csv.export_deck(load_deck(EVERY_TYPE), Report()).decode("utf-8-sig")
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(data))}
    assert rows["multi-card"]["answer"] == "Mali\nBurkina Faso\nNiger"
    assert rows["tf-card"]["answer"] == "false"
    assert rows["number-card"]["answer"] == "13"
    assert rows["number-card"]["points"] == "2"
    assert rows["basic-card"]["points"] == ""
    assert rows["typed-card"]["fuzzy"] == ""


def test_a_csv_from_a_spreadsheet_needs_only_type_and_prompt(
    tmp_path: Path, capsys: Capsys
) -> None:
    source = tmp_path / "sheet.csv"
    source.write_text(
        "Type,Prompt,Options,Answer,Fuzzy,Tolerance\r\n"
        'choice,Capital of Mali?,"Bamako\nNiamey\n",Bamako,,\r\n'
        'number,How many AES members?,,3,,"0,5"\r\n'
        "typed,Who invited them?,,Sergei Lavrov,no,\r\n"
        ",,,,,\r\n"
        "true_false,Niger is in the AES.,,oui,,\r\n",
        encoding="utf-8",
    )
    cards = import_file(capsys, source, tmp_path / "deck.yaml")
    assert [card.id for card in cards] == [
        "capital-of-mali",
        "how-many-aes-members",
        "who-invited-them",
        "niger-is-in-the-aes",
    ]
    assert isinstance(cards[0], ChoiceCard) and cards[0].options == ["Bamako", "Niamey"]
    assert isinstance(cards[1], NumberCard) and cards[1].tolerance == 0.5
    assert isinstance(cards[2], TypedCard) and cards[2].fuzzy is False
    assert isinstance(cards[3], TrueFalseCard) and cards[3].answer is True


def test_csv_quotes_without_the_article_are_left_out_and_said_so(
    tmp_path: Path, capsys: Capsys
) -> None:
    export_deck(capsys, EVERY_TYPE, tmp_path / "deck.csv")
    result = run(capsys, "import", tmp_path / "deck.csv", "-o", tmp_path / "deck.yaml")
    assert result.status == 0
    assert "left out 8 quotes: pass --source ARTICLE" in result.err
    assert all(card.quote is None for card in load_deck(tmp_path / "deck.yaml").deck.cards)


# -- GIFT ------------------------------------------------------------------------------------


def test_moodle_gift_examples_become_cards(tmp_path: Path, capsys: Capsys) -> None:
    result = run(capsys, "import", FIXTURES / "moodle-gift-examples.txt", "-o", tmp_path / "d.yaml")
    assert result.status == 0, result.err
    cards = load_deck(tmp_path / "d.yaml").deck.cards
    assert len(cards) == 40
    by_prompt = {card.prompt: card for card in cards}
    grant = by_prompt["Grant is _____ in Grant's tomb."]
    assert isinstance(grant, ChoiceCard) and grant.answer == "entombed"
    assert grant.options == ["buried", "entombed", "living"]
    two = by_prompt["Two plus two equals {{four|4}}."]
    assert isinstance(two, ClozeCard) and two.blanks == [["four", "4"]]
    nobody = next(card for card in cards if isinstance(card, TypedCard))
    assert (nobody.answer, nobody.accept) == ("no one", ["nobody"])
    born = next(card for card in cards if isinstance(card, NumberCard))
    assert (born.answer, born.tolerance) == (1822, 1)
    pi = [card for card in cards if card.prompt.startswith("What is the value of pi")]
    assert all(isinstance(card, NumberCard) for card in pi)
    assert [card.answer for card in pi if isinstance(card, NumberCard)] == pytest.approx(
        [3.1415, 3.1415]
    )
    entombed = next(card for card in cards if isinstance(card, MultiCard))
    assert entombed.answer == ["Grant", "Grant's wife"]
    control = by_prompt[
        "Which of the following is NOT a control character for the GIFT import format?"
    ]
    assert isinstance(control, ChoiceCard)
    assert control.options == ["~", "=", "#", "{", "}", "\\"] and control.answer == "\\"
    assert isinstance(by_prompt["Which answer equals 5?"], ChoiceCard)
    kanji = by_prompt["Japanese characters originally\ncame from what country?"]
    assert isinstance(kanji, TypedCard) and kanji.answer == "China"
    assert kanji.id == "japanese-characters-originally-came-from-what-2"  # a unique slug
    skipped = [line for line in result.err_lines if "skipped" in line and "matching" in line]
    assert len(skipped) == 3
    assert f"{FIXTURES / 'moodle-gift-examples.txt'}:55:" in skipped[0]
    assert "left out partial credit of 7 cards" in result.err


def test_moodle_gift_test_fixture(tmp_path: Path, capsys: Capsys) -> None:
    result = run(
        capsys, "import", FIXTURES / "moodle-gift-questions.txt", "-o", tmp_path / "d.yaml"
    )
    assert result.status == 0, result.err
    cards = load_deck(tmp_path / "d.yaml").deck.cards
    assert [card.type for card in cards] == [
        "choice", "multi", "number", "typed", "true_false", "true_false", "true_false",
    ]  # fmt: skip
    assert isinstance(cards[1], MultiCard) and cards[1].answer == ["yellow", "off-beige"]
    assert isinstance(cards[2], NumberCard) and (cards[2].answer, cards[2].tolerance) == (3, 2)
    assert isinstance(cards[3], TypedCard) and (cards[3].answer, cards[3].accept) == ("Frog", [])
    assert isinstance(cards[4], TrueFalseCard) and cards[4].answer is False
    assert cards[4].explain == "This is, of course, a Hitchiker's Guide to the Galaxy reference."
    assert any("essay question" in line for line in result.err_lines)
    assert any("matching question" in line for line in result.err_lines)
    assert "left out wildcard answers of 1 card" not in result.err  # `*` was a 0% answer


@pytest.mark.parametrize(
    ("fixture", "fmt"),
    [
        ("moodle-gift-examples.txt", "gift"),
        ("moodle-gift-questions.txt", "gift"),
        ("moodle-aiken-questions.txt", "aiken"),
        ("kahoot-quiz-template.xlsx", "kahoot"),
        ("quizlet-export.txt", "quizlet"),
        ("quizlet-export-comma.txt", "quizlet"),
    ],
)
def test_import_export_import_gives_the_same_cards(
    fixture: str, fmt: str, tmp_path: Path, capsys: Capsys
) -> None:
    first = import_file(capsys, FIXTURES / fixture, tmp_path / "first.yaml")
    suffix = ".xlsx" if fmt == "kahoot" else ".txt"
    exported = tmp_path / f"exported{suffix}"
    result = export_deck(capsys, tmp_path / "first.yaml", exported, "--format", fmt)
    assert "skipped" not in result.err
    second = import_file(capsys, exported, tmp_path / "second.yaml", "--format", fmt)
    assert second == first


def test_gift_export_escapes_and_reads_back(tmp_path: Path, capsys: Capsys) -> None:
    deck = tmp_path / "tricky.yaml"
    deck.write_text(
        "id: tricky\ntitle: T\ncards:\n"
        "  - {id: a, type: choice, prompt: 'Which is {x}: a~b or c=d #1?',"
        " options: ['a~b', 'c=d', 'e#f', 'g{h}', 'back\\slash', 'col:on'], answer: 'c=d',"
        ' explain: "Two lines:\\nthe second # here"}\n'
        "  - {id: b, type: typed, prompt: \"Line one\\nline two\", answer: 'x:y',"
        " accept: ['x=y']}\n"
        "  - {id: c, type: number, prompt: 'Below zero?', answer: -2.5, tolerance: 0.25}\n"
        "  - {id: d, type: cloze, prompt: '({{Moscow|Moskva}}) is where they meet.'}\n",
        encoding="utf-8",
    )
    export_deck(capsys, deck, tmp_path / "t.gift")
    text = (tmp_path / "t.gift").read_text(encoding="utf-8")
    assert "Which is \\{x\\}\\: a\\~b or c\\=d \\#1?" in text
    assert "\t~back\\\\slash\n" in text
    assert "####Two lines\\:\\nthe second \\# here" in text
    assert "({\n\t=Moscow\n\t=Moskva\n}) is where they meet." in text
    cards = import_file(capsys, tmp_path / "t.gift", tmp_path / "back.yaml")
    assert cards == list(load_deck(deck).deck.cards)  # ids too: GIFT names carry them


def test_gift_skips_a_short_answer_moodle_would_read_as_matching(
    tmp_path: Path, capsys: Capsys
) -> None:
    deck = tmp_path / "arrow.yaml"
    deck.write_text(
        "id: arrow\ntitle: T\ncards:\n"
        "  - {id: a, type: typed, prompt: 'Which way?', answer: 'Bamako -> Niamey'}\n"
        "  - {id: b, type: typed, prompt: 'Capital of Mali?', answer: Bamako}\n"
    )
    result = export_deck(capsys, deck, tmp_path / "a.gift")
    assert (
        "skipped card “a” (typed answer): Moodle would read the '->' in an answer as matching"
        in (result.err)
    )
    assert "::a::" not in (tmp_path / "a.gift").read_text()


@pytest.mark.filterwarnings("ignore:'locale.getdefaultlocale' is deprecated")
def test_gift_export_is_read_by_an_independent_parser(tmp_path: Path, capsys: Capsys) -> None:
    from pygiftparser import parser, utils

    export_deck(capsys, ENGLISH_DECK, tmp_path / "deck.gift")
    with (tmp_path / "deck.gift").open(encoding="utf-8") as file:
        questions = {question.title: question for question in parser.parseFile(file)}
    written = [
        card
        for card in load_deck(ENGLISH_DECK).deck.cards
        if card.type not in ("basic", "order")
        and not (isinstance(card, ClozeCard) and len(card.blanks) > 1)
    ]
    assert sorted(questions) == sorted(card.id for card in written)
    expected_sets = {
        "choice": "SelectSet",
        "multi": "MultipleChoicesSet",
        "true_false": "TrueFalseSet",
        "typed": "ShortSet",
        "cloze": "ShortSet",
        "number": "NumericAnswerSet",
    }
    for card in written:
        question = questions[card.id]
        assert question.valid, card.id
        assert type(question.answers).__name__ == expected_sets[card.type], card.id
        answers = getattr(question.answers, "answers", [])
        if isinstance(card, ChoiceCard):
            right = [a.answer for a in answers if a.select]
            assert right == [card.answer]
        elif isinstance(card, MultiCard):
            right = [a.answer for a in answers if a.fraction > 0]
            assert right == card.answer
            assert sum(a.fraction for a in answers if a.fraction > 0) == pytest.approx(100, 1e-4)
        elif isinstance(card, TypedCard):
            assert [a.answer for a in answers] == [card.answer, *card.accept]
        elif isinstance(card, NumberCard):
            assert float(answers[0].value) == card.answer
        elif isinstance(card, TrueFalseCard):
            assert question.answers.answer is card.answer
        if card.explain:
            assert utils.transformSpecials(question.generalFeedback) == card.explain


def test_gift_export_lists_what_it_cannot_write(tmp_path: Path, capsys: Capsys) -> None:
    result = run(capsys, "export", EVERY_TYPE, "-o", tmp_path / "e.gift", "--strict")
    assert result.status == 2  # --strict: something was left out
    assert (tmp_path / "e.gift").is_file()  # ... and the rest was written
    assert result.err_lines[:2] == [
        "sahel-quiz: skipped card “basic-card” (flashcard): GIFT has no flashcard question",
        "sahel-quiz: skipped card “cloze-card” (fill in the blanks): GIFT has one blank a "
        "question; this cloze has 2",
    ]
    assert "sahel-quiz: skipped card “order-card” (order): GIFT has no ordering question" in (
        result.err_lines
    )
    assert "sahel-quiz: left out quote of 5 cards: GIFT has no place for it" in result.err_lines
    assert "wrote 5 of 8 cards of every-type" in result.out


# -- Aiken -----------------------------------------------------------------------------------


def test_moodle_aiken_fixture(tmp_path: Path, capsys: Capsys) -> None:
    cards = import_file(capsys, FIXTURES / "moodle-aiken-questions.txt", tmp_path / "d.yaml")
    first, second = cards
    assert isinstance(first, ChoiceCard) and first.answer == "Martin Dougiamas"
    assert first.options == ["Petr Skoda", "Martin Dougiamas", "Eloy Lafuente", "Tim Hunt"]
    assert isinstance(second, TrueFalseCard) and second.answer is True
    assert second.prompt.endswith('<html class="cool"> & images:')


def test_aiken_writes_choice_and_true_false_cards_only(tmp_path: Path, capsys: Capsys) -> None:
    result = run(capsys, "export", FRENCH_DECK, "-o", tmp_path / "fr.txt", "--format", "aiken")
    assert result.status == 0
    deck = load_deck(FRENCH_DECK).deck
    kept = [card for card in deck.cards if card.type in ("choice", "true_false")]
    skipped = [line for line in result.err_lines if " skipped card " in line]
    assert len(skipped) == len(deck.cards) - len(kept)
    assert all("Aiken holds only multiple-choice questions" in line for line in skipped)
    text = (tmp_path / "fr.txt").read_text(encoding="utf-8")
    assert text.count("ANSWER: ") == len(kept)
    assert "A) Vrai\nB) Faux\n" in text  # a French deck's true/false options are French
    cards = import_file(
        capsys, tmp_path / "fr.txt", tmp_path / "back.yaml", "--format", "aiken",
        "--language", "fr",
    )  # fmt: skip
    assert [card.model_dump(include={"type", "prompt", "answer"}) for card in cards] == [
        card.model_dump(include={"type", "prompt", "answer"}) for card in kept
    ]


# -- Kahoot ----------------------------------------------------------------------------------


def test_kahoot_template_from_kahoot(tmp_path: Path, capsys: Capsys) -> None:
    result = run(
        capsys, "import", FIXTURES / "kahoot-quiz-template.xlsx", "-o", tmp_path / "k.yaml"
    )
    assert result.status == 0, result.err
    (card,) = load_deck(tmp_path / "k.yaml").deck.cards
    assert isinstance(card, MultiCard)
    assert card.prompt == "Which spreadsheet tools can read this sheet and export to xlsx format?"
    assert card.answer == card.options == ["Excel", "Google Docs", "Numbers", "LibreOffice"]
    assert "left out time limit of 1 card" in result.err


def test_kahoot_template_filled_in_a_spreadsheet(tmp_path: Path, capsys: Capsys) -> None:
    """Teachers fill Kahoot's own file: numbers stay numbers, the correct answer may be a number
    or `2, 4`, cells carry stray spaces, and the numbered rows below stay empty."""
    workbook = openpyxl.load_workbook(FIXTURES / "kahoot-quiz-template.xlsx")
    sheet = workbook.active
    assert sheet is not None
    rows = [
        ("In what year was the AES created? ", 2022, 2023, 2024, None, 20, 2),
        ("Which are Sahel countries?", "Mali", "Chile", "Niger", "Chad ", 30, "1, 3,4"),
        ("Niger left ECOWAS.", "True", "False", None, None, 10, "1"),
        ("How far is 1.5 km?", 1.5, 2.5, None, None, 5, 1.0),
    ]
    for number, values in enumerate(rows, start=9):
        for column, value in enumerate(values, start=2):
            sheet.cell(row=number, column=column).value = value
    workbook.save(tmp_path / "filled.xlsx")
    cards = import_file(capsys, tmp_path / "filled.xlsx", tmp_path / "k.yaml")
    assert [card.type for card in cards] == ["choice", "multi", "true_false", "choice"]
    assert isinstance(cards[0], ChoiceCard)
    assert (cards[0].prompt, cards[0].options, cards[0].answer) == (
        "In what year was the AES created?", ["2022", "2023", "2024"], "2023",
    )  # fmt: skip
    assert isinstance(cards[1], MultiCard) and cards[1].answer == ["Mali", "Niger", "Chad"]
    assert isinstance(cards[3], ChoiceCard) and cards[3].answer == "1.5"


def _fits_kahoot(card: Card) -> bool:
    """The template's rules, read from Kahoot's own header row: 2 to 4 answers of up to 75
    characters, questions of up to 120; multiple choice only."""
    if isinstance(card, TrueFalseCard):
        options = ["True", "False"]
    elif isinstance(card, ChoiceCard | MultiCard):
        options = card.options
    else:
        return False
    return len(options) <= 4 and len(card.prompt) <= 120 and max(map(len, options)) <= 75


def test_kahoot_export_follows_the_template(tmp_path: Path, capsys: Capsys) -> None:
    result = export_deck(capsys, ENGLISH_DECK, tmp_path / "quiz.xlsx")
    deck = load_deck(ENGLISH_DECK).deck
    fitting = [card for card in deck.cards if _fits_kahoot(card)]
    assert 15 <= len(fitting) < len(deck.cards) / 2  # the "about 19 of the 44"
    assert f"wrote {len(fitting)} of {len(deck.cards)} cards" in result.out
    skipped = [line for line in result.err_lines if " skipped card " in line]
    assert len(skipped) == len(deck.cards) - len(fitting)
    assert any("6 options; Kahoot takes 2 to 4" in line for line in skipped)
    sheet = openpyxl.load_workbook(tmp_path / "quiz.xlsx").active
    assert sheet is not None
    assert sheet["B2"].value == "Quiz template"
    assert [cell.value for cell in sheet[8][1:8]] == list(kahoot.HEADERS)
    rows = list(sheet.iter_rows(min_row=9, values_only=True))
    assert len(rows) == len(fitting)
    for number, (index, question, *answers, limit, correct) in enumerate(rows, start=1):
        assert index == number
        assert isinstance(question, str) and len(question) <= 120
        given = [answer for answer in answers if answer is not None]
        assert 2 <= len(given) <= 4 and all(len(answer) <= 75 for answer in given)
        assert limit in kahoot.TIME_LIMITS
        assert re.fullmatch(r"[1-4](,[1-4])*", correct)
    tf = next(row for row in rows if row[2] == "True")
    assert tf[3] == "False" and tf[5] is None


def test_kahoot_export_never_writes_a_formula(tmp_path: Path, capsys: Capsys) -> None:
    deck = tmp_path / "formula.yaml"
    deck.write_text(
        "id: formula\ntitle: T\ncards:\n"
        "  - {id: a, type: choice, prompt: '=1+1', options: ['=SUM(A1:A9)', '2'], answer: '2'}\n",
        encoding="utf-8",
    )
    export_deck(capsys, deck, tmp_path / "f.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "f.xlsx").active
    assert sheet is not None
    assert (sheet["B9"].value, sheet["B9"].data_type) == ("=1+1", "s")
    assert (sheet["C9"].value, sheet["C9"].data_type) == ("=SUM(A1:A9)", "s")
    (card,) = import_file(capsys, tmp_path / "f.xlsx", tmp_path / "back.yaml")
    assert card.prompt == "=1+1"


# -- Quizlet ---------------------------------------------------------------------------------


def test_quizlet_export_files(tmp_path: Path, capsys: Capsys) -> None:
    cards = import_file(capsys, FIXTURES / "quizlet-export.txt", tmp_path / "q.yaml")
    assert len(cards) == 7 and {card.type for card in cards} == {"basic"}
    assert cards[-1].model_dump(include={"prompt", "answer"}) == {
        "prompt": "The three AES members",
        "answer": "Mali\nBurkina Faso\nNiger",
    }
    comma = import_file(capsys, FIXTURES / "quizlet-export-comma.txt", tmp_path / "c.yaml")
    assert comma[-1].model_dump(include={"prompt", "answer"}) == {
        "prompt": "AES",
        "answer": "Mali, Burkina Faso and Niger",
    }


def test_quizlet_export_is_term_tab_definition(tmp_path: Path, capsys: Capsys) -> None:
    result = export_deck(capsys, EVERY_TYPE, tmp_path / "q.txt", "--format", "quizlet")
    assert "skipped card “order-card” (order): Quizlet has no ordering question" in result.err
    lines = (tmp_path / "q.txt").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 7 and all(line.count("\t") == 1 for line in lines)
    assert "They will meet on April _____ and _____.\t3; 4" in lines
    assert "For over how many years has the insurgency lasted?\t13 years" in lines
    assert "The visit is at Putin's invitation.\tFalse" in lines


# -- Anki's text export ----------------------------------------------------------------------


def test_anki_text_export(tmp_path: Path, capsys: Capsys) -> None:
    result = run(capsys, "import", FIXTURES / "anki-notes.txt", "-o", tmp_path / "a.yaml")
    assert result.status == 0, result.err
    deck = load_deck(tmp_path / "a.yaml").deck
    assert deck.title == "Capitals"  # the notes' deck, Sahel::Capitals
    dumped = [
        card.model_dump(exclude={"id", "points", "fuzzy", "accept", "reject", "group"})
        for card in deck.cards
    ]
    assert dumped == [
        {"type": "basic", "prompt": "Capital of Mali?", "answer": "Bamako\n(on the Niger)",
         "quote": None, "explain": None, "tags": ["capitals", "west-africa"]},
        {"type": "basic", "prompt": "AES stands for…",
         "answer": "Alliance des États du Sahel & Confederation of Sahel States",
         "quote": None, "explain": None, "tags": ["acronyms"]},
        {"type": "basic", "prompt": "Ouagadougou", "answer": "Burkina Faso", "quote": None,
         "explain": None, "tags": ["capitals"]},
        {"type": "typed", "prompt": "Capital of Niger?", "answer": "Niamey", "quote": None,
         "explain": None, "tags": ["capitals"]},
        {"type": "cloze", "prompt": "{{Niamey}} is the capital of {{Niger}}.", "quote": None,
         "explain": "Both lie on the Niger river.", "tags": ["capitals", "cloze"]},
        {"type": "basic", "prompt": 'Which "three" countries form the AES?',
         "answer": "Mali, Burkina Faso, Niger", "quote": None, "explain": None, "tags": []},
    ]  # fmt: skip
    assert "left out cloze hints of 1 card" in result.err
