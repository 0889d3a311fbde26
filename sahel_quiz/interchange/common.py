"""Small rules more than one format shares: naming a card in a report, one-line text, and
the fields that a format has no place for."""

from __future__ import annotations

import re
from typing import Final

from sahel_quiz.cards import type_title
from sahel_quiz.deck.model import Card
from sahel_quiz.i18n import N_, _, quoted
from sahel_quiz.interchange.report import Report

__all__ = ["card_subject", "drop_unsupported", "one_line"]

_BREAKS: Final = re.compile(r"[ \t]*[\n\t][ \t\n]*")
_FIELD_NAMES: Final = {
    "quote": N_("quote"),
    "explain": N_("explanation"),
    "tags": N_("tags"),
    "group": N_("group"),
    "points": N_("points"),
    "unit": N_("unit"),
    "accept": N_("accepted answers"),
    "reject": N_("rejected near misses"),
    "fuzzy": N_("fuzzy: false"),
    "tolerance": N_("tolerance"),
    "options": N_("options"),
}


def card_subject(card: Card) -> str:
    """How a report names a card: `card “host-name” (typed answer)`."""
    return _("card {id} ({type})").format(id=quoted(card.id), type=type_title(card.type))


def one_line(text: str) -> str:
    """Line breaks and tabs made single spaces, for formats with one question per line (other
    spaces, such as French typography's narrow no-break space before `?`, stay)."""
    return _BREAKS.sub(" ", text).strip(" ")


def drop_unsupported(
    card: Card, fields: tuple[str, ...], format_label: str, report: Report
) -> None:
    """Count each of `fields` that `card` sets to something else than its default."""
    model_fields = type(card).model_fields
    for name in fields:
        if name not in model_fields:
            continue
        if getattr(card, name) != model_fields[name].get_default(call_default_factory=True):
            report.drop(
                _(_FIELD_NAMES.get(name, name)),
                _("{format} has no place for it").format(format=format_label),
            )
