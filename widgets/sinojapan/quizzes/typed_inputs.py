"""Inputs for typed answers: a text or number field, and placing an event (a stage or a year)."""

from __future__ import annotations

import html

import ipywidgets as widgets

from sinojapan.question_types import Placement, Question
from sinojapan.quizzes.answer_input import FULL, AnswerInput, box, label, shared, shared_html


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
