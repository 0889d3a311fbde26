"""The results screen: the score first and large, with the percentage and the time, then a
breakdown by tag and the missed cards, marked as the feedback marked them.

The result itself was saved by `QuizSession.finish` before this screen was built; retrying the
missed cards starts a new session through the engine's `retry_missed`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Digits, Footer, Label, Static

from sahel_quiz.cards import marks
from sahel_quiz.engine.quiz import AnsweredQuestion, QuizSession, QuizSummary
from sahel_quiz.i18n import N_, _, format_percent, ngettext, out_of, plural_n
from sahel_quiz.scoring import format_score
from sahel_quiz.tui.widgets.chrome import TranslatedKeys, header
from sahel_quiz.tui.widgets.durations import format_duration
from sahel_quiz.tui.widgets.feedback import marks_content, verdict_line

__all__ = ["ResultsScreen", "bar", "format_duration"]

BAR_WIDTH = 20


def bar(fraction: float, width: int = BAR_WIDTH) -> str:
    """A text bar: `██████░░░░` for 0.6."""
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return "█" * filled + "░" * (width - filled)


def _missed(item: AnsweredQuestion) -> Vertical:
    """A missed question as the feedback showed it: the prompt, the verdict, the marks."""
    shown = item.question.shown
    lines = [
        Static(Content(shown.numbered_prompt), classes="missed-prompt"),
        Static(Content(verdict_line(item.grade, item.card.points)), classes="missed-verdict"),
        Static(marks_content(marks(item.card, shown, item.response, item.grade))),
    ]
    if item.card.explain:
        why = Content.assemble((_("Why:") + " ", "bold"), item.card.explain)
        lines.append(Static(why, classes="missed-explain"))
    return Vertical(*lines, classes=f"missed {item.grade.verdict}")


class ResultsScreen(TranslatedKeys, Screen[None]):
    """A finished (or ended) quiz: what was scored, where, and what to review."""

    CSS_PATH = "results.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "retry", N_("Retry missed")),
        Binding("h,escape", "home", N_("Home")),
        Binding("up", "scroll_body(-1)", show=False),
        Binding("down", "scroll_body(1)", show=False),
        Binding("pageup", "scroll_body(-10)", show=False),
        Binding("pagedown", "scroll_body(10)", show=False),
        Binding("home", "scroll_edge(-1)", show=False),
        Binding("end", "scroll_edge(1)", show=False),
    ]

    def __init__(
        self,
        session: QuizSession,
        summary: QuizSummary,
        *,
        clock: Callable[[], datetime],
        seed: int | None = None,
    ) -> None:
        super().__init__()
        self.session = session
        self.summary = summary
        self.clock = clock
        self.seed = seed

    def compose(self) -> ComposeResult:
        summary = self.summary
        total = summary.total
        yield header()
        with VerticalScroll(id="results-body"), Vertical(id="results-column", classes="column"):
            with Horizontal(id="results-score"):
                yield Digits(format_score(total.score), id="results-points")
                with Vertical(id="results-figures"):
                    yield Static(
                        Content(
                            ngettext(
                                "out of {maximum} point",
                                "out of {maximum} points",
                                plural_n(total.maximum),
                            ).format(maximum=format_score(total.maximum))
                        ),
                        id="results-maximum",
                    )
                    yield Static(Content(format_percent(total.percent / 100)), id="results-percent")
                    yield Static(
                        Content(_("time {time}").format(time=format_duration(summary.seconds))),
                        id="results-time",
                    )
            answered = len(summary.answered)
            count = (
                ngettext("{count} question", "{count} questions", answered).format(count=answered)
                if summary.complete
                else ngettext(
                    "ended early: {answered} of {total} questions answered",
                    "ended early: {answered} of {total} questions answered",
                    answered,
                ).format(answered=answered, total=summary.question_count)
            )
            yield Static(Content(count), id="results-meta")
            if summary.by_tag:
                yield Label(_("By tag"), classes="section-title")
                width = max(len(tag.tag) for tag in summary.by_tag)
                rows = []
                for tag in summary.by_tag:
                    fraction = tag.score / tag.maximum if tag.maximum else 0.0
                    rows.append(
                        f"{tag.tag:<{width}}  {bar(fraction)}  {out_of(tag.score, tag.maximum)}"
                    )
                yield Static(Content("\n".join(rows)), id="results-tags")
            missed = summary.missed
            title = _("Missed ({count})").format(count=len(missed)) if missed else _("Missed")
            yield Label(title, classes="section-title")
            if not missed:
                yield Static(Content(_("Nothing missed: well done!")), id="results-none-missed")
            for item in missed:
                yield _missed(item)
        with Horizontal(id="results-actions"):
            yield Button(
                Content(_("↻ Retry missed [r]")),
                id="retry",
                variant="primary",
                disabled=not missed,
                compact=True,
            )
            yield Button(Content(_("⌂ Home [h]")), id="home", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#results-score").border_title = _("Results · {deck}").format(
            deck=self.session.loaded.deck.title
        )
        button = "#retry" if self.summary.missed else "#home"
        self.query_one(button, Button).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "retry":
            return bool(self.summary.missed) or None
        return True

    def action_retry(self) -> None:
        if not self.summary.missed:
            return
        session = self.session.retry_missed(now=self.clock(), seed=self.seed)
        from sahel_quiz.tui.app import SahelQuizApp

        app = self.app
        assert isinstance(app, SahelQuizApp)
        app.play_session(session, replace=True)

    def action_scroll_body(self, lines: int) -> None:
        self.query_one("#results-body", VerticalScroll).scroll_relative(y=lines, animate=False)

    def action_scroll_edge(self, end: int) -> None:
        """Home and End: the top of the results, or the last missed card."""
        body = self.query_one("#results-body", VerticalScroll)
        if end > 0:
            body.scroll_end(animate=False)
        else:
            body.scroll_home(animate=False)

    def action_home(self) -> None:
        self.app.pop_screen()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "retry":
            self.action_retry()
        else:
            self.action_home()
