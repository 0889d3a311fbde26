"""The teacher's screen of a classroom game, made to be projected: lobby, questions, reveals,
leaderboards, self-paced progress and the final podium.

The screen drives a running `ClassroomHost` and never decides anything about the game: Space
calls the server's `start_game`, `close_question` or `advance`, `x` its `remove_player`, and
what is drawn comes from `server.host_state()`. The server calls our listener on every change
(each join, each answer); a change of phase is drawn at once, while bursts of joins and answers
are coalesced into one redraw a fifth of a second, so thirty phones answering in the same second
cost a handful of redraws rather than thirty. The countdown is the only thing on a timer: it
reads the game's deadline four times a second.

Student nicknames are shown as plain text everywhere (never as markup): they are typed on
phones the teacher does not control.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
from collections.abc import Callable, Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.events import Resize
from textual.screen import ModalScreen, Screen
from textual.timer import Timer
from textual.widgets import (
    Button,
    ContentSwitcher,
    DataTable,
    Digits,
    Footer,
    Label,
    OptionList,
    Static,
)
from textual.widgets.data_table import CellDoesNotExist, RowDoesNotExist
from textual.widgets.option_list import Option

from sahel_quiz.classroom.host import ClassroomHost
from sahel_quiz.engine.classroom.views import (
    HostPlayer,
    HostQuestion,
    HostReveal,
    HostState,
    Phase,
    Standing,
)
from sahel_quiz.tui.widgets.classroom import (
    OPTION_COLOURS,
    AnswerBars,
    OptionBox,
    Podium,
    QrCode,
    Standings,
    bar_text,
    option_letter,
)

__all__ = [
    "COALESCE_SECONDS",
    "TICK_SECONDS",
    "ConfirmRemove",
    "HostScreen",
    "PickPlayer",
    "QrScreen",
    "clock_text",
    "right_options",
]

COALESCE_SECONDS = 0.2
"""At most one redraw per this many seconds for joins and answers (a new phase is immediate)."""
TICK_SECONDS = 0.25
"""How often the countdown reads the clock."""
URGENT_SECONDS = 5.0
COMPACT_WIDTH = 78  # below this (or COMPACT_HEIGHT) the lobby's QR code moves to the `c` key
COMPACT_HEIGHT = 20
PROGRESS_WIDTH = 20  # cells of a student's bar in the self-paced table

_HOW_TO_ANSWER = {
    "choice": "choose one",
    "multi": "choose all that apply",
    "true_false": "true or false?",
    "typed": "type the answer",
    "number": "type a number",
    "cloze": "fill in the blanks",
    "order": "put in order",
}
_MODE_TEXT = {
    "speed": "speed: faster right answers earn more",
    "accuracy": "accuracy: no bonus for speed",
    "self-paced": "self-paced: each student at their own pace",
}


# -- small pure helpers -----------------------------------------------------------------------


def clock_text(seconds: float) -> str:
    """What the countdown shows: whole seconds rounded up (`18`), or `m:ss` from a minute on.

    Rounded up so that `0` shows only when the time is really up.
    """
    whole = max(0, math.ceil(seconds - 1e-9))
    if whole < 60:
        return str(whole)
    minutes, rest = divmod(whole, 60)
    return f"{minutes}:{rest:02d}"


def right_options(reveal: HostReveal) -> set[int]:
    """Which bars of a reveal are the right answer (true/false: 0 is True, 1 is False)."""
    correct = reveal.correct
    if reveal.card_type == "true_false":
        return {0 if correct is True else 1}
    if isinstance(correct, list):
        return {value for value in correct if isinstance(value, int)}
    if isinstance(correct, int) and not isinstance(correct, bool):
        return {correct}
    return set()


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


# -- modal screens ----------------------------------------------------------------------------


class ConfirmRemove(ModalScreen[bool]):
    """Are you sure? A removed student loses their points; their nickname is free again."""

    CSS_PATH = "host.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Remove"),
        Binding("n,escape", "answer(False)", "Cancel"),
    ]

    def __init__(self, name: str) -> None:
        super().__init__()
        self.player_name = name

    def compose(self) -> ComposeResult:
        with Vertical(classes="host-dialog"):
            yield Static(
                Content.assemble(
                    "Remove ",
                    (self.player_name, "bold"),
                    " from the game? They lose their points and are sent out.",
                )
            )
            with Horizontal(classes="dialog-actions"):
                yield Button(
                    Content("Remove [y]"), id="confirm-remove", variant="error", compact=True
                )
                yield Button(Content("Cancel [n]"), id="confirm-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one(".host-dialog", Vertical).border_title = "Remove a player"
        self.query_one("#confirm-cancel", Button).focus()

    def action_answer(self, remove: bool) -> None:
        self.dismiss(remove)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "confirm-remove")


class PickPlayer(ModalScreen[str | None]):
    """Which player to remove, during the game (the lobby has its own list)."""

    CSS_PATH = "host.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, players: Sequence[HostPlayer]) -> None:
        super().__init__()
        self.players = list(players)

    def compose(self) -> ComposeResult:
        with Vertical(classes="host-dialog"):
            yield Label("Pick the player to remove (Enter), or Escape.", classes="dialog-note")
            yield OptionList(
                *[
                    Option(Content.assemble((p.name, "bold"), f"  {p.score} points"), id=p.id)
                    for p in self.players
                ],
                id="pick-list",
            )

    def on_mount(self) -> None:
        self.query_one(".host-dialog", Vertical).border_title = "Remove a player"
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class QrScreen(ModalScreen[None]):
    """The join address, the QR code and the PIN alone, for latecomers (or a small terminal)."""

    CSS_PATH = "host.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,c,space,enter", "close", "Close"),
    ]

    def __init__(self, urls: Sequence[str], pin: str) -> None:
        super().__init__()
        self.urls = list(urls)
        self.pin = pin

    def compose(self) -> ComposeResult:
        with Vertical(classes="host-dialog qr-dialog"):
            yield Static(Content("\n".join(self.urls)), classes="qr-urls")
            if self.urls:
                yield QrCode(self.urls[0], id="qr-big")
            yield Label(Content.assemble("PIN ", (self.pin, "bold")), classes="qr-pin")

    def on_mount(self) -> None:
        self.query_one(".host-dialog", Vertical).border_title = "Join the game"

    def action_close(self) -> None:
        self.dismiss(None)


# -- the screen -------------------------------------------------------------------------------


class HostScreen(Screen[None]):
    """The game on the teacher's screen (see the module docstring).

    `display_urls` replaces the addresses shown (and drawn as the QR code): snapshots pass fixed
    ones, since the real port is picked by the system. `monotonic` is the clock the countdown
    reads, on the server's scale (by default the server's own clock); snapshots freeze it.
    """

    CSS_PATH = "host.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "start", "Start the game"),
        Binding("space", "close_question", "Close question"),
        Binding("space", "leaderboard", "Leaderboard"),
        Binding("space", "final_ranking", "Final ranking"),
        Binding("space", "next_question", "Next question"),
        Binding("space", "end_game", "End game"),
        Binding("x,delete", "remove_player", "Remove", key_display="x"),
        Binding("c", "show_qr", "QR code"),
        Binding("q", "end_game", "End game"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(
        self,
        host: ClassroomHost,
        *,
        display_urls: Sequence[str] | None = None,
        monotonic: Callable[[], float] | None = None,
    ) -> None:
        super().__init__()
        self.host = host
        self.urls = list(display_urls) if display_urls is not None else list(host.urls)
        self.monotonic = monotonic or host.server.now
        self.drawn_version = -1
        self.redraws = 0
        """How many times the screen was redrawn from the game (tests check the coalescing)."""
        self._player_count = 0
        self._pending = False
        self._later: asyncio.TimerHandle | None = None
        self._last_redraw = -math.inf
        self._ticker: Timer | None = None

    # -- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        game = self.host.game
        with Horizontal(id="host-status"):
            yield Label(Content(game.title), id="status-title")
            yield Label("", id="status-players")
            yield Label(Content.assemble("PIN ", (self.host.pin, "bold")), id="status-pin")
        with ContentSwitcher(initial="lobby", id="host-panes"):
            with Horizontal(id="lobby"):
                with Vertical(id="lobby-join"):
                    yield Label("Join on a phone or laptop on this network:", classes="caption")
                    yield Static(Content("\n".join(self.urls)), id="lobby-urls")
                    yield Label("Game PIN", classes="caption")
                    yield Digits(self.host.pin, id="lobby-pin")
                    yield Label("", id="lobby-count", classes="caption")
                    yield Label("Waiting for students to join…", id="lobby-empty")
                    yield OptionList(id="lobby-players")
                if self.urls:
                    yield QrCode(self.urls[0], id="lobby-qr")
            with Vertical(id="question"):
                with Horizontal(id="q-head"):
                    yield Static("", id="q-prompt")
                    with Vertical(id="q-side"):
                        yield Digits("", id="q-clock")
                        yield Label("seconds left", id="q-clock-label", classes="side-label")
                        yield Digits("0", id="q-answers")
                        yield Label("", id="q-answers-label", classes="side-label")
                with VerticalScroll(id="q-body"):
                    yield Grid(id="q-options")
            with VerticalScroll(id="reveal"):
                yield Label("", id="r-title", classes="pane-title")
                yield Static("", id="r-prompt")
                yield Static("", id="r-answer")
                yield Static("", id="r-accepted")
                yield AnswerBars(id="r-bars")
                yield Static("", id="r-stats")
                yield Static("", id="r-explain")
                yield Static("", id="r-quote")
            with Vertical(id="leaderboard"):
                yield Label("", id="lb-title", classes="pane-title")
                yield Standings(id="lb-standings")
                yield Label("", id="lb-note")
            with Vertical(id="running"):
                with Horizontal(id="run-head"):
                    yield Static("", id="run-info")
                    with Vertical(id="run-side"):
                        yield Digits("", id="run-clock")
                        yield Label("left in the game", classes="side-label")
                yield DataTable(id="run-table", cursor_type="row", zebra_stripes=True)
            with Vertical(id="end"):
                yield Label("", id="end-title", classes="pane-title")
                yield Podium(id="end-podium")
                yield DataTable(id="end-table", cursor_type="row", zebra_stripes=True)
                yield Label("", id="end-saved")
        yield Footer()

    def on_mount(self) -> None:
        run = self.query_one("#run-table", DataTable)
        run.add_column("Student", key="name")
        run.add_column("Progress", key="bar", width=PROGRESS_WIDTH)
        run.add_column("Answered", key="answered")
        run.add_column("", key="status")
        end = self.query_one("#end-table", DataTable)
        for label, key in (
            ("Rank", "rank"),
            ("Student", "name"),
            ("Points", "score"),
            ("Right", "right"),
            ("Answered", "answered"),
            ("Mean time", "time"),
        ):
            end.add_column(label, key=key)
        self.host.server.add_listener(self._server_changed)
        self._ticker = self.set_interval(TICK_SECONDS, self._tick)
        self.redraw()
        self.query_one("#lobby-players", OptionList).focus()

    def on_resize(self, event: Resize) -> None:
        """A terminal too small for the QR code next to the addresses: `c` shows it instead."""
        size = event.size
        self.set_class(size.width < COMPACT_WIDTH or size.height < COMPACT_HEIGHT, "compact")

    # -- following the game ----------------------------------------------------------------

    def _server_changed(self) -> None:
        """The server's listener: called in the event loop after every change, possibly
        hundreds of times a second, and maybe outside this screen's context; so it only asks
        for a redraw through the message queue."""
        if not self._pending:
            self._pending = True
            self.call_later(self._schedule_redraw)

    def _schedule_redraw(self) -> None:
        self._pending = False
        if self.host.game.version != self.drawn_version:
            self.redraw()  # a new phase: at once
            return
        if self._later is not None:
            return
        loop = asyncio.get_running_loop()
        wait = self._last_redraw + COALESCE_SECONDS - loop.time()
        if wait <= 0:
            self.redraw()
        else:
            self._later = loop.call_later(wait, lambda: self.call_later(self.redraw))

    def redraw(self) -> None:
        """Draw the game as it is now (called by the listener; tests may call it too)."""
        if self._later is not None:
            self._later.cancel()
            self._later = None
        self._last_redraw = asyncio.get_running_loop().time()
        self.redraws += 1
        state = self.host.server.host_state()
        new_phase = state.version != self.drawn_version
        self.drawn_version = state.version
        self._draw_status(state)
        if new_phase:
            self.query_one(ContentSwitcher).current = _PANES[state.phase]
            if state.phase == "running":  # the arrows pick a student to remove
                self.query_one("#run-table", DataTable).focus()
        if state.phase == "lobby":
            self._draw_lobby(state)
        elif state.phase == "question" and state.question is not None:
            self._draw_question(state.question, new_phase)
        elif state.phase in ("reveal", "leaderboard") and state.reveal is not None:
            if new_phase:
                self._draw_reveal(state.reveal, state)
                self._draw_leaderboard(state)
        elif state.phase == "running":
            self._draw_running(state)
        elif state.phase == "ended" and new_phase:
            self._draw_end(state)
        self._tick()
        if new_phase or (self._player_count == 0) != (not state.players):
            self.refresh_bindings()
        self._player_count = len(state.players)

    def _draw_status(self, state: HostState) -> None:
        connected = sum(1 for p in state.players if p.connected)
        players = _plural(len(state.players), "player")
        if connected != len(state.players):
            players += f" ({connected} connected)"
        self.query_one("#status-players", Label).update(f"{players} · {state.mode}")

    # -- lobby -----------------------------------------------------------------------------

    def _draw_lobby(self, state: HostState) -> None:
        by_id = {player.id: player for player in state.players}
        newest_first = [by_id[pid] for pid in reversed(self.host.game.player_ids) if pid in by_id]
        listing = self.query_one("#lobby-players", OptionList)
        highlighted = listing.highlighted_option
        keep = highlighted.id if highlighted is not None else None
        listing.set_options(
            Option(
                Content.assemble(
                    (player.name, "bold"), ("" if player.connected else "  (offline)", "italic")
                ),
                id=player.id,
            )
            for player in newest_first
        )
        ids = [player.id for player in newest_first]
        if keep in ids:
            listing.highlighted = ids.index(keep)
        elif ids:
            listing.highlighted = 0
        count = len(newest_first)
        self.query_one("#lobby-count", Label).update(
            f"{_plural(count, 'student')} joined (↑↓ and x to remove one)"
            if count
            else "Space starts the game when everyone is in."
        )
        self.query_one("#lobby-empty").display = count == 0
        listing.display = count > 0

    # -- a question ------------------------------------------------------------------------

    def _draw_question(self, question: HostQuestion, new_phase: bool) -> None:
        if new_phase:
            prompt = self.query_one("#q-prompt", Static)
            prompt.update(Content(question.prompt))
            prompt.border_title = f"Question {question.index + 1} of {question.count}"
            prompt.border_subtitle = _HOW_TO_ANSWER.get(question.card_type, "")
            grid = self.query_one("#q-options", Grid)
            grid.remove_children()
            boxes = _option_boxes(question)
            grid.set_class(len(boxes) <= 1 or question.card_type == "order", "single")
            grid.set_class(len(boxes) > 6, "many")
            grid.mount_all(boxes)
            self.query_one("#q-body", VerticalScroll).scroll_home(animate=False)
        self.query_one("#q-answers", Digits).update(str(question.answers_in))
        self.query_one("#q-answers-label", Label).update(
            f"of {question.players} answered" if question.players != 1 else "of 1 answered"
        )

    # -- the reveal and the leaderboard ----------------------------------------------------

    def _draw_reveal(self, reveal: HostReveal, state: HostState) -> None:
        stats = reveal.stats
        self.query_one("#r-title", Label).update(
            f"Question {reveal.index + 1} of {state.question_count} · the answer"
        )
        self.query_one("#r-prompt", Static).update(Content(reveal.prompt))
        self.query_one("#r-answer", Static).update(self._answer_content(reveal))
        accepted = self.query_one("#r-accepted", Static)
        accepted.update(Content("Also accepted: " + "; ".join(reveal.accepted)))
        accepted.display = bool(reveal.accepted)
        rows, right = _reveal_rows(reveal)
        self.query_one("#r-bars", AnswerBars).show(rows, right, stats.players)
        mean = "" if stats.mean_time is None else f" · mean time {stats.mean_time:.1f} s"
        self.query_one("#r-stats", Static).update(
            Content.assemble(
                (f"{round(100 * stats.right_share)}% right", "bold"),
                f" · {stats.answered} of {_plural(stats.players, 'player')} answered{mean}",
            )
        )
        explain = self.query_one("#r-explain", Static)
        explain.update(Content.assemble(("Why: ", "bold"), reveal.explain or ""))
        explain.display = bool(reveal.explain)
        quote = self.query_one("#r-quote", Static)
        quote.update(Content(f"“{reveal.quote}”" if reveal.quote else ""))
        quote.display = bool(reveal.quote)
        self.query_one("#reveal", VerticalScroll).scroll_home(animate=False)

    def _answer_content(self, reveal: HostReveal) -> Content:
        """The right answer; an order card's as a numbered list, easier to read from afar."""
        items = self.host.game.questions[reveal.index].public_items
        correct = reveal.correct
        if reveal.card_type == "order" and items and isinstance(correct, list):
            return Content("\n").join(
                Content.assemble((f"{number}  ", "bold"), str(items[position]))
                for number, position in enumerate(correct, start=1)
                if isinstance(position, int) and 0 <= position < len(items)
            )
        return Content.assemble(("✓ ", "bold"), reveal.answer_text)

    def _draw_leaderboard(self, state: HostState) -> None:
        reveal = state.reveal
        after = f" after question {reveal.index + 1} of {state.question_count}" if reveal else ""
        title = "Top five" if len(state.players) > 5 else "Leaderboard"
        self.query_one("#lb-title", Label).update(title + after)
        self.query_one("#lb-standings", Standings).show(state.top)
        self.query_one("#lb-note", Label).update(_plural(len(state.players), "player"))

    # -- self-paced ------------------------------------------------------------------------

    def _draw_running(self, state: HostState) -> None:
        count = state.question_count
        done = sum(1 for p in state.players if p.progress >= count)
        self.query_one("#run-info", Static).update(
            Content.assemble(
                ("Self-paced", "bold"),
                f": {_plural(count, 'question')}, each student at their own pace.\n",
                (f"{done} of {_plural(len(state.players), 'student')} finished", "bold"),
                "\nScores are counted when the game ends.",
            )
        )
        table = self.query_one("#run-table", DataTable)
        keep = _cursor_key(table)
        table.clear()
        for player in sorted(state.players, key=lambda p: (-p.progress, p.name.casefold())):
            status = "done" if player.progress >= count else ""
            if not player.connected:
                status = "offline"
            table.add_row(
                Content(player.name),
                Content.styled(bar_text(player.progress / count, PROGRESS_WIDTH), "$primary"),
                f"{player.progress}/{count}",
                status,
                key=player.id,
            )
        _restore_cursor(table, keep)

    # -- the end ---------------------------------------------------------------------------

    def _draw_end(self, state: HostState) -> None:
        game = self.host.game
        played = len(game.closed_questions)
        title = f"Final ranking · {game.title}"
        if game.mode != "self-paced" and played < game.question_count:
            title += f" (ended after {_plural(played, 'question')} of {game.question_count})"
        self.query_one("#end-title", Label).update(Content(title))
        results = game.player_results()
        self.query_one("#end-podium", Podium).show(
            [Standing(rank=r.rank, name=r.name, score=r.score) for r in results[:3]]
        )
        table = self.query_one("#end-table", DataTable)
        table.clear()
        for line in results:
            mean = "—" if not line.answered else f"{line.total_time / line.answered:.1f} s"
            table.add_row(
                str(line.rank),
                Content(line.name),
                str(line.score),
                f"{line.right}/{played}",
                f"{line.answered}/{played}",
                mean,
                key=line.player_id,
            )
        saved = self.query_one("#end-saved", Label)
        session = self.host.session_id
        saved.update(
            f"Saved as classroom session {session} · sahel-quiz report {session} · q quits"
            if session is not None
            else "q quits"
        )
        table.focus()

    # -- the countdown ---------------------------------------------------------------------

    def _tick(self) -> None:
        game = self.host.game
        deadline = game.deadline
        if deadline is None or game.phase not in ("question", "running"):
            return
        left = max(0.0, deadline - self.monotonic())
        digits = self.query_one("#q-clock" if game.phase == "question" else "#run-clock", Digits)
        text = clock_text(left)
        if digits.value != text:
            digits.update(text)
        digits.set_class(left <= URGENT_SECONDS, "urgent")

    # -- the teacher's keys ----------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        game = self.host.game
        phase: Phase = game.phase
        last = game.current + 1 >= game.question_count
        if action == "start":
            return phase == "lobby"
        if action == "close_question":
            return phase == "question"
        if action == "leaderboard":
            return phase == "reveal" and not last
        if action == "final_ranking":
            return phase == "reveal" and last
        if action == "next_question":
            return phase == "leaderboard"
        if action == "end_game":
            return game.started_at is not None and phase != "ended"
        if action == "remove_player":
            return phase != "ended" and bool(game.player_ids)
        if action == "show_qr":
            return phase != "ended" and bool(self.urls)
        return True

    def action_start(self) -> None:
        self.host.server.start_game()

    def action_close_question(self) -> None:
        self.host.server.close_question()

    def action_leaderboard(self) -> None:
        self.host.server.advance()

    def action_final_ranking(self) -> None:
        self.host.server.advance()

    def action_next_question(self) -> None:
        self.host.server.advance()

    def action_end_game(self) -> None:
        """Space in a self-paced game, or `q` in any game: end it now, keeping what was played
        (the podium then shows; `q` again quits)."""
        self.host.server.end_game()

    def action_show_qr(self) -> None:
        self.app.push_screen(QrScreen(self.urls, self.host.pin))

    def action_remove_player(self) -> None:
        phase = self.host.game.phase
        if phase == "lobby":
            option = self.query_one("#lobby-players", OptionList).highlighted_option
            if option is not None and option.id is not None:
                self._confirm_remove(option.id)
            return
        if phase == "running":
            key = _cursor_key(self.query_one("#run-table", DataTable))
            if key is not None:
                self._confirm_remove(key)
            return
        state = self.host.server.host_state()

        def picked(player_id: str | None) -> None:
            if player_id is not None:
                self._confirm_remove(player_id)

        self.app.push_screen(PickPlayer(state.players), picked)

    def _confirm_remove(self, player_id: str) -> None:
        game = self.host.game
        if not game.is_active(player_id):
            return
        name = game.player_name(player_id)

        def answered(remove: bool | None) -> None:
            if remove and self.host.server.remove_player(player_id):
                self.notify(f"{name} was removed.", markup=False, timeout=4)

        self.app.push_screen(ConfirmRemove(name), answered)


_PANES: dict[Phase, str] = {
    "lobby": "lobby",
    "question": "question",
    "reveal": "reveal",
    "leaderboard": "leaderboard",
    "running": "running",
    "ended": "end",
}


def _option_boxes(question: HostQuestion) -> list[Static]:
    """What the students choose from, as the projected screen shows it."""
    if question.options:
        return [OptionBox(text, index) for index, text in enumerate(question.options)]
    if question.card_type == "true_false":
        return [OptionBox("True", None, colour=3), OptionBox("False", None, colour=0)]
    if question.items:
        return [
            Static(Content.assemble((f"{number}  ", "bold"), item), classes="option-box item")
            for number, item in enumerate(question.items, start=1)
        ]
    hint = "Type the answer on your phone"
    if question.card_type == "number":
        hint = "Type a number on your phone" + (f" (in {question.unit})" if question.unit else "")
    elif question.card_type == "cloze" and question.blanks:
        hint = f"Fill in {_plural(question.blanks, 'blank')} on your phone"
    return [Static(Content(hint), classes="option-box hint")]


def _reveal_rows(reveal: HostReveal) -> tuple[list[tuple[str, str, int, str]], set[int]]:
    """The bars of a reveal: one per option when the class picked options, else right, not
    right, no answer; a no-answer bar whenever someone did not answer."""
    stats = reveal.stats
    missing = max(0, stats.players - stats.answered)
    labels = reveal.options or (["True", "False"] if reveal.card_type == "true_false" else None)
    if stats.option_counts is not None and labels is not None:
        letters = reveal.options is not None
        rows = [
            (
                option_letter(number) if letters else "",
                label,
                count,
                f"answer-bars--opt-{(number if letters else 3 * (1 - number)) % OPTION_COLOURS}",
            )
            for number, (label, count) in enumerate(zip(labels, stats.option_counts, strict=True))
        ]
        right = right_options(reveal)
    else:
        right_count = round(stats.right_share * stats.players)
        rows = [
            ("", "Right", right_count, "answer-bars--right"),
            ("", "Not right", max(0, stats.answered - right_count), "answer-bars--wrong"),
        ]
        right = {0}
    if missing:
        rows.append(("", "No answer", missing, "answer-bars--none"))
    return rows, right


def _cursor_key(table: DataTable[object]) -> str | None:
    if not table.row_count:
        return None
    try:
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
    except CellDoesNotExist:
        return None
    return row_key.value


def _restore_cursor(table: DataTable[object], key: str | None) -> None:
    if key is None:
        return
    with contextlib.suppress(RowDoesNotExist):  # that student was removed
        table.move_cursor(row=table.get_row_index(key), animate=False)
