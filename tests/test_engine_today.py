"""What home and study both show (issue 12): the cards left today, counted once by the engine
(`engine.study.today_counts`), and what falls due tomorrow, for the end of a study session."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from zones import local_time_zone

from sahel_quiz.deck.model import LoadedDeck
from sahel_quiz.engine.quiz import QuizSession
from sahel_quiz.engine.study import StudySession, today_counts
from sahel_quiz.scoring import Rating
from sahel_quiz.store import Store

NOW = datetime(2026, 4, 1, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def utc() -> Iterator[None]:
    with local_time_zone("UTC"):
        yield


def test_home_counts_what_a_study_session_started_now_shows(deck: LoadedDeck, store: Store) -> None:
    """A quiz an hour ago left every card learning, due within minutes: home said "Due 7"
    while study said "Learning 44"; now both say what study shows."""
    quiz = QuizSession.start(deck, now=NOW - timedelta(hours=1), store=store, seed=1, limit=5)
    while quiz.current is not None:
        quiz.answer(None, now=NOW - timedelta(hours=1))
    counts = today_counts(deck, store, now=NOW, new_per_day=8)
    session = StudySession.start(deck, store, now=NOW, new_per_day=8)
    assert counts == session.counts
    # the quiz's five cards were introduced today: 3 new ones left of 8, and 5 learning
    assert (counts.new, counts.learning, counts.review) == (3, 5, 0)
    assert counts.total == 8


def test_due_tomorrow_counts_the_learners_next_day_only(deck: LoadedDeck, store: Store) -> None:
    session = StudySession.start(deck, store, now=NOW, new_per_day=3, seed=1)
    assert session.due_tomorrow(NOW) == 0
    first = session.current(NOW)
    session.rate(Rating.AGAIN, now=NOW)  # back in a minute: today, not tomorrow
    second = session.current(NOW)
    assert first is not None and second is not None
    session.rate(Rating.EASY, now=NOW)  # days away
    assert session.due_tomorrow(NOW) == 0
    state = store.card_state("default", deck.id, second.card.id)
    assert state is not None and state.due - NOW > timedelta(days=2)
    eve = state.due - timedelta(days=1)  # the day before it falls due
    assert StudySession.start(deck, store, now=eve).due_tomorrow(eve) == 1
    after = state.due + timedelta(hours=1)  # it is due today now: tomorrow holds nothing
    assert StudySession.start(deck, store, now=after).due_tomorrow(after) == 0
