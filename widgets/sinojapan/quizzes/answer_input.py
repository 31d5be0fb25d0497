"""What every answer input shares: the base class `AnswerInput` and its registry
`INPUTS`, shared layout and style models, the message panel's `Slot` and the quiz's
buttons. The inputs themselves are in the modules of their family (`choice_inputs`,
`typed_inputs`, `structured_inputs`, `written_inputs`), as the question types are."""

from __future__ import annotations

import functools

import ipywidgets as widgets

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


INPUTS: dict[str, type[AnswerInput]] = {}


class AnswerInput:
    """Each input has `.widget`, `.get()` (the answer), `.set(answer)` and
    `.disable(flag)`; `.box` (if set) is what is shown, around `.widget`. A subclass
    registers itself in `INPUTS` under its class name, the name a question type gives
    in `INPUT`."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        INPUTS[cls.__name__] = cls

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
