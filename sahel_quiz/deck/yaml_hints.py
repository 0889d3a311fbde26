"""What to do about a YAML syntax error, named beside PyYAML's own words.

PyYAML says what confused its parser ("mapping values are not allowed in this context"), not
what the author wrote wrong. The slips a teacher makes are few, and the README's "Quoting in
YAML" names them; each is recognised from the lines around the error:

- a `: ` inside a value (`explain: False: all three...`) → put this text in quotes;
- a ` #` inside a value, which starts a comment and cuts the value short → quote the text;
- a value starting with one of `{ [ * & ! | > ' " % @` or a backquote (a cloze prompt that
  starts with `{{`, a text in quotes followed by more text) → put it in quotes;
- a line indented differently from its siblings → the column it should start at.

Every function here looks at a bounded number of lines, so a hint costs linear time at most.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

import yaml

from sahel_quiz.deck.messages import escaped
from sahel_quiz.i18n import N_, _

__all__ = ["syntax_hint"]

_READ_AS: Final = N_("YAML reads a value that starts with {char} as {what}")
_RESERVED: Final = N_("YAML does not allow a plain value to start with {char}")
_INDICATORS: Final = {
    "{": N_("a mapping ({key: value})"),
    "[": N_("a list ([a, b])"),
    "*": N_("an alias (*name)"),
    "&": N_("an anchor (&name)"),
    "!": N_("a tag (!name)"),
    "|": N_("a block of text on the lines below"),
    ">": N_("a block of text on the lines below"),
    "'": N_("a text in quotes, which must end where the value ends"),
    '"': N_("a text in quotes, which must end where the value ends"),
    "%": N_("a directive"),
    "@": "",
    "`": "",
}
"""What YAML makes of a value that starts with each character."""
_ITEM: Final = re.compile(r"- +|-$")
_KEY: Final = re.compile(r"""([^\s#'"{\[&*!|>%@`-][^#]*?|-[^\s#]*?|'[^']*'|"[^"]*"):(?: +|$)""")
_BLOCK_SCALAR: Final = re.compile(r"[|>][-+0-9]*(?: +#.*)?$")


@dataclass(frozen=True, slots=True)
class _Line:
    """The structure of one line: where its `- ` items and its key start, and its value."""

    number: int
    dashes: tuple[int, ...]
    key: int | None
    """0-based column of the key, or None when the line has no `key:`."""
    value: str
    """What follows the key (or the last `- `), without surrounding spaces."""
    value_column: int

    @property
    def first(self) -> tuple[str, int] | None:
        """The kind ("item" or "key") and column of the line's first structure, if any."""
        if self.dashes:
            return "item", self.dashes[0]
        return None if self.key is None else ("key", self.key)


def _parse_line(number: int, text: str) -> _Line:
    column = len(text) - len(text.lstrip(" "))
    dashes: list[int] = []
    while match := _ITEM.match(text, column):
        dashes.append(column)
        column = match.end()
    key: int | None = None
    match = _KEY.match(text, column)
    if match is not None:
        key = column
        column = match.end()
    rest = text[column:]
    value = rest.strip()
    return _Line(number, tuple(dashes), key, value, column + len(rest) - len(rest.lstrip()))


def _is_blank(text: str) -> bool:
    stripped = text.strip()
    return not stripped or stripped.startswith("#")


def _quoted(value: str) -> str:
    """The value written as a YAML text in quotes, for a message (cut when long)."""
    shown = escaped(value)
    if '"' not in shown:
        return f'"{shown}"'
    if "'" not in shown:
        return f"'{shown}'"
    return '"' + shown.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _example(line: _Line, lines: list[str]) -> str:
    """`key: "value"` as the author should write it."""
    text = lines[line.number - 1]
    before = text[: line.value_column].strip()
    return f"{escaped(before, 40)} {_quoted(line.value)}".strip()


def _parses_alone(value: str) -> bool:
    """Whether `key: value` on its own line is valid YAML (a flow list, a quoted text, ...)."""
    try:
        yaml.compose("key: " + value, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return False
    return True


def _colon_hint(line: _Line, problem: str, column: int, lines: list[str]) -> str | None:
    """`explain: False: all three...`: PyYAML stops at the second colon of the line."""
    if "mapping values are not allowed" not in problem or line.key is None:
        return None
    if column - 1 < line.value_column:
        return None  # the colon is the line's own key: an indentation problem
    return _("a text that contains ': ' (a colon and a space) must be in quotes: {example}").format(
        example=_example(line, lines)
    )


def _comment_hint(candidates: list[_Line], lines: list[str]) -> str | None:
    """`explain: The AES #1 partner`: YAML reads ` #1 partner` as a comment."""
    for line in candidates:
        value = line.value
        if value and value[0] not in "'\"" and " #" in value:
            at = lines[line.number - 1].find(" #", line.value_column) + 2
            return _(
                "' #' (a space and a hash) starts a comment, so YAML ignored the rest of line "
                "{line} from column {column}; if it is part of the text, put the text in quotes"
            ).format(line=line.number, column=at)
    return None


def _indicator_hint(candidates: list[_Line], lines: list[str]) -> str | None:
    """A value starting with `{`, `[`, `"`, ... that is not what YAML makes of that start."""
    for line in candidates:
        value = line.value
        if value and value[0] in _INDICATORS and not _parses_alone(value):
            char = value[0]
            what = _INDICATORS[char]
            if what:
                read = _(_READ_AS).format(char=char, what=_(what))
            else:
                read = _(_RESERVED).format(char=char)
            return _("{read}; if it is text, put it all in quotes: {example}").format(
                read=read, example=_example(line, lines)
            )
    return None


def _indentation_hint(lines: list[str], number: int) -> str | None:
    """The column that line `number` should start at, from the lines at each open level."""
    if not 0 < number <= len(lines) or _is_blank(lines[number - 1]):
        return None
    target = _parse_line(number, lines[number - 1])
    indent = len(lines[number - 1]) - len(lines[number - 1].lstrip(" "))
    kind, column = target.first or ("key", indent)
    open_levels: list[tuple[str, int, int]] = []  # (kind, column, line), innermost last
    block_scalar_key: int | None = None
    for index in range(number - 1):
        text = lines[index]
        if _is_blank(text):
            continue
        start = len(text) - len(text.lstrip(" "))
        if block_scalar_key is not None:
            if start > block_scalar_key:
                continue  # a line of a `|` or `>` text
            block_scalar_key = None
        line = _parse_line(index + 1, text)
        levels = [("item", dash, index + 1) for dash in line.dashes]
        if line.key is not None:
            levels.append(("key", line.key, index + 1))
        if not levels:
            continue  # text continued from the line above
        open_levels = [level for level in open_levels if level[1] < start]
        open_levels.extend(levels)
        if line.key is not None and _BLOCK_SCALAR.match(line.value):
            block_scalar_key = line.key
    siblings = [level for level in open_levels if level[0] == kind]
    if not siblings or any(level[1] == column for level in siblings):
        return None
    _kind, expected, sibling = min(siblings, key=lambda level: (abs(level[1] - column), -level[1]))
    return _(
        "check the indentation: this line starts at column {column}, but the lines it belongs "
        "with start at column {expected} (as on line {sibling})"
    ).format(column=column + 1, expected=expected + 1, sibling=sibling)


def syntax_hint(
    lines: list[str], problem: str, line: int, column: int, context_line: int | None
) -> str | None:
    """What to do about a syntax error at 1-based `line`:`column`, or None when unsure.

    `context_line` is where PyYAML says the construct being parsed began (a flow list, a
    block mapping), when it says so.
    """
    numbers: list[int] = []
    for number in (line, context_line, line - 1):
        if number is not None and 0 < number <= len(lines) and number not in numbers:
            numbers.append(number)
    candidates = [
        _parse_line(number, lines[number - 1])
        for number in numbers
        if not _is_blank(lines[number - 1])
    ]
    here = candidates[0] if candidates and candidates[0].number == line else None
    if here is not None:
        hint = _colon_hint(here, problem, column, lines)
        if hint is not None:
            return hint
    return (
        _comment_hint(candidates, lines)
        or _indicator_hint(candidates, lines)
        or _indentation_hint(lines, line)
    )
