"""The deck format: the user-facing contract that teachers write in YAML.

Every model forbids unknown keys so that a misspelt key is an error, never silently ignored.
Text fields are strict strings: YAML's unquoted `no`/`yes` arrive as booleans and must be
refused (the loader turns that refusal into a "put it in quotes" hint).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

from sahel_quiz.deck.messages import escaped, shown
from sahel_quiz.i18n import N_, _

__all__ = [
    "BLANK_PATTERN",
    "CONTROL_CHARACTER",
    "BasicCard",
    "Card",
    "CardType",
    "ChoiceCard",
    "ClozeCard",
    "Deck",
    "LoadedDeck",
    "MultiCard",
    "NumberCard",
    "OrderCard",
    "TrueFalseCard",
    "TypedCard",
]

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
LANGUAGE_PATTERN = r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$"
BLANK_PATTERN = re.compile(r"\{\{([^{}]*)\}\}")
"""A blank holds no brace, so finding the blanks of any prompt takes linear time."""

Slug = Annotated[str, StringConstraints(strict=True, pattern=SLUG_PATTERN, max_length=64)]


CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\ufffe\uffff]")
"""Characters that a deck text never needs and a terminal obeys: control characters (an escape
can recolour or clear the learner's screen) and the bidirectional embeddings and overrides,
which make a text read differently from what it is. Tabs and line breaks stay, as do the
bidirectional marks and isolates that right-to-left writing uses."""


def _visible(text: str) -> str:
    """A text of spaces and line breaks only is shown as nothing and can never be typed; a
    control character would be obeyed by the terminal that shows the text."""
    if not text.strip():
        raise ValueError(_("must not be blank"))
    control = CONTROL_CHARACTER.search(text)
    if control is not None:
        raise ValueError(
            _("control character U+{code:04X} at character {position}: remove it").format(
                code=ord(control.group()), position=control.start() + 1
            )
        )
    return text


Text = Annotated[
    str, StringConstraints(strict=True, min_length=1, max_length=4000), AfterValidator(_visible)
]
ShortText = Annotated[
    str, StringConstraints(strict=True, min_length=1, max_length=500), AfterValidator(_visible)
]
Tag = Annotated[
    str, StringConstraints(strict=True, min_length=1, max_length=64), AfterValidator(_visible)
]
Points = Annotated[float, Field(strict=True, gt=0, le=100, allow_inf_nan=False)]
Number = Annotated[float, Field(strict=True, allow_inf_nan=False)]
"""Every number in a deck is finite: `.inf` would make any answer right, `.nan` none."""

CardType = Literal["basic", "choice", "multi", "true_false", "typed", "number", "cloze", "order"]


def _distinct(items: list[str], what: str) -> list[str]:
    seen: set[str] = set()
    for item in items:
        if item in seen:
            raise ValueError(
                _("{what} must be distinct: {item} appears more than once").format(
                    what=_(what), item=shown(item)
                )
            )
        seen.add(item)
    return items


def _not_an_option(answer: str, options: list[str]) -> str:
    return _("answer {answer} is not one of the options {options}").format(
        answer=shown(answer), options=shown(options)
    )


class _CardBase(BaseModel):
    """Fields every card has; progress is keyed by (deck id, card id), so `id` must stay stable."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Slug
    prompt: Text
    quote: Text | None = None
    explain: Text | None = None
    tags: list[Tag] = Field(default_factory=list)
    group: Slug | None = Field(
        default=None,
        description=(
            "Cards that give each other away share a group: study shows one of them a day, "
            "and a quiz never puts two of them next to each other."
        ),
    )
    points: Points = 1.0

    def content_hash(self) -> str:
        """A short hash of everything but the id, the group and the option order (none changes
        what the learner is asked), so the store can tell that a card's content changed."""
        payload = self.model_dump_json(exclude={"id", "group", "shuffle"})
        return hashlib.sha256(payload.encode()).hexdigest()[:16]

    @property
    def shown_prompt(self) -> str:
        """The prompt as a learner sees it (cloze cards override this to hide their blanks)."""
        return self.prompt


class BasicCard(_CardBase):
    """A flashcard: think, reveal, grade yourself."""

    type: Literal["basic"]
    answer: Text


class _OptionsCard(_CardBase):
    options: Annotated[list[ShortText], Field(min_length=2, max_length=12)]
    shuffle: Annotated[bool, Field(strict=True)] = Field(
        default=True,
        description=(
            "Shown in a new random order each time (the default); false keeps the order "
            "written here, for options whose order means something (dates, a scale)."
        ),
    )

    @field_validator("options")
    @classmethod
    def _options_distinct(cls, options: list[str]) -> list[str]:
        return _distinct(options, N_("options"))


class ChoiceCard(_OptionsCard):
    """One right option among several."""

    type: Literal["choice"]
    answer: ShortText

    @field_validator("answer")
    @classmethod
    def _answer_among_options(cls, answer: str, info: ValidationInfo) -> str:
        options = info.data.get("options")
        if options is not None and answer not in options:
            raise ValueError(_not_an_option(answer, options))
        return answer


class MultiCard(_OptionsCard):
    """Choose all that apply."""

    type: Literal["multi"]
    answer: Annotated[list[ShortText], Field(min_length=1)]

    @field_validator("answer")
    @classmethod
    def _answers_among_options(cls, answer: list[str], info: ValidationInfo) -> list[str]:
        _distinct(answer, N_("answers"))
        options = info.data.get("options")
        if options is not None:
            missing = [a for a in answer if a not in options]
            if missing:
                raise ValueError(_not_an_option(missing[0], options))
        return answer


class TrueFalseCard(_CardBase):
    """A statement that is true or false."""

    type: Literal["true_false"]
    answer: Annotated[bool, Field(strict=True)]


class TypedCard(_CardBase):
    """Type the answer; graded forgivingly unless `fuzzy: false`."""

    type: Literal["typed"]
    answer: ShortText
    accept: list[ShortText] = Field(default_factory=list)
    reject: list[ShortText] = Field(default_factory=list)
    """Near misses that are wrong although they are within the typo allowance."""
    fuzzy: Annotated[bool, Field(strict=True)] = True

    @field_validator("reject")
    @classmethod
    def _reject_is_not_accepted(cls, reject: list[str], info: ValidationInfo) -> list[str]:
        accepted = {
            " ".join(text.casefold().split())
            for text in [info.data.get("answer") or "", *(info.data.get("accept") or [])]
        }
        for text in reject:
            if " ".join(text.casefold().split()) in accepted:
                raise ValueError(_("{text} is both accepted and rejected").format(text=shown(text)))
        return reject


class NumberCard(_CardBase):
    """Type a number; right when within `tolerance` of the answer."""

    type: Literal["number"]
    answer: Number
    tolerance: Annotated[float, Field(strict=True, ge=0, allow_inf_nan=False)] = 0.0
    unit: ShortText | None = None


class ClozeCard(_CardBase):
    """Fill in the `{{blank}}`s of the prompt; `{{a|b}}` accepts either, shows `a`."""

    type: Literal["cloze"]

    @field_validator("prompt")
    @classmethod
    def _has_blanks(cls, prompt: str) -> str:
        blanks = BLANK_PATTERN.findall(prompt)
        if not blanks:
            raise ValueError(
                _("a cloze prompt needs at least one {blank}").format(blank="{{blank}}")
            )
        for blank in blanks:
            if not all(alt.strip() for alt in blank.split("|")):
                raise ValueError(
                    _("empty blank or alternative in {blank}").format(
                        blank=escaped("{{" + blank + "}}")
                    )
                )
        return prompt

    @property
    def blanks(self) -> list[list[str]]:
        """Accepted texts of each blank, the first being the one shown as the answer."""
        return [[alt.strip() for alt in b.split("|")] for b in BLANK_PATTERN.findall(self.prompt)]

    @property
    def shown_prompt(self) -> str:
        return BLANK_PATTERN.sub("_____", self.prompt)


class OrderCard(_CardBase):
    """Put the items in order; always shown shuffled."""

    type: Literal["order"]
    answer: Annotated[list[ShortText], Field(min_length=2, max_length=12)]

    @field_validator("answer")
    @classmethod
    def _items_distinct(cls, answer: list[str]) -> list[str]:
        return _distinct(answer, N_("items"))


Card = Annotated[
    BasicCard
    | ChoiceCard
    | MultiCard
    | TrueFalseCard
    | TypedCard
    | NumberCard
    | ClozeCard
    | OrderCard,
    Field(discriminator="type"),
]


class Deck(BaseModel):
    """A deck as written in YAML."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        json_schema_extra={"title": "sahel-quiz deck"},
    )

    id: Slug
    title: ShortText
    description: Text | None = None
    language: Annotated[str, StringConstraints(strict=True, pattern=LANGUAGE_PATTERN)] = "en"
    source: ShortText | None = None
    source_title: ShortText | None = None
    """How learners see the source named beside each quote (default: its file name)."""
    tags: list[Tag] = Field(default_factory=list)
    cards: Annotated[list[Card], Field(min_length=1)]

    def card(self, card_id: str) -> Card:
        """The card with this id (KeyError when there is none)."""
        for card in self.cards:
            if card.id == card_id:
                return card
        raise KeyError(card_id)


@dataclass(frozen=True)
class LoadedDeck:
    """A validated deck with where it came from, which the checker and the UIs need."""

    deck: Deck
    path: Path
    source_path: Path | None = None
    source_text: str | None = None

    @property
    def id(self) -> str:
        return self.deck.id

    @cached_property
    def cards_by_id(self) -> dict[str, Card]:
        """The deck's cards by id, in deck order: built once per loaded deck, since a study
        session over a 1,000,000-card deck would otherwise rebuild it at every start."""
        return {card.id: card for card in self.deck.cards}

    @cached_property
    def has_groups(self) -> bool:
        """Whether any card has a `group` (study then buries siblings)."""
        return any(card.group for card in self.deck.cards)

    @cached_property
    def card_ids(self) -> tuple[str, ...]:
        """The card ids in deck order (new cards are introduced in this order)."""
        return tuple(self.cards_by_id)

    @property
    def source_name(self) -> str | None:
        """A human name for the article the quotes come from."""
        if self.deck.source_title:
            return self.deck.source_title
        return self.source_path.name if self.source_path else None
