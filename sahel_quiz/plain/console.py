"""Reading answers and writing lines, with end of input as a normal way to stop."""

from __future__ import annotations

import codecs
import sys
from typing import TextIO

from sahel_quiz.engine.review import MAX_RESPONSE_CHARS as MAX_LINE
from sahel_quiz.i18n import _

__all__ = ["ASCII_FALLBACKS", "MAX_LINE", "Console"]

ASCII_FALLBACKS = {
    "✓": "+",
    "✗": "x",
    "☐": "[ ]",
    "☑": "[x]",
    "◐": "~",
    "⚠": "!",
    "⏱": "",
    "→": "->",
    "←": "<-",
    "▸": ">",
    "…": "...",
    "–": "-",
    "—": "-",
    "·": "-",
    "“": '"',
    "”": '"',
    "‘": "'",
    "’": "'",
    "«": "<<",
    "»": ">>",
    "\u00a0": " ",
    "\u202f": " ",
}
"""What a terminal whose encoding lacks these characters is shown instead: the marks of an
answered question (✓ right, ✗ wrong, ☐ ☑ boxes) and the punctuation of our messages, as ASCII
that reads the same (anything else it cannot show becomes "?", as the streams are set up)."""


class Console:
    """A prompt-and-answer terminal over two text streams (stdin and stdout by default)."""

    def __init__(self, stdin: TextIO | None = None, stdout: TextIO | None = None) -> None:
        self._in = stdin or sys.stdin
        self._out = stdout or sys.stdout
        encoding = getattr(self._out, "encoding", None) or "utf-8"
        self._encoding = None if codecs.lookup(encoding).name.startswith("utf") else encoding
        self._fallbacks: dict[int, str] = {}
        """Characters the encoding cannot show, by code point, with what is shown instead."""
        if self._encoding is not None:
            for char, fallback in ASCII_FALLBACKS.items():
                if not self._shows(char):
                    self._fallbacks[ord(char)] = fallback

    def _shows(self, char: str) -> bool:
        assert self._encoding is not None
        try:
            char.encode(self._encoding)
        except UnicodeEncodeError:
            return False
        return True

    def _fit(self, text: str) -> str:
        """`text` with the characters the output cannot show replaced by ASCII ones."""
        return text.translate(self._fallbacks) if self._fallbacks else text

    def say(self, text: str = "") -> None:
        self._out.write(self._fit(text) + "\n")
        self._out.flush()

    def ask(self, prompt: str) -> str | None:
        """One line of input without its newline; None at end of input."""
        self._out.write(self._fit(prompt))
        self._out.flush()
        line = self._in.readline(MAX_LINE + 1)
        if not line:
            self._out.write("\n")
            return None
        if len(line) > MAX_LINE and not line.endswith("\n"):
            while (rest := self._in.readline(65_536)) and not rest.endswith("\n"):
                pass  # the rest of an over-long line is dropped, a bounded piece at a time
            self.say(
                _("  (an answer has at most {n} characters: yours was cut there)").format(
                    n=MAX_LINE
                )
            )
            line = line[:MAX_LINE]
        return line.rstrip("\r\n")
