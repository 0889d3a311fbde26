"""The JSON Schema: `sahel-quiz schema` prints it, `decks/deck.schema.json` keeps a copy, and
the two must not drift (regenerate with `sahel-quiz schema > decks/deck.schema.json`)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from sahel_quiz.deck.schema import deck_json_schema, schema_text

REPO = Path(__file__).resolve().parent.parent
COPY = REPO / "decks" / "deck.schema.json"
CARD_TYPES = {"basic", "choice", "multi", "true_false", "typed", "number", "cloze", "order"}


def test_the_copy_in_decks_matches_the_models_byte_for_byte() -> None:
    assert COPY.read_bytes() == schema_text().encode("ascii"), (
        "decks/deck.schema.json is stale: run `sahel-quiz schema > decks/deck.schema.json`"
    )


def test_the_schema_command_prints_the_same_bytes() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "sahel_quiz", "schema"],
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, b"")
    assert result.stdout == COPY.read_bytes()
    assert result.stdout.endswith(b"}\n")


def test_the_schema_forbids_unknown_keys_and_knows_every_card_type() -> None:
    schema = deck_json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) == {"id", "title", "cards"}
    cards = schema["$defs"]
    card_defs = [d for d in cards.values() if "type" in d.get("properties", {})]
    assert {d["properties"]["type"]["const"] for d in card_defs} == CARD_TYPES
    assert all(d["additionalProperties"] is False for d in card_defs)
    assert json.loads(schema_text()) == schema


def test_deck_files_name_the_schema_in_their_modeline() -> None:
    decks = sorted((REPO / "decks").glob("*.yaml"))
    first_lines = {path.name: path.read_text(encoding="utf-8").splitlines()[0] for path in decks}
    expected = "# yaml-language-server: $schema=deck.schema.json"
    assert first_lines == dict.fromkeys(first_lines, expected)
