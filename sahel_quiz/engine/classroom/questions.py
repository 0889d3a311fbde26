"""The questions of a classroom game and the only views of a card that leave the server.

A card holds its answer; a player's phone must not see it before the reveal. So everything sent
with an open question is built here, from `Question.public_*` fields that are computed from the
card's prompt and options alone, and everything that tells the answer (`correct_value`,
`answer_text`, `accepted_texts`) is kept apart for the reveal. Answers arrive as option and item
*indices* into what was shown, never as free text to match, which keeps a shuffled order the
same for every student and makes a malformed answer easy to refuse.
"""

from __future__ import annotations

import random
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
from sahel_quiz.deck.selection import spread_groups
from sahel_quiz.engine.classroom.errors import GameError
from sahel_quiz.grading import (
    NUMBER_HINT,
    Response,
    expected_text,
    format_number,
    parse_number,
)
from sahel_quiz.i18n import _

__all__ = [
    "MAX_TEXT_ANSWER",
    "PlayableCard",
    "Question",
    "WireAnswer",
    "build_questions",
    "is_playable",
]

PlayableCard: TypeAlias = (
    ChoiceCard | MultiCard | TrueFalseCard | TypedCard | NumberCard | ClozeCard | OrderCard
)
# What a client sends in an `answer` message (docs/protocol.md).
WireAnswer: TypeAlias = bool | int | str | list[int] | list[str]
JsonValue: TypeAlias = bool | int | str | list[int] | list[str]

MAX_TEXT_ANSWER = 500
_PLAYABLE = (ChoiceCard, MultiCard, TrueFalseCard, TypedCard, NumberCard, ClozeCard, OrderCard)


def is_playable(card: Card) -> bool:
    """Basic cards are graded by the learner themselves, which a live game cannot trust."""
    return isinstance(card, _PLAYABLE)


@dataclass(frozen=True)
class Question:
    """One card as played in one game: the shown order of its options or items is fixed."""

    index: int
    card: PlayableCard
    options: tuple[str, ...] = ()
    items: tuple[str, ...] = ()

    # -- what a player may see while the question is open ------------------------------------

    @property
    def card_type(self) -> str:
        return self.card.type

    @property
    def prompt(self) -> str:
        return self.card.shown_prompt

    @property
    def weight(self) -> float:
        return self.card.points

    @property
    def public_options(self) -> list[str] | None:
        return list(self.options) if isinstance(self.card, ChoiceCard | MultiCard) else None

    @property
    def public_items(self) -> list[str] | None:
        return list(self.items) if isinstance(self.card, OrderCard) else None

    @property
    def public_blanks(self) -> int | None:
        return len(self.card.blanks) if isinstance(self.card, ClozeCard) else None

    @property
    def public_unit(self) -> str | None:
        return self.card.unit if isinstance(self.card, NumberCard) else None

    # -- turning a wire answer into what the grader takes ------------------------------------

    def to_response(self, answer: WireAnswer) -> Response:
        """The grader's response for a client's answer; `bad_answer` when it has the wrong shape."""
        card = self.card
        if isinstance(card, ChoiceCard):
            return self.options[_index(answer, len(self.options))]
        if isinstance(card, MultiCard):
            picks = _indices(answer, len(self.options))
            if len(set(picks)) != len(picks):
                raise _bad("pick each option at most once")
            return [self.options[i] for i in sorted(picks)]
        if isinstance(card, TrueFalseCard):
            if not isinstance(answer, bool):
                raise _bad("answer true or false")
            return answer
        if isinstance(card, TypedCard):
            return _text(answer)
        if isinstance(card, NumberCard):
            text = _text(answer)
            if parse_number(text) is None:
                raise _bad(_(NUMBER_HINT))
            return text
        if isinstance(card, ClozeCard):
            blanks = len(card.blanks)
            if not isinstance(answer, list) or len(answer) != blanks:
                raise _bad(f"give a list of {blanks} texts, one per blank")
            return [_text(part) for part in answer]
        order = _indices(answer, len(self.items))
        if sorted(order) != list(range(len(self.items))):
            raise _bad(f"give each item number 0 to {len(self.items) - 1} once")
        return [self.items[i] for i in order]

    # -- the reveal: only ever sent once the question is closed ------------------------------

    def correct_value(self) -> JsonValue:
        """The answer that earns full credit, in the shape of a wire answer."""
        card = self.card
        if isinstance(card, ChoiceCard):
            return self.options.index(card.answer)
        if isinstance(card, MultiCard):
            right = set(card.answer)
            return [i for i, option in enumerate(self.options) if option in right]
        if isinstance(card, TrueFalseCard | TypedCard):
            return card.answer
        if isinstance(card, NumberCard):
            return format_number(card.answer)
        if isinstance(card, ClozeCard):
            return [alternatives[0] for alternatives in card.blanks]
        return [self.items.index(item) for item in card.answer]

    def answer_text(self) -> str:
        """The right answer as a person reads it (the grading layer's wording)."""
        return expected_text(self.card)

    def accepted_texts(self) -> list[str]:
        """Other answers that count as right, for the reveal."""
        card = self.card
        if isinstance(card, TypedCard):
            return list(card.accept)
        if isinstance(card, ClozeCard):
            return [
                f"blank {number}: {' / '.join(alternatives)}"
                for number, alternatives in enumerate(card.blanks, start=1)
                if len(alternatives) > 1
            ]
        return []

    def response_text(self, response: Response) -> str | None:
        """A player's answer as a person reads it."""
        if response is None:
            return None
        if isinstance(response, bool):
            return "True" if response else "False"
        if isinstance(response, str):
            return response
        if isinstance(self.card, OrderCard):
            return " → ".join(response)
        return (" · " if isinstance(self.card, ClozeCard) else ", ").join(response)

    def option_counts(self, responses: Sequence[Response]) -> list[int] | None:
        """How many players picked each option (true/false: [true, false])."""
        if isinstance(self.card, TrueFalseCard):
            return [
                sum(1 for r in responses if r is True),
                sum(1 for r in responses if r is False),
            ]
        if not isinstance(self.card, ChoiceCard | MultiCard):
            return None
        counts = dict.fromkeys(self.options, 0)
        for response in responses:
            picks = [response] if isinstance(response, str) else response
            if isinstance(picks, list):
                for pick in picks:
                    if pick in counts:
                        counts[pick] += 1
        return [counts[option] for option in self.options]


def build_questions(
    cards: Sequence[Card], *, seed: int | None, limit: int | None = None
) -> list[Question]:
    """The game's questions: playable cards in a seeded random order, options shuffled once.

    Order items are never shown in their correct order, or the question would answer itself,
    and cards of one group never follow each other.
    """
    rng = random.Random(seed)
    playable = [card for card in cards if isinstance(card, _PLAYABLE)]
    rng.shuffle(playable)
    if limit is not None:
        playable = playable[: max(limit, 0)]
    playable = spread_groups(playable)
    questions: list[Question] = []
    for index, card in enumerate(playable):
        options: tuple[str, ...] = ()
        items: tuple[str, ...] = ()
        if isinstance(card, ChoiceCard | MultiCard):
            shuffled = list(card.options)
            rng.shuffle(shuffled)
            options = tuple(shuffled)
        elif isinstance(card, OrderCard):
            items = tuple(_derange(card.answer, rng))
        questions.append(Question(index=index, card=card, options=options, items=items))
    return questions


def _derange(answer: Sequence[str], rng: random.Random) -> list[str]:
    shuffled = list(answer)
    while shuffled == list(answer):
        rng.shuffle(shuffled)
    return shuffled


def _bad(why: str) -> GameError:
    return GameError("bad_answer", f"This answer does not fit the question: {why}.")


def _index(answer: WireAnswer, size: int) -> int:
    if isinstance(answer, bool) or not isinstance(answer, int) or not 0 <= answer < size:
        raise _bad(f"give an option number from 0 to {size - 1}")
    return answer


def _indices(answer: WireAnswer, size: int) -> list[int]:
    if not isinstance(answer, list):
        raise _bad("give a list of numbers")
    return [_index(item, size) for item in answer]


def _text(answer: object) -> str:
    if not isinstance(answer, str):
        raise _bad("give a text")
    if len(answer) > MAX_TEXT_ANSWER:
        raise _bad(f"at most {MAX_TEXT_ANSWER} characters")
    return answer
