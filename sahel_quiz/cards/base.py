"""What every card type's rules share: the card as shown, the rules' interface, the registry.

A `ShownCard` is what a learner sees of a card: its type, prompt, choices in their shown order,
number of blanks and unit, and never its answer, so it may be sent to a phone while the
question is open, and rebuilt from what a phone was sent. Everything that depends on the answer
(the expected text, the right value on the wire) takes the `Card` itself.

Each card type has one `CardRules` object, found by `rules_for(card)` (or by the type's name):
interfaces and the engine ask it rather than branching on card classes.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Literal, TypeAlias, TypeVar

from sahel_quiz.grading import Grade, Response
from sahel_quiz.i18n import _

if TYPE_CHECKING:
    from sahel_quiz.deck.model import Card

__all__ = [
    "BLANK",
    "MAX_WIRE_TEXT",
    "CardRules",
    "Mark",
    "MarkState",
    "ResponseError",
    "ShownCard",
    "WireValue",
    "register",
    "rules_for",
]

WireValue: TypeAlias = bool | int | str | list[int] | list[str]
"""A response as it travels in a classroom message: options and items as indices."""
ChoiceKind = Literal["options", "items"]
MAX_WIRE_TEXT = 500
"""The longest text a response may hold on the wire (a typed answer, one blank)."""
BLANK = "_____"
"""How a cloze blank is shown in `ShownCard.prompt` (`ClozeCard.shown_prompt`)."""
MarkState = Literal["right", "wrong", "missed", "plain"]
"""How a line of an answered question is marked: ✓ right, ✗ wrong, a right option the learner
did not pick (`missed`, ✓ too), or an option neither picked nor right (`plain`, no mark)."""

C = TypeVar("C", bound="Card")


class ResponseError(ValueError):
    """A response that does not fit the question (its message says why, in a few words)."""


@dataclass(frozen=True, slots=True)
class ShownCard:
    """A card as the learner sees it (see the module docstring)."""

    type: str
    """The card type's name: `choice`, `order`, … (`rules_for` knows every one)."""
    prompt: str
    """The prompt as shown: a cloze card's blanks are `_____`."""
    choices: tuple[str, ...] = ()
    """Options (choice, multi) or items (order) in their shown order; empty for other types."""
    blanks: int = 0
    """How many blanks a cloze card has (0 for other types)."""
    unit: str | None = None
    """The unit a number is typed in, shown after the field."""

    @property
    def rules(self) -> CardRules[Any]:
        return rules_for(self.type)

    @property
    def numbered_prompt(self) -> str:
        """The prompt with several blanks numbered `__1__`, `__2__`, … as their fields are
        (one blank stays `_____`): how every screen shows a cloze prompt."""
        if self.blanks < 2:
            return self.prompt
        parts = self.prompt.split(BLANK)
        if len(parts) != self.blanks + 1:
            return self.prompt  # the prompt had "_____" of its own: leave it as it is
        shown = parts[0]
        for number, rest in enumerate(parts[1:], start=1):
            shown += f"__{number}__{rest}"
        return shown

    def blank_label(self, number: int) -> str:
        """How blank `number` (from 1) is named beside its field and its mark."""
        return f"__{number}__" if self.blanks > 1 else BLANK

    @property
    def options(self) -> list[str] | None:
        """The choices when they are options to pick from, else None (as the wire has it)."""
        return list(self.choices) if self.rules.choice_kind == "options" else None

    @property
    def items(self) -> list[str] | None:
        """The choices when they are items to put in order, else None (as the wire has it)."""
        return list(self.choices) if self.rules.choice_kind == "items" else None

    @property
    def labels(self) -> tuple[str, ...]:
        """What a class's answers are counted by (options, or True and False); else ()."""
        return self.rules.labels(self)

    @property
    def task(self) -> str:
        """How to answer, in a few words: "choose all that apply", "put in order"."""
        return self.rules.task(self)

    @property
    def typing_hint(self) -> str:
        """What to type on a line to answer (line mode and the terminal client)."""
        return self.rules.typing_hint(self)

    @property
    def self_graded(self) -> bool:
        """The learner grades themselves (a flashcard): nothing to type or pick."""
        return self.rules.self_graded

    def read(self, text: str) -> Response:
        """The response a line of typed text stands for; ValueError with a hint when it
        cannot be one (an empty line included: the caller decides what that means)."""
        if not text.strip():
            raise ValueError(_("type an answer"))
        return self.rules.read(self, text)

    def missing(self, response: Response) -> str | None:
        """What a response still lacks before it can be graded ("type an answer", "tick at
        least one option", "fill in blank 2"), or None when it is complete. Interfaces say
        it and grade nothing, whatever the card type."""
        return self.rules.missing(self, response)

    def from_wire(self, value: WireValue) -> Response:
        """The response a classroom message carries; `ResponseError` when it does not fit."""
        return self.rules.from_wire(self, value)

    def to_wire(self, response: Response) -> WireValue:
        """A response as a classroom message carries it: option and item texts as indices."""
        return self.rules.to_wire(self, response)

    def tally(self, responses: Sequence[Response]) -> list[int] | None:
        """How many responses picked each of `labels` (None for types without labels)."""
        return self.rules.tally(self, responses)


@dataclass(frozen=True, slots=True)
class Mark:
    """One line of a question as it is marked after the answer: an option (✓ on each right
    option, ✗ on each wrong pick), a blank (✓ or ✗, the expected text beside a wrong one), a
    position of an order, or a typed answer (with the spelling of a near miss)."""

    text: str
    """What the line shows: an option, the text typed in a blank, an item, a typed answer."""
    state: MarkState
    label: str = ""
    """What names the line: a blank's `__2__`, a position's `1.`; empty for options."""
    picked: bool | None = None
    """For options: whether the learner picked this one (None for other lines)."""
    note: str | None = None
    """What stands beside the line, worded: "answer: Lavrov", "spelling: Lavrov"."""
    note_marks: tuple[int, ...] = ()
    """Indices in `note` of the letters a near miss got wrong, for the interface to mark."""


def worded_note(
    template: str, text: str, letters: tuple[int, ...] = ()
) -> tuple[str, tuple[int, ...]]:
    """`template` (a translated message with one `{text}`) filled in, and `letters` (indices
    in `text`) moved to where `text` landed in it."""
    offset = template.find("{text}")
    note = template.format(text=text)
    return note, tuple(offset + index for index in letters) if offset >= 0 else ()


class CardRules(Generic[C]):
    """One card type's rules; subclasses override what differs from a typed card."""

    type: ClassVar[str]
    title: ClassVar[str]
    """The type's name as a reader sees it, marked with `N_` (`type_title` translates it)."""
    choice_kind: ClassVar[ChoiceKind | None] = None
    playable: ClassVar[bool] = True
    """Can be played in a classroom game (a self-graded card cannot: the class would grade)."""
    self_graded: ClassVar[bool] = False
    join: ClassVar[str] = ", "
    """How a list response of this type is written."""

    # -- showing ----------------------------------------------------------------------------

    def choices(self, card: C) -> Sequence[str]:
        """The card's options or items in the deck's order (empty for most types)."""
        return ()

    def arrange(self, card: C, rng: random.Random) -> tuple[str, ...]:
        """The choices in the order to show them, drawn from `rng`."""
        return tuple(self.choices(card))

    def shown(self, card: C, choices: Sequence[str]) -> ShownCard:
        return ShownCard(self.type, card.shown_prompt, tuple(choices))

    def labels(self, shown: ShownCard) -> tuple[str, ...]:
        return ()

    def task(self, shown: ShownCard) -> str:
        raise NotImplementedError

    def typing_hint(self, shown: ShownCard) -> str:
        raise NotImplementedError

    # -- reading and writing ----------------------------------------------------------------

    def read(self, shown: ShownCard, text: str) -> Response:
        return text.strip()

    def write(self, response: Response) -> str:
        """A response (or an accepted spelling) as the learner reads it; None is for the
        caller to word ("no answer")."""
        if isinstance(response, bool):
            return _("True") if response else _("False")
        if isinstance(response, list):
            return self.join.join(response) if response else _("nothing chosen")
        return response if response else _("(empty)")

    def missing(self, shown: ShownCard, response: Response) -> str | None:
        """What the response lacks (see `ShownCard.missing`); a text must not be blank."""
        if isinstance(response, str) and not response.strip():
            return _("type an answer")
        return None

    def marks(self, card: C, shown: ShownCard, response: Response, grade: Grade) -> list[Mark]:
        """The question marked after `response` (see `Mark`): here, the one answer typed,
        with the expected answer beside it when wrong, or the spelling of a near miss."""
        if grade.verdict == "right":
            spelling = grade.accepted_as
            if isinstance(spelling, str):
                letters = grade.corrected[0] if grade.corrected else ()
                note = worded_note(_("spelling: {text}"), spelling, letters)
                return [Mark(self.write(response), "right", note=note[0], note_marks=note[1])]
            typed, expected = self.write(response), self.expected(card)
            # `split` also splits at the no-break space between a number and its unit.
            if typed.casefold().split() == expected.casefold().split():
                return [Mark(typed, "right")]
            # Right, in other words (an accepted alternative, a number without its unit).
            return [Mark(typed, "right", note=worded_note(_("answer: {text}"), expected)[0])]
        typed = _("no answer (time ran out)") if response is None else self.write(response)
        answer = worded_note(_("answer: {text}"), self.expected(card))[0]
        return [Mark(typed, "wrong", note=answer)]

    def expected(self, card: C) -> str:
        """The right answer as the learner reads it."""
        parts = self.parts(card)
        if parts is not None:
            return self.write(parts)
        answer = getattr(card, "answer", "")
        return answer if isinstance(answer, str) else self.write(answer)

    def parts(self, card: C) -> list[str] | None:
        """The right answer as the list `expected` joins (the picks, each blank's first
        spelling, the items in order), else None: an answer that is one text or a bool."""
        return None

    def accepted(self, card: C) -> list[str]:
        """Other answers that count as right, as texts."""
        return []

    def steps(self, card: C) -> list[str] | None:
        """The right answer as a list to number (order cards), else None."""
        return None

    # -- the wire ---------------------------------------------------------------------------

    def from_wire(self, shown: ShownCard, value: WireValue) -> Response:
        return wire_text(value)

    def to_wire(self, shown: ShownCard, response: Response) -> WireValue:
        if response is None:
            raise ResponseError(_("no response to send"))
        return response

    def correct(self, card: C, shown: ShownCard) -> WireValue:
        """The response that earns full credit, as the wire carries it."""
        answer: WireValue = getattr(card, "answer", "")
        return answer

    def tally(self, shown: ShownCard, responses: Sequence[Response]) -> list[int] | None:
        return None


_RULES: dict[str, CardRules[Any]] = {}
R = TypeVar("R", bound=CardRules[Any])


def register(rules: type[R]) -> type[R]:
    """Class decorator: the rules of `rules.type`."""
    _RULES[rules.type] = rules()
    return rules


def rules_for(card: Card | ShownCard | str) -> CardRules[Any]:
    """The rules of a card, a shown card or a type name (KeyError for an unknown type)."""
    return _RULES[card if isinstance(card, str) else card.type]


def known_types() -> tuple[str, ...]:
    return tuple(_RULES)


# -- wire helpers shared by the types ----------------------------------------------------------


def wire_text(value: WireValue) -> str:
    if not isinstance(value, str):
        raise ResponseError(_("give a text"))
    if len(value) > MAX_WIRE_TEXT:
        raise ResponseError(_("at most {count} characters").format(count=MAX_WIRE_TEXT))
    return value


def wire_index(value: object, size: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < size:
        raise ResponseError(_("give an option number from 0 to {last}").format(last=size - 1))
    return value


def wire_indices(value: WireValue, size: int) -> list[int]:
    if not isinstance(value, list):
        raise ResponseError(_("give a list of numbers"))
    return [wire_index(item, size) for item in value]
