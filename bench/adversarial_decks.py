"""Hostile deck files for `bench_load.py` (issue 9): each stresses one place where checking a
deck could grow faster than the file, at any size asked for.

Every generator returns deck text of about `size` characters that quotes `article.txt`. The
benchmark checks each one as `sahel-quiz check` does (load, validate, cross-card checks, every
problem formatted) at several sizes, next to `yaml.load` of the same text.
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["ADVERSARIAL"]

_HEAD = "id: hostile\ntitle: A hostile deck\nsource: article.txt\ncards:\n"
_BASIC = "  - {{id: c{i}, type: basic, prompt: p, answer: q{extra}}}\n"


def _long_multi_answer(size: int) -> str:
    """The issue's example: a multi card whose answer list repeats its first item at the end
    (140,000 items in 1.1 MB took 164 s to check)."""
    items = ", ".join(f"o{i:06d}" for i in range(size // 9))
    return (
        _HEAD
        + f"  - {{id: a, type: multi, prompt: p, options: [a, b], answer: [{items}, o000000]}}\n"
    )


def _answer_among_many_options(size: int) -> str:
    """A choice answer missing from a huge option list (each option compared once)."""
    items = ", ".join(f"o{i:06d}" for i in range(size // 9))
    return _HEAD + f"  - {{id: a, type: multi, prompt: p, options: [{items}], answer: [zzz]}}\n"


def _many_unknown_keys(size: int) -> str:
    """One card with tens of thousands of unknown keys: one problem, one key lookup each."""
    keys = "".join(f"    k{i:07d}: v\n" for i in range(size // 16))
    return _HEAD + "  - id: a\n    type: basic\n    prompt: p\n    answer: q\n" + keys


def _duplicate_ids_after_many_keys(size: int) -> str:
    """Every card has the same id, after a top-level mapping of thousands of unknown keys."""
    count = size // 63
    top = "".join(f"x{i:07d}: v\n" for i in range(count))
    return top + _HEAD + "".join(_BASIC.format(i="", extra="") for _ in range(count))


def _cloze_unclosed_blanks(size: int) -> str:
    """Cloze prompts of `{{a{{a{{a...` that never close a blank (the longest prompts allowed)."""
    prompt = "'" + "{{a" * 1300 + "'"
    cards = "".join(
        f"  - id: c{i}\n    type: cloze\n    prompt: {prompt}\n" for i in range(size // 3930)
    )
    return _HEAD + cards


def _quotes_not_in_the_source(size: int) -> str:
    """Every card quotes words that are not in the article: how far each matched is searched."""
    extra = ", quote: the ministers will meet with Russian Foreign Minister zz{i}"
    return _HEAD + "".join(_BASIC.format(i=i, extra=extra.format(i=i)) for i in range(size // 110))


def _syntax_error_at_the_end(size: int) -> str:
    """A mis-indented last line: the hint looks at the indentation of every line before it."""
    cards = "".join(
        f"  - id: c{i}\n    type: basic\n    prompt: p\n    answer: q\n" for i in range(size // 50)
    )
    return _HEAD + cards + "  - id: last\n    type: basic\n   prompt: p\n"


def _colons_on_one_long_line(size: int) -> str:
    """A value of `a: a: a: ...` on one line: the colon hint quotes it (cut to a few words)."""
    return _HEAD + "  - id: a\n    type: basic\n    prompt: " + "a: " * (size // 3) + "\n"


def _one_long_value(size: int) -> str:
    """One answer of a megabyte (too long: refused with the length, not the text)."""
    return _HEAD + "  - {id: a, type: basic, prompt: p, answer: " + "x" * size + "}\n"


def _duplicate_keys(size: int) -> str:
    """One mapping with the same key tens of thousands of times."""
    return _HEAD + "  - id: a\n" + "    id: a\n" * (size // 10)


def _many_small_problems(size: int) -> str:
    """A problem on every line: number answers of `.inf`."""
    card = "  - {{id: c{i}, type: number, prompt: p, answer: .inf}}\n"
    return _HEAD + "".join(card.format(i=i) for i in range(size // 55))


def _deep_nesting(size: int) -> str:
    """Lists nested as deep as YAML allows, then a comment to reach the size."""
    return _HEAD + "  - " + "[" * 999 + "]" * 999 + "\n#" + "x" * size + "\n"


ADVERSARIAL: dict[str, Callable[[int], str]] = {
    "long multi answer, repeated item": _long_multi_answer,
    "answer among many options": _answer_among_many_options,
    "many unknown keys": _many_unknown_keys,
    "duplicate ids after many keys": _duplicate_ids_after_many_keys,
    "cloze blanks never closed": _cloze_unclosed_blanks,
    "quotes not in the source": _quotes_not_in_the_source,
    "syntax error at the end": _syntax_error_at_the_end,
    "colons on one long line": _colons_on_one_long_line,
    "one long value": _one_long_value,
    "duplicate keys": _duplicate_keys,
    "a problem on every line": _many_small_problems,
    "deep nesting": _deep_nesting,
}
