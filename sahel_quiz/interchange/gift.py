"""Moodle's GIFT format, read the way Moodle reads it and written the way Moodle writes it.

    ::who-invited::Who invited the ministers?{
        =Sergei Lavrov
        ~Vladimir Putin
        ####Lavrov invited them himself.
    }

One question per card, separated by blank lines: choice `{=right ~wrong}`, multi
`{~%50%a ~%50%b ~%-100%c}`, true/false `{T}`/`{F}`, typed `{=answer =accepted}`, number
`{#answer:tolerance}`, and a one-blank cloze as Moodle's "missing word" (`text {=a =b} text`).
The explanation is the general feedback (`####`). Flashcards, order cards and clozes with
more than one blank have no GIFT question and are listed as skipped; so are matching, essay
and description questions on import. `~ = # { } :` are escaped with a backslash, and a line
break in a text is written `\\n`, as Moodle does.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from sahel_quiz.cards import show
from sahel_quiz.deck.model import Card
from sahel_quiz.i18n import N_, _, literal
from sahel_quiz.interchange.answers import number_text
from sahel_quiz.interchange.common import card_subject, drop_unsupported
from sahel_quiz.interchange.drafts import Draft, Imported, true_false_answer
from sahel_quiz.interchange.inputs import At, InputFile
from sahel_quiz.interchange.report import Report

if TYPE_CHECKING:
    from sahel_quiz.deck.model import (
        ChoiceCard,
        ClozeCard,
        LoadedDeck,
        MultiCard,
        NumberCard,
        TrueFalseCard,
        TypedCard,
    )

__all__ = ["escape", "export_deck", "read"]

_LABEL: Final = "GIFT"
_MAX_RIGHT_ANSWERS: Final = 10
"""Moodle's grade list has 100/n % for n up to 10 (and no finer split)."""

# -- writing ----------------------------------------------------------------------------------

_RESERVED: Final = str.maketrans(
    {
        "\\": "\\\\",
        "#": "\\#",
        "=": "\\=",
        "~": "\\~",
        "{": "\\{",
        "}": "\\}",
        ":": "\\:",
        "\n": "\\n",
    }
)


def escape(text: str) -> str:
    """Text as GIFT holds it: Moodle's `repchar`."""
    return text.translate(_RESERVED)


def _weight(count: int) -> str:
    return f"{100 / count:.5f}".rstrip("0").rstrip(".")


def export_deck(loaded: LoadedDeck, report: Report) -> bytes:
    questions = []
    for card in loaded.deck.cards:
        body = _answers(card, report)
        if body is None:
            continue
        drop_unsupported(
            card, ("quote", "group", "tags", "points", "unit", "reject"), _LABEL, report
        )
        head, opening, tail = _split_prompt(card)
        feedback = f"\t####{escape(card.explain)}\n" if card.explain else ""
        questions.append(f"// {card.id}\n::{card.id}::{head}{opening}\n{body}{feedback}}}{tail}\n")
    return "\n".join(questions).encode("utf-8")


def _split_prompt(card: Card) -> tuple[str, str, str]:
    """The escaped question text before the answers, the opening brace (with the space before
    it, if any) and the text after: a cloze's blank is where its answers go (Moodle's missing
    word); for every other card they come at the end."""
    if show(card).blanks:
        before, _blank, after = re.split(r"\{\{(.*?)\}\}", card.prompt, maxsplit=1)
        opening = " {" if before.endswith(" ") else "{"
        return escape(before.rstrip(" ")), opening, escape(after)
    return escape(card.prompt), " {", ""


def _answers(card: Card, report: Report) -> str | None:
    """The lines inside `{ }`, or None (and the card reported) when GIFT cannot say it."""
    written = _ANSWERS.get(card.type)
    if written is None:
        reason = _NO_QUESTION.get(card.type, N_("GIFT has no question of this type"))
        report.skip(card_subject(card), _(reason))
        return None
    return written(card, report)


def _choice_answers(card: ChoiceCard, report: Report) -> str:
    marks = ["=" if option == card.answer else "~" for option in card.options]
    return "".join(
        f"\t{mark}{escape(option)}\n" for mark, option in zip(marks, card.options, strict=True)
    )


def _multi_answers(card: MultiCard, report: Report) -> str | None:
    if len(card.answer) > _MAX_RIGHT_ANSWERS:
        report.skip(
            card_subject(card),
            _("Moodle cannot share the grade among more than {count} right answers").format(
                count=_MAX_RIGHT_ANSWERS
            ),
        )
        return None
    right = f"~%{_weight(len(card.answer))}%"
    return "".join(
        f"\t{right if option in card.answer else '~%-100%'}{escape(option)}\n"
        for option in card.options
    )


def _true_false_answers(card: TrueFalseCard, report: Report) -> str:
    return "\tT\n" if card.answer else "\tF\n"


def _accepted_answers(texts: list[str], card: Card, report: Report) -> str | None:
    """One `=` line per fully right text; None when Moodle would read one as matching."""
    if any("->" in text for text in texts):
        report.skip(card_subject(card), _("Moodle would read the '->' in an answer as matching"))
        return None
    return "".join(f"\t={escape(text)}\n" for text in texts)


def _typed_answers(card: TypedCard, report: Report) -> str | None:
    return _accepted_answers([card.answer, *card.accept], card, report)


def _number_answers(card: NumberCard, report: Report) -> str:
    tolerance = f":{number_text(card.tolerance)}" if card.tolerance else ""
    return f"\t#{number_text(card.answer)}{tolerance}\n"


def _cloze_answers(card: ClozeCard, report: Report) -> str | None:
    answers = _accepted_answers(card.blanks[0], card, report)
    if answers is not None and len(card.blanks) > 1:
        report.skip(
            card_subject(card),
            _("GIFT has one blank a question; this cloze has {count}").format(
                count=len(card.blanks)
            ),
        )
        return None
    return answers


_ANSWERS: Final[dict[str, Callable[[Any, Report], str | None]]] = {
    "choice": _choice_answers,
    "multi": _multi_answers,
    "true_false": _true_false_answers,
    "typed": _typed_answers,
    "number": _number_answers,
    "cloze": _cloze_answers,
}
"""How the answers of each card type GIFT can hold are written."""
_NO_QUESTION: Final = {
    "basic": N_("GIFT has no flashcard question"),
    "order": N_("GIFT has no ordering question"),
}


# -- reading ----------------------------------------------------------------------------------

# Escaped characters become control characters while a question is parsed: the input can hold
# none (they are refused before parsing), so they can never be confused with text.
_ESCAPES: Final = {
    "\\\\": "\x08",
    "\\:": "\x01",
    "\\#": "\x02",
    "\\=": "\x03",
    "\\{": "\x04",
    "\\}": "\x05",
    "\\~": "\x06",
    "\\n": "\x07",
}
_ESCAPE: Final = re.compile(r"\\[\\:#={}~n]")
_UNESCAPE: Final = str.maketrans(
    {
        "\x08": "\\",
        "\x01": ":",
        "\x02": "#",
        "\x03": "=",
        "\x04": "{",
        "\x05": "}",
        "\x06": "~",
        "\x07": "\n",
    }
)
_WEIGHT: Final = re.compile(r"^%(-?[0-9]{1,3}(?:\.[0-9]*)?)%")
_FORMAT: Final = re.compile(r"^\[(moodle|html|plain|markdown)\]", re.IGNORECASE)
_TAG: Final = re.compile(r"<[^>]*>")
_TRUE_FALSE: Final = {"T": True, "TRUE": True, "F": False, "FALSE": False}


@dataclass
class _Question:
    line: int
    text: str
    """The question's lines joined, escapes replaced, comments blanked."""

    def line_of(self, offset: int) -> int:
        return self.line + self.text.count("\n", 0, offset)


def _blocks(text: str) -> list[_Question]:
    """Questions are separated by blank lines; `//` comment lines are blanked, not removed,
    so offsets still map to lines."""
    blocks: list[_Question] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate([*text.split("\n"), ""], start=1):
        if line.strip():
            if not current:
                start = number
            current.append(" " if line.strip().startswith("//") else line)
        elif current:
            blocks.append(
                _Question(start, _ESCAPE.sub(lambda m: _ESCAPES[m.group()], "\n".join(current)))
            )
            current = []
    return blocks


def read(source: InputFile, report: Report) -> Imported:
    imported = Imported()
    for question in _blocks(source.text()):
        losses = Report()
        draft = _question(question, source, losses)
        report.skipped += losses.skipped
        for what, reason in losses.dropped:  # counted once a card, however many answers
            report.drop(what, reason)
        if draft is not None:
            imported.drafts.append(draft)
    return imported


def _clean(text: str, markup: str) -> str:
    """A text of the question: escapes restored, HTML made plain text when marked [html]."""
    text = text.translate(_UNESCAPE).strip()
    if markup == "html":
        text = html.unescape(_TAG.sub("", text.replace("<br>", "\n"))).strip()
    return text


def _markup(text: str) -> tuple[str, str]:
    match = _FORMAT.match(text.strip())
    if match is None:
        return text, "moodle"
    return text.strip()[match.end() :], match.group(1).lower()


def _question(question: _Question, source: InputFile, report: Report) -> Draft | None:
    text = question.text
    body_start = len(text) - len(text.lstrip())
    if not text.strip() or text.startswith("$CATEGORY:", body_start):
        return None  # only comments, or a category (questions go in the deck as one)
    name = None
    if text.startswith("::", body_start):
        close = text.find("::", body_start + 2)
        if close >= 0:
            name = text[body_start + 2 : close].translate(_UNESCAPE).strip()
            body_start = close + 2
    opens = [body_start + m.start() for m in re.finditer(r"\{", text[body_start:])]
    closes = [body_start + m.start() for m in re.finditer(r"\}", text[body_start:])]
    subject = f"{source.name}:{question.line}"
    if not opens and not closes:
        report.skip(subject, _("a description (no answers) is not a card"))
        return None
    if not closes:
        raise source.error(_("a { that is never closed"), At(line=question.line_of(opens[0])))
    if not opens:
        raise source.error(_("a } with no { before it"), At(line=question.line_of(closes[0])))
    if len(opens) > 1 or len(closes) > 1 or closes[0] < opens[0]:
        offset = closes[0] if closes[0] < opens[0] else max(opens[1:2] + closes[1:2])
        raise source.error(
            _("unbalanced braces: a question has one {…}; write a literal brace as \\{ or \\}"),
            At(line=question.line_of(offset)),
        )
    head, markup = _markup(text[body_start : opens[0]])
    answers, tail = text[opens[0] + 1 : closes[0]].strip(), text[closes[0] + 1 :]
    feedback = ""
    if "####" in answers:
        cut = answers.rfind("####")
        answers, feedback = answers[:cut].strip(), answers[cut + 4 :]
    kind = _kind(answers)
    built: dict[str, Any] | None
    if kind in ("essay", "matching"):
        what = _("an essay question") if kind == "essay" else _("a matching question")
        report.skip(subject, _("{what} has no sahel-quiz card").format(what=what))
        return None
    if kind == "number":
        built = _number(answers, source, question, report)
    elif kind == "true_false":
        built = {"type": "true_false", "answer": _TRUE_FALSE[answers.split("#")[0].strip()]}
        if answers.split("#", 1)[1:] and answers.split("#", 1)[1].strip("# \n"):
            _lost_feedback(report)
    elif kind == "choice":
        built = _choices(answers, markup, subject, report)
    else:
        built = _short(answers, markup, subject, report)
        if built is not None and tail.strip():
            before = _clean(head, markup) + (" " if head[-1:].isspace() else "")
            after = (" " if tail[:1].isspace() else "") + _clean(tail, markup)
            built = _cloze(built, before.lstrip(), after.rstrip(), subject, report)
    if built is None:
        return None
    if "prompt" not in built:
        blank = "_____" + tail if tail.strip() else ""
        built["prompt"] = _clean(head + blank, markup)
    explain = _clean(_markup(feedback)[0], markup)
    if explain:
        built["explain"] = explain
    return Draft(At(line=question.line), built, id_hint=name)


def _lost_feedback(report: Report) -> None:
    report.drop(_("answer feedback"), _("sahel-quiz shows one explanation a card"))


def _lost_partial_credit(report: Report) -> None:
    report.drop(_("partial credit"), _("sahel-quiz gives credit for the right answer only"))


def _kind(answers: str) -> str:
    if answers == "":
        return "essay"
    if answers.startswith("#"):
        return "number"
    if "~" in answers:
        return "choice"
    if "=" in answers and "->" in answers:
        return "matching"
    if answers.split("#", 1)[0].strip() in _TRUE_FALSE:
        return "true_false"
    return "short"


def _weighted(answer: str, default: float) -> tuple[float, str]:
    match = _WEIGHT.match(answer)
    if match is None:
        return default, answer
    return float(match.group(1)), answer[match.end() :]


def _parts(answer: str, markup: str, report: Report) -> str:
    """The answer's text without its feedback (`#...`), which sahel-quiz has no place for."""
    text, _hash, feedback = answer.partition("#")
    if feedback.strip():
        _lost_feedback(report)
    return _clean(_markup(text)[0], markup)


def _choices(answers: str, markup: str, subject: str, report: Report) -> dict[str, Any] | None:
    single = "=" in answers
    options: list[str] = []
    weights: list[float] = []
    for raw in answers.replace("=", "~=").split("~"):
        raw = raw.strip()
        if not raw:
            continue
        if raw.startswith("="):
            weight, raw = _weighted(raw[1:], 100.0)
        else:
            weight, raw = _weighted(raw, 0.0)
        options.append(_parts(raw, markup, report))
        weights.append(weight)
    if single:
        right = [option for option, weight in zip(options, weights, strict=True) if weight >= 100]
        if len(right) != 1:
            report.skip(
                subject,
                _("a one-answer question with {count} fully right answers").format(
                    count=len(right)
                ),
            )
            return None
        if any(0 < weight < 100 for weight in weights):
            _lost_partial_credit(report)
        true_false = true_false_answer(options, right[0])
        if true_false is not None:
            return {"type": "true_false", "answer": true_false}
        return {"type": "choice", "options": options, "answer": right[0]}
    right = [option for option, weight in zip(options, weights, strict=True) if weight > 0]
    if not right:
        report.skip(subject, _("a multiple-answer question with no right answer"))
        return None
    return {"type": "multi", "options": options, "answer": right}


def _short(answers: str, markup: str, subject: str, report: Report) -> dict[str, Any] | None:
    accepted: list[str] = []
    for raw in answers.split("="):
        raw = raw.strip()
        if not raw:
            continue
        weight, raw = _weighted(raw, 100.0)
        text = _parts(raw, markup, report)
        if weight < 100:
            _lost_partial_credit(report)
        elif "*" in text:
            report.drop(
                _("wildcard answers"), _("sahel-quiz grades typed answers forgivingly instead")
            )
        elif text and text not in accepted:
            accepted.append(text)
    if not accepted:
        report.skip(subject, _("a short-answer question with no fully right answer"))
        return None
    return {
        "type": "typed",
        "answer": accepted[0],
        **({"accept": accepted[1:]} if accepted[1:] else {}),
    }


def _cloze(
    short: dict[str, Any], before: str, after: str, subject: str, report: Report
) -> dict[str, Any] | None:
    """A missing-word short answer is a one-blank cloze: `before {{a|b}} after`."""
    texts = [short["answer"], *short.get("accept", [])]
    if any("|" in text or "{{" in text or "}}" in text for text in texts):
        report.skip(subject, _("an answer holds | or braces, which a cloze blank cannot"))
        return None
    return {"type": "cloze", "prompt": before + "{{" + "|".join(texts) + "}}" + after}


def _number(answers: str, source: InputFile, question: _Question, report: Report) -> dict[str, Any]:
    body = answers[1:]
    if "~" in body:
        body = body[: body.find("~")]
    candidates = [part.strip() for part in body.split("=") if part.strip()]
    if not candidates:
        raise source.error(_("a number question with no number"), At(line=question.line))
    best: tuple[float, float] | None = None
    for part in candidates:
        weight, text = _weighted(part, 100.0)
        text, _hash, feedback = text.partition("#")
        if feedback.strip():
            _lost_feedback(report)
        value = _range(text.translate(_UNESCAPE).strip(), source, question)
        if weight >= 100 and best is None:
            best = value
        elif weight < 100:
            _lost_partial_credit(report)
    if best is None:
        raise source.error(
            _("a number question with no fully right number"), At(line=question.line)
        )
    answer, tolerance = best
    return {"type": "number", "answer": answer, **({"tolerance": tolerance} if tolerance else {})}


def _range(text: str, source: InputFile, question: _Question) -> tuple[float, float]:
    try:
        if ".." in text:
            low, high = (_finite(part) for part in text.split("..", 1))
            middle = (low + high) / 2
            return middle, abs(high - middle)
        if ":" in text:
            value, tolerance = (_finite(part) for part in text.split(":", 1))
            return value, abs(tolerance)
        return _finite(text), 0.0
    except ValueError:
        raise source.error(
            _("{text} is not a number, a number:tolerance or a low..high range").format(
                text=literal(text)
            ),
            At(line=question.line),
        ) from None


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(text)
    return value
