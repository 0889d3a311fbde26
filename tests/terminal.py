"""The real `sahel-quiz` command in a pseudo-terminal: what a user's terminal shows and sends."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Mapping
from pathlib import Path

__all__ = ["COMMAND", "Terminal"]

COMMAND = Path(sys.executable).with_name("sahel-quiz")
REPO = Path(__file__).resolve().parent.parent


class Terminal:
    """`sahel-quiz ARGS` in a pty of `size` (columns, rows) with its own progress home."""

    def __init__(
        self,
        *args: str,
        home: Path,
        size: tuple[int, int] = (80, 24),
        env: Mapping[str, str | None] | None = None,
    ) -> None:
        self.master, slave = pty.openpty()
        columns, rows = size
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        environment = {**os.environ, "TERM": "xterm-256color", "SAHEL_QUIZ_HOME": str(home)}
        for name, value in (env or {}).items():
            if value is None:
                environment.pop(name, None)
            else:
                environment[name] = value
        self.process = subprocess.Popen(
            [str(COMMAND), *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=environment,
            start_new_session=True,
            cwd=REPO,
        )
        os.close(slave)
        self.seen = b""

    def _read(self, wait: float) -> bool:
        ready, _, _ = select.select([self.master], [], [], wait)
        if ready:
            try:
                self.seen += os.read(self.master, 65536)
            except OSError:
                return False
        return True

    def wait_for(self, text: str, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while text.encode() not in self.seen:
            left = deadline - time.monotonic()
            assert left > 0, f"{text!r} never appeared; the screen showed {self.seen[-2000:]!r}"
            if not self._read(min(left, 0.5)):
                break

    def send(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def finish(self, timeout: float = 30.0) -> int:
        """Wait for the command to exit (killing it after `timeout`); its exit status."""
        deadline = time.monotonic() + timeout
        while self.process.poll() is None and time.monotonic() < deadline:
            self._read(0.2)
        while self._read(0.05) and select.select([self.master], [], [], 0)[0]:
            pass
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        os.close(self.master)
        return self.process.wait()
