"""The quiz screen: one question at a time, answered with the widget its card type needs, then
the feedback in the widget's place under the question, with "Next" right below it; Enter moves
on, and the last answer leads to the results.

The screen holds no quiz logic: `QuizSession` picks the questions, grades and saves each answer
(committed before `answer` returns) and the running score; this screen shows them and times the
optional per-question limit, which submits "no answer" when it runs out.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, Label, ProgressBar, Static

from sahel_quiz.cards import expected_text
from sahel_quiz.engine.quiz import AnsweredQuestion, QuizQuestion, QuizSession
from sahel_quiz.i18n import N_, _, format_percent, out_of
from sahel_quiz.tui.widgets.answers import AnswerBox, AnswerGiven, answer_widget
from sahel_quiz.tui.widgets.chrome import TranslatedKeys
from sahel_quiz.tui.widgets.countdown import TICK_SECONDS, Countdown
from sahel_quiz.tui.widgets.feedback import FeedbackPanel

__all__ = ["TICK_SECONDS", "QuizScreen"]


class QuizScreen(TranslatedKeys, Screen[None]):
    """A quiz in progress (see the module docstring)."""

    CSS_PATH = "quiz.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        # A priority binding runs as the app takes the key, before it routes the next one, so
        # that the keys typed right behind Enter reach the next question's answer widget (see
        # `_ask`); it stands aside (`check_action`) while a question waits for its answer. The
        # footer leaves it out, as it did when the focused button took Enter: the button says
        # "Next question ▸ [Enter]" right under the feedback.
        Binding("enter", "next", N_("Next"), show=False, priority=True),
        Binding("escape", "end_quiz", N_("End quiz")),
        Binding("pageup,up", "scroll_body(-1)", show=False),
        Binding("pagedown,down", "scroll_body(1)", show=False),
    ]

    def __init__(
        self,
        session: QuizSession,
        *,
        clock: Callable[[], datetime],
        time_limit: float | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self.session = session
        self.clock = clock
        self.time_limit = time_limit
        self.monotonic = monotonic
        self.feedback: AnsweredQuestion | None = None
        """The question on screen once answered (its feedback shows); None before."""
        self._asked_at = 0.0

    def compose(self) -> ComposeResult:
        deck = self.session.loaded.deck
        with Horizontal(id="quiz-status"):
            yield Label(Content(deck.title), id="quiz-deck")
            yield ProgressBar(
                total=len(self.session.questions),
                show_eta=False,
                show_percentage=False,
                id="quiz-progress",
            )
            yield Label("", id="quiz-score")
            yield Countdown(self.time_limit, monotonic=self.monotonic, id="quiz-timer")
        with VerticalScroll(id="quiz-body"), Vertical(id="quiz-column", classes="column"):
            yield Static("", id="quiz-prompt")
            yield Vertical(id="quiz-answer")
            with Horizontal(id="quiz-next-bar"):
                yield Button("", id="quiz-next", variant="primary", compact=True)
        yield Footer()

    async def on_mount(self) -> None:
        self._show_score()
        self.query_one(ProgressBar).update(progress=len(self.session.answered))
        await self._ask()

    # -- asking ----------------------------------------------------------------------------

    @property
    def box(self) -> AnswerBox | None:
        """The answer widget of the question on screen (None while feedback shows)."""
        boxes = self.query("#quiz-answer AnswerBox")
        return boxes.first(AnswerBox) if boxes else None

    async def _ask(self) -> None:
        """Show the next question, its answer widget mounted and focused before this returns:
        the app awaits it (Enter is a priority binding), so the keys typed behind "Next" are
        routed to the new widget, not to the button that is going away."""
        question = self.session.current
        if question is None:
            self._finish()
            return
        self.feedback = None
        self.remove_class("answered")
        self._show_prompt(question)
        area = self.query_one("#quiz-answer", Vertical)
        area.remove_children()
        box = answer_widget(question.shown, expected_text(question.card))
        self._asked_at = self.monotonic()
        self._start_countdown()
        self.refresh_bindings()
        await area.mount(box)
        box.focus_answer()
        self.query_one("#quiz-body", VerticalScroll).scroll_home(animate=False)

    def _show_prompt(self, question: QuizQuestion) -> None:
        prompt = self.query_one("#quiz-prompt", Static)
        prompt.update(Content(question.shown.numbered_prompt))
        prompt.border_title = question.heading
        prompt.border_subtitle = question.shown.task

    def _show_score(self) -> None:
        total = self.session.total
        text = (
            _("Score {score} · {percent}").format(
                score=out_of(total.score, total.maximum),
                percent=format_percent(total.percent / 100),
            )
            if total.maximum
            else _("Score 0")
        )
        self.query_one("#quiz-score", Label).update(text)

    # -- the time limit --------------------------------------------------------------------

    def _start_countdown(self) -> None:
        self.query_one(Countdown).restart()

    def _stop_countdown(self) -> None:
        self.query_one(Countdown).stop()

    @on(Countdown.Expired)
    def _time_out(self, event: Countdown.Expired) -> None:
        event.stop()
        if (box := self.box) is not None:
            box.submit_none()

    # -- answering -------------------------------------------------------------------------

    @on(AnswerGiven)
    def _answered(self, event: AnswerGiven) -> None:
        event.stop()
        if self.feedback is not None or self.session.current is None:
            return
        self._stop_countdown()
        seconds = self.monotonic() - self._asked_at
        unsaved = self.session.unsaved
        answered = self.session.answer(
            event.response, now=self.clock(), duration_ms=round(seconds * 1000)
        )
        if self.session.unsaved > unsaved:
            from sahel_quiz.engine.review import unsaved_notice

            self.notify(unsaved_notice(), severity="error", timeout=12)
        self.feedback = answered
        self._show_score()
        self.query_one(ProgressBar).advance(1)
        area = self.query_one("#quiz-answer", Vertical)
        area.remove_children()
        area.mount(
            FeedbackPanel(
                answered.grade,
                answered.card,
                answered.question.shown,
                response=answered.response,
                source_name=self.session.loaded.source_name,
                points=answered.card.points,
            )
        )
        last = self.session.current is None
        self.query_one("#quiz-next", Button).label = Content(
            _("See the results ▸ [Enter]") if last else _("Next question ▸ [Enter]")
        )
        self.add_class("answered")
        self.query_one("#quiz-next", Button).focus()  # which refreshes the footer's keys

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("next", "scroll_body"):
            return self.feedback is not None
        return True

    async def action_next(self) -> None:
        if self.feedback is not None:
            await self._ask()

    def action_scroll_body(self, step: int) -> None:
        body = self.query_one("#quiz-body", VerticalScroll)
        body.scroll_relative(y=step * max(1, body.size.height - 2), animate=False)

    @on(Button.Pressed, "#quiz-next")
    async def _next_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        await self.action_next()

    # -- ending ----------------------------------------------------------------------------

    def action_end_quiz(self) -> None:
        """Escape: end now; the answers given are kept and the results show them."""
        self._stop_countdown()
        if self.session.answered:
            self._finish()
        else:
            self.session.finish(now=self.clock())
            self.app.pop_screen()

    def _finish(self) -> None:
        from sahel_quiz.tui.screens.results import ResultsScreen

        self._stop_countdown()
        summary = self.session.finish(now=self.clock())
        seed = getattr(self.app, "seed", None)
        self.app.switch_screen(ResultsScreen(self.session, summary, clock=self.clock, seed=seed))
