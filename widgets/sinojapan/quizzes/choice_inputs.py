"""Inputs for the choice family: one option, several options, true or false."""

from __future__ import annotations

import html

import ipywidgets as widgets

from sinojapan.question_types import Evidence, MultipleSelect, SingleChoice, TrueFalse
from sinojapan.quizzes.answer_input import FULL, AnswerInput, box, shared, shared_html


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
        return {i for i, checkbox in self.boxes.items() if checkbox.value}

    def set(self, answer):
        for i, checkbox in self.boxes.items():
            checkbox.value = i in set(answer or ())


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
