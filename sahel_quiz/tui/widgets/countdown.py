"""The countdown of a per-question time limit (`--time-limit`), shared by the quiz and study.

    from sahel_quiz.tui.widgets.countdown import Countdown

    yield Countdown(time_limit, monotonic=monotonic, id="quiz-timer")   # None: no limit
    countdown.restart()      # a new question: the full time again
    countdown.stop()         # answered: the countdown goes blank
    def on_countdown_expired(self, event: Countdown.Expired) -> None: ...   # time out

It shows "⏱ 7 s", turns `urgent` in the last five seconds, and posts `Countdown.Expired` once
when the time runs out; the screen then submits "no answer". The time is read from
`monotonic`, which tests replace with a clock they move by hand.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.message import Message
from textual.timer import Timer
from textual.widgets import Label

from sahel_quiz.i18n import _

__all__ = ["TICK_SECONDS", "Countdown"]

TICK_SECONDS = 0.2
"""How often the countdown is redrawn and checked."""


class Countdown(Label):
    """Seconds left of a per-question limit (see the module docstring); blank with no limit."""

    DEFAULT_CSS = """
    Countdown {
        min-width: 0;
        padding: 0 0 0 1;
        color: $accent;
        text-style: bold;
    }
    Countdown.urgent {
        color: $error;
    }
    """

    class Expired(Message):
        """The time of the question on screen ran out."""

    def __init__(
        self,
        time_limit: float | None,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        id: str | None = None,
    ) -> None:
        super().__init__("", id=id)
        self.time_limit = time_limit
        self.monotonic = monotonic
        self._began = 0.0
        self._timer: Timer | None = None

    def restart(self) -> None:
        """A new question: count down the full time from now (nothing without a limit)."""
        self.stop()
        if self.time_limit is None:
            return
        self._began = self.monotonic()
        self._tick()
        self._timer = self.set_interval(TICK_SECONDS, self._tick)

    def stop(self) -> None:
        """The question is answered (or left): no more ticks, and the countdown goes blank."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.update("")
        self.remove_class("urgent")

    @property
    def running(self) -> bool:
        return self._timer is not None

    def _tick(self) -> None:
        if self.time_limit is None:
            return
        left = self.time_limit - (self.monotonic() - self._began)
        self.update(_("⏱ {seconds} s").format(seconds=max(0, int(left + 0.999))))
        self.set_class(left <= 5, "urgent")
        if left <= 0 and self._timer is not None:
            self._timer.stop()
            self._timer = None
            self.post_message(self.Expired())
