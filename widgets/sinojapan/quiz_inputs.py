"""The widgets that collect an answer, one class per kind of answer. A question type
names its input in `INPUT` (see question_types); `input_for(question)` builds it.
Widgets only collect answers: grading is the question's `check`."""

from __future__ import annotations

import functools
import html

import ipywidgets as widgets

from .question_types import (
    Cloze,
    Code,
    Evidence,
    Matching,
    MultipleSelect,
    NotAnswered,
    Ordering,
    Placement,
    Question,
    Reflection,
    SingleChoice,
    TrueFalse,
)

FULL = widgets.Layout(width="auto")


@functools.cache
def shared(name: str) -> widgets.Widget:
    """Layout and style models that many quiz widgets share: each widget otherwise makes
    its own (a lesson's quiz made over a thousand models, and each costs a message)."""
    from ipywidgets.widgets.widget_bool import CheckboxStyle
    from ipywidgets.widgets.widget_description import DescriptionStyle
    from ipywidgets.widgets.widget_string import HTMLStyle, LabelStyle, TextStyle

    return {"layout": widgets.Layout, "html_style": HTMLStyle,
            "button_layout": widgets.Layout, "button_style": widgets.ButtonStyle,
            "checkbox_style": CheckboxStyle, "label_style": LabelStyle,
            "narrow_button": lambda: widgets.Layout(width="3em"),
            "initial_width": lambda: DescriptionStyle(description_width="initial"),
            "no_description": lambda: DescriptionStyle(description_width="0px"),
            "text_no_description": lambda: TextStyle(description_width="0px"),
            "matching_description": lambda: DescriptionStyle(description_width="2em"),
            "text_initial": lambda: TextStyle(description_width="initial"),
            "blank_layout": lambda: widgets.Layout(width="10em"),
            "text_layout": lambda: widgets.Layout(width="60%"),
            "why_layout": lambda: widgets.Layout(width="90%"),
            "toggle_style": lambda: widgets.ToggleButtonsStyle(description_width="initial"),
            "question_layout": lambda: widgets.Layout(border="1px solid var(--jp-border-color2)",
                                                      padding="4px 12px", margin="8px 0"),
            }[name]()


def box(kind, children) -> widgets.Box:
    """An HBox or VBox with the shared layout (a box whose layout changes needs its own)."""
    return kind(children, layout=shared("layout"))


def label(text: str = "", **traits) -> widgets.Label:
    traits.setdefault("layout", shared("layout"))
    return widgets.Label(text, style=shared("label_style"), **traits)


def shared_html(value: str = "") -> widgets.HTML:
    """An HTML widget with the shared layout and style."""
    return widgets.HTML(value, layout=shared("layout"), style=shared("html_style"))


class Slot:
    """One part of a question's message panel (status, feedback, hints or solution): set
    its `value` like an HTML widget's; the panel shows the parts in order. One widget for
    four parts: a lesson's quiz creates a few hundred fewer widget models."""

    def __init__(self, panel: widgets.HTML, slots: list[Slot]):
        self._value, self._panel, self._slots = "", panel, slots
        slots.append(self)

    @property
    def value(self) -> str:
        return self._value

    @value.setter
    def value(self, text: str) -> None:
        self._value = text
        self._panel.value = "".join(slot._value for slot in self._slots)


def quiz_button(description: str, tooltip: str, icon: str, on_click=None,
            **traits) -> widgets.Button:
    """A button sharing its layout and style models with every other quiz button;
    `on_click` is called without arguments."""
    button = widgets.Button(description=description, tooltip=tooltip, icon=icon,
                            layout=shared("button_layout"), style=shared("button_style"),
                            **traits)
    if on_click is not None:
        button.on_click(lambda _: on_click())
    return button


class AnswerInput:
    """Each input has `.widget`, `.get()` (the answer), `.set(answer)` and
    `.disable(flag)`; `.box` (if set) is what is shown, around `.widget`."""

    def disable(self, flag: bool) -> None:
        for child in self.controls():
            child.disabled = flag

    def controls(self) -> list[widgets.Widget]:
        return [self.widget]

    def put(self, answer) -> None:
        """Give an answer as the student would (tests; `QuestionView.submit(answer)`)."""
        self.set(answer)

    def checked(self, answer) -> None:
        """An answer was just checked and saved (the inputs show it already)."""


class ChoiceInput(AnswerInput):
    def __init__(self, question: SingleChoice):
        self.order = question.display_order()
        self.widget = widgets.RadioButtons(
            options=[(question.options[i].text, i) for i in self.order], index=None,
            layout=FULL, description="Answer", style=shared("initial_width"))

    def get(self):
        return self.widget.value

    def set(self, answer):
        self.widget.value = answer


class ManyInput(AnswerInput):
    def __init__(self, question: MultipleSelect):
        self.order = question.display_order()
        self.boxes = {i: widgets.Checkbox(description=question.options[i].text, value=False,
                                          style=shared("checkbox_style"),
                                          indent=False, layout=FULL)
                      for i in self.order}
        header = [shared_html(f"<em>Claim:</em> {html.escape(question.claim)}")] \
            if isinstance(question, Evidence) else []
        self.widget = box(widgets.VBox, header + [self.boxes[i] for i in self.order])

    def controls(self):
        return list(self.boxes.values())

    def get(self):
        return {i for i, box in self.boxes.items() if box.value}

    def set(self, answer):
        for i, box in self.boxes.items():
            box.value = i in set(answer or ())


class TrueFalseInput(AnswerInput):
    def __init__(self, question: TrueFalse):
        self.choice = widgets.ToggleButtons(options=[("True", True), ("False", False)],
                                            index=None, description="Answer",
                                            layout=shared("layout"),
                                            style=shared("toggle_style"))
        self.why = (widgets.Text(placeholder="One line: why?", description="Because",
                                 layout=shared("why_layout"), style=shared("text_initial"))
                    if question.justify else None)
        self.widget = box(widgets.VBox, [self.choice] + ([self.why] if self.why else []))

    def controls(self):
        return [self.choice] + ([self.why] if self.why else [])

    def get(self):
        return {"value": self.choice.value,
                "justification": self.why.value if self.why else ""}

    def set(self, answer):
        answer = answer or {}
        self.choice.value = answer.get("value")
        if self.why:
            self.why.value = answer.get("justification") or ""


class TextInput(AnswerInput):
    def __init__(self, question: Question, placeholder: str = "Type your answer"):
        unit = getattr(question, "unit", "")
        self.widget = widgets.Text(placeholder=placeholder, description="Answer",
                                   layout=shared("text_layout"), style=shared("text_initial"))
        self.box = box(widgets.HBox, [self.widget, label(unit)]) if unit else self.widget

    def get(self):
        return self.widget.value

    def set(self, answer):
        self.widget.value = "" if answer is None else str(answer)


class OrderingInput(AnswerInput):
    """Items with move-up / move-down buttons: usable with Tab and Enter alone."""

    def __init__(self, question: Ordering):
        self.items = question.items
        self.order = question.display_order()
        self.labels, self.buttons, rows = [], [], []
        for position in range(len(self.order)):
            up, down = (widgets.Button(description=arrow, layout=shared("narrow_button"),
                                       style=shared("button_style")) for arrow in "\u2191\u2193")
            up.on_click(lambda _, p=position: self.move(p, -1))
            down.on_click(lambda _, p=position: self.move(p, +1))
            item = label(layout=FULL)
            item.add_class("sj-order-item")
            self.labels.append(item)
            self.buttons += [up, down]
            rows.append(box(widgets.HBox, [label(f"{position + 1}."), up, down, item]))
        self.widget = box(widgets.VBox, rows)
        self.moved = False  # checking before arranging anything is not an answer
        self._relabel()

    def _relabel(self):
        for position, (label, item) in enumerate(zip(self.labels, self.order, strict=True)):
            label.value = self.items[item]
            up, down = self.buttons[2 * position], self.buttons[2 * position + 1]
            up.tooltip = f"Move \u201c{self.items[item]}\u201d up"
            down.tooltip = f"Move \u201c{self.items[item]}\u201d down"

    def move(self, position: int, step: int):
        target = position + step
        if 0 <= target < len(self.order):
            self.order[position], self.order[target] = self.order[target], self.order[position]
            self.moved = True
            self._relabel()

    def controls(self):
        return self.buttons

    def get(self):
        return list(self.order) if self.moved else []

    def set(self, answer):
        if answer and sorted(answer) == list(range(len(self.items))):
            self.order = list(answer)
            self.moved = True
            self._relabel()


class MatchingInput(AnswerInput):
    def __init__(self, question: Matching):
        # The prompt option's value is "" (not None: a None value shows a blank box).
        choices = [("Choose\u2026", "")] + [(c, c) for c in question.choices()]
        self.menus = [widgets.Dropdown(options=choices, value="", layout=FULL,
                                       description=f"{i + 1}", tooltip=left,
                                       style=shared("matching_description"))
                      for i, (left, _) in enumerate(question.pairs)]
        self.widget = box(widgets.VBox, [
            box(widgets.VBox, [shared_html(f"<p>{i + 1}. {html.escape(left)}</p>"), menu])
            for i, ((left, _), menu) in enumerate(zip(question.pairs, self.menus, strict=True))])

    def controls(self):
        return self.menus

    def get(self):
        return {i: menu.value for i, menu in enumerate(self.menus) if menu.value}

    def set(self, answer):
        for i, menu in enumerate(self.menus):
            value = (answer or {}).get(i)
            menu.value = value if value in [v for _, v in menu.options] else ""


class ClozeInput(AnswerInput):
    def __init__(self, question: Cloze):
        self.fields = []
        parts: list[widgets.Widget] = []
        segments = question.segments()
        for number, blank in enumerate(question.blanks, start=1):
            parts.append(shared_html(html.escape(segments[number - 1])))
            if blank.options:
                field = widgets.Dropdown(options=[("\u2026", "")] + [(o, o) for o in blank.options],
                                         value="", description=f"blank {number}",
                                         style=shared("no_description"),
                                         layout=shared("blank_layout"))
            else:
                field = widgets.Text(placeholder=f"blank {number}", description=f"blank {number}",
                                     style=shared("text_no_description"),
                                     layout=shared("blank_layout"))
            self.fields.append(field)
            parts.append(field)
        parts.append(shared_html(html.escape(segments[-1])))
        self.widget = widgets.HBox(parts, layout=widgets.Layout(flex_flow="row wrap",
                                                                align_items="center"))

    def controls(self):
        return self.fields

    def get(self):
        return [f.value for f in self.fields]

    def set(self, answer):
        for field, value in zip(self.fields, answer or [], strict=False):
            allowed = [v for _, v in field.options] if isinstance(field, widgets.Dropdown) else None
            field.value = value if allowed is None or value in allowed else ""


class PlacementInput(AnswerInput):
    def __init__(self, question: Placement):
        if question.ask == "year":
            self.widget = widgets.Text(placeholder="Four-digit year", description="Year")
        else:
            self.widget = widgets.Dropdown(
                options=[("Choose a stage\u2026", "")]
                + [(f"{sid}: {name}", sid) for sid, name in question.stage_names.items()],
                value="", description="Stage", layout=FULL)
        self.event = shared_html(f"<p><em>Event:</em> {html.escape(question.event_title)}</p>")
        self.box = box(widgets.VBox, [self.event, self.widget])

    def get(self):
        return self.widget.value or None

    def set(self, answer):
        self.widget.value = "" if answer is None else str(answer)


class ReflectionInput(AnswerInput):
    def __init__(self, question: Reflection):
        self.widget = widgets.Textarea(placeholder="Write your answer here.",
                                       layout=widgets.Layout(width="95%", height="8em"),
                                       description="Your answer",
                                       style=shared("text_initial"))

    def get(self):
        return self.widget.value

    def set(self, answer):
        self.widget.value = answer or ""


def kernel_namespace() -> dict:
    """The running kernel's user namespace, where the student's code leaves its names (a
    private dict outside IPython, e.g. in headless tests)."""
    from IPython import get_ipython

    shell = get_ipython()
    return shell.user_ns if shell is not None else {}


class CodeInput(AnswerInput):
    """No field to type in: the answer is what the student's code left in the kernel, read
    when Check is pressed (a function is called with each of the question's arguments).
    The widget shows which name is read and the result saved last."""

    def __init__(self, question: Code, namespace: dict | None = None):
        self.question = question
        self.namespace = kernel_namespace() if namespace is None else namespace
        what = "function" if question.call_with else "variable"
        self.reads = (f"<p><em>Check reads the {what}</em> <code>{html.escape(question.variable)}"
                      "</code> <em>from your code: run your cell first.</em></p>")
        self.widget = shared_html(self.reads)

    def controls(self):
        return []

    def get(self):
        name = self.question.variable
        if name not in self.namespace:
            return NotAnswered(f"Not answered yet: `{name}` is not defined. Write your code "
                               "in the cell above, run it, then press Check.")
        value = self.namespace[name]
        if not self.question.call_with:
            return value
        if not callable(value):
            return NotAnswered(f"`{name}` should be a function (def {name}(...):), not a "
                               f"{type(value).__name__}.")
        results = {}
        for argument in self.question.call_with:
            try:
                results[argument] = value(argument)
            except Exception as problem:  # the student's code: say what went wrong
                return NotAnswered(f"Calling {name}({argument!r}) raised "
                                   f"{type(problem).__name__}: {problem}")
        return results

    def set(self, answer):
        shown = "" if answer is None else html.escape(self.question.answer_text(answer))
        self.widget.value = self.reads + (f"<p>Your result as last checked: <code>{shown}"
                                          "</code></p>" if shown else "")

    def checked(self, answer):
        self.set(answer)

    def put(self, answer):
        name, calls = self.question.variable, self.question.call_with
        self.namespace[name] = ((lambda argument: answer[str(argument)]) if calls else answer)


INPUTS = {cls.__name__: cls for cls in (
    ChoiceInput, ManyInput, TrueFalseInput, TextInput, OrderingInput, MatchingInput,
    ClozeInput, PlacementInput, ReflectionInput, CodeInput)}


def input_for(question: Question) -> AnswerInput:
    """A new input for a question: the class its type names in `INPUT`."""
    return INPUTS[question.INPUT](question)
