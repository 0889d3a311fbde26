"""The study engine: queue order, new-card limit, learning steps, ratings, undo, next due."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from sahel_quiz.deck.loader import load_deck
from sahel_quiz.deck.model import LoadedDeck
from sahel_quiz.engine.study import StudySession
from sahel_quiz.scheduling import State
from sahel_quiz.scoring import Rating
from sahel_quiz.store import Store

NOW = datetime(2026, 4, 1, 12, 0, tzinfo=UTC)
DAY_BEGAN = datetime(2026, 4, 1, 4, 0, tzinfo=UTC)


def start(deck: LoadedDeck, store: Store, now: datetime = NOW, **options: int) -> StudySession:
    return StudySession.start(deck, store, now=now, seed=1, day_began=DAY_BEGAN, **options)


def test_new_cards_come_in_deck_order_up_to_the_daily_limit(deck: LoadedDeck, store: Store) -> None:
    session = start(deck, store, new_per_day=3)
    assert (session.counts.new, session.counts.learning, session.counts.review) == (3, 0, 0)
    item = session.current(NOW)
    assert item is not None and item.kind == "new"
    assert item.card.id == "basic-card"
    assert set(item.intervals) == set(Rating)
    assert item.intervals[Rating.AGAIN] == "1m"
    assert item.intervals[Rating.GOOD] == "10m"
    session.rate(Rating.EASY, now=NOW)
    session.rate(Rating.EASY, now=NOW)
    # the next session the same day sees one new card left of today's three
    assert start(deck, store, new_per_day=3).counts.new == 1


def test_learning_cards_come_back_and_again_is_soonest(deck: LoadedDeck, store: Store) -> None:
    session = start(deck, store, new_per_day=1)
    first = session.current(NOW)
    assert first is not None
    session.rate(Rating.AGAIN, now=NOW)
    assert session.counts.learning == 1 and session.counts.new == 0
    # nothing else left: shown early (learn ahead) rather than making the learner wait
    again = session.current(NOW + timedelta(seconds=5))
    assert again is not None and again.card.id == first.card.id
    assert again.kind == "learning"
    session.rate(Rating.GOOD, now=NOW + timedelta(minutes=1))
    session.rate(Rating.GOOD, now=NOW + timedelta(minutes=11))
    state = store.card_state("default", "every-type", first.card.id)
    assert state is not None and state.state == 2  # graduated to review
    assert session.current(NOW + timedelta(minutes=12)) is None
    due = session.next_due(NOW + timedelta(minutes=12))
    assert due is not None and due >= NOW + timedelta(days=1)
    assert store.review_count("default", "every-type") == 3


def test_ratings_order_the_intervals(deck: LoadedDeck, store: Store) -> None:
    session = start(deck, store)
    for rating in Rating:
        session.current(NOW)
        session.rate(rating, now=NOW)
    states = store.card_states("default", "every-type")
    dues = [states[card.id].due for card in deck.deck.cards[:4]]
    assert dues == sorted(dues)  # Again ≤ Hard ≤ Good ≤ Easy
    assert all(due > NOW for due in dues)


def test_undo_restores_the_card_and_the_queue(deck: LoadedDeck, store: Store) -> None:
    session = start(deck, store)
    before = session.counts
    session.current(NOW)
    session.reveal(knew=True)
    session.rate(Rating.GOOD, now=NOW)
    assert session.counts != before
    assert session.undo().card_id == "basic-card"
    assert session.counts == before
    assert store.card_state("default", "every-type", "basic-card") is None
    assert store.review_count("default", "every-type") == 0
    item = session.current(NOW)
    assert item is not None and item.card.id == "basic-card"
    assert not session.undo()
    assert session.undo().message == "Nothing to undo."


def test_due_reviews_come_before_new_cards(deck: LoadedDeck, store: Store) -> None:
    session = start(deck, store, new_per_day=8)
    for _ in range(8):
        session.current(NOW)
        session.rate(Rating.EASY, now=NOW)
    later = NOW + timedelta(days=60)
    review = StudySession.start(deck, store, now=later, new_per_day=8)
    assert review.counts.review == 8 and review.counts.new == 0
    item = review.current(later)
    assert item is not None and item.kind == "review"


def test_a_reworded_card_is_flagged_changed(deck: LoadedDeck, store: Store, tmp_path: Path) -> None:
    session = start(deck, store)
    session.rate(Rating.AGAIN, now=NOW)
    edited = tmp_path / "every-type.yaml"
    text = deck.path.read_text().replace("Where will the ministers go?", "Which city?")
    edited.write_text(text.replace("source: source.txt", f"source: {deck.source_path}"))
    reworded = load_deck(edited)
    item = start(reworded, store).current(NOW + timedelta(minutes=2))
    assert item is not None and item.card.id == "basic-card"
    assert item.changed


def test_check_suggests_a_rating_and_rate_saves_the_response(
    deck: LoadedDeck, store: Store
) -> None:
    session = start(deck, store)
    item = session.current(NOW)
    assert item is not None and item.card.id == "basic-card"
    assert session.reveal(knew=False) is Rating.AGAIN
    session.rate(Rating.AGAIN, now=NOW)
    item = session.current(NOW)
    assert item is not None and item.card.id == "choice-card"
    checked = session.check("Sergei Lavrov")
    assert checked.grade is not None and checked.grade.credit == 1
    assert checked.suggested is Rating.GOOD
    assert store.review_count("default") == 1  # checking saves nothing
    session.rate(Rating.GOOD, now=NOW)
    item = session.current(NOW)
    assert item is not None and item.card.id == "multi-card"
    assert session.check(["Mali"]).suggested is Rating.HARD
    with sqlite3.connect(store.path) as connection:
        rows = connection.execute("SELECT card_id, response, credit FROM reviews ORDER BY id")
        assert rows.fetchall() == [
            ("basic-card", "false", None),
            ("choice-card", '"Sergei Lavrov"', 1.0),
        ]


def test_a_large_queue_is_windowed_and_counted_from_the_index(tmp_path: Path, store: Store) -> None:
    from sahel_quiz.deck.model import Deck
    from sahel_quiz.engine.review import review
    from sahel_quiz.engine.study import WINDOW
    from sahel_quiz.scheduling import Scheduler

    count = WINDOW + 60
    cards = [
        {"id": f"c{n}", "type": "typed", "prompt": f"Q{n}", "answer": f"A{n}"} for n in range(count)
    ]
    loaded = LoadedDeck(
        Deck.model_validate({"id": "big", "title": "Big", "cards": cards}), tmp_path / "big.yaml"
    )
    scheduler = Scheduler()
    for n in range(count + 1):  # one card more than the deck has: no longer in the deck
        review(
            store,
            scheduler,
            profile="default",
            deck_id="big",
            card_id=f"c{n}",
            content_hash="h",
            rating=Rating.GOOD,
            now=NOW,
            mode="study",
        )
    later = NOW + timedelta(days=1)
    session = StudySession.start(loaded, store, now=later, new_per_day=0)
    assert session.counts.learning == count  # the orphan is not counted
    assert len(session.due) == WINDOW
    seen = set()
    moment = later
    while (item := session.current(moment)) is not None:
        assert item.card.id not in seen
        seen.add(item.card.id)
        session.rate(Rating.EASY, now=moment)
        moment += timedelta(seconds=1)
        assert session.counts.learning == count - len(seen)
    assert seen == {f"c{n}" for n in range(count)}
    assert session.counts == type(session.counts)(0, 0, 0)


def test_undo_after_another_window_reviewed_the_card_changes_nothing(
    deck: LoadedDeck, home: Path
) -> None:
    """Two windows on one profile: the first cannot take back a review the second has built
    on; it says why, and neither its queue nor its counts move."""
    with Store.open(home) as first_store, Store.open(home) as second_store:
        first = start(deck, first_store, new_per_day=2)
        second = start(deck, second_store, new_per_day=2)
        assert first.current(NOW) is not None
        first.reveal(knew=True)
        first.rate(Rating.GOOD, now=NOW)
        item = second.current(NOW)
        assert item is not None and item.card.id == "basic-card"  # its queue is older
        second.reveal(knew=True)
        after = second.rate(Rating.GOOD, now=NOW + timedelta(seconds=30))
        # Computed from the first window's state (a new card rated Good would still be learning).
        assert after.state is State.Review and after.introduced_at == NOW
        counts, due, shown = first.counts, list(first.due), first.current(NOW)
        undo = first.undo()
        assert not undo
        assert (
            undo.message == "Cannot undo: this card was reviewed again since (in another window?)."
        )
        assert (first.counts, first.due, first.current(NOW)) == (counts, due, shown)
        assert first.reviewed == 1
        assert first_store.review_count("default", "every-type") == 2
        assert second.undo().card_id == "basic-card"  # the latest review can be taken back
        assert first_store.review_count("default", "every-type") == 1


def test_a_huge_queue_counts_up_to_a_cap_and_counts_again_as_it_goes(
    tmp_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sahel_quiz.engine.study as study
    from sahel_quiz.deck.model import Deck
    from sahel_quiz.engine.review import review
    from sahel_quiz.scheduling import Scheduler

    monkeypatch.setattr(study, "COUNT_CAP", 250)
    count = study.WINDOW + 150
    cards = [
        {"id": f"c{n:03d}", "type": "basic", "prompt": "Q", "answer": "A"} for n in range(count)
    ]
    loaded = LoadedDeck(
        Deck.model_validate({"id": "huge", "title": "Huge", "cards": cards}), tmp_path / "h.yaml"
    )
    for n in range(count):
        review(
            store,
            Scheduler(),
            profile="default",
            deck_id="huge",
            card_id=f"c{n:03d}",
            content_hash="h",
            rating=Rating.GOOD,
            now=NOW,
            mode="study",
        )
    later = NOW + timedelta(days=1)
    session = StudySession.start(loaded, store, now=later, new_per_day=0)
    assert session.counts.capped and session.counts.learning == 251
    moment = later
    seen = 0
    while session.current(moment) is not None:
        session.rate(Rating.EASY, now=moment)
        seen += 1
        moment += timedelta(seconds=1)
        if not session.counts.capped:
            assert session.counts.learning == count - seen  # exact once counted again
    assert seen == count and session.counts == study.StudyCounts(0, 0, 0)
