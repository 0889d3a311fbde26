"""A grading oracle written from the README's "How answers are graded", and from nothing else.

It never imports `sahel_quiz.grading`: each function here restates one rule of the README in
the plainest code that could carry it out (sets of one-edit neighbours instead of a distance
table, trying every way to share words out among blanks instead of a clever search), so that
the property tests compare the grader with the rules, not with a copy of itself. It is only
meant for the inputs the tests generate (Latin letters, digits, a few accents, punctuation and
apostrophes), where every rule of the README is unambiguous.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence

from sahel_quiz.deck.model import (
    BasicCard,
    Card,
    ChoiceCard,
    ClozeCard,
    MultiCard,
    OrderCard,
    TypedCard,
)

__all__ = [
    "allowance",
    "cloze_blanks_right",
    "deck_texts",
    "edits_at_most",
    "forgiven_edits",
    "multi_credit",
    "order_credit",
    "plain",
    "typed_outcome",
]

# Rule 1: letters that count as others.
_LETTERS = {"œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}
# Rule 2: French elided words.
_ELIDED = ["jusqu", "lorsqu", "puisqu", "qu", "l", "d", "j", "m", "n", "s", "t", "c"]
# Rule 3: articles.
_ARTICLES = {
    "en": {"the", "a", "an"},
    "fr": {"le", "la", "les", "l", "un", "une", "des", "du"},
}


def _language(language: str) -> str:
    return re.split(r"[-_]", language)[0].lower()


def plain(text: str, language: str) -> str:
    """Rules 1 to 3: the plain form of a text."""
    lang = _language(language)
    # Rule 1: case and accents don't count.
    without_accents = "".join(
        char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char)
    )
    folded = "".join(_LETTERS.get(char, char) for char in without_accents.casefold())
    # Rule 2: an elided French word is a word of its own; other apostrophes are dropped.
    if lang == "fr":
        for word in _ELIDED:
            folded = re.sub(rf"(?<![^\W_]){word}['’](?=[^\W_])", word + " ", folded)
    folded = folded.replace("'", "").replace("’", "")
    # Rule 1: hyphens, dashes, slashes and underscores are spaces; other punctuation is dropped.
    spaced = "".join(" " if char in "-–—/_" else char for char in folded)
    kept = "".join(char for char in spaced if char.isalnum() or char.isspace())
    words = kept.split()
    # Rule 3: one leading article, unless it is alone.
    if len(words) > 1 and words[0] in _ARTICLES.get(lang, set()):
        words = words[1:]
    return " ".join(words)


def allowance(expected_word: str) -> int:
    """Rule 5: edits allowed by the expected word's length."""
    if len(expected_word) < 5:
        return 0
    return 1 if len(expected_word) <= 9 else 2


def _one_edit(word: str, alphabet: set[str]) -> set[str]:
    """Every text one insertion, deletion, replacement or swap of neighbours away."""
    found: set[str] = set()
    for i in range(len(word) + 1):
        for char in alphabet:
            found.add(word[:i] + char + word[i:])
    for i in range(len(word)):
        found.add(word[:i] + word[i + 1 :])
        for char in alphabet:
            found.add(word[:i] + char + word[i + 1 :])
    for i in range(len(word) - 1):
        found.add(word[:i] + word[i + 1] + word[i] + word[i + 2 :])
    found.discard(word)
    return found


def edits_at_most(a: str, b: str, edits: int) -> bool:
    """Whether `edits` edits or fewer turn `a` into `b` (0, 1 or 2 edits).

    Two edits: some text is one edit from both (edits can be undone one by one, and a text in
    between never needs a character that neither word has).
    """
    if a == b:
        return True
    if edits == 0:
        return False
    alphabet = set(a) | set(b)
    near_a = _one_edit(a, alphabet)
    if b in near_a:
        return True
    if edits == 1:
        return False
    if edits == 2:
        return bool(near_a & _one_edit(b, alphabet))
    raise ValueError("the oracle counts up to 2 edits")


def forgiven_edits(typed: str, expected: str) -> int | None:
    """Rule 5 on plain forms: the edits of a forgiven near miss, or None."""
    typed_words, expected_words = typed.split(), expected.split()
    if len(typed_words) != len(expected_words):
        return None
    total = 0
    for t, e in zip(typed_words, expected_words, strict=True):
        if t == e:
            continue
        if any(char.isdigit() for char in t + e):
            return None
        if t[0] != e[0]:
            return None
        for edits in range(allowance(e) + 1):
            if edits_at_most(t, e, edits):
                total += edits
                break
        else:
            return None
    return total


def deck_texts(cards: Iterable[Card]) -> list[str]:
    """Rule 6: every answer, accepted text, blank alternative, option and order item."""
    texts: list[str] = []
    for card in cards:
        if isinstance(card, TypedCard):
            texts += [card.answer, *card.accept]
        elif isinstance(card, BasicCard):
            texts.append(card.answer)
        elif isinstance(card, ChoiceCard | MultiCard):
            texts += card.options
        elif isinstance(card, OrderCard):
            texts += card.answer
        elif isinstance(card, ClozeCard):
            for blank in re.findall(r"\{\{([^{}]*)\}\}", card.prompt):
                texts += [alternative.strip() for alternative in blank.split("|")]
    return texts


def typed_outcome(
    response: str,
    accepted: Sequence[str],
    language: str,
    *,
    fuzzy: bool = True,
    never: Iterable[str] = (),
) -> tuple[bool, str | None]:
    """Rules 4 to 7 for a typed answer or a blank: (right, the spelling shown or None).

    `accepted` is the answer then the accepted texts, in order; `never` the deck's texts and
    the card's `reject:` list.
    """
    typed = plain(response, language)
    for text in accepted:
        if plain(text, language) == typed:
            return True, None
    if not fuzzy or typed in {plain(text, language) for text in never}:
        return False, None
    best: tuple[int, str] | None = None
    for text in accepted:
        edits = forgiven_edits(typed, plain(text, language))
        if edits is not None and (best is None or edits < best[0]):
            best = (edits, text)
    return (False, None) if best is None else (True, best[1])


def _blanks(card: ClozeCard) -> tuple[list[list[str]], list[str]]:
    """Each blank's alternatives, and the prompt's text between blanks."""
    parts = re.split(r"\{\{([^{}]*)\}\}", card.prompt)
    alternatives = [[alt.strip() for alt in blank.split("|")] for blank in parts[1::2]]
    return alternatives, parts[2:-1:2]


def cloze_blanks_right(
    card: ClozeCard, responses: Sequence[str], language: str, never: Iterable[str] = ()
) -> list[bool]:
    """The README's cloze rule: each blank alone, then blanks next to each other together."""
    alternatives, between = _blanks(card)
    never = list(never)
    texts = [responses[i] if i < len(responses) else "" for i in range(len(alternatives))]
    right = [
        typed_outcome(text, alts, language, never=never)[0]
        for text, alts in zip(texts, alternatives, strict=True)
    ]
    # Runs of blanks with nothing but spaces between them.
    runs: list[list[int]] = [[0]]
    for index, gap in enumerate(between, start=1):
        if gap.strip() == "":
            runs[-1].append(index)
        else:
            runs.append([index])
    for run in runs:
        if len(run) < 2 or all(right[i] for i in run):
            continue
        words = " ".join(plain(texts[i], language) for i in run).split()
        if _can_share(words, [alternatives[i] for i in run], language, never):
            for i in run:
                right[i] = True
    return right


def _can_share(
    words: list[str], alternatives: list[list[str]], language: str, never: list[str]
) -> bool:
    """Whether the words, in order, can be cut into one non-empty share per blank, each
    right for its blank."""
    if len(words) < len(alternatives):
        return False
    for cuts in itertools.combinations(range(1, len(words)), len(alternatives) - 1):
        bounds = [0, *cuts, len(words)]
        shares = [" ".join(words[bounds[k] : bounds[k + 1]]) for k in range(len(alternatives))]
        if all(
            typed_outcome(share, alts, language, never=never)[0]
            for share, alts in zip(shares, alternatives, strict=True)
        ):
            return True
    return False


def multi_credit(card: MultiCard, picks: Sequence[str]) -> float:
    """(right picked − wrong picked) ÷ right options, never below 0; twice counts once."""
    picked = set(picks)
    right = len(picked & set(card.answer))
    wrong = len(picked - set(card.answer))
    return max(0.0, (right - wrong) / len(card.answer))


def order_credit(card: OrderCard, items: Sequence[str]) -> float:
    """0 unless every item exactly once; else the share of pairs in the right relative order."""
    if sorted(items) != sorted(card.answer) or len(set(items)) != len(items):
        return 0.0
    pairs = list(itertools.combinations(items, 2))
    in_order = sum(
        1 for first, second in pairs if card.answer.index(first) < card.answer.index(second)
    )
    return in_order / len(pairs)
