"""Cards read from another tool, before they are cards: validated here, one by one, with the
line or row they came from, so that a bad one is reported where the teacher can find it.

Each importer turns its format into `Draft`s holding the deck format's own keys (`type`,
`prompt`, `answer`...). `build_cards` gives them ids (slugs from their prompts, unique in the
deck, unless the format carries its own ids, as our CSV does) and validates them with the
deck model, so an imported card obeys exactly the rules of a hand-written one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from pydantic import TypeAdapter, ValidationError

from sahel_quiz.deck.checks import quote_mismatch
from sahel_quiz.deck.loader import CARD_MODELS
from sahel_quiz.deck.model import SLUG_PATTERN, Card
from sahel_quiz.i18n import _, literal, ngettext
from sahel_quiz.interchange.inputs import MAX_CARDS, At, InputFile
from sahel_quiz.interchange.report import Report
from sahel_quiz.interchange.slugs import UniqueSlugs

__all__ = ["Article", "Draft", "Imported", "build_cards", "true_false_answer", "validation_message"]

_CARD: Final[TypeAdapter[Card]] = TypeAdapter(Card)
_SLUG: Final = re.compile(SLUG_PATTERN)

_TRUE_FALSE: Final = ({"true", "false"}, {"vrai", "faux"}, {"t", "f"}, {"v", "f"})
_TRUE_WORDS: Final = {"true", "vrai", "t", "v"}


@dataclass(frozen=True)
class Article:
    """The text that imported quotes must come from (`import --source`)."""

    path: Path
    normalised: str


@dataclass
class Draft:
    """One card's fields in the deck format's keys, and where it was read."""

    at: At
    fields: dict[str, Any]
    id_hint: str | None = None
    """A name the source gives the question (GIFT's `::name::`), used as the card id when it
    already is a free slug, so a deck exported to GIFT keeps its ids when imported back."""


@dataclass
class Imported:
    """What an importer read: the cards, and a title when the file names its quiz."""

    drafts: list[Draft] = field(default_factory=list)
    title: str | None = None


def true_false_answer(options: list[str], right: str) -> bool | None:
    """A two-option question whose options are True and False (or Vrai and Faux) is a
    true/false card; its answer, or None when the options are anything else."""
    if {option.strip().lower() for option in options} in _TRUE_FALSE and len(options) == 2:
        return right.strip().lower() in _TRUE_WORDS
    return None


def validation_message(error: ValidationError) -> str:
    """The first problem pydantic found, as `field: what is wrong`."""
    detail = error.errors(include_url=False)[0]
    loc = [str(part) for part in detail["loc"]]
    if loc and loc[0] in CARD_MODELS:
        loc = loc[1:]  # the union's tag: the card type, already known to the reader
    message = str(detail["msg"]).removeprefix("Value error, ")
    if detail["type"] == "extra_forbidden":
        message = _("not a field of this card type")
    return f"{'.'.join(loc)}: {message}" if loc else message


def build_cards(
    imported: Imported, source: InputFile, report: Report, *, article: Article | None
) -> list[Card]:
    """Validated cards with unique ids, or the error naming the first bad draft. Quotes are
    kept only when the `article` they quote is known, and must then be found in it."""
    drafts = imported.drafts
    if not drafts:
        if report.skipped:
            raise source.error(_("none of its questions can become a sahel-quiz card"))
        raise source.error(_("no cards found in the file"))
    if len(drafts) > MAX_CARDS:
        raise source.error(
            _("more than {limit} cards: split the file").format(limit=MAX_CARDS),
            drafts[MAX_CARDS].at,
        )
    slugs = UniqueSlugs()
    given = [draft for draft in drafts if isinstance(draft.fields.get("id"), str)]
    for draft in given:
        if not slugs.reserve(draft.fields["id"]):
            raise source.error(
                _("duplicate card id {id}: each card needs its own").format(
                    id=literal(draft.fields["id"])
                ),
                draft.at,
            )
    cards: list[Card] = []
    quotes_left_out = 0
    for number, draft in enumerate(drafts, start=1):
        fields = dict(draft.fields)
        prompt = fields.get("prompt")
        if not isinstance(prompt, str) or not prompt.strip():
            raise source.error(_("empty question"), draft.at)
        if "id" not in fields:
            hint = draft.id_hint
            if hint is not None and _SLUG.match(hint) and slugs.reserve(hint):
                fields["id"] = hint
            else:
                fields["id"] = slugs.make(prompt, f"card-{number}")
        quote = fields.get("quote")
        if isinstance(quote, str) and article is None:
            del fields["quote"]
            quotes_left_out += 1
        elif isinstance(quote, str) and article is not None:
            mismatch = quote_mismatch(quote, article.normalised)
            if mismatch is not None:
                raise source.error(
                    _("quote not found in {article}: {mismatch}").format(
                        article=article.path.name, mismatch=mismatch
                    ),
                    draft.at,
                )
        try:
            cards.append(_CARD.validate_python(fields))
        except ValidationError as error:
            raise source.error(validation_message(error), draft.at) from None
    if quotes_left_out:
        report.note(
            ngettext(
                "left out {count} quote: pass --source ARTICLE (the text it quotes) to keep it",
                "left out {count} quotes: pass --source ARTICLE (the text they quote) to keep them",
                quotes_left_out,
            ).format(count=quotes_left_out)
        )
    return cards
