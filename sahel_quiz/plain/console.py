"""Reading answers and writing lines, with end of input as a normal way to stop."""

from __future__ import annotations

import sys
from typing import TextIO

__all__ = ["Console"]


class Console:
    """A prompt-and-answer terminal over two text streams (stdin and stdout by default)."""

    def __init__(self, stdin: TextIO | None = None, stdout: TextIO | None = None) -> None:
        self._in = stdin or sys.stdin
        self._out = stdout or sys.stdout

    def say(self, text: str = "") -> None:
        self._out.write(text + "\n")
        self._out.flush()

    def ask(self, prompt: str) -> str | None:
        """One line of input without its newline; None at end of input."""
        self._out.write(prompt)
        self._out.flush()
        line = self._in.readline()
        if not line:
            self._out.write("\n")
            return None
        return line.rstrip("\r\n")
