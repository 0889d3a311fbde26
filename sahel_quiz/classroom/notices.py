"""What a host screen says about connections refused and PINs guessed (line mode and the app)."""

from __future__ import annotations

from sahel_quiz.engine.classroom.views import HostAlert
from sahel_quiz.i18n import _, ngettext

__all__ = ["alert_text", "budget_text", "refused_text"]


def alert_text(alert: HostAlert, *, with_wait: bool = True) -> str:
    """`N wrong PIN attempts from ADDRESS`, with the wait the address is under at this moment
    (a log line says it; a line that stays on screen leaves it out, as it would go stale)."""
    text = ngettext(
        "{n} wrong PIN attempt from {address}",
        "{n} wrong PIN attempts from {address}",
        alert.wrong_pins,
    ).format(n=alert.wrong_pins, address=alert.address)
    if alert.wait and with_wait:
        text += _(" (blocked for {n} s)").format(n=alert.wait)
    return text


def refused_text(alert: HostAlert) -> str:
    return ngettext(
        "Refusing connections from {address} ({n} refused)",
        "Refusing connections from {address} ({n} refused)",
        alert.refused,
    ).format(n=alert.refused, address=alert.address)


def budget_text(wait: int | None) -> str:
    """The global wrong-PIN budget is spent (`wait`: seconds until it refills, if to be said)."""
    if wait is None:
        return _(
            "Too many wrong PINs from many addresses: no one new can join for now. "
            "Students already in are not affected."
        )
    return _(
        "Too many wrong PINs from many addresses: no one new can join for {n} s. "
        "Students already in are not affected."
    ).format(n=wait)
