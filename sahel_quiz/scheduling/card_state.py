"""The FSRS state of one card of one deck, as the store keeps it and the scheduler reads it.

Times are kept as whole microseconds since the Unix epoch (UTC): integers index well in SQLite,
compare exactly, and convert back to the very same `datetime`, so a state survives the store
round trip unchanged. The `datetime` and `fsrs.Card` views are built only when asked for,
because a study session may hold the states of 100,000 cards and only ever reviews a few.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple

import fsrs

__all__ = [
    "CardState",
    "State",
    "from_micros",
    "fsrs_card_id",
    "require_utc",
    "state_from_row",
    "to_micros",
]

State = fsrs.State
"""py-fsrs's `State` (Learning 1, Review 2, Relearning 3): the engine passes it as it is."""

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_STATES = {state.value: state for state in State}


def require_utc(moment: datetime) -> datetime:
    """The same instant in UTC; a naive datetime is refused because its zone is a guess."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"naive datetime {moment.isoformat()}: pass a timezone-aware time")
    if moment.tzinfo is UTC:
        return moment
    return moment.astimezone(UTC)


def to_micros(moment: datetime) -> int:
    """Microseconds since the epoch: exact, sortable, and what the store indexes."""
    since = require_utc(moment) - _EPOCH
    return (since.days * 86_400 + since.seconds) * 1_000_000 + since.microseconds


def from_micros(micros: int) -> datetime:
    """The UTC datetime of `to_micros`, exactly (no float rounding on the way)."""
    return _EPOCH + timedelta(0, 0, micros)  # positional: twice as fast as the keyword


def fsrs_card_id(deck_id: str, card_id: str) -> int:
    """A stable integer id for py-fsrs, derived from the deck and card ids.

    py-fsrs would otherwise number cards by the clock and sleep 1 ms per card; the id also
    seeds the interval fuzz, so it must not change between runs.
    """
    digest = hashlib.blake2b(f"{deck_id}\x1f{card_id}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> 1


class CardState(NamedTuple):
    """One card's FSRS state, keyed by (deck id, card id); a card without one is new.

    A named tuple rather than a dataclass: it is built straight from SQLite rows, costs a
    fraction of the memory and construction time, and is immutable all the same.
    `content_hash` is the card's content hash at its last review, so the engine can tell that
    a card was reworded since (compare with `Card.content_hash()`).
    """

    deck_id: str
    card_id: str
    content_hash: str
    state: State
    step: int | None
    stability: float | None
    difficulty: float | None
    due_us: int
    last_review_us: int | None
    introduced_us: int
    """When the card was first reviewed: it counts against that day's new-card limit."""

    @property
    def due(self) -> datetime:
        return from_micros(self.due_us)

    @property
    def last_review(self) -> datetime | None:
        return None if self.last_review_us is None else from_micros(self.last_review_us)

    @property
    def introduced_at(self) -> datetime:
        return from_micros(self.introduced_us)

    @property
    def card(self) -> fsrs.Card:
        """The py-fsrs card to pass to `Scheduler.review` (a new object each time)."""
        return fsrs.Card(
            card_id=fsrs_card_id(self.deck_id, self.card_id),
            state=self.state,
            step=self.step,
            stability=self.stability,
            difficulty=self.difficulty,
            due=self.due,
            last_review=self.last_review,
        )


def state_from_row(row: Sequence[Any]) -> CardState:
    """A state from the store's columns (`deck_id` … `introduced_at`), the state as `State`."""
    deck_id, card_id, content_hash, state, *rest = row
    return CardState(deck_id, card_id, content_hash, _STATES[state], *rest)
