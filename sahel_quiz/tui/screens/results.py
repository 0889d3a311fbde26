"""The results screen: the score, the time taken, a breakdown by tag and the missed cards.

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
from textual.widgets import Button, Footer, Header, Label, Static

from sahel_quiz.cards import expected_text
from sahel_quiz.engine.quiz import AnsweredQuestion, QuizSession, QuizSummary
from sahel_quiz.scoring import format_score
from sahel_quiz.tui.widgets.feedback import format_response

__all__ = ["ResultsScreen", "bar", "format_duration"]

BAR_WIDTH = 20


def format_duration(seconds: float) -> str:
    """`45 s`, `3 min 12 s`, `1 h 02 min`."""
    whole = max(0, round(seconds))
    if whole < 60:
        return f"{whole} s"
    minutes, secs = divmod(whole, 60)
    if minutes < 60:
        return f"{minutes} min {secs:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


def bar(fraction: float, width: int = BAR_WIDTH) -> str:
    """A text bar: `██████░░░░` for 0.6."""
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return "█" * filled + "░" * (width - filled)


def _missed_lines(item: AnsweredQuestion) -> list[Static]:
    def line(label: str, text: str, classes: str) -> Static:
        return Static(Content.assemble((f"{label} ", "bold"), text), classes=classes)

    lines = [
        Static(Content(item.question.prompt), classes="missed-prompt"),
        line(
            "Your answer:",
            format_response(item.card, item.response),
            "missed-response",
        ),
        line("Answer:", expected_text(item.card), "missed-expected"),
    ]
    if item.card.explain:
        lines.append(line("Why:", item.card.explain, "missed-explain"))
    return lines


class ResultsScreen(Screen[None]):
    """A finished (or ended) quiz: what was scored, where, and what to review."""

    CSS_PATH = "results.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "retry", "Retry missed"),
        Binding("h,escape", "home", "Home"),
        Binding("up", "scroll_body(-1)", show=False),
        Binding("down", "scroll_body(1)", show=False),
        Binding("pageup", "scroll_body(-10)", show=False),
        Binding("pagedown", "scroll_body(10)", show=False),
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
        yield Header()
        with VerticalScroll(id="results-body"):
            score = Static(
                Content(
                    f"{format_score(total.score)} / {format_score(total.maximum)} points"
                    f" · {total.percent:.0f}%"
                ),
                id="results-score",
            )
            score.border_title = f"Results · {self.session.loaded.deck.title}"
            yield score
            answered = len(summary.answered)
            count = (
                f"{answered} questions"
                if summary.complete
                else f"ended early: {answered} of {summary.question_count} questions answered"
            )
            yield Static(f"{count} · time {format_duration(summary.seconds)}", id="results-meta")
            if summary.by_tag:
                yield Label("By tag", classes="section-title")
                width = max(len(tag.tag) for tag in summary.by_tag)
                rows = []
                for tag in summary.by_tag:
                    fraction = tag.score / tag.maximum if tag.maximum else 0.0
                    rows.append(
                        f"{tag.tag:<{width}}  {bar(fraction)}  "
                        f"{format_score(tag.score)}/{format_score(tag.maximum)}"
                    )
                yield Static(Content("\n".join(rows)), id="results-tags")
            missed = summary.missed
            yield Label(f"Missed ({len(missed)})" if missed else "Missed", classes="section-title")
            if not missed:
                yield Static("Nothing missed: well done!", id="results-none-missed")
            for item in missed:
                with Vertical(classes=f"missed {item.grade.verdict}"):
                    yield from _missed_lines(item)
        with Horizontal(id="results-actions"):
            yield Button(
                Content("↻ Retry missed [r]"),
                id="retry",
                variant="primary",
                disabled=not missed,
                compact=True,
            )
            yield Button(Content("⌂ Home [h]"), id="home", compact=True)
        yield Footer()

    def on_mount(self) -> None:
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

    def action_home(self) -> None:
        self.app.pop_screen()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "retry":
            self.action_retry()
        else:
            self.action_home()
