"""`stats` counts by the learner's day, as study does: from 4 a.m. local wall time to the next,
by each date's rules. The clocks change at 2 a.m., inside the learning day that began at 4 a.m.
the evening before, so in America/Los_Angeles the day of 2026-03-07 lasts 23 hours and that of
2026-10-31 lasts 25: no review or due card may land in the day beside its own."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from datetime import time as wall_time
from pathlib import Path
from zoneinfo import ZoneInfo

import fsrs
import pytest
from zones import local_time_zone

from sahel_quiz.deck.model import LoadedDeck
from sahel_quiz.engine.stats import DAYS, collect_stats
from sahel_quiz.scheduling import CardState, Scheduler, day_starts, new_card
from sahel_quiz.scoring import Rating
from sahel_quiz.store import Store

LOS_ANGELES = ZoneInfo("America/Los_Angeles")
SCHEDULER = Scheduler(enable_fuzzing=False)
STEP = timedelta(minutes=20)


def learning_day(moment: datetime, zone: ZoneInfo) -> date:
    """The oracle, from the README's words: the day starts at 4 a.m. local wall time."""
    wall = moment.astimezone(zone).replace(tzinfo=None)
    return (wall - timedelta(hours=4)).date()


def local(day: date, hour: int, zone: ZoneInfo = LOS_ANGELES) -> datetime:
    return datetime.combine(day, wall_time(hour), tzinfo=zone).astimezone(UTC)


def record(store: Store, deck_id: str, card_id: str, at: datetime, due: datetime) -> None:
    """A review at `at` that leaves the card due at `due`."""

    def schedule(state: CardState | None) -> fsrs.Card:
        card = SCHEDULER.review(new_card(deck_id, card_id, at), Rating.GOOD, at)
        card.due = due
        return card

    store.review(
        "ana",
        deck_id,
        card_id,
        content_hash="h",
        schedule=schedule,
        rating=Rating.GOOD,
        mode="study",
        credit=1.0,
        response=None,
        duration_ms=1000,
    )


def times(first: datetime, last: datetime) -> list[datetime]:
    found, moment = [], first
    while moment <= last:
        found.append(moment)
        moment += STEP
    return found


@pytest.mark.parametrize("changed", [date(2026, 3, 8), date(2026, 11, 1)])
def test_reviews_done_per_day_follow_the_wall_clock(store: Store, changed: date) -> None:
    now = local(changed + timedelta(days=1), 12)
    done = times(local(changed - timedelta(days=2), 0), now)
    for number, moment in enumerate(done):
        record(store, "deck", f"c{number}", moment, moment + timedelta(days=90))
    progress = store.deck_progress("ana", "deck", now, day_starts(now, DAYS, LOS_ANGELES))
    today = learning_day(now, LOS_ANGELES)
    expected = [0] * DAYS
    for moment in done:
        expected[DAYS - 1 - (today - learning_day(moment, LOS_ANGELES)).days] += 1
    assert list(progress.reviews_per_day) == expected
    # The day that holds the change, from 4 a.m. to 4 a.m.: 23 or 25 hours of reviews.
    hours = 23 if changed.month == 3 else 25
    assert progress.reviews_per_day[DAYS - 3] == hours * 3


@pytest.mark.parametrize("changed", [date(2026, 3, 8), date(2026, 11, 1)])
def test_reviews_due_per_day_follow_the_wall_clock(store: Store, changed: date) -> None:
    now = local(changed - timedelta(days=2), 12)
    due = times(now - timedelta(hours=30), now + timedelta(days=4))  # some overdue
    long_ago = now - timedelta(days=60)
    for number, moment in enumerate(due):
        record(store, "deck", f"c{number}", long_ago, moment)
    progress = store.deck_progress("ana", "deck", now, day_starts(now, DAYS, LOS_ANGELES))
    today = learning_day(now, LOS_ANGELES)
    expected = [0] * DAYS
    for moment in due:
        expected[max(0, (learning_day(moment, LOS_ANGELES) - today).days)] += 1
    assert list(progress.due_per_day) == expected
    assert progress.reviews_per_day == (0,) * DAYS  # the reviews were before the 30 days
    hours = 23 if changed.month == 3 else 25
    assert progress.due_per_day[1] == hours * 3


def test_the_edges_of_the_short_and_long_days(store: Store) -> None:
    """03:59 and 04:00 local on each side of both changes, through `collect_stats` in the
    machine's zone (`TZ`), as `sahel-quiz stats` runs."""
    moments = {
        "before-short-day": local(date(2026, 3, 7), 3) + timedelta(minutes=59),  # Mar 6, PST
        "short-day": local(date(2026, 3, 7), 4),  # Mar 7, 04:00 PST
        "before-spring": local(date(2026, 3, 8), 3) + timedelta(minutes=59),  # PDT: Mar 7
        "spring": local(date(2026, 3, 8), 4),
        "before-spring-end": local(date(2026, 3, 9), 3) + timedelta(minutes=59),  # PDT now
        "spring-end": local(date(2026, 3, 9), 4),
        "before-long-day": local(date(2026, 10, 31), 3) + timedelta(minutes=59),  # Oct 30
        "long-day": local(date(2026, 10, 31), 4),  # Oct 31, 04:00 PDT
        "before-fall": local(date(2026, 11, 1), 3) + timedelta(minutes=59),  # PST: Oct 31
        "fall": local(date(2026, 11, 1), 4),
    }
    for card_id, moment in moments.items():
        record(store, "deck", card_id, moment, moment + timedelta(days=90))
    loaded = _deck(list(moments))
    now = local(date(2026, 11, 2), 12)
    with local_time_zone("America/Los_Angeles"):
        report = collect_stats(store, "ana", [loaded], now=now)
    per_day = report.decks[0].progress.reviews_per_day
    assert per_day[DAYS - 4 :] == (1, 2, 1, 0)  # Oct 30; Oct 31 (25 hours); Nov 1; Nov 2
    assert sum(per_day) == 4  # the March ones are before the 30 days
    now = local(date(2026, 3, 9), 12)
    with local_time_zone("America/Los_Angeles"):
        report = collect_stats(store, "ana", [loaded], now=now)
    per_day = report.decks[0].progress.reviews_per_day
    assert per_day[DAYS - 4 :] == (1, 2, 2, 1)  # Mar 6; Mar 7 (23 hours); Mar 8; Mar 9


def _deck(card_ids: list[str]) -> LoadedDeck:
    from sahel_quiz.deck.model import Deck

    deck = Deck.model_validate(
        {
            "id": "deck",
            "title": "Days",
            "language": "en",
            "cards": [
                {"id": card_id, "type": "basic", "prompt": "Q?", "answer": "A"}
                for card_id in card_ids
            ],
        }
    )
    return LoadedDeck(deck=deck, path=Path("deck.yaml"))
