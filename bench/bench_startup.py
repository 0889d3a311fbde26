"""`sahel-quiz --version` and `--help` against bare Python startup, measured in the same run
(issue 2, "Speed"; issue 12: `--help` in French too, which reads the compiled catalogues).

Each command runs as a fresh process, timed from spawn to exit with `time.perf_counter`
around `subprocess.run`, exactly the same way for every command: `python -c pass` (the
floor), `python -m sahel_quiz --version`, the installed `sahel-quiz` console script
when it sits next to the interpreter (`--version`, `--help`, `--lang fr --help`). Every
command runs with the same environment, English by default (`SAHEL_QUIZ_LANG=en`), with byte
code cached as on a learner's machine (`_common.learner_env`: `PYTHONDONTWRITEBYTECODE` unset,
the warm-up rounds write it). Runs are interleaved, one of each in turn, after a few warm-up
rounds; the figures are medians.
Target: ≤ 2× the floor. Run: `python bench/bench_startup.py`.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _common import learner_env

__all__ = ["main"]


ENV = learner_env(SAHEL_QUIZ_LANG="en")


def _time(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=ENV)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--warmup", type=int, default=3)
    args = parser.parse_args(argv)
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "python -m sahel_quiz --version": [sys.executable, "-m", "sahel_quiz", "--version"],
    }
    script = Path(sys.executable).parent / "sahel-quiz"
    if script.is_file():
        commands["sahel-quiz --version (console script)"] = [str(script), "--version"]
        commands["sahel-quiz --help"] = [str(script), "--help"]
        commands["sahel-quiz --lang fr --help"] = [str(script), "--lang", "fr", "--help"]
        commands["sahel-quiz --lang fr play --help"] = [
            str(script),
            "--lang",
            "fr",
            "play",
            "--help",
        ]
    times: dict[str, list[float]] = {name: [] for name in commands}
    for round_number in range(args.warmup + args.runs):
        for name, command in commands.items():
            elapsed = _time(command)
            if round_number >= args.warmup:
                times[name].append(elapsed)
    medians = {name: statistics.median(values) for name, values in times.items()}
    floor = medians["python -c pass"]
    print(f"medians of {args.runs} interleaved runs ({sys.executable})")
    for name, median in medians.items():
        print(f"{name:40s} {median * 1000:7.1f} ms  {median / floor:5.2f}x")
    print("target: sahel-quiz --version and --help <= 2.00x python -c pass")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
