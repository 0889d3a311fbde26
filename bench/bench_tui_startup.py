"""Time to first frame of `sahel-quiz play` against a minimal Textual app (issue 4, "Speed").

Both start as processes in a pseudo-terminal of 80×24 (so `sahel-quiz play` opens the app, not
line mode), one after the other in turn, after a warm-up run each. The launcher puts
`time.monotonic()` in `SAHEL_QUIZ_BENCH_READY` just before starting a process; each app notes
the seconds since that moment in its `on_ready` (the first frame is on screen), exits, and
prints `ready <seconds>` on stderr. `sahel-quiz play` runs through `_ready_probe.py`, which
runs the real command line with that probe in place of the app's `on_ready` (the app itself
has no benchmark mode).
CLOCK_MONOTONIC is system-wide on Linux, so the figure includes the interpreter's own start-up,
the imports, and the first frame. The minimal app is the floor: Textual with one label.

Target: the median of `sahel-quiz play` within 1.3× the floor's. Run:
`python bench/bench_tui_startup.py [--runs N]`.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import re
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

__all__ = ["MINIMAL_APP", "main", "time_to_ready"]

BENCH_ENV = "SAHEL_QUIZ_BENCH_READY"
TARGET = 1.3
READY = re.compile(rb"ready (\d+(?:\.\d+)?)")

MINIMAL_APP = f"""
import os, sys, time
from textual.app import App
from textual.widgets import Label

class Minimal(App[None]):
    def compose(self):
        yield Label("Hello")

    def on_ready(self) -> None:
        self.seconds = time.monotonic() - float(os.environ["{BENCH_ENV}"])
        self.exit()

app = Minimal()
app.run()
print(f"ready {{app.seconds:.6f}}", file=sys.stderr, flush=True)
"""


def time_to_ready(command: list[str], env: dict[str, str], timeout: float = 60.0) -> float:
    """Start `command` in an 80×24 pty; the seconds it reports from its start to `on_ready`."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {**env, BENCH_ENV: repr(time.monotonic())}
    process = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=slave, env=env)
    os.close(slave)
    seen = b""
    deadline = time.monotonic() + timeout
    try:
        while (found := READY.search(seen)) is None:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{command} never got ready: {seen[-500:]!r}")
            ready, _, _ = select.select([master], [], [], 0.5)
            if ready:
                try:
                    seen += os.read(master, 65536)
                except OSError:  # the process ended and closed the terminal
                    if process.poll() is not None and READY.search(seen) is None:
                        raise RuntimeError(f"{command} ended: {seen[-500:]!r}") from None
        process.wait(timeout=timeout)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(master)
    return float(found.group(1))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="runs of each (default 15)")
    args = parser.parse_args(argv)
    probe = str(Path(__file__).with_name("_ready_probe.py"))
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "TERM": "xterm-256color", "SAHEL_QUIZ_HOME": home}
        floor_cmd = [sys.executable, "-c", MINIMAL_APP]
        app_cmd = [sys.executable, probe, "play"]
        time_to_ready(floor_cmd, env)  # warm-up: byte-code caches, the store's creation
        time_to_ready(app_cmd, env)
        floor: list[float] = []
        ours: list[float] = []
        for _ in range(args.runs):
            floor.append(time_to_ready(floor_cmd, env))
            ours.append(time_to_ready(app_cmd, env))
    floor_median = statistics.median(floor)
    ours_median = statistics.median(ours)
    ratio = ours_median / floor_median
    print(f"runs: {args.runs} each, interleaved")
    print(f"minimal Textual app (one label): median {floor_median * 1000:7.1f} ms")
    print(f"sahel-quiz play (home screen):   median {ours_median * 1000:7.1f} ms")
    print(f"ratio: {ratio:.2f}x (target <= {TARGET}x) -> {'ok' if ratio <= TARGET else 'MISSED'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
