"""Writing a deck as YAML that a teacher can read and edit, and that `sahel-quiz check` passes.

Keys come in the order the README shows them, defaults are left out, numbers that are whole are
written without `.0`, text with line breaks becomes a `|` block, and cards are separated by a
blank line. PyYAML quotes whatever would otherwise read back as something else (`no`, `13`,
`{{blank}}...`), so every value loads back exactly as it was.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, Final

import yaml

from sahel_quiz.deck.model import Card
from sahel_quiz.deck.yaml_nodes import reads_as_number

__all__ = ["CARD_KEY_ORDER", "card_mapping", "modeline_schema_path", "render_deck"]

CARD_KEY_ORDER: Final = (
    "id",
    "type",
    "prompt",
    "options",
    "answer",
    "accept",
    "reject",
    "fuzzy",
    "tolerance",
    "unit",
    "quote",
    "explain",
    "group",
    "tags",
    "points",
)


if TYPE_CHECKING:
    _Base = yaml.SafeDumper
else:  # libyaml's emitter when PyYAML has it: five times faster on a 10,000-card import
    _Base = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_Base):
    """Block style everywhere, lists indented under their key, as the bundled decks are (the
    pure-Python emitter honours `increase_indent`; libyaml's output is re-indented by
    `_indent_lists`)."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


_CARD_LIST_ITEM: Final = re.compile(r"^  - ", re.MULTILINE)


def _indent_lists(card_text: str) -> str:
    """In one card dumped as `- id: …`, a line at exactly two spaces and a dash is an item of
    one of its lists (block scalars' lines are indented deeper): move it under its key."""
    return _CARD_LIST_ITEM.sub("    - ", card_text)


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else '"' if reads_as_number(value) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


class _Inline(list[str]):
    """A short list written on one line, as `tags: [who, when]`."""


def _inline(dumper: yaml.SafeDumper, value: _Inline) -> yaml.SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", list(value), flow_style=True)


_Dumper.add_representer(str, _text)
_Dumper.add_representer(_Inline, _inline)


def _plain_number(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value


def card_mapping(card: Card) -> dict[str, Any]:
    """The card's keys as a deck file writes them: defaults left out, in the README's order."""
    data = card.model_dump(exclude_defaults=True)
    data["type"] = card.type
    if "tags" in data:
        data["tags"] = _Inline(data["tags"])
    return {str(key): _plain_number(data[key]) for key in CARD_KEY_ORDER if key in data}


def _dump(value: Any) -> str:
    text: str = yaml.dump(
        value,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=4096,
    )
    return text


def modeline_schema_path(deck_path: Path, schema: Path | None) -> str:
    """How the deck at `deck_path` names the JSON Schema: `deck.schema.json` when one sits
    beside it (as in `decks/`), else the path from its folder to `schema`."""
    beside = deck_path.parent / "deck.schema.json"
    if beside.is_file() or schema is None:
        return "deck.schema.json"
    try:
        relative = os.path.relpath(schema.resolve(), deck_path.parent.resolve())
    except ValueError:  # another drive, on Windows
        return schema.resolve().as_uri()
    return str(PurePosixPath(*Path(relative).parts))


def render_deck(
    header: dict[str, Any],
    cards: Sequence[Card],
    *,
    schema_path: str,
    comments: Sequence[str] = (),
) -> str:
    """The deck file: the schema modeline, `comments` as `#` lines, the deck's own keys
    (`header`, in order, None values left out), then the cards."""
    lines = [f"# yaml-language-server: $schema={schema_path}"]
    lines += [f"# {comment}" if comment else "#" for comment in comments]
    head = {key: value for key, value in header.items() if value is not None}
    items = []
    for card in cards:
        item = _indent_lists(_dump([card_mapping(card)]))
        items.append(
            "".join(f"  {line}" if line.strip() else line for line in item.splitlines(True))
        )
    return "\n".join(lines) + "\n" + _dump(head) + "cards:\n" + "\n".join(items)
