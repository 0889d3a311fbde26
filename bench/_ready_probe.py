"""`sahel-quiz ARGS` that leaves as soon as its first frame is on screen, for
`bench_tui_startup.py` (the app itself carries no benchmark mode).

It runs the real command line (`sahel_quiz.cli.main`) in this interpreter, with the app's
`on_ready` (the first frame is on screen) replaced by a probe that notes the seconds since the
`time.monotonic()` value the launcher put in `SAHEL_QUIZ_BENCH_READY` and exits. CLOCK_MONOTONIC
is system-wide on Linux, so the figure includes the interpreter's own start-up and every import.
Once the terminal is restored it prints `ready <seconds>` on stderr.

The app's module is imported before the command runs, only to put the probe in place: the
command imports it anyway before its first frame, so the work measured is the same.
"""

from __future__ import annotations

import os
import sys
import time

BENCH_ENV = "SAHEL_QUIZ_BENCH_READY"


def main(argv: list[str]) -> int:
    started = float(os.environ[BENCH_ENV])
    from sahel_quiz import cli
    from sahel_quiz.tui.app import SahelQuizApp

    ready: list[float] = []

    def on_ready(app: SahelQuizApp) -> None:
        ready.append(time.monotonic() - started)
        app.exit()

    SahelQuizApp.on_ready = on_ready  # type: ignore[method-assign]
    status = cli.main(argv)
    print(f"ready {ready[0]:.6f}" if ready else "ready unknown", file=sys.stderr, flush=True)
    return status


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
