"""Time until a deck title is on screen in `sahel-quiz play`, against a one-label Textual app
(issue 12, "Start-up").

Both start as processes in a pseudo-terminal of 80×24 (so `sahel-quiz play` opens the app, not
line mode), one after the other in turn, after a warm-up run each. The launcher notes
`time.monotonic()` just before starting a process and reads the terminal until the bytes of
the text it waits for arrive: the first bundled deck's title for `sahel-quiz play` (a row of the
home screen's deck table), the same title as the floor's only label. Nothing in the app is
changed for the benchmark: what is timed is what a learner sees, from the command to the deck
list, including the interpreter's start-up and every import.

The home screen draws its rows from the decks' cached summaries (`known-decks.json` in the
progress folder, written when the decks were last read) and reads the decks afterwards; the
warm-up run writes that cache. `--cold` removes it before every run of `sahel-quiz play`, to
time the first start ever, when the bundled decks' rows come from the summaries shipped beside
them (`decks/deck-summaries.json`); a deck folder without them would wait for its decks to be
read and checked.

Target: the median of `sahel-quiz play` within 1.5× the floor's. Run:
`python bench/bench_tui_startup.py [--runs N] [--cold]`.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

from _common import learner_env

__all__ = ["MINIMAL_APP", "TITLE", "main", "time_to_text"]

TARGET = 1.5
TITLE = "AES-Russia consultations in Moscow"
"""The first bundled deck's title: the first row of the home screen."""

MINIMAL_APP = f"""
from textual.app import App
from textual.widgets import Label

class Minimal(App[None]):
    def compose(self):
        yield Label({TITLE!r})

Minimal().run()
"""


def time_to_text(
    command: list[str], env: dict[str, str], text: str = TITLE, timeout: float = 60.0
) -> float:
    """Start `command` in an 80×24 pty; the seconds until `text` is written to the terminal."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    wanted = text.encode()
    seen = b""
    started = time.monotonic()
    process = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=slave, env=env)
    os.close(slave)
    try:
        while wanted not in seen:
            if time.monotonic() - started > timeout:
                raise RuntimeError(f"{command} never showed {text!r}: {seen[-500:]!r}")
            ready, _, _ = select.select([master], [], [], 0.5)
            if ready:
                try:
                    seen += os.read(master, 65536)
                except OSError:  # the process ended and closed the terminal
                    raise RuntimeError(f"{command} ended: {seen[-500:]!r}") from None
        return time.monotonic() - started
    finally:
        process.kill()
        process.wait()
        os.close(master)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="runs of each (default 15)")
    parser.add_argument(
        "--cold", action="store_true", help="no deck summaries cached: the first start ever"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as home:
        # As on a learner's machine, byte code is cached (Textual's came with its wheel; ours
        # is written by the warm-up run), rather than compiled again at every start.
        env = learner_env(TERM="xterm-256color", SAHEL_QUIZ_HOME=home)
        cache = Path(home) / "known-decks.json"
        floor_cmd = [sys.executable, "-c", MINIMAL_APP]
        app_cmd = [sys.executable, "-m", "sahel_quiz", "play"]
        time_to_text(floor_cmd, env)  # warm-up: byte-code caches, the store, the summaries
        time_to_text(app_cmd, env)
        for _ in range(50):  # the summaries are written by the worker that reads the decks
            if cache.exists():
                break
            time.sleep(0.1)
        floor: list[float] = []
        ours: list[float] = []
        for _ in range(args.runs):
            floor.append(time_to_text(floor_cmd, env))
            if args.cold:
                cache.unlink(missing_ok=True)
            ours.append(time_to_text(app_cmd, env))
    floor_median = statistics.median(floor)
    ours_median = statistics.median(ours)
    ratio = ours_median / floor_median
    state = "no cached summaries" if args.cold else "summaries cached"
    print(f"runs: {args.runs} each, interleaved; time until {TITLE!r} is on screen")
    print(f"one-label Textual app:               median {floor_median * 1000:7.1f} ms")
    print(f"sahel-quiz play ({state}): median {ours_median * 1000:7.1f} ms")
    print(f"ratio: {ratio:.2f}x (target <= {TARGET}x) -> {'ok' if ratio <= TARGET else 'MISSED'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
