"""The study screen: spaced repetition over one deck, one card at a time.

A card goes front → back. On the front the learner answers with the quiz's own answer widgets
(any card type that can be graded) or, for a basic flashcard, presses Space to see the back. On
the back the feedback (or the revealed answer) is shown, the question still above it, with the
four rating buttons right under it, each labelled with the interval it would give; the rating
the grade suggests is pre-selected, so Enter accepts it and 1–4 or a click choose another.
Ctrl+Z takes back the last rating wherever the focus is (`u` too, when no text field has it).
The bar at the top counts the cards left today as the home screen does; the session ends with a
summary: cards done, time spent, and what falls due tomorrow.

Everything goes through the engine's `StudySession` (queue, grading, scheduling, the store): this
module only shows what it says and passes on what the learner chose.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import ClassVar, Literal

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Footer, Static

from sahel_quiz.cards import expected_text
from sahel_quiz.deck.model import Card, LoadedDeck
from sahel_quiz.deck.selection import NO_FILTER, TagFilter
from sahel_quiz.engine.study import StudyCard, StudyCounts, StudySession
from sahel_quiz.engine.workspace import Workspace, utc_now
from sahel_quiz.i18n import N_, _, format_day, ngettext
from sahel_quiz.scheduling import DEFAULT_NEW_PER_DAY, Scheduler
from sahel_quiz.scoring import Rating
from sahel_quiz.tui.widgets.answers import SHOW_ANSWER, AnswerBox, AnswerGiven, answer_widget
from sahel_quiz.tui.widgets.chrome import header
from sahel_quiz.tui.widgets.countdown import Countdown
from sahel_quiz.tui.widgets.durations import format_duration
from sahel_quiz.tui.widgets.feedback import FeedbackPanel, quote_content
from sahel_quiz.tui.widgets.workspace_screen import WorkspaceScreen

__all__ = ["RevealPanel", "StudyScreen", "counts_content", "next_due_text", "wait_text"]

Phase = Literal["loading", "front", "back", "done", "failed"]

_KIND_LABELS = {
    "new": N_("New card"),
    "learning": N_("Learning"),
    "review": N_("Review"),
    "relearning": N_("Relearning"),
}
_RATING_NAMES = {
    Rating.AGAIN: N_("Again"),
    Rating.HARD: N_("Hard"),
    Rating.GOOD: N_("Good"),
    Rating.EASY: N_("Easy"),
}
_CHECK_EVERY_SECONDS = 30.0
"""How often the "nothing due" view looks again, so a card that falls due appears by itself."""


def wait_text(due: datetime, now: datetime) -> str:
    """How long until `due`, as a learner says it: "in 9 min", "in 3 h", "in 4 days"."""
    minutes = max(1, math.ceil((due - now).total_seconds() / 60))
    if minutes < 120:
        return _("in {minutes} min").format(minutes=minutes)
    if minutes < 48 * 60:
        return _("in {hours} h").format(hours=round(minutes / 60))
    days = round(minutes / 1440)
    return ngettext("in {count} day", "in {count} days", days).format(count=days)


def next_due_text(due: datetime | None, now: datetime) -> str:
    """When the next card is due, in the learner's local time and from now."""
    if due is None:
        return _("No card of this deck is waiting for a review.")
    local, local_now = due.astimezone(), now.astimezone()
    time = f"{local:%H:%M}"
    if local.date() == local_now.date():
        when = _("at {time}").format(time=time)
    elif local.date() == local_now.date() + timedelta(days=1):
        when = _("tomorrow at {time}").format(time=time)
    else:
        day = format_day(local.date(), weekday=True, year=True)
        when = _("on {day} at {time}").format(day=day, time=time)
    return _("The next card is due {when} ({wait}).").format(when=when, wait=wait_text(due, now))


def counts_content(counts: StudyCounts) -> Content:
    """ "12 left today: New 6 · Learning 1 · Review 5", each count in its own colour as in
    Anki, under the names the home screen's columns have."""
    more = "+" if counts.capped else ""
    return Content.assemble(
        ngettext("{count} left today:", "{count} left today:", counts.total).format(
            count=f"{counts.total}{more}"
        ),
        " ",
        _("New"),
        " ",
        (str(counts.new), "bold $text-primary"),
        " · ",
        _("Learning"),
        " ",
        (f"{counts.learning}{more}", "bold $text-error"),
        " · ",
        _("Review"),
        " ",
        (f"{counts.review}{more}", "bold $text-success"),
    )


class RevealPanel(Vertical):
    """The back of a basic card: the answer, why, and the quote from the article.

    It wears the feedback panel's classes so that both look alike, but has no verdict: a basic
    card is graded by the learner, not by the program.
    """

    DEFAULT_CLASSES = "feedback-panel reveal-panel"
    DEFAULT_CSS = FeedbackPanel.DEFAULT_CSS
    """The feedback panel's own styles: a basic card may be revealed before any panel is shown."""
    SCOPED_CSS = False

    def __init__(self, card: Card, *, source_name: str | None = None) -> None:
        super().__init__()
        self.card = card
        self.source_name = source_name

    def compose(self) -> ComposeResult:
        card = self.card
        answer = Content.assemble((_("Answer:") + " ", "bold"), expected_text(card))
        yield Static(answer, classes="feedback-line expected", id="reveal-answer")
        if card.explain:
            why = Content.assemble((_("Why:") + " ", "bold"), card.explain)
            yield Static(why, classes="feedback-line explain")
        if card.quote:
            yield Static(quote_content(card.quote, self.source_name), classes="feedback-line quote")


class StudyScreen(WorkspaceScreen):
    """Study one deck until nothing is due; see the module docstring for the flow."""

    CSS_PATH = Path(__file__).with_name("study.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", N_("Back")),
        Binding("space", "reveal", SHOW_ANSWER),
        # The ratings are priority bindings: they run as the app takes the key, before it
        # routes the next one, so that the keys typed right behind a rating reach the next
        # card (see `_show_current`); on the front (`check_action`) they stand aside, and the
        # keys go to the answer widget.
        Binding("enter", "accept", N_("Accept"), show=False, priority=True),
        Binding("1", "rate(1)", N_("Again"), show=False, priority=True),
        Binding("2", "rate(2)", N_("Hard"), show=False, priority=True),
        Binding("3", "rate(3)", N_("Good"), show=False, priority=True),
        Binding("4", "rate(4)", N_("Easy"), show=False, priority=True),
        # Ctrl+Z works in a text field too (where `u` is typed), so the footer never loses it.
        Binding("ctrl+z", "undo", N_("Undo")),
        Binding("u", "undo", N_("Undo"), show=False),
    ]

    def __init__(
        self,
        workspace: Workspace,
        loaded: LoadedDeck,
        *,
        clock: Callable[[], datetime] = utc_now,
        scheduler: Scheduler | None = None,
        new_per_day: int = DEFAULT_NEW_PER_DAY,
        seed: int | None = None,
        tags: TagFilter = NO_FILTER,
        limit: int | None = None,
        time_limit: float | None = None,
        monotonic: Callable[[], float] = time.monotonic,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(workspace, clock=clock, name=name, id=id, classes=classes)
        self.loaded = loaded
        self.scheduler = scheduler
        self.new_per_day = new_per_day
        self.seed = seed
        self.tags = tags
        self.limit = limit
        """The session ends after this many ratings (`--limit`); None: when nothing is left."""
        self.time_limit = time_limit
        """Seconds to answer each card (`--time-limit`): then it counts as no answer."""
        self.monotonic = monotonic
        self._timed_out = False
        """The time ran out on the card shown (the back says so)."""
        self.session: StudySession | None = None
        """Set once the queue is read (in a worker thread: 100,000 due cards take a while)."""
        self.phase: Phase = "loading"
        self.item: StudyCard | None = None
        self.suggested: Rating | None = None
        """The rating pre-selected on the back (Enter accepts it)."""
        self._shown_at = clock()
        self._started_at: datetime | None = None
        """When the first card was shown, for the time in the summary."""

    # -- layout --------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield header()
        with Horizontal(id="study-bar"):
            yield Static(Content(self.loaded.deck.title), id="study-deck")
            yield Static("", id="study-counts")
            if self.time_limit is not None:
                yield Countdown(self.time_limit, monotonic=self.monotonic, id="study-timer")
        with VerticalScroll(id="study-body"):
            with Vertical(id="study-card", classes="column"):
                yield Static("", id="study-changed")
                yield Static("", id="study-prompt")
                yield Vertical(id="study-answer")
                yield Vertical(id="study-feedback")
                with Horizontal(id="study-ratings"):
                    for rating in Rating:
                        yield Button(
                            self._rating_label(rating, ""),
                            id=f"rate-{int(rating)}",
                            classes=f"rating rating-{_RATING_NAMES[rating].lower()}",
                            compact=True,
                        )
                    yield Static("", id="study-rating-hint")
                yield Static("", id="study-status")
            with Vertical(id="study-done", classes="column"):
                yield Static("", id="study-done-title")
                yield Static("", id="study-summary")
                yield Static("", id="study-next-due")
                yield Static("", id="study-reviewed")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = _("Study · profile {name}").format(name=self.workspace.profile)
        self.query_one("#study-done").display = False
        self.query_one("#study-prompt").display = False
        self.query_one("#study-ratings").display = False
        self._status(_("Reading the study queue…"))
        self._read_queue()
        self.set_interval(_CHECK_EVERY_SECONDS, self.look_again)

    @work(thread=True, exclusive=True, group="study-start")
    def _read_queue(self) -> None:
        """Read the queue off the event loop, so the screen is drawn at once and stays live."""
        self.hand_over(self._start_session, self._started)

    def _start_session(self) -> StudySession:
        return StudySession.start(
            self.loaded,
            self.workspace.store,
            now=self.clock(),
            profile=self.workspace.profile,
            new_per_day=self.new_per_day,
            scheduler=self.scheduler,
            seed=self.seed,
            tags=self.tags,
            limit=self.limit,
        )

    async def _started(self, session: StudySession) -> None:
        self.session = session
        if not self.is_attached:
            return  # the learner left while the queue was read
        await self._show_current()

    def _failed(self, message: str) -> None:
        self.phase = "failed"
        if not self.is_attached:
            return
        self._status(f"⚠ {message}")
        self.refresh_bindings()

    def _status(self, text: str) -> None:
        """A line under the card (what undo did, why the queue cannot be read); none when
        there is nothing to say, so that it takes no room."""
        status = self.query_one("#study-status", Static)
        status.update(Content(text))
        status.display = bool(text)

    @property
    def _session(self) -> StudySession:
        assert self.session is not None, "the study queue is not read yet"
        return self.session

    @staticmethod
    def _rating_label(rating: Rating, interval: str) -> Content:
        name = _(_RATING_NAMES[rating])
        return Content.assemble(
            (f"{int(rating)} ", "bold"), name, (f" {interval}" if interval else "", "italic")
        )

    # -- showing a card ------------------------------------------------------------------------

    async def _show_current(self, status: str = "") -> None:
        """Show the card the session gives now, or the end of the session. The card's answer
        widget (or its "show the answer" button) is mounted and focused before this returns,
        so that keys typed right behind a rating reach it."""
        now = self.clock()
        self.item = self._session.current(now)
        self.suggested = None
        self._timed_out = False
        self._shown_at = now
        self.query_one("#study-counts", Static).update(counts_content(self._session.counts))
        self._status(status)
        self.query_one("#study-answer").remove_children()
        self.query_one("#study-feedback").remove_children()
        self._set_ratings(None)
        if self.item is None:
            self._countdown("stop")
            self._show_done(now)
            return
        if self._started_at is None:
            self._started_at = now
        self.phase = "front"
        self.query_one("#study-done").display = False
        self.query_one("#study-card").display = True
        item, card = self.item, self.item.card
        changed = self.query_one("#study-changed", Static)
        changed.update(_("⚠ This card changed since your last review.") if item.changed else "")
        changed.display = item.changed
        shown = item.shown
        prompt = self.query_one("#study-prompt", Static)
        prompt.display = True
        prompt.update(Content(shown.numbered_prompt))
        prompt.border_title = _(_KIND_LABELS[item.kind])
        prompt.border_subtitle = shown.task
        area = self.query_one("#study-answer")
        self._countdown("restart")
        self.call_after_refresh(self._scroll_home)
        self.refresh_bindings()
        if shown.self_graded:
            label = _("{action} [Space]").format(action=_(SHOW_ANSWER))
            button = Button(Content(label), id="study-reveal", compact=True)
            await area.mount(button)
            self.set_focus(button)
        else:
            box = answer_widget(shown, expected_text(card))
            await area.mount(box)
            box.focus_answer()

    def _show_done(self, now: datetime) -> None:
        """The end of the session: what was done, in how long, and what comes tomorrow."""
        self.phase = "done"
        session = self._session
        self.query_one("#study-card").display = False
        self.query_one("#study-done").display = True
        title = (
            _("✓ You studied the cards you asked for.")
            if session.limit_reached
            else _("✓ Nothing is due now.")
        )
        self.query_one("#study-done-title", Static).update(Content(title))
        reviewed = session.reviewed
        spent = (now - self._started_at).total_seconds() if self._started_at else 0.0
        done = ngettext(
            "You studied {count} card in {time}.", "You studied {count} cards in {time}.", reviewed
        ).format(count=reviewed, time=format_duration(spent))
        tomorrow = session.due_tomorrow(now)
        coming = ngettext(
            "Tomorrow: {count} card falls due.", "Tomorrow: {count} cards fall due.", tomorrow
        ).format(count=tomorrow)
        self.query_one("#study-summary", Static).update(Content(f"{done}\n{coming}"))
        due = session.next_due(now)
        left = session.limit_note() if session.limit_reached else next_due_text(due, now)
        self.query_one("#study-next-due", Static).update(Content(left))
        self.query_one("#study-reviewed", Static).update(
            Content(_("Esc goes back; Ctrl+Z takes back the last rating."))
        )
        self.refresh_bindings()

    def _set_ratings(self, item: StudyCard | None) -> None:
        """The rating buttons, under the feedback, on the back only, with their intervals."""
        self.query_one("#study-ratings").display = item is not None
        for rating in Rating:
            button = self.query_one(f"#rate-{int(rating)}", Button)
            button.label = self._rating_label(rating, item.intervals[rating] if item else "")
            suggested = item is not None and rating == self.suggested
            button.variant = "primary" if suggested else "default"
            button.set_class(suggested, "suggested")

    async def look_again(self) -> None:
        """At the end of the session, bring in a card that has fallen due meanwhile (every
        half minute, and whenever the app asks)."""
        if self.phase != "done" or self._session.limit_reached:
            return
        now = self.clock()
        if self._session.current(now) is not None:
            await self._show_current()
            return
        due = self._session.next_due(now)
        if due is not None and due <= now:
            # A card due later today was not in the queue read at the start: read it again.
            self.phase = "loading"
            self._read_queue()

    def _scroll_home(self) -> None:
        self.query_one("#study-body", VerticalScroll).scroll_home(animate=False)

    def _focus(self, selector: str) -> None:
        found = self.query(selector)
        if found:
            found.first().focus()

    def _show_back(self, suggested: Rating) -> None:
        """Turn the card over: the ratings with their intervals, `suggested` pre-selected."""
        assert self.item is not None
        self._countdown("stop")
        self.phase = "back"
        self.suggested = suggested
        self._set_ratings(self.item)
        self._status(_("⏱ Time’s up.") if self._timed_out else "")
        self.query_one("#study-rating-hint", Static).update(
            Content(_("Enter: {rating}").format(rating=_(_RATING_NAMES[suggested])))
        )
        self.call_after_refresh(self._focus, f"#rate-{int(suggested)}")
        self.refresh_bindings()

    # -- the learner's moves -------------------------------------------------------------------

    @on(AnswerGiven)
    def _answered(self, event: AnswerGiven) -> None:
        event.stop()
        if self.phase != "front" or self.item is None:
            return
        if event.box not in self.query_one("#study-answer").children:
            return  # a late answer from a card that is gone (after an undo, say)
        checked = self._session.check(event.response)
        assert checked.grade is not None
        # The feedback marks the question in the widget's place: the locked widget would
        # only push the feedback off a small terminal.
        event.box.display = False
        self.query_one("#study-feedback").mount(
            FeedbackPanel(
                checked.grade,
                self.item.card,
                self.item.shown,
                response=event.response,
                source_name=self.loaded.source_name,
            )
        )
        self._show_back(checked.suggested)

    def action_reveal(self, knew: bool | None = None) -> None:
        """Space on a basic card's front: show the back, with Good pre-selected (Again when
        the time ran out: `knew` False)."""
        if self.phase != "front" or self.item is None or not self.item.shown.self_graded:
            return
        self.query_one("#study-answer").remove_children()
        self.query_one("#study-feedback").mount(
            RevealPanel(self.item.card, source_name=self.loaded.source_name)
        )
        self._show_back(self._session.reveal(knew))

    # -- the time limit ------------------------------------------------------------------------

    def _countdown(self, move: Literal["restart", "stop"]) -> None:
        """Start the card's full time again, or stop it; nothing without a time limit."""
        for countdown in self.query(Countdown).results(Countdown):
            if move == "restart":
                countdown.restart()
            else:
                countdown.stop()

    @on(Countdown.Expired)
    def _time_out(self, event: Countdown.Expired) -> None:
        """The time ran out on the front: no answer (a basic card is turned over, Again
        pre-selected); the learner still rates the card."""
        event.stop()
        if self.phase != "front" or self.item is None:
            return
        self._timed_out = True
        if self.item.shown.self_graded:
            self.action_reveal(knew=False)
            return
        for box in self.query("#study-answer AnswerBox").results(AnswerBox):
            box.submit_none()

    async def action_rate(self, rating: int) -> None:
        """Record the rating of the card shown and go on to the next one."""
        if self.phase != "back" or self.item is None:
            return
        now = self.clock()
        elapsed = max(0, round((now - self._shown_at).total_seconds() * 1000))
        unsaved = self._session.unsaved
        self._session.rate(Rating(rating), now=now, duration_ms=elapsed)
        if self._session.unsaved > unsaved:
            from sahel_quiz.engine.review import unsaved_notice

            self.notify(unsaved_notice(), severity="error", timeout=12)
        await self._show_current()

    async def action_accept(self) -> None:
        if self.suggested is not None:
            await self.action_rate(int(self.suggested))

    async def action_undo(self) -> None:
        if self.session is None:
            return
        undone = self._session.undo()
        if undone:
            await self._show_current(undone.message)
        else:
            self._status(undone.message)  # the card on screen stays as it is

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide the keys that mean nothing now; Undo always shows (it says when there is
        nothing to undo), so that the footer does not change under the learner."""
        if action == "reveal":
            return self.phase == "front" and self.item is not None and self.item.shown.self_graded
        if action in {"rate", "accept"}:
            return self.phase == "back"
        return True

    @on(Button.Pressed)
    async def _pressed(self, event: Button.Pressed) -> None:
        button_id = event.button.id or ""
        if button_id.startswith("rate-"):
            event.stop()
            await self.action_rate(int(button_id.removeprefix("rate-")))
        elif button_id == "study-reveal":
            event.stop()
            self.action_reveal()
