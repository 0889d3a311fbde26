"""A spaced-repetition study session over one deck: today's due cards, then today's new cards.

What is shown today follows Anki (see `sahel_quiz.scheduling.queue`). The queue is read from the
store once, then kept in memory and updated after each rating, so that a profile with 1,000,000
cards answers at once: only a window of the soonest due cards is held (`WINDOW`), refilled from
the store's due index as it runs low, and new cards are looked up in deck order a chunk at a
time rather than by reading every card's state.

Each answer goes through the one review step (`sahel_quiz.engine.review`), which computes the
review from the state stored at that moment: if another window reviewed the card since it was
shown, the review is computed from that fresh state.
"""

from __future__ import annotations

import functools
import random
from bisect import insort
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from operator import attrgetter
from typing import Literal

import fsrs

from sahel_quiz.cards import ShownCard, present
from sahel_quiz.deck.model import Card, LoadedDeck
from sahel_quiz.deck.selection import NO_FILTER, TagFilter, buried_today, select_cards
from sahel_quiz.engine.review import Plan, clip_response, review
from sahel_quiz.errors import UserError
from sahel_quiz.grading import Grade, Response, Vocabulary, grade
from sahel_quiz.i18n import _, ngettext
from sahel_quiz.scheduling import (
    DEFAULT_NEW_PER_DAY,
    LEARN_AHEAD,
    CardState,
    Scheduler,
    State,
    StudyDay,
    day_start,
    format_interval,
    from_micros,
    new_card,
    to_micros,
)
from sahel_quiz.scoring import Rating, suggested_rating
from sahel_quiz.store import Store, UndoRefused

__all__ = [
    "COUNT_CAP",
    "LEARN_AHEAD",
    "WINDOW",
    "Checked",
    "StudyCard",
    "StudyCounts",
    "StudySession",
    "Undo",
    "today_counts",
]

WINDOW = 200
"""How many due cards a session holds in memory at once."""
REFILL_AT = 20
COUNT_CAP = 10_000
"""Today's learning and review cards are counted up to this many ("10000+" beyond), as Anki's
daily limits bound its counts: counting 1,000,000 due cards would hold up the first card."""
NEW_SEARCH_BUDGET = 20_000
"""How many deck cards `start` looks through for new ones; the rest is looked through when
the due cards run out (a 1,000,000-card deck that is all known starts at once)."""

Kind = Literal["new", "learning", "review", "relearning"]
_KINDS: dict[State, Kind] = {
    State.Learning: "learning",
    State.Review: "review",
    State.Relearning: "relearning",
}


@dataclass(frozen=True)
class StudyCounts:
    """Cards left today, as the study screen shows them: new · learning · review."""

    new: int
    learning: int
    review: int
    capped: bool = False
    """There are more learning and review cards today than counted (see `COUNT_CAP`)."""

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
    content_hash: str = ""
    outcomes: dict[Rating, fsrs.Card] = field(default_factory=dict, repr=False)
    """The state after each rating, computed when shown: the one picked is recorded."""
    shown_at: datetime | None = None

    @property
    def choices(self) -> tuple[str, ...]:
        """Options or items in the order shown, for cards answered before the reveal."""
        return self.shown.choices


@dataclass(frozen=True)
class Checked:
    """A response to the card shown, graded, with the rating it suggests."""

    grade: Grade | None
    """None for a flashcard the learner assessed themselves."""
    suggested: Rating


@dataclass(frozen=True)
class Undo:
    """What `StudySession.undo` did: the card to show again, or why nothing changed."""

    card_id: str | None
    message: str

    def __bool__(self) -> bool:
        return self.card_id is not None


@dataclass(frozen=True)
class _Step:
    """What undo puts back after one rating (not a copy of the queue)."""

    review_id: int
    card_id: str
    old: CardState | None
    """The state the session had for the card (None: it came from the new cards)."""
    inserted: CardState | None
    """The state put back into today's queue, if any."""
    next_due_later: datetime | None


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
    if not tags and not loaded.has_groups:
        return loaded.cards_by_id  # built once per loaded deck, not at every start
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
class _NewCards:
    """Today's new cards, found in deck order a chunk at a time."""

    found: list[str]
    wanted: int
    """How many new cards today's limit still allows, including those in `found`."""
    order: Sequence[str]
    """The ids of the session's cards, in deck order."""
    position: int = 0
    """How far into the deck order the search got."""

    def search(self, session: StudySession, budget: int | None) -> None:
        order = self.order
        spent, chunk = 0, 256
        while len(self.found) < self.wanted and self.position < len(order):
            if budget is not None and spent >= budget:
                return
            size = chunk if budget is None else min(chunk, budget - spent)
            ids = order[self.position : self.position + size]
            known = session.store.known_among(session.profile, session.loaded.deck.id, ids)
            for card_id in ids:
                self.position += 1
                if card_id not in known:
                    self.found.append(card_id)
                    if len(self.found) == self.wanted:
                        return
            spent += len(ids)
            chunk = min(chunk * 4, 65_536)

    @property
    def complete(self) -> bool:
        return len(self.found) >= self.wanted


@dataclass
class StudySession:
    """Build it with `StudySession.start`; then loop on `current`, `check` (or `reveal`),
    `rate`; `undo` takes back this session's last rating."""

    loaded: LoadedDeck
    store: Store
    profile: str
    scheduler: Scheduler
    rng: random.Random
    tz: tzinfo | None
    due: list[CardState]
    """The soonest of today's cards, in due order (learning steps included)."""
    _new: _NewCards
    next_due_later: datetime | None
    learning_left: int
    review_left: int
    exhausted: bool
    """True when `due` holds every one of today's cards (the store has no more)."""
    reviewed: int = 0
    limit: int | None = None
    """How many cards this session rates before it ends (`--limit`); None: until none is left."""
    unsaved: int = 0
    """Ratings the store could not save yet (kept, and tried again with the next one)."""
    counts_capped: bool = False
    _history: list[_Step] = field(default_factory=list)
    _shown: dict[str, ShownCard] = field(default_factory=dict)
    _orphans: dict[str, CardState] = field(default_factory=dict)
    _cards: dict[str, Card] = field(default_factory=dict)
    """The cards this session may show (the tag filter and today's buried siblings applied)."""
    _item: StudyCard | None = None
    _checked: tuple[Response, float | None] | None = None

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
        tz: tzinfo | None = None,
        tags: TagFilter = NO_FILTER,
        limit: int | None = None,
    ) -> StudySession:
        """Read today's queue; `tz` is the learner's time zone (default: the machine's);
        `tags` keeps the cards it lets through; of each group, only today's card is studied;
        `limit` ends the session once that many cards are rated."""
        if new_per_day < 0:
            raise UserError(
                _("new cards per day must be 0 or more (got {n})").format(n=new_per_day)
            )
        if limit is not None and limit < 1:
            raise UserError(_("--limit must be at least 1 (got {limit})").format(limit=limit))
        deck_id = loaded.deck.id
        day = StudyDay.at(now, tz)
        day_began = day_began if day_began is not None else day_start(now, tz)
        cards = _todays_cards(
            loaded, store, profile, tags, day_began, from_micros(day.day_end_us - 1)
        )
        orphans: dict[str, CardState] = {}
        capped = False
        window = store.due_cards(
            profile, deck_id, day, limit=WINDOW, card_ids=cards, orphans=orphans
        )
        exhausted = len(window) < WINDOW
        states = store.has_progress(profile, deck_id)
        if exhausted:  # every one of today's cards is in the window: count them exactly
            learning = sum(1 for state in window if state.state is not State.Review)
            reviews = len(window) - learning
        else:
            learning, reviews, capped = _count_today(store, profile, deck_id, day, orphans)
        left = max(0, new_per_day - store.new_introduced_since(profile, deck_id, day_began))
        order = loaded.card_ids if cards is loaded.cards_by_id else tuple(cards)
        new = _NewCards([], left, order)
        if left and not states:
            new.found = list(order[:left])
            new.position = len(new.found)
        session = cls(
            loaded=loaded,
            store=store,
            profile=profile,
            scheduler=scheduler or Scheduler(),
            rng=random.Random(seed),
            tz=tz,
            due=sorted(window, key=_ORDER),
            _new=new,
            next_due_later=store.next_due(
                profile, deck_id, after=_from_us(day.learn_ahead_us), card_ids=cards
            ),
            learning_left=learning,
            review_left=reviews,
            exhausted=exhausted,
            _orphans=orphans,
            counts_capped=not exhausted and capped,
            _cards=cards,
            limit=limit,
        )
        if not new.complete and states:
            new.search(session, NEW_SEARCH_BUDGET)
        return session

    @property
    def new(self) -> list[str]:
        """Ids of the new cards still to introduce today (those found so far), in deck order."""
        return self._new.found

    @property
    def counts(self) -> StudyCounts:
        return StudyCounts(
            new=len(self._new.found),
            learning=max(0, self.learning_left),
            review=max(0, self.review_left),
            capped=self.counts_capped,
        )

    def _refill(self, now: datetime) -> None:
        """Top the window up from the store; local states are the newest, so they win."""
        limit = WINDOW + len(self.due)
        met: dict[str, CardState] = {}
        fetched = self.store.due_cards(
            self.profile,
            self.loaded.deck.id,
            StudyDay.at(now, self.tz),
            limit=limit,
            card_ids=self._cards,
            orphans=met,
        )
        for card_id, orphan in met.items():
            if card_id not in self._orphans:
                self._orphans[card_id] = orphan
                self.learning_left, self.review_left = _minus(
                    orphan, self.learning_left, self.review_left
                )
        merged = {state.card_id: state for state in fetched}
        merged.update((state.card_id, state) for state in self.due)
        self.due = sorted(merged.values(), key=_ORDER)
        self.exhausted = len(fetched) < limit
        if self.counts_capped:  # count again: the cards counted so far are nearly all done
            self.learning_left, self.review_left, capped = _count_today(
                self.store,
                self.profile,
                self.loaded.deck.id,
                StudyDay.at(now, self.tz),
                self._orphans,
            )
            self.counts_capped = capped and not self.exhausted

    def _next(self, now: datetime) -> tuple[CardState | None, str] | None:
        if not self.exhausted and len(self.due) < REFILL_AT:
            self._refill(now)
        day = StudyDay.at(now, self.tz)
        for state in self.due:
            if state.due_us >= day.day_end_us:
                break
            if day.is_ready(state):
                return state, state.card_id
        if not self._new.found and not self._new.complete:
            self._new.search(self, None)
        if self._new.found:
            return None, self._new.found[0]
        if self.due and self.due[0].due_us <= day.learn_ahead_us:
            return self.due[0], self.due[0].card_id
        return None

    @property
    def limit_reached(self) -> bool:
        """The session has rated the `limit` it was given: it shows no more cards."""
        return self.limit is not None and self.reviewed >= self.limit

    def current(self, now: datetime) -> StudyCard | None:
        """The card to study at `now`; None when nothing is left for now (see `next_due`) or
        the session's `limit` is reached (see `limit_reached`).

        The same card asked again is the same `StudyCard`, previews and all.
        """
        if self.limit_reached:
            return None
        found = self._next(now)
        if found is None:
            return None
        state, card_id = found
        item = self._item
        if item is not None and item.card.id == card_id and item.state == state:
            return item
        card = self.loaded.cards_by_id[card_id]
        before = state.card if state is not None else new_card(self.loaded.deck.id, card_id, now)
        outcomes = self.scheduler.preview(before, now)
        content_hash = card.content_hash()
        self._item = StudyCard(
            card=card,
            state=state,
            kind="new" if state is None else _KINDS[state.state],
            intervals={r: format_interval(after.due - now) for r, after in outcomes.items()},
            changed=state is not None and state.content_hash != content_hash,
            shown=self._present(card),
            content_hash=content_hash,
            outcomes=outcomes,
            shown_at=now,
        )
        self._checked = None
        return self._item

    def _present(self, card: Card) -> ShownCard:
        """The card as shown, drawn once until it is rated (a redraw shows the same order)."""
        if card.id not in self._shown:
            self._shown[card.id] = present(card, self.rng)
        return self._shown[card.id]

    @functools.cached_property
    def vocabulary(self) -> Vocabulary:
        """The deck's texts: a near miss that is one of them is never forgiven."""
        return Vocabulary(self.loaded.deck.cards, self.loaded.deck.language)

    def _shown_item(self) -> StudyCard:
        if self._item is None:
            raise RuntimeError("no card is shown: call current() first")
        return self._item

    def check(self, response: Response) -> Checked:
        """Grade the response to the card shown (before the reveal) and keep it for `rate`."""
        item = self._shown_item()
        response = clip_response(response)
        result = grade(item.card, response, self.loaded.deck.language, vocabulary=self.vocabulary)
        self._checked = (response, result.credit)
        return Checked(result, suggested_rating(result.credit))

    def reveal(self, knew: bool | None = None) -> Rating:
        """The learner turned a flashcard over (saying whether they knew it, in line mode);
        kept for `rate`; returns the rating to suggest."""
        self._shown_item()
        self._checked = (knew, None)
        return Rating.AGAIN if knew is False else Rating.GOOD

    def rate(self, rating: Rating, *, now: datetime, duration_ms: int | None = None) -> CardState:
        """Record the learner's rating of the card shown, with the response kept by `check`
        or `reveal`; returns its new state (as saved, or as it will be once the store can be
        written again)."""
        item = self.current(now) if self._item is None else self._item
        if item is None:
            raise RuntimeError("no card to rate")
        state, card_id = item.state, item.card.id
        response, credit = self._checked if self._checked is not None else (None, None)
        reviewed = review(
            self.store,
            self.scheduler,
            profile=self.profile,
            deck_id=self.loaded.deck.id,
            card_id=card_id,
            content_hash=item.content_hash,
            rating=rating,
            now=now,
            mode="study",
            credit=credit,
            response=response,
            duration_ms=duration_ms,
            plan=Plan(state, item.outcomes[rating], item.shown_at or now),
        )
        after = reviewed.after
        assert after is not None
        if not reviewed.saved:
            self.unsaved += 1
        if state is None:
            if card_id in self._new.found:
                self._new.found.remove(card_id)
            self._new.wanted -= 1
        else:
            if state in self.due:
                self.due.remove(state)
            self.learning_left, self.review_left = _minus(
                state, self.learning_left, self.review_left
            )
        previous_later = self.next_due_later
        inserted = None
        if after.due_us < StudyDay.at(now, self.tz).day_end_us:
            insort(self.due, after, key=_ORDER)
            inserted = after
            self.learning_left, self.review_left = _minus(
                after, self.learning_left, self.review_left, -1
            )
        elif self.next_due_later is None or after.due < self.next_due_later:
            self.next_due_later = after.due
        if reviewed.review_id is not None:
            self._history.append(
                _Step(reviewed.review_id, card_id, state, inserted, previous_later)
            )
        self._shown.pop(card_id, None)
        self._item, self._checked = None, None
        self.reviewed += 1
        return after

    def undo(self) -> Undo:
        """Take back this session's last rating, if it is still the card's latest review;
        otherwise say why and change nothing (neither the queue nor the counts)."""
        if not self._history:
            return Undo(None, _("Nothing to undo."))
        step = self._history[-1]
        undone = self.store.undo_review(step.review_id)
        if undone is UndoRefused.SUPERSEDED:
            return Undo(
                None,
                _("Cannot undo: this card was reviewed again since (in another window?)."),
            )
        self._history.pop()
        if undone is UndoRefused.UNKNOWN:
            return Undo(None, _("Cannot undo: that review was already taken back."))
        if step.inserted is not None and step.inserted in self.due:
            self.due.remove(step.inserted)
            self.learning_left, self.review_left = _minus(
                step.inserted, self.learning_left, self.review_left
            )
        if step.old is None:
            self._new.found.insert(0, step.card_id)
            self._new.wanted += 1
        else:
            insort(self.due, step.old, key=_ORDER)
            self.learning_left, self.review_left = _minus(
                step.old, self.learning_left, self.review_left, -1
            )
        self.next_due_later = step.next_due_later
        self._item, self._checked = None, None
        self.reviewed -= 1
        return Undo(step.card_id, _("Undid the last rating."))

    def limit_note(self) -> str:
        """What the end of a session stopped by its `limit` says: how many cards were asked
        for and how many are left today (a "+" when there are more than counted)."""
        assert self.limit is not None
        counts = self.counts
        left = f"{counts.total}{'+' if counts.capped else ''}"
        return " ".join(
            (
                ngettext(
                    "The session stops at the {count} card you asked for (--limit).",
                    "The session stops at the {count} cards you asked for (--limit).",
                    self.limit,
                ).format(count=self.limit),
                ngettext(
                    "{count} card is left for today.",
                    "{count} cards are left for today.",
                    counts.total,
                ).format(count=left),
            )
        )

    def next_due(self, now: datetime) -> datetime | None:
        """When the next card falls due, for "nothing left: come back at …"."""
        pending = [s.due for s in self.due if s.due > now]
        candidates = [*pending, *([self.next_due_later] if self.next_due_later else [])]
        return min(candidates) if candidates else None

    def due_tomorrow(self, now: datetime) -> int:
        """How many of the deck's cards fall due on the learner's next day (learning steps and
        reviews; counted up to `COUNT_CAP`), for the summary at the end of a session."""
        today_end = StudyDay.at(now, self.tz).day_end_us
        tomorrow_end = StudyDay.at(from_micros(today_end), self.tz).day_end_us

        def due_before(end_us: int) -> int:
            day = StudyDay(to_micros(now), end_us, end_us)
            counts, _capped = self.store.due_counts(
                self.profile, self.loaded.deck.id, day, cap=COUNT_CAP
            )
            return sum(counts.values())

        return max(0, due_before(tomorrow_end) - due_before(today_end))


def today_counts(
    loaded: LoadedDeck,
    store: Store,
    *,
    now: datetime,
    profile: str = "default",
    new_per_day: int = DEFAULT_NEW_PER_DAY,
    tags: TagFilter = NO_FILTER,
) -> StudyCounts:
    """The cards left to study today in `loaded`, exactly as a study session started now would
    count them: the home screen shows these, so that its numbers and the study screen's agree."""
    session = StudySession.start(
        loaded, store, now=now, profile=profile, new_per_day=new_per_day, tags=tags
    )
    return session.counts


def _count_today(
    store: Store, profile: str, deck_id: str, day: StudyDay, orphans: dict[str, CardState]
) -> tuple[int, int, bool]:
    """Today's learning and review counts from the due index, less the cards met that are no
    longer in the deck (the others are taken off as the window meets them)."""
    today, capped = store.due_counts(profile, deck_id, day, cap=COUNT_CAP)
    learning = today.get(State.Learning, 0) + today.get(State.Relearning, 0)
    reviews = today.get(State.Review, 0)
    for orphan in orphans.values():
        learning, reviews = _minus(orphan, learning, reviews)
    return learning, reviews, capped


def _minus(state: CardState, learning: int, reviews: int, amount: int = 1) -> tuple[int, int]:
    """The counts with `state` taken off (or put back, with a negative amount)."""
    if state.state is State.Review:
        return learning, reviews - amount
    return learning - amount, reviews


def _from_us(micros: int) -> datetime:
    return from_micros(micros)
