"""The line-mode host: the classroom game driven from standard input, reported on standard output.

For terminals without full-screen support, for screen readers and for scripts (the tests drive
it through a pipe). Commands, one per line:

- Enter (an empty line) or `n`: the next step (start, close the question, leaderboard, next
  question, end);
- `remove NAME`: remove a player;
- `players`: list the players;
- `lock` / `unlock`: no new names may join (students already in can always come back);
- `extra NAME`: give a student extra time (twice the limit), or take it back;
- `time off` / `time on`: time limits off for the whole game (the clock stops), or on again;
- `q`, end of input or Ctrl+C: end the game (saving what was played) and close the server.

The command words are the same in every language the host is shown in, like the command line's.

Output is plain lines, printed as things happen; bursts of changes (a class joining at once,
answers arriving) are coalesced into one update every fifth of a second.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
from typing import TextIO

from rich.cells import cell_len, set_cell_size

from sahel_quiz.cards import type_title
from sahel_quiz.classroom.host import ClassroomHost
from sahel_quiz.classroom.notices import alert_text, budget_text, refused_text
from sahel_quiz.classroom.qr import qr_text
from sahel_quiz.classroom.stdin import read_lines
from sahel_quiz.engine.classroom.views import HostAlert, HostReveal, HostState
from sahel_quiz.i18n import N_, _, format_number, format_percent, ngettext, quoted, semicolons

__all__ = ["run_plain_host"]

COALESCE_SECONDS = 0.2
BAR_WIDTH = 20
MAX_NAMES_LISTED = 8
_MODE_TEXT = {
    "speed": N_("speed (faster right answers earn more)"),
    "accuracy": N_("accuracy (no bonus for speed)"),
    "self-paced": N_("self-paced (each student at their own pace)"),
}
_PROMPTS = {
    "lobby": N_("Press Enter to start."),
    "question": N_("Press Enter to close the question."),
    "reveal": N_("Press Enter for the leaderboard."),
    "leaderboard": N_("Press Enter for the next question."),
    "running": N_("Press Enter to end the game."),
    "ended": N_("Press Enter to close the server."),
}


COMMANDS = N_(
    'Commands: Enter = next step · "remove NAME" · "players" · "lock"/"unlock" · '
    '"extra NAME" · "time off"/"time on" · q = quit'
)
LOCKED = N_("The game is locked: no one new can join (players can still come back).")
UNLOCKED = N_("The game is open again: new players can join.")
TIME_ON = N_("Time limits are on.")
TIME_OFF = N_("Time limits are off: each question stays open until you move on.")


class _Reporter:
    """Prints what changed since the last state it saw."""

    def __init__(self, host: ClassroomHost, out: TextIO) -> None:
        self.host = host
        self.out = out
        self.version = -1
        self.players: dict[str, bool] = {}
        self.answers_in = -1
        self.progress: dict[str, int] = {}
        self.alerts: dict[str, HostAlert] = {}
        self.pin_wait = 0
        self.final_printed = False

    def say(self, text: str = "") -> None:
        print(text, file=self.out, flush=True)

    def banner(self) -> None:
        game = self.host.game
        if not game.timing.timed:
            limit = _("no time limit")
        elif game.mode == "self-paced":
            limit = _("{seconds} s for the whole game").format(
                seconds=format_number(game.time_limit)
            )
        else:
            limit = _("{seconds} s per question").format(seconds=format_number(game.time_limit))
        self.say(_("sahel-quiz classroom: {title}").format(title=game.title))
        questions = ngettext("{count} question", "{count} questions", game.question_count)
        self.say(
            _("Mode: {mode} · {questions} · {limit}").format(
                mode=_(_MODE_TEXT[game.mode]),
                questions=questions.format(count=game.question_count),
                limit=limit,
            )
        )
        join_at = _("Join at:")
        for index, url in enumerate(self.host.urls):
            self.say(f"{join_at if index == 0 else ' ' * len(join_at)} {url}")
        self.say(_("PIN: {pin}").format(pin=self.host.pin))
        if self.host.urls:
            self.say(qr_text(self.host.urls[0]).rstrip("\n"))
            bare = self.host.urls[0].split("/?")[0]
            self.say(
                _("From a terminal: {command}").format(
                    command=f"sahel-quiz join {bare} --name {_('NICK')} --pin {self.host.pin}"
                )
            )
        self.say(_(COMMANDS))
        self.say(_(_PROMPTS["lobby"]))

    def update(self, state: HostState) -> None:
        self._alerts(state)
        self._players(state)
        if state.version != self.version:
            self.version = state.version
            self.answers_in = -1
            self._phase(state)
        question = state.question
        if state.phase == "question" and question and question.answers_in != self.answers_in:
            self.answers_in = question.answers_in
            self.say(
                "  "
                + ngettext(
                    "{count} of {players} answered",
                    "{count} of {players} answered",
                    question.answers_in,
                ).format(count=question.answers_in, players=question.players)
            )
        if state.phase == "running":
            self._progress(state)

    def _players(self, state: HostState) -> None:
        now = {p.name: p.connected for p in state.players}
        total = ngettext("({count} player)", "({count} players)", len(now)).format(count=len(now))
        arrived = [name for name in now if name not in self.players]
        if len(arrived) > MAX_NAMES_LISTED:  # a whole class at once: one line, not forty
            shown = ", ".join(arrived[:MAX_NAMES_LISTED])
            self.say(
                "+ "
                + _("{count} joined: {names}, … {total}").format(
                    count=len(arrived), names=shown, total=total
                )
            )
        else:
            for name in arrived:
                self.say("+ " + _("{name} joined {total}").format(name=name, total=total))
        for name, connected in now.items():
            if name in self.players and connected != self.players[name]:
                back = _("{name} is back") if connected else _("{name} lost the connection")
                self.say("  " + back.format(name=name))
        for name in self.players.keys() - now.keys():
            self.say("- " + _("{name} removed").format(name=name))
        self.players = now

    def _alerts(self, state: HostState) -> None:
        """Say when an address is refused or guessing PINs (once per change, not per frame)."""
        for alert in state.alerts:
            seen = self.alerts.get(alert.address)
            if alert.wrong_pins and (seen is None or alert.wrong_pins != seen.wrong_pins):
                self.say("! " + alert_text(alert))
            if (seen is None or alert.refused != seen.refused) and alert.refused:
                self.say("! " + refused_text(alert))
            self.alerts[alert.address] = alert
        if state.pin_wait and not self.pin_wait:
            self.say("! " + budget_text(state.pin_wait))
        self.pin_wait = state.pin_wait

    def _progress(self, state: HostState) -> None:
        changed = [p for p in state.players if self.progress.get(p.name) != p.progress]
        if changed:
            count = state.question_count
            self.say(
                "  "
                + _("progress: {list}").format(
                    list=", ".join(f"{p.name} {p.progress}/{count}" for p in changed)
                )
            )
            self.progress.update({p.name: p.progress for p in changed})

    def _phase(self, state: HostState) -> None:
        if state.phase == "question" and state.question is not None:
            q = state.question
            self.say()
            if state.timed:
                timing = _("{seconds} s").format(seconds=format_number(q.time_limit))
            else:
                timing = _("no time limit")
            self.say(
                _("Question {number} of {total} · {type} · {timing}").format(
                    number=q.index + 1, total=q.count, type=type_title(q.card_type), timing=timing
                )
            )
            self.say(q.prompt)
            for index, option in enumerate(q.options or q.items or [], start=1):
                self.say(f"  {index}) {option}")
            if q.blanks:
                self.say(
                    "  "
                    + ngettext("({count} blank)", "({count} blanks)", q.blanks).format(
                        count=q.blanks
                    )
                )
            if q.unit:
                self.say("  " + _("(in {unit})").format(unit=q.unit))
        elif state.phase == "running":
            self.say()
            self.say(
                ngettext(
                    "The game is on: {count} question, {seconds} s.",
                    "The game is on: {count} questions, {seconds} s.",
                    state.question_count,
                ).format(count=state.question_count, seconds=format_number(state.remaining or 0))
            )
        elif state.phase == "reveal" and state.reveal is not None:
            self._reveal(state.reveal)
        elif state.phase == "leaderboard":
            self.say(_("Top five:"))
            for standing in state.top:
                self.say(f"  {standing.rank}. {standing.name}  {format_number(standing.score)}")
        elif state.phase == "ended":
            self.final()
        last = state.reveal is not None and state.reveal.index + 1 == state.question_count
        if state.phase == "reveal" and last:
            self.say(_("Press Enter for the final ranking."))
        else:
            self.say(_(_PROMPTS[state.phase]))

    def _reveal(self, reveal: HostReveal) -> None:
        stats = reveal.stats
        self.say(_("Answer: {answer}").format(answer=reveal.answer_text))
        if reveal.accepted:
            self.say(_("Also accepted: {list}").format(list=semicolons(reveal.accepted)))
        labels = reveal.labels or []
        if stats.option_counts is not None and labels:
            right = reveal.right_labels
            most = max(max(stats.option_counts), 1)
            width = max(cell_len(label) for label in labels)  # cells: CJK and emoji are 2
            for number, (label, count) in enumerate(zip(labels, stats.option_counts, strict=True)):
                bar = "█" * round(BAR_WIDTH * count / most)
                mark = " ✓" if number in right else ""
                self.say(f"  {set_cell_size(label, width)}  {bar} {count}{mark}")
        line = ngettext(
            "Right: {share} · answered {count} of {players}",
            "Right: {share} · answered {count} of {players}",
            stats.answered,
        ).format(
            share=format_percent(stats.right_share), count=stats.answered, players=stats.players
        )
        if stats.mean_time is not None:
            line += " · " + _("mean time {seconds} s").format(
                seconds=format_number(stats.mean_time, 1)
            )
        self.say(line)
        if reveal.explain:
            self.say(_("Why: {explanation}").format(explanation=reveal.explain))
        if reveal.quote:
            self.say(_("Source: {quote}").format(quote=quoted(reveal.quote)))

    def final(self) -> None:
        if self.final_printed:
            return
        self.final_printed = True
        state = self.host.server.host_state()
        results = {p.name: p for p in state.results}
        self.say()
        self.say(_("Final ranking:"))
        for player in state.players:
            line = results[player.name]
            points = ngettext("{score} point", "{score} points", player.score).format(
                score=format_number(player.score)
            )
            right = ngettext(
                "{right} of {count} right", "{right} of {count} right", line.right
            ).format(right=line.right, count=state.question_count)
            text = f"  {player.rank}. {player.name}  {points} · {right}"
            if line.mean_time is not None:
                text += " · " + _("mean {seconds} s").format(
                    seconds=format_number(line.mean_time, 1)
                )
            self.say(text)
        if not state.players:
            self.say("  " + _("(no players)"))


async def run_plain_host(host: ClassroomHost, out: TextIO | None = None) -> int:
    """Host a game in line mode until the teacher quits; returns the exit status."""
    out = out or sys.stdout
    loop = asyncio.get_running_loop()
    commands = read_lines()
    with contextlib.suppress(NotImplementedError, RuntimeError):
        loop.add_signal_handler(signal.SIGINT, commands.put_nowait, None)
    await host.start()
    reporter = _Reporter(host, out)
    reporter.banner()

    def on_change() -> None:  # every phase is printed at once, however fast they follow
        if host.game.version != reporter.version:
            reporter.update(host.server.host_state())

    host.server.add_listener(on_change)
    watcher = loop.create_task(_watch(host, reporter))
    try:
        while True:
            line = await commands.get()
            if line is None or line.strip().lower() in ("q", "quit", "exit"):
                break
            if not _command(host, reporter, line.strip()):
                break
    finally:
        started = host.game.started_at is not None
        watcher.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await watcher
        await host.stop()
        if started:
            reporter.update(host.server.host_state())
            reporter.final()
        for line in host.saved_lines():
            reporter.say(line)
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.remove_signal_handler(signal.SIGINT)
    return 0


def _command(host: ClassroomHost, reporter: _Reporter, line: str) -> bool:
    """Apply one typed command; False means: time to quit."""
    word, _space, rest = line.partition(" ")
    word = word.lower()
    server = host.server
    if word in ("", "n", "next"):
        if host.game.phase == "ended":
            return False
        host.server.advance()
    elif word in ("remove", "kick") and rest.strip():
        if not host.server.remove_player(rest.strip()):
            reporter.say(_("No player named {name}.").format(name=quoted(rest.strip())))
    elif word == "players":
        state = host.server.host_state()
        for player in state.players:
            status = "" if player.connected else " " + _("(disconnected)")
            reporter.say(f"  {player.rank}. {player.name}  {format_number(player.score)}{status}")
        count = len(state.players)
        reporter.say(
            "  " + ngettext("{count} player", "{count} players", count).format(count=count)
        )
    elif word in ("lock", "unlock"):
        server.set_locked(word == "lock")
        reporter.say(_(LOCKED) if word == "lock" else _(UNLOCKED))
    elif word == "extra" and rest.strip():
        name = rest.strip()
        player_id = host.game.player_by_name(name)
        if player_id is None:
            reporter.say(_("No player named {name}.").format(name=quoted(name)))
        else:
            extra = not host.game.has_extra_time(player_id)
            server.set_extra_time(player_id, extra)
            shown = host.game.player_name(player_id)
            reporter.say(
                _("{name} has extra time (twice the limit).").format(name=shown)
                if extra
                else _("{name} is back on the usual time.").format(name=shown)
            )
    elif word == "time" and rest.strip().lower() in ("on", "off"):
        on = rest.strip().lower() == "on"
        server.set_timed(on)
        reporter.say(_(TIME_ON) if on else _(TIME_OFF))
    else:
        reporter.say(_(COMMANDS))
    return True


async def _watch(host: ClassroomHost, reporter: _Reporter) -> None:
    server = host.server
    while True:
        await server.changed.wait()
        server.changed.clear()
        reporter.update(server.host_state())
        await asyncio.sleep(COALESCE_SECONDS)
