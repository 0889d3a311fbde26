"""Standard input as an asyncio queue of lines, for the line-mode host and the join client.

A daemon thread does the reading: a read blocked on a terminal or a pipe can then never keep
the process from exiting, and it works the same on every platform (asyncio cannot watch
standard input on Windows).
"""

from __future__ import annotations

import asyncio
import sys
import threading
from typing import TextIO

__all__ = ["read_lines"]


def read_lines(stream: TextIO | None = None) -> asyncio.Queue[str | None]:
    """A queue that receives each line typed (without its newline), then None at end of input.

    Must be called from the running event loop.
    """
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[str | None] = asyncio.Queue()
    source = stream or sys.stdin

    def post(line: str | None) -> bool:
        try:
            loop.call_soon_threadsafe(queue.put_nowait, line)
        except RuntimeError:  # the loop has closed: the program is ending
            return False
        return True

    def read() -> None:
        for line in source:
            if not post(line.rstrip("\r\n")):
                return
        post(None)

    threading.Thread(target=read, name="stdin-lines", daemon=True).start()
    return queue
