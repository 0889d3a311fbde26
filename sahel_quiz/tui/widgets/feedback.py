"""The feedback panel: what a learner sees right after answering, in the quiz and in study.

How to use it (the grade comes from the engine: `AnsweredQuestion.grade` in a quiz,
`StudySession.check(...)[0]` in study):

    from sahel_quiz.tui.widgets.feedback import FeedbackPanel

    panel = FeedbackPanel(grade, card, response=response, source_name=loaded.source_name,
                          points=card.points)        # points=None shows the credit as a percent
    container.mount(panel)

It shows the verdict (right / partly right / wrong, coloured by the classes `right`, `partly`,
`wrong`) with the credit, the learner's answer, the expected answer, the accepted spelling of a
near miss (all three written by `sahel_quiz.cards`, with the same joins everywhere; the
spelling only when it differs from the answer, and the letters the learner got wrong marked in
whichever of the two shows it), a note when a number had another unit, the explanation, and
the quote from the source article with the article named. It holds no button: the screen
decides what Enter does next. Its styles are `feedback.tcss`, read as its DEFAULT_CSS
(unscoped), so they come with the widget to any screen.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from sahel_quiz.cards import expected_text, response_text, spelling_marks, spelling_text
from sahel_quiz.deck.model import Card
from sahel_quiz.grading import Grade, Response, marked_runs
from sahel_quiz.i18n import _
from sahel_quiz.scoring import format_score

__all__ = ["FeedbackPanel", "format_response", "verdict_line"]

_VERDICT_TEXT = {"right": "✓ Right", "partly": "◐ Partly right", "wrong": "✗ Wrong"}


def format_response(card: Card, response: Response) -> str:
    """The learner's answer as text, as the card's rules write it; None as no answer."""
    text = response_text(card, response)
    return "no answer (time ran out)" if text is None else text


def verdict_line(grade: Grade, points: float | None) -> str:
    """`✓ Right · 1/1 point`, or with no points `◐ Partly right · 50% credit`."""
    text = _VERDICT_TEXT[grade.verdict]
    if points is None:
        return f"{text} · {round(grade.credit * 100)}% credit"
    earned = format_score(grade.credit * points)
    unit = "point" if points == 1 else "points"
    return f"{text} · {earned}/{format_score(points)} {unit}"


def _marked(text: str, marks: tuple[int, ...]) -> Content:
    """The spelling with the letters a near miss got wrong marked (bold, underlined)."""
    runs = marked_runs(text, marks)
    return Content.assemble(*((run, "bold underline") if marked else run for run, marked in runs))


def _field(label: str, text: str | Content, classes: str) -> Static:
    content = Content.assemble((f"{label} ", "bold"), text)
    return Static(content, classes=f"feedback-line {classes}")


class FeedbackPanel(Vertical):
    """The verdict and everything that teaches after an answer (see the module docstring)."""

    DEFAULT_CLASSES = "feedback-panel"
    DEFAULT_CSS = Path(__file__).with_name("feedback.tcss").read_text(encoding="utf-8")
    SCOPED_CSS = False

    def __init__(
        self,
        grade: Grade,
        card: Card,
        *,
        response: Response = None,
        show_response: bool = True,
        source_name: str | None = None,
        points: float | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.grade = grade
        self.card = card
        self.response = response
        self.show_response = show_response
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
        spelling = spelling_text(card, grade)
        if self.show_response and (grade.verdict != "right" or spelling):
            yield _field("Your answer:", format_response(card, self.response), "response")
        expected = expected_text(card)
        marks = spelling_marks(card, grade)
        if spelling == expected:  # the near miss was of the answer itself: mark it there
            yield _field("Answer:", _marked(expected, marks), "expected")
        else:
            yield _field("Answer:", expected, "expected")
            if spelling:
                yield _field("Spelling:", _marked(spelling, marks), "spelling")
        if grade.wrong_unit:
            note = _("this card asks in {asked}, not {typed}").format(
                asked=grade.wrong_unit.asked, typed=grade.wrong_unit.typed
            )
            yield _field(_("Unit:"), note, "unit")
        if card.explain:
            yield _field("Why:", card.explain, "explain")
        if card.quote:
            yield Static(Content(f"“{card.quote}”"), classes="feedback-line quote")
            if self.source_name:
                yield Static(Content(f"— {self.source_name}"), classes="feedback-line source")
