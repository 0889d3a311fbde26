"""The deck JSON Schema, generated from the models so that editors and the loader agree.

A copy lives at `decks/deck.schema.json`, which deck files name in their first-line
`# yaml-language-server: $schema=deck.schema.json` modeline: editors then complete keys
and flag a misspelt one while the teacher types. A test fails when the copy drifts.
"""

from __future__ import annotations

import json
from typing import Any, Final

from sahel_quiz.deck.model import Deck

__all__ = ["JSON_SCHEMA_DIALECT", "deck_json_schema", "schema_text"]

JSON_SCHEMA_DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"


def deck_json_schema() -> dict[str, Any]:
    """The schema of a deck file as a JSON-ready dict."""
    return {"$schema": JSON_SCHEMA_DIALECT, **Deck.model_json_schema()}


def schema_text() -> str:
    """The schema as `sahel-quiz schema` prints it and `decks/deck.schema.json` holds it.

    ASCII only (other characters escaped) so the bytes are the same on every console.
    """
    return json.dumps(deck_json_schema(), indent=2, ensure_ascii=True) + "\n"
