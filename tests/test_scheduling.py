"""The FSRS scheduler, interval labels and study queues, with fixed datetimes throughout."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path
from unittest.mock import patch
from zoneinfo import ZoneInfo

import fsrs
import fsrs.scheduler
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sahel_quiz.errors import UserError
from sahel_quiz.scheduling import (
    CardState,
    Scheduler,
    State,
    StudyDay,
    day_start,
    format_interval,
    fsrs_card_id,
    local_zone,
    new_card,
    next_day_start,
    to_micros,
)
from sahel_quiz.scoring import Rating
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


def preview_intervals(
    scheduler: Scheduler, card: fsrs.Card, now: datetime
) -> dict[Rating, timedelta]:
    """What each rating would give, as the study screen labels its buttons: {AGAIN: 1m, …}."""
    return {rating: after.due - now for rating, after in scheduler.preview(card, now).items()}


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
        shown = preview_intervals(scheduler, card, now)
        assert shown[4] >= shown[3] >= shown[2] >= shown[1] > timedelta(0)


@given(histories(), ratings)
def test_the_preview_is_what_the_review_gives(
    history: tuple[fsrs.Card, datetime], rating: int
) -> None:
    card, now = history
    assert (
        preview_intervals(SCHEDULER, card, now)[rating]
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
    shown = preview_intervals(SCHEDULER, card, START)
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
    strict = preview_intervals(Scheduler(0.97, enable_fuzzing=False), card, card.due)[3]
    lax = preview_intervals(Scheduler(0.8, enable_fuzzing=False), card, card.due)[3]
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
        lambda: SCHEDULER.preview(card, naive),
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
    shown = preview_intervals(SCHEDULER, new_card("deck", "c", START), START)
    line = " · ".join(format_interval(shown[rating]) for rating in Rating)
    assert line.startswith("1m · 5.5m · 10m · ")
    assert line.endswith("d")


def test_a_negative_interval_is_refused() -> None:
    with pytest.raises(ValueError):
        format_interval(timedelta(seconds=-1))


# -- the learner's day ---------------------------------------------------------------------------

LOS_ANGELES = ZoneInfo("America/Los_Angeles")
PARIS = ZoneInfo("Europe/Paris")


def _oracle_day_start(now: datetime, zone: ZoneInfo) -> datetime:
    """From the README's words: the last 4 a.m. on the local wall clock at or before `now`."""
    local_date = now.astimezone(zone).date()
    for days_back in range(3):
        candidate = datetime.combine(local_date - timedelta(days=days_back), time(4), tzinfo=zone)
        if candidate <= now:
            return candidate.astimezone(UTC)
    raise AssertionError("no 4 a.m. in three days")


@pytest.mark.parametrize(
    ("zone", "day"),
    [
        (LOS_ANGELES, date(2026, 3, 8)),  # clocks go forward at 2 a.m.: a 23-hour day
        (LOS_ANGELES, date(2026, 11, 1)),  # clocks go back at 2 a.m.: a 25-hour day
        (PARIS, date(2026, 3, 29)),
        (PARIS, date(2026, 10, 25)),
    ],
)
def test_the_day_starts_at_4_am_wall_time_on_the_nights_clocks_change(
    zone: ZoneInfo, day: date
) -> None:
    moment = datetime.combine(day - timedelta(days=1), time(0), tzinfo=UTC)
    while moment < datetime.combine(day + timedelta(days=2), time(0), tzinfo=UTC):
        expected = _oracle_day_start(moment, zone)
        assert day_start(moment, zone) == expected, moment
        assert expected.astimezone(zone).hour == 4
        following = next_day_start(moment, zone)
        assert following.astimezone(zone).hour == 4
        assert following > moment
        assert following == _oracle_day_start(following, zone)
        moment += timedelta(minutes=10)
    starts = {
        day_start(datetime.combine(day, time(12), tzinfo=zone), zone),
        next_day_start(datetime.combine(day, time(12), tzinfo=zone), zone),
    }
    hours = {(max(starts) - min(starts)) / timedelta(hours=1)}
    assert hours <= {23.0, 24.0, 25.0}


def test_the_local_zone_comes_from_tz(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "America/Los_Angeles")
    assert local_zone() == LOS_ANGELES
    moment = datetime(2026, 3, 8, 10, 30, tzinfo=UTC)  # 03:30 PDT, still March 7's day
    assert day_start(moment) == datetime(2026, 3, 7, 12, 0, tzinfo=UTC)  # 04:00 PST


def test_today_follows_anki_reviews_until_the_day_ends_learning_by_its_time() -> None:
    now = datetime(2026, 4, 1, 12, 0, tzinfo=UTC)
    today = StudyDay.at(now, UTC)  # the next day starts at 04:00 UTC on April 2
    review_tonight = _state("r", datetime(2026, 4, 2, 3, 0, tzinfo=UTC))
    review_tomorrow = _state("t", datetime(2026, 4, 2, 4, 0, tzinfo=UTC))
    learning_soon = _state("l", now + timedelta(minutes=15), State.Learning)
    learning_later = _state("k", now + timedelta(minutes=25), State.Relearning)
    learning_now = _state("n", now, State.Learning)
    assert today.is_ready(review_tonight) and today.is_today(review_tonight)
    assert not today.is_ready(review_tomorrow) and not today.is_today(review_tomorrow)
    assert today.is_ready(learning_now)
    assert not today.is_ready(learning_soon) and today.is_today(learning_soon)
    assert not today.is_today(learning_later)


def _state(
    card_id: str, due: datetime, state: State = State.Review, introduced: datetime = START
) -> CardState:
    return CardState(
        "deck", card_id, "hash", state, None, 3.0, 5.0, to_micros(due), None, to_micros(introduced)
    )


@pytest.mark.parametrize(
    ("introduced_at", "studied_at", "new_expected"),
    [
        # 03:30 PST on March 7 belongs to March 6's day; at 03:30 PDT on March 8 (still
        # March 7's day) those five do not count: five new cards are allowed.
        (datetime(2026, 3, 7, 11, 30, tzinfo=UTC), datetime(2026, 3, 8, 10, 30, tzinfo=UTC), 5),
        # 04:30 PDT on October 31 is that day's; at 03:30 PST on November 1 (still October
        # 31's day) they count: no new card is left.
        (datetime(2026, 10, 31, 11, 30, tzinfo=UTC), datetime(2026, 11, 1, 11, 30, tzinfo=UTC), 0),
    ],
)
def test_new_cards_on_the_nights_clocks_change_in_los_angeles(
    tmp_path: Path, introduced_at: datetime, studied_at: datetime, new_expected: int
) -> None:
    from sahel_quiz.deck.model import Deck, LoadedDeck
    from sahel_quiz.engine.review import review
    from sahel_quiz.engine.study import StudySession
    from sahel_quiz.scoring import Rating

    cards = [{"id": f"c{n}", "type": "basic", "prompt": "Q", "answer": "A"} for n in range(10)]
    loaded = LoadedDeck(Deck.model_validate({"id": "d", "title": "T", "cards": cards}), tmp_path)
    with Store.open(tmp_path) as store:
        for n in range(5):
            review(
                store,
                SCHEDULER,
                profile="ana",
                deck_id="d",
                card_id=f"c{n}",
                content_hash="h",
                rating=Rating.EASY,
                now=introduced_at,
                mode="study",
            )
        session = StudySession.start(
            loaded, store, now=studied_at, profile="ana", new_per_day=5, tz=LOS_ANGELES
        )
        assert session.counts.new == new_expected


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
    reviewed = SCHEDULER.review(card, Rating.GOOD, now)
    card_id = f"round-trip-{reviewed.card_id}"
    reviewed.card_id = fsrs_card_id("deck", card_id)
    recorded = store.review(
        "learner",
        "deck",
        card_id,
        content_hash="h",
        schedule=lambda _state: reviewed,
        rating=Rating.GOOD,
        mode="study",
    )
    back = store.card_state("learner", "deck", card_id)
    assert back is not None and recorded is not None and recorded.after == back
    assert back.card == reviewed
    assert back.due == reviewed.due and back.last_review == reviewed.last_review


def test_the_rating_enums_mirror_py_fsrs() -> None:
    """`scoring.Rating` stays below scheduling, so it mirrors `fsrs.Rating`: pinned here."""
    assert [(r.name.lower(), r.value) for r in Rating] == [
        (r.name.lower(), r.value) for r in fsrs.Rating
    ]
    assert State is fsrs.State
