"""YAML text → plain Python values, keeping the node tree so any later error can name a line.

Why not `yaml.load`: PyYAML keeps the last of two equal keys without a word, constructs
whatever a tag asks for, and forgets where each value came from. Here the C composer
(`CSafeLoader`, never a non-safe loader) builds the node tree, which carries the marks; we
build the values ourselves in one tight pass that refuses foreign tags, reports duplicate
keys, and counts nodes with aliases expanded, so an alias bomb is refused instead of eating
memory. Marks are never copied: a problem's position is found by walking the node tree
along the problem's value path (`NodeTree.locate`). The tree lives as long as the values,
while the loader keeps the garbage collector paused, so it is never scanned, and a deck with
problems is composed only once, which keeps the happy path as fast as `yaml.load` or faster.

Limits (`MAX_FILE_BYTES`, `MAX_NODES`, libyaml's nesting depth of 1000, our `MAX_DEPTH`)
bound the work for any input to well under a second.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Final

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from sahel_quiz.deck.messages import escaped, shown
from sahel_quiz.deck.yaml_hints import syntax_hint
from sahel_quiz.i18n import N_, _, format_number, ngettext

__all__ = [
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_NODES",
    "Issue",
    "Located",
    "NodeTree",
    "ParseFailure",
    "ParsedYaml",
    "decode_utf8",
    "describe_node",
    "format_path",
    "issue_at",
    "parse_yaml",
    "paused_gc",
    "position",
    "quote_hint",
    "reads_as_number",
]

MAX_FILE_BYTES: Final = 4 * 1024 * 1024
"""A generated 10,000-card deck is under 3 MB; no hand-written deck comes near this."""
MAX_NODES: Final = 300_000
"""YAML values per file, each use of an alias counted (a 10,000-card deck has ~200,000)."""
MAX_DEPTH: Final = 64
"""A deck nests four levels deep; anything far deeper is a mistake or an attack."""

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_OFFSETS_IN_BYTES: Final = _BaseLoader is not yaml.SafeLoader

_Y: Final = "tag:yaml.org,2002:"
STR: Final = _Y + "str"
INT: Final = _Y + "int"
FLOAT: Final = _Y + "float"
BOOL: Final = _Y + "bool"
NULL: Final = _Y + "null"
TIMESTAMP: Final = _Y + "timestamp"
MERGE: Final = _Y + "merge"
VALUE: Final = _Y + "value"
SEQ: Final = _Y + "seq"
MAP: Final = _Y + "map"

_BOOLS: Final = {"yes": True, "no": False, "true": True, "false": False, "on": True, "off": False}
_KIND_WORDS: Final = {
    BOOL: N_("a boolean"),
    INT: N_("a number"),
    FLOAT: N_("a number"),
    NULL: N_("an empty value"),
    TIMESTAMP: N_("a date"),
}
_A_VALUE: Final = N_("a value")
_NOT_VALID: Final = {
    BOOL: N_("{value} is not a valid boolean"),
    INT: N_("{value} is not a valid number"),
    FLOAT: N_("{value} is not a valid number"),
    NULL: N_("{value} is not a valid empty value"),
    TIMESTAMP: N_("{value} is not a valid date"),
}
_MAX_NUMBER_CHARS: Final = 64
"""YAML 1.1 sexagesimal numbers (`1:2:3:...`) cost quadratic time; no deck needs long ones."""
_PLAIN_NUMBER: Final = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?\Z")
"""A decimal number as YAML 1.2 and JSON write it. YAML 1.1 (PyYAML) reads `1e308`, `1.5e3`
and `2E-3` as text, because its floats need a dot and a signed exponent; we read them as the
numbers their authors meant."""


def reads_as_number(text: str) -> bool:
    """Whether the loader reads this unquoted text as a number, though YAML 1.1 (and so
    PyYAML's dumper) takes it for text: a writer must quote it to keep it text."""
    return _PLAIN_NUMBER.match(text) is not None


@dataclass(frozen=True, slots=True)
class Issue:
    """A problem at a place in the text; the loader adds the file name."""

    line: int
    """1-based; 0 when the problem concerns the whole file and has no position."""
    column: int
    message: str


class ParseFailure(Exception):
    """Parsing stopped: nothing past these issues can be trusted."""

    def __init__(self, issues: list[Issue]) -> None:
        super().__init__(issues[0].message if issues else "parse failure")
        self.issues = issues


class _TooManyNodes(Exception):
    pass


def position(node: Node) -> tuple[int, int]:
    """1-based line and column of a node's first character."""
    mark = node.start_mark
    return mark.line + 1, mark.column + 1


def issue_at(node: Node, message: str) -> Issue:
    line, column = position(node)
    return Issue(line, column, message)


def format_path(parts: Sequence[object]) -> str:
    """`('cards', 3, 'answer')` → `cards[3].answer`, the way a teacher reads a deck."""
    out: list[str] = []
    for part in parts:
        if isinstance(part, int) and not isinstance(part, bool):
            out.append(f"[{part}]")
        else:
            out.append(f".{part}" if out else str(part))
    return "".join(out)


def _tag_name(tag: str) -> str:
    return "!!" + tag[len(_Y) :] if tag.startswith(_Y) else tag


def describe_node(node: Node) -> str:
    """What a node holds, in words for a message ("a list", "the boolean true", ...)."""
    if isinstance(node, SequenceNode):
        return _("a list")
    if isinstance(node, MappingNode):
        return _("a mapping")
    if node.tag == STR:
        return _("text")
    return _(_KIND_WORDS.get(node.tag, _A_VALUE))


def decode_utf8(data: bytes) -> str:
    """Decode a deck file, or fail with the line, column and byte offset of the first bad byte."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        offset = error.start
        before = data[:offset].decode("utf-8", errors="replace")
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        hint = _("save it as UTF-8")
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            hint = _("it looks like UTF-16; save it as UTF-8")
        message = _(
            "the file is not UTF-8: byte 0x{byte:02x} at byte offset {offset} cannot be "
            "decoded ({hint})"
        ).format(byte=data[offset], offset=offset, hint=hint)
        raise ParseFailure([Issue(line, column, message)]) from None
    return text.removeprefix("\ufeff")


class _Loader(_BaseLoader):  # type: ignore[misc]  # PyYAML's classes are untyped
    """The safe C loader with a memoised resolver that also counts nodes while composing.

    Resolving is the Python part of composing: caching it per distinct scalar halves the
    compose time, and counting here stops a huge flat file before it is fully composed.
    Only nodes without an explicit tag are resolved, so every `!` in the text (an upper
    bound on the tags) is taken off the budget up front.
    """

    def __init__(self, stream: str, budget: int) -> None:
        super().__init__(stream)
        self._sq_tags: dict[str, str] = {}
        self._sq_budget = budget

    def resolve(self, kind: type[Node], value: str | None, implicit: tuple[bool, bool]) -> str:
        self._sq_budget -= 1
        if self._sq_budget < 0:
            raise _TooManyNodes
        if kind is ScalarNode:
            if not implicit[0]:
                return STR
            if len(value) > _MAX_NUMBER_CHARS:  # type: ignore[arg-type]
                # Too long for a boolean, null or date; a number that long is refused later.
                return FLOAT if _PLAIN_NUMBER.match(value) else STR  # type: ignore[arg-type]
            tags = self._sq_tags
            tag = tags.get(value)  # type: ignore[arg-type]
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                if tag == STR and _PLAIN_NUMBER.match(value):  # type: ignore[arg-type]
                    tag = FLOAT  # `1e308`: text to YAML 1.1, a number to everyone else
                tags[value] = tag  # type: ignore[index]
            return tag
        return SEQ if kind is SequenceNode else MAP


def _reader_issue(error: yaml.reader.ReaderError, text: str) -> Issue:
    offset = error.position
    if _OFFSETS_IN_BYTES:
        before = text.encode("utf-8")[:offset].decode("utf-8", errors="ignore")
    else:
        before = text[:offset]
    line = before.count("\n") + 1
    column = len(before) - (before.rfind("\n") + 1) + 1
    char = error.character
    shown = f"U+{char:04X}" if isinstance(char, int) else repr(char)
    message = _("YAML cannot contain the character {character} ({reason})").format(
        character=shown, reason=error.reason
    )
    return Issue(line, column, message)


def _syntax_issue(error: yaml.MarkedYAMLError, text: str) -> Issue:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = error.problem or _("invalid YAML")
    message = _("YAML syntax error: {problem}").format(problem=problem)
    if error.context:
        context_mark = error.context_mark
        if context_mark is not None and context_mark.line + 1 != line:
            context = _("{context} that starts at line {line}").format(
                context=error.context, line=context_mark.line + 1
            )
        else:
            context = error.context
        message += f" ({context})"
    lines = text.split("\n")
    tab = 0 < line <= len(lines) and lines[line - 1][column - 1 : column] == "\t"
    if tab and "cannot start any token" in problem:
        return Issue(line, column, message + _("; indent with spaces, not tabs"))
    context_line = error.context_mark.line + 1 if error.context_mark is not None else None
    hint = syntax_hint(lines, problem, line, column, context_line)
    if hint is None:
        return Issue(line, column, message)
    return Issue(line, column, _("{problem}; {hint}").format(problem=message, hint=hint))


def _too_many_message() -> str:
    return _(
        "the file has more than {count} YAML values (or {tag} tags); refusing it: split it into "
        "several decks"
    ).format(count=format_number(MAX_NODES, grouped=True), tag=shown("!"))


def compose(text: str) -> Node | None:
    """The node tree of a single YAML document (None when it holds nothing)."""
    budget = MAX_NODES - text.count("!")
    if budget < 0:
        raise ParseFailure([Issue(0, 0, _too_many_message())])
    loader: _Loader | None = None
    try:
        loader = _Loader(text, budget)  # the pure-Python reader checks characters right here
        node: Node | None = loader.get_single_node()
    except _TooManyNodes:
        raise ParseFailure([Issue(0, 0, _too_many_message())]) from None
    except yaml.reader.ReaderError as error:
        raise ParseFailure([_reader_issue(error, text)]) from None
    except yaml.MarkedYAMLError as error:
        raise ParseFailure([_syntax_issue(error, text)]) from None
    except yaml.YAMLError as error:
        message = _("YAML syntax error: {problem}").format(problem=error)
        raise ParseFailure([Issue(1, 1, message)]) from None
    except RecursionError:
        # Only the pure-Python composer recurses; libyaml stops at 1000 levels on its own.
        message = _("the YAML is nested too deeply")
        raise ParseFailure([Issue(1, 1, message)]) from None
    finally:
        if loader is not None:
            loader.dispose()
    return node


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector (nesting-safe) while a deck is loaded.

    Loading creates hundreds of thousands of objects and no cycles; with the collector
    on, its repeated scans of them cost more than the parse itself (PyYAML's own
    `yaml.load` of a 10,000-card deck spends over half its time there).
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


_BUSY: Final = object()
"""Marks a collection whose value is being built, to catch an alias that contains itself."""


class _Builder:
    """Builds values from nodes; one instance per document.

    `found` collects (node, message) pairs; their paths are worked out only if there are
    any. `memo` maps each collection node (by identity) to its value and its size with aliases
    expanded: an alias then costs one lookup, and `count` still grows by everything it
    stands for, which is how an alias bomb is measured without being expanded.

    `texts` holds the values' texts, one object per distinct text (a tag or an option
    written on 10,000 cards is kept once), each a copy of the node's (`keep`). The composer
    allocates a node's text between the node and its two marks, so the texts a deck keeps
    would pin most of the node tree's memory once the tree is gone (a 4 MB deck's tree takes
    ~110 MB, which the interpreter cannot give back while a text lives in each block); the
    copies are made while the tree is alive, so they land in fresh memory of their own, and
    the tree's memory is given back when it goes.
    """

    __slots__ = ("count", "found", "memo", "texts")

    def __init__(self) -> None:
        self.count = 1
        self.found: list[tuple[Node, str]] = []
        self.memo: dict[int, Any] = {}
        self.texts: dict[str, str] = {}

    def keep(self, text: str) -> str:
        """`text` as the built values hold it (see the class docstring): `texts.get(text) or
        keep(text)` in the loops, which saves a call for the texts met before."""
        kept = self.texts[text] = "".join((text, ""))  # a new object ("" and 1 letter: shared)
        return kept

    def scalar(self, node: ScalarNode) -> Any:
        tag = node.tag
        value: str = node.value
        if tag in (STR, VALUE, MERGE):
            return self.texts.get(value) or self.keep(value)
        if tag == NULL:
            return None
        if tag not in _KIND_WORDS:
            self.found.append((node, _foreign_tag_message(tag)))
            return None
        if len(value) > _MAX_NUMBER_CHARS and tag != BOOL:
            message = _("{value} is too long for a number").format(value=shown(value, 20))
            self.found.append((node, message))
            return None
        try:
            converted = _convert_scalar(tag, value, node)
        except Exception:  # any malformed explicit scalar (`!!int x`) is the author's mistake
            message = _(_NOT_VALID[tag]).format(value=shown(value))
            self.found.append((node, message))
            return None
        if tag in (INT, FLOAT) and ":" in value and not node.style:
            self.found.append((node, _sexagesimal_message(value, converted)))
            return None
        return converted

    def build(self, node: Node, depth: int) -> Any:
        cls = node.__class__
        if cls is ScalarNode:
            return self.scalar(node)  # type: ignore[arg-type]
        memo = self.memo
        done = memo.get(id(node))
        if done is not None:
            if done is _BUSY:
                self.found.append((node, _("this alias refers to a value that contains it")))
                return None
            value, size = done
            self.count += size
            return value
        if depth > MAX_DEPTH:
            message = _("values are nested more than {count} levels deep").format(count=MAX_DEPTH)
            self.found.append((node, message))
            return None
        memo[id(node)] = _BUSY
        start = self.count
        if cls is SequenceNode:
            result: Any = self._sequence(node, depth)  # type: ignore[arg-type]
        else:
            result = self._mapping(node, depth)  # type: ignore[arg-type]
        memo[id(node)] = (result, self.count - start)
        return result

    def _sequence(self, node: SequenceNode, depth: int) -> list[Any]:
        if node.tag != SEQ:
            self.found.append((node, _foreign_tag_message(node.tag)))
        items: list[Node] = node.value
        self.count += len(items)
        out: list[Any] = []
        append = out.append
        texts, keep = self.texts, self.keep
        depth += 1
        for item in items:
            if item.__class__ is ScalarNode and item.tag == STR:
                text = item.value
                append(texts.get(text) or keep(text))
            else:
                append(self.build(item, depth))
        return out

    def _mapping(self, node: MappingNode, depth: int) -> dict[Any, Any]:
        if node.tag != MAP:
            self.found.append((node, _foreign_tag_message(node.tag)))
        pairs: list[tuple[Node, Node]] = node.value
        self.count += 2 * len(pairs)
        out: dict[Any, Any] = {}
        repeated: dict[Any, tuple[Node, int]] | None = None
        """Each key written again: where first written again, and how many times."""
        merges: list[Node] | None = None
        texts, keep = self.texts, self.keep
        depth += 1
        for key_node, value_node in pairs:
            if key_node.__class__ is ScalarNode:
                tag = key_node.tag
                if tag == STR:
                    key = key_node.value
                    key = texts.get(key) or keep(key)
                elif tag == MERGE:
                    (merges := merges or []).append(value_node)
                    continue
                else:
                    key = self.scalar(key_node)
                    if not isinstance(key, str):
                        self.found.append((key_node, _key_message(key_node)))
                        continue
            else:
                self.build(key_node, depth)  # counted and checked, but never a usable key
                what = describe_node(key_node)
                message = _("a key must be plain text, not {found}").format(found=what)
                self.found.append((key_node, message))
                continue
            if value_node.__class__ is ScalarNode and value_node.tag == STR:
                value = value_node.value
                value = texts.get(value) or keep(value)
            else:
                value = self.build(value_node, depth)
            if key in out:
                repeated = repeated or {}
                again = repeated.get(key)
                repeated[key] = (key_node, 1) if again is None else (again[0], again[1] + 1)
            out[key] = value
        if repeated:
            self._report_repeated(pairs, repeated)
        if merges is not None:
            self._merge(out, merges, depth)
        return out

    def _report_repeated(
        self, pairs: list[tuple[Node, Node]], repeated: dict[Any, tuple[Node, int]]
    ) -> None:
        """One problem per repeated key, at its second occurrence: a key written a thousand
        times is one mistake to fix, not a thousand lines to read."""
        first_seen = _first_keys(pairs)
        for key, (second, repeats) in repeated.items():
            line = first_seen.get(key, second).start_mark.line + 1
            if repeats == 1:
                message = _(
                    "duplicate key {key} (first at line {line}); "
                    "YAML would silently keep only the last one"
                ).format(key=shown(key), line=line)
            else:
                message = ngettext(
                    "duplicate key {key}, written {count} more time (first at line {line}); "
                    "YAML would silently keep only the last one",
                    "duplicate key {key}, written {count} more times (first at line {line}); "
                    "YAML would silently keep only the last one",
                    repeats,
                ).format(key=shown(key), count=repeats, line=line)
            self.found.append((second, message))

    def _merge(self, out: dict[Any, Any], merges: list[Node], depth: int) -> None:
        """YAML `<<: *anchor` merge keys: keys written in the mapping win over merged ones."""
        merged: dict[Any, Any] = {}
        for source in merges:
            value = self.build(source, depth)
            sources = value if isinstance(source, SequenceNode) else [value]
            for item in sources if isinstance(sources, list) else [None]:
                if not isinstance(item, dict):
                    message = _("a merge (<<) needs a mapping or a list of mappings")
                    self.found.append((source, message))
                    continue
                for key, item_value in item.items():
                    merged.setdefault(key, item_value)
        for key, item_value in merged.items():
            out.setdefault(key, item_value)


def _first_keys(pairs: list[tuple[Node, Node]]) -> dict[Any, Node]:
    """The first key node of each text key, looked up only once a duplicate turns up."""
    first: dict[Any, Node] = {}
    for key_node, _value_node in pairs:
        if isinstance(key_node, ScalarNode) and key_node.tag != MERGE:
            key = _quiet_scalar(key_node)
            if isinstance(key, str):
                first.setdefault(key, key_node)
    return first


def quote_hint(node: Node) -> str | None:
    """Why an unquoted scalar is not text, e.g. "no without quotes is read as the boolean false".

    None when the node is text or not a plain scalar, i.e. when quoting would not help. A
    mapping of one `key: value` on one line, where text was expected, is a text with ': ' in
    it (a list item `- Wrong: they left`): quoting helps there too.
    """
    if _one_line_pair(node):
        return _(
            "YAML read this as a mapping (key: value) because of the ': ' (a colon and a space) "
            "in it; if it is text, put it all in quotes"
        )
    if not isinstance(node, ScalarNode) or node.style or node.tag not in _KIND_WORDS:
        return None
    value = node.value
    if node.tag == NULL and value == "":
        return _("the value is empty")
    kind = _(_KIND_WORDS[node.tag])
    if node.tag == BOOL:
        true = _BOOLS.get(value.lower())
        kind = _("the boolean true") if true else _("the boolean false")
    return _(
        '{value} without quotes is read as {kind}; put it in quotes ("{value}") to mean the text'
    ).format(value=escaped(value), kind=kind)


def _one_line_pair(node: Node) -> bool:
    """Whether the node is a mapping of one plain key and plain value on the same line."""
    if not isinstance(node, MappingNode) or len(node.value) != 1:
        return False
    [(key, value)] = node.value
    return (
        all(isinstance(part, ScalarNode) and not part.style for part in (key, value))
        and value.value != ""
        and key.start_mark.line == value.start_mark.line
    )


def _sexagesimal_message(value: str, number: object) -> str:
    """`1:30` is 90 to YAML 1.1 (base 60, for times); nobody writing a deck means that."""
    return _(
        "{value} without quotes is read by YAML as the base-60 number {number}; "
        'put it in quotes ("{value}") to mean the text, or write the number itself'
    ).format(value=escaped(value), number=number)


def _key_message(node: ScalarNode) -> str:
    hint = quote_hint(node)
    if hint is None:
        return _("a key must be text")
    return _("a key must be text: {hint}").format(hint=hint)


def _convert_scalar(tag: str, value: str, node: ScalarNode) -> Any:
    if tag == BOOL:
        return _BOOLS[value.lower()]
    if tag == INT:
        if value.isdigit() and (value[0] != "0" or len(value) == 1):
            return int(value)
        return yaml.constructor.SafeConstructor.construct_yaml_int(_CONSTRUCTOR, node)
    if tag == FLOAT:
        return yaml.constructor.SafeConstructor.construct_yaml_float(_CONSTRUCTOR, node)
    return yaml.constructor.SafeConstructor.construct_yaml_timestamp(_CONSTRUCTOR, node)


_CONSTRUCTOR: Final = yaml.constructor.SafeConstructor()
"""Used only for its stateless scalar converters (int, float, timestamp)."""


def _quiet_scalar(node: ScalarNode) -> Any:
    """A scalar's value without recording issues (for looking keys up); a sentinel if bad."""
    tag = node.tag
    if tag in (STR, VALUE, MERGE):
        return node.value
    if tag == NULL:
        return None
    if tag not in _KIND_WORDS or len(node.value) > _MAX_NUMBER_CHARS:
        return _NO_KEY
    try:
        return _convert_scalar(tag, node.value, node)
    except Exception:
        return _NO_KEY


_NO_KEY: Final = object()


def _foreign_tag_message(tag: str) -> str:
    message = _(
        "the YAML tag {tag} is not allowed in a deck (nothing was run); "
        "decks hold only text, numbers, true/false, lists and mappings"
    ).format(tag=escaped(_tag_name(tag)))
    if not tag.startswith(_Y):
        message += _("; if the value is text starting with !, put it in quotes")
    return message


@dataclass(frozen=True, slots=True)
class Located:
    """Where a value path leads in the node tree.

    `node` is the deepest node reached; `key_node` the key that led to it (None for list
    items and the root); `parts` the path elements followed; `rest` those that could not
    be (for a missing key: the key's name).
    """

    node: Node
    key_node: Node | None
    parts: tuple[object, ...]
    rest: tuple[object, ...]

    @property
    def path(self) -> str:
        return format_path(self.parts)


class NodeTree:
    """The node tree of a document, for positions (composed again if it was let go).

    The loader keeps the garbage collector paused while the tree is alive: a 10,000-card tree
    (a node and two marks per value) costs more in collector scans than composing it again.

    Keys are looked up through an index built once per mapping, so that reporting a problem
    for each of a mapping's 100,000 keys takes linear time, not quadratic.
    """

    def __init__(self, text: str, root: Node | None, root_position: tuple[int, int]) -> None:
        self._text = text
        self._root = root
        self._indexes: dict[int, dict[tuple[type, object], tuple[Node, Node]]] = {}
        self.root_position = root_position
        """1-based line and column of the document's first value, known without the tree."""

    @property
    def root(self) -> Node:
        if self._root is None:
            with paused_gc():
                root = compose(self._text)
            assert root is not None, "the text composed to a document before"
            self._root = root
        return self._root

    def locate(self, loc: Sequence[object]) -> Located:
        """Follow a value path (e.g. a pydantic error's `loc`) as far as the tree allows."""
        node = self.root
        key_node: Node | None = None
        parts: list[object] = []
        for index, element in enumerate(loc):
            if isinstance(node, MappingNode):
                pair = self.find_key(node, element)
                if pair is None:
                    return Located(node, key_node, tuple(parts), tuple(loc[index:]))
                key_node, node = pair
            elif (
                isinstance(node, SequenceNode)
                and isinstance(element, int)
                and not isinstance(element, bool)
                and 0 <= element < len(node.value)
            ):
                node, key_node = node.value[element], None
            else:
                return Located(node, key_node, tuple(parts), tuple(loc[index:]))
            parts.append(element)
        return Located(node, key_node, tuple(parts), ())

    def find_key(self, node: MappingNode, key: object) -> tuple[Node, Node] | None:
        """The (key node, value node) pair that supplied `key`, as the builder chose it."""
        try:
            return self._index(node, 0).get((type(key), key))
        except TypeError:  # an unhashable key is never one of a mapping's text keys
            return None

    def _index(self, node: MappingNode, depth: int) -> dict[tuple[type, object], tuple[Node, Node]]:
        """Key → pair for one mapping: its own last pair for each key wins over merged ones,
        and among merged mappings the first that has the key, as in `_Builder._merge`."""
        index = self._indexes.get(id(node))
        if index is not None:
            return index
        index = {}
        if depth < MAX_DEPTH:
            for source in reversed(list(_merge_sources(node))):
                index.update(self._index(source, depth + 1))
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode) and key_node.tag != MERGE:
                found = _quiet_scalar(key_node)
                if found is not _NO_KEY:
                    index[(type(found), found)] = (key_node, value_node)
        self._indexes[id(node)] = index
        return index


def _merge_sources(node: MappingNode) -> Iterator[MappingNode]:
    for key_node, value_node in node.value:
        if isinstance(key_node, ScalarNode) and key_node.tag == MERGE:
            if isinstance(value_node, MappingNode):
                yield value_node
            elif isinstance(value_node, SequenceNode):
                yield from (n for n in value_node.value if isinstance(n, MappingNode))


@dataclass(frozen=True, slots=True)
class ParsedYaml:
    """The values of a document, its node tree, and what the build found wrong."""

    data: Any
    tree: NodeTree
    issues: list[Issue]


def parse_yaml(text: str) -> ParsedYaml:
    """Compose and build one document; ParseFailure when nothing usable can be built.

    Runs with the garbage collector paused (see `paused_gc`); callers that keep the tree
    (for the positions of later problems) keep the collector paused while they do.
    """
    with paused_gc():
        root = compose(text)
        if root is None:
            raise ParseFailure([Issue(1, 1, _("the file is empty (it holds no YAML values)"))])
        builder = _Builder()
        data = builder.build(root, 0)
        if builder.count > MAX_NODES:
            message = _(
                "the file has more than {count} YAML values once each use of an alias (*name) "
                "is counted; refusing it"
            ).format(count=format_number(MAX_NODES, grouped=True))
            raise ParseFailure([issue_at(root, message)])
        issues = _with_paths(root, builder.found) if builder.found else []
        tree = NodeTree(text, root, position(root))
        del root, builder.memo, builder.texts
    return ParsedYaml(data, tree, issues)


def _with_paths(root: Node, found: list[tuple[Node, str]]) -> list[Issue]:
    """Issues whose messages start with the value path of their node, found in one walk.

    A key's path is that of the mapping holding it, so a duplicate key reads
    `cards[5]: duplicate key 'answer'`.
    """
    wanted = {id(node) for node, _ in found}
    paths: dict[int, tuple[object, ...]] = {}
    seen: set[int] = set()
    stack: list[tuple[Node, tuple[object, ...]]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        if id(node) in wanted:
            paths.setdefault(id(node), path)
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, SequenceNode):
            stack.extend((item, (*path, index)) for index, item in enumerate(node.value))
        elif isinstance(node, MappingNode):
            for key_node, value_node in node.value:
                paths.setdefault(id(key_node), path)
                key = _quiet_scalar(key_node) if isinstance(key_node, ScalarNode) else "?"
                stack.append((value_node, (*path, key if key is not _NO_KEY else "?")))
    issues: list[Issue] = []
    for node, message in found:
        shown = format_path(paths.get(id(node), ()))
        issues.append(issue_at(node, f"{shown}: {message}" if shown else message))
    return issues
