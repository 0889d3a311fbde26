"""The `sahel-quiz` command line.

Only argparse is imported here: each command lives in `sahel_quiz.commands.<name>` and is
imported when it runs, so `--version` and `--help` never pay for pydantic, yaml or textual.

The language is chosen before the parser is built (`--lang` is looked for in the arguments
first), because the parser's help texts, and argparse's own words, are translated as it is
built and as it prints.
"""

from __future__ import annotations

import sys

from sahel_quiz import __version__, i18n
from sahel_quiz.errors import UserError
from sahel_quiz.i18n import _

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing; mypy knows the name
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence
    from typing import NoReturn

__all__ = ["build_parser", "main"]

PROG = "sahel-quiz"
EXPORT_FORMATS = ("anki", "gift", "aiken", "kahoot", "quizlet", "csv")
IMPORT_FORMATS = ("anki", "gift", "aiken", "kahoot", "quizlet", "csv")
"""The same as `sahel_quiz.interchange.formats` (a test holds them equal); spelt out here so
that the parser is built without importing anything but argparse."""
_MODULES = {"import": "import_"}


def _language_option(argv: Sequence[str]) -> str | None:
    """The value of `--lang X` or `--lang=X`, read before parsing (None when absent)."""
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith("--lang="):
            return arg.partition("=")[2]
    return None


def _language(value: str) -> str:
    """`--lang`'s type: a shipped language, by tag or locale name (`fr`, `fr-FR`, `fr_FR`)."""
    import argparse

    found = i18n.supported_language(value)
    if found is None:
        raise argparse.ArgumentTypeError(
            _("{value} is not a language of sahel-quiz: choose one of {languages}").format(
                value=i18n.literal(value), languages=", ".join(i18n.LANGUAGES)
            )
        )
    return found


def _add_common(parser: argparse.ArgumentParser) -> None:
    """Options every command takes, so they work before or after the command name."""
    import argparse

    parser.add_argument(
        "--home",
        metavar=_("DIR"),
        default=argparse.SUPPRESS,
        help=_("where progress is kept (default: $SAHEL_QUIZ_HOME or the user data folder)"),
    )
    parser.add_argument(
        "--profile",
        metavar=_("NAME"),
        default=argparse.SUPPRESS,
        help=_("the learner whose progress is used (default: {name})").format(
            name=i18n.quoted("default")
        ),
    )
    parser.add_argument(
        "--decks",
        metavar=_("DIR"),
        action="append",
        default=argparse.SUPPRESS,
        help=_("a folder of extra decks, besides the bundled ones (repeatable)"),
    )
    parser.add_argument(
        "--lang",
        metavar=_("LANG"),
        type=_language,
        default=argparse.SUPPRESS,
        help=_(
            "the language of the interface: en or fr (default: $SAHEL_QUIZ_LANG, "
            "else the locale, else en)"
        ),
    )


def _whole_number(text: str, minimum: int | None) -> int:
    import argparse

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("not a whole number: {text}").format(text=i18n.literal(text))
        ) from None
    if minimum is not None and value < minimum:
        raise argparse.ArgumentTypeError(
            _("must be {minimum} or more, not {value}").format(minimum=minimum, value=value)
        )
    return value


def positive_int(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    return _whole_number(text, 1)


def any_int(text: str) -> int:
    """An argparse type: a whole number (refused in the learner's language, not argparse's
    "invalid int value")."""
    return _whole_number(text, None)


def decimal_number(text: str) -> float:
    """An argparse type: a finite number, with a decimal point or comma (`0,9` as the French
    help writes it)."""
    import argparse
    import math

    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(_("not a number: {text}").format(text=i18n.literal(text)))
    return value


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
            _("not a number of seconds: {text}").format(text=i18n.literal(text))
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
        metavar=_("TAG"),
        help=_("only cards with this tag (repeatable, or comma-separated: any of them)"),
    )
    parser.add_argument(
        "--skip-tag",
        action="append",
        metavar=_("TAG"),
        help=_("leave out cards with this tag (repeatable, or comma-separated)"),
    )


def _add_quiz_options(parser: argparse.ArgumentParser) -> None:
    _add_tag_options(parser)
    parser.add_argument(
        "deck", nargs="?", metavar=_("DECK"), help=_("a deck id or a path to a deck file")
    )
    parser.add_argument("--plain", action="store_true", help=_("line mode: no full-screen app"))
    parser.add_argument(
        "--seed", type=any_int, default=None, metavar="N", help=_("make the order reproducible")
    )
    parser.add_argument(
        "--limit", type=positive_int, default=None, metavar="N", help=_("take N cards")
    )
    parser.add_argument(
        "--time-limit",
        type=positive_seconds,
        default=None,
        metavar=_("SECONDS"),
        help=_("seconds per question"),
    )


def build_parser() -> argparse.ArgumentParser:
    import argparse

    class Formatter(argparse.HelpFormatter):
        """argparse's help, with the no-break space French puts before a heading's colon."""

        def start_section(self, heading: str | None) -> None:
            super().start_section(None if heading is None else heading + i18n.space_before(":"))

    class Parser(argparse.ArgumentParser):
        """argparse's parser, whose error shows no character of the command line raw: the
        French catalogue quotes a wrong value as « x » rather than with `repr`, so a control
        sequence typed in it is escaped here, as `i18n.literal` escapes one."""

        def error(self, message: str) -> NoReturn:
            super().error(i18n.printable(message))

    parser = Parser(
        prog=PROG,
        description=_("Learn the facts of a news article and keep them."),
        formatter_class=Formatter,
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"{PROG} {__version__}",
        help=_("show the version and exit"),
    )
    _add_common(parser)
    sub = parser.add_subparsers(dest="command", metavar=_("COMMAND"), title=_("commands"))

    def command(name: str, summary: str, description: str) -> argparse.ArgumentParser:
        """A command's parser, taking the options every command takes."""
        command = sub.add_parser(
            name, help=summary, description=description, formatter_class=Formatter
        )
        _add_common(command)
        return command

    check = command(
        "check",
        _("validate deck files and folders"),
        _("Validate deck files and folders: one line per problem, then a summary."),
    )
    check.add_argument("paths", nargs="+", metavar=_("PATH"), help=_("deck files or folders"))

    command(
        "schema",
        _("print the deck JSON Schema"),
        _("Print the JSON Schema of deck files."),
    )

    play = command(
        "play",
        _("play a quiz (the default command)"),
        _("Play a quiz on a deck, in the app or in line mode."),
    )
    _add_quiz_options(play)
    play.add_argument("--no-shuffle", action="store_true", help=_("keep the deck's card order"))

    study = command(
        "study",
        _("spaced-repetition study of the cards due today"),
        _("Spaced-repetition study of the cards due today, then new cards."),
    )
    _add_quiz_options(study)
    study.add_argument(
        "--new-per-day",
        type=count_int,
        default=None,
        metavar="N",
        help=_("new cards per day (default: {count})").format(count=20),
    )
    study.add_argument(
        "--retention",
        type=decimal_number,
        default=None,
        metavar="R",
        help=_("desired retention (default: {retention})").format(
            retention=i18n.format_number(0.9)
        ),
    )

    stats = command(
        "stats",
        _("progress per deck"),
        _("Progress per deck: cards due, reviews done, retention."),
    )
    stats.add_argument("deck", nargs="?", metavar=_("DECK"), help=_("only this deck"))
    stats.add_argument("--json", action="store_true", help=_("print one JSON document"))
    stats.add_argument("--plain", action="store_true", help=_("print text instead of the app"))

    host = command(
        "host",
        _("host a live classroom quiz on the local network"),
        _(
            "Host a live classroom quiz: students join from their phones' browsers over the "
            "local network."
        ),
    )
    host.add_argument("deck", metavar=_("DECK"), help=_("a deck id or a path to a deck file"))
    host.add_argument(
        "--port",
        type=any_int,
        default=8765,
        metavar=_("PORT"),
        help=_("the port students connect to (default: {port})").format(port=8765),
    )
    host.add_argument(
        "--bind",
        default="0.0.0.0",
        metavar=_("ADDRESS"),
        help=_("the address to listen on (default: {address}, every network)").format(
            address="0.0.0.0"
        ),
    )
    host.add_argument(
        "--mode",
        choices=["speed", "accuracy", "self-paced"],
        default="speed",
        help=_(
            "speed: points for being fast; accuracy: points for being right; self-paced: "
            "each student at their own pace (default: speed)"
        ),
    )
    host.add_argument(
        "--time-limit",
        type=decimal_number,
        default=None,
        metavar=_("SECONDS"),
        help=_("seconds per question (self-paced: for the whole game)"),
    )
    host.add_argument(
        "--no-time-limit",
        action="store_true",
        help=_("no time limits (the host can turn them on during the game)"),
    )
    host.add_argument("--limit", type=any_int, default=None, metavar="N", help=_("take N cards"))
    host.add_argument(
        "--seed", type=any_int, default=None, metavar="N", help=_("make the order reproducible")
    )
    host.add_argument("--record", action="store_true", help=_("add answers to students' profiles"))
    host.add_argument("--plain", action="store_true", help=_("run the host without the app"))
    _add_tag_options(host)

    join = command(
        "join",
        _("join a classroom quiz from this terminal"),
        _("Join a classroom quiz from this terminal."),
    )
    join.add_argument("url", metavar="URL", help=_("the address on the teacher's screen"))
    join.add_argument(
        "--name", required=True, metavar=_("NICK"), help=_("your nickname in the game")
    )
    join.add_argument(
        "--pin", default=None, metavar="PIN", help=_("the game's PIN, if the address has none")
    )

    command(
        "doctor",
        _("check the progress store fully and repair it if it is damaged"),
        _(
            "Check the progress store fully and repair it if it is damaged: what can be read "
            "is kept."
        ),
    )

    report = command(
        "report",
        _("results of classroom sessions"),
        _("Results of classroom sessions: the list, or one session's tables."),
    )
    report.add_argument(
        "session",
        nargs="?",
        metavar=_("SESSION"),
        help=_("a session number from the list, or {last}").format(last="last"),
    )
    report.add_argument(
        "--csv",
        metavar=_("FILE"),
        default=None,
        help=_("write both tables to a CSV file (- for standard output)"),
    )

    export = command(
        "export",
        _("write a deck for Anki, Moodle (GIFT, Aiken), Kahoot, Quizlet or CSV"),
        _("Write a deck for Anki, Moodle (GIFT, Aiken), Kahoot, Quizlet or CSV."),
    )
    export.add_argument("deck", metavar=_("DECK"), help=_("a deck id or a path to a deck file"))
    export.add_argument(
        "--format",
        choices=EXPORT_FORMATS,
        default=None,
        help=_("default: from the file name"),
    )
    export.add_argument(
        "-o", "--output", required=True, metavar=_("FILE"), help=_("the file to write")
    )
    export.add_argument(
        "--strict", action="store_true", help=_("exit with status 2 when a card is left out")
    )

    import_ = command(
        "import",
        _("make a deck from an Anki, GIFT, Aiken, Kahoot, Quizlet or CSV file"),
        _("Make a deck from an Anki, GIFT, Aiken, Kahoot, Quizlet or CSV file."),
    )
    import_.add_argument("file", metavar=_("FILE"), help=_("the quiz file to read"))
    import_.add_argument(
        "--format",
        choices=IMPORT_FORMATS,
        default=None,
        help=_("default: guessed from the file"),
    )
    deck_file = _("DECK.yaml")
    import_.add_argument(
        "-o", "--output", required=True, metavar=deck_file, help=_("the deck file to write")
    )
    import_.add_argument(
        "--id",
        default=None,
        metavar="ID",
        help=_("the deck id (default: from {file})").format(file=deck_file),
    )
    import_.add_argument(
        "--title",
        default=None,
        metavar=_("TITLE"),
        help=_("default: the quiz's name in {file}, or {file}'s name").format(file=_("FILE")),
    )
    import_.add_argument(
        "--language",
        default=None,
        metavar=_("LANG"),
        help=_("the language of the deck's cards (default: en)"),
    )
    import_.add_argument(
        "--source",
        default=None,
        metavar=_("ARTICLE"),
        help=_("the text the cards quote"),
    )
    import_.add_argument(
        "--force", action="store_true", help=_("replace {file} if it exists").format(file=deck_file)
    )
    import_.add_argument(
        "--strict", action="store_true", help=_("exit with status 2 when a question is left out")
    )
    return parser


def _safe_streams() -> bool:
    """Make the standard streams survive hostile terminals; False when output is closed.

    Text that the output encoding cannot show (a "–" under `PYTHONIOENCODING=ascii`) is
    replaced rather than fatal, and undecodable input bytes become U+FFFD rather than errors.
    """
    if sys.stdout is None:
        if sys.stderr is not None:
            message = _("standard output is closed")
            print(_("{prog}: error: {message}").format(prog=PROG, message=message), file=sys.stderr)
        return False
    for stream in (sys.stdout, sys.stderr):
        if stream is not None and hasattr(stream, "reconfigure"):
            encoding = (getattr(stream, "encoding", "") or "").lower().replace("-", "")
            if encoding not in ("utf8", "utf8sig"):
                stream.reconfigure(errors="replace")
    if sys.stdin is not None and hasattr(sys.stdin, "reconfigure"):
        sys.stdin.reconfigure(errors="replace")
    return True


def _translate_argparse() -> None:
    """argparse's own words ("usage:", "error:") in the language spoken (see `i18n`)."""
    import argparse

    argparse._ = i18n.argparse_gettext  # type: ignore[attr-defined]
    argparse.ngettext = i18n.argparse_ngettext  # type: ignore[attr-defined]


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    i18n.set_language(i18n.language_from(_language_option(arguments)))
    if not _safe_streams():
        return 2
    if arguments == ["--version"]:
        # Importing argparse alone costs about as much as Python's own startup.
        print(f"{PROG} {__version__}")
        return 0
    import contextlib
    import importlib
    import os

    _translate_argparse()
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "lang", None):  # also spelt `--lan fr`, which the first look missed
        i18n.set_language(args.lang)
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
        print(_("{prog}: error: {message}").format(prog=PROG, message=error), file=sys.stderr)
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
