"""Card rules: for each card type, how a card is shown, read, written and hinted.

The one place that knows what differs between card types once a card is graded: the order its
options or items are shown in (from a seeded random generator), how a line of typed text is
read as a response, how a response and an expected answer are written as text (one join for
each kind of list: `, ` for options picked, ` · ` for blanks, ` → ` for an order), the short
hint on how to answer, and how responses travel on the classroom wire (options and items as
indices). The quiz, study, the classroom game and every interface ask this layer instead of
branching on card classes.

It sits above `grading` (it grades an order card's shown order to make sure that submitting it
as shown cannot pay) and below `scheduling`, the store and the engine.

    from sahel_quiz.cards import present, expected_text

    shown = present(card, rng)          # a ShownCard: type, prompt, choices, blanks, unit
    response = shown.read("2,1,3")      # ValueError with a hint when it cannot be read
    wire = shown.to_wire(response)      # [1, 0, 2]
    expected_text(card)                 # "A → B → C"
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from sahel_quiz.cards import types as _types  # noqa: F401  (registers every type's rules)
from sahel_quiz.cards.base import (
    BLANK,
    MAX_WIRE_TEXT,
    CardRules,
    Mark,
    MarkState,
    ResponseError,
    ShownCard,
    WireValue,
    known_types,
    rules_for,
)
from sahel_quiz.cards.types import MAX_ORDER_CREDIT_SHOWN
from sahel_quiz.deck.model import Card
from sahel_quiz.grading import Grade, Response
from sahel_quiz.i18n import _

__all__ = [
    "BLANK",
    "MAX_ORDER_CREDIT_SHOWN",
    "MAX_WIRE_TEXT",
    "CardRules",
    "Mark",
    "MarkState",
    "ResponseError",
    "ShownCard",
    "WireValue",
    "accepted_texts",
    "answer_parts",
    "answer_steps",
    "correct_on_wire",
    "expected_text",
    "is_playable",
    "known_types",
    "marks",
    "present",
    "response_text",
    "rules_for",
    "show",
    "spelling_marks",
    "spelling_text",
    "type_title",
]


def present(card: Card, rng: random.Random) -> ShownCard:
    """The card as it is shown this time: options shuffled by `rng` (unless the card says
    `shuffle: false`), order items always shuffled and never (nearly) solved."""
    rules = rules_for(card)
    return rules.shown(card, rules.arrange(card, rng))


def show(card: Card, choices: Sequence[str] | None = None) -> ShownCard:
    """The card shown with these choices (default: the deck's order, which for an order card
    is its answer: use `present` for anything a learner answers)."""
    rules = rules_for(card)
    return rules.shown(card, rules.choices(card) if choices is None else choices)


def type_title(card_type: str) -> str:
    """A card type's name in the reader's language ("fill in the blanks" for `cloze`)."""
    return _(rules_for(card_type).title)


def is_playable(card: Card) -> bool:
    """Can be played in a classroom game (self-graded flashcards cannot)."""
    return rules_for(card).playable


def expected_text(card: Card) -> str:
    """The right answer as a learner reads it."""
    return rules_for(card).expected(card)


def accepted_texts(card: Card) -> list[str]:
    """Other answers that count as right, for a reveal."""
    return rules_for(card).accepted(card)


def answer_parts(card: Card) -> list[str] | None:
    """The right answer as a list (the picks, each blank's first spelling, the items in
    order), which `expected_text` joins with the type's join; None for a text or a bool."""
    return rules_for(card).parts(card)


def answer_steps(card: Card) -> list[str] | None:
    """The right answer as a list to number (order cards: the items in order), else None."""
    return rules_for(card).steps(card)


def response_text(card: Card | ShownCard | str, response: Response) -> str | None:
    """A learner's response as they read it (None when there was none)."""
    return None if response is None else rules_for(card).write(response)


def spelling_text(card: Card | ShownCard | str, grade: Grade) -> str | None:
    """The exact spelling of an accepted near miss (cloze: every blank), else None."""
    spelling = grade.accepted_as
    if spelling is None:
        return None
    return rules_for(card).write(list(spelling) if isinstance(spelling, tuple) else spelling)


def marks(card: Card, shown: ShownCard, response: Response, grade: Grade) -> list[Mark]:
    """The question marked after an answer, line by line (see `Mark`): what the feedback
    shows in place of the answer widget, so that the question stays on screen."""
    return rules_for(card).marks(card, shown, response, grade)


def spelling_marks(card: Card | ShownCard | str, grade: Grade) -> tuple[int, ...]:
    """Where, in `spelling_text`, are the letters that the near miss got wrong (to mark)."""
    spelling = grade.accepted_as
    if spelling is None or not grade.corrected:
        return ()
    if isinstance(spelling, str):
        return grade.corrected[0]
    join = rules_for(card).join
    marks: list[int] = []
    start = 0
    for part, corrected in zip(spelling, grade.corrected, strict=True):
        marks.extend(start + index for index in corrected)
        start += len(part) + len(join)
    return tuple(marks)


def correct_on_wire(card: Card, shown: ShownCard) -> WireValue:
    """The response that earns full credit, as the classroom wire carries it."""
    return rules_for(card).correct(card, shown)
