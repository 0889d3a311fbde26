"""Answer widgets: one per card type, each posting `AnswerGiven(response)` when the learner submits.

The quiz screen and the study screen share the same answer-first flow, so they share these
widgets. How to use them:

    from sahel_quiz.tui.widgets.answers import AnswerGiven, answer_widget

    def show(self, question):               # a QuizQuestion or a StudyCard
        box = answer_widget(question.shown, expected_text(question.card))  # for the card type
        self.query_one("#answer-area").mount(box)   # it focuses itself when mounted

    def on_answer_given(self, event: AnswerGiven) -> None:
        event.stop()
        event.response  # a `sahel_quiz.grading.Response`, ready for the engine's answer/check
        event.box       # the widget that sent it (already locked: it submits only once)

Every widget takes keys and the mouse alike: numbered options (1–9 pick, ↑↓ + Enter, click),
multi (Space or 1–9 toggle a ☐/☑ box, Enter or the Submit button), true/false (`t`/`f` or the
buttons), typed and number (a one-line field; Enter submits; the unit is shown), cloze (one
one-line field per blank), order (↑↓ select an item, shift/ctrl+↑↓ or `[`/`]` move it, or click
and use the buttons; Enter submits) and basic (Space shows the answer, then `y`/`n` or the
buttons). An incomplete answer (nothing typed, nothing ticked, a blank left empty) is never
sent: the widget says what is missing, in the card's own words (`ShownCard.missing`).
`AnswerBox.submit_none()` gives "no answer" (a time limit ran out). The widgets bring their
styles (`answers.tcss`, read as `AnswerBox.DEFAULT_CSS`, unscoped); nothing here grades: the
responses go to the engine as they are.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from sahel_quiz.cards import ShownCard
from sahel_quiz.engine.review import MAX_RESPONSE_CHARS
from sahel_quiz.grading import Response
from sahel_quiz.i18n import N_, _
from sahel_quiz.tui.widgets.chrome import YES_KEY

__all__ = [
    "AnswerBox",
    "AnswerField",
    "AnswerGiven",
    "BasicAnswer",
    "ChoiceAnswer",
    "ClozeAnswer",
    "MultiAnswer",
    "MultiOptions",
    "OrderAnswer",
    "OrderList",
    "TextAnswer",
    "TrueFalseAnswer",
    "answer_widget",
]

_DIGITS = [str(number) for number in range(1, 10)]
TICKED, UNTICKED = "☑", "☐"
"""A multi option's box: told apart by its shape, not only by colour (monochrome terminals)."""


class AnswerGiven(Message):
    """The learner submitted `response` (None: no answer, e.g. the time ran out)."""

    def __init__(self, box: AnswerBox, response: Response) -> None:
        super().__init__()
        self.box = box
        self.response = response


def _numbered(number: int, text: str) -> Content:
    """An option's label: never read as markup, since deck texts may hold square brackets."""
    return Content.assemble((f"{number:>2}. ", "bold"), text)


class AnswerBox(Vertical):
    """What every answer widget shares: submit once, then lock; say what an incomplete answer
    lacks instead of sending it; focus its main input; move the focus with Tab and Shift+Tab
    at once; submit only once every field has its keys.

    Keys reach the app as a queue, and a fast typist (or a paste) puts several in it at a time.
    The app routes each key to the widget focused when it takes the key from the queue; a
    binding that is not a priority runs later, once the key has come back from the focused
    field. So Tab, left to Textual, moves the focus after the next letters have been routed to
    the field just left. Here Tab and Shift+Tab are priority bindings, which the app runs as it
    takes the key, before routing the next one (Enter in cloze blanks works the same way).
    """

    DEFAULT_CLASSES = "answer-box"
    DEFAULT_CSS = Path(__file__).with_name("answers.tcss").read_text(encoding="utf-8")
    SCOPED_CSS = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "focus_step(1)", N_("Next"), show=False, priority=True),
        Binding("shift+tab", "focus_step(-1)", N_("Previous"), show=False, priority=True),
    ]

    def __init__(self, shown: ShownCard, *, autofocus: bool = True, id: str | None = None) -> None:
        super().__init__(id=id)
        self.shown = shown
        self._autofocus = autofocus
        self.submitted = False

    def on_mount(self) -> None:
        if self._autofocus:
            self.call_after_refresh(self.focus_answer)

    def focus_answer(self) -> None:
        """Give the keyboard to the widget the learner answers with, at once (not on the next
        turn of the event loop, as `Widget.focus` does): a screen that mounts this box calls
        it as soon as the box is mounted, so that the keys typed right behind "Next" reach it.
        When the focus is in the box already (a key moved it on), it stays where it is."""
        if not self.is_attached or self.submitted:
            return  # answered (or gone) before its turn came
        focused = self.screen.focused
        if focused is not None and (focused is self or self in focused.ancestors):
            return
        target = self.answer_target()
        if target is not None:
            self.screen.set_focus(target)

    def answer_target(self) -> Widget | None:
        """The widget the learner answers with: the first that takes the keyboard."""
        for widget in self.query("*"):
            if widget.focusable:
                return widget
        return None

    def action_focus_step(self, step: int) -> None:
        """Tab (1) or Shift+Tab (-1): the next or previous widget, at once."""
        if step > 0:
            self.screen.focus_next()
        else:
            self.screen.focus_previous()

    def when_typed(self, then: Callable[[], None]) -> None:
        """Call `then` once every field of this box has handled the keys already routed to it:
        the last letters of a fast typist may still wait in a field when Submit is pressed."""
        fields = list(self.query(Input))
        waiting = set(fields)

        def typed(field: Input) -> None:
            waiting.discard(field)
            if not waiting:
                then()

        if not fields:
            then()
        for field in fields:
            field.call_later(typed, field)

    def usual_hint(self, text: str) -> Label:
        """The line that tells how to answer (compose it once); `hint` may say a problem in
        its place until the answer changes."""
        self._usual_hint = text
        return Label(Content(text), classes="answer-hint")

    def hint(self, text: str, *, problem: bool = False) -> None:
        """Say `text` where the widget tells how to answer (`problem`: what is missing)."""
        hints = self.query(".answer-hint")
        if hints:
            label = hints.first(Label)
            label.update(Content(f"⚠ {text}" if problem else text))
            label.set_class(problem, "problem")

    def answer_changed(self) -> None:
        """The learner changed the answer: a problem said before no longer stands."""
        hints = self.query(".answer-hint.problem")
        if hints:
            self.hint(getattr(self, "_usual_hint", ""))

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        self.answer_changed()

    def submit(self, response: Response) -> None:
        """Post `AnswerGiven` (only the first time: a double Enter must not answer twice); an
        incomplete response is not sent: the hint says what it lacks."""
        if self.submitted:
            return
        if (lacking := self.shown.missing(response)) is not None:
            self.hint(lacking, problem=True)
            return
        self._send(response)

    def _send(self, response: Response) -> None:
        self.submitted = True
        self.disabled = True
        self.post_message(AnswerGiven(self, response))

    def submit_none(self) -> None:
        """No answer: the time ran out."""
        if not self.submitted:
            self._send(None)


if TYPE_CHECKING:
    _WidgetMixin = Widget
else:
    _WidgetMixin = object  # a plain mixin: Textual builds its class data from real widgets


class KeysWhereTyped(_WidgetMixin):
    """A widget of an answer box that acts on its keys itself, in the order they reach it.

    Textual runs a widget's key bindings only once the key has bubbled back up to the app, and
    then against whatever has the focus at that moment. When Tab has moved the focus at once
    (see `AnswerBox`), a key routed to this widget just before it (Backspace, a digit that
    ticks an option, `]` that moves an item) would act on the newly focused widget instead.
    So the bindings of this widget and of its parents up to its answer box are run here, as
    the key arrives; keys it does not bind go on up as usual (Escape, `?`).
    """

    async def on_key(self, event: events.Key) -> None:
        if self.check_consume_key(event.key, event.character):
            return  # a printable key an input types: its own handler does
        node: Widget | None = self
        while node is not None:
            # DOMNode._bindings: the bindings Textual itself looks up for this node
            for binding in node._bindings.key_to_bindings.get(event.key, ()):
                if not binding.priority and await self.app.run_action(binding.action, node):
                    event.stop()
                    event.prevent_default()
                    return
            if isinstance(node, AnswerBox):
                return
            node = node.parent if isinstance(node.parent, Widget) else None


class AnswerField(KeysWhereTyped, Input):
    """A one-line text field of an answer box (see `KeysWhereTyped`)."""

    def __init__(self, *, placeholder: str, id: str, classes: str | None = None) -> None:
        super().__init__(
            placeholder=placeholder,
            id=id,
            classes=classes,
            select_on_focus=False,
            compact=True,
            max_length=MAX_RESPONSE_CHARS,
        )


def _submit_button(id: str) -> Button:
    return Button(Content(_("Submit ⏎")), id=id, variant="primary", compact=True)


# Choice ---------------------------------------------------------------------------------------


class NumberedOptions(KeysWhereTyped, OptionList):
    """Options numbered from 1; a digit key picks that option at once."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(digit, f"pick({digit})", show=False) for digit in _DIGITS
    ]

    def __init__(self, choices: Sequence[str], *, id: str | None = None) -> None:
        super().__init__(
            *[Option(_numbered(n, text)) for n, text in enumerate(choices, start=1)], id=id
        )
        self.choices = tuple(choices)

    def on_mount(self) -> None:
        self.highlighted = 0

    def action_pick(self, number: int) -> None:
        if 1 <= number <= len(self.choices):
            self.highlighted = number - 1
            self.action_select()


class ChoiceAnswer(AnswerBox):
    """One option among several: 1–9, or ↑↓ and Enter, or a click."""

    def compose(self) -> ComposeResult:
        choices = self.shown.choices
        yield NumberedOptions(choices, id="choice-options")
        yield self.usual_hint(
            _("1–{last} or ↑↓ Enter picks · or click an option").format(last=min(len(choices), 9))
        )

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.submit(self.shown.choices[event.option_index])


# Multi ----------------------------------------------------------------------------------------


class MultiOptions(KeysWhereTyped, OptionList):
    """Options with a ☐/☑ box each: Space, a digit or a click ticks, Enter submits."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", N_("Submit"), show=True),
        Binding("space", "toggle_highlighted", N_("Tick"), show=False),
        *[Binding(digit, f"toggle_number({digit})", show=False) for digit in _DIGITS],
    ]

    def __init__(self, choices: Sequence[str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.choices = tuple(choices)
        self.ticked: set[int] = set()

    def on_mount(self) -> None:
        self.set_options(Option(self._prompt(index)) for index in range(len(self.choices)))
        self.highlighted = 0

    def _prompt(self, index: int) -> Content:
        box = TICKED if index in self.ticked else UNTICKED
        return Content.assemble(
            (f"{box} ", "bold" if index in self.ticked else ""),
            _numbered(index + 1, self.choices[index]),
        )

    def toggle(self, index: int) -> None:
        self.ticked ^= {index}
        self.replace_option_prompt_at_index(index, self._prompt(index))
        self.highlighted = index
        self.query_ancestor(MultiAnswer).answer_changed()

    def action_toggle_highlighted(self) -> None:
        if self.highlighted is not None:
            self.toggle(self.highlighted)

    def action_toggle_number(self, number: int) -> None:
        if 1 <= number <= len(self.choices):
            self.toggle(number - 1)

    def action_select(self) -> None:
        """A click lands here too (OptionList selects on click): it ticks the option."""
        self.action_toggle_highlighted()

    def action_submit(self) -> None:
        self.query_ancestor(MultiAnswer).submit_selected()

    @property
    def picked(self) -> list[str]:
        """The options ticked, in their shown order."""
        return [text for index, text in enumerate(self.choices) if index in self.ticked]


class MultiAnswer(AnswerBox):
    """Choose all that apply: Space, 1–9 or a click ticks; Enter or the button submits."""

    def compose(self) -> ComposeResult:
        yield MultiOptions(self.shown.choices, id="multi-options")
        with Horizontal(classes="answer-actions"):
            yield _submit_button("multi-submit")
            yield self.usual_hint(_("Space or 1–9 ticks · Enter submits"))

    @property
    def picked(self) -> list[str]:
        """The options ticked, in their shown order."""
        return self.query_one(MultiOptions).picked

    def submit_selected(self) -> None:
        self.submit(self.picked)

    @on(Button.Pressed, "#multi-submit")
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.submit_selected()
        if not self.submitted:  # nothing ticked: back to the options, where 1–9 tick
            self.query_one(MultiOptions).focus()


# True / false ---------------------------------------------------------------------------------

TRUE_KEY = N_("t")
"""The key for "true" as the reader is shown it (French: `v`, for *vrai*; both work)."""


class TrueFalseAnswer(AnswerBox):
    """`t` or `f`, ←→ and Enter, or a click on either button (`v` for *vrai* too: the key a
    French reader is shown)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t,v", "answer(True)", N_("True"), key_display=TRUE_KEY),
        Binding("f", "answer(False)", N_("False")),
        Binding("left", "app.focus_previous", show=False),
        Binding("right", "app.focus_next", show=False),
    ]

    def compose(self) -> ComposeResult:
        with Horizontal(classes="answer-actions"):
            yield Button(
                Content(_("True [{key}]").format(key=_(TRUE_KEY))),
                id="answer-true",
                variant="success",
                compact=True,
            )
            yield Button(Content(_("False [f]")), id="answer-false", variant="error", compact=True)
        yield self.usual_hint(
            _("{key} = true · f = false · or ←→ and Enter").format(key=_(TRUE_KEY))
        )

    def action_answer(self, value: bool) -> None:
        self.submit(value)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.submit(event.button.id == "answer-true")


# Typed and number -----------------------------------------------------------------------------


class TextAnswer(AnswerBox):
    """One field: Enter submits what was typed (a number card shows its unit and wants a
    number; the card's own reader says what is wrong with the text, as line mode does)."""

    def compose(self) -> ComposeResult:
        with Horizontal(classes="text-row"):
            # the card's own words ("type your answer", "type a number"), as line mode's prompt
            yield AnswerField(placeholder=self.shown.typing_hint, id="text-input")
            if self.shown.unit:
                yield Label(Content(self.shown.unit), id="unit", classes="unit")
            yield _submit_button("text-submit")
        yield self.usual_hint(_("Enter submits"))

    def answer_target(self) -> Widget | None:
        return self.query_one(Input)

    def _try_submit(self) -> None:
        text = self.query_one(Input).value
        try:
            response = self.shown.read(text)
        except ValueError as problem:
            self.hint(str(problem), problem=True)
            return
        self.submit(response)

    @on(Input.Submitted)
    def _entered(self, event: Input.Submitted) -> None:
        event.stop()
        self._try_submit()

    @on(Button.Pressed, "#text-submit")
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.when_typed(self._try_submit)


# Cloze ----------------------------------------------------------------------------------------


class ClozeAnswer(AnswerBox):
    """One one-line field per blank, in order: Enter goes to the next empty blank, then
    submits; Tab and Shift+Tab go to the next and previous field. Submitting with a blank
    left empty says which, and puts the cursor there.

    Enter, like Tab, is a priority binding that moves the focus at once: the inputs' own
    Submitted message would move it a moment later, and letters typed quickly after Enter (or
    pasted) would land in the blank just left. Submitting, by Enter or by the button, waits
    for every blank's queued keys.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "next_blank", N_("Next blank"), show=False, priority=True)
    ]

    def compose(self) -> ComposeResult:
        count = self.shown.blanks
        for number in range(1, count + 1):
            with Horizontal(classes="text-row"):
                yield Label(self.shown.blank_label(number), classes="blank-number")
                yield AnswerField(
                    placeholder=_("blank {number}").format(number=number)
                    if count > 1
                    else _("the missing word"),
                    id=f"blank-{number}",
                    classes="blank",
                )
        with Horizontal(classes="answer-actions"):
            yield _submit_button("cloze-submit")
            yield self.usual_hint(
                _("Enter: next blank, then submit") if count > 1 else _("Enter submits")
            )

    @property
    def texts(self) -> list[str]:
        return [blank.value.strip() for blank in self.query(".blank").results(Input)]

    def answer_target(self) -> Widget | None:
        return self.query(".blank").first(Input)

    def _advance(self, since: Input | None) -> None:
        """Submit the blanks, or go to the first empty one (after `since`) and say so."""
        blanks = list(self.query(".blank").results(Input))
        start = blanks.index(since) + 1 if since is not None else 0
        empty = [b for b in blanks[start:] + blanks[:start] if not b.value.strip()]
        if empty:
            self.screen.set_focus(empty[0])
        self.submit(self.texts)

    def action_next_blank(self) -> None:
        focused = self.screen.focused
        blanks = list(self.query(".blank").results(Input))
        if not isinstance(focused, Input) or focused not in blanks:
            self.when_typed(lambda: self._advance(None))
            return
        later = [blank for blank in blanks[blanks.index(focused) + 1 :] if not blank.value.strip()]
        if later:
            self.screen.set_focus(later[0])  # at once: the keys typed next belong there
            return
        # The blanks may still have keys queued: decide once they are in.
        self.when_typed(lambda: self._advance(focused))

    @on(Button.Pressed, "#cloze-submit")
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.when_typed(lambda: self._advance(None))


# Order ----------------------------------------------------------------------------------------


class OrderList(KeysWhereTyped, OptionList):
    """Items the learner puts in order: ↑↓ select, shift/ctrl+↑↓ or `[`/`]` move the selected
    item, a click selects (and does not submit), Enter submits."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("shift+up,ctrl+up,left_square_bracket", "move(-1)", N_("Move up"), key_display="["),
        Binding(
            "shift+down,ctrl+down,right_square_bracket", "move(1)", N_("Move down"), key_display="]"
        ),
        Binding("enter", "submit", N_("Submit")),
    ]

    def __init__(self, items: Sequence[str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.items = list(items)

    def on_mount(self) -> None:
        self._refill(0)

    def _refill(self, highlight: int) -> None:
        self.set_options(Option(_numbered(n, text)) for n, text in enumerate(self.items, start=1))
        self.highlighted = highlight

    def action_move(self, step: int) -> None:
        index = self.highlighted
        if index is None:
            return
        target = index + step
        if not 0 <= target < len(self.items):
            return
        self.items[index], self.items[target] = self.items[target], self.items[index]
        self._refill(target)

    def action_select(self) -> None:
        """A click lands here too (OptionList selects on click): it only selects the item."""

    def action_submit(self) -> None:
        self.query_ancestor(OrderAnswer).submit_order()


class OrderAnswer(AnswerBox):
    """Put the items in order; the buttons do with the mouse what the keys do."""

    def compose(self) -> ComposeResult:
        yield OrderList(self.shown.choices, id="order-list")
        with Horizontal(classes="answer-actions"):
            yield Button(Content(_("▲ Up")), id="order-up", compact=True)
            yield Button(Content(_("▼ Down")), id="order-down", compact=True)
            yield _submit_button("order-submit")
            yield self.usual_hint(_("shift+↑↓ or [ ] moves · Enter submits"))

    @property
    def order(self) -> list[str]:
        return list(self.query_one(OrderList).items)

    def submit_order(self) -> None:
        self.submit(self.order)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        order_list = self.query_one(OrderList)
        if event.button.id == "order-submit":
            self.submit_order()
            return
        order_list.action_move(-1 if event.button.id == "order-up" else 1)
        order_list.focus()


# Basic ----------------------------------------------------------------------------------------

SHOW_ANSWER = N_("Show the answer")
"""The one wording for turning a flashcard over, in the quiz and in study."""


class BasicAnswer(AnswerBox):
    """A flashcard: Space shows the answer, then `y` (I knew it) or `n` (I did not)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "reveal", SHOW_ANSWER),
        Binding("y,o", "knew(True)", N_("I knew it"), key_display=YES_KEY),
        Binding("n", "knew(False)", N_("I didn't")),
    ]

    def __init__(self, shown: ShownCard, answer: str, *, autofocus: bool = True) -> None:
        super().__init__(shown, autofocus=autofocus)
        self.answer = answer
        self.revealed = False

    def compose(self) -> ComposeResult:
        yield Button(
            Content(_("{action} [Space]").format(action=_(SHOW_ANSWER))),
            id="basic-reveal",
            compact=True,
        )
        yield Static(Content(self.answer), id="basic-back")
        with Horizontal(classes="answer-actions", id="basic-grade"):
            yield Button(
                Content(_("✓ I knew it [{key}]").format(key=_(YES_KEY))),
                id="basic-yes",
                variant="success",
                compact=True,
            )
            yield Button(Content(_("✗ I didn't [n]")), id="basic-no", variant="error", compact=True)
        yield self.usual_hint(_("Space shows the answer · then {key} or n").format(key=_(YES_KEY)))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Reveal before grading: `y`/`n` mean nothing while the answer is hidden."""
        if action == "knew":
            return self.revealed
        if action == "reveal":
            return not self.revealed
        return True

    def action_reveal(self) -> None:
        if self.revealed:
            return
        self.revealed = True
        self.add_class("revealed")
        self.query_one("#basic-yes", Button).focus()  # which refreshes the footer's keys

    def action_knew(self, knew: bool) -> None:
        if self.revealed:
            self.submit(knew)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "basic-reveal":
            self.action_reveal()
        else:
            self.action_knew(event.button.id == "basic-yes")


_WIDGETS: dict[str, Callable[[ShownCard, str, bool], AnswerBox]] = {
    "basic": lambda shown, answer, focus: BasicAnswer(shown, answer, autofocus=focus),
    "choice": lambda shown, answer, focus: ChoiceAnswer(shown, autofocus=focus),
    "multi": lambda shown, answer, focus: MultiAnswer(shown, autofocus=focus),
    "order": lambda shown, answer, focus: OrderAnswer(shown, autofocus=focus),
    "true_false": lambda shown, answer, focus: TrueFalseAnswer(shown, autofocus=focus),
    "cloze": lambda shown, answer, focus: ClozeAnswer(shown, autofocus=focus),
}


def answer_widget(shown: ShownCard, answer: str = "", *, autofocus: bool = True) -> AnswerBox:
    """The answer widget for a card as shown (`QuizQuestion.shown`, `StudyCard.shown`: options
    and items in their shown order); `answer` is what a flashcard shows when revealed."""
    make = _WIDGETS.get(shown.type)
    return make(shown, answer, autofocus) if make else TextAnswer(shown, autofocus=autofocus)
