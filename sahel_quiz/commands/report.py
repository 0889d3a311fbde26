"""`sahel-quiz report [SESSION] [--csv FILE]`: the results of classroom sessions.

Without SESSION: the list of sessions, newest first. With SESSION (an id from that list, or
`last`): a table per student (rank, score, right answers, mean response time) and a table per
question (share right, answers, mean time). `--csv FILE` writes both tables to one CSV file
(`-` for standard output): the students' table, an empty line, then the questions' table, each
with its own header row (the format is described in docs/protocol.md, "The report CSV").
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rich.cells import cell_len

from sahel_quiz.cards import type_title
from sahel_quiz.errors import UserError
from sahel_quiz.i18n import _, format_number, format_percent
from sahel_quiz.scoring import MODE_NAMES

if TYPE_CHECKING:
    from sahel_quiz.engine.classroom.reports import ClassroomReport, ClassroomSession

__all__ = ["QUESTION_COLUMNS", "STUDENT_COLUMNS", "report_csv", "run"]

STUDENT_COLUMNS = ("rank", "student", "score", "right", "answered", "mean_response_s")
QUESTION_COLUMNS = (
    "question",
    "card_id",
    "card_type",
    "prompt",
    "players",
    "answered",
    "right",
    "share_right",
    "mean_response_s",
)
PROMPT_WIDTH = 48
# A cell starting with one of these is a formula to a spreadsheet (OWASP, "CSV injection"):
# a nickname such as =HYPERLINK(...) must reach the teacher's sheet as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _seconds(ms: float | None) -> str:
    return "" if ms is None else format_number(ms / 1000, 1, fixed=True)


def _when(session: ClassroomSession) -> str:
    return session.started_at.astimezone().strftime("%Y-%m-%d %H:%M")


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], right: set[int]) -> list[str]:
    """Columns as wide as their widest cell, in terminal cells (a CJK or emoji nickname takes
    two per character), numbers to the right."""
    widths = [max(cell_len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    lines = []
    for row in [header, *rows]:
        cells = []
        for i, (cell, width) in enumerate(zip(row, widths, strict=True)):
            pad = " " * (width - cell_len(str(cell)))
            cells.append(pad + str(cell) if i in right else str(cell) + pad)
        lines.append("  ".join(cells).rstrip())
    return lines


def _short(text: str, width: int = PROMPT_WIDTH) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def session_lines(sessions: Sequence[ClassroomSession]) -> list[str]:
    if not sessions:
        return [_("No classroom sessions yet: `sahel-quiz host DECK` runs one.")]
    rows = [
        [
            str(s.id),
            _when(s),
            s.deck_id,
            _(MODE_NAMES[s.mode]),
            str(s.players),
            _("finished") if s.finished_at else _("unfinished"),
            _short(s.title, 40),
        ]
        for s in sessions
    ]
    header = [
        _("SESSION"),
        _("STARTED"),
        _("DECK"),
        _("MODE"),
        _("PLAYERS"),
        _("STATUS"),
        _("TITLE"),
    ]
    details = _("Details: sahel-quiz report SESSION [--csv FILE]")
    return [*_table(header, rows, {0, 4}), "", details]


def show_report(report: ClassroomReport) -> list[str]:
    session = report.session
    heading = _("Session {id}: {title} ({deck}) · {mode} · {when}").format(
        id=session.id,
        title=session.title,
        deck=session.deck_id,
        mode=_(MODE_NAMES[session.mode]),
        when=_when(session),
    )
    if not session.finished_at:
        heading += " " + _("(unfinished)")
    lines = [heading, "", _("Students")]
    students = [
        [
            str(p.rank),
            p.nickname,
            str(p.score),
            f"{p.right}/{len(report.questions)}",
            _seconds(p.mean_response_ms),
        ]
        for p in report.players
    ]
    header = [_("RANK"), _("STUDENT"), _("SCORE"), _("RIGHT"), _("MEAN TIME (S)")]
    lines += _table(header, students, {0, 2, 3, 4})
    if not report.players:
        lines.append("  " + _("(no students)"))
    lines += ["", _("Questions")]
    questions = [
        [
            str(q.index + 1),
            _short(q.prompt),
            type_title(q.card_type),
            "" if q.share_right is None else format_percent(q.share_right),
            f"{q.answered}/{q.players}",
            _seconds(q.mean_response_ms),
        ]
        for q in report.questions
    ]
    header = [
        "#",
        _("QUESTION"),
        _("TYPE"),
        _("RIGHT"),
        _("ANSWERED"),
        _("MEAN TIME (S)"),
    ]
    lines += _table(header, questions, {0, 3, 4, 5})
    return lines


def csv_cell(value: object) -> object:
    """A cell as a spreadsheet should show it: text that would start a formula gets a `'`."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _csv_seconds(ms: float | None) -> str:
    return "" if ms is None else f"{ms / 1000:.3f}"


def report_csv(report: ClassroomReport) -> str:
    """Both tables as CSV text: students, an empty line, questions (times in seconds).

    Every text cell from outside (nicknames, card ids, prompts) is neutralised by `csv_cell`.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(STUDENT_COLUMNS)
    for p in report.players:
        row = [p.rank, p.nickname, p.score, p.right, p.answered, _csv_seconds(p.mean_response_ms)]
        writer.writerow([csv_cell(cell) for cell in row])
    writer.writerow([])
    writer.writerow(QUESTION_COLUMNS)
    for q in report.questions:
        row = [
            q.index + 1,
            q.card_id,
            q.card_type,
            q.prompt,
            q.players,
            q.answered,
            q.right,
            "" if q.share_right is None else round(q.share_right, 4),
            _csv_seconds(q.mean_response_ms),
        ]
        writer.writerow([csv_cell(cell) for cell in row])
    return out.getvalue()


def _write(path: str, text: str) -> None:
    """UTF-8 with a byte-order mark (so spreadsheet programs read accented names right), the
    same bytes to a file and to standard output (`report 3 --csv - > results.csv`)."""
    if path == "-":
        data = text.encode("utf-8-sig")
        sys.stdout.flush()
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is not None:
            buffer.write(data)
            buffer.flush()
        else:  # a text-only stream (an embedding program's): the mark as a character
            sys.stdout.write("\ufeff" + text)
        return
    try:
        Path(path).write_text(text, encoding="utf-8-sig", newline="")
    except OSError as error:
        raise UserError(
            _("cannot write {path}: {reason}").format(path=path, reason=error.strerror or error)
        ) from error


def run(args: argparse.Namespace) -> int:
    from sahel_quiz.engine.classroom.reports import find_report, list_sessions
    from sahel_quiz.engine.workspace import Workspace

    workspace = Workspace(home=args.home)
    try:
        workspace.open_store()
        for notice in workspace.notices:
            print(notice, file=sys.stderr)
        if args.session is None:
            if args.csv:
                raise UserError(
                    _("name the SESSION to export: sahel-quiz report SESSION --csv FILE")
                )
            print("\n".join(session_lines(list_sessions(workspace))))
            return 0
        report = find_report(workspace, args.session)
    finally:
        workspace.close()
    if args.csv:
        _write(args.csv, report_csv(report))
        if args.csv != "-":
            print(_("Wrote {path}").format(path=args.csv))
        return 0
    print("\n".join(show_report(report)))
    return 0
