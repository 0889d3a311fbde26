"""The quiz engine: question order, grading, saving each answer as a review, results."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from sahel_quiz import i18n
from sahel_quiz.cards import show
from sahel_quiz.deck.model import LoadedDeck
from sahel_quiz.engine.quiz import QuizQuestion, QuizSession
from sahel_quiz.errors import UserError
from sahel_quiz.grading import Response
from sahel_quiz.scoring import Rating
from sahel_quiz.store import Store

NOW = datetime(2026, 4, 1, 9, 0, tzinfo=UTC)

RIGHT: dict[str, Response] = {
    "basic-card": True,
    "choice-card": "Sergei Lavrov",
    "multi-card": ["Mali", "Burkina Faso", "Niger"],
    "tf-card": False,
    "typed-card": "lavrov",
    "number-card": "13 years",
    "cloze-card": ["3", "four"],
    "order-card": ["Mali", "Burkina Faso", "Niger"],
}


def test_seed_makes_the_order_reproducible(deck: LoadedDeck) -> None:
    first = QuizSession.start(deck, now=NOW, seed=7)
    again = QuizSession.start(deck, now=NOW, seed=7)
    other = QuizSession.start(deck, now=NOW, seed=8)
    ids = [q.card.id for q in first.questions]
    assert ids == [q.card.id for q in again.questions]
    assert [q.choices for q in first.questions] == [q.choices for q in again.questions]
    assert ids != [q.card.id for q in other.questions] or any(
        a.choices != b.choices for a, b in zip(first.questions, other.questions, strict=True)
    )
    assert sorted(ids) == sorted(card.id for card in deck.deck.cards)


def test_no_shuffle_keeps_the_card_order_but_never_the_options_order(deck: LoadedDeck) -> None:
    """--no-shuffle is about the cards: the options are shuffled all the same (a deck's first
    option is often the right one), and order items are never shown solved."""
    written = ["Sergei Lavrov", "Vladimir Putin", "Emmanuel Macron"]
    firsts = set()
    for seed in range(20):
        session = QuizSession.start(deck, now=NOW, seed=seed, shuffle=False)
        assert [q.card.id for q in session.questions] == [c.id for c in deck.deck.cards]
        order = next(q for q in session.questions if q.card.type == "order")
        assert sorted(order.choices) == sorted(["Mali", "Burkina Faso", "Niger"])
        assert list(order.choices) != ["Mali", "Burkina Faso", "Niger"]
        choice = next(q for q in session.questions if q.card.type == "choice")
        assert sorted(choice.choices) == sorted(written)
        firsts.add(choice.choices[0])
    assert firsts == set(written)  # over 20 seeds, each option came first at least once


def test_a_card_with_shuffle_false_keeps_its_options_in_order(deck: LoadedDeck) -> None:
    """`shuffle: false`, for options whose order means something (a scale, dates)."""
    cards = [
        card.model_copy(update={"shuffle": False}) if card.type in ("choice", "multi") else card
        for card in deck.deck.cards
    ]
    kept = LoadedDeck(deck=deck.deck.model_copy(update={"cards": cards}), path=deck.path)
    for seed in range(10):
        for shuffle in (True, False):
            session = QuizSession.start(kept, now=NOW, seed=seed, shuffle=shuffle)
            for question in session.questions:
                if question.card.type in ("choice", "multi"):
                    assert list(question.choices) == question.card.options  # type: ignore[union-attr]


def test_limit_takes_n_cards_and_refuses_zero(deck: LoadedDeck) -> None:
    assert len(QuizSession.start(deck, now=NOW, seed=1, limit=3).questions) == 3
    with pytest.raises(UserError, match="--limit"):
        QuizSession.start(deck, now=NOW, limit=0)


def test_a_perfect_quiz_scores_the_maximum_and_saves_every_review(
    deck: LoadedDeck, store: Store
) -> None:
    session = QuizSession.start(deck, now=NOW, store=store, profile="ama", seed=3)
    moment = NOW
    while (question := session.current) is not None:
        moment += timedelta(seconds=10)
        answered = session.answer(RIGHT[question.card.id], now=moment, duration_ms=900)
        assert answered.grade.verdict == "right", question.card.id
        assert answered.rating is Rating.GOOD
        # committed before the next question: visible from a second connection at once
        with Store.open(store.home) as other:
            assert other.card_state("ama", "every-type", question.card.id) is not None
    summary = session.finish(now=moment)
    assert summary.total.score == summary.total.maximum == 9  # the number card is worth 2
    assert summary.missed == ()
    assert store.review_count("ama", "every-type") == 8
    [result] = store.quiz_results("ama", "every-type")
    assert (result.score, result.maximum, result.card_count) == (9, 9, 8)
    assert session.finish(now=moment) is summary  # finishing twice saves once
    assert len(store.quiz_results("ama")) == 1


def test_wrong_and_partial_answers_map_to_again_and_hard(deck: LoadedDeck, store: Store) -> None:
    session = QuizSession.start(
        deck, now=NOW, store=store, profile="ama", shuffle=False, card_ids=["multi-card", "tf-card"]
    )
    partial = session.answer(["Mali", "Niger"], now=NOW)
    assert partial.grade.verdict == "partly"
    assert partial.rating is Rating.HARD
    assert partial.grade.credit == pytest.approx(2 / 3)
    wrong = session.answer(True, now=NOW)
    assert wrong.rating is Rating.AGAIN
    assert wrong.score == pytest.approx(2 / 3)
    assert session.current is None
    summary = session.finish(now=NOW)
    assert [a.card.id for a in summary.missed] == ["multi-card", "tf-card"]
    by_tag = {t.tag: (t.score, t.maximum) for t in summary.by_tag}
    assert by_tag["who"] == (pytest.approx(2 / 3), 1)
    assert "untagged" not in by_tag  # the tf card has no tag: it counts in no row


def test_retry_missed_replays_only_the_missed_cards(deck: LoadedDeck, store: Store) -> None:
    session = QuizSession.start(deck, now=NOW, store=store, shuffle=False)
    while (question := session.current) is not None:
        right = question.card.id not in {"typed-card", "order-card"}
        session.answer(RIGHT[question.card.id] if right else None, now=NOW)
    retry = session.retry_missed(now=NOW, seed=1)
    assert sorted(q.card.id for q in retry.questions) == ["order-card", "typed-card"]
    assert session.summary is not None and session.summary.result_id is not None


def test_ending_early_saves_the_answers_given(deck: LoadedDeck, store: Store) -> None:
    session = QuizSession.start(deck, now=NOW, store=store, shuffle=False)
    session.answer(True, now=NOW)
    summary = session.finish(now=NOW + timedelta(minutes=1))
    assert not summary.complete
    assert (summary.total.score, summary.total.maximum) == (1, 1)
    assert store.quiz_results("default")[0].card_count == 1
    assert summary.seconds == 60
    with pytest.raises(RuntimeError):
        session.answer(True, now=NOW)


def test_quiz_answers_feed_spaced_repetition(deck: LoadedDeck, store: Store) -> None:
    session = QuizSession.start(deck, now=NOW, store=store, card_ids=["choice-card"])
    session.answer("Vladimir Putin", now=NOW)
    state = store.card_state("default", "every-type", "choice-card")
    assert state is not None
    assert state.due > NOW  # Again: back in a minute
    assert state.due - NOW <= timedelta(minutes=1)


def test_a_question_is_headed_with_its_number_and_any_points_but_one(deck: LoadedDeck) -> None:
    """One heading for the quiz screen and line mode: a card's points show when not 1."""
    card = deck.deck.cards[0]

    def heading(points: float) -> str:
        weighted = card.model_copy(update={"points": points})
        return QuizQuestion(2, 8, weighted, show(weighted)).heading

    assert heading(1) == "Question 3 of 8"
    assert heading(2) == "Question 3 of 8 · 2 points"
    assert heading(1.5) == "Question 3 of 8 · 1.5 points"
    i18n.set_language("fr")
    assert heading(1.5) == "Question 3 sur 8 · 1,5\u00a0point"  # French: below 2, singular
    assert heading(0) == "Question 3 sur 8 · 0\u00a0point"
