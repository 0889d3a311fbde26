"""Reading answers and writing lines, with end of input as a normal way to stop."""

from __future__ import annotations

import sys
from typing import TextIO

from sahel_quiz.engine.review import MAX_RESPONSE_CHARS as MAX_LINE
from sahel_quiz.i18n import _

__all__ = ["MAX_LINE", "Console"]


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
