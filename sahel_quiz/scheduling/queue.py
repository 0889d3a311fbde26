"""The learner's day and what study shows in it. Pure: the time (and zone) are parameters.

A learner's day starts at 4 a.m. local wall time (`DAY_ROLLOVER_HOUR`), as in Anki, so studying
past midnight counts for the evening before. "Local" is the learner's time zone with its rules
for that date (`zoneinfo`), so on the nights clocks change a day is 23 or 25 hours long and
still starts at 4 a.m.

What study shows today follows Anki:

- a card in the review state is shown today when it falls due before the next day starts;
- a learning or relearning card is shown at its time, or up to `LEARN_AHEAD` early when nothing
  else is left (Anki's "learn ahead limit");
- then up to `new_per_day` new cards a day, counted from the day's start.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sahel_quiz.scheduling.card_state import CardState, State, require_utc, to_micros

__all__ = [
    "DAY_ROLLOVER_HOUR",
    "DEFAULT_NEW_PER_DAY",
    "LEARN_AHEAD",
    "StudyDay",
    "day_start",
    "day_starts",
    "local_zone",
    "next_day_start",
]

DEFAULT_NEW_PER_DAY = 20
DAY_ROLLOVER_HOUR = 4
"""As in Anki, a learner's day starts at 4 a.m., so studying past midnight counts for the
evening before instead of unlocking a fresh batch of new cards."""
LEARN_AHEAD = timedelta(minutes=20)
"""How early a learning card may be shown when nothing else is left (Anki's default)."""


@lru_cache(maxsize=1)
def _zone_from_system(tz_variable: str | None) -> tzinfo | None:
    names = [tz_variable.removeprefix(":")] if tz_variable else []
    try:
        target = Path("/etc/localtime").resolve()
    except OSError:
        target = None
    if target is not None and "zoneinfo" in target.parts:
        names.append("/".join(target.parts[target.parts.index("zoneinfo") + 1 :]))
    for name in names:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            continue
    return None


def local_zone() -> tzinfo:
    """The machine's time zone with its rules (`$TZ`, else `/etc/localtime`); UTC when neither
    names a zone `zoneinfo` knows."""
    return _zone_from_system(os.environ.get("TZ")) or UTC


def day_start(
    now: datetime, tz: tzinfo | None = None, rollover_hour: int = DAY_ROLLOVER_HOUR
) -> datetime:
    """When the learner's current day began, in UTC: the last `rollover_hour` o'clock in `tz`
    (by default `local_zone()`), by that date's rules."""
    if not 0 <= rollover_hour < 24:
        raise ValueError(f"rollover_hour is 0–23, not {rollover_hour}")
    zone = tz if tz is not None else local_zone()
    local = require_utc(now).astimezone(zone)
    day = local.date() if local.hour >= rollover_hour else local.date() - timedelta(days=1)
    return _wall(day, rollover_hour, zone)


def next_day_start(
    now: datetime, tz: tzinfo | None = None, rollover_hour: int = DAY_ROLLOVER_HOUR
) -> datetime:
    """When the learner's next day begins, in UTC (23, 24 or 25 hours after `day_start`)."""
    zone = tz if tz is not None else local_zone()
    start = day_start(now, zone, rollover_hour)
    return _wall(start.astimezone(zone).date() + timedelta(days=1), rollover_hour, zone)


def day_starts(
    now: datetime,
    days: int,
    tz: tzinfo | None = None,
    rollover_hour: int = DAY_ROLLOVER_HOUR,
) -> tuple[datetime, ...]:
    """The starts of the learner's days around `now`, in UTC, for counting by day (`stats`):
    from `days - 1` days before today to `days` days after it, `2 × days` of them, today's at
    index `days - 1`. Each is `rollover_hour` o'clock wall time by its own date's rules, so the
    days clocks change are 23 or 25 hours long, as study counts them."""
    zone = tz if tz is not None else local_zone()
    today = day_start(now, zone, rollover_hour).astimezone(zone).date()
    return tuple(
        _wall(today + timedelta(days=offset), rollover_hour, zone)
        for offset in range(1 - days, days + 1)
    )


def _wall(day: date, hour: int, zone: tzinfo) -> datetime:
    """`hour` o'clock on `day` in `zone`, in UTC; a time skipped by a clock change counts as
    the instant the clocks jumped (fold 0, as `zoneinfo` resolves it)."""
    return datetime.combine(day, time(hour), tzinfo=zone).astimezone(UTC)


@dataclass(frozen=True, slots=True)
class StudyDay:
    """The moments that decide what study shows at `now` (see the module docstring)."""

    now_us: int
    learn_ahead_us: int
    """Learning cards due up to here may be shown when nothing else is left."""
    day_end_us: int
    """Review cards due before here are today's."""

    @classmethod
    def at(cls, now: datetime, tz: tzinfo | None = None) -> StudyDay:
        return cls(to_micros(now), to_micros(now + LEARN_AHEAD), to_micros(next_day_start(now, tz)))

    def is_ready(self, state: CardState) -> bool:
        """Shown now: a review card due today, a learning card due already."""
        if state.state is State.Review:
            return state.due_us < self.day_end_us
        return state.due_us <= self.now_us

    def is_today(self, state: CardState) -> bool:
        """Counted in today's queue: ready now, or a learning card within the learn-ahead."""
        if state.state is State.Review:
            return state.due_us < self.day_end_us
        return state.due_us <= self.learn_ahead_us
