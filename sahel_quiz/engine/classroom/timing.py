"""The game's clock, which the teacher can adjust (WCAG 2.2.1, Timing Adjustable).

Two adjustments, both the teacher's, both at any time:

- **Extra time** for named students: their limit is `EXTRA_TIME_FACTOR` times the others'
  (per question, or for the whole self-paced game). A question stays open until the longest
  limit among those who may still answer it; the others' own time ends at the usual limit, and
  a speed bonus is measured against each student's own limit, so extra time costs no points.
- **Time limits off**: no deadline at all; the question (or the self-paced game) lasts until
  everyone has answered or the teacher moves on. Turning them on again gives back the time
  that was left when they went off.

Pure and clock-free: every method takes `now`, on the same monotonic clock as the game.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["EXTRA_TIME_FACTOR", "Timing"]

EXTRA_TIME_FACTOR = 2.0


@dataclass
class Timing:
    """One limit, who has extra time, whether limits are on, and the running clock."""

    limit: float
    timed: bool = True
    extra: set[str] = field(default_factory=set)  # player ids with extra time
    start: float = 0.0  # when the running question (or self-paced game) began, shifted by pauses
    base_passed: bool = False  # the usual limit is over; only students with extra time go on
    _paused_at: float | None = None

    def begin(self, now: float) -> None:
        """A question opens (or the self-paced game starts)."""
        self.start = now
        self.base_passed = False
        self._paused_at = None if self.timed else now

    def limit_for(self, player_id: str) -> float:
        return self.limit * (EXTRA_TIME_FACTOR if player_id in self.extra else 1.0)

    @property
    def longest(self) -> float:
        return self.limit * (EXTRA_TIME_FACTOR if self.extra else 1.0)

    def deadline(self) -> float | None:
        """When the clock next changes something: the usual limit, then the longest one."""
        if not self.timed:
            return None
        if self.extra and not self.base_passed:
            return self.start + self.limit
        return self.start + self.longest

    def time_up(self, player_id: str, now: float) -> bool:
        """Whether this student's own time for the running question (or game) is over."""
        return self.timed and now >= self.start + self.limit_for(player_id)

    def owes_time(self, player_id: str) -> bool:
        """Whether this student may still be answering (as far as the clock goes)."""
        return not self.base_passed or player_id in self.extra

    def remaining(self, player_id: str | None, now: float) -> float:
        """Seconds left for this student (None: the usual limit); frozen while limits are off."""
        limit = self.limit if player_id is None else self.limit_for(player_id)
        at = now if self._paused_at is None else self._paused_at
        return round(max(self.start + limit - at, 0.0), 3)

    def closes_in(self, now: float) -> float:
        """Seconds until the longest limit runs out; frozen while limits are off."""
        at = now if self._paused_at is None else self._paused_at
        return round(max(self.start + self.longest - at, 0.0), 3)

    def seconds(self, player_id: str, now: float) -> float:
        """A response time: from the start, at most the student's own limit."""
        return min(max(now - self.start, 0.0), self.limit_for(player_id))

    def set_timed(self, timed: bool, now: float) -> bool:
        """Turn limits off (the clock stops) or on again (it goes on from where it stopped)."""
        if timed == self.timed:
            return False
        self.timed = timed
        if timed:
            if self._paused_at is not None:
                self.start += now - self._paused_at
            self._paused_at = None
        else:
            self._paused_at = now
        return True
