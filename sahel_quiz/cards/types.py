"""The rules of each card type, one small class each, registered by the type's name."""

from __future__ import annotations

import random
from collections.abc import Sequence

from sahel_quiz.cards.base import (
    CardRules,
    Mark,
    MarkState,
    ResponseError,
    ShownCard,
    WireValue,
    register,
    wire_index,
    wire_indices,
    wire_text,
    worded_note,
)
from sahel_quiz.cards.reading import (
    read_blanks,
    read_bool,
    read_number,
    read_option,
    read_order,
    read_picks,
)
from sahel_quiz.deck.model import (
    BasicCard,
    ChoiceCard,
    ClozeCard,
    MultiCard,
    NumberCard,
    OrderCard,
    TrueFalseCard,
    TypedCard,
)
from sahel_quiz.grading import (
    NUMBER_HINT,
    Grade,
    Response,
    format_number,
    grade,
    parse_number,
    resolve_option,
)
from sahel_quiz.i18n import N_, _, ngettext, unit_space, with_unit

__all__ = [
    "MAX_ORDER_CREDIT_SHOWN",
    "BasicRules",
    "ChoiceRules",
    "ClozeRules",
    "MultiRules",
    "NumberRules",
    "OrderRules",
    "TrueFalseRules",
    "TypedRules",
]

MAX_ORDER_CREDIT_SHOWN = 0.5
"""The most an order card may be worth if the learner submits it as shown."""
_ORDER_TRIES = 64


def _shuffled(items: Sequence[str], rng: random.Random) -> tuple[str, ...]:
    result = list(items)
    rng.shuffle(result)
    return tuple(result)


_OPTION_STATES: dict[tuple[bool, bool], MarkState] = {
    (True, True): "right",
    (False, True): "missed",
    (True, False): "wrong",
    (False, False): "plain",
}
"""An option's mark by (picked, right): ✓ on each right one, ✗ on each wrong pick."""


def _option_marks(options: Sequence[str], picks: Sequence[str], right: Sequence[str]) -> list[Mark]:
    """Every option as shown, marked (see `_OPTION_STATES`)."""
    picked, wanted = set(picks), set(right)
    return [
        Mark(option, _OPTION_STATES[option in picked, option in wanted], picked=option in picked)
        for option in options
    ]


def _picks(options: Sequence[str], response: Response) -> list[str]:
    """The options a response picked (one text or a list), as shown."""
    texts = [response] if isinstance(response, str) else response
    if not isinstance(texts, list):
        return []
    found = (resolve_option(options, text) for text in texts if isinstance(text, str))
    return [option for option in found if option is not None]


@register
class BasicRules(CardRules[BasicCard]):
    """A flashcard: recalled, revealed, and graded by the learner (True: "I knew it")."""

    type = "basic"
    title = N_("flashcard")
    playable = False
    self_graded = True

    def task(self, shown: ShownCard) -> str:
        return _("flashcard: recall, then show the answer")

    def typing_hint(self, shown: ShownCard) -> str:
        return _("press Enter to show the answer")

    def read(self, shown: ShownCard, text: str) -> Response:
        return read_bool(text, question="yes or no")

    def write(self, response: Response) -> str:
        """The learner's own grade, in words: never "True" or "False"."""
        if isinstance(response, bool):
            return _("I knew it") if response else _("I didn't know it")
        return super().write(response)

    def marks(
        self, card: BasicCard, shown: ShownCard, response: Response, grade: Grade
    ) -> list[Mark]:
        said = _("no answer (time ran out)") if response is None else self.write(response)
        note = worded_note(_("answer: {text}"), card.answer)[0]
        return [Mark(said, "right" if response is True else "wrong", note=note)]

    def from_wire(self, shown: ShownCard, value: WireValue) -> Response:
        if not isinstance(value, bool):
            raise ResponseError(_("answer true or false"))
        return value

    def correct(self, card: BasicCard, shown: ShownCard) -> WireValue:
        return True


class _OptionRules(CardRules[ChoiceCard | MultiCard]):
    """Options picked from a list shown in a seeded random order (the deck's with no shuffle)."""

    choice_kind = "options"

    def choices(self, card: ChoiceCard | MultiCard) -> Sequence[str]:
        return card.options

    def arrange(self, card: ChoiceCard | MultiCard, rng: random.Random) -> tuple[str, ...]:
        """Shuffled, unless the card says `shuffle: false` (options whose order means
        something): never kept in the deck's order for any other reason, as decks tend to
        list the right option first."""
        return _shuffled(card.options, rng) if card.shuffle else tuple(card.options)

    def marks(
        self, card: ChoiceCard | MultiCard, shown: ShownCard, response: Response, grade: Grade
    ) -> list[Mark]:
        right = [card.answer] if isinstance(card.answer, str) else card.answer
        return _option_marks(shown.choices, _picks(shown.choices, response), right)

    def labels(self, shown: ShownCard) -> tuple[str, ...]:
        return shown.choices

    def tally(self, shown: ShownCard, responses: Sequence[Response]) -> list[int] | None:
        counts = dict.fromkeys(shown.choices, 0)
        for response in responses:
            picks = [response] if isinstance(response, str) else response
            if isinstance(picks, list | tuple):
                for pick in picks:
                    if pick in counts:
                        counts[pick] += 1
        return [counts[option] for option in shown.choices]


@register
class ChoiceRules(_OptionRules):
    type = "choice"
    title = N_("one choice")

    def task(self, shown: ShownCard) -> str:
        return _("choose one")

    def typing_hint(self, shown: ShownCard) -> str:
        return _("type the number of your answer")

    def read(self, shown: ShownCard, text: str) -> Response:
        return read_option(shown.choices, text)

    def from_wire(self, shown: ShownCard, value: WireValue) -> Response:
        return shown.choices[wire_index(value, len(shown.choices))]

    def to_wire(self, shown: ShownCard, response: Response) -> WireValue:
        if not isinstance(response, str) or response not in shown.choices:
            raise ResponseError(_("pick one of the options"))
        return shown.choices.index(response)

    def correct(self, card: ChoiceCard | MultiCard, shown: ShownCard) -> WireValue:
        assert isinstance(card.answer, str)
        return shown.choices.index(card.answer)


@register
class MultiRules(_OptionRules):
    type = "multi"
    title = N_("several choices")

    def task(self, shown: ShownCard) -> str:
        return _("choose all that apply")

    def typing_hint(self, shown: ShownCard) -> str:
        return _("type the numbers of every right option, e.g. 1,3")

    def read(self, shown: ShownCard, text: str) -> Response:
        return read_picks(shown.choices, text)

    def missing(self, shown: ShownCard, response: Response) -> str | None:
        if isinstance(response, list) and not response:
            return _("tick at least one option")
        return super().missing(shown, response)

    def parts(self, card: ChoiceCard | MultiCard) -> list[str] | None:
        return list(card.answer)

    def from_wire(self, shown: ShownCard, value: WireValue) -> Response:
        picks = wire_indices(value, len(shown.choices))
        if len(set(picks)) != len(picks):
            raise ResponseError(_("pick each option at most once"))
        return [shown.choices[i] for i in sorted(picks)]

    def to_wire(self, shown: ShownCard, response: Response) -> WireValue:
        if not isinstance(response, list) or not set(response) <= set(shown.choices):
            raise ResponseError(_("pick among the options"))
        return [shown.choices.index(pick) for pick in response]

    def correct(self, card: ChoiceCard | MultiCard, shown: ShownCard) -> WireValue:
        right = set(card.answer)
        return [i for i, option in enumerate(shown.choices) if option in right]


@register
class TrueFalseRules(CardRules[TrueFalseCard]):
    type = "true_false"
    title = N_("true or false")

    def labels(self, shown: ShownCard) -> tuple[str, ...]:
        return (_("True"), _("False"))

    def task(self, shown: ShownCard) -> str:
        return _("true or false?")

    def typing_hint(self, shown: ShownCard) -> str:
        return _("type t (true) or f (false)")

    def read(self, shown: ShownCard, text: str) -> Response:
        return read_bool(text)

    def expected(self, card: TrueFalseCard) -> str:
        return self.write(card.answer)

    def marks(
        self, card: TrueFalseCard, shown: ShownCard, response: Response, grade: Grade
    ) -> list[Mark]:
        return [
            Mark(
                self.write(value),
                _OPTION_STATES[response is value, card.answer is value],
                picked=response is value,
            )
            for value in (True, False)
        ]

    def from_wire(self, shown: ShownCard, value: WireValue) -> Response:
        if not isinstance(value, bool):
            raise ResponseError(_("answer true or false"))
        return value

    def tally(self, shown: ShownCard, responses: Sequence[Response]) -> list[int] | None:
        return [sum(1 for r in responses if r is True), sum(1 for r in responses if r is False)]


@register
class TypedRules(CardRules[TypedCard]):
    type = "typed"
    title = N_("typed answer")

    def task(self, shown: ShownCard) -> str:
        return _("type the answer")

    def typing_hint(self, shown: ShownCard) -> str:
        return _("type your answer")

    def accepted(self, card: TypedCard) -> list[str]:
        return list(card.accept)


@register
class NumberRules(CardRules[NumberCard]):
    type = "number"
    title = N_("number")

    def shown(self, card: NumberCard, choices: Sequence[str]) -> ShownCard:
        return ShownCard(self.type, card.shown_prompt, unit=card.unit)

    def task(self, shown: ShownCard) -> str:
        return _("type a number")

    def typing_hint(self, shown: ShownCard) -> str:
        return _("type a number")

    def read(self, shown: ShownCard, text: str) -> Response:
        return read_number(text)

    def expected(self, card: NumberCard) -> str:
        text = format_number(card.answer)
        if card.tolerance > 0:  # `13 ± 1 ans`, on one line like the number and its unit
            space = unit_space()
            text += f"{space}±{space}{format_number(card.tolerance)}"
        return with_unit(text, card.unit) if card.unit else text

    def from_wire(self, shown: ShownCard, value: WireValue) -> Response:
        text = wire_text(value)
        if parse_number(text) is None:
            raise ResponseError(_(NUMBER_HINT))
        return text

    def correct(self, card: NumberCard, shown: ShownCard) -> WireValue:
        return format_number(card.answer)


@register
class ClozeRules(CardRules[ClozeCard]):
    type = "cloze"
    title = N_("fill in the blanks")
    join = " · "

    def shown(self, card: ClozeCard, choices: Sequence[str]) -> ShownCard:
        return ShownCard(self.type, card.shown_prompt, blanks=len(card.blanks))

    def task(self, shown: ShownCard) -> str:
        return ngettext("fill in the blank", "fill in the blanks", shown.blanks)

    def typing_hint(self, shown: ShownCard) -> str:
        return ngettext("type the missing word", "type one line per blank", shown.blanks)

    def read(self, shown: ShownCard, text: str) -> Response:
        return read_blanks(shown.blanks, text)

    def missing(self, shown: ShownCard, response: Response) -> str | None:
        texts = [response] if isinstance(response, str) else response
        if not isinstance(texts, list):
            return None
        empty = [
            n for n in range(1, shown.blanks + 1) if n > len(texts) or not texts[n - 1].strip()
        ]
        if not empty:
            return None
        if shown.blanks == 1:
            return _("fill in the blank")
        return ngettext("fill in blank {numbers}", "fill in blanks {numbers}", len(empty)).format(
            numbers=", ".join(str(n) for n in empty)
        )

    def marks(
        self, card: ClozeCard, shown: ShownCard, response: Response, grade: Grade
    ) -> list[Mark]:
        texts = [response] if isinstance(response, str) else response
        typed = [t for t in texts if isinstance(t, str)] if isinstance(texts, list) else []
        spellings = grade.accepted_as if isinstance(grade.accepted_as, tuple) else ()
        marks = []
        for index, alternatives in enumerate(card.blanks):
            text = typed[index] if index < len(typed) else ""
            right = index < len(grade.blanks_right) and grade.blanks_right[index]
            label = shown.blank_label(index + 1)
            shown_text = text.strip() or _("(empty)")
            if not right:
                note = worded_note(_("answer: {text}"), alternatives[0])[0]
                marks.append(Mark(shown_text, "wrong", label=label, note=note))
                continue
            spelling = spellings[index] if index < len(spellings) else None
            letters = grade.corrected[index] if index < len(grade.corrected) else ()
            if spelling and letters:
                note, at = worded_note(_("spelling: {text}"), spelling, letters)
                marks.append(Mark(shown_text, "right", label=label, note=note, note_marks=at))
            else:
                marks.append(Mark(shown_text, "right", label=label))
        return marks

    def parts(self, card: ClozeCard) -> list[str] | None:
        return [alternatives[0] for alternatives in card.blanks]

    def accepted(self, card: ClozeCard) -> list[str]:
        return [
            _("blank {number}: {texts}").format(number=number, texts=" / ".join(alternatives))
            for number, alternatives in enumerate(card.blanks, start=1)
            if len(alternatives) > 1
        ]

    def from_wire(self, shown: ShownCard, value: WireValue) -> Response:
        if not isinstance(value, list) or len(value) != shown.blanks:
            raise ResponseError(
                ngettext(
                    "give a list of {count} text, one per blank",
                    "give a list of {count} texts, one per blank",
                    shown.blanks,
                ).format(count=shown.blanks)
            )
        return [wire_text(part) for part in value]

    def correct(self, card: ClozeCard, shown: ShownCard) -> WireValue:
        return [alternatives[0] for alternatives in card.blanks]


@register
class OrderRules(CardRules[OrderCard]):
    """Items put in order. Never shown in their right order, nor in one that would earn more
    than half the credit if submitted as shown: pressing Submit at once must not pay."""

    type = "order"
    title = N_("order")
    choice_kind = "items"
    join = " → "

    def choices(self, card: OrderCard) -> Sequence[str]:
        return card.answer

    def arrange(self, card: OrderCard, rng: random.Random) -> tuple[str, ...]:
        items = list(card.answer)
        for _try in range(_ORDER_TRIES):
            shown = _shuffled(items, rng)
            if list(shown) != items and grade(card, list(shown)).credit <= MAX_ORDER_CREDIT_SHOWN:
                return shown
        # Earns nothing as shown. At least half of all orders pass (inversion counts are
        # symmetric), so this is reached with odds of at most 2⁻⁶⁴.
        return tuple(reversed(items))

    def task(self, shown: ShownCard) -> str:
        return _("put in order")

    def typing_hint(self, shown: ShownCard) -> str:
        example = ",".join(str(n) for n in range(len(shown.choices), 0, -1))
        return _("type the item numbers in the right order, e.g. {example}").format(example=example)

    def read(self, shown: ShownCard, text: str) -> Response:
        return read_order(shown.choices, text)

    def parts(self, card: OrderCard) -> list[str] | None:
        return list(card.answer)

    def steps(self, card: OrderCard) -> list[str] | None:
        return list(card.answer)

    def marks(
        self, card: OrderCard, shown: ShownCard, response: Response, grade: Grade
    ) -> list[Mark]:
        """The items in the right order, each position marked ✓ when the learner put that
        item there, else ✗ with the place the learner gave it."""
        placed = _picks(list(card.answer), response)
        if len(placed) != len(card.answer):
            return [
                Mark(item, "missed", label=f"{number}.")
                for number, item in enumerate(card.answer, start=1)
            ]
        marks = []
        for number, item in enumerate(card.answer, start=1):
            place = placed.index(item) + 1
            if place == number:
                marks.append(Mark(item, "right", label=f"{number}."))
            else:
                note = _("yours: {place}").format(place=place)
                marks.append(Mark(item, "wrong", label=f"{number}.", note=note))
        return marks

    def from_wire(self, shown: ShownCard, value: WireValue) -> Response:
        size = len(shown.choices)
        order = wire_indices(value, size)
        if sorted(order) != list(range(size)):
            raise ResponseError(_("give each item number 0 to {last} once").format(last=size - 1))
        return [shown.choices[i] for i in order]

    def to_wire(self, shown: ShownCard, response: Response) -> WireValue:
        if not isinstance(response, list) or sorted(response) != sorted(shown.choices):
            raise ResponseError(_("put every item in order"))
        return [shown.choices.index(item) for item in response]

    def correct(self, card: OrderCard, shown: ShownCard) -> WireValue:
        return [shown.choices.index(item) for item in card.answer]
