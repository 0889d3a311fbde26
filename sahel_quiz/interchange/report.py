"""What an import or export could not carry over, told to the user rather than lost silently.

Two kinds of loss: a whole card (or question) that the other side cannot express is *skipped*,
one line each with the reason; a field that the other side has no place for (quotes in GIFT,
time limits from Kahoot) is *dropped*, counted per field so that a 44-card deck gives one line,
not 44. Commands print `lines()` on stderr; `--strict` turns any skipped card into exit status 2.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sahel_quiz.i18n import _, ngettext

__all__ = ["Report", "Skipped"]


@dataclass(frozen=True, slots=True)
class Skipped:
    """A card or question left out: `subject` names it (`card 'who' (order)`, `quiz.gift:40`)."""

    subject: str
    reason: str


@dataclass
class Report:
    skipped: list[Skipped] = field(default_factory=list)
    dropped: dict[tuple[str, str], int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def skip(self, subject: str, reason: str) -> None:
        self.skipped.append(Skipped(subject, reason))

    def drop(self, what: str, reason: str, count: int = 1) -> None:
        """Count one card that lost `what` (a field name, already translated) for `reason`."""
        key = (what, reason)
        self.dropped[key] = self.dropped.get(key, 0) + count

    def note(self, message: str) -> None:
        if message not in self.notes:
            self.notes.append(message)

    def lines(self) -> list[str]:
        """Every message, skipped cards first, in the order they were met."""
        lines = [
            _("skipped {subject}: {reason}").format(subject=item.subject, reason=item.reason)
            for item in self.skipped
        ]
        for (what, reason), count in self.dropped.items():
            cards = ngettext("{count} card", "{count} cards", count).format(count=count)
            lines.append(
                _("left out {what} of {cards}: {reason}").format(
                    what=what, cards=cards, reason=reason
                )
            )
        lines.extend(self.notes)
        return lines
