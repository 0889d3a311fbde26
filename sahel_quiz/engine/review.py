"""The one review step: quiz, study and the classroom's `--record` all save answers through it.

`review` reads the card's stored state, takes the FSRS step and records the review in one
`BEGIN IMMEDIATE` transaction (`Store.review`), so a review is always computed from the state
stored at that moment, even when another window on the same profile reviewed the card since
this one showed it.

A store that cannot be written (a full disk, an immutable file) does not lose the answer: it is
kept in memory (`unsaved_count`), tried again before the next answer, and once more when the
store closes; the command then says how many could not be saved and exits with status 2.
"""

from __future__ import annotations

import dataclasses
import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar, cast

import fsrs

from sahel_quiz.deck.model import CONTROL_CHARACTER
from sahel_quiz.errors import UserError
from sahel_quiz.i18n import _, ngettext
from sahel_quiz.scheduling import CardState, Scheduler, new_card, to_micros
from sahel_quiz.scoring import Rating
from sahel_quiz.store import RecordedReview, ReviewMode, Store, StoreUnwritable

__all__ = [
    "MAX_RESPONSE_CHARS",
    "Plan",
    "Reviewed",
    "clip_response",
    "flush_unsaved",
    "raise_if_unsaved",
    "review",
    "save_or_keep",
    "unsaved_count",
    "unsaved_message",
    "unsaved_notice",
]

_R = TypeVar("_R")

MAX_RESPONSE_CHARS = 4000
"""The longest response a learner can give (longer text is cut to this, and they are told)."""


def clip_response(response: _R) -> _R:
    """The response as it is graded, kept and shown: every text (each blank of a list) cut to
    `MAX_RESPONSE_CHARS`, and without control characters, which a learner cannot mean but
    pasted or piped text can carry, and which a terminal showing the answer would obey."""
    if isinstance(response, str):
        return cast(_R, CONTROL_CHARACTER.sub("", response[:MAX_RESPONSE_CHARS]))
    if isinstance(response, list | tuple):
        return cast(_R, [clip_response(item) for item in response])
    return response


@dataclass(frozen=True, slots=True)
class Plan:
    """The state after the review as computed when the card was shown (the study screen's
    previews), used when the stored state is still `expected`: the learner gets exactly the
    interval the button showed, and the answer costs no further FSRS step."""

    expected: CardState | None
    outcome: fsrs.Card
    planned_at: datetime


@dataclass(frozen=True, slots=True)
class Reviewed:
    """What the review step did."""

    after: CardState | None
    """The card's state as written; None when the review was skipped (`only_forward`), or an
    estimate from the state read when it could not be saved (`saved` False)."""
    before: CardState | None
    """The state it was computed from (None: a new card)."""
    review_id: int | None
    saved: bool


class _Unsaved:
    """Writes that failed because the store could not be written, oldest first (a classroom
    worker thread may save beside the app's thread, hence the lock)."""

    def __init__(self) -> None:
        self.writes: list[tuple[str, Callable[[], object]]] = []
        self.lock = threading.RLock()

    def flush(self) -> bool:
        """Try the kept writes in order; True when none is left."""
        with self.lock:
            while self.writes:
                try:
                    self.writes[0][1]()
                except StoreUnwritable:
                    return False
                self.writes.pop(0)
            return True


_UNSAVED: weakref.WeakKeyDictionary[Store, _Unsaved] = weakref.WeakKeyDictionary()


def _unsaved(store: Store) -> _Unsaved:
    found = _UNSAVED.get(store)
    if found is None:
        found = _UNSAVED[store] = _Unsaved()
    return found


def save_or_keep(store: Store, kind: str, write: Callable[[], object]) -> bool:
    """Run `write` after any kept ones; when the store cannot be written, keep it for later.

    Returns whether it was saved now. `kind` is "answer" or "result", for `unsaved_message`.
    """
    unsaved = _unsaved(store)
    with unsaved.lock:
        if unsaved.flush():
            try:
                write()
                return True
            except StoreUnwritable:
                pass
        unsaved.writes.append((kind, write))
        return False


def flush_unsaved(store: Store) -> int:
    """Try the kept writes once more; returns how many answers are still unsaved."""
    _unsaved(store).flush()
    return unsaved_count(store)


def unsaved_count(store: Store) -> int:
    """Answers given in this process that the store could not save yet."""
    found = _UNSAVED.get(store)
    return 0 if found is None else sum(kind == "answer" for kind, _ in found.writes)


def unsaved_message(store: Store) -> str:
    """One line for the learner about what is kept in memory."""
    found = _UNSAVED.get(store)
    results = 0 if found is None else sum(kind == "result" for kind, _ in found.writes)
    count = unsaved_count(store)
    text = ngettext(
        "{count} answer could not be saved",
        "{count} answers could not be saved",
        count,
    ).format(count=count)
    if results:
        text += ngettext(" (nor {n} quiz result)", " (nor {n} quiz results)", results).format(
            n=results
        )
    return text + _(": the progress store {path} cannot be written").format(path=store.path)


def review(
    store: Store,
    scheduler: Scheduler,
    *,
    profile: str,
    deck_id: str,
    card_id: str,
    content_hash: str,
    rating: Rating,
    now: datetime,
    mode: ReviewMode,
    credit: float | None = None,
    response: object = None,
    duration_ms: int | None = None,
    plan: Plan | None = None,
    only_forward: bool = False,
) -> Reviewed:
    """Review one card at `now` and record it (see the module docstring).

    `plan` reuses the outcome computed when the card was shown if the stored state is still the
    one shown. `only_forward` skips the review when the card was already reviewed at or after
    `now` (the classroom adds answers after the game: history only moves forward).
    """
    read: list[CardState | None] = []
    computed: list[fsrs.Card] = []

    def schedule(state: CardState | None) -> fsrs.Card | None:
        read[:] = [state]
        last = None if state is None else state.last_review_us
        if only_forward and last is not None and last >= to_micros(now):
            return None
        if plan is not None and state == plan.expected:
            shift = now - plan.planned_at
            after = dataclasses.replace(plan.outcome, due=plan.outcome.due + shift, last_review=now)
        else:
            before = state.card if state is not None else new_card(deck_id, card_id, now)
            after = scheduler.review(before, rating, now)
        computed[:] = [after]
        return after

    results: list[RecordedReview | None] = []

    def write() -> None:
        results[:] = [
            store.review(
                profile,
                deck_id,
                card_id,
                content_hash=content_hash,
                schedule=schedule,
                rating=rating,
                mode=mode,
                credit=credit,
                response=clip_response(response),
                duration_ms=duration_ms,
            )
        ]

    if save_or_keep(store, "answer", write):
        recorded = results[0]
        if recorded is None:
            return Reviewed(None, read[0] if read else None, None, True)
        return Reviewed(recorded.after, recorded.before, recorded.review_id, True)
    # Not saved: the session goes on with the state the review would have written.
    before = read[0] if read else (plan.expected if plan is not None else None)
    if not computed:
        schedule(before)
    after_card = computed[0]
    estimate = CardState(
        deck_id,
        card_id,
        content_hash,
        after_card.state,
        after_card.step,
        after_card.stability,
        after_card.difficulty,
        to_micros(after_card.due),
        to_micros(now),
        before.introduced_us if before is not None else to_micros(now),
    )
    return Reviewed(estimate, before, None, False)


def unsaved_notice() -> str:
    """The one line shown when an answer could not be saved just now."""
    return _(
        "Your answer could not be saved (the progress store cannot be written): it is kept and "
        "will be saved with your next answer if the store can be written again."
    )


def raise_if_unsaved(store: Store) -> None:
    """At the end of a command: a `UserError` (exit status 2) if anything is still unsaved."""
    flush_unsaved(store)
    found = _UNSAVED.get(store)
    if found is not None and found.writes:
        raise UserError(unsaved_message(store))
