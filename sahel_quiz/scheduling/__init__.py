"""Spaced repetition: the FSRS scheduler (py-fsrs) configured for sahel-quiz, study queues and
interval labels. Pure: every function takes the current time as a parameter.

A review, as the engine does it::

    state = store.card_state(profile, deck.id, card.id)           # None: a new card
    before = state.card if state else new_card(deck.id, card.id, now)
    labels = format_intervals(scheduler.preview_intervals(before, now))   # "1m · 10m · 2d · 5d"
    after = scheduler.review(before, rating, now)
    store.record_review(profile, deck.id, card.id, content_hash=card.content_hash(),
                        card=after, rating=rating, ...)
"""

from sahel_quiz.scheduling.card_state import (
    CardState,
    from_micros,
    fsrs_card_id,
    require_utc,
    to_micros,
)
from sahel_quiz.scheduling.queue import (
    DAY_ROLLOVER_HOUR,
    DEFAULT_NEW_PER_DAY,
    StudyQueue,
    build_queue,
    day_start,
)
from sahel_quiz.scheduling.scheduler import (
    DEFAULT_RETENTION,
    LEARNING_STEPS,
    RATINGS,
    RELEARNING_STEPS,
    Scheduler,
    format_interval,
    format_intervals,
    new_card,
)

__all__ = [
    "DAY_ROLLOVER_HOUR",
    "DEFAULT_NEW_PER_DAY",
    "DEFAULT_RETENTION",
    "LEARNING_STEPS",
    "RATINGS",
    "RELEARNING_STEPS",
    "CardState",
    "Scheduler",
    "StudyQueue",
    "build_queue",
    "day_start",
    "format_interval",
    "format_intervals",
    "from_micros",
    "fsrs_card_id",
    "new_card",
    "require_utc",
    "to_micros",
]
