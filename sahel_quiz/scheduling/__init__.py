"""Spaced repetition: the FSRS scheduler (py-fsrs) configured for sahel-quiz, study queues and
interval labels. Pure: every function takes the current time as a parameter.

A review, as the engine's one review step (`sahel_quiz.engine.review`) does it: inside the
store's write transaction, the stored state (None: a new card) goes through the scheduler::

    before = state.card if state else new_card(deck.id, card.id, now)
    after = scheduler.review(before, Rating.GOOD, now)
"""

from sahel_quiz.scheduling.card_state import (
    CardState,
    State,
    from_micros,
    fsrs_card_id,
    require_utc,
    state_from_row,
    to_micros,
)
from sahel_quiz.scheduling.queue import (
    DAY_ROLLOVER_HOUR,
    DEFAULT_NEW_PER_DAY,
    LEARN_AHEAD,
    StudyDay,
    day_start,
    day_starts,
    local_zone,
    next_day_start,
)
from sahel_quiz.scheduling.scheduler import (
    DEFAULT_RETENTION,
    LEARNING_STEPS,
    RELEARNING_STEPS,
    Scheduler,
    format_interval,
    new_card,
)

__all__ = [
    "DAY_ROLLOVER_HOUR",
    "DEFAULT_NEW_PER_DAY",
    "DEFAULT_RETENTION",
    "LEARNING_STEPS",
    "LEARN_AHEAD",
    "RELEARNING_STEPS",
    "CardState",
    "Scheduler",
    "State",
    "StudyDay",
    "day_start",
    "day_starts",
    "format_interval",
    "from_micros",
    "fsrs_card_id",
    "local_zone",
    "new_card",
    "next_day_start",
    "require_utc",
    "state_from_row",
    "to_micros",
]
