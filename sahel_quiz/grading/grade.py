"""Grading any card type to a credit in [0, 1], and reading typed responses.

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
import re
from collections.abc import Container, Sequence
from dataclasses import dataclass
from typing import Literal, TypeAlias

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
from sahel_quiz.grading.cloze import grade_blanks
from sahel_quiz.grading.near_miss import find_match, text_key
from sahel_quiz.grading.normalize import normalize, primary_language
from sahel_quiz.grading.numbers import (
    NUMBER_HINT,
    format_number,
    parse_number,
    read_number,
    same_unit,
)
from sahel_quiz.grading.spelling import corrected_letters
from sahel_quiz.i18n import _

__all__ = [
    "Grade",
    "Response",
    "WrongUnit",
    "expected_text",
    "grade",
    "parse_response",
]

Response: TypeAlias = str | bool | list[str] | None
"""What a learner gave; None means no answer (timed out or skipped).

basic: bool (True = "I knew it", self-graded) · choice: str (the option text) · multi: list[str]
(the option texts picked) · true_false: bool · typed: str · number: str (the raw typed text) ·
cloze: list[str] (one text per blank, in order; a str is taken as the only blank) · order:
list[str] (the items in the learner's order).
"""

CLOZE_JOIN = " · "
MULTI_JOIN = ", "
ORDER_JOIN = " → "
_EPSILON = 1e-9

_TRUE_WORDS = frozenset({"t", "true", "y", "yes", "v", "vrai", "oui"})
_FALSE_WORDS = frozenset({"f", "false", "n", "no", "faux", "non"})


@dataclass(frozen=True, slots=True)
class WrongUnit:
    """A number typed with another unit than the card's: `13 months` for years."""

    typed: str
    asked: str


@dataclass(frozen=True)
class Grade:
    """What a learner needs to see after answering."""

    credit: float
    """In [0, 1]."""
    expected: str
    """The right answer as shown to the learner."""
    accepted_as: str | None = None
    """For an accepted near miss, the exact spelling to learn (cloze: per blank), else None."""
    corrected: tuple[int, ...] = ()
    """Indices in `accepted_as` of the letters the response got wrong (replaced, missing or
    swapped), for the feedback to mark."""
    wrong_unit: WrongUnit | None = None
    """For a number card, the unit typed when it is not the card's."""

    def __post_init__(self) -> None:
        if not 0.0 <= self.credit <= 1.0:
            raise ValueError(f"credit must be within [0, 1], not {self.credit}")

    @property
    def verdict(self) -> Literal["right", "partly right", "wrong"]:
        if self.credit >= 1.0 - _EPSILON:
            return "right"
        if self.credit > 0.0:
            return "partly right"
        return "wrong"


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


def expected_text(card: Card) -> str:
    """The right answer of a card as shown to the learner."""
    if isinstance(card, TrueFalseCard):
        return "True" if card.answer else "False"
    if isinstance(card, MultiCard):
        return MULTI_JOIN.join(card.answer)
    if isinstance(card, OrderCard):
        return ORDER_JOIN.join(card.answer)
    if isinstance(card, ClozeCard):
        return CLOZE_JOIN.join(alternatives[0] for alternatives in card.blanks)
    if isinstance(card, NumberCard):
        shown = format_number(card.answer)
        if card.tolerance > 0:
            shown += " ± " + format_number(card.tolerance)
        return f"{shown} {card.unit}" if card.unit else shown
    return card.answer


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
    expected = expected_text(card)
    reading = read_number(response) if isinstance(response, str) else None
    if reading is None:
        return Grade(0.0, expected)
    if card.unit and not same_unit(reading.unit, card.unit):
        return Grade(0.0, expected, wrong_unit=WrongUnit(reading.unit, card.unit))
    slack = card.tolerance + _EPSILON * max(1.0, abs(card.answer))
    return Grade(float(abs(reading.value - card.answer) <= slack), expected)


def _grade_typed(
    card: TypedCard, response: Response, language: str, refused: Sequence[Container[str]]
) -> Grade:
    expected = expected_text(card)
    if not isinstance(response, str):
        return Grade(0.0, expected)
    if card.reject:
        refused = [*refused, {text_key(text, language) for text in card.reject}]
    found = find_match(
        response, [card.answer, *card.accept], language, fuzzy=card.fuzzy, refused=refused
    )
    if found is None:
        return Grade(0.0, expected)
    if found.exact:
        return Grade(1.0, expected)
    return Grade(1.0, expected, found.text, corrected_letters(response, found.text))


def _grade_cloze(
    card: ClozeCard, response: Response, language: str, refused: Sequence[Container[str]]
) -> Grade:
    """The share of blanks right (see `cloze`); missing blanks are wrong."""
    blanks = card.blanks
    expected = expected_text(card)
    texts = [response] if isinstance(response, str) and len(blanks) == 1 else _string_list(response)
    if texts is None:
        return Grade(0.0, expected)
    outcomes = grade_blanks(card, texts, language, refused)
    right = sum(outcome.right for outcome in outcomes)
    if not any(outcome.forgiven for outcome in outcomes):
        return Grade(right / len(blanks), expected)
    corrected: list[int] = []
    start = 0
    for outcome in outcomes:
        corrected.extend(start + index for index in outcome.corrected)
        start += len(outcome.spelling) + len(CLOZE_JOIN)
    accepted_as = CLOZE_JOIN.join(outcome.spelling for outcome in outcomes)
    return Grade(right / len(blanks), expected, accepted_as, tuple(corrected))


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
    return Grade(credit, expected_text(card))


# Reading typed responses (line mode, terminal clients) ------------------------------------------

_NUMBER_LIST = re.compile(r"^\s*\d+(?:\s*[,;\s]\s*\d+)*\s*$")


def _numbers(text: str) -> list[int] | None:
    if not _NUMBER_LIST.match(text):
        return None
    return [int(part) for part in re.split(r"[,;\s]+", text.strip())]


def _parse_bool(text: str) -> bool:
    word = normalize(text, "en")
    if word in _TRUE_WORDS:
        return True
    if word in _FALSE_WORDS:
        return False
    raise ValueError("answer t (true) or f (false)")


def _parse_option(options: Sequence[str], text: str) -> str:
    numbers = _numbers(text)
    if numbers is not None and len(numbers) == 1 and 1 <= numbers[0] <= len(options):
        return options[numbers[0] - 1]
    found = _resolve(options, text.strip(), "en")
    if found is None:
        raise ValueError(f"answer with an option number from 1 to {len(options)}")
    return found


def _parse_picks(options: Sequence[str], text: str) -> list[str]:
    numbers = _numbers(text)
    if numbers is None:
        found = _resolve(options, text.strip(), "en")
        if found is None:
            raise ValueError(f"answer with option numbers from 1 to {len(options)}, e.g. 1,3")
        return [found]
    if not all(1 <= number <= len(options) for number in numbers):
        raise ValueError(f"option numbers go from 1 to {len(options)}")
    return [options[number - 1] for number in dict.fromkeys(numbers)]


def _parse_order(items: Sequence[str], text: str) -> list[str]:
    count = len(items)
    hint = f"give the item numbers 1 to {count} in the right order, e.g. " + ",".join(
        str(n) for n in range(count, 0, -1)
    )
    numbers = _numbers(text)
    if numbers is None:
        raise ValueError(hint)
    if not all(1 <= number <= count for number in numbers):
        raise ValueError(f"item numbers go from 1 to {count}")
    if len(set(numbers)) != len(numbers):
        raise ValueError(f"each item number once: {hint}")
    if len(numbers) != count:
        raise ValueError(f"all {count} items: {hint}")
    return [items[number - 1] for number in numbers]


def _parse_cloze(card: ClozeCard, text: str) -> list[str]:
    count = len(card.blanks)
    if count == 1:
        return [text.strip()]
    parts = text.strip().splitlines() if "\n" in text.strip() else text.split("|")
    parts = [part.strip() for part in parts]
    if len(parts) != count or not all(parts):
        raise ValueError(f"give {count} answers, one per blank, separated by |")
    return parts


def parse_response(card: Card, text: str, shown: Sequence[str] | None = None) -> Response:
    """The response a line of typed text stands for, for line mode and terminal clients.

    `shown` is the options (choice, multi) or the items (order) in the order the learner saw
    them, since numbers refer to that order; it defaults to the deck's order. Raises ValueError
    with a short hint when the text cannot be an answer to this card, including an empty line
    (the caller decides whether an empty line means "skip").
    """
    if not text.strip():
        raise ValueError("type an answer")
    if isinstance(card, BasicCard | TrueFalseCard):
        return _parse_bool(text)
    if isinstance(card, ChoiceCard):
        return _parse_option(list(shown) if shown is not None else card.options, text)
    if isinstance(card, MultiCard):
        return _parse_picks(list(shown) if shown is not None else card.options, text)
    if isinstance(card, OrderCard):
        return _parse_order(list(shown) if shown is not None else card.answer, text)
    if isinstance(card, NumberCard):
        if parse_number(text) is None:
            raise ValueError(_(NUMBER_HINT))
        return text.strip()
    if isinstance(card, ClozeCard):
        return _parse_cloze(card, text)
    return text.strip()
