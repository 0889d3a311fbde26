"""The FSRS scheduler configured for sahel-quiz, and Anki-style interval labels.

py-fsrs does the arithmetic. What this module adds:

- the settings of issue 3 (retention 0.9 unless asked otherwise, learning steps 1 m and 10 m,
  relearning 10 m, fuzzing on) and a one-line `UserError` for an impossible retention;
- the time as a parameter that must be timezone-aware (any zone; it is converted to UTC);
- ratings as `sahel_quiz.scoring.Rating`, the engine's enum, mapped here to `fsrs.Rating` (the
  scoring layer sits below this one and must not import py-fsrs: it mirrors its values, and a
  test pins the two together);
- a reproducible fuzz. py-fsrs draws its fuzz from the global `random()`, so a preview could
  promise "5d" and the review then give 6, and no test could pin a result. Here the fuzz uses
  py-fsrs's own ranges (`FUZZ_RANGES`) and formula, but its random fraction comes from a hash of
  the card id and its last review: the same state reviewed at the same time always gives the
  same due date, the preview is exactly what the review will do, and because the four ratings
  share one fraction, fuzz never reorders them (Easy ≥ Good ≥ Hard ≥ Again still holds).
"""

from __future__ import annotations

from datetime import datetime, timedelta

import fsrs
from fsrs.scheduler import FUZZ_RANGES

from sahel_quiz.errors import UserError
from sahel_quiz.i18n import _, format_number
from sahel_quiz.scheduling.card_state import fsrs_card_id, require_utc, to_micros
from sahel_quiz.scoring import Rating

__all__ = [
    "DEFAULT_RETENTION",
    "LEARNING_STEPS",
    "MAX_RETENTION",
    "MIN_RETENTION",
    "RELEARNING_STEPS",
    "Scheduler",
    "format_interval",
    "new_card",
]

DEFAULT_RETENTION = 0.9
MIN_RETENTION = 0.7
MAX_RETENTION = 0.99
LEARNING_STEPS = (timedelta(minutes=1), timedelta(minutes=10))
RELEARNING_STEPS = (timedelta(minutes=10),)


def new_card(deck_id: str, card_id: str, now: datetime) -> fsrs.Card:
    """The py-fsrs card of a card never reviewed: learning, first step, due now."""
    return fsrs.Card(
        card_id=fsrs_card_id(deck_id, card_id),
        state=fsrs.State.Learning,
        step=0,
        due=require_utc(now),
    )


_MASK = 2**64 - 1
_FSRS_RATINGS = {rating.value: rating for rating in fsrs.Rating}
"""`Rating` → `fsrs.Rating`, by value (a plain int 1–4 maps too)."""


def _mix(value: int) -> int:
    """SplitMix64's finaliser: a fixed, well-spread hash of a 64-bit integer."""
    value = (value + 0x9E3779B97F4A7C15) & _MASK
    value = ((value ^ (value >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    value = ((value ^ (value >> 27)) * 0x94D049BB133111EB) & _MASK
    return value ^ (value >> 31)


def _fuzz_fraction(card: fsrs.Card) -> float:
    """A fraction in [0, 1) fixed by the card and its last review, standing in for random()."""
    last = -1 if card.last_review is None else to_micros(card.last_review)
    return _mix(card.card_id ^ _mix(last & _MASK)) / 2.0**64


class Scheduler:
    """Reviews py-fsrs cards with sahel-quiz's settings; pure: the time is always passed in."""

    def __init__(
        self,
        desired_retention: float = DEFAULT_RETENTION,
        *,
        enable_fuzzing: bool = True,
        maximum_interval: int = 36500,
    ) -> None:
        if not MIN_RETENTION <= desired_retention <= MAX_RETENTION:
            raise UserError(
                _("desired retention must be between {low} and {high} (got {retention})").format(
                    low=format_number(MIN_RETENTION),
                    high=format_number(MAX_RETENTION),
                    retention=format_number(desired_retention, 4),
                )
            )
        self.desired_retention = desired_retention
        self.enable_fuzzing = enable_fuzzing
        self.maximum_interval = maximum_interval
        # py-fsrs never fuzzes here: `review` applies the reproducible fuzz itself.
        self._fsrs = fsrs.Scheduler(
            desired_retention=desired_retention,
            learning_steps=LEARNING_STEPS,
            relearning_steps=RELEARNING_STEPS,
            maximum_interval=maximum_interval,
            enable_fuzzing=False,
        )
        self._fuzz_ranges = tuple(
            (float(band["start"]), float(band["end"]), float(band["factor"]))
            for band in FUZZ_RANGES
        )

    def review(self, card: fsrs.Card, rating: Rating, now: datetime) -> fsrs.Card:
        """The card after a review with `rating` at `now`; the input card is left unchanged.

        The result's `last_review` is `now` (in UTC) and its `due` is always later than `now`.
        """
        fsrs_rating = _FSRS_RATINGS.get(rating)
        if fsrs_rating is None:
            raise ValueError(f"a rating is 1, 2, 3 or 4, not {rating!r}")
        moment = require_utc(now)
        reviewed, _log = self._fsrs.review_card(card, fsrs_rating, moment)
        if self.enable_fuzzing and reviewed.state is fsrs.State.Review:
            days = (reviewed.due - moment).days
            if days >= 3:  # py-fsrs leaves intervals under 2.5 days alone
                fuzzed = self._fuzzed_days(days, _fuzz_fraction(card))
                reviewed.due = moment + timedelta(days=fuzzed)
        return reviewed

    def preview(self, card: fsrs.Card, now: datetime) -> dict[Rating, fsrs.Card]:
        """The card after each rating at `now`: exactly what `review` gives, fuzz included.

        A study session keeps these from when it showed the card, labels its buttons with them
        and records the one the learner picks, so an answer costs four FSRS steps, not five.
        """
        moment = require_utc(now)
        return {rating: self.review(card, rating, moment) for rating in Rating}

    def _fuzzed_days(self, days: int, fraction: float) -> int:
        """py-fsrs's `_get_fuzzed_interval`, with `fraction` in place of `random()`."""
        delta = 1.0
        for start, end, factor in self._fuzz_ranges:
            delta += factor * max(min(float(days), end) - start, 0.0)
        low = max(2, round(days - delta))
        high = min(round(days + delta), self.maximum_interval)
        low = min(low, high)
        return min(round(fraction * (high - low + 1) + low), self.maximum_interval)


_MINUTE = 60.0
_HOUR = 60 * _MINUTE
_DAY = 24 * _HOUR
_MONTH = 365 / 12 * _DAY
_YEAR = 365 * _DAY


def _one_decimal(value: float) -> str:
    return format_number(round(value, 1), 1)


def format_interval(interval: timedelta) -> str:
    """An interval as Anki labels its answer buttons: "<1m", "5.5m", "10m", "3h", "2d", "1.2y".

    Like Anki: days are whole numbers, minutes, hours, months (365/12 days) and years (365 days)
    keep one decimal when they have one.
    """
    seconds = interval.total_seconds()
    if seconds < 0:
        raise ValueError(f"an interval cannot be negative: {interval}")
    if seconds < _MINUTE:
        return _("<1m")
    if seconds < _HOUR:
        return _("{count}m").format(count=_one_decimal(seconds / _MINUTE))
    if seconds < _DAY:
        return _("{count}h").format(count=_one_decimal(seconds / _HOUR))
    if seconds < _MONTH:
        return _("{count}d").format(count=round(seconds / _DAY))
    if seconds < _YEAR:
        return _("{count}mo").format(count=_one_decimal(seconds / _MONTH))
    return _("{count}y").format(count=_one_decimal(seconds / _YEAR))
