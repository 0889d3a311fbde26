"""The feedback panel: what a learner sees right after answering, in the quiz and in study.

How to use it (the grade comes from the engine: `AnsweredQuestion.grade` in a quiz,
`StudySession.check(...)[0]` in study):

    from sahel_quiz.tui.widgets.feedback import FeedbackPanel

    panel = FeedbackPanel(grade, card, response=response, source_name=loaded.source_name,
                          points=card.points)        # points=None shows the credit as a percent
    container.mount(panel)

It shows the verdict (right / partly right / wrong, coloured by the classes `right`, `partly`,
`wrong`) with the credit, the learner's answer, the expected answer, the accepted spelling of a
near miss (only when it differs from the expected answer; the letters the learner got wrong are
marked in whichever of the two shows it), a note when a number had another unit, the
explanation, and the quote from the source article with the article named. It holds no
button: the screen decides what Enter does next. Its styles are `feedback.tcss`, read as its
DEFAULT_CSS (unscoped), so they come with the widget to any screen.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from sahel_quiz.deck.model import Card, OrderCard
from sahel_quiz.grading import Grade, Response, marked_runs
from sahel_quiz.i18n import _
from sahel_quiz.scoring import format_score

__all__ = ["FeedbackPanel", "format_response", "verdict_line"]

_VERDICT_CLASS = {"right": "right", "partly right": "partly", "wrong": "wrong"}
_VERDICT_TEXT = {"right": "✓ Right", "partly right": "◐ Partly right", "wrong": "✗ Wrong"}


def format_response(response: Response, *, ordered: bool = False) -> str:
    """The learner's answer as text: lists joined (with arrows when `ordered`, for order
    cards), booleans as True/False, None as no answer."""
    if response is None:
        return "no answer (time ran out)"
    if isinstance(response, bool):
        return "True" if response else "False"
    if isinstance(response, list):
        return (" → " if ordered else " · ").join(response) if response else "nothing chosen"
    return response or "(empty)"


def verdict_line(grade: Grade, points: float | None) -> str:
    """`✓ Right · 1/1 point`, or with no points `◐ Partly right · 50% credit`."""
    text = _VERDICT_TEXT[grade.verdict]
    if points is None:
        return f"{text} · {round(grade.credit * 100)}% credit"
    earned = format_score(grade.credit * points)
    unit = "point" if points == 1 else "points"
    return f"{text} · {earned}/{format_score(points)} {unit}"


def _marked(text: str, corrected: tuple[int, ...]) -> Content:
    """The spelling with the letters a near miss got wrong marked (bold, underlined)."""
    return Content.assemble(
        *(
            (run, "bold underline") if marked else run
            for run, marked in marked_runs(text, corrected)
        )
    )


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
        self.add_class(_VERDICT_CLASS[grade.verdict])

    def compose(self) -> ComposeResult:
        grade, card = self.grade, self.card
        yield Static(
            Content(verdict_line(grade, self.points)),
            id="verdict",
            classes=f"verdict {_VERDICT_CLASS[grade.verdict]}",
        )
        if self.show_response and (grade.verdict != "right" or grade.accepted_as):
            ordered = isinstance(card, OrderCard)
            yield _field(
                "Your answer:", format_response(self.response, ordered=ordered), "response"
            )
        corrected = grade.corrected
        if grade.accepted_as == grade.expected:
            yield _field("Answer:", _marked(grade.expected, corrected), "expected")
        else:
            yield _field("Answer:", grade.expected, "expected")
            if grade.accepted_as:
                yield _field("Spelling:", _marked(grade.accepted_as, corrected), "spelling")
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
