"""Anki's "Notes in Plain Text" export: a tab-separated file whose header lines say how to
read it (`#separator:tab`, `#html:true`, `#notetype column:2`, `#tags column:6`...).

Notes become cards by their note type: Basic-like notes (front and back) are flashcards,
"Basic (type in the answer)" notes typed cards, Cloze notes cloze cards (`{{c1::Niamey}}`
becomes `{{Niamey}}`; hints are not kept), and the note types sahel-quiz's own packages
use come back with their explanation, quote and accepted answers. HTML is turned into plain
text; images and sounds are left out and reported.
"""

from __future__ import annotations

import csv
import html
import io
import re
from dataclasses import dataclass, field
from typing import Any, Final

from sahel_quiz.i18n import _
from sahel_quiz.interchange.drafts import Draft, Imported
from sahel_quiz.interchange.inputs import At, InputFile
from sahel_quiz.interchange.report import Report

__all__ = ["read"]

_SEPARATORS: Final = {
    "tab": "\t",
    "comma": ",",
    "semicolon": ";",
    "space": " ",
    "pipe": "|",
    "colon": ":",
}
_HEADER: Final = re.compile(r"^#([^:]+):(.*)$")
_CLOZE: Final = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)
_BREAK: Final = re.compile(r"<br\s*/?>|</div>|</p>|</li>", re.IGNORECASE)
_TAG: Final = re.compile(r"<[^>]*>")
_MEDIA: Final = re.compile(r"<img\b[^>]*>|\[sound:[^\]]*\]", re.IGNORECASE)
_LOOKS_HTML: Final = re.compile(r"<[a-zA-Z/][^>]*>|&[a-z]+;|&#\d+;")
_OUR_QUOTE: Final = re.compile(r"^“(.*)”(?: — .*)?$", re.DOTALL)


@dataclass
class _Header:
    separator: str | None = None
    html: bool | None = None
    columns: dict[str, int] = field(default_factory=dict)
    """Meta columns (1-based): guid, notetype, deck, tags."""
    notetype: str = ""
    deck: str = ""
    tags: list[str] = field(default_factory=list)
    lines: int = 0


def _header(lines: list[str]) -> _Header:
    header = _Header()
    for line in lines:
        match = _HEADER.match(line)
        if match is None:
            if line.startswith("tags:") and header.lines == 0:
                header.tags = line[5:].split()
                header.lines += 1
                continue
            break
        header.lines += 1
        key, value = match.group(1).strip().lower(), match.group(2).strip()
        if key == "separator":
            header.separator = _SEPARATORS.get(value.lower(), value if len(value) == 1 else None)
        elif key == "html":
            header.html = value.lower() == "true"
        elif key.endswith(" column") and value.isdigit():
            header.columns[key.removesuffix(" column")] = int(value)
        elif key == "notetype":
            header.notetype = value
        elif key == "deck":
            header.deck = value
        elif key == "tags":
            header.tags = value.split()
    return header


def _plain(value: str, is_html: bool, report: Report) -> str:
    if _MEDIA.search(value):
        report.drop(_("images and sounds"), _("sahel-quiz cards hold text only"))
        value = _MEDIA.sub("", value)
    if is_html:
        value = html.unescape(_TAG.sub("", _BREAK.sub("\n", value)))
        value = value.replace("\xa0", " ")
    lines = [line.strip() for line in value.split("\n")]
    return "\n".join(lines).strip()


def read(source: InputFile, report: Report) -> Imported:
    text = source.text()
    lines = text.split("\n")
    header = _header(lines)
    body = "\n".join(lines[header.lines :])
    separator = header.separator or ("\t" if "\t" in body else ";" if ";" in body else ",")
    is_html = header.html if header.html is not None else bool(_LOOKS_HTML.search(body))
    meta = set(header.columns.values())
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=separator)
    imported = Imported()
    decks: set[str] = set()
    first_line = header.lines + 1
    try:
        for record in reader:
            at = At(line=first_line)
            first_line = header.lines + reader.line_num + 1
            if not any(cell.strip() for cell in record):
                continue

            def column(name: str, record: list[str] = record) -> str:
                number = header.columns.get(name)
                return record[number - 1] if number and number <= len(record) else ""

            notetype = column("notetype") or header.notetype
            deck = column("deck") or header.deck
            if deck:
                decks.add(deck)
            tags = column("tags").split() + header.tags
            fields = [
                _plain(cell, is_html, report)
                for number, cell in enumerate(record, start=1)
                if number not in meta
            ]
            draft = _note(notetype, fields, at, source, report)
            if draft is None:
                continue
            if tags:
                draft.fields["tags"] = list(dict.fromkeys(tags))
            imported.drafts.append(draft)
    except csv.Error as error:
        raise source.error(
            _("not valid {what}: {reason}").format(what="CSV", reason=error), At(line=first_line)
        ) from None
    if len(decks) == 1:
        imported.title = decks.pop().split("::")[-1]
    return imported


def _others(text: str) -> list[str]:
    """`Also accepted: a, b` (any language) → [a, b]."""
    _label, found, rest = text.partition(": ")
    return [item.strip() for item in (rest if found else text).split(", ") if item.strip()]


def _extras(fields: list[str], first: int) -> dict[str, Any]:
    """Explanation and quote from sahel-quiz's own note types (they follow Also)."""
    extras: dict[str, Any] = {}
    if len(fields) > first and fields[first]:
        extras["explain"] = fields[first]
    if len(fields) > first + 1 and fields[first + 1]:
        match = _OUR_QUOTE.match(fields[first + 1])
        extras["quote"] = match.group(1) if match else fields[first + 1]
    return extras


def _note(
    notetype: str, fields: list[str], at: At, source: InputFile, report: Report
) -> Draft | None:
    kind = notetype.lower()
    ours = kind.startswith("sahel-quiz ")
    front = fields[0] if fields else ""
    if "image occlusion" in kind:
        report.skip(f"{source.name}:{at.line}", _("an image occlusion note has no text card"))
        return None
    if "cloze" in kind or _CLOZE.search(front):
        return _cloze(fields, ours, at, source, report)
    if not front:
        raise source.error(_("empty question (the note's first field)"), at)
    back = fields[1] if len(fields) > 1 else ""
    if not back:
        raise source.error(_("empty answer (the note's second field)"), at)
    if ours and kind == "sahel-quiz question":
        options = fields[1]
        back = fields[2] if len(fields) > 2 else ""
        prompt = f"{front}\n{options}" if options else front
        return Draft(at, {"type": "basic", "prompt": prompt, "answer": back, **_extras(fields, 4)})
    if ours and "type" in kind:
        data: dict[str, Any] = {"type": "typed", "prompt": front, "answer": back}
        accept = _others(fields[2]) if len(fields) > 2 and fields[2] else []
        if accept:
            data["accept"] = accept
        return Draft(at, {**data, **_extras(fields, 3)})
    if ours:
        return Draft(at, {"type": "basic", "prompt": front, "answer": back, **_extras(fields, 3)})
    if "type in" in kind:
        return Draft(at, {"type": "typed", "prompt": front, "answer": back})
    if any(fields[2:]):
        report.drop(_("fields after the second"), _("a flashcard has a front and a back"))
    return Draft(at, {"type": "basic", "prompt": front, "answer": back})


def _cloze(
    fields: list[str], ours: bool, at: At, source: InputFile, report: Report
) -> Draft | None:
    text = fields[0] if fields else ""
    if not text:
        raise source.error(_("empty question (the note's first field)"), at)
    subject = f"{source.name}:{at.line}"
    blanks = list(_CLOZE.finditer(text))
    if not blanks:
        report.skip(subject, _("a cloze note without a {{c1::…}} deletion"))
        return None
    for blank in blanks:
        answer = blank.group(2)
        if "|" in answer or "{{" in answer or "}}" in answer or not answer.strip():
            report.skip(
                subject, _("a deletion holds | or braces, or nothing, which a blank cannot")
            )
            return None
        if blank.group(3):
            report.drop(_("cloze hints"), _("sahel-quiz shows no hint in a blank"))
    accept = _others(fields[1]) if ours and len(fields) > 1 and fields[1] else []
    prompt = _CLOZE.sub(lambda match: "{{" + match.group(2).strip() + "}}", text)
    if accept and len(blanks) == len(accept):
        # Our own export lists one other accepted text a blank, in order.
        pieces = iter(accept)
        prompt = _CLOZE.sub(lambda m: "{{" + m.group(2).strip() + "|" + next(pieces) + "}}", text)
    data: dict[str, Any] = {"type": "cloze", "prompt": prompt}
    if ours:
        data.update(_extras(fields, 2))
    elif len(fields) > 1 and fields[1]:
        data["explain"] = fields[1]
    return Draft(at, data)
