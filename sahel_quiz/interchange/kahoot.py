"""Kahoot's quiz import template (.xlsx), written and read with openpyxl.

The template has title rows, a header row (row 8: Question, Answer 1-4, Time limit, Correct
answer(s)) and one question a row from row 9, numbered in column A. Kahoot takes questions of
up to 120 characters, 2 to 4 answers of up to 75, a time limit of 5, 10, 20, 30, 60, 90, 120 or
240 seconds, and the numbers of the correct answers (`1` or `1,3`). Choice, multi and
true/false cards that fit are written; the others are listed with the reason.

A workbook is a zip of XML files, so reading one is guarded: it must be a zip, its members'
total size is capped before any is opened (a zip bomb is refused), openpyxl parses it with
defusedxml, and a formula where text belongs is an error rather than something evaluated.
"""

from __future__ import annotations

import io
import math
import warnings
import zipfile
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any, Final

from sahel_quiz.deck.model import Card
from sahel_quiz.i18n import _, literal
from sahel_quiz.interchange.answers import number_text, option_question
from sahel_quiz.interchange.common import card_subject, drop_unsupported
from sahel_quiz.interchange.drafts import Draft, Imported, true_false_answer
from sahel_quiz.interchange.inputs import MAX_CARDS, At, InputFile
from sahel_quiz.interchange.report import Report

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from sahel_quiz.deck.model import LoadedDeck

__all__ = ["TIME_LIMITS", "export_deck", "read", "time_limit"]

_LABEL: Final = "Kahoot"
MAX_QUESTION: Final = 120
MAX_ANSWER: Final = 75
TIME_LIMITS: Final = (5, 10, 20, 30, 60, 90, 120, 240)
HEADER_ROW: Final = 8
HEADERS: Final = (
    "Question - max 120 characters",
    "Answer 1 - max 75 characters",
    "Answer 2 - max 75 characters",
    "Answer 3 - max 75 characters",
    "Answer 4 - max 75 characters",
    "Time limit (sec) – 5, 10, 20, 30, 60, 90, 120, or 240 secs",
    "Correct answer(s) - choose at least one",
)
MAX_UNZIPPED_BYTES: Final = 64 * 1024 * 1024
MAX_MEMBERS: Final = 1000
_HEADER_SEARCH_ROWS: Final = 20
_READING_WORDS_PER_SECOND: Final = 2.5


def time_limit(card: Card, options: list[str]) -> int:
    """Time to read the question and its answers and think: 10 s plus reading at 2.5 words a
    second, rounded up to Kahoot's next allowed limit (at least 20 s, Kahoot's default)."""
    words = len(card.prompt.split()) + sum(len(option.split()) for option in options)
    wanted = 10 + words / _READING_WORDS_PER_SECOND
    return next((limit for limit in TIME_LIMITS if limit >= max(wanted, 20)), TIME_LIMITS[-1])


def _row_of(card: Card, language: str, report: Report) -> list[Any] | None:
    question = option_question(card, language)
    if question is None:
        report.skip(card_subject(card), _("Kahoot's template holds multiple-choice questions only"))
        return None
    options = question.options
    subject = card_subject(card)
    if len(options) > 4:
        report.skip(
            subject,
            _("{count} options; Kahoot takes 2 to 4").format(count=len(options)),
        )
        return None
    if len(card.prompt) > MAX_QUESTION:
        report.skip(
            subject,
            _("the question has {count} characters; Kahoot takes up to {limit}").format(
                count=len(card.prompt), limit=MAX_QUESTION
            ),
        )
        return None
    longest = max(options, key=len)
    if len(longest) > MAX_ANSWER:
        report.skip(
            subject,
            _("an answer has {count} characters; Kahoot takes up to {limit}").format(
                count=len(longest), limit=MAX_ANSWER
            ),
        )
        return None
    fields = ("explain", "quote", "group", "tags", "points", "reject")
    drop_unsupported(card, fields, _LABEL, report)
    padded = options + [None] * (4 - len(options))
    right = ",".join(str(index + 1) for index in question.right)
    return [card.prompt, *padded, time_limit(card, options), right]


def export_deck(loaded: LoadedDeck, report: Report) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Sheet1"
    sheet["B2"] = "Quiz template"
    sheet["B2"].font = Font(bold=True, size=14)
    sheet["B3"] = f"{loaded.deck.title} ({loaded.deck.id}), written by sahel-quiz export"
    sheet["B4"] = (
        "Remember: questions have a limit of 120 characters and answers can have 75 characters"
        " max. If several answers are correct, separate them with a comma."
    )
    for column, header in enumerate(HEADERS, start=2):
        cell = sheet.cell(row=HEADER_ROW, column=column, value=header)
        cell.font = Font(bold=True)
    row = HEADER_ROW
    for card in loaded.deck.cards:
        values = _row_of(card, loaded.deck.language, report)
        if values is None:
            continue
        row += 1
        sheet.cell(row=row, column=1, value=row - HEADER_ROW)
        for column, value in enumerate(values, start=2):
            if value is None:
                continue
            cell = sheet.cell(row=row, column=column, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # text, even when it starts with `=`: never a formula
    sheet.column_dimensions["B"].width = 60
    for letter in "CDEF":
        sheet.column_dimensions[letter].width = 28
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# -- reading ----------------------------------------------------------------------------------


def _open(source: InputFile) -> Any:
    """The workbook, after the zip has been vetted; any failure is the one-line error."""
    if not source.data.startswith(b"PK\x03\x04"):
        raise source.error(_("not really an .xlsx file (it is not a zip archive)"))
    try:
        archive = zipfile.ZipFile(io.BytesIO(source.data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise source.error(_("not really an .xlsx file (a damaged zip archive)")) from None
    if len(members) > MAX_MEMBERS:
        raise source.error(
            _("not a quiz template: the archive holds {count} files").format(count=len(members))
        )
    unzipped = sum(member.file_size for member in members)
    if unzipped > MAX_UNZIPPED_BYTES:
        raise source.error(
            _("refused: it would unpack to {size} MB (more than {limit} MB)").format(
                size=unzipped // 2**20, limit=MAX_UNZIPPED_BYTES // 2**20
            )
        )
    if "xl/workbook.xml" not in archive.namelist():
        raise source.error(_("a zip archive, but not an Excel workbook (.xlsx)"))
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about extensions it drops
            return load_workbook(io.BytesIO(source.data), read_only=True, data_only=False)
    except Exception as error:  # a hostile workbook may fail anywhere inside openpyxl
        raise source.error(
            _("cannot read the workbook: {reason}").format(
                reason=str(error).splitlines()[0] if str(error) else type(error).__name__
            )
        ) from None


def _text(cell: Any, source: InputFile, at: At) -> str:
    value = cell.value
    if cell.data_type == "f":
        raise source.error(
            _("column {column} holds a formula ({formula}): type its value instead").format(
                column=cell.column_letter, formula=str(value)[:40]
            ),
            at,
        )
    if value is None:
        return ""
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            return str(value)
        return number_text(float(value))
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return source.check_text(str(value), at).strip()


def _header_row(sheet: Worksheet, source: InputFile) -> int:
    for number, row in enumerate(sheet.iter_rows(max_row=_HEADER_SEARCH_ROWS, max_col=8), 1):
        cells = {cell.column_letter: cell.value for cell in row if hasattr(cell, "column_letter")}
        question, answer = cells.get("B"), cells.get("C")
        if (
            isinstance(question, str)
            and isinstance(answer, str)
            and question.strip().lower().startswith("question")
            and answer.strip().lower().startswith("answer")
        ):
            return number
    raise source.error(
        _(
            "no header row (Question, Answer 1 … Correct answer(s)) in its first {rows} rows: "
            "is this Kahoot's quiz template?"
        ).format(rows=_HEADER_SEARCH_ROWS)
    )


def read(source: InputFile, report: Report) -> Imported:
    workbook = _open(source)
    try:
        sheets = workbook.worksheets
        if not sheets:
            raise source.error(_("the workbook has no sheet"))
        sheet = sheets[0]
        header = _header_row(sheet, source)
        imported = Imported()
        for number, row in enumerate(sheet.iter_rows(min_row=header + 1, max_col=8), header + 1):
            draft = _draft(row, number, source, report)
            if draft is None:
                continue
            if len(imported.drafts) >= MAX_CARDS:
                raise source.error(
                    _("more than {limit} questions").format(limit=MAX_CARDS), At(row=number)
                )
            imported.drafts.append(draft)
        return imported
    finally:
        workbook.close()


def _draft(row: tuple[Any, ...], number: int, source: InputFile, report: Report) -> Draft | None:
    at = At(row=number)
    cells = {cell.column_letter: cell for cell in row if hasattr(cell, "column_letter")}
    texts = {
        letter: _text(cells[letter], source, at) if letter in cells else "" for letter in "BCDEFH"
    }
    answers = {n: texts[letter] for n, letter in enumerate("CDEF", 1) if texts[letter]}
    if not texts["B"]:
        if answers:
            raise source.error(_("empty question (column B) in a row that has answers"), at)
        return None
    if len(answers) < 2:
        raise source.error(_("a question needs at least two answers (columns C to F)"), at)
    right = _correct(texts["H"], answers, source, at)
    if "G" in cells and cells["G"].value is not None:
        report.drop(
            _("time limit"),
            _("sahel-quiz sets one time limit a game (host --time-limit)"),
        )
    options = list(answers.values())
    chosen = [answers[n] for n in right]
    if len(chosen) == 1:
        true_false = true_false_answer(options, chosen[0])
        if true_false is not None:
            return Draft(at, {"type": "true_false", "prompt": texts["B"], "answer": true_false})
        return Draft(
            at, {"type": "choice", "prompt": texts["B"], "options": options, "answer": chosen[0]}
        )
    return Draft(at, {"type": "multi", "prompt": texts["B"], "options": options, "answer": chosen})


def _correct(text: str, answers: dict[int, str], source: InputFile, at: At) -> list[int]:
    if not text:
        raise source.error(_("no correct answer (column H): give its number, e.g. 2 or 1,3"), at)
    numbers: list[int] = []
    for part in text.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit() or int(part) not in answers:
            raise source.error(
                _("correct answer {value} is not the number of an answer ({numbers})").format(
                    value=literal(part), numbers=", ".join(map(str, answers))
                ),
                at,
            )
        if int(part) not in numbers:
            numbers.append(int(part))
    if not numbers:
        raise source.error(_("no correct answer (column H): give its number, e.g. 2 or 1,3"), at)
    return numbers
