"""Durations as a learner reads them, for the results and the end of a study session."""

from __future__ import annotations

from sahel_quiz.i18n import _

__all__ = ["format_duration"]


def format_duration(seconds: float) -> str:
    """`45 s`, `3 min 12 s`, `1 h 02 min`."""
    whole = max(0, round(seconds))
    if whole < 60:
        return _("{seconds} s").format(seconds=whole)
    minutes, secs = divmod(whole, 60)
    if minutes < 60:
        return _("{minutes} min {seconds} s").format(minutes=minutes, seconds=f"{secs:02d}")
    hours, minutes = divmod(minutes, 60)
    return _("{hours} h {minutes} min").format(hours=hours, minutes=f"{minutes:02d}")
