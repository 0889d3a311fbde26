"""Per-connection flood control: a token bucket, plus a limit on how long abuse is tolerated.

Pure and clock-free (the caller passes `now`), so it is tested without sleeping.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Literal

__all__ = ["FloodGuard", "Verdict"]

Verdict = Literal["ok", "warn", "drop", "close"]


@dataclass
class FloodGuard:
    """Allows `rate` messages a second in bursts of `burst`.

    The first message over the limit is answered once (`warn`), the following ones are dropped
    silently (`drop`) until the bucket refills; `max_dropped` drops within `window` seconds mean
    the client will not stop, and the connection is closed (`close`).
    """

    rate: float = 10.0
    burst: float = 20.0
    max_dropped: int = 100
    window: float = 10.0
    _tokens: float = field(init=False)
    _last: float | None = field(init=False, default=None)
    _warned: bool = field(init=False, default=False)
    _dropped: deque[float] = field(init=False, default_factory=deque)

    def __post_init__(self) -> None:
        self._tokens = self.burst

    def check(self, now: float) -> Verdict:
        if self._last is not None:
            self._tokens = min(self.burst, self._tokens + (now - self._last) * self.rate)
        self._last = now
        if self._tokens >= 1.0:
            self._tokens -= 1.0
            self._warned = False
            return "ok"
        self._dropped.append(now)
        while self._dropped and self._dropped[0] < now - self.window:
            self._dropped.popleft()
        if len(self._dropped) >= self.max_dropped:
            return "close"
        if not self._warned:
            self._warned = True
            return "warn"
        return "drop"
