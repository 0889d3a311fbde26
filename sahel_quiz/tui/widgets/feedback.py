"""The feedback panel: what a learner sees right after answering, in the quiz and in study.

How to use it (the grade comes from the engine: `AnsweredQuestion.grade` in a quiz,
`StudySession.check(...)[0]` in study):

    from sahel_quiz.tui.widgets.feedback import FeedbackPanel

    panel = FeedbackPanel(grade, card, shown, response=response,
                          source_name=loaded.source_name,
                          points=card.points)        # points=None shows the credit as a percent
    container.mount(panel)

It takes the place of the answer widget, under the question, which stays on screen: the verdict
(right / partly right / wrong, coloured by the classes `right`, `partly`, `wrong`) with the
credit, then the question marked as `sahel_quiz.cards.marks` says (✓ on each right option and ✗
on each wrong pick, each blank right or wrong with the expected text beside a wrong one, each
position of an order, the letters a near miss got wrong), a note when a number had another
unit, the explanation, and the quote from the source article with the article named. It holds
no button: the screen puts its own "Next" right under it. Its styles are `feedback.tcss`, read
as its DEFAULT_CSS (unscoped), so they come with the widget to any screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from sahel_quiz.cards import Mark, ShownCard, marks, response_text
from sahel_quiz.deck.model import Card
from sahel_quiz.grading import Grade, Response, marked_runs
from sahel_quiz.i18n import N_, _, format_percent, ngettext, out_of, plural_n, quoted

__all__ = ["FeedbackPanel", "format_response", "marks_content", "quote_content", "verdict_line"]

_VERDICT_TEXT = {"right": N_("✓ Right"), "partly": N_("◐ Partly right"), "wrong": N_("✗ Wrong")}
_SIGNS = {"right": "✓", "missed": "✓", "wrong": "✗", "plain": " "}
_SIGN_STYLES = {
    "right": "bold $text-success",
    "missed": "bold $text-success",
    "wrong": "bold $text-error",
    "plain": "",
}


def format_response(card: Card, response: Response) -> str:
    """The learner's answer as text, as the card's rules write it; None as no answer."""
    text = response_text(card, response)
    return _("no answer (time ran out)") if text is None else text


def verdict_line(grade: Grade, points: float | None) -> str:
    """`✓ Right · 1 / 1 point`, or with no points `◐ Partly right · 50% credit`."""
    text = _(_VERDICT_TEXT[grade.verdict])
    if points is None:
        return _("{verdict} · {percent} credit").format(
            verdict=text, percent=format_percent(grade.credit)
        )
    return ngettext(
        "{verdict} · {score} point", "{verdict} · {score} points", plural_n(points)
    ).format(verdict=text, score=out_of(grade.credit * points, points))


def _note(mark: Mark) -> Content:
    """The note beside a line, with the letters a near miss got wrong bold and underlined."""
    assert mark.note is not None
    return Content.assemble(
        *(
            (run, "bold underline") if marked else run
            for run, marked in marked_runs(mark.note, mark.note_marks)
        )
    ).stylize("italic")


def _mark_line(mark: Mark) -> Content:
    box = "" if mark.picked is None else ("☑ " if mark.picked else "☐ ")
    parts: list[Content | str | tuple[str, str]] = [
        (box, "bold" if mark.picked else "$text-muted"),
        (_SIGNS[mark.state], _SIGN_STYLES[mark.state]),
        " ",
    ]
    if mark.label:
        parts.append((f"{mark.label} ", "bold"))
    text_style = "$text-muted" if mark.state == "plain" else ""
    parts.append((mark.text, text_style))
    if mark.note:
        parts += ["  ", _note(mark)]
    return Content.assemble(*parts)


def marks_content(lines: Sequence[Mark]) -> Content:
    """The marked question, one line per option, blank, position or answer."""
    return Content("\n").join(_mark_line(mark) for mark in lines)


def quote_content(quote: str, source_name: str | None) -> Content:
    """“The quote” — the article it comes from (one block, so that it wraps as one)."""
    text = Content.assemble((quoted(quote), "italic"))
    if source_name:
        text = Content.assemble(text, "  — ", source_name)
    return text


class FeedbackPanel(Vertical):
    """The verdict and everything that teaches after an answer (see the module docstring)."""

    DEFAULT_CLASSES = "feedback-panel"
    DEFAULT_CSS = Path(__file__).with_name("feedback.tcss").read_text(encoding="utf-8")
    SCOPED_CSS = False

    def __init__(
        self,
        grade: Grade,
        card: Card,
        shown: ShownCard,
        *,
        response: Response = None,
        source_name: str | None = None,
        points: float | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.grade = grade
        self.card = card
        self.shown = shown
        self.response = response
        self.source_name = source_name
        self.points = points
        self.add_class(grade.verdict)

    def compose(self) -> ComposeResult:
        grade, card = self.grade, self.card
        yield Static(
            Content(verdict_line(grade, self.points)),
            id="verdict",
            classes=f"verdict {grade.verdict}",
        )
        yield Static(
            marks_content(marks(card, self.shown, self.response, grade)),
            id="marks",
            classes="feedback-line marks",
        )
        if grade.wrong_unit:
            note = _("this card asks in {asked}, not {typed}").format(
                asked=grade.wrong_unit.asked, typed=grade.wrong_unit.typed
            )
            unit = Content.assemble((_("Unit:") + " ", "bold"), note)
            yield Static(unit, classes="feedback-line unit")
        if card.explain:
            why = Content.assemble((_("Why:") + " ", "bold"), card.explain)
            yield Static(why, classes="feedback-line explain")
        if card.quote:
            yield Static(quote_content(card.quote, self.source_name), classes="feedback-line quote")
