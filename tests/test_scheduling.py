"""The FSRS scheduler, interval labels and study queues, with fixed datetimes throughout."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from unittest.mock import patch

import fsrs
import fsrs.scheduler
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sahel_quiz.errors import UserError
from sahel_quiz.scheduling import (
    CardState,
    Scheduler,
    build_queue,
    day_start,
    format_interval,
    format_intervals,
    fsrs_card_id,
    new_card,
)
from sahel_quiz.scheduling.queue import StudyQueue
from sahel_quiz.store import Store

START = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)
SCHEDULER = Scheduler()
UNFUZZED = Scheduler(enable_fuzzing=False)

ratings = st.integers(min_value=1, max_value=4)
# Gaps from seconds to a year, so that states cover learning steps, short-term reviews (same
# day) and long-term ones, early and overdue.
gaps = st.one_of(
    st.integers(min_value=0, max_value=3_600),
    st.integers(min_value=0, max_value=3 * 86_400),
    st.integers(min_value=0, max_value=365 * 86_400),
).map(lambda seconds: timedelta(seconds=seconds))
card_ids = st.text(alphabet="abcdefghij-0123456789", min_size=1, max_size=12)


@st.composite
def histories(draw: st.DrawFn) -> tuple[fsrs.Card, datetime]:
    """A card after a random run of reviews, and a later time to review it again."""
    card = new_card("deck", draw(card_ids), START)
    moment = START
    for _ in range(draw(st.integers(min_value=0, max_value=8))):
        moment += draw(gaps)
        card = SCHEDULER.review(card, draw(ratings), moment)
    return card, moment + draw(gaps)


# -- the scheduler -------------------------------------------------------------------------------


@given(histories(), ratings)
def test_a_reviewed_card_is_due_after_the_review(
    history: tuple[fsrs.Card, datetime], rating: int
) -> None:
    card, now = history
    reviewed = SCHEDULER.review(card, rating, now)
    assert reviewed.due > now
    assert reviewed.last_review == now


@given(histories())
def test_easy_good_hard_again_intervals_are_ordered(history: tuple[fsrs.Card, datetime]) -> None:
    card, now = history
    for scheduler in (SCHEDULER, UNFUZZED):
        shown = scheduler.preview_intervals(card, now)
        assert shown[4] >= shown[3] >= shown[2] >= shown[1] > timedelta(0)


@given(histories(), ratings)
def test_the_preview_is_what_the_review_gives(
    history: tuple[fsrs.Card, datetime], rating: int
) -> None:
    card, now = history
    assert (
        SCHEDULER.preview_intervals(card, now)[rating]
        == SCHEDULER.review(card, rating, now).due - now
    )


@given(histories(), ratings)
def test_reviews_are_reproducible_and_leave_the_input_alone(
    history: tuple[fsrs.Card, datetime], rating: int
) -> None:
    card, now = history
    before = fsrs.Card.from_dict(card.to_dict())
    assert SCHEDULER.review(card, rating, now) == Scheduler().review(card, rating, now)
    assert card == before


@given(histories(), ratings)
def test_fuzz_stays_within_the_range_py_fsrs_draws_from(
    history: tuple[fsrs.Card, datetime], rating: int
) -> None:
    """Ours replaces py-fsrs's random() by a hash: the result must be one py-fsrs could give."""
    card, now = history
    ours = SCHEDULER.review(card, rating, now)
    library = fsrs.Scheduler()  # the same steps and retention, with py-fsrs's own fuzz
    bounds = []
    for draw in (0.0, 0.999_999_999):
        # Pinning the library's random draw is the only way to ask it for its extremes.
        with patch.object(fsrs.scheduler, "random", lambda value=draw: value):
            bounds.append(library.review_card(card, fsrs.Rating(rating), now)[0])
    low, high = bounds
    assert (ours.state, ours.stability, ours.difficulty) == (
        low.state,
        low.stability,
        low.difficulty,
    )
    assert low.due <= ours.due <= high.due


def test_fuzz_varies_between_cards_but_not_between_runs() -> None:
    """Reproducible is not constant: different cards due the same day get spread out."""
    due_days = set()
    for number in range(40):
        card = new_card("deck", f"card-{number}", START)
        card = SCHEDULER.review(card, 4, START)  # Easy: straight to review
        later = card.due
        card = SCHEDULER.review(card, 3, later)
        assert (
            SCHEDULER.review(
                SCHEDULER.review(new_card("deck", f"card-{number}", START), 4, START), 3, later
            )
            == card
        )
        due_days.add((card.due - later).days)
    assert len(due_days) >= 3


def test_new_cards_follow_the_learning_steps() -> None:
    card = new_card("deck", "c", START)
    assert card.card_id == fsrs_card_id("deck", "c")
    shown = SCHEDULER.preview_intervals(card, START)
    assert shown[1] == timedelta(minutes=1)
    assert shown[2] == timedelta(minutes=5, seconds=30)
    assert shown[3] == timedelta(minutes=10)
    assert shown[4] >= timedelta(days=1)
    second = SCHEDULER.review(card, 3, START)
    assert second.state == fsrs.State.Learning and second.step == 1
    graduated = SCHEDULER.review(second, 3, START + timedelta(minutes=10))
    assert graduated.state == fsrs.State.Review
    lapsed = SCHEDULER.review(graduated, 1, graduated.due)
    assert lapsed.state == fsrs.State.Relearning
    assert lapsed.due - graduated.due == timedelta(minutes=10)


def test_a_higher_retention_gives_shorter_intervals() -> None:
    card = SCHEDULER.review(new_card("deck", "c", START), 4, START)
    strict = Scheduler(0.97, enable_fuzzing=False).preview_intervals(card, card.due)[3]
    lax = Scheduler(0.8, enable_fuzzing=False).preview_intervals(card, card.due)[3]
    assert strict < lax


@pytest.mark.parametrize("retention", [0.0, 0.5, 1.0, 1.5])
def test_an_impossible_retention_is_a_user_error(retention: float) -> None:
    with pytest.raises(UserError, match="retention"):
        Scheduler(retention)


def test_naive_datetimes_are_refused() -> None:
    naive = datetime(2025, 3, 1, 9, 30)
    card = new_card("deck", "c", START)
    for call in (
        lambda: SCHEDULER.review(card, 3, naive),
        lambda: SCHEDULER.preview_intervals(card, naive),
        lambda: new_card("deck", "c", naive),
        lambda: day_start(naive),
    ):
        with pytest.raises(ValueError, match="naive"):
            call()


def test_other_time_zones_are_the_same_instant() -> None:
    niamey = START.astimezone(timezone(timedelta(hours=1)))
    card = new_card("deck", "c", START)
    assert SCHEDULER.review(card, 3, niamey) == SCHEDULER.review(card, 3, START)
    assert SCHEDULER.review(card, 3, niamey).last_review.tzinfo is UTC  # type: ignore[union-attr]


def test_a_rating_outside_1_to_4_is_refused() -> None:
    with pytest.raises(ValueError, match="rating"):
        SCHEDULER.review(new_card("deck", "c", START), 5, START)


# -- interval labels -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("interval", "label"),
    [
        (timedelta(0), "<1m"),
        (timedelta(seconds=30), "<1m"),
        (timedelta(minutes=1), "1m"),
        (timedelta(minutes=5, seconds=30), "5.5m"),
        (timedelta(minutes=10), "10m"),
        (timedelta(hours=1, minutes=30), "1.5h"),
        (timedelta(hours=3), "3h"),
        (timedelta(days=1), "1d"),
        (timedelta(days=2), "2d"),
        (timedelta(days=5), "5d"),
        (timedelta(days=30), "30d"),
        (timedelta(days=91), "3mo"),
        (timedelta(days=200), "6.6mo"),
        (timedelta(days=365), "1y"),
        (timedelta(days=438), "1.2y"),
    ],
)
def test_intervals_are_labelled_like_anki(interval: timedelta, label: str) -> None:
    assert format_interval(interval) == label


def test_four_previews_make_one_line() -> None:
    shown = SCHEDULER.preview_intervals(new_card("deck", "c", START), START)
    line = format_intervals(shown)
    assert line.startswith("1m · 5.5m · 10m · ")
    assert line.endswith("d")


def test_a_negative_interval_is_refused() -> None:
    with pytest.raises(ValueError):
        format_interval(timedelta(seconds=-1))


# -- study queues --------------------------------------------------------------------------------


def _state(card_id: str, due: datetime, introduced: datetime = START) -> CardState:
    card = fsrs.Card(
        card_id=fsrs_card_id("deck", card_id),
        state=fsrs.State.Review,
        stability=3.0,
        difficulty=5.0,
        due=due,
        last_review=due - timedelta(days=3),
    )
    return CardState.from_card("deck", card_id, "hash", card, introduced)


def test_due_cards_come_first_most_overdue_first_then_new_ones() -> None:
    now = START + timedelta(days=10)
    states = [
        _state("b", now - timedelta(hours=1)),
        _state("a", now - timedelta(days=2)),
        _state("later", now + timedelta(hours=1)),
        _state("c", now),
    ]
    deck = ["a", "b", "c", "later", "n1", "n2", "n3"]
    queue = build_queue(deck, states, {"a", "b", "c", "later"}, now=now, introduced_today=0)
    assert [state.card_id for state in queue.due] == ["a", "b", "c"]
    assert queue.new == ("n1", "n2", "n3")
    assert queue.next_card_id == "a"
    assert len(queue) == 6


def test_new_cards_introduced_today_count_against_the_limit() -> None:
    deck = [f"n{number}" for number in range(30)]
    full = build_queue(deck, [], set(), now=START, introduced_today=0)
    assert full.new == tuple(deck[:20])
    assert full.new_left_today == 20
    partly = build_queue(deck, [], set(), now=START, introduced_today=15, new_per_day=20)
    assert partly.new == tuple(deck[:5])
    spent = build_queue(deck, [], set(), now=START, introduced_today=25)
    assert spent.new == () and spent.new_left_today == 0
    none = build_queue(deck, [], set(), now=START, introduced_today=0, new_per_day=0)
    assert none.is_empty


def test_cards_removed_from_the_deck_are_never_queued() -> None:
    now = START + timedelta(days=10)
    queue = build_queue(
        ["kept"],
        [_state("kept", now), _state("removed", now - timedelta(days=1))],
        {"kept", "removed"},
        now=now,
        introduced_today=0,
    )
    assert [state.card_id for state in queue.due] == ["kept"]
    assert queue.new == ()


def test_an_empty_queue_says_when_to_come_back() -> None:
    later = START + timedelta(hours=5)
    queue = build_queue(
        ["a"], [_state("a", later)], {"a"}, now=START, introduced_today=0, next_due=later
    )
    assert queue == StudyQueue(due=(), new=(), new_left_today=20, next_due=later)
    assert queue.is_empty and queue.next_card_id is None


def test_a_negative_new_card_limit_is_a_user_error() -> None:
    with pytest.raises(UserError, match="new cards per day"):
        build_queue(["a"], [], set(), now=START, introduced_today=0, new_per_day=-1)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (datetime(2025, 3, 1, 2, 30, tzinfo=UTC), datetime(2025, 2, 28, 3, 0, tzinfo=UTC)),
        (datetime(2025, 3, 1, 3, 0, tzinfo=UTC), datetime(2025, 3, 1, 3, 0, tzinfo=UTC)),
        (datetime(2025, 3, 1, 23, 59, tzinfo=UTC), datetime(2025, 3, 1, 3, 0, tzinfo=UTC)),
    ],
)
def test_the_learners_day_starts_at_4_am_local_time(now: datetime, expected: datetime) -> None:
    west_africa = timezone(timedelta(hours=1))  # 4 a.m. there is 3 a.m. UTC
    assert day_start(now, west_africa) == expected
    assert day_start(now, west_africa, rollover_hour=0) <= now


# -- the scheduler with a real store ---------------------------------------------------------


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with Store.open(Path(tmp_path_factory.mktemp("home"))) as opened:
        yield opened


@settings(max_examples=40)
@given(history=histories())
def test_a_state_survives_the_store_round_trip(
    store: Store, history: tuple[fsrs.Card, datetime]
) -> None:
    card, now = history
    reviewed = SCHEDULER.review(card, 3, now)
    card_id = f"round-trip-{reviewed.card_id}"
    reviewed.card_id = fsrs_card_id("deck", card_id)
    store.record_review(
        "learner", "deck", card_id, content_hash="h", card=reviewed, rating=3, mode="study"
    )
    back = store.card_state("learner", "deck", card_id)
    assert back is not None
    assert back.card == reviewed
    assert back.due == reviewed.due and back.last_review == reviewed.last_review


def test_a_study_day_with_a_real_store(tmp_path: Path) -> None:
    """New-card limit across the day, learning steps coming back, next due when done."""
    deck = [f"c{number}" for number in range(8)]
    wanted = set(deck)
    with Store.open(tmp_path) as store:

        def queue_at(now: datetime) -> StudyQueue:
            return build_queue(
                deck,
                store.due_cards("ana", "deck", now, card_ids=wanted),
                store.cards_with_progress("ana", "deck"),
                now=now,
                introduced_today=store.new_introduced_since("ana", "deck", day_start(now, UTC)),
                new_per_day=3,
                next_due=store.next_due("ana", "deck", after=now, card_ids=wanted),
            )

        def answer(card_id: str, rating: int, now: datetime) -> None:
            state = store.card_state("ana", "deck", card_id)
            before = state.card if state else new_card("deck", card_id, now)
            after = SCHEDULER.review(before, rating, now)
            store.record_review(
                "ana", "deck", card_id, content_hash="h", card=after, rating=rating, mode="study"
            )

        now = START
        queue = queue_at(now)
        assert queue.new == ("c0", "c1", "c2")
        answer("c0", 1, now)  # Again: back in a minute
        answer("c1", 4, now)  # Easy: days away
        queue = queue_at(now)
        assert queue.new == ("c2",)  # two of today's three are spent
        assert queue.due == ()
        assert queue.next_due == now + timedelta(minutes=1)
        answer("c2", 3, now)
        queue = queue_at(now + timedelta(seconds=30))
        assert queue.is_empty
        queue = queue_at(now + timedelta(minutes=1))
        assert [state.card_id for state in queue.due] == ["c0"]
        tomorrow = now + timedelta(days=1)
        assert queue_at(tomorrow).new == ("c3", "c4", "c5")
