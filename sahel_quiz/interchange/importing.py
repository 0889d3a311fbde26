"""`sahel-quiz import`: another tool's quiz file, made into a deck file that passes
`sahel-quiz check` as written, or an error and no file at all.

The deck is rendered, written to a temporary file beside the target, loaded back through the
deck loader (the same code `check` runs) and compared with the cards meant; only then does it
take the target's name.
"""

from __future__ import annotations

import importlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from pydantic import ValidationError

from sahel_quiz.deck.checks import MAX_SOURCE_BYTES, normalise_for_quotes
from sahel_quiz.deck.loader import DeckError, load_deck
from sahel_quiz.deck.model import LANGUAGE_PATTERN, Deck
from sahel_quiz.deck.registry import bundled_decks_dir
from sahel_quiz.errors import UserError
from sahel_quiz.i18n import _, literal
from sahel_quiz.interchange.atomic import check_writable, write_atomically
from sahel_quiz.interchange.deck_yaml import modeline_schema_path, render_deck
from sahel_quiz.interchange.drafts import Article, Imported, build_cards, validation_message
from sahel_quiz.interchange.formats import FORMATS, IMPORT_FORMATS, guess_import_format
from sahel_quiz.interchange.inputs import MAX_INPUT_BYTES, read_input
from sahel_quiz.interchange.report import Report
from sahel_quiz.interchange.slugs import slugify

__all__ = ["DeckOptions", "ImportedDeck", "import_deck_file"]

MAX_SPREADSHEET_BYTES: Final = 16 * 1024 * 1024
"""An .xlsx is compressed: it may be larger on disk than the text it holds."""
_SLUG: Final = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class DeckOptions:
    """What the command line says about the deck to write (None: decide from the files)."""

    deck_id: str | None = None
    title: str | None = None
    language: str | None = None
    source: Path | None = None
    force: bool = False


@dataclass(frozen=True)
class ImportedDeck:
    format: str
    deck: Deck
    report: Report


def import_deck_file(
    path: Path, output: Path, format_name: str | None, options: DeckOptions
) -> ImportedDeck:
    """Read `path`, write the deck to `output`; UserError names the file and line of the first
    problem, and then nothing is written."""
    if format_name is not None and format_name not in IMPORT_FORMATS:
        raise UserError(
            _("cannot import {name}: the formats are {choices}").format(
                name=format_name, choices=", ".join(IMPORT_FORMATS)
            )
        )
    deck_id = _deck_id(options.deck_id, output)
    language = _language(options.language)
    check_writable(output, overwrite=options.force)
    article = _article(options.source) if options.source is not None else None
    source = read_input(path, MAX_SPREADSHEET_BYTES)
    name = format_name or guess_import_format(source)
    if name != "kahoot" and len(source.data) > MAX_INPUT_BYTES:
        raise source.error(
            _("larger than {size} MB: split it into smaller files").format(
                size=MAX_INPUT_BYTES // 2**20
            )
        )
    importer = FORMATS[name].importer
    assert importer is not None
    report = Report()
    imported: Imported = importlib.import_module(importer).read(source, report)
    cards = build_cards(imported, source, report, article=article)
    title = options.title or imported.title or _title_from(path)
    source_path = _relative_source(options.source, output)
    try:
        deck = Deck(
            id=deck_id,
            title=title,
            language=language,
            source=source_path,
            cards=cards,
        )
    except ValidationError as error:
        raise UserError(
            _("the deck: {problem}").format(problem=validation_message(error))
        ) from None
    comments = [
        _("Imported from {file} ({format}) by sahel-quiz import.").format(
            file=path.name, format=name
        )
    ]
    if source_path is None:
        comments.append(
            _("source: ../seeds/article.txt   <- the article these cards teach; then add quotes")
        )
    header = {"id": deck.id, "title": deck.title, "language": deck.language, "source": source_path}
    schema = bundled_decks_dir() / "deck.schema.json"
    text = render_deck(
        header,
        deck.cards,
        schema_path=modeline_schema_path(output, schema if schema.is_file() else None),
        comments=comments,
    )

    def loads_as_written(temporary: Path) -> None:
        try:
            loaded = load_deck(temporary)
        except DeckError as error:
            problem = str(error).replace(str(temporary), str(output))
            raise UserError(
                _("the deck would not pass sahel-quiz check: {problem}").format(problem=problem)
            ) from None
        if loaded.deck.cards != deck.cards:  # pragma: no cover - a bug in the YAML writer
            raise UserError(_("the deck written does not read back as imported; nothing written"))

    write_atomically(output, text.encode("utf-8"), check=loads_as_written)
    return ImportedDeck(name, deck, report)


def _deck_id(given: str | None, output: Path) -> str:
    if given is not None:
        if not _SLUG.match(given) or len(given) > 64:
            raise UserError(
                _("--id {id}: a deck id is lowercase letters, digits and hyphens").format(
                    id=literal(given)
                )
            )
        return given
    return slugify(output.stem, words=12, length=64) or "imported"


def _language(given: str | None) -> str:
    if given is None:
        return "en"
    if not re.match(LANGUAGE_PATTERN, given):
        raise UserError(
            _("--language {language}: give a language tag such as en, fr or fr-FR").format(
                language=literal(given)
            )
        )
    return given


def _title_from(path: Path) -> str:
    words = re.sub(r"[_\s]+", " ", path.stem).strip()
    return (words or path.name)[:500]


def _article(path: Path) -> Article:
    """The text imported quotes are checked against, bounded and decoded as the checker does."""
    try:
        with path.open("rb") as file:
            data = file.read(MAX_SOURCE_BYTES + 1)
    except OSError as error:
        raise UserError(
            _("--source {path}: {reason}").format(path=path, reason=error.strerror or error)
        ) from None
    if len(data) > MAX_SOURCE_BYTES:
        raise UserError(
            _("--source {path}: larger than {size} MB").format(
                path=path, size=MAX_SOURCE_BYTES // 2**20
            )
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UserError(_("--source {path}: not UTF-8 text").format(path=path)) from None
    return Article(path, normalise_for_quotes(text))


def _relative_source(source: Path | None, output: Path) -> str | None:
    """The article's path as the deck names it: relative to the deck's folder."""
    if source is None:
        return None
    try:
        relative = os.path.relpath(source.resolve(), output.parent.resolve())
    except ValueError:  # another drive, on Windows
        return str(source.resolve())
    return Path(relative).as_posix()
