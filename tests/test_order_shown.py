"""No seed ever shows an order card solved, nor in an order worth more than half the credit if
submitted as shown: in a quiz, in study, in the classroom and on an exported Anki card (issue 8).
Every order that passes is shown, each as often as another.

The oracle is written from the README's words, not from the grader: an order answer earns the
share of item pairs that are in the right relative order.
"""

from __future__ import annotations

import itertools
import random
import tempfile
from collections import Counter
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sahel_quiz.cards import MAX_ORDER_CREDIT_SHOWN, present
from sahel_quiz.deck.model import Deck, LoadedDeck, OrderCard
from sahel_quiz.engine.classroom import build_questions
from sahel_quiz.engine.quiz import QuizSession
from sahel_quiz.engine.study import StudySession
from sahel_quiz.interchange.anki import _shuffled as anki_shuffled
from sahel_quiz.store import Store
from tests.strategies import order_cards, short_texts

NOW = datetime(2025, 4, 3, 9, 0, tzinfo=UTC)
seeds = st.integers(min_value=0, max_value=2**64)
big_order_cards = st.builds(
    lambda items: OrderCard(type="order", id="big", prompt="Order them.", answer=items),
    st.lists(short_texts, min_size=2, max_size=12, unique=True),
)
any_order_card = st.one_of(order_cards(), big_order_cards)


def pairs_in_order(shown: Sequence[str], answer: Sequence[str]) -> float:
    """The oracle: the share of pairs of items shown in their right relative order."""
    rank = {item: index for index, item in enumerate(answer)}
    ranks = [rank[item] for item in shown]
    pairs = [(a, b) for i, a in enumerate(ranks) for b in ranks[i + 1 :]]
    return sum(a < b for a, b in pairs) / len(pairs)


def assert_fairly_shuffled(shown: Sequence[str], card: OrderCard) -> None:
    assert sorted(shown) == sorted(card.answer)  # every item, once
    assert list(shown) != list(card.answer), "shown already solved"
    assert pairs_in_order(shown, card.answer) <= MAX_ORDER_CREDIT_SHOWN + 1e-12


def loaded(*cards: OrderCard) -> LoadedDeck:
    return LoadedDeck(deck=Deck(id="d", title="Orders", cards=list(cards)), path=Path("d.yaml"))


@pytest.fixture(scope="module")
def store() -> Iterator[Store]:
    with tempfile.TemporaryDirectory() as home, Store.open(home) as opened:
        yield opened


@settings(max_examples=300)
@given(any_order_card, seeds, st.booleans())
def test_a_quiz_never_shows_an_order_card_solved(card: OrderCard, seed: int, shuffle: bool) -> None:
    session = QuizSession.start(loaded(card), now=NOW, seed=seed, shuffle=shuffle)
    assert_fairly_shuffled(session.questions[0].choices, card)


@settings(max_examples=300)
@given(any_order_card, seeds)
def test_the_classroom_never_shows_an_order_card_solved(card: OrderCard, seed: int) -> None:
    (question,) = build_questions([card], seed=seed)
    assert question.shown.items is not None
    assert_fairly_shuffled(question.shown.items, card)


@settings(max_examples=150, deadline=None)
@given(card=any_order_card, seed=seeds)
def test_study_never_shows_an_order_card_solved(store: Store, card: OrderCard, seed: int) -> None:
    session = StudySession.start(loaded(card), store, now=NOW, seed=seed)
    item = session.current(NOW)
    assert item is not None and item.card == card
    assert_fairly_shuffled(item.choices, card)


def test_two_items_are_always_shown_swapped() -> None:
    card = OrderCard(type="order", id="two", prompt="?", answer=["first", "second"])
    for seed in range(200):
        session = QuizSession.start(loaded(card), now=NOW, seed=seed)
        assert session.questions[0].choices == ("second", "first")


@settings(max_examples=300)
@given(any_order_card, st.text(min_size=1, max_size=12))
def test_an_anki_export_never_shows_an_order_card_solved(card: OrderCard, deck_id: str) -> None:
    """The exported card's front lists the items as the app would show them."""
    assert_fairly_shuffled(anki_shuffled(card, deck_id), card)


@pytest.mark.parametrize("size", [3, 4])
def test_every_fair_order_is_shown_as_often_as_another(size: int) -> None:
    """The shown order is drawn from the seed among all the fair ones (3 of the 6 orders of
    3 items, 15 of the 24 of 4), not a fixed fallback such as the reverse."""
    card = OrderCard(type="order", id="x", prompt="?", answer=[f"item {n}" for n in range(size)])
    fair = {
        order
        for order in itertools.permutations(card.answer)
        if list(order) != card.answer and pairs_in_order(order, card.answer) <= 0.5
    }
    draws = 400 * len(fair)
    seen = Counter(present(card, random.Random(seed)).choices for seed in range(draws))
    assert set(seen) == fair
    assert all(300 <= count <= 500 for count in seen.values()), seen  # 400 ± 5 sd at most
