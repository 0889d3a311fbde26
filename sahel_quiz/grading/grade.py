"""Grading any card type to a credit in [0, 1].

`grade` is total: a response of the wrong shape for the card (a list for a typed card, a string
for an order card, an unknown option) is simply wrong, never an exception, because responses
arrive from phones over the network as well as from our own interfaces.

Options and order items are matched by their exact text first, then by their normalised text
when exactly one option has it, so a client that sends `mali` for the option `Mali` is not
punished for it.

The rules are the README's ("How answers are graded"); typed texts are matched in
`near_miss`, cloze blanks in `cloze`, numbers read in `numbers`. `tests/grading_oracle.py`
restates the same rules from the README alone, and the property tests hold the two together.
"""

from __future__ import annotations

import math
from collections.abc import Container, Sequence
from dataclasses import dataclass
from typing import TypeAlias

from sahel_quiz.deck.model import (
    Card,
    ChoiceCard,
    ClozeCard,
    MultiCard,
    NumberCard,
    OrderCard,
    TrueFalseCard,
    TypedCard,
)
from sahel_quiz.grading.cloze import grade_blanks
from sahel_quiz.grading.near_miss import find_match, text_key
from sahel_quiz.grading.normalize import primary_language
from sahel_quiz.grading.numbers import read_number, same_unit
from sahel_quiz.grading.spelling import corrected_letters
from sahel_quiz.scoring import Verdict, verdict

__all__ = [
    "Grade",
    "Response",
    "WrongUnit",
    "grade",
    "resolve_option",
]

Response: TypeAlias = str | bool | list[str] | None
"""What a learner gave; None means no answer (timed out or skipped).

basic: bool (True = "I knew it", self-graded) · choice: str (the option text) · multi: list[str]
(the option texts picked) · true_false: bool · typed: str · number: str (the raw typed text) ·
cloze: list[str] (one text per blank, in order; a str is taken as the only blank) · order:
list[str] (the items in the learner's order).
"""

_EPSILON = 1e-9


@dataclass(frozen=True, slots=True)
class WrongUnit:
    """A number typed with another unit than the card's: `13 months` for years."""

    typed: str
    asked: str


@dataclass(frozen=True)
class Grade:
    """How right a response was (`sahel_quiz.cards` writes the texts a learner reads)."""

    credit: float
    """In [0, 1]."""
    accepted_as: str | tuple[str, ...] | None = None
    """For an accepted near miss, the exact spelling to learn: a text (typed), or one text per
    blank (cloze), in the shape of a response; else None."""
    corrected: tuple[tuple[int, ...], ...] = ()
    """For an accepted near miss, the letters the response got wrong (replaced, missing or
    swapped), for the feedback to mark: indices into each text of `accepted_as` (one tuple for
    a typed answer, one per blank for a cloze)."""
    wrong_unit: WrongUnit | None = None
    """For a number card, the unit typed when it is not the card's."""
    blanks_right: tuple[bool, ...] = ()
    """Cloze: whether each blank was right (a near miss counts), in order; else empty."""

    def __post_init__(self) -> None:
        if not 0.0 <= self.credit <= 1.0:
            raise ValueError(f"credit must be within [0, 1], not {self.credit}")

    @property
    def verdict(self) -> Verdict:
        return verdict(self.credit)


def _string_list(response: Response) -> list[str] | None:
    if isinstance(response, list | tuple) and all(isinstance(item, str) for item in response):
        return list(response)
    return None


def _resolve(options: Sequence[str], text: str, language: str) -> str | None:
    """The option a response text stands for: the same text, else the only one equal to it
    once normalised."""
    if text in options:
        return text
    key = text_key(text, language)
    found = [option for option in options if text_key(option, language) == key]
    return found[0] if len(found) == 1 else None


def resolve_option(options: Sequence[str], text: str, language: str = "en") -> str | None:
    """The option (or order item) a typed text stands for, as grading matches it; None when
    it stands for none, or for more than one."""
    return _resolve(options, text, language)


def _multi_credit(card: MultiCard, response: Response, language: str) -> float:
    """Right picks minus wrong picks over the right options; unknown texts are wrong picks."""
    picks = _string_list(response)
    if picks is None:
        return 0.0
    chosen: set[str] = set()
    unknown: set[str] = set()
    for pick in picks:
        option = _resolve(card.options, pick, language)
        if option is None:
            unknown.add(pick)
        else:
            chosen.add(option)
    right = len(chosen & set(card.answer))
    wrong = len(chosen) - right + len(unknown)
    return max(0.0, (right - wrong) / len(card.answer))


def _order_credit(card: OrderCard, response: Response, language: str) -> float:
    """The share of item pairs in the right relative order; 0 unless a permutation."""
    items = _string_list(response)
    if items is None or len(items) != len(card.answer):
        return 0.0
    position = {item: index for index, item in enumerate(card.answer)}
    resolved = [_resolve(card.answer, item, language) for item in items]
    ranks = [-1 if item is None else position[item] for item in resolved]
    if sorted(ranks) != list(range(len(card.answer))):
        return 0.0
    in_order = sum(
        1 for i, first in enumerate(ranks) for second in ranks[i + 1 :] if first < second
    )
    return in_order / math.comb(len(ranks), 2)


def _grade_number(card: NumberCard, response: Response) -> Grade:
    """Right within the tolerance, with nothing or the card's unit after the number."""
    reading = read_number(response) if isinstance(response, str) else None
    if reading is None:
        return Grade(0.0)
    if card.unit and not same_unit(reading.unit, card.unit):
        return Grade(0.0, wrong_unit=WrongUnit(reading.unit, card.unit))
    slack = card.tolerance + _EPSILON * max(1.0, abs(card.answer))
    return Grade(float(abs(reading.value - card.answer) <= slack))


def _grade_typed(
    card: TypedCard, response: Response, language: str, refused: Sequence[Container[str]]
) -> Grade:
    if not isinstance(response, str):
        return Grade(0.0)
    if card.reject:
        refused = [*refused, {text_key(text, language) for text in card.reject}]
    found = find_match(
        response, [card.answer, *card.accept], language, fuzzy=card.fuzzy, refused=refused
    )
    if found is None:
        return Grade(0.0)
    if found.exact:
        return Grade(1.0)
    return Grade(1.0, found.text, (corrected_letters(response, found.text),))


def _grade_cloze(
    card: ClozeCard, response: Response, language: str, refused: Sequence[Container[str]]
) -> Grade:
    """The share of blanks right (see `cloze`); missing blanks are wrong."""
    blanks = card.blanks
    texts = [response] if isinstance(response, str) and len(blanks) == 1 else _string_list(response)
    if texts is None:
        return Grade(0.0, blanks_right=(False,) * len(blanks))
    outcomes = grade_blanks(card, texts, language, refused)
    credit = sum(outcome.right for outcome in outcomes) / len(blanks)
    right = tuple(outcome.right for outcome in outcomes)
    if not any(outcome.forgiven for outcome in outcomes):
        return Grade(credit, blanks_right=right)
    spellings = tuple(outcome.spelling for outcome in outcomes)
    corrected = tuple(outcome.corrected for outcome in outcomes)
    return Grade(credit, spellings, corrected, blanks_right=right)


def grade(
    card: Card,
    response: Response,
    language: str = "en",
    *,
    vocabulary: Container[str] | None = None,
) -> Grade:
    """Grade a response to a card; `language` is the deck's (`en`, `fr`, `fr-FR`, ...).

    `vocabulary` holds the normal forms of every text of the card's deck (a
    `grading.Vocabulary`, built once per deck): a near miss that is one of them is never
    forgiven. Without it, only the card's own texts are known.
    """
    lang = primary_language(language)
    refused = () if vocabulary is None else (vocabulary,)
    if isinstance(card, TypedCard):
        return _grade_typed(card, response, lang, refused)
    if isinstance(card, ClozeCard):
        return _grade_cloze(card, response, lang, refused)
    if isinstance(card, NumberCard):
        return _grade_number(card, response)
    if isinstance(card, MultiCard):
        credit = _multi_credit(card, response, lang)
    elif isinstance(card, OrderCard):
        credit = _order_credit(card, response, lang)
    elif isinstance(card, ChoiceCard):
        right = isinstance(response, str) and _resolve(card.options, response, lang) == card.answer
        credit = float(right)
    elif isinstance(card, TrueFalseCard):
        credit = float(isinstance(response, bool) and response == card.answer)
    else:
        credit = float(response is True)
    return Grade(credit)
