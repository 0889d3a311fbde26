"""Study queues: which cards a study session shows, in which order, and when to come back.

Pure: the store supplies the facts (the due states, the cards with progress, how many cards were
introduced since the start of the learner's day, the next due time) and `build_queue` decides.
A session rebuilds its queue after each answer, which is cheap because the store returns only
the due cards, and it picks up a learning card that fell due in the meantime.

The recipe a study session follows (`store` is a `sahel_quiz.store.Store`)::

    start = day_start(now)
    in_deck = [card.id for card in deck.cards]
    wanted = set(in_deck)
    queue = build_queue(
        in_deck,
        store.due_cards(profile, deck.id, now, card_ids=wanted),
        store.cards_with_progress(profile, deck.id),
        now=now,
        introduced_today=store.new_introduced_since(profile, deck.id, start),
        new_per_day=new_per_day,
        next_due=store.next_due(profile, deck.id, after=now, card_ids=wanted),
    )
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from sahel_quiz.errors import UserError
from sahel_quiz.i18n import _
from sahel_quiz.scheduling.card_state import CardState, require_utc, to_micros

__all__ = [
    "DAY_ROLLOVER_HOUR",
    "DEFAULT_NEW_PER_DAY",
    "StudyQueue",
    "build_queue",
    "day_start",
]

DEFAULT_NEW_PER_DAY = 20
DAY_ROLLOVER_HOUR = 4
"""As in Anki, a learner's day starts at 4 a.m., so studying past midnight counts for the
evening before instead of unlocking a fresh batch of new cards."""


def day_start(
    now: datetime, tz: tzinfo | None = None, rollover_hour: int = DAY_ROLLOVER_HOUR
) -> datetime:
    """When the learner's current day began, in UTC: the last `rollover_hour` o'clock in `tz`.

    `tz` is the learner's time zone, by default the machine's local one.
    """
    if not 0 <= rollover_hour < 24:
        raise ValueError(f"rollover_hour is 0–23, not {rollover_hour}")
    utc_now = require_utc(now)
    local = utc_now.astimezone(tz) if tz is not None else utc_now.astimezone()
    start = local.replace(hour=rollover_hour, minute=0, second=0, microsecond=0)
    if start > local:
        start -= timedelta(days=1)
    return require_utc(start)


@dataclass(frozen=True, slots=True)
class StudyQueue:
    """What to study now: due cards first (most overdue first), then new cards.

    `next_due` is when the next card falls due after `now` (None when no card has progress),
    which is what to tell a learner who has nothing left to do today.
    """

    due: tuple[CardState, ...]
    new: tuple[str, ...]
    """Ids of the new cards to introduce now, in deck order."""
    new_left_today: int
    """How many new cards today's limit still allows, before introducing those of `new`."""
    next_due: datetime | None

    def __len__(self) -> int:
        return len(self.due) + len(self.new)

    @property
    def is_empty(self) -> bool:
        return not self.due and not self.new

    @property
    def next_card_id(self) -> str | None:
        """The card to show next: the most overdue due card, else the first new card."""
        if self.due:
            return self.due[0].card_id
        return self.new[0] if self.new else None


def build_queue(
    deck_card_ids: Sequence[str],
    due: Iterable[CardState],
    known_card_ids: Collection[str],
    *,
    now: datetime,
    introduced_today: int,
    new_per_day: int = DEFAULT_NEW_PER_DAY,
    next_due: datetime | None = None,
) -> StudyQueue:
    """A study queue for one deck and one profile.

    - `deck_card_ids`: the deck's cards in deck order (cards removed from the deck are never
      queued, whatever their state says);
    - `due`: states of this deck, normally `Store.due_cards(...)`; any not due at `now` are
      ignored, so passing more is harmless;
    - `known_card_ids`: cards that have progress (a state); the others are new;
    - `introduced_today`: cards of this deck first reviewed since the start of the learner's day,
      which count against `new_per_day`.
    """
    if new_per_day < 0:
        raise UserError(
            _("new cards per day must be 0 or more (got {count})").format(count=new_per_day)
        )
    now_us = to_micros(now)
    in_deck = set(deck_card_ids)
    due_now = sorted(
        (state for state in due if state.due_us <= now_us and state.card_id in in_deck),
        key=lambda state: (state.due_us, state.card_id),
    )
    left = max(0, new_per_day - max(0, introduced_today))
    new: list[str] = []
    if left:
        for card_id in deck_card_ids:
            if card_id not in known_card_ids:
                new.append(card_id)
                if len(new) == left:
                    break
    return StudyQueue(due=tuple(due_now), new=tuple(new), new_left_today=left, next_due=next_due)
