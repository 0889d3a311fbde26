"""The README's grading rules, property-tested against `grading_oracle`, which restates them
from the README's words alone (issue 9).

Each test draws cards and responses from small alphabets, where near misses, digits, articles
and texts of other cards collide often, and asks the grader and the oracle the same question.
The default profile runs 100 examples a test; `HYPOTHESIS_PROFILE=thorough` (run by `.ci/run`)
runs thousands.
"""

from __future__ import annotations

from hypothesis import assume, given
from hypothesis import strategies as st

from sahel_quiz.deck.model import Card, ClozeCard, MultiCard, NumberCard, TypedCard
from sahel_quiz.grading import Vocabulary, grade
from tests import grading_oracle as oracle

LANGUAGES = st.sampled_from(["en", "fr"])
_WORD_LETTERS = "abcdeilnorst"
words = st.text(alphabet=_WORD_LETTERS, min_size=1, max_size=12)
"""Words from a dozen letters, so that near misses of one another are common."""
texts = st.lists(words, min_size=1, max_size=3).map(" ".join)


@st.composite
def edited(draw: st.DrawFn, text: str, edits: int, alphabet: str = _WORD_LETTERS) -> str:
    """`text` after `edits` random edits of the README's kinds."""
    for _ in range(edits):
        kinds = ["insert"] + (["delete", "replace"] if text else [])
        kinds += ["swap"] if len(text) >= 2 else []
        kind = draw(st.sampled_from(kinds))
        char = draw(st.sampled_from(alphabet))
        if kind == "insert":
            at = draw(st.integers(0, len(text)))
            text = text[:at] + char + text[at:]
        elif kind == "swap":
            at = draw(st.integers(0, len(text) - 2))
            text = text[:at] + text[at + 1] + text[at] + text[at + 2 :]
        else:
            at = draw(st.integers(0, len(text) - 1))
            text = text[:at] + (char if kind == "replace" else "") + text[at + 1 :]
    return text


_ACCENTED = {"e": "é", "a": "à", "i": "î", "o": "ô", "c": "ç"}


@st.composite
def dressed(draw: st.DrawFn, text: str, language: str) -> str:
    """`text` as a learner might type it without changing its plain form: other case,
    accents, punctuation, spacing, sometimes a leading article."""
    out = []
    for char in text:
        choice = draw(st.integers(0, 5))
        if choice == 0:
            char = char.upper()
        elif choice == 1 and char in _ACCENTED:
            char = _ACCENTED[char]
        out.append(char)
    result = "".join(out).replace(" ", draw(st.sampled_from([" ", "  ", " - ", "-"])))
    result += draw(st.sampled_from(["", ".", "!", " ?", "…"]))
    if draw(st.booleans()):
        article = draw(st.sampled_from(["the ", "The "] if language == "en" else ["la ", "l’"]))
        result = article + result
    return result


@st.composite
def typed_decks(draw: st.DrawFn) -> list[TypedCard]:
    """Two to four typed cards whose texts are near misses of each other now and then."""
    base = draw(texts)
    cards: list[TypedCard] = []
    for index in range(draw(st.integers(2, 4))):
        answer = draw(st.one_of(texts, edited(base, draw(st.integers(1, 2)))))
        accept = draw(st.lists(st.one_of(texts, edited(answer, 1)), max_size=2))
        assume(answer.strip() and all(text.strip() for text in accept))
        reject = draw(st.lists(edited(answer, 1), max_size=2))
        taken = {" ".join(text.casefold().split()) for text in (answer, *accept)}
        reject = [text for text in reject if text.strip() and " ".join(text.split()) not in taken]
        cards.append(
            TypedCard(
                type="typed",
                id=f"c{index}",
                prompt="?",
                answer=answer.strip(),
                accept=[text.strip() for text in accept],
                reject=[text.strip() for text in reject],
                fuzzy=draw(st.integers(0, 4)) > 0,
            )
        )
    return cards


def never_forgiven(deck: list[Card], card: TypedCard) -> list[str]:
    return [*oracle.deck_texts(deck), *card.reject]


# -- typed answers -------------------------------------------------------------------------


@given(st.data(), typed_decks(), LANGUAGES)
def test_typed_answers_are_graded_as_the_readme_says(
    data: st.DataObject, deck: list[Card], language: str
) -> None:
    card = data.draw(st.sampled_from(deck))
    assert isinstance(card, TypedCard)
    base = data.draw(st.sampled_from([*oracle.deck_texts(deck), data.draw(texts)]))
    response = data.draw(dressed(data.draw(edited(base, data.draw(st.integers(0, 3)))), language))
    right, spelling = oracle.typed_outcome(
        response,
        [card.answer, *card.accept],
        language,
        fuzzy=card.fuzzy,
        never=never_forgiven(deck, card),
    )
    result = grade(card, response, language, vocabulary=Vocabulary(deck, language))
    assert (result.credit == 1.0) == right
    assert result.accepted_as == spelling
    if spelling is not None:
        [corrected] = result.corrected  # one part: the typed text
        assert corrected, "a forgiven near miss marks what it corrected"
        assert all(spelling[index].isalnum() for index in corrected)


@given(
    st.sampled_from([4, 5, 9, 10, 11]),
    st.integers(1, 3),
    st.data(),
    LANGUAGES,
)
def test_one_and_two_edits_at_the_length_thresholds(
    length: int, edits: int, data: st.DataObject, language: str
) -> None:
    """Under 5 characters exact; 5 to 9: one edit; 10 or more: two."""
    word = data.draw(st.text(alphabet=_WORD_LETTERS, min_size=length, max_size=length))
    typed = word[0] + data.draw(edited(word[1:], edits))  # the first letter stays
    assume(typed != word and len(typed) > 1)
    assume(oracle.plain(word, language) == word and oracle.plain(typed, language) == typed)
    allowed = oracle.allowance(word)
    fewest = next((n for n in range(3) if oracle.edits_at_most(typed, word, n)), 3)
    card = TypedCard(type="typed", id="t", prompt="?", answer=word)
    result = grade(card, typed, language)
    assert (result.credit == 1.0) == (fewest <= allowed)
    assert allowed == (0 if length < 5 else 1 if length <= 9 else 2)


@given(st.data(), words, st.integers(0, 9), LANGUAGES)
def test_a_word_with_a_digit_must_be_exact(
    data: st.DataObject, word: str, digit: int, language: str
) -> None:
    at = data.draw(st.integers(1, len(word)))
    expected = f"{word[:at]}{digit}{word[at:]}" + "abcdefgh"[: max(0, 6 - len(word))]
    typed = expected[0] + data.draw(edited(expected[1:], 1, _WORD_LETTERS + "0123456789"))
    assume(oracle.plain(typed, language) != oracle.plain(expected, language))
    card = TypedCard(type="typed", id="t", prompt="?", answer=f"April {expected}")
    assert grade(card, f"April {typed}", language).credit == 0.0


@given(st.data(), st.text(alphabet=_WORD_LETTERS, min_size=5, max_size=12), LANGUAGES)
def test_the_first_letter_of_each_word_must_be_right(
    data: st.DataObject, word: str, language: str
) -> None:
    first = data.draw(st.sampled_from(_WORD_LETTERS).filter(lambda char: char != word[0]))
    typed = data.draw(st.sampled_from([first + word[1:], first + word, word[1:]]))
    assume(typed[0] != word[0])
    card = TypedCard(type="typed", id="t", prompt="?", answer=f"sahel {word}")
    assert grade(card, f"sahel {typed}", language).credit == 0.0


@given(st.data(), st.text(alphabet=_WORD_LETTERS, min_size=6, max_size=12), LANGUAGES)
def test_a_response_that_is_another_answer_of_the_deck_is_never_forgiven(
    data: st.DataObject, word: str, language: str
) -> None:
    other = word[0] + data.draw(edited(word[1:], 1))
    assume(oracle.plain(other, language) not in ("", oracle.plain(word, language)))
    assume(len(other.split()) == 1 and oracle.forgiven_edits(other, word) is not None)
    card = TypedCard(type="typed", id="a", prompt="?", answer=word)
    elsewhere = data.draw(
        st.sampled_from(
            [
                TypedCard(type="typed", id="b", prompt="?", answer="x", accept=[other]),
                MultiCard(type="multi", id="b", prompt="?", options=[other, "x"], answer=["x"]),
                ClozeCard(type="cloze", id="b", prompt=f"{{{{x|{other}}}}}"),
            ]
        )
    )
    deck: list[Card] = [card, elsewhere]
    assert grade(card, other, language).credit == 1.0  # a near miss on its own...
    assert grade(card, other, language, vocabulary=Vocabulary(deck, language)).credit == 0.0
    rejecting = card.model_copy(update={"reject": [other]})
    assert grade(rejecting, other, language).credit == 0.0


@given(st.data(), texts, LANGUAGES)
def test_one_leading_article_and_french_elisions(
    data: st.DataObject, text: str, language: str
) -> None:
    articles = {
        "en": ["the ", "a ", "an "],
        "fr": ["le ", "la ", "les ", "l’", "l'", "un ", "des "],
    }
    article = data.draw(st.sampled_from(articles[language]))
    plain = oracle.plain(text, language)
    assume(plain == text and plain.split()[0] not in ("l", "d", "the", "le", "la", "les"))
    card = TypedCard(type="typed", id="t", prompt="?", answer=text)
    assert grade(card, article + text, language).credit == 1.0
    twice = article + article + text
    assert grade(card, twice, language).credit == float(
        oracle.typed_outcome(twice, [text], language)[0]
    )
    if language == "fr":
        elided = TypedCard(type="typed", id="t", prompt="?", answer=f"d’{text}")
        assert grade(elided, f"d'{text.upper()}", language).credit == 1.0
        assert grade(elided, f"D {text}", language).credit == 1.0


# -- cloze -----------------------------------------------------------------------------------


@st.composite
def cloze_cases(draw: st.DrawFn) -> tuple[ClozeCard, list[str]]:
    """A cloze card whose blanks are sometimes next to each other, and responses per blank:
    right, near, wrong, empty, or words moved from one blank to its neighbour."""
    blanks = draw(st.lists(st.lists(texts, min_size=1, max_size=2), min_size=1, max_size=4))
    prompt = draw(st.sampled_from(["", "Q: "]))
    for index, alternatives in enumerate(blanks):
        if index:
            prompt += draw(st.sampled_from([" ", "  ", " and ", ", "]))
        prompt += "{{" + "|".join(alternatives) + "}}"
    card = ClozeCard(type="cloze", id="c", prompt=prompt + ".")
    responses = []
    for alternatives in card.blanks:
        base = draw(st.sampled_from(alternatives))
        responses.append(
            draw(
                st.one_of(
                    st.just(base),
                    edited(base, draw(st.integers(1, 2))),
                    texts,
                    st.just(""),
                )
            )
        )
    if len(responses) >= 2 and draw(st.booleans()):
        at = draw(st.integers(0, len(responses) - 2))
        joined = f"{responses[at]} {responses[at + 1]}".split()
        cut = draw(st.integers(0, len(joined)))
        responses[at], responses[at + 1] = " ".join(joined[:cut]), " ".join(joined[cut:])
    return card, responses


@given(cloze_cases(), LANGUAGES)
def test_cloze_credit_is_the_share_of_blanks_right(
    case: tuple[ClozeCard, list[str]], language: str
) -> None:
    card, responses = case
    right = oracle.cloze_blanks_right(card, responses, language)
    assert grade(card, responses, language).credit == sum(right) / len(right)


@given(cloze_cases(), st.data(), LANGUAGES)
def test_cloze_making_a_wrong_blank_right_never_lowers_credit(
    case: tuple[ClozeCard, list[str]], data: st.DataObject, language: str
) -> None:
    """More right never scores less. (A blank already right may hold words that make its
    neighbour right too, when they are graded together: replacing it is not "more right".)"""
    card, responses = case
    right = oracle.cloze_blanks_right(card, responses, language)
    wrong = [index for index, is_right in enumerate(right) if not is_right]
    assume(wrong)
    at = data.draw(st.sampled_from(wrong))
    better = list(responses)
    better[at] = card.blanks[at][0]
    assert grade(card, better, language).credit >= grade(card, responses, language).credit


# -- multi -----------------------------------------------------------------------------------


@given(st.data(), st.lists(words, min_size=2, max_size=6, unique=True))
def test_multi_credit_follows_the_readme(data: st.DataObject, options: list[str]) -> None:
    answer = data.draw(st.lists(st.sampled_from(options), min_size=1, unique=True))
    card = MultiCard(type="multi", id="m", prompt="?", options=options, answer=answer)
    picks = data.draw(
        st.lists(st.one_of(st.sampled_from(options), st.just("no such option")), max_size=8)
    )
    assert grade(card, picks).credit == oracle.multi_credit(card, picks)


# -- numbers ---------------------------------------------------------------------------------

# The README: "its name in English or French, singular or plural, or a usual abbreviation".
UNITS = {
    "years": ["years", "year", "ans", "an", "yrs", "Years"],
    "months": ["months", "month", "mois"],
    "%": ["%", "percent", "pour cent"],
    "km": ["km", "kilometres", "kilomètres"],
}
SCRIPTS = {
    "ascii": "0123456789",
    "arabic-indic": "٠١٢٣٤٥٦٧٨٩",
    "persian": "۰۱۲۳۴۵۶۷۸۹",
    "devanagari": "०१२३४५६७८९",
}


@st.composite
def written_numbers(draw: st.DrawFn) -> tuple[float, str]:
    """A number and one way the README lets a learner write it."""
    whole = draw(st.integers(0, 10**7))
    decimals = draw(st.sampled_from(["", "5", "25", "125"]))
    negative = draw(st.booleans())
    value = float(f"{'-' if negative else ''}{whole}.{decimals or 0}")
    script = draw(st.sampled_from(sorted(SCRIPTS)))
    if script == "arabic-indic":
        point, group = "٫", draw(st.sampled_from(["", "٬"]))
    else:
        point = draw(st.sampled_from([".", ","]))
        group = draw(st.sampled_from(["", " ", "'"] + ([","] if point == "." else [])))
    digits = f"{whole:,}".replace(",", group) if group else str(whole)
    text = digits + (point + decimals if decimals else "")
    if point == "," and len(decimals) == 3 and 0 < whole < 1000:
        # The README: then the comma groups thousands.
        value = float(f"{'-' if negative else ''}{whole}{decimals}")
    text = text.translate(str.maketrans("0123456789", SCRIPTS[script]))
    sign = draw(st.sampled_from(["-", "−"])) if negative else draw(st.sampled_from(["", "+"]))
    return value, sign + text


@given(written_numbers(), st.sampled_from(sorted(UNITS)), st.data())
def test_numbers_with_units_commas_and_other_digits(
    number: tuple[float, str], unit: str, data: st.DataObject
) -> None:
    value, text = number
    card = NumberCard(type="number", id="n", prompt="?", answer=value, unit=unit)
    typed_unit = data.draw(
        st.sampled_from(["", *(word for words in UNITS.values() for word in words)])
    )
    spacing = data.draw(st.sampled_from(["", " "]))
    response = text + (spacing + typed_unit if typed_unit else "")
    result = grade(card, response)
    unit_is_right = typed_unit == "" or typed_unit in UNITS[unit]
    assert (result.credit == 1.0) == unit_is_right, response
    assert (result.wrong_unit is not None) == (not unit_is_right)
    if result.wrong_unit is not None:
        assert (result.wrong_unit.typed, result.wrong_unit.asked) == (typed_unit, unit)
    off = card.model_copy(update={"answer": value + 1})
    assert grade(off, text).credit == 0.0


@given(
    st.sampled_from(["0x3", "0X1F", "0b101", "nan", "NaN", "inf", "-inf", "1e3", "2.5E-3", "13e2"]),
    st.sampled_from(["", " years"]),
)
def test_hex_nan_inf_and_exponents_are_never_numbers(text: str, unit: str) -> None:
    for answer in (0.0, 3.0, 1000.0, 1300.0, 31.0, 5.0):
        card = NumberCard(type="number", id="n", prompt="?", answer=answer, unit="years")
        assert grade(card, text + unit).credit == 0.0
