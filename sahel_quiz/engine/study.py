"""A spaced-repetition study session over one deck: due cards first, then today's new cards.

The queue is read from the store once, then kept in memory and updated after each rating, so
that a profile with 100,000 cards answers at once: the store is written, never re-scanned.
Learning cards come back in the same session when their step falls due, and may be shown up to
`LEARN_AHEAD` early when nothing else is left, as Anki does.
"""

from __future__ import annotations

import random
from bisect import insort
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from operator import attrgetter
from typing import Literal

from sahel_quiz.cards import ShownCard, present
from sahel_quiz.deck.model import Card, LoadedDeck
from sahel_quiz.deck.selection import NO_FILTER, TagFilter, buried_today, select_cards
from sahel_quiz.grading import Grade, Response, grade
from sahel_quiz.scheduling import (
    DEFAULT_NEW_PER_DAY,
    CardState,
    Scheduler,
    build_queue,
    day_start,
    format_interval,
    new_card,
    to_micros,
)
from sahel_quiz.scoring import Rating, suggested_rating
from sahel_quiz.store import Store

__all__ = ["LEARN_AHEAD", "WINDOW", "StudyCard", "StudyCounts", "StudySession"]

LEARN_AHEAD = timedelta(minutes=20)
"""How early a learning card may be shown when nothing else is left (Anki's default)."""
WINDOW = 200
"""How many due cards a session holds in memory at once."""
REFILL_AT = 20

Kind = Literal["new", "learning", "review", "relearning"]
_KINDS: dict[int, Kind] = {1: "learning", 2: "review", 3: "relearning"}


@dataclass(frozen=True)
class StudyCounts:
    """Cards left today, as the study screen shows them: new · learning · review."""

    new: int
    learning: int
    review: int

    @property
    def total(self) -> int:
        return self.new + self.learning + self.review


@dataclass(frozen=True)
class StudyCard:
    """The card to study now, with what each rating would do to it."""

    card: Card
    state: CardState | None
    kind: Kind
    intervals: dict[Rating, str]
    """The interval each rating would give, as labels: {AGAIN: "1m", …, EASY: "5d"}."""
    changed: bool
    """The card's content changed since its last review."""
    shown: ShownCard
    """The card as shown: options and items in their shown order."""

    @property
    def choices(self) -> tuple[str, ...]:
        """Options or items in the order shown, for cards answered before the reveal."""
        return self.shown.choices


@dataclass(frozen=True)
class _Snapshot:
    """The queue before a rating, which undo puts back."""

    due: list[CardState]
    new: list[str]
    learning_left: int
    review_left: int
    exhausted: bool


_ORDER = attrgetter("due_us", "card_id")


def _todays_cards(
    loaded: LoadedDeck,
    store: Store,
    profile: str,
    tags: TagFilter,
    day_began: datetime,
    horizon: datetime,
) -> dict[str, Card]:
    """The deck's cards this session may show, by id: those `tags` lets through, less the
    siblings buried for today (`sahel_quiz.deck.selection.buried_today`). Only grouped cards'
    states are read, so a deck without groups costs no more than before."""
    selected = select_cards(loaded.deck.cards, tags, loaded.id)
    grouped = [card for card in selected if card.group]
    if not grouped:
        return {card.id: card for card in selected}
    progress = {
        card.id: state
        for card in grouped
        if (state := store.card_state(profile, loaded.id, card.id)) is not None
    }
    buried = buried_today(
        grouped, progress, day_began_us=to_micros(day_began), horizon_us=to_micros(horizon)
    )
    return {card.id: card for card in selected if card.id not in buried}


@dataclass
class StudySession:
    """Build it with `StudySession.start`; then loop on `current`, `check`, `rate`.

    Only a window of the soonest due cards is held in memory (`WINDOW`), refilled from the
    store's due index as it runs low; the counts come from the index too and are kept up to
    date after each rating, so a profile with 100,000 due cards starts at once.
    """

    loaded: LoadedDeck
    store: Store
    profile: str
    scheduler: Scheduler
    rng: random.Random
    due: list[CardState]
    """The soonest due cards of this session, in due order (learning steps included)."""
    new: list[str]
    next_due_later: datetime | None
    learning_left: int
    review_left: int
    exhausted: bool
    """True when `due` holds every due card (the store has no more)."""
    reviewed: int = 0
    _history: list[tuple[int, _Snapshot]] = field(default_factory=list)
    _cards: dict[str, Card] = field(default_factory=dict)
    _shown: dict[str, ShownCard] = field(default_factory=dict)

    @classmethod
    def start(
        cls,
        loaded: LoadedDeck,
        store: Store,
        *,
        now: datetime,
        profile: str = "default",
        new_per_day: int = DEFAULT_NEW_PER_DAY,
        scheduler: Scheduler | None = None,
        seed: int | None = None,
        day_began: datetime | None = None,
        tags: TagFilter = NO_FILTER,
    ) -> StudySession:
        """`tags` keeps the cards it lets through; of each group, only today's card is studied."""
        deck = loaded.deck
        day_began = day_began if day_began is not None else day_start(now)
        # Learning cards due within the learn-ahead window belong to this session too.
        ahead = now + LEARN_AHEAD
        cards = _todays_cards(loaded, store, profile, tags, day_began, ahead)
        known = store.cards_with_progress(profile, deck.id)
        window = store.due_cards(profile, deck.id, ahead, limit=WINDOW, card_ids=cards)
        counts = store.due_counts(profile, deck.id, ahead, exclude=known.difference(cards))
        queue = build_queue(
            list(cards),
            window,
            known,
            now=ahead,
            introduced_today=store.new_introduced_since(profile, deck.id, day_began),
            new_per_day=new_per_day,
            next_due=store.next_due(profile, deck.id, after=ahead, card_ids=cards),
        )
        return cls(
            loaded=loaded,
            store=store,
            profile=profile,
            scheduler=scheduler or Scheduler(),
            rng=random.Random(seed),
            due=list(queue.due),
            new=list(queue.new),
            next_due_later=queue.next_due,
            learning_left=counts.get(1, 0) + counts.get(3, 0),
            review_left=counts.get(2, 0),
            exhausted=len(window) < WINDOW,
            _cards=cards,
        )

    @property
    def counts(self) -> StudyCounts:
        return StudyCounts(
            new=len(self.new), learning=max(0, self.learning_left), review=max(0, self.review_left)
        )

    def _refill(self, now: datetime) -> None:
        """Top the window up from the store; local states are the newest, so they win."""
        limit = WINDOW + len(self.due)
        fetched = self.store.due_cards(
            self.profile, self.loaded.deck.id, now + LEARN_AHEAD, limit=limit, card_ids=self._cards
        )
        merged = {state.card_id: state for state in fetched}
        merged.update((state.card_id, state) for state in self.due)
        self.due = sorted(merged.values(), key=_ORDER)
        self.exhausted = len(fetched) < limit

    def _next(self, now: datetime) -> tuple[CardState | None, str] | None:
        if not self.exhausted and len(self.due) < REFILL_AT:
            self._refill(now)
        now_us = to_micros(now)
        if self.due and self.due[0].due_us <= now_us:
            return self.due[0], self.due[0].card_id
        if self.new:
            return None, self.new[0]
        if self.due and self.due[0].due_us <= to_micros(now + LEARN_AHEAD):
            return self.due[0], self.due[0].card_id
        return None

    def current(self, now: datetime) -> StudyCard | None:
        """The card to study at `now`; None when nothing is left for now (see `next_due`)."""
        found = self._next(now)
        if found is None:
            return None
        state, card_id = found
        card = self._cards[card_id]
        before = state.card if state is not None else new_card(self.loaded.deck.id, card_id, now)
        previews = self.scheduler.preview_intervals(before, now)
        return StudyCard(
            card=card,
            state=state,
            kind="new" if state is None else _KINDS.get(state.state, "learning"),
            intervals={Rating(r): format_interval(previews[r]) for r in Rating},
            changed=state is not None and state.content_hash != card.content_hash(),
            shown=self._present(card),
        )

    def _present(self, card: Card) -> ShownCard:
        """The card as shown, drawn once until it is rated (a redraw shows the same order)."""
        if card.id not in self._shown:
            self._shown[card.id] = present(card, self.rng)
        return self._shown[card.id]

    def check(self, card: Card, response: Response) -> tuple[Grade, Rating]:
        """Grade an answer given before the reveal, and the rating it suggests."""
        result = grade(card, response, self.loaded.deck.language)
        return result, suggested_rating(result.credit)

    def rate(
        self,
        rating: Rating,
        *,
        now: datetime,
        response: Response = None,
        credit: float | None = None,
        duration_ms: int | None = None,
    ) -> CardState:
        """Record the learner's rating of the current card; returns its new state."""
        found = self._next(now)
        if found is None:
            raise RuntimeError("no card to rate")
        state, card_id = found
        card = self._cards[card_id]
        deck_id = self.loaded.deck.id
        before = state.card if state is not None else new_card(deck_id, card_id, now)
        after = self.scheduler.review(before, int(rating), now)
        review_id = self.store.record_review(
            self.profile,
            deck_id,
            card_id,
            content_hash=card.content_hash(),
            card=after,
            rating=int(rating),
            mode="study",
            credit=credit,
            answer=response,
            duration_ms=duration_ms,
        )
        self._history.append(
            (
                review_id,
                _Snapshot(
                    list(self.due),
                    list(self.new),
                    self.learning_left,
                    self.review_left,
                    self.exhausted,
                ),
            )
        )
        introduced = state.introduced_us if state is not None else to_micros(now)
        new_state = CardState.from_card(deck_id, card_id, card.content_hash(), after, now)
        new_state = new_state._replace(introduced_us=introduced)
        if state is None:
            self.new.remove(card_id)
        else:
            self.due.remove(state)
            self._count(state, -1)
        if after.due < day_start(now) + timedelta(days=1):
            insort(self.due, new_state, key=_ORDER)
            self._count(new_state, +1)
        elif self.next_due_later is None or after.due < self.next_due_later:
            self.next_due_later = after.due
        self._shown.pop(card_id, None)
        self.reviewed += 1
        return new_state

    def _count(self, state: CardState, change: int) -> None:
        if state.state == 2:
            self.review_left += change
        else:
            self.learning_left += change

    def undo(self) -> str | None:
        """Take back the last rating of this session; returns the card id to show again."""
        if not self._history:
            return None
        review_id, snapshot = self._history.pop()
        undone = self.store.undo_review(review_id)
        self.due, self.new = snapshot.due, snapshot.new
        self.learning_left, self.review_left = snapshot.learning_left, snapshot.review_left
        self.exhausted = snapshot.exhausted
        self.reviewed -= 1
        return undone.card_id if undone is not None else None

    def next_due(self, now: datetime) -> datetime | None:
        """When the next card falls due, for "nothing left: come back at …"."""
        pending = [s.due for s in self.due if s.due > now]
        candidates = [*pending, *([self.next_due_later] if self.next_due_later else [])]
        return min(candidates) if candidates else None
