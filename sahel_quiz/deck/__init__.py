"""Decks: the YAML format's models, the loader and checker, the registry and the schema.

Names are re-exported lazily (PEP 562) so that importing one submodule, or this package,
never pays for pydantic and PyYAML before a command needs them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sahel_quiz.deck.loader import DeckError, Problem, check_paths, load_deck
    from sahel_quiz.deck.model import Deck, LoadedDeck
    from sahel_quiz.deck.registry import bundled_decks_dir, discover_decks, resolve_deck

__all__ = [
    "Deck",
    "DeckError",
    "LoadedDeck",
    "Problem",
    "bundled_decks_dir",
    "check_paths",
    "discover_decks",
    "load_deck",
    "resolve_deck",
]

_HOMES = {
    "Deck": "model",
    "LoadedDeck": "model",
    "DeckError": "loader",
    "Problem": "loader",
    "check_paths": "loader",
    "load_deck": "loader",
    "bundled_decks_dir": "registry",
    "discover_decks": "registry",
    "resolve_deck": "registry",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{home}"), name)
