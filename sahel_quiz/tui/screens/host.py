"""The teacher's screen of a classroom game, made to be projected: lobby, questions, reveals,
leaderboards, self-paced progress and the final podium.

The screen drives a running `ClassroomHost` and never decides anything about the game: Space
calls the server's `start_game`, `close_question` or `advance`, `x` its `remove_player`, `l`
locks the game, `e` gives a student extra time and `t` turns time limits off (WCAG 2.2.1), and
what is drawn comes from `server.host_state()` alone: one pane per phase
(`widgets/host_panes.py`), each drawing itself with `update(state)`. The server calls our
listener on every change (each join, each answer); a change of phase is drawn at once, while
bursts of joins and answers are coalesced into one redraw a fifth of a second, so thirty phones
answering in the same second cost a handful of redraws rather than thirty. The countdown is the
only thing on a timer: it reads the state's deadline four times a second. Addresses the server
refused or that sent wrong PINs show on a warning line under the status bar (and as a
notification when one first appears).

Student nicknames are shown as plain text everywhere (never as markup): they are typed on
phones the teacher does not control.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Callable, Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
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
from textual.widgets.option_list import Option

from sahel_quiz.classroom.host import ClassroomHost
from sahel_quiz.classroom.notices import alert_text, budget_text, refused_text
from sahel_quiz.engine.classroom.views import HostAlert, HostPlayer, HostState, Phase
from sahel_quiz.i18n import N_, _, format_number, ngettext, semicolons
from sahel_quiz.scoring import MODE_NAMES
from sahel_quiz.tui.widgets.chrome import YES_KEY, TranslatedKeys
from sahel_quiz.tui.widgets.classroom import QrCode
from sahel_quiz.tui.widgets.host_panes import (
    EndPane,
    HostPane,
    LeaderboardPane,
    LobbyPane,
    QuestionPane,
    RevealPane,
    RunningPane,
    cursor_key,
)

__all__ = [
    "COALESCE_SECONDS",
    "TICK_SECONDS",
    "ConfirmRemove",
    "HostScreen",
    "PickPlayer",
    "QrScreen",
    "clock_text",
]

COALESCE_SECONDS = 0.2
"""At most one redraw per this many seconds for joins and answers (a new phase is immediate)."""
TICK_SECONDS = 0.25
"""How often the countdown reads the clock."""
URGENT_SECONDS = 5.0
COMPACT_WIDTH = 78  # below this (or COMPACT_HEIGHT) the lobby's QR code moves to the `c` key
COMPACT_HEIGHT = 20
ALERTS_SHOWN = 2  # addresses named on the warning line (the worst first)
ALERTS_REFRESH = 5.0  # seconds: the warning line is drawn again this often while it shows


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


# -- modal screens ----------------------------------------------------------------------------


class ConfirmRemove(TranslatedKeys, ModalScreen[bool]):
    """Are you sure? A removed student loses their points; their nickname is free again."""

    CSS_PATH = "host.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,o", "answer(True)", N_("Remove"), key_display=YES_KEY),
        Binding("n,escape", "answer(False)", N_("Cancel")),
    ]

    def __init__(self, name: str) -> None:
        super().__init__()
        self.player_name = name

    def compose(self) -> ComposeResult:
        with Vertical(classes="host-dialog"):
            before, _name, after = _(
                "Remove {name} from the game? They lose their points and are sent out."
            ).partition("{name}")
            yield Static(Content.assemble(before, (self.player_name, "bold"), after))
            with Horizontal(classes="dialog-actions"):
                yield Button(
                    Content(_("Remove [{key}]").format(key=_(YES_KEY))),
                    id="confirm-remove",
                    variant="error",
                    compact=True,
                )
                yield Button(Content(_("Cancel [n]")), id="confirm-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one(".host-dialog", Vertical).border_title = _("Remove a player")
        self.query_one("#confirm-cancel", Button).focus()

    def action_answer(self, remove: bool) -> None:
        self.dismiss(remove)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "confirm-remove")


class PickPlayer(TranslatedKeys, ModalScreen[str | None]):
    """Which player to remove (or to give extra time), during the game (the lobby and the
    self-paced table pick with their own cursor)."""

    CSS_PATH = "host.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", N_("Cancel"))]

    def __init__(
        self,
        players: Sequence[HostPlayer],
        *,
        title: str | None = None,
        note: str | None = None,
    ) -> None:
        super().__init__()
        self.players = list(players)
        self.title_text = _("Remove a player") if title is None else title
        self.note = _("Pick the player to remove (Enter), or Escape.") if note is None else note

    def compose(self) -> ComposeResult:
        with Vertical(classes="host-dialog"):
            yield Label(self.note, classes="dialog-note")
            yield OptionList(
                *[
                    Option(
                        Content.assemble(
                            (p.name, "bold"),
                            "  "
                            + ngettext("{score} point", "{score} points", p.score).format(
                                score=format_number(p.score)
                            ),
                            ("  " + _("(extra time)") if p.extra_time else "", "italic"),
                        ),
                        id=p.id,
                    )
                    for p in self.players
                ],
                id="pick-list",
            )

    def on_mount(self) -> None:
        self.query_one(".host-dialog", Vertical).border_title = self.title_text
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class QrScreen(TranslatedKeys, ModalScreen[None]):
    """The join address, the QR code and the PIN alone, for latecomers (or a small terminal)."""

    CSS_PATH = "host.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,c,space,enter", "close", N_("Close")),
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
            yield Label(Content.assemble(_("PIN") + " ", (self.pin, "bold")), classes="qr-pin")

    def on_mount(self) -> None:
        self.query_one(".host-dialog", Vertical).border_title = _("Join the game")

    def action_close(self) -> None:
        self.dismiss(None)


# -- the screen -------------------------------------------------------------------------------


class HostScreen(TranslatedKeys, Screen[None]):
    """The game on the teacher's screen (see the module docstring).

    `display_urls` replaces the addresses shown (and drawn as the QR code): snapshots pass fixed
    ones, since the real port is picked by the system. `monotonic` is the clock the countdown
    reads, on the server's scale (by default the server's own clock); snapshots freeze it.
    """

    CSS_PATH = "host.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "start", N_("Start the game")),
        Binding("space", "close_question", N_("Close question")),
        Binding("space", "leaderboard", N_("Leaderboard")),
        Binding("space", "final_ranking", N_("Final ranking")),
        Binding("space", "next_question", N_("Next question")),
        Binding("space", "end_game", N_("End game")),
        Binding("q", "end_game", N_("End game")),
        Binding("q", "app.quit", N_("Quit")),
        Binding("x,delete", "remove_player", N_("Remove"), key_display="x"),
        Binding("e", "extra_time", N_("Extra time")),
        Binding("l", "lock", N_("Lock")),
        Binding("l", "unlock", N_("Unlock")),
        Binding("t", "time_off", N_("Time off")),
        Binding("t", "time_on", N_("Time on")),
        Binding("c", "show_qr", N_("QR code")),
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
        self.state: HostState = host.server.host_state()
        """The state last drawn: the keys and the countdown read it too."""
        self.drawn_version = -1
        self._player_count = 0
        self._flags = (False, True)  # (locked, timed) last drawn: the keys' labels follow them
        self._alerted: set[str] = set()  # addresses already notified
        self._pending = False
        self._later: asyncio.TimerHandle | None = None
        self._last_redraw = -math.inf
        self._ticker: Timer | None = None

    # -- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="host-status"):
            yield Label(Content(self.state.title), id="status-title")
            yield Label("", id="status-players")
            yield Label("", id="status-flags")
            yield Label(Content.assemble(_("PIN") + " ", (self.host.pin, "bold")), id="status-pin")
        yield Static("", id="host-alerts")
        with ContentSwitcher(initial="lobby", id="host-panes"):
            yield LobbyPane(self.urls, self.host.pin, id="lobby")
            yield QuestionPane(id="question")
            yield RevealPane(id="reveal")
            yield LeaderboardPane(id="leaderboard")
            yield RunningPane(id="running")
            yield EndPane(id="end")
        # compact, without the palette's corner: the teacher's keys fit 80 columns
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.host.server.add_listener(self._server_changed)
        self._ticker = self.set_interval(TICK_SECONDS, self._tick)
        self.set_interval(ALERTS_REFRESH, self._refresh_alerts)
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
        if self.host.server.version != self.drawn_version:
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
        state = self.state = self.host.server.host_state()
        new_phase = state.version != self.drawn_version
        self.drawn_version = state.version
        self._draw_status(state)
        pane_id = _PANES[state.phase]
        if new_phase:
            self.query_one(ContentSwitcher).current = pane_id
            if state.phase == "ended":
                self.query_one(EndPane).session_id = self.host.session_id
        pane = self.query_one(f"#{pane_id}")
        assert isinstance(pane, HostPane)
        pane.update(state)
        if new_phase and state.phase == "running":  # the arrows pick a student to remove
            self.query_one("#run-table", DataTable).focus()
        self._tick()
        flags = (state.locked, state.timed)
        if (
            new_phase
            or (len(state.players) == 0) != (self._player_count == 0)
            or flags != self._flags
        ):
            self.refresh_bindings()
        self._player_count = len(state.players)
        self._flags = flags

    def _draw_status(self, state: HostState) -> None:
        connected = sum(1 for p in state.players if p.connected)
        count = len(state.players)
        players = ngettext("{count} player", "{count} players", count).format(count=count)
        if connected != count:
            players += " " + ngettext(
                "({count} connected)", "({count} connected)", connected
            ).format(count=connected)
        self.query_one("#status-players", Label).update(f"{players} · {_(MODE_NAMES[state.mode])}")
        flags = [_("locked")] if state.locked else []
        if not state.timed:
            flags.append(_("no time limit"))
        status_flags = self.query_one("#status-flags", Label)
        status_flags.update(Content(" · ".join(flags)))
        status_flags.display = bool(flags)
        self._draw_alerts(state)

    def _draw_alerts(self, state: HostState) -> None:
        """The addresses refused or guessing PINs, worst first, on one warning line."""
        lines = [budget_text(None)] if state.pin_wait else []
        for alert in state.alerts[:ALERTS_SHOWN]:
            lines.append(_alert_line(alert))
        hidden = len(state.alerts) - ALERTS_SHOWN
        if hidden > 0:
            lines.append(
                ngettext("and {n} more address", "and {n} more addresses", hidden).format(n=hidden)
            )
        bar = self.query_one("#host-alerts", Static)
        bar.update(Content("⚠ " + " · ".join(lines)) if lines else Content(""))
        bar.display = bool(lines)
        for alert in state.alerts:
            if alert.address not in self._alerted:
                self._alerted.add(alert.address)
                self.notify(_alert_line(alert), severity="warning", markup=False, timeout=8)

    def _refresh_alerts(self) -> None:
        """Waits run out and old alerts expire with nothing else changing: look again."""
        if self.state.alerts or self.state.pin_wait:
            self._server_changed()

    # -- the countdown ---------------------------------------------------------------------

    def _tick(self) -> None:
        state = self.state
        if state.deadline is None or state.phase not in ("question", "running"):
            return
        left = max(0.0, state.deadline - self.monotonic())
        digits = self.query_one("#q-clock" if state.phase == "question" else "#run-clock", Digits)
        text = clock_text(left)
        if digits.value != text:
            digits.update(text)
        digits.set_class(left <= URGENT_SECONDS, "urgent")

    # -- the teacher's keys ----------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        state = self.state
        phase: Phase = state.phase
        last = state.current + 1 >= state.question_count
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
            return state.started and phase != "ended"
        if action == "remove_player":
            return phase != "ended" and bool(state.players)
        if action == "show_qr":
            return phase != "ended" and bool(self.urls)
        if action in ("lock", "unlock"):
            return phase != "ended" and state.locked == (action == "unlock")
        if action in ("time_off", "time_on"):
            return phase != "ended" and state.timed == (action == "time_off")
        if action == "extra_time":
            return phase != "ended" and bool(state.players)
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

    def action_lock(self) -> None:
        """No new names may join (students already in can always come back)."""
        self.host.server.set_locked(True)
        self.notify(_("Locked: no one new can join."), timeout=4)

    def action_unlock(self) -> None:
        self.host.server.set_locked(False)
        self.notify(_("Unlocked: new students can join."), timeout=4)

    def action_time_off(self) -> None:
        """Time limits off for the whole game: the clock stops until `t` again."""
        self.host.server.set_timed(False)
        self.notify(_("Time limits off: questions stay open until you move on."), timeout=4)

    def action_time_on(self) -> None:
        self.host.server.set_timed(True)
        self.notify(_("Time limits on again."), timeout=4)

    def action_extra_time(self) -> None:
        """Extra time (twice the limit) for the student under the cursor, or one picked."""
        player_id = self._player_under_cursor()
        if player_id is not None:
            self._toggle_extra_time(player_id)
            return

        def picked(chosen: str | None) -> None:
            if chosen is not None:
                self._toggle_extra_time(chosen)

        self.app.push_screen(
            PickPlayer(
                self.host.server.host_state().players,
                title=_("Extra time"),
                note=_("Pick the student who gets extra time (Enter), or Escape."),
            ),
            picked,
        )

    def _toggle_extra_time(self, player_id: str) -> None:
        players = {p.id: p for p in self.host.server.host_state().players}
        player = players.get(player_id)
        if player is None:
            return
        extra = not player.extra_time
        if self.host.server.set_extra_time(player_id, extra):
            message = (
                _("{name} has extra time (twice the limit).")
                if extra
                else _("{name} is back on the usual time.")
            )
            self.notify(message.format(name=player.name), markup=False, timeout=4)

    def _player_under_cursor(self) -> str | None:
        """The student the lobby's list or the self-paced table points at (else None)."""
        phase = self.state.phase
        if phase == "lobby":
            return self.query_one(LobbyPane).highlighted_player()
        if phase == "running":
            return cursor_key(self.query_one("#run-table", DataTable))
        return None

    def action_show_qr(self) -> None:
        self.app.push_screen(QrScreen(self.urls, self.host.pin))

    def action_remove_player(self) -> None:
        if self.state.phase in ("lobby", "running"):
            player_id = self._player_under_cursor()
            if player_id is not None:
                self._confirm_remove(player_id)
            return
        state = self.host.server.host_state()

        def picked(player_id: str | None) -> None:
            if player_id is not None:
                self._confirm_remove(player_id)

        self.app.push_screen(PickPlayer(state.players), picked)

    def _confirm_remove(self, player_id: str) -> None:
        names = {p.id: p.name for p in self.host.server.host_state().players}
        name = names.get(player_id)
        if name is None:
            return

        def answered(remove: bool | None) -> None:
            if remove and self.host.server.remove_player(player_id):
                self.notify(_("{name} was removed.").format(name=name), markup=False, timeout=4)

        self.app.push_screen(ConfirmRemove(name), answered)


def _alert_line(alert: HostAlert) -> str:
    parts = [alert_text(alert, with_wait=False)] if alert.wrong_pins else []
    if alert.refused:
        parts.append(refused_text(alert))
    return semicolons(parts)


_PANES: dict[Phase, str] = {
    "lobby": "lobby",
    "question": "question",
    "reveal": "reveal",
    "leaderboard": "leaderboard",
    "running": "running",
    "ended": "end",
}
