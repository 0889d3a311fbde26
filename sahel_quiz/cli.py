"""The `sahel-quiz` command line.

Only argparse is imported here: each command lives in `sahel_quiz.commands.<name>` and is
imported when it runs, so `--version` and `--help` never pay for pydantic, yaml or textual.
"""

from __future__ import annotations

import sys

from sahel_quiz import __version__
from sahel_quiz.errors import UserError
from sahel_quiz.i18n import _

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing; mypy knows the name
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence

__all__ = ["build_parser", "main"]

PROG = "sahel-quiz"
EXPORT_FORMATS = ("anki", "gift", "aiken", "kahoot", "quizlet", "csv")
IMPORT_FORMATS = ("anki", "gift", "aiken", "kahoot", "quizlet", "csv")
"""The same as `sahel_quiz.interchange.formats` (a test holds them equal); spelt out here so
that the parser is built without importing anything but argparse."""
_MODULES = {"import": "import_"}


def _add_common(parser: argparse.ArgumentParser) -> None:
    """Options every command takes, so they work before or after the command name."""
    import argparse

    parser.add_argument(
        "--home",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="where progress is kept (default: $SAHEL_QUIZ_HOME or the user data folder)",
    )
    parser.add_argument(
        "--profile",
        metavar="NAME",
        default=argparse.SUPPRESS,
        help="the learner whose progress is used (default: 'default')",
    )
    parser.add_argument(
        "--decks",
        metavar="DIR",
        action="append",
        default=argparse.SUPPRESS,
        help="a folder of extra decks, besides the bundled ones (repeatable)",
    )


def _whole_number(text: str, minimum: int) -> int:
    import argparse

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("not a whole number: {text!r}").format(text=text)
        ) from None
    if value < minimum:
        raise argparse.ArgumentTypeError(
            _("must be {minimum} or more, not {value}").format(minimum=minimum, value=value)
        )
    return value


def positive_int(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    return _whole_number(text, 1)


def count_int(text: str) -> int:
    """An argparse type: a whole number of 0 or more."""
    return _whole_number(text, 0)


def positive_seconds(text: str) -> float:
    """An argparse type: a finite number of seconds above 0 (not nan, not inf)."""
    import argparse
    import math

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("not a number of seconds: {text!r}").format(text=text)
        ) from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(
            _("must be a number of seconds above 0, not {text}").format(text=text)
        )
    return value


def _add_tag_options(parser: argparse.ArgumentParser) -> None:
    """--tag and --skip-tag, for the commands that pick cards (play, study, host)."""
    parser.add_argument(
        "--tag",
        action="append",
        metavar="TAG",
        help=_("only cards with this tag (repeatable, or comma-separated: any of them)"),
    )
    parser.add_argument(
        "--skip-tag",
        action="append",
        metavar="TAG",
        help=_("leave out cards with this tag (repeatable, or comma-separated)"),
    )


def _add_quiz_options(parser: argparse.ArgumentParser) -> None:
    _add_tag_options(parser)
    parser.add_argument(
        "deck", nargs="?", metavar="DECK", help="a deck id or a path to a deck file"
    )
    parser.add_argument("--plain", action="store_true", help="line mode: no full-screen app")
    parser.add_argument("--seed", type=int, default=None, help="make the order reproducible")
    parser.add_argument(
        "--limit", type=positive_int, default=None, metavar="N", help="take N cards"
    )
    parser.add_argument(
        "--time-limit",
        type=positive_seconds,
        default=None,
        metavar="SECONDS",
        help="seconds per question",
    )


def build_parser() -> argparse.ArgumentParser:
    import argparse

    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Learn the facts of a news article and keep them.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    _add_common(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = sub.add_parser("check", help="validate deck files and folders")
    _add_common(check)
    check.add_argument("paths", nargs="+", metavar="PATH", help="deck files or folders")

    schema = sub.add_parser("schema", help="print the deck JSON Schema")
    _add_common(schema)

    play = sub.add_parser("play", help="play a quiz (the default command)")
    _add_common(play)
    _add_quiz_options(play)
    play.add_argument("--no-shuffle", action="store_true", help="keep the deck's card order")

    study = sub.add_parser("study", help="spaced-repetition study of the cards due today")
    _add_common(study)
    _add_quiz_options(study)
    study.add_argument(
        "--new-per-day", type=count_int, default=None, metavar="N", help="new cards per day (20)"
    )
    study.add_argument(
        "--retention", type=float, default=None, metavar="R", help="desired retention (0.9)"
    )

    stats = sub.add_parser("stats", help="progress per deck")
    _add_common(stats)
    stats.add_argument("deck", nargs="?", metavar="DECK")
    stats.add_argument("--json", action="store_true", help="print one JSON document")
    stats.add_argument("--plain", action="store_true", help="print text instead of the app")

    host = sub.add_parser("host", help="host a live classroom quiz on the local network")
    _add_common(host)
    host.add_argument("deck", metavar="DECK")
    host.add_argument("--port", type=int, default=8765)
    host.add_argument("--bind", default="0.0.0.0", metavar="ADDRESS")
    host.add_argument("--mode", choices=["speed", "accuracy", "self-paced"], default="speed")
    host.add_argument("--time-limit", type=float, default=None, metavar="SECONDS")
    host.add_argument(
        "--no-time-limit",
        action="store_true",
        help=_("no time limits (the host can turn them on during the game)"),
    )
    host.add_argument("--limit", type=int, default=None, metavar="N")
    host.add_argument("--seed", type=int, default=None)
    host.add_argument("--record", action="store_true", help="add answers to students' profiles")
    host.add_argument("--plain", action="store_true", help="run the host without the app")
    _add_tag_options(host)

    join = sub.add_parser("join", help="join a classroom quiz from this terminal")
    _add_common(join)
    join.add_argument("url", metavar="URL")
    join.add_argument("--name", required=True, metavar="NICK")
    join.add_argument("--pin", default=None, metavar="PIN")

    doctor = sub.add_parser(
        "doctor", help="check the progress store fully and repair it if it is damaged"
    )
    _add_common(doctor)

    report = sub.add_parser("report", help="results of classroom sessions")
    _add_common(report)
    report.add_argument("session", nargs="?", metavar="SESSION")
    report.add_argument("--csv", metavar="FILE", default=None)

    export = sub.add_parser(
        "export", help="write a deck for Anki, Moodle (GIFT, Aiken), Kahoot, Quizlet or CSV"
    )
    _add_common(export)
    export.add_argument("deck", metavar="DECK", help="a deck id or a path to a deck file")
    export.add_argument(
        "--format", choices=EXPORT_FORMATS, default=None, help="default: from the file name"
    )
    export.add_argument("-o", "--output", required=True, metavar="FILE", help="the file to write")
    export.add_argument(
        "--strict", action="store_true", help="exit with status 2 when a card is left out"
    )

    import_ = sub.add_parser(
        "import", help="make a deck from an Anki, GIFT, Aiken, Kahoot, Quizlet or CSV file"
    )
    _add_common(import_)
    import_.add_argument("file", metavar="FILE", help="the quiz file to read")
    import_.add_argument(
        "--format", choices=IMPORT_FORMATS, default=None, help="default: guessed from the file"
    )
    import_.add_argument(
        "-o", "--output", required=True, metavar="DECK.yaml", help="the deck file to write"
    )
    import_.add_argument("--id", default=None, help="the deck id (default: from DECK.yaml)")
    import_.add_argument(
        "--title", default=None, help="default: the quiz's name in FILE, or FILE's name"
    )
    import_.add_argument("--language", default=None, metavar="LANG", help="default: en")
    import_.add_argument(
        "--source", default=None, metavar="ARTICLE", help="the text the cards quote"
    )
    import_.add_argument("--force", action="store_true", help="replace DECK.yaml if it exists")
    import_.add_argument(
        "--strict", action="store_true", help="exit with status 2 when a question is left out"
    )
    return parser


def _safe_streams() -> bool:
    """Make the standard streams survive hostile terminals; False when output is closed.

    Text that the output encoding cannot show (a "–" under `PYTHONIOENCODING=ascii`) is
    replaced rather than fatal, and undecodable input bytes become U+FFFD rather than errors.
    """
    if sys.stdout is None:
        if sys.stderr is not None:
            print(f"{PROG}: error: " + _("standard output is closed"), file=sys.stderr)
        return False
    for stream in (sys.stdout, sys.stderr):
        if stream is not None and hasattr(stream, "reconfigure"):
            encoding = (getattr(stream, "encoding", "") or "").lower().replace("-", "")
            if encoding not in ("utf8", "utf8sig"):
                stream.reconfigure(errors="replace")
    if sys.stdin is not None and hasattr(sys.stdin, "reconfigure"):
        sys.stdin.reconfigure(errors="replace")
    return True


def main(argv: Sequence[str] | None = None) -> int:
    if not _safe_streams():
        return 2
    if list(sys.argv[1:] if argv is None else argv) == ["--version"]:
        # Importing argparse alone costs about as much as Python's own startup.
        print(f"{PROG} {__version__}")
        return 0
    import contextlib
    import importlib
    import os

    parser = build_parser()
    args = parser.parse_args(argv)
    command = args.command or "play"
    if args.command is None:
        # `sahel-quiz` alone opens the app, like `sahel-quiz play`.
        args = parser.parse_args([*(argv if argv is not None else sys.argv[1:]), "play"])
    args.home = getattr(args, "home", None) or os.environ.get("SAHEL_QUIZ_HOME")
    args.profile = getattr(args, "profile", None) or "default"
    args.decks = getattr(args, "decks", None) or []
    try:
        module = importlib.import_module(f"sahel_quiz.commands.{_MODULES.get(command, command)}")
        status: int = module.run(args)
    except UserError as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return error.exit_status
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away: nothing more can be shown, and flushing at exit must not
        # complain about it either.
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return status
