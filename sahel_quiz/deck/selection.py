"""Which of a deck's cards a quiz, a study session or a classroom game takes, and in what order.

Three rules, each a pure function of the cards (no store, no clock, no I/O), so that quiz,
study and classroom share one home for them and property tests can drive them directly:

- `select_cards`: `--tag` keeps the cards that have any of its tags, `--skip-tag` leaves out
  those that have any of its tags; tags match whatever their case. A tag that no card of the
  deck has is an error, not an empty or unfiltered quiz, since it is almost always a typo.
- `spread_groups`: cards of one `group` give each other away, so a quiz never puts two of them
  side by side. The order is otherwise kept: each place takes the earliest card whose group
  differs from the last one placed, unless a group has so many cards left that it needs this
  place (more than half of what is left). Only when a group outnumbers all the other cards by
  two or more must some of its cards touch, and then as few do as can.
- `buried_today`: as Anki buries siblings, study shows one card of a group a day. The cards of
  the group reviewed since the learner's day began keep their place (a learning step brings the
  same card back, which gives nothing away); when none was, the card the queue would show
  first (the soonest due by the session's horizon, else the first new card in deck order, else
  the soonest due later) is the day's card; the group's other cards wait until tomorrow.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final, Protocol, TypeVar

from sahel_quiz.errors import UserError
from sahel_quiz.i18n import _, literal

__all__ = [
    "NO_FILTER",
    "Progress",
    "TagFilter",
    "buried_today",
    "select_cards",
    "spread_groups",
]


class _Grouped(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def group(self) -> str | None: ...


class _Tagged(Protocol):
    @property
    def tags(self) -> list[str]: ...


class Progress(Protocol):
    """What `buried_today` needs of a card's scheduling state (a `CardState` has both)."""

    @property
    def due_us(self) -> int: ...

    @property
    def last_review_us(self) -> int | None: ...


GroupedT = TypeVar("GroupedT", bound=_Grouped)
TaggedT = TypeVar("TaggedT", bound=_Tagged)


def _tag_list(values: Iterable[str] | None) -> tuple[str, ...]:
    """Tags from repeated options, each of which may hold several separated by commas."""
    found: dict[str, None] = {}
    for value in values or ():
        for tag in value.split(","):
            if tag.strip():
                found.setdefault(tag.strip(), None)
    return tuple(found)


@dataclass(frozen=True)
class TagFilter:
    """`--tag` and `--skip-tag`: keep the cards with any of `tags` (every card when there are
    none), then leave out those with any of `skip`."""

    tags: tuple[str, ...] = ()
    skip: tuple[str, ...] = ()

    @classmethod
    def parse(
        cls, tags: Iterable[str] | None = None, skip: Iterable[str] | None = None
    ) -> TagFilter:
        """From the command line's repeated options; `--tag who,when` is `--tag who --tag when`."""
        return cls(_tag_list(tags), _tag_list(skip))

    def __bool__(self) -> bool:
        return bool(self.tags or self.skip)


NO_FILTER: Final = TagFilter()
"""Every card: the default `tags` of quizzes, study sessions and games."""


def select_cards(cards: Sequence[TaggedT], tags: TagFilter, deck_id: str) -> list[TaggedT]:
    """The cards `tags` lets through, in deck order; a `UserError` for a tag that no card has,
    or when no card is left."""
    if not tags:
        return list(cards)
    known = {tag.casefold() for card in cards for tag in card.tags}
    for tag in (*tags.tags, *tags.skip):
        if tag.casefold() not in known:
            every = {tag for card in cards for tag in card.tags}
            listed = ", ".join(sorted(every, key=str.casefold))
            raise UserError(
                _("no card of deck {deck} has the tag {tag} (its tags: {tags})").format(
                    deck=literal(deck_id), tag=literal(tag), tags=listed or _("none")
                )
            )
    wanted = {tag.casefold() for tag in tags.tags}
    unwanted = {tag.casefold() for tag in tags.skip}
    kept: list[TaggedT] = []
    for card in cards:
        own = {tag.casefold() for tag in card.tags}
        if (not wanted or own & wanted) and not own & unwanted:
            kept.append(card)
    if not kept:
        raise UserError(
            _("no card of deck {deck} is left once the tags are applied").format(
                deck=literal(deck_id)
            )
        )
    return kept


def spread_groups(cards: Sequence[GroupedT]) -> list[GroupedT]:
    """The cards in their order, moved as little as needed for no two of a group to touch.

    O(n log n): the next card of each group waits in a heap keyed by its place, the size of
    each group in another (stale entries are skipped when they come up), so that a deck of
    10,000 cards is spread at once.
    """
    if not any(card.group for card in cards):
        return list(cards)
    # An ungrouped card is a group of one, keyed by its place so that every key is unique.
    keys: list[str | int] = [card.group or place for place, card in enumerate(cards)]
    waiting: dict[str | int, list[int]] = {}
    for place in reversed(range(len(cards))):
        waiting.setdefault(keys[place], []).append(place)  # each list ends with its first place
    heads = [(places[-1], key) for key, places in waiting.items()]
    heapq.heapify(heads)
    sizes = [(-len(places), key) for key, places in waiting.items() if len(places) > 1]
    heapq.heapify(sizes)

    def next_head() -> tuple[int, str | int] | None:
        while heads:
            place, key = heapq.heappop(heads)
            if waiting[key] and waiting[key][-1] == place:
                return place, key
        return None

    result: list[GroupedT] = []
    last: str | int | None = None
    for left in range(len(cards), 0, -1):
        while sizes and len(waiting[sizes[0][1]]) != -sizes[0][0]:
            heapq.heappop(sizes)  # that group has placed a card since
        if sizes and -sizes[0][0] * 2 > left and sizes[0][1] != last:
            key = sizes[0][1]  # more than half of what is left: it needs this place
        else:
            head = next_head()
            assert head is not None, "a card is left, so some group has a head"
            if head[1] == last and (other := next_head()) is not None:
                heapq.heappush(heads, head)  # it would touch its sibling: the next one goes first
                head = other
            key = head[1]
        place = waiting[key].pop()
        if waiting[key]:
            heapq.heappush(heads, (waiting[key][-1], key))
            if len(waiting[key]) > 1:
                heapq.heappush(sizes, (-len(waiting[key]), key))
        result.append(cards[place])
        last = key
    return result


def buried_today(
    cards: Sequence[GroupedT],
    progress: Mapping[str, Progress],
    *,
    day_began_us: int,
    horizon_us: int,
) -> frozenset[str]:
    """Ids of the grouped cards that study leaves for tomorrow (see the module docstring).

    `progress` holds the state of each card that has one (the others are new), `day_began_us`
    is when the learner's day began and `horizon_us` how far ahead the session shows due cards,
    both in microseconds since the epoch like the states' times.
    """
    groups: dict[str, list[tuple[int, GroupedT]]] = {}
    for place, card in enumerate(cards):
        if card.group:
            groups.setdefault(card.group, []).append((place, card))
    buried: set[str] = set()
    for members in groups.values():
        todays = {
            card.id
            for _place, card in members
            if (state := progress.get(card.id)) is not None
            and state.last_review_us is not None
            and state.last_review_us >= day_began_us
        }
        if not todays:
            _place, first = min(
                members, key=lambda member: _queue_rank(member, progress, horizon_us)
            )
            todays = {first.id}
        buried.update(card.id for _place, card in members if card.id not in todays)
    return frozenset(buried)


def _queue_rank(
    member: tuple[int, _Grouped], progress: Mapping[str, Progress], horizon_us: int
) -> tuple[int, int, str]:
    """Where the study queue would put the card: due cards by due time, then new cards in deck
    order, then cards due after the horizon."""
    place, card = member
    state = progress.get(card.id)
    if state is None:
        return (1, place, card.id)
    return (0 if state.due_us <= horizon_us else 2, state.due_us, card.id)
