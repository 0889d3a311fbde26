"""Progress per deck and profile, as `stats` prints it and the stats screen draws it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime, tzinfo

from sahel_quiz.deck.model import LoadedDeck
from sahel_quiz.scheduling import day_starts
from sahel_quiz.store import DeckProgress, Store

__all__ = ["DAYS", "DeckStats", "OrphanProgress", "StatsReport", "collect_stats"]

DAYS = 30
"""How many days the charts count: the reviews done up to today, the reviews due from today."""


@dataclass(frozen=True)
class DeckStats:
    """One deck's numbers for one profile; `progress` covers the cards still in the deck."""

    deck_id: str
    title: str
    cards: int
    new: int
    progress: DeckProgress
    changed: int
    """Cards whose content changed since their last review."""

    def as_json(self) -> dict[str, object]:
        p = self.progress
        return {
            "deck": self.deck_id,
            "title": self.title,
            "cards": self.cards,
            "new": self.new,
            "learning": p.learning + p.relearning,
            "review": p.review,
            "due_now": p.due_now,
            "due_next_7_days": p.due_next_7_days,
            "reviews_done": p.reviews_done,
            "retention": p.retention,
            "next_due": p.next_due.isoformat() if p.next_due else None,
            "changed_since_review": self.changed,
            "reviews_per_day": list(p.reviews_per_day),
            "due_per_day": list(p.due_per_day),
        }


@dataclass(frozen=True)
class OrphanProgress:
    """Progress kept for cards that are no longer in any deck (never deleted)."""

    deck_id: str
    card_ids: tuple[str, ...]


@dataclass(frozen=True)
class StatsReport:
    profile: str
    generated_at: datetime
    decks: tuple[DeckStats, ...]
    orphans: tuple[OrphanProgress, ...]

    def as_json(self) -> dict[str, object]:
        return {
            "profile": self.profile,
            "generated_at": self.generated_at.isoformat(),
            "decks": [deck.as_json() for deck in self.decks],
            "no_longer_in_any_deck": [asdict(orphan) for orphan in self.orphans],
        }


def collect_stats(
    store: Store,
    profile: str,
    decks: Sequence[LoadedDeck],
    *,
    now: datetime,
    all_decks: Sequence[LoadedDeck] | None = None,
    tz: tzinfo | None = None,
) -> StatsReport:
    """The stats of `decks`; progress on cards absent from every deck of `all_decks` (by default
    `decks`) is reported as orphaned. Days are the learner's days in `tz` (by default the
    machine's zone), as study counts them."""
    starts = day_starts(now, DAYS, tz)
    lines = []
    for loaded in decks:
        deck = loaded.deck
        ids = [card.id for card in deck.cards]
        progress = store.deck_progress(profile, deck.id, now, starts, card_ids=ids)
        states = store.card_states(profile, deck.id)
        changed = sum(
            1
            for card in deck.cards
            if card.id in states and states[card.id].content_hash != card.content_hash()
        )
        known = sum(1 for card_id in ids if card_id in states)
        lines.append(DeckStats(deck.id, deck.title, len(ids), len(ids) - known, progress, changed))
    in_decks: dict[str, set[str]] = {}
    for loaded in all_decks if all_decks is not None else decks:
        in_decks.setdefault(loaded.deck.id, set()).update(c.id for c in loaded.deck.cards)
    shown = {loaded.deck.id for loaded in decks}
    orphans = []
    for deck_id in store.deck_ids_with_progress(profile):
        if all_decks is None and deck_id not in shown:
            continue
        gone = sorted(store.cards_with_progress(profile, deck_id) - in_decks.get(deck_id, set()))
        if gone:
            orphans.append(OrphanProgress(deck_id, tuple(gone)))
    return StatsReport(profile, now, tuple(lines), tuple(orphans))
