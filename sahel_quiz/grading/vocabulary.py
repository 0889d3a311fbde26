"""The texts a deck knows, which a near miss is never forgiven as (README, rule 6).

"Prussia" one letter from "Russia" is a typo only if the deck does not also know Prussia: a
response that is itself an answer, an accepted text, a blank's alternative, an option or an
order item anywhere in the deck is another thing, not a misspelling. The set is built once per
deck, on the first near miss that needs it (most answers are exact or far off), and shared by
every answer graded after that.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from sahel_quiz.deck.model import (
    BasicCard,
    Card,
    ChoiceCard,
    ClozeCard,
    MultiCard,
    OrderCard,
    TypedCard,
)
from sahel_quiz.grading.near_miss import text_key
from sahel_quiz.grading.normalize import primary_language

__all__ = ["Vocabulary", "deck_texts"]


def deck_texts(cards: Iterable[Card]) -> Iterator[str]:
    """Every answer, accepted text, blank alternative, option and order item of the cards."""
    for card in cards:
        if isinstance(card, TypedCard):
            yield card.answer
            yield from card.accept
        elif isinstance(card, BasicCard):
            yield card.answer
        elif isinstance(card, ChoiceCard | MultiCard):
            yield from card.options
        elif isinstance(card, OrderCard):
            yield from card.answer
        elif isinstance(card, ClozeCard):
            for alternatives in card.blanks:
                yield from alternatives


class Vocabulary:
    """The normal forms of a deck's texts, in the deck's language; `key in vocabulary`."""

    def __init__(self, cards: Iterable[Card], language: str) -> None:
        self._cards: tuple[Card, ...] | None = tuple(cards)
        self.language = primary_language(language)
        self._keys: frozenset[str] = frozenset()

    def __contains__(self, key: object) -> bool:
        if self._cards is not None:
            texts = set(deck_texts(self._cards))  # each distinct text normalised once
            self._keys = frozenset(text_key(text, self.language) for text in texts)
            self._cards = None
        return key in self._keys
