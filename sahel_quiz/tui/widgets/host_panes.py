"""The panes of the classroom host screen, one per phase of the game, each drawn from the
engine's `HostState` alone by its `update(state)`.

A pane draws what changes with every join and answer each time, and what belongs to one phase
(a question's boxes, a reveal, the final table) once per phase: `state.version` changes with the
phase, and a pane remembers the version it last drew. The screen (`screens/host.py`) decides
which pane shows and what the keys do; the panes decide nothing. Their styles are in the
screen's `host.tcss`. Student nicknames are drawn as plain text, never as markup.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import DataTable, Digits, Label, OptionList, Static
from textual.widgets.data_table import CellDoesNotExist, RowDoesNotExist
from textual.widgets.option_list import Option

from sahel_quiz.engine.classroom.views import HostQuestion, HostReveal, HostState, Standing
from sahel_quiz.i18n import _, format_number, format_percent, ngettext, quoted, semicolons
from sahel_quiz.tui.widgets.classroom import (
    OPTION_COLOURS,
    AnswerBars,
    OptionBox,
    Podium,
    QrCode,
    Standings,
    bar_text,
    name_cell,
    option_letter,
)

__all__ = [
    "PROGRESS_WIDTH",
    "EndPane",
    "HostPane",
    "LeaderboardPane",
    "LobbyPane",
    "QuestionPane",
    "RevealPane",
    "RunningPane",
    "cursor_key",
]

PROGRESS_WIDTH = 20  # cells of a student's bar in the self-paced table


def cursor_key(table: DataTable[object]) -> str | None:
    """The key of the row under a table's cursor (None in an empty table)."""
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


class HostPane:
    """What every pane shares: `update(state)`, and whether `state` is a new phase for it."""

    drawn_version = -1

    def is_new(self, state: HostState) -> bool:
        """True once per phase: the first time a pane is given a state of a new version."""
        new = state.version != self.drawn_version
        self.drawn_version = state.version
        return new

    def update(self, state: HostState) -> None:
        raise NotImplementedError


class LobbyPane(Horizontal, HostPane):
    """The join address, the QR code, the PIN, and the students who joined (newest first)."""

    def __init__(self, urls: Sequence[str], pin: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.urls = list(urls)
        self.pin = pin

    def compose(self) -> ComposeResult:
        with Vertical(id="lobby-join"):
            yield Label(_("Join on a phone or laptop on this network:"), classes="caption")
            yield Static(Content("\n".join(self.urls)), id="lobby-urls")
            yield Label(_("Game PIN"), classes="caption")
            yield Digits(self.pin, id="lobby-pin")
            yield Label("", id="lobby-count", classes="caption")
            yield Label(_("Waiting for students to join…"), id="lobby-empty")
            yield OptionList(id="lobby-players")
        if self.urls:
            yield QrCode(self.urls[0], id="lobby-qr")

    def update(self, state: HostState) -> None:
        newest_first = sorted(state.players, key=lambda player: -player.joined)
        listing = self.query_one("#lobby-players", OptionList)
        highlighted = listing.highlighted_option
        keep = highlighted.id if highlighted is not None else None
        listing.set_options(
            Option(
                Content.assemble(
                    (player.name, "bold"),
                    ("" if player.connected else "  " + _("(offline)"), "italic"),
                    ("  " + _("(extra time)") if player.extra_time else "", "italic $accent"),
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
            ngettext(
                "{count} student joined (↑↓ and x to remove one)",
                "{count} students joined (↑↓ and x to remove one)",
                count,
            ).format(count=count)
            if count
            else _("Space starts the game when everyone is in.")
        )
        self.query_one("#lobby-empty").display = count == 0
        listing.display = count > 0

    def highlighted_player(self) -> str | None:
        option = self.query_one("#lobby-players", OptionList).highlighted_option
        return option.id if option is not None else None


class QuestionPane(Vertical, HostPane):
    """The open question as the class sees it, the countdown, and how many answered."""

    def compose(self) -> ComposeResult:
        with Horizontal(id="q-head"):
            yield Static("", id="q-prompt")
            with Vertical(id="q-side"):
                yield Digits("", id="q-clock")
                yield Label("", id="q-clock-label", classes="side-label")
                yield Digits("0", id="q-answers")
                yield Label("", id="q-answers-label", classes="side-label")
        with VerticalScroll(id="q-body"):
            yield Grid(id="q-options")

    def update(self, state: HostState) -> None:
        question = state.question
        if question is None:
            return
        if self.is_new(state):
            prompt = self.query_one("#q-prompt", Static)
            prompt.update(Content(question.prompt))
            prompt.border_title = _("Question {number} of {total}").format(
                number=question.index + 1, total=question.count
            )
            prompt.border_subtitle = question.hint
            grid = self.query_one("#q-options", Grid)
            grid.remove_children()
            boxes = _option_boxes(question)
            grid.set_class(len(boxes) <= 1 or question.items is not None, "single")
            grid.set_class(len(boxes) > 6, "many")
            grid.mount_all(boxes)
            self.query_one("#q-body", VerticalScroll).scroll_home(animate=False)
        _show_clock(self, "#q-clock", "#q-clock-label", state, _("seconds left"))
        self.query_one("#q-answers", Digits).update(str(question.answers_in))
        self.query_one("#q-answers-label", Label).update(
            ngettext("of {players} answered", "of {players} answered", question.answers_in).format(
                players=question.players
            )
        )


def _option_boxes(question: HostQuestion) -> list[Static]:
    """What the students choose from, as the projected screen shows it."""
    if question.options:
        return [OptionBox(text, index) for index, text in enumerate(question.options)]
    if question.labels:  # true/false: green True, red False
        colours = (3, 0)
        return [
            OptionBox(text, None, colour=colours[index % 2])
            for index, text in enumerate(question.labels)
        ]
    if question.items:
        return [
            Static(Content.assemble((f"{number}  ", "bold"), item), classes="option-box item")
            for number, item in enumerate(question.items, start=1)
        ]
    how = question.hint[:1].upper() + question.hint[1:]
    hint = _("{how} on your phone").format(how=how)
    if question.unit:
        hint += " " + _("(in {unit})").format(unit=question.unit)
    return [Static(Content(hint), classes="option-box hint")]


class RevealPane(VerticalScroll, HostPane):
    """The right answer, how the class answered, the explanation and the quote."""

    def compose(self) -> ComposeResult:
        yield Label("", id="r-title", classes="pane-title")
        yield Static("", id="r-prompt")
        yield Static("", id="r-answer")
        yield Static("", id="r-accepted")
        yield AnswerBars(id="r-bars")
        yield Static("", id="r-stats")
        yield Static("", id="r-explain")
        yield Static("", id="r-quote")

    def update(self, state: HostState) -> None:
        reveal = state.reveal
        if reveal is None or not self.is_new(state):
            return
        stats = reveal.stats
        self.query_one("#r-title", Label).update(
            _("Question {number} of {total} · the answer").format(
                number=reveal.index + 1, total=state.question_count
            )
        )
        self.query_one("#r-prompt", Static).update(Content(reveal.prompt))
        self.query_one("#r-answer", Static).update(_answer_content(reveal))
        accepted = self.query_one("#r-accepted", Static)
        accepted.update(
            Content(_("Also accepted: {list}").format(list=semicolons(reveal.accepted)))
        )
        accepted.display = bool(reveal.accepted)
        rows, right = reveal_rows(reveal)
        self.query_one("#r-bars", AnswerBars).show(rows, right, stats.players)
        answered = ngettext(
            "{count} of {players} player answered",
            "{count} of {players} players answered",
            stats.players,
        ).format(count=stats.answered, players=stats.players)
        if stats.mean_time is not None:
            answered += " · " + _("mean time {seconds} s").format(
                seconds=format_number(stats.mean_time, 1)
            )
        self.query_one("#r-stats", Static).update(
            Content.assemble(
                (_("{share} right").format(share=format_percent(stats.right_share)), "bold"),
                " · " + answered,
            )
        )
        explain = self.query_one("#r-explain", Static)
        explain.update(Content.assemble((_("Why:") + " ", "bold"), reveal.explain or ""))
        explain.display = bool(reveal.explain)
        quote = self.query_one("#r-quote", Static)
        quote.update(Content(quoted(reveal.quote) if reveal.quote else ""))
        quote.display = bool(reveal.quote)
        self.scroll_home(animate=False)


def _answer_content(reveal: HostReveal) -> Content:
    """The right answer; as a numbered list when it is one (an order), easier to read from afar."""
    if reveal.answer_steps:
        return Content("\n").join(
            Content.assemble((f"{number}  ", "bold"), step)
            for number, step in enumerate(reveal.answer_steps, start=1)
        )
    return Content.assemble(("✓ ", "bold"), reveal.answer_text)


def reveal_rows(reveal: HostReveal) -> tuple[list[tuple[str, str, int, str]], set[int]]:
    """The bars of a reveal: one per label when the class's answers were counted by choice,
    else right, not right; and a no-answer bar whenever someone did not answer."""
    stats = reveal.stats
    missing = max(0, stats.players - stats.answered)
    if stats.option_counts is not None and reveal.labels is not None:
        letters = reveal.options is not None
        rows = [
            (
                option_letter(number) if letters else "",
                label,
                count,
                f"answer-bars--opt-{(number if letters else 3 * (1 - number)) % OPTION_COLOURS}",
            )
            for number, (label, count) in enumerate(
                zip(reveal.labels, stats.option_counts, strict=True)
            )
        ]
        right = set(reveal.right_labels)
    else:
        rows = [
            ("", _("Right"), stats.right, "answer-bars--right"),
            ("", _("Not right"), max(0, stats.answered - stats.right), "answer-bars--wrong"),
        ]
        right = {0}
    if missing:
        rows.append(("", _("No answer"), missing, "answer-bars--none"))
    return rows, right


class LeaderboardPane(Vertical, HostPane):
    """The top five after a question."""

    def compose(self) -> ComposeResult:
        yield Label("", id="lb-title", classes="pane-title")
        yield Standings(id="lb-standings")
        yield Label("", id="lb-note")

    def update(self, state: HostState) -> None:
        if not self.is_new(state):
            return
        reveal = state.reveal
        title = _("Top five") if len(state.players) > 5 else _("Leaderboard")
        if reveal:
            title = _("{title} after question {number} of {total}").format(
                title=title, number=reveal.index + 1, total=state.question_count
            )
        self.query_one("#lb-title", Label).update(title)
        self.query_one("#lb-standings", Standings).show(state.top)
        count = len(state.players)
        self.query_one("#lb-note", Label).update(
            ngettext("{count} player", "{count} players", count).format(count=count)
        )


class RunningPane(Vertical, HostPane):
    """A self-paced game: how far each student is, live; the arrows pick one to remove."""

    def compose(self) -> ComposeResult:
        with Horizontal(id="run-head"):
            yield Static("", id="run-info")
            with Vertical(id="run-side"):
                yield Digits("", id="run-clock")
                yield Label("", id="run-clock-label", classes="side-label")
        yield DataTable(id="run-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        run = self.query_one("#run-table", DataTable)
        run.add_column(_("Student"), key="name")
        run.add_column(_("Progress"), key="bar", width=PROGRESS_WIDTH)
        run.add_column(_("Answered"), key="answered")
        run.add_column("", key="status")

    def update(self, state: HostState) -> None:
        count = state.question_count
        done = sum(1 for p in state.players if p.progress >= count)
        players = len(state.players)
        self.query_one("#run-info", Static).update(
            Content.assemble(
                (_("Self-paced"), "bold"),
                ngettext(
                    ": {count} question, each student at their own pace.",
                    ": {count} questions, each student at their own pace.",
                    count,
                ).format(count=count),
                "\n",
                (
                    ngettext(
                        "{done} of {count} student finished",
                        "{done} of {count} students finished",
                        players,
                    ).format(done=done, count=players),
                    "bold",
                ),
                "\n",
                _("Scores are counted when the game ends."),
            )
        )
        _show_clock(self, "#run-clock", "#run-clock-label", state, _("left in the game"))
        table = self.query_one("#run-table", DataTable)
        keep = cursor_key(table)
        table.clear()
        for player in sorted(state.players, key=lambda p: (-p.progress, p.name.casefold())):
            status = _("done") if player.progress >= count else ""
            if not player.connected:
                status = _("offline")
            if player.extra_time:
                status = ", ".join(filter(None, [status, _("extra time")]))
            table.add_row(
                name_cell(player.name),
                Content.styled(bar_text(player.progress / count, PROGRESS_WIDTH), "$primary"),
                f"{player.progress}/{count}",
                status,
                key=player.id,
            )
        _restore_cursor(table, keep)


def _show_clock(pane: Widget, digits: str, label: str, state: HostState, timed_label: str) -> None:
    """The countdown's digits (the screen's ticker sets them), or a note when time is off."""
    pane.query_one(digits, Digits).display = state.timed
    pane.query_one(label, Label).update(timed_label if state.timed else _("no time limit"))


class EndPane(Vertical, HostPane):
    """The podium and every student's line; where the session was saved."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.session_id: int | None = None
        """The classroom session the game was saved as (the screen sets it before the end)."""

    def compose(self) -> ComposeResult:
        yield Label("", id="end-title", classes="pane-title")
        yield Podium(id="end-podium")
        yield DataTable(id="end-table", cursor_type="row", zebra_stripes=True)
        yield Label("", id="end-saved")

    def on_mount(self) -> None:
        end = self.query_one("#end-table", DataTable)
        for heading, key in (
            (_("Rank"), "rank"),
            (_("Student"), "name"),
            (_("Score"), "score"),
            (_("Right"), "right"),
            (_("Answered"), "answered"),
            (_("Mean time"), "time"),
        ):
            end.add_column(heading, key=key)

    def update(self, state: HostState) -> None:
        if not self.is_new(state):
            return
        played = state.played
        title = _("Final ranking · {title}").format(title=state.title)
        if state.mode != "self-paced" and played < state.question_count:
            title += " " + ngettext(
                "(ended after {count} question of {total})",
                "(ended after {count} questions of {total})",
                played,
            ).format(count=played, total=state.question_count)
        self.query_one("#end-title", Label).update(Content(title))
        results = state.results
        self.query_one("#end-podium", Podium).show(
            [Standing(rank=r.rank, name=r.name, score=r.score) for r in results[:3]]
        )
        table = self.query_one("#end-table", DataTable)
        table.clear()
        for line in results:
            mean = (
                "—"
                if line.mean_time is None
                else _("{seconds} s").format(seconds=format_number(line.mean_time, 1, fixed=True))
            )
            table.add_row(
                str(line.rank),
                name_cell(line.name),
                format_number(line.score),
                f"{line.right}/{played}",
                f"{line.answered}/{played}",
                mean,
                key=line.player_id,
            )
        session = self.session_id
        self.query_one("#end-saved", Label).update(
            _("Saved as classroom session {id} · sahel-quiz report {id} · q quits").format(
                id=session
            )
            if session is not None
            else _("q quits")
        )
        table.focus()
