"""Grading any card type to a credit in [0, 1].

`grade` is total: a response of the wrong shape for the card (a list for a typed card, a string
for an order card, an unknown option) is simply wrong, never an exception, because responses
arrive from phones over the network as well as from our own interfaces.

Options and order items are matched by their exact text first, then by their normalised text
when exactly one option has it, so a client that sends `mali` for the option `Mali` is not
punished for it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
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
from sahel_quiz.grading.distance import damerau_levenshtein
from sahel_quiz.grading.normalize import normalize, primary_language
from sahel_quiz.grading.numbers import parse_number
from sahel_quiz.scoring import Verdict, verdict

__all__ = [
    "Grade",
    "Response",
    "allowed_typos",
    "grade",
    "match_text",
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


@dataclass(frozen=True)
class Grade:
    """How right a response was (`sahel_quiz.cards` writes the texts a learner reads)."""

    credit: float
    """In [0, 1]."""
    accepted_as: str | tuple[str, ...] | None = None
    """For an accepted near miss, the exact spelling to learn: a text (typed), or one text per
    blank (cloze), in the shape of a response; else None."""
    blanks_right: tuple[bool, ...] = ()
    """Cloze: whether each blank was right (a near miss counts), in order; else empty."""

    def __post_init__(self) -> None:
        if not 0.0 <= self.credit <= 1.0:
            raise ValueError(f"credit must be within [0, 1], not {self.credit}")

    @property
    def verdict(self) -> Verdict:
        return verdict(self.credit)


def allowed_typos(expected_length: int) -> int:
    """Typos forgiven for an expected answer of this normalised length (0, 1 or 2)."""
    if expected_length >= 10:
        return 2
    if expected_length >= 5:
        return 1
    return 0


def _key(text: str, language: str) -> str:
    """The normalised text, or for an answer made only of punctuation ("?") a folded one."""
    return normalize(text, language) or " ".join(text.casefold().split())


def match_text(
    response: str, candidates: Sequence[str], language: str = "en", fuzzy: bool = True
) -> tuple[str, bool] | None:
    """The candidate a typed response counts as, and whether it matched exactly.

    An exact match (after normalisation) with any candidate wins over a near miss; among near
    misses the closest wins, the earliest candidate on ties. The allowance depends on the length
    of each candidate, so a short `accept` text such as "AES" must be typed exactly.
    """
    response_key = _key(response, language)
    keys = [_key(candidate, language) for candidate in candidates]
    for candidate, key in zip(candidates, keys, strict=True):
        if key == response_key:
            return candidate, True
    if not fuzzy:
        return None
    best: tuple[int, str] | None = None
    for candidate, key in zip(candidates, keys, strict=True):
        limit = allowed_typos(len(key))
        if limit == 0:
            continue
        distance = damerau_levenshtein(response_key, key, limit)
        if distance <= limit and (best is None or distance < best[0]):
            best = (distance, candidate)
    return None if best is None else (best[1], False)


def _string_list(response: Response) -> list[str] | None:
    if isinstance(response, list | tuple) and all(isinstance(item, str) for item in response):
        return list(response)
    return None


def _resolve(options: Sequence[str], text: str, language: str) -> str | None:
    """The option a response text stands for: the same text, else the only one equal to it
    once normalised."""
    if text in options:
        return text
    key = _key(text, language)
    found = [option for option in options if _key(option, language) == key]
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


def _number_right(card: NumberCard, response: Response) -> bool:
    value = parse_number(response) if isinstance(response, str) else None
    slack = card.tolerance + _EPSILON * max(1.0, abs(card.answer))
    return value is not None and abs(value - card.answer) <= slack


def _grade_typed(card: TypedCard, response: Response, language: str) -> Grade:
    if not isinstance(response, str):
        return Grade(0.0)
    found = match_text(response, [card.answer, *card.accept], language, card.fuzzy)
    if found is None:
        return Grade(0.0)
    matched, exact = found
    return Grade(1.0, None if exact else matched)


def _grade_cloze(card: ClozeCard, response: Response, language: str) -> Grade:
    """Each blank graded like a typed answer with its alternatives; missing blanks are wrong."""
    blanks = card.blanks
    texts = [response] if isinstance(response, str) and len(blanks) == 1 else _string_list(response)
    if texts is None:
        return Grade(0.0, blanks_right=(False,) * len(blanks))
    near_miss = False
    spellings: list[str] = []
    marks: list[bool] = []
    for index, alternatives in enumerate(blanks):
        found = match_text(texts[index], alternatives, language) if index < len(texts) else None
        marks.append(found is not None)
        if found is None:
            spellings.append(alternatives[0])
            continue
        spellings.append(found[0])
        near_miss = near_miss or not found[1]
    return Grade(
        sum(marks) / len(blanks),
        tuple(spellings) if near_miss else None,
        blanks_right=tuple(marks),
    )


def grade(card: Card, response: Response, language: str = "en") -> Grade:
    """Grade a response to a card; `language` is the deck's (`en`, `fr`, `fr-FR`, ...)."""
    lang = primary_language(language)
    if isinstance(card, TypedCard):
        return _grade_typed(card, response, lang)
    if isinstance(card, ClozeCard):
        return _grade_cloze(card, response, lang)
    if isinstance(card, MultiCard):
        credit = _multi_credit(card, response, lang)
    elif isinstance(card, OrderCard):
        credit = _order_credit(card, response, lang)
    elif isinstance(card, NumberCard):
        credit = float(_number_right(card, response))
    elif isinstance(card, ChoiceCard):
        right = isinstance(response, str) and _resolve(card.options, response, lang) == card.answer
        credit = float(right)
    elif isinstance(card, TrueFalseCard):
        credit = float(isinstance(response, bool) and response == card.answer)
    else:
        credit = float(response is True)
    return Grade(credit)
