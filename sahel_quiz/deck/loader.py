"""The one deck loader every command uses: YAML file → validated `LoadedDeck`, or every problem.

A problem reads `FILE:LINE:COL: field.path: message` and points at the key or value to fix.
Pydantic's errors come with a value path (`loc`); the node tree from `yaml_nodes` turns
that path into a line, and the messages are rewritten for a teacher rather than a
programmer (a misspelt key gets the nearest valid one, an unquoted `no` gets "put it in
quotes"). Nothing in a deck file can make this module raise anything but `DeckError`.
"""

from __future__ import annotations

import difflib
import functools
import typing
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from sahel_quiz.deck.checks import run_checks
from sahel_quiz.deck.folders import DECK_SUFFIXES
from sahel_quiz.deck.messages import escaped, one_line, shown
from sahel_quiz.deck.model import Card, Deck, LoadedDeck
from sahel_quiz.deck.yaml_nodes import (
    MAX_FILE_BYTES,
    Issue,
    NodeTree,
    ParseFailure,
    decode_utf8,
    describe_node,
    format_path,
    issue_at,
    parse_yaml,
    paused_gc,
    quote_hint,
)
from sahel_quiz.errors import UserError
from sahel_quiz.i18n import N_, _, label, ngettext

__all__ = ["DECK_SUFFIXES", "DeckError", "Problem", "check_paths", "deck_files", "load_deck"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a deck file; `line` is 0 when it concerns the whole file."""

    path: Path
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        path = escaped(self.path, limit=1000)
        if self.line <= 0:
            return f"{path}: {one_line(self.message)}"
        return f"{path}:{self.line}:{self.column}: {one_line(self.message)}"


class DeckError(UserError):
    """A deck file has problems; `problems` lists all of them, in file order."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        more = len(self.problems) - 1
        first = str(self.problems[0]) if self.problems else _("invalid deck")
        if more > 0:
            first += " " + ngettext("(and {count} more)", "(and {count} more)", more).format(
                count=more
            )
        super().__init__(first)


def _card_models() -> dict[str, type[BaseModel]]:
    """Card type name → model, read from the `Card` union so the two never disagree."""
    union = typing.get_args(Card)[0]
    models: dict[str, type[BaseModel]] = {}
    for model in typing.get_args(union):
        (name,) = typing.get_args(model.model_fields["type"].annotation)
        models[name] = model
    return models


CARD_MODELS: Final = _card_models()
_ALL_CARD_KEYS: Final = {key for model in CARD_MODELS.values() for key in model.model_fields}


def load_deck(path: Path) -> LoadedDeck:
    """Read, parse, validate and check one deck file; DeckError lists all its problems."""
    with paused_gc():
        issues, loaded = _load(path)
    if loaded is None or issues:
        raise DeckError(_problems(path, issues))
    return loaded


def _load(path: Path) -> tuple[list[Issue], LoadedDeck | None]:
    try:
        text = decode_utf8(_read(path))
        parsed = parse_yaml(text)
    except ParseFailure as failure:
        return failure.issues, None
    data, tree, issues = parsed.data, parsed.tree, list(parsed.issues)
    if data is None and not issues:
        return [Issue(1, 1, _("the file is empty (it holds no YAML values)"))], None
    if not isinstance(data, dict):
        found = _describe_value(data)
        message = _(
            "the top level of a deck must be a mapping (id:, title:, cards:), not {found}"
        ).format(found=found)
        return [*issues, Issue(*tree.root_position, message)], None
    deck: Deck | None = None
    try:
        deck = Deck.model_validate(data)
    except ValidationError as error:
        taken = {(issue.line, issue.column) for issue in issues}
        details = error.errors(include_url=False)
        suggest = len(details) <= _SUGGESTING_UP_TO
        details, unlisted = _few_unknown_keys_per_mapping(details)
        for detail in details:
            issue = _translate(detail, tree, data, suggest)
            if (issue.line, issue.column) not in taken:
                issues.append(issue)
        for first, count in unlisted:
            loc = _split_tag(first["loc"])[0]
            located = tree.locate(loc)
            message = ngettext(
                "and {count} more unknown key from here on, not listed",
                "and {count} more unknown keys from here on, not listed",
                count,
            ).format(count=count)
            issues.append(issue_at(located.key_node or located.node, _prefix(loc[:-1]) + message))
    outcome = run_checks(data, tree, path)
    issues.extend(outcome.issues)
    if deck is None:
        return issues, None
    return issues, LoadedDeck(deck, path, outcome.source_path, outcome.source_text)


def _describe_value(value: object) -> str:
    """Like `describe_node`, from the value alone (the node tree may have been let go)."""
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, str):
        return _("text")
    if isinstance(value, bool):
        return _("a boolean")
    if isinstance(value, int | float):
        return _("a number")
    return _("an empty value") if value is None else _("a date")


def _read(path: Path) -> bytes:
    try:
        with path.open("rb") as file:
            data = file.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise ParseFailure([Issue(0, 0, _("no such file"))]) from None
    except IsADirectoryError:
        raise ParseFailure([Issue(0, 0, _("this is a folder, not a deck file"))]) from None
    except OSError as error:
        message = _("cannot read: {reason}").format(reason=error.strerror or error)
        raise ParseFailure([Issue(0, 0, message)]) from None
    if len(data) > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // 2**20
        message = _("the file is larger than {size} MB; a deck this large is refused").format(
            size=limit
        )
        raise ParseFailure([Issue(0, 0, message)])
    if not data.strip():
        raise ParseFailure([Issue(1, 1, _("the file is empty"))])
    return data


def _problems(path: Path, issues: Iterable[Issue]) -> list[Problem]:
    unique = dict.fromkeys(issues)  # the same issue twice (e.g. via an alias) is shown once
    ordered = sorted(unique, key=lambda issue: (issue.line, issue.column))
    return [Problem(path, issue.line, issue.column, one_line(issue.message)) for issue in ordered]


# -- pydantic errors → issues -------------------------------------------------------------


def _split_tag(loc: tuple[int | str, ...]) -> tuple[tuple[int | str, ...], str | None]:
    """Drop the card type that pydantic inserts after `cards[i]` for the tagged union."""
    if len(loc) >= 3 and loc[0] == "cards" and isinstance(loc[1], int) and loc[2] in CARD_MODELS:
        return (*loc[:2], *loc[3:]), str(loc[2])
    return loc, None


_UNKNOWN_KEYS_LISTED: Final = 20
"""Unknown keys listed one by one in a mapping; the rest are counted in one more problem."""


def _few_unknown_keys_per_mapping(
    details: list[ErrorDetails],
) -> tuple[list[ErrorDetails], list[tuple[ErrorDetails, int]]]:
    """The details with at most `_UNKNOWN_KEYS_LISTED` unknown keys per mapping, and for each
    mapping with more, its first unlisted key and how many there are: a mapping of 60,000
    unknown keys is a file pasted in the wrong place, not 60,000 mistakes to read."""
    kept: list[ErrorDetails] = []
    seen: dict[tuple[int | str, ...], int] = {}
    unlisted: dict[tuple[int | str, ...], tuple[ErrorDetails, int]] = {}
    for detail in details:
        if detail["type"] != "extra_forbidden":
            kept.append(detail)
            continue
        mapping = tuple(detail["loc"][:-1])
        seen[mapping] = seen.get(mapping, 0) + 1
        if seen[mapping] <= _UNKNOWN_KEYS_LISTED:
            kept.append(detail)
        else:
            first, count = unlisted.get(mapping, (detail, 0))
            unlisted[mapping] = (first, count + 1)
    return kept, list(unlisted.values())


_SUGGESTING_UP_TO: Final = 500
"""A file with more schema problems than this gets no "did you mean" suggestions: finding the
nearest key costs about 15 µs, and such a file was not written as a deck."""


def _translate(
    error: ErrorDetails, tree: NodeTree, data: dict[str, Any], suggest: bool = True
) -> Issue:
    loc, card_type = _split_tag(error["loc"])
    kind = error["type"]
    located = tree.locate(loc)
    node = located.node
    if kind == "extra_forbidden" and not located.rest and located.key_node is not None:
        prefix = _prefix(loc[:-1])
        return issue_at(
            located.key_node, prefix + _unknown_key(str(loc[-1]), loc, card_type, suggest)
        )
    if kind == "missing":
        if card_type is not None:
            message = _("missing required key {key} (every {card_type} card needs one)")
        else:
            message = _("missing required key {key}")
        message = message.format(key=shown(str(loc[-1])), card_type=card_type)
        return issue_at(node, _prefix(loc[:-1]) + message)
    if kind == "union_tag_invalid" and isinstance(node, MappingNode):
        pair = tree.find_key(node, "type")
        target = pair[1] if pair is not None else node
        ctx = error.get("ctx") or {}
        tag = target.value if isinstance(target, ScalarNode) else str(ctx.get("tag"))
        return issue_at(target, _prefix((*loc, "type")) + _unknown_type(tag, suggest))
    if kind == "union_tag_not_found":
        message = _("missing required key {key} (one of {types})").format(
            key=shown("type"), types=", ".join(CARD_MODELS)
        )
        return issue_at(node, _prefix(loc) + message)
    if kind == "value_error" and isinstance(node, SequenceNode):
        node = _offending_item(node, error["input"], loc, data)
    return issue_at(node, _prefix(loc) + _message(error, node, loc))


def _prefix(loc: Sequence[object]) -> str:
    path = format_path(loc)
    return f"{label(path)} " if path else ""


def _unknown_key(key: str, loc: Sequence[object], card_type: str | None, suggest: bool) -> str:
    if card_type is not None:
        valid = list(CARD_MODELS[card_type].model_fields)
        if key in _ALL_CARD_KEYS:
            owners = [name for name, model in CARD_MODELS.items() if key in model.model_fields]
            return _("{key} is not a key of {card_type} cards (only of {owners} cards)").format(
                key=shown(key), card_type=card_type, owners=", ".join(owners)
            )
    elif len(loc) == 1:
        valid = list(Deck.model_fields)
    else:
        return _("unknown key {key}").format(key=shown(key))
    close = _close_match(key, tuple(valid), 0.6) if suggest else None
    if close:
        message = _("unknown key {key} (did you mean {close}?)")
        return message.format(key=shown(key), close=shown(close))
    message = _("unknown key {key} (the keys are {valid})")
    return message.format(key=shown(key), valid=", ".join(valid))


@functools.lru_cache(maxsize=1024)
def _close_match(word: str, valid: tuple[str, ...], cutoff: float) -> str | None:
    """The valid word nearest to `word` (a misspelt key is often misspelt on every card).

    Long words are compared with none: a key of 30 characters is no misspelling of ours.
    """
    if len(word) > 30:
        return None
    close = difflib.get_close_matches(word, valid, n=1, cutoff=cutoff)
    return close[0] if close else None


def _unknown_type(tag: str, suggest: bool) -> str:
    types = ", ".join(CARD_MODELS)
    close = _close_match(tag, tuple(CARD_MODELS), 0.5) if suggest else None
    guess = " " + _("(did you mean {close}?)").format(close=shown(close)) if close else ""
    return _("unknown card type {tag}{guess}; the types are {types}").format(
        tag=shown(tag), guess=guess, types=types
    )


def _offending_item(
    node: SequenceNode, items: object, loc: Sequence[object], data: dict[str, Any]
) -> Any:
    """For "must be distinct" and "not one of the options": the list item at fault.

    One pass with sets, so that a list of 100,000 items is searched in linear time.
    """
    if not isinstance(items, list) or len(items) != len(node.value):
        return node
    seen: set[object] = set()
    for index, item in enumerate(items):
        key = _hashable(item)
        if key in seen:
            return node.value[index]
        seen.add(key)
    if loc[-1] == "answer" and len(loc) == 3:
        card = data["cards"][loc[1]]
        options = card.get("options") if isinstance(card, dict) else None
        if isinstance(options, list):
            allowed = {_hashable(option) for option in options}
            for index, item in enumerate(items):
                if _hashable(item) not in allowed:
                    return node.value[index]
    return node


def _hashable(value: object) -> object:
    """The value itself when it can go in a set, else its type and identity (never equal)."""
    try:
        hash(value)
    except TypeError:
        return (type(value), id(value))
    return (type(value), value)


_TEXT_ERRORS: Final = {"string_type"}
_PLAIN: Final = {
    "bool_type": N_("must be true or false, written without quotes"),
    "float_type": N_("must be a number, written without quotes"),
    "int_type": N_("must be a whole number, written without quotes"),
    "list_type": N_("must be a list: [a, b] or one “- item” per line"),
    "dict_type": N_("must be a mapping of keys to values"),
    "model_type": N_("must be a mapping of keys to values"),
    "model_attributes_type": N_("a card must be a mapping with id, type, prompt and its answer"),
    "string_too_short": N_("must not be empty"),
}


def _message(error: ErrorDetails, node: Any, loc: Sequence[object]) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind in _TEXT_ERRORS:
        hint = quote_hint(node)
        if hint is not None:
            return hint
        return _("must be text, not {found}").format(found=describe_node(node))
    if kind in _PLAIN:
        if not kind.endswith("_type"):
            return _(_PLAIN[kind])
        return _("{problem} (found {found})").format(
            problem=_(_PLAIN[kind]), found=describe_node(node)
        )
    if kind == "string_pattern_mismatch":
        value = shown(error["input"])
        if loc and loc[-1] == "language":
            return _("{value} is not a language tag like {en}, {fr} or {pt}").format(
                value=value, en=shown("en"), fr=shown("fr"), pt=shown("pt-BR")
            )
        return _(
            "{value} is not a valid id: use lowercase letters, digits and single hyphens"
        ).format(value=value)
    if kind == "finite_number":
        found = escaped(node.value) if isinstance(node, ScalarNode) else describe_node(node)
        return _("must be a finite number, not {found}").format(found=found)
    if loc and loc[-1] == "points" and kind in ("greater_than", "less_than_equal"):
        return _("must be above 0 and at most 100 (found {found})").format(
            found=escaped(error["input"])
        )
    if kind == "string_too_long":
        most = int(ctx.get("max_length") or 0)
        return ngettext(
            "is too long (at most {count} character)",
            "is too long (at most {count} characters)",
            most,
        ).format(count=most)
    if kind == "too_short":
        least = int(ctx.get("min_length") or 0)
        what = str(loc[-1]) if loc else ""
        if what == "cards":
            needs = ngettext("needs at least {count} card", "needs at least {count} cards", least)
        elif what == "options":
            needs = ngettext(
                "needs at least {count} option", "needs at least {count} options", least
            )
        else:
            needs = ngettext("needs at least {count} item", "needs at least {count} items", least)
        return needs.format(count=least)
    if kind == "too_long":
        actual, most = int(ctx.get("actual_length") or 0), int(ctx.get("max_length") or 0)
        return ngettext(
            "has {actual} items; at most {count} is allowed",
            "has {actual} items; at most {count} are allowed",
            most,
        ).format(actual=actual, count=most)
    if kind == "value_error":
        return error["msg"].removeprefix("Value error, ")
    return error["msg"].replace("Input should be", "must be")


# -- many files ---------------------------------------------------------------------------


def deck_files(paths: Sequence[Path]) -> tuple[list[Path], list[Problem]]:
    """The deck files named by `paths`, folders expanded to their *.yaml and *.yml files."""
    files: list[Path] = []
    problems: list[Problem] = []
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            try:
                entries = list(path.iterdir())
            except OSError as error:
                message = _("cannot list: {reason}").format(reason=error.strerror or error)
                problems.append(Problem(path, 0, 0, message))
                continue
            found = sorted(p for p in entries if p.suffix in DECK_SUFFIXES and p.is_file())
            if not found:
                message = _("no deck files (*.yaml, *.yml) in this folder")
                problems.append(Problem(path, 0, 0, message))
        elif path.exists():
            found = [path]
        else:
            problems.append(Problem(path, 0, 0, _("no such file or folder")))
            continue
        for file in found:
            key = file.resolve()
            if key not in seen:
                seen.add(key)
                files.append(file)
    return files, problems


def check_paths(paths: Sequence[Path]) -> tuple[list[LoadedDeck], list[Problem]]:
    """Load every deck under `paths`; also report a deck id used by more than one file."""
    files, problems = deck_files(paths)
    decks: list[LoadedDeck] = []
    first_file: dict[str, Path] = {}
    for file in files:
        with paused_gc():
            issues, loaded = _load(file)
        if issues or loaded is None:
            problems.extend(_problems(file, issues))
            continue
        first = first_file.setdefault(loaded.id, file)
        if first != file:
            problems.append(duplicate_deck_problem(loaded, first))
            continue
        decks.append(loaded)
    return decks, problems


def duplicate_deck_problem(loaded: LoadedDeck, first: Path) -> Problem:
    """A deck whose id an earlier file already uses; points at the later file's `id`."""
    line, column = 1, 1
    try:
        tree = parse_yaml(decode_utf8(loaded.path.read_bytes())).tree
        located = tree.locate(("id",))
        line, column = located.node.start_mark.line + 1, located.node.start_mark.column + 1
    except (OSError, ParseFailure):  # the file changed since it was loaded: keep 1:1
        pass
    message = _("id: duplicate deck id {id}, also used by {path}").format(
        id=shown(loaded.id), path=first
    )
    return Problem(loaded.path, line, column, message)
