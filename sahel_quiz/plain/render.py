"""How cards, grades and intervals read as plain text, shared by every line-mode command."""

from __future__ import annotations

from collections.abc import Sequence

from sahel_quiz.cards import Mark, ShownCard, marks
from sahel_quiz.deck.model import Card, LoadedDeck
from sahel_quiz.grading import Grade, Response, bracketed
from sahel_quiz.i18n import N_, _, ngettext, out_of, plural_n, quoted

__all__ = ["bracketed", "card_lines", "grade_lines", "mark_lines", "reveal_lines"]

_VERDICTS = {"right": N_("✓ Right"), "partly": N_("~ Partly right"), "wrong": N_("✗ Wrong")}
_SIGNS = {"right": "✓", "missed": "✓", "wrong": "✗", "plain": " "}
_PICKS = {
    (True, True): N_("(your answer, right)"),
    (True, False): N_("(your answer, wrong)"),
    (False, True): N_("(right, not picked)"),
}
"""What an option's box and mark say, in words (picked, right)."""


def card_lines(shown: ShownCard) -> list[str]:
    """The prompt (several blanks numbered `__1__`, `__2__` as their marks are), and the
    options or items numbered `1)`, `2)`, … in their shown order."""
    lines = [shown.numbered_prompt + (f" ({shown.unit})" if shown.unit else "")]
    lines += [f"  {number}) {text}" for number, text in enumerate(shown.choices, start=1)]
    return lines


def grade_lines(card: Card, shown: ShownCard, response: Response, result: Grade) -> list[str]:
    """The verdict with the points earned, then the question marked as the app marks it
    (`mark_lines`), and a note when a number had another unit."""
    points = card.points
    earned = ngettext(
        "{verdict} ({score} point)", "{verdict} ({score} points)", plural_n(points)
    ).format(verdict=_(_VERDICTS[result.verdict]), score=out_of(result.credit * points, points))
    lines = [earned, *mark_lines(shown, marks(card, shown, response, result))]
    if result.wrong_unit:
        note = _("this card asks in {asked}, not {typed}").format(
            asked=result.wrong_unit.asked, typed=result.wrong_unit.typed
        )
        lines.append(_("Unit: {note}").format(note=note))
    return lines


def mark_lines(shown: ShownCard, lines: Sequence[Mark]) -> list[str]:
    """The marked question as text, one line per option, blank, position or answer: ✓ or ✗
    (the console writes `+` or `x` where the terminal cannot show them), the option's number
    as it was shown, and in words what the app shows by a ticked box or a style: which options
    were picked, which right one was missed, the expected text or spelling beside a line (the
    letters a near miss got wrong in brackets), so that a screen reader says it all."""
    text: list[str] = []
    for mark in lines:
        line = f"  {_SIGNS[mark.state]} "
        if mark.label:
            line += f"{mark.label} "
        elif mark.picked is not None and mark.text in shown.choices:
            line += f"{shown.choices.index(mark.text) + 1}) "
        line += mark.text
        if mark.picked is not None and mark.state != "plain":
            line += " " + _(_PICKS[mark.picked, mark.state != "wrong"])
        if mark.note:
            line += f" ({bracketed(mark.note, mark.note_marks)})"
        text.append(line.rstrip())
    return text


def reveal_lines(card: Card, loaded: LoadedDeck) -> list[str]:
    """The explanation and the quote from the source article, with the article named."""
    lines = []
    if card.explain:
        lines.append(_("Why: {explanation}").format(explanation=card.explain))
    if card.quote:
        line = _("Source: {quote} — {article}") if loaded.source_name else _("Source: {quote}")
        lines.append(line.format(article=loaded.source_name, quote=quoted(card.quote)))
    return lines
