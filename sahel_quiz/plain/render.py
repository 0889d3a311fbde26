"""How cards, grades and intervals read as plain text, shared by every line-mode command."""

from __future__ import annotations

from sahel_quiz.cards import ShownCard, expected_text, spelling_text
from sahel_quiz.deck.model import Card, LoadedDeck
from sahel_quiz.grading import Grade
from sahel_quiz.i18n import N_, _, ngettext, out_of, plural_n, quoted

__all__ = ["card_lines", "grade_lines", "reveal_lines"]

_VERDICTS = {"right": N_("✓ Right"), "partly": N_("~ Partly right"), "wrong": N_("✗ Wrong")}


def card_lines(shown: ShownCard) -> list[str]:
    """The prompt, and the options or items numbered `1)`, `2)`, … in their shown order."""
    lines = [shown.prompt + (f" ({shown.unit})" if shown.unit else "")]
    lines += [f"  {number}) {text}" for number, text in enumerate(shown.choices, start=1)]
    return lines


def grade_lines(card: Card, result: Grade) -> list[str]:
    """The verdict with the points earned, the expected answer and an accepted near miss."""
    points = card.points
    earned = ngettext(
        "{verdict} ({score} point)", "{verdict} ({score} points)", plural_n(points)
    ).format(verdict=_(_VERDICTS[result.verdict]), score=out_of(result.credit * points, points))
    lines = [earned, _("Answer: {answer}").format(answer=expected_text(card))]
    spelling = spelling_text(card, result)
    if spelling:
        lines.append(_("Spelling: {spelling}").format(spelling=spelling))
    return lines


def reveal_lines(card: Card, loaded: LoadedDeck) -> list[str]:
    """The explanation and the quote from the source article, with the article named."""
    lines = []
    if card.explain:
        lines.append(_("Why: {explanation}").format(explanation=card.explain))
    if card.quote:
        line = _("Source ({article}): {quote}") if loaded.source_name else _("Source: {quote}")
        lines.append(line.format(article=loaded.source_name, quote=quoted(card.quote)))
    return lines
