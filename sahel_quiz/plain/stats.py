"""`sahel-quiz stats` as text: one block per deck."""

from __future__ import annotations

from sahel_quiz.engine.stats import StatsReport
from sahel_quiz.i18n import _, format_moment, format_percent, ngettext
from sahel_quiz.plain.console import Console

__all__ = ["print_stats"]


def print_stats(report: StatsReport, console: Console) -> None:
    console.say(_("Profile: {name}").format(name=report.profile))
    for deck in report.decks:
        p = deck.progress
        retention = "—" if p.retention is None else format_percent(p.retention)
        next_due = format_moment(p.next_due, report.generated_at) if p.next_due else "—"
        console.say()
        console.say(
            ngettext(
                "{title} [{id}] — {count} card", "{title} [{id}] — {count} cards", deck.cards
            ).format(title=deck.title, id=deck.deck_id, count=deck.cards)
        )
        console.say(
            "  "
            + _("new {new} · learning {learning} · review {review}").format(
                new=deck.new, learning=p.learning + p.relearning, review=p.review
            )
        )
        console.say(
            "  "
            + _("due now {now} · due in the next 7 days {week}").format(
                now=p.due_now, week=p.due_next_7_days
            )
        )
        console.say(
            "  "
            + _("reviews done {count} · true retention {retention}").format(
                count=p.reviews_done, retention=retention
            )
        )
        console.say("  " + _("next due {when}").format(when=next_due))
        if deck.changed:
            console.say(
                "  "
                + ngettext(
                    "{count} card changed since its last review",
                    "{count} cards changed since their last review",
                    deck.changed,
                ).format(count=deck.changed)
            )
    for orphan in report.orphans:
        console.say()
        count = len(orphan.card_ids)
        shown = ", ".join(orphan.card_ids[:5]) + (", …" if count > 5 else "")
        console.say(
            ngettext(
                "No longer in any deck: {deck}: {count} card with progress kept ({ids})",
                "No longer in any deck: {deck}: {count} cards with progress kept ({ids})",
                count,
            ).format(deck=orphan.deck_id, count=count, ids=shown)
        )
