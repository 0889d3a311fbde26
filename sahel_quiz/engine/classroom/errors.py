"""The refusals a classroom game can give a player, each with a stable code.

The codes are the contract with every client (docs/protocol.md lists them): the page
translates a code, so the English message is only for logs and the terminal client.
"""

from __future__ import annotations

from typing import Literal

__all__ = ["ErrorCode", "GameError"]

ErrorCode = Literal[
    "bad_frame",
    "too_large",
    "bad_json",
    "unknown_type",
    "invalid_message",
    "rate_limited",
    "wrong_pin",
    "too_many_attempts",
    "game_locked",
    "name_invalid",
    "name_taken",
    "game_full",
    "game_over",
    "already_joined",
    "bad_token",
    "not_joined",
    "no_question",
    "wrong_question",
    "question_closed",
    "already_answered",
    "bad_answer",
    "removed",
    "replaced",
    "server_closing",
    "join_timeout",
]


class GameError(Exception):
    """A player's request the game refuses; the game itself carries on unchanged."""

    def __init__(self, code: ErrorCode, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.code: ErrorCode = code
        self.message = message
        self.hint = hint
        """What the player can do about it, in a few words from the card's rules (a number
        typed in words: how to type it), for a client to show as the other hints."""
