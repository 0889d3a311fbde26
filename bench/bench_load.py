"""Loading a deck against PyYAML's floor, measured in the same run (issue 2, "Speed").

A generated 10,000-card deck (every card type, each card quoting the article) is loaded with
`load_deck` — the C composer with node positions kept, our own value building with duplicate
key and tag checks, pydantic validation and the cross-card checks (ids, every quote against
the source) — and, on the same file, with a bare `yaml.load(text, Loader=yaml.CSafeLoader)`.
Target: load_deck ≤ 1.5× yaml.load.

Both run interleaved, one call each in turn, after a `gc.collect()` each, so that machine
noise falls on both; the figures are medians. The floor runs under the same conditions as
`load_deck`: the garbage collector paused while it loads (as `load_deck` pauses it), and
nothing else alive (the deck loaded to check the file is freed before timing starts).
`yaml.load` with the collector on is printed too, for reference only.
Run: `python bench/bench_load.py`.

The memory of a load (issue 3's memory target, on the path a deck file really takes): in a
fresh interpreter each, `load_deck` of the same deck and, as the floor, `yaml.load` of its
text, each result kept alive: the resident set once loaded (beyond the interpreter with its
imports) and the peak while loading (`VmHWM`, `_common.rss_mb`). `--cards 14000` makes a deck
just under the 4 MB a deck file may have.

Then (issue 9) twelve hostile decks from `adversarial_decks.py` are checked as `sahel-quiz check`
does, each at 0.25, 0.5 and 1 MB, against `yaml.load` of the same text with the collector off:
the ratio to that floor, and the growth as the size doubles (about 2x is linear; the quadratic
search this replaced took 164 s on a 1.1 MB deck). Target: linear, under 1 s for 1 MB.
`--adversarial-runs 0` skips them.
"""

from __future__ import annotations

import argparse
import functools
import gc
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml
from _common import learner_env, rss_mb
from adversarial_decks import ADVERSARIAL

from sahel_quiz.deck.loader import check_paths, load_deck
from sahel_quiz.deck.registry import bundled_seeds_dir

__all__ = ["generate_deck", "main"]

ARTICLE_NAME = "aes-russia-consultations-article.txt"
CARD_TYPES = ["basic", "choice", "multi", "true_false", "typed", "number", "cloze", "order"]


def _quote(words: list[str], rng: random.Random) -> str:
    start = rng.randrange(len(words) - 12)
    return " ".join(words[start : start + rng.randint(4, 12)])


def _yaml_text(text: str) -> str:
    """A double-quoted YAML scalar (the quotes hold colons, quotation marks and dashes)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def generate_deck(cards: int, article: str, seed: int = 2) -> str:
    """A deck of `cards` cards cycling through every type, each with a quote from `article`."""
    rng = random.Random(seed)
    words = article.split()
    lines = [
        "# yaml-language-server: $schema=deck.schema.json",
        "id: bench-deck",
        "title: A generated deck for the loading benchmark",
        "description: Every card type, each card quoting the article.",
        "language: en",
        f"source: {ARTICLE_NAME}",
        "tags: [bench, sahel]",
        "cards:",
    ]
    for number in range(cards):
        kind = CARD_TYPES[number % len(CARD_TYPES)]
        lines += [f"  - id: card-{number:05d}", f"    type: {kind}"]
        if kind == "cloze":
            lines.append(
                f"    prompt: In card {number} the ministers meet {{{{Sergei Lavrov|Lavrov}}}}."
            )
        else:
            lines.append(f"    prompt: Question {number} about the AES–Russia consultations?")
        if kind == "basic":
            lines.append("    answer: Moscow, on April 3 and 4")
        elif kind == "choice":
            lines += ["    options: [Mali, Niger, Chad, Senegal]", "    answer: Niger"]
        elif kind == "multi":
            lines += [
                "    options: [Mali, Burkina Faso, Niger, Chad, Senegal]",
                "    answer: [Mali, Burkina Faso, Niger]",
            ]
        elif kind == "true_false":
            lines.append(f"    answer: {'true' if number % 16 < 8 else 'false'}")
        elif kind == "typed":
            lines += ["    answer: Sergei Lavrov", "    accept: [Lavrov, S. Lavrov]"]
        elif kind == "number":
            lines += ["    answer: 13", "    tolerance: 0", "    unit: years"]
        elif kind == "order":
            lines += ["    answer:", "      - Coups", "      - Leaving ECOWAS", "      - Moscow"]
        lines.append(f"    quote: {_yaml_text(_quote(words, rng))}")
        lines.append(f"    explain: An explanation for card {number}.")
        lines.append(f"    tags: [{kind}, bench]")
    return "\n".join(lines) + "\n"


def _memory_of(how: str, path: str) -> None:
    """In a fresh interpreter: load the deck (`ours`) or its YAML (`floor`), keep the result,
    and print the resident set before, once loaded, and the peak, in MB."""
    base, _ = rss_mb()
    if how == "ours":
        kept: object = load_deck(Path(path))
    else:
        kept = _yaml_load_without_gc(Path(path))
    gc.collect()
    resident, peak = rss_mb()
    print(base, resident, peak, kept is not None)


def _memory_in_a_fresh_interpreter(how: str, path: Path) -> tuple[float, float, float]:
    command = [sys.executable, __file__, "--memory-only", how, str(path)]
    subprocess.run(command, check=True, capture_output=True, env=learner_env())  # byte code
    words = subprocess.run(
        command, check=True, capture_output=True, text=True, env=learner_env()
    ).stdout.split()
    base, resident, peak = (float(word) for word in words[:3])
    return base, resident, peak


def _time(action: Callable[[], object]) -> float:
    gc.collect()
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _yaml_load_without_gc(path: Path) -> object:
    gc.disable()
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    finally:
        gc.enable()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--adversarial-runs", type=int, default=3, help="0 to skip them")
    parser.add_argument("--memory-only", nargs=2, metavar=("HOW", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.memory_only is not None:
        _memory_of(*args.memory_only)
        return 0
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        article = bundled_seeds_dir() / ARTICLE_NAME
        shutil.copy(article, folder / ARTICLE_NAME)
        path = folder / "bench-deck.yaml"
        path.write_text(generate_deck(args.cards, article.read_text(encoding="utf-8")))
        loaded = load_deck(path)  # also proves the deck is valid: load_deck raises otherwise
        assert len(loaded.deck.cards) == args.cards
        del loaded  # nothing else alive while timing: a live deck slows every collection
        gc.collect()
        ours: list[float] = []
        floor: list[float] = []
        floor_no_gc: list[float] = []
        for _ in range(args.runs):
            ours.append(_time(lambda: load_deck(path)))
            floor.append(
                _time(lambda: yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader))
            )
            floor_no_gc.append(_time(lambda: _yaml_load_without_gc(path)))
        size = path.stat().st_size / 2**20
        memory = {how: _memory_in_a_fresh_interpreter(how, path) for how in ("ours", "floor")}
    mine, bare, bare_no_gc = map(statistics.median, (ours, floor, floor_no_gc))
    print(f"deck: {args.cards:,} cards, {size:.1f} MB; medians of {args.runs} interleaved runs")
    print(f"load_deck (marks, validation, checks): {mine * 1000:8.1f} ms")
    print(f"yaml.load, garbage collector paused:   {bare_no_gc * 1000:8.1f} ms  (the floor)")
    print(f"yaml.load, collector on (reference):   {bare * 1000:8.1f} ms")
    print(f"ratio load_deck / floor:               {mine / bare_no_gc:8.2f}x  (target <= 1.5x)")
    for how, name in (("ours", "load_deck"), ("floor", "yaml.load")):
        base, resident, peak = memory[how]
        print(
            f"memory, {name + ',':10} fresh interpreter: {resident:6.1f} MB resident once loaded "
            f"({resident - base:+.1f} MB over the imports), peak {peak:6.1f} MB"
        )
    if args.adversarial_runs > 0:
        adversarial_report(args.adversarial_runs)
    return 0


# -- hostile decks (issue 9): linear time, a ratio to the floor -------------------------------

ADVERSARIAL_SIZES = (250_000, 500_000, 1_000_000)


def _check_like_the_command(path: Path) -> int:
    """What `sahel-quiz check FILE` does: load, validate, check, and format every problem."""
    _, problems = check_paths([path])
    return sum(len(str(problem)) for problem in problems)


def _yaml_floor(path: Path) -> None:
    """`yaml.load` of the same text with the collector off (as the loader keeps it), up to its
    first syntax error if it has one."""
    gc.disable()
    try:
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        pass
    finally:
        gc.enable()


def adversarial_report(runs: int) -> None:
    """Check each hostile deck at 0.25, 0.5 and 1 MB: the time, its ratio to `yaml.load`, and
    how it grows as the size doubles (about 2x is linear, 4x would be quadratic)."""
    print(f"\nhostile decks, checked as `sahel-quiz check` does; medians of {runs} runs")
    print(f"{'deck':34} {'MB':>5} {'check':>9} {'floor':>9} {'ratio':>7} {'x2 size':>8}")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        shutil.copy(bundled_seeds_dir() / ARTICLE_NAME, folder / "article.txt")
        for label, generate in ADVERSARIAL.items():
            previous: float | None = None
            for size in ADVERSARIAL_SIZES:
                path = folder / "hostile.yaml"
                path.write_text(generate(size), encoding="utf-8")
                ours: list[float] = []
                floor: list[float] = []
                for _ in range(runs):
                    ours.append(_time(functools.partial(_check_like_the_command, path)))
                    floor.append(_time(functools.partial(_yaml_floor, path)))
                mine, bare = statistics.median(ours), statistics.median(floor)
                growth = f"{mine / previous:7.2f}x" if previous else ""
                megabytes = path.stat().st_size / 1e6
                print(
                    f"{label:34} {megabytes:5.2f} {mine * 1000:7.0f}ms {bare * 1000:7.0f}ms "
                    f"{mine / bare:6.2f}x {growth:>8}"
                )
                previous = mine


if __name__ == "__main__":
    raise SystemExit(main())
