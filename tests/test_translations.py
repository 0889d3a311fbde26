"""The catalogues: every message of the code has its French form, with the same placeholders,
in French typography, and the compiled `.mo` files shipped in the package are those of the
`.po` files beside them.

The messages are read from the source itself (an AST walk over every `_()`, `ngettext()` and
`N_()` call), not from the catalogue, so a string wrapped yesterday and never translated fails
here. docs/translating.md says how to add the French and rebuild the `.mo` files.
"""

from __future__ import annotations

import argparse
import ast
import gettext
import io
import json
import re
import string
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from sahel_quiz import i18n

PACKAGE = Path(i18n.__file__).parent
LOCALE = Path(i18n.LOCALE_DIR)
NBSP = "\u00a0"
FIX = (
    "add the French to sahel_quiz/locale/fr/LC_MESSAGES/sahel_quiz.po, then rebuild the .mo "
    "files as docs/translating.md says"
)


@dataclass
class SourceMessages:
    """What the code asks to translate: msgid (or (singular, plural)) -> where it is."""

    messages: dict[str | tuple[str, str], list[str]] = field(default_factory=dict)
    misuses: list[str] = field(default_factory=list)


def _call_name(node: ast.Call) -> str | None:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    is_i18n = isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
    return func.attr if is_i18n and func.value.id == "i18n" else None  # type: ignore[attr-defined]


def _built(node: ast.expr) -> bool:
    """An f-string, a concatenation or a `.format()` call: text built before translation."""
    if isinstance(node, ast.JoinedStr | ast.BinOp):
        return True
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in ("format", "join")
    )


def _msgid(entry: object) -> str:
    """An entry's msgid (a plural entry's singular)."""
    key = entry.id  # type: ignore[attr-defined]
    return key if isinstance(key, str) else str(key[0])


def source_messages() -> SourceMessages:
    found = SourceMessages()
    for path in sorted(PACKAGE.rglob("*.py")):
        where = str(path.relative_to(PACKAGE.parent))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = _call_name(node)
            arity = {"_": 1, "N_": 1, "ngettext": 2}.get(name or "")
            if arity is None:
                continue
            args = node.args[:arity]
            if all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in args):
                texts = [a.value for a in args]  # type: ignore[attr-defined]
                key = texts[0] if arity == 1 else (texts[0], texts[1])
                found.messages.setdefault(key, []).append(f"{where}:{node.lineno}")
            elif any(_built(a) for a in args):
                # An f-string, a concatenation or a .format() inside: the translator would
                # never see the whole message, and the catalogue could never match it.
                found.misuses.append(f"{where}:{node.lineno}: {ast.unparse(node)[:80]}")
    return found


def catalogue(domain: str = "sahel_quiz") -> Catalog:
    with (LOCALE / "fr" / "LC_MESSAGES" / f"{domain}.po").open("rb") as file:
        return read_po(file, locale="fr")


def placeholders(text: str, flags: set[str]) -> Counter[str]:
    """`{name}`, `{value!r}`, `{code:04X}` and argparse's `%(name)s`, `%s`, `%r`, in a message
    that pybabel's extraction flagged as a format string (the others are printed as they are)."""
    found: Counter[str] = Counter()
    if "python-brace-format" in flags:
        for _literal, name, spec, conversion in string.Formatter().parse(text):
            # A field has a name (or none, or a number); `{…}` and `\\{ or \\}` are prose.
            if name is not None and re.fullmatch(r"[A-Za-z_]\w*|\d*", name):
                found[f"{{{name}!{conversion or ''}:{spec or ''}}}"] += 1
    if "python-format" in flags:
        for match in re.finditer(r"%(\([a-z_]+\))?[sdr]", text):
            found[match.group(0)] += 1
    return found


SOURCE = source_messages()
FRENCH = catalogue()


def _translated(message: object) -> bool:
    text = message.string  # type: ignore[attr-defined]
    return bool(text) if isinstance(text, str) else all(text)


def test_the_source_wraps_whole_messages_only() -> None:
    assert SOURCE.misuses == [], "translate a whole message with {placeholders}"


def test_the_walk_finds_the_messages_it_should() -> None:
    """The counterpart: proves the AST walk sees each kind of call (a test that finds nothing
    would pass on any catalogue)."""
    assert "True" in SOURCE.messages  # _("True"), cards
    assert "speed" in SOURCE.messages  # N_("speed"), scoring
    assert ("{count} deck checked", "{count} decks checked") in SOURCE.messages  # ngettext
    assert len(SOURCE.messages) > 400


def test_every_message_of_the_code_has_its_french_form() -> None:
    missing = []
    for key, places in SOURCE.messages.items():
        msgid = key if isinstance(key, str) else key[0]
        entry = FRENCH.get(msgid)
        if entry is None or not _translated(entry) or entry.fuzzy:
            missing.append(f"{places[0]}: {key!r}")
        elif isinstance(key, tuple) and (not entry.pluralizable or tuple(entry.id) != key):
            # (a singular `_()` of a plural entry's msgid gets its singular form: fine)
            missing.append(f"{places[0]}: {key!r} is plural here, not in the catalogue")
    assert missing == [], FIX


def test_the_catalogue_holds_no_message_the_code_dropped() -> None:
    wanted = {key if isinstance(key, str) else key[0] for key in SOURCE.messages}
    stale = [entry.id for entry in FRENCH if entry.id and _msgid(entry) not in wanted]
    assert stale == [], "remove them (pybabel update --ignore-obsolete, docs/translating.md)"


def test_placeholders_are_the_same_in_both_languages() -> None:
    wrong = []
    for entry in FRENCH:
        if not entry.id:
            continue
        ids = [entry.id] if isinstance(entry.id, str) else list(entry.id)
        forms = [entry.string] if isinstance(entry.string, str) else list(entry.string)
        flags = set(entry.flags)
        expected = placeholders(ids[-1], flags)
        if any(placeholders(form, flags) != expected for form in forms) or (
            len(ids) == 2 and placeholders(ids[0], flags) != expected
        ):
            wrong.append(f"{ids[0]!r}: {forms!r}")
    assert wrong == []


def test_values_are_quoted_by_the_language_not_by_repr() -> None:
    """`{name!r}` would show 'x' in French too: a value the user gave is passed through
    `i18n.literal` ('x' in English, « x » in French) and the message holds a plain `{name}`."""
    conversion = re.compile(r"\{[A-Za-z_]\w*![rsa]")
    assert conversion.search("unknown profile {name!r}")  # the pattern sees one
    conversions = [
        msgid
        for key in SOURCE.messages
        for msgid in ([key] if isinstance(key, str) else key)
        if conversion.search(msgid)
    ]
    assert conversions == []


def test_french_plurals_treat_zero_and_one_as_singular() -> None:
    for domain in ("sahel_quiz", "argparse"):
        assert catalogue(domain).plural_forms == "nplurals=2; plural=(n > 1);"
    i18n.set_language("fr")
    assert i18n.ngettext("{count} card", "{count} cards", 0) == "{count}\u00a0carte"
    assert i18n.ngettext("{count} card", "{count} cards", 2) == "{count}\u00a0cartes"


# -- typography -------------------------------------------------------------------------------

LITERAL_COLONS = {
    # YAML written as it must be typed, into a comment of an imported deck.
    "source: ../seeds/article.txt   <- the article these cards teach; then add quotes",
    # argparse 3.13's heading: sahel_quiz.cli's formatter puts the no-break space there.
    "%(heading)s:",
}


def typography_faults(text: str) -> list[str]:
    """Where French text breaks the rules: a no-break space before `; : ! ?` and `%`, inside
    « », between a number and its unit; no straight quotes or apostrophes; … not `...`."""
    faults = []
    for quote in re.finditer("«(.?)", text):
        if quote.group(1) != NBSP:
            faults.append("« without a no-break space after it")
    for quote in re.finditer("(.?)»", text):
        if quote.group(1) != NBSP:
            faults.append("» without a no-break space before it")
    text = re.sub(r"«\u00a0.*?\u00a0»", "«»", text)  # what is quoted is quoted as typed
    text = text.replace("{{", "").replace("}}", "")
    text = re.sub(r"\{[^{}]*\}|%(\([a-z_]+\))?[sdr]", "X", text)  # placeholders
    for match in re.finditer(r"(.?)([;:!?])(.?)", text):
        before, mark, after = match.groups()
        if mark == ":" and after == "/":  # a URL
            continue
        if before != NBSP:
            faults.append(f"{before!r} before {mark!r}")
    if re.search(r"[\wX] ?%", text):
        faults.append("% without a no-break space before it")
    if re.search(r"(\d|X) (s|min|h|j|Mo)(?![\w’])", text):
        faults.append("a plain space between a number and its unit")
    if '"' in text or "'" in text:
        faults.append("a straight quote or apostrophe: use « » and ’")
    if "..." in text:
        faults.append("... instead of …")
    return faults


def test_the_typography_checker_sees_each_fault() -> None:
    """It must fail on what it is for, or the test below would prove nothing."""
    assert typography_faults("Score : 3") == ["' ' before ':'"]
    assert typography_faults("Score: 3") == ["'e' before ':'"]
    assert typography_faults("« x »") == [
        "« without a no-break space after it",
        "» without a no-break space before it",
    ]
    assert typography_faults("87 %") == ["% without a no-break space before it"]
    assert typography_faults("{seconds} s") == ["a plain space between a number and its unit"]
    assert typography_faults("l'enseignant") == ["a straight quote or apostrophe: use « » and ’"]
    assert typography_faults("Attendez...") == ["... instead of …"]
    good = "Réponse\u00a0: «\u00a0Moscou\u00a0» · {pct}\u00a0% · 3\u00a0s · http://x · {value!r}"
    assert typography_faults(good) == []


@pytest.mark.parametrize("domain", ["sahel_quiz", "argparse"])
def test_every_french_message_follows_french_typography(domain: str) -> None:
    faults = []
    for entry in catalogue(domain):
        if not entry.id or _msgid(entry) in LITERAL_COLONS:
            continue
        forms = [entry.string] if isinstance(entry.string, str) else list(entry.string)
        for form in forms:
            faults += [f"{form!r}: {fault}" for fault in typography_faults(form)]
    assert faults == []


# -- the compiled catalogues --------------------------------------------------------------------


@pytest.mark.parametrize("domain", ["sahel_quiz", "argparse"])
def test_the_shipped_mo_is_the_compiled_po(domain: str) -> None:
    """The .mo files are committed, so that `pip install -e .` and a wheel need no build step;
    this fails as soon as a .po is edited without rebuilding its .mo."""
    compiled = io.BytesIO()
    write_mo(compiled, catalogue(domain))
    compiled.seek(0)
    fresh = gettext.GNUTranslations(compiled)
    with (LOCALE / "fr" / "LC_MESSAGES" / f"{domain}.mo").open("rb") as file:
        shipped = gettext.GNUTranslations(file)
    messages = {k: v for k, v in shipped._catalog.items() if k != ""}  # type: ignore[attr-defined]
    expected = {k: v for k, v in fresh._catalog.items() if k != ""}  # type: ignore[attr-defined]
    assert messages == expected, (
        f"{domain}.mo is stale: pybabel compile -d sahel_quiz/locale -D {domain}"
    )


def test_every_word_of_this_pythons_argparse_has_its_french_form() -> None:
    """argparse's messages change between Python versions: the catalogue holds 3.11 to 3.13's,
    and this checks the running one's (extracted from its source like ours)."""
    tree = ast.parse(Path(argparse.__file__).read_text(encoding="utf-8"))
    french = catalogue("argparse")
    missing = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _call_name(node) in ("_", "ngettext"):
            first = node.args[0] if node.args else None
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                entry = french.get(first.value)
                if entry is None or not _translated(entry):
                    missing.append(first.value)
    assert missing == [], "add them to sahel_quiz/locale/fr/LC_MESSAGES/argparse.po"


def test_the_catalogues_are_in_the_package_data() -> None:
    """Shipped inside `sahel_quiz` itself, which the wheel takes whole."""
    for domain in ("sahel_quiz", "argparse"):
        assert (LOCALE / "fr" / "LC_MESSAGES" / f"{domain}.mo").is_file()
    assert Path(i18n.LOCALE_DIR).is_relative_to(PACKAGE)


# -- the students' page ----------------------------------------------------------------------

PAGE_WORDS = PACKAGE / "classroom" / "static" / "i18n.js"
_JS_STRING = r'"(?:[^"\\]|\\.)*"'
_JS_TEXT = rf"\s*{_JS_STRING}(?:\s*\+\s*{_JS_STRING})*\s*"


def page_words() -> list[tuple[str, str]]:
    """The page's [English, French] pairs (strings joined with + are joined)."""
    text = PAGE_WORDS.read_text(encoding="utf-8")
    pairs = []
    for match in re.finditer(rf"\[({_JS_TEXT}),({_JS_TEXT})\]", text):
        english, french = (
            "".join(json.loads(piece) for piece in re.findall(_JS_STRING, group))
            for group in match.groups()
        )
        pairs.append((english, french))
    return pairs


def test_the_pages_words_are_in_both_languages_with_french_typography() -> None:
    pairs = page_words()
    assert len(pairs) > 60  # the reader sees them all
    faults = []
    for english, french in pairs:
        if english.count("|") != french.count("|") or (
            set(re.findall(r"\{\w+\}", english)) != set(re.findall(r"\{\w+\}", french))
        ):
            faults.append(f"{english!r} / {french!r}: plurals or placeholders differ")
        faults += [f"{french!r}: {fault}" for fault in typography_faults(french)]
    assert faults == []
