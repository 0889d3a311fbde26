"""Anki packages (.apkg), written with genanki, for learners who study with Anki or AnkiDroid.

Every card becomes one note whose GUID comes from (deck id, card id): importing the package
again, after the deck changed, updates the learner's notes instead of adding copies, and keeps
their review history. Flashcards use a front/back note; typed cards a type-in-the-answer note
(`{{type:Back}}`); cloze cards a Cloze note with one Anki card per blank (the other accepted
texts on the back); choice, multi, true/false, number and order cards a question note with the
options on the front and the answer on the back. Every note carries the explanation and the
quote (with the article's name). The Anki deck is named after the deck's title, and the cards'
tags are kept (spaces, which Anki tags cannot hold, become `_`).

The package is built in memory (genanki's own `write_to_file` leaves a temporary database in
the system's temp folder) and written by the caller all at once.
"""

from __future__ import annotations

import hashlib
import html
import io
import itertools
import random
import sqlite3
import time
import zipfile
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final

from sahel_quiz.cards import present
from sahel_quiz.deck.model import BLANK_PATTERN, Card
from sahel_quiz.i18n import _
from sahel_quiz.interchange.answers import answer_text, content_words, true_false_words
from sahel_quiz.interchange.common import card_subject, drop_unsupported
from sahel_quiz.interchange.report import Report

if TYPE_CHECKING:
    from sahel_quiz.deck.model import (
        BasicCard,
        ChoiceCard,
        ClozeCard,
        LoadedDeck,
        MultiCard,
        NumberCard,
        OrderCard,
        TrueFalseCard,
        TypedCard,
    )

__all__ = ["anki_deck_id", "export_deck", "note_guid"]

_CSS: Final = """.card { font-family: sans-serif; font-size: 20px; text-align: center;
  color: black; background-color: white; }
.options { text-align: left; display: inline-block; }
.also, .explain { margin-top: 1em; }
.quote { margin-top: 1em; font-style: italic; color: #555; }
.cloze { font-weight: bold; color: blue; }
.nightMode .card { color: white; background-color: #222; }
.nightMode .quote { color: #bbb; }
.nightMode .cloze { color: lightblue; }
"""
_BACK_EXTRAS: Final = (
    "{{#Also}}<div class=also>{{Also}}</div>{{/Also}}"
    "{{#Explanation}}<div class=explain>{{Explanation}}</div>{{/Explanation}}"
    "{{#Quote}}<div class=quote>{{Quote}}</div>{{/Quote}}"
)
_FIELDS: Final = ("Also", "Explanation", "Quote")


def _model(
    model_id: int, name: str, fields: tuple[str, ...], front: str, back: str, cloze: bool
) -> Any:
    import genanki

    return genanki.Model(
        model_id,
        name,
        fields=[{"name": field} for field in (*fields, *_FIELDS)],
        templates=[
            {"name": "Cloze" if cloze else "Card 1", "qfmt": front, "afmt": back + _BACK_EXTRAS}
        ],
        css=_CSS,
        model_type=genanki.Model.CLOZE if cloze else genanki.Model.FRONT_BACK,
    )


def _models() -> dict[str, Any]:
    """The four note types; their ids are fixed so that Anki recognises them on every import."""
    return {
        "flashcard": _model(
            1401729721,
            "sahel-quiz flashcard",
            ("Front", "Back"),
            "{{Front}}",
            "{{FrontSide}}<hr id=answer>{{Back}}",
            cloze=False,
        ),
        "typed": _model(
            2134526783,
            "sahel-quiz type the answer",
            ("Front", "Back"),
            "{{Front}}<br><br>{{type:Back}}",
            "{{Front}}<hr id=answer>{{type:Back}}",
            cloze=False,
        ),
        "cloze": _model(
            1322577333,
            "sahel-quiz cloze",
            ("Text",),
            "{{cloze:Text}}",
            "{{cloze:Text}}",
            cloze=True,
        ),
        "question": _model(
            1798833727,
            "sahel-quiz question",
            ("Front", "Options", "Back"),
            "{{Front}}{{#Options}}<br><div class=options>{{Options}}</div>{{/Options}}",
            "{{FrontSide}}<hr id=answer>{{Back}}",
            cloze=False,
        ),
    }


def anki_deck_id(deck_id: str) -> int:
    """A stable Anki deck id in the range genanki recommends, from the sahel-quiz deck id."""
    digest = int.from_bytes(hashlib.sha256(f"sahel-quiz/{deck_id}".encode()).digest()[:8], "big")
    return (1 << 30) + digest % (1 << 30)


def note_guid(deck_id: str, card_id: str) -> str:
    import genanki

    guid: str = genanki.guid_for("sahel-quiz", deck_id, card_id)
    return guid


def _html(text: str) -> str:
    return html.escape(text, quote=False).replace("\n", "<br>")


_LIST_TAGS: Final = {
    "letters": ('<ol type="A">', "</ol>"),
    "numbers": ("<ol>", "</ol>"),
    "bullets": ("<ul>", "</ul>"),
}


def _list(items: list[str], style: str) -> str:
    opening, closing = _LIST_TAGS[style]
    return opening + "".join(f"<li>{_html(item)}</li>" for item in items) + closing


def _shuffled(card: OrderCard, deck_id: str) -> list[str]:
    """The items as the app shows them (never solved, nor worth more than half the credit as
    shown), in an order that is the same on every export."""
    return list(present(card, random.Random(f"{deck_id}/{card.id}")).choices)


def _cloze_text(card: ClozeCard) -> tuple[str, list[str]] | None:
    """Anki's `{{c1::…}}` text and the other accepted texts, or None when a blank holds `::`
    (which Anki would read as a hint)."""
    pieces: list[str] = []
    also: list[str] = []
    position = 0
    for number, match in enumerate(BLANK_PATTERN.finditer(card.prompt), start=1):
        texts = [text.strip() for text in match.group(1).split("|")]
        if any("::" in text or "}}" in text for text in texts):
            return None
        pieces.append(_html(card.prompt[position : match.start()]))
        pieces.append(f"{{{{c{number}::{_html(texts[0])}}}}}")
        also += texts[1:]
        position = match.end()
    pieces.append(_html(card.prompt[position:]))
    return "".join(pieces), also


_Note = tuple[str, list[str]]
"""A note type and its fields before the shared ones (Also, Explanation, Quote)."""


def _note_fields(card: Card, loaded: LoadedDeck) -> _Note | None:
    """The note of `card`, or None when Anki cannot hold it."""
    return _NOTES.get(card.type, _question_note)(card, loaded)


def _flashcard_note(card: BasicCard, loaded: LoadedDeck) -> _Note:
    return "flashcard", [_html(card.prompt), _html(card.answer), ""]


def _typed_note(card: TypedCard, loaded: LoadedDeck) -> _Note:
    also = _also(card.accept, loaded)
    return "typed", [_html(card.prompt), _html(card.answer), also]


def _cloze_note(card: ClozeCard, loaded: LoadedDeck) -> _Note | None:
    cloze = _cloze_text(card)
    if cloze is None:
        return None
    text, also = cloze
    return "cloze", [text, _also(also, loaded)]


def _also(texts: list[str], loaded: LoadedDeck) -> str:
    """`Also accepted: a, b` in the deck's language, or nothing."""
    words = content_words(loaded.deck.language)
    return f"{words['also']}: {_html(', '.join(texts))}" if texts else ""


def _question_note(
    card: Card, loaded: LoadedDeck, options: str = "", back: str | None = None
) -> _Note:
    """A question note: the options (or the unit) under the prompt, the answer on the back
    (by default, the answer's text in the deck's language)."""
    if back is None:
        back = _html(answer_text(card, loaded.deck.language))
    return "question", [_html(card.prompt), options, back, ""]


def _choice_note(card: ChoiceCard, loaded: LoadedDeck) -> _Note:
    return _question_note(card, loaded, _list(card.options, "letters"))


def _multi_note(card: MultiCard, loaded: LoadedDeck) -> _Note:
    return _question_note(
        card, loaded, _list(card.options, "letters"), _list(card.answer, "bullets")
    )


def _true_false_note(card: TrueFalseCard, loaded: LoadedDeck) -> _Note:
    return _question_note(card, loaded, " / ".join(true_false_words(loaded.deck.language)))


def _number_note(card: NumberCard, loaded: LoadedDeck) -> _Note:
    return _question_note(card, loaded, f"({_html(card.unit)})" if card.unit else "")


def _order_note(card: OrderCard, loaded: LoadedDeck) -> _Note:
    words = content_words(loaded.deck.language)
    back = f"{words['order']}:" + _list(card.answer, "numbers")
    return _question_note(card, loaded, _list(_shuffled(card, loaded.id), "bullets"), back)


_NOTES: Final[dict[str, Callable[[Any, LoadedDeck], _Note | None]]] = {
    "basic": _flashcard_note,
    "typed": _typed_note,
    "cloze": _cloze_note,
    "choice": _choice_note,
    "multi": _multi_note,
    "true_false": _true_false_note,
    "number": _number_note,
    "order": _order_note,
}
"""The note each card type becomes (a type missing here: a question note with its answer)."""


def _quote(card: Card, loaded: LoadedDeck) -> str:
    if not card.quote:
        return ""
    source = loaded.source_name
    return f"“{_html(card.quote)}”" + (f" — {_html(source)}" if source else "")


def _tags(card: Card) -> list[str]:
    return ["_".join(tag.split()) for tag in card.tags]


def export_deck(loaded: LoadedDeck, report: Report, now: float | None = None) -> bytes:
    """The package's bytes; `now` (seconds since the epoch, default: the clock) stamps the
    notes, and Anki updates a note it already has only from a newer stamp."""
    import genanki

    models = _models()
    deck = loaded.deck
    anki_deck = genanki.Deck(
        anki_deck_id(deck.id), deck.title, description=_html(deck.description or "")
    )
    for card in deck.cards:
        fields = _note_fields(card, loaded)
        if fields is None:
            report.skip(card_subject(card), _("a blank holds '::', which Anki reads as a hint"))
            continue
        kind, values = fields
        drop_unsupported(card, ("group", "points", "reject"), "Anki", report)
        values += [_html(card.explain or ""), _quote(card, loaded)]
        anki_deck.add_note(
            genanki.Note(
                model=models[kind],
                fields=values,
                tags=_tags(card),
                guid=note_guid(deck.id, card.id),
            )
        )
    return _package(genanki.Package(anki_deck), time.time() if now is None else now)


def _package(package: Any, timestamp: float) -> bytes:
    """genanki's `write_to_file`, in memory: the collection database, then the zip."""
    connection = sqlite3.connect(":memory:")
    try:
        package.write_to_db(connection.cursor(), timestamp, itertools.count(int(timestamp * 1000)))
        connection.commit()
        database = connection.serialize()
    finally:
        connection.close()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("collection.anki2", database)
        archive.writestr("media", "{}")
    return buffer.getvalue()
