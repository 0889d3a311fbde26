"""`sahel-quiz schema`: print the deck JSON Schema (redirect it to decks/deck.schema.json)."""

from __future__ import annotations

import argparse
import sys

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    """Write the schema as bytes, so no platform turns its newlines into CRLF."""
    from sahel_quiz.deck.schema import schema_text

    data = schema_text().encode("ascii")
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is not None:
        sys.stdout.flush()
        buffer.write(data)
        buffer.flush()
    else:  # a replaced stdout (e.g. a StringIO in a test harness) has no byte buffer
        sys.stdout.write(data.decode("ascii"))
    return 0
