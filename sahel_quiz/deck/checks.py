"""Checks that look across a deck rather than at one field: card ids and quotes.

They run on the plain values built from the YAML, not on the validated models, so that a
deck with a schema error in one card still gets its duplicate ids and wrong quotes reported
in the same run: a teacher fixes everything in one pass instead of one error at a time.

Quotes are compared with the source after normalising both sides: runs of whitespace
become one space, typographic quotes (‘ ’ “ ”) become straight ones, dashes (– — and
kin) become `-`, `…` becomes `...`, and case is ignored (a quoted fragment often starts
with a capital where the article has none). An ellipsis inside a quote elides text: each
piece must occur in the source, in order.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from sahel_quiz.deck.messages import LIMIT, escaped, shown
from sahel_quiz.deck.yaml_nodes import Issue, NodeTree, issue_at
from sahel_quiz.i18n import _, label, ngettext

__all__ = [
    "MAX_SOURCE_BYTES",
    "CheckOutcome",
    "normalise_for_quotes",
    "quote_mismatch",
    "run_checks",
]

MAX_SOURCE_BYTES: Final = 4 * 1024 * 1024

_TYPOGRAPHIC: Final = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "′": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "″": '"',
        "‐": "-",
        "‑": "-",
        "‒": "-",
        "–": "-",
        "—": "-",
        "―": "-",
        "−": "-",
        "…": "...",
        "\u00ad": None,
    }
)


def normalise_for_quotes(text: str) -> str:
    """The form in which quotes and source are compared (see the module docstring)."""
    return " ".join(text.translate(_TYPOGRAPHIC).split()).lower()


def quote_mismatch(quote: str, normalised_source: str) -> str | None:
    """None when the quote occurs in the source; otherwise how far it matched, for a message."""
    pieces = [piece.strip(" \"'") for piece in normalise_for_quotes(quote).split("...")]
    pieces = [piece for piece in pieces if piece]
    if not pieces:
        return _("the quote has no words")
    start = 0
    for piece in pieces:
        found = normalised_source.find(piece, start)
        if found < 0:
            return _how_far(piece, normalised_source, start)
        start = found + len(piece)
    return None


def _how_far(piece: str, source: str, start: int) -> str:
    """The longest run of the piece's first words that does occur, found by bisection."""
    words = piece.split(" ")
    low, high = 0, len(words)  # words[:low] occurs; words[:high + 1] does not
    while low < high:
        middle = (low + high + 1) // 2
        if source.find(" ".join(words[:middle]), start) >= 0:
            low = middle
        else:
            high = middle - 1
    if low == 0:
        return _("not even its first word {word} occurs").format(word=shown(words[0]))
    matched = " ".join(words[max(0, low - 6) : low])
    if low > 6:
        matched = "..." + matched[-LIMIT:]
    return _('it matches up to "{matched}", then differs').format(matched=escaped(matched))


@dataclass(frozen=True, slots=True)
class CheckOutcome:
    """The issues found, and the source text that quotes were checked against (if read)."""

    issues: list[Issue]
    source_path: Path | None
    source_text: str | None


def run_checks(data: Mapping[str, Any], tree: NodeTree, deck_path: Path) -> CheckOutcome:
    """Duplicate card ids, the source file, and every quote against it."""
    cards_value = data.get("cards")
    cards: list[tuple[int, dict[str, Any]]] = []
    if isinstance(cards_value, list):
        cards = [(i, card) for i, card in enumerate(cards_value) if isinstance(card, dict)]
    issues = _duplicate_ids(cards, tree)
    source = data.get("source")
    if not isinstance(source, str) or not source:
        issues.extend(_quotes_without_source(cards, tree))
        return CheckOutcome(issues, None, None)
    source_path = (deck_path.parent / source).resolve()
    source_text, problem = _read_source(source, source_path)
    if source_text is None:
        issues.append(issue_at(tree.locate(("source",)).node, f"{label('source')} {problem}"))
        return CheckOutcome(issues, source_path, None)
    issues.extend(_wrong_quotes(cards, tree, source_text, source_path.name))
    return CheckOutcome(issues, source_path, source_text)


def _duplicate_ids(cards: list[tuple[int, dict[str, Any]]], tree: NodeTree) -> list[Issue]:
    issues: list[Issue] = []
    first_index: dict[str, int] = {}
    for index, card in cards:
        card_id = card.get("id")
        if not isinstance(card_id, str):
            continue
        first = first_index.setdefault(card_id, index)
        if first != index:
            first_line = tree.locate(("cards", first, "id")).node.start_mark.line + 1
            message = _(
                "cards[{index}].id: duplicate card id {card_id} (first at line {first_line}); "
                "progress is kept per card id, so each must be unique"
            ).format(index=index, card_id=shown(card_id), first_line=first_line)
            issues.append(issue_at(tree.locate(("cards", index, "id")).node, message))
    return issues


def _quotes_without_source(cards: list[tuple[int, dict[str, Any]]], tree: NodeTree) -> list[Issue]:
    quoting = [index for index, card in cards if isinstance(card.get("quote"), str)]
    if not quoting:
        return []
    count = len(quoting)
    message = (
        label(f"cards[{quoting[0]}].quote")
        + " "
        + ngettext(
            "{count} card quotes a source, but the deck has no {key} to check quotes against; add "
            "e.g. {example}",
            "{count} cards quote a source, but the deck has no {key} to check quotes against; add "
            "e.g. {example}",
            count,
        ).format(count=count, key=shown("source"), example="source: ../seeds/article.txt")
    )
    return [issue_at(tree.locate(("cards", quoting[0], "quote")).node, message)]


def _read_source(source: str, path: Path) -> tuple[str | None, str]:
    """The source text, or None and why it could not be read."""
    source = escaped(source, 200)  # only ever shown from here on
    try:
        with path.open("rb") as file:
            data = file.read(MAX_SOURCE_BYTES + 1)
    except FileNotFoundError:
        return None, _("source file not found: {source} (looked for {path})").format(
            source=source, path=path
        )
    except IsADirectoryError:
        return None, _("{source} is a folder, not a text file").format(source=source)
    except OSError as error:
        return None, _("cannot read the source file {source}: {reason}").format(
            source=source, reason=error.strerror or error
        )
    if len(data) > MAX_SOURCE_BYTES:
        return None, _("the source file {source} is larger than {size} MB").format(
            source=source, size=MAX_SOURCE_BYTES // 2**20
        )
    try:
        return data.decode("utf-8-sig"), ""
    except UnicodeDecodeError as error:
        return None, _(
            "the source file {source} is not UTF-8 (bad byte at offset {offset})"
        ).format(source=source, offset=error.start)


def _wrong_quotes(
    cards: list[tuple[int, dict[str, Any]]], tree: NodeTree, source_text: str, name: str
) -> list[Issue]:
    issues: list[Issue] = []
    normalised_source = normalise_for_quotes(source_text)
    for index, card in cards:
        quote = card.get("quote")
        if not isinstance(quote, str):
            continue
        mismatch = quote_mismatch(quote, normalised_source)
        if mismatch is not None:
            node = tree.locate(("cards", index, "quote")).node
            message = (
                label(f"cards[{index}].quote")
                + " "
                + _("quote not found in {article}: {mismatch}").format(
                    article=name, mismatch=mismatch
                )
            )
            issues.append(issue_at(node, message))
    return issues
