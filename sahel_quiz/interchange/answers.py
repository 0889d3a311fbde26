"""A card's answer written out as text, in the deck's language, for formats that hold text.

Anki's back side, a Quizlet definition, Kahoot's and Aiken's True/False options: these are
part of the deck's content, so they follow the deck's `language`, not the language of the
program's messages.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Final

from sahel_quiz.deck.model import (
    BasicCard,
    Card,
    ChoiceCard,
    ClozeCard,
    MultiCard,
    NumberCard,
    OrderCard,
    TrueFalseCard,
    TypedCard,
)

__all__ = ["CONTENT_WORDS", "answer_text", "content_words", "number_text", "true_false_words"]

CONTENT_WORDS: Final = {
    "en": {"true": "True", "false": "False", "also": "Also accepted", "order": "In order"},
    "fr": {"true": "Vrai", "false": "Faux", "also": "Accepté aussi", "order": "Dans l’ordre"},
}


def content_words(language: str) -> dict[str, str]:
    """The few words a deck's exported content needs, in its language (English otherwise)."""
    return CONTENT_WORDS.get(language.split("-")[0].lower(), CONTENT_WORDS["en"])


def true_false_words(language: str) -> tuple[str, str]:
    words = content_words(language)
    return words["true"], words["false"]


def number_text(value: float) -> str:
    """`13` rather than `13.0`; never an exponent for the numbers quizzes ask about."""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = repr(value)
    if "e" in text:  # 1e-05, 1e+16: the same shortest digits, written out
        text = format(Decimal(text), "f")
    return text


def answer_text(card: Card, language: str) -> str:
    """The right answer on one line: the option, the options joined by `; `, the number with
    its unit, the blanks' answers joined by `; `."""
    if isinstance(card, BasicCard | ChoiceCard | TypedCard):
        return card.answer
    if isinstance(card, MultiCard):
        return "; ".join(card.answer)
    if isinstance(card, TrueFalseCard):
        true, false = true_false_words(language)
        return true if card.answer else false
    if isinstance(card, NumberCard):
        text = number_text(card.answer)
        if card.unit:
            text += f" {card.unit}"
        if card.tolerance:
            text += f" (± {number_text(card.tolerance)})"
        return text
    if isinstance(card, ClozeCard):
        return "; ".join(blank[0] for blank in card.blanks)
    if isinstance(card, OrderCard):
        return " → ".join(card.answer)
    raise TypeError(card)  # pragma: no cover - the Card union is exhaustive
