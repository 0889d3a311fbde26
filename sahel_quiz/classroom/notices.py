"""What a host screen says about connections refused and PINs guessed (line mode and the app)."""

from __future__ import annotations

from sahel_quiz.engine.classroom.views import HostAlert
from sahel_quiz.i18n import _, ngettext

__all__ = ["alert_text", "budget_text", "refused_text"]


def alert_text(alert: HostAlert) -> str:
    """`N wrong PIN attempts from ADDRESS`, with the wait the address is under."""
    text = ngettext(
        "{n} wrong PIN attempt from {address}",
        "{n} wrong PIN attempts from {address}",
        alert.wrong_pins,
    ).format(n=alert.wrong_pins, address=alert.address)
    if alert.wait:
        text += _(" (blocked for {n} s)").format(n=alert.wait)
    return text


def refused_text(alert: HostAlert) -> str:
    return ngettext(
        "Refusing connections from {address} ({n} refused)",
        "Refusing connections from {address} ({n} refused)",
        alert.refused,
    ).format(n=alert.refused, address=alert.address)


def budget_text(wait: int) -> str:
    return _(
        "Too many wrong PINs from many addresses: no one new can join for {n} s. "
        "Students already in are not affected."
    ).format(n=wait)
