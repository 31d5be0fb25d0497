"""Inputs for typed answers: a text or number field, and placing an event (a stage or a year)."""

from __future__ import annotations

from sinojapan.question_types import Placement
from sinojapan.quizzes.answer_input import AnswerInput, BrowserValueError, one_of


def text_value(value) -> str:
    if not isinstance(value, str):
        raise BrowserValueError("a typed answer should come as text")
    return value


class TextInput(AnswerInput):
    """A field; Enter in it checks."""

    KIND = "text"

    def empty(self):
        return ""

    def fields(self):
        return {"label": "Answer", "placeholder": "Type your answer",
                "unit": getattr(self.question, "unit", "") or ""}

    def read(self, value):
        return text_value(value)

    def get(self):
        return self.value

    def set(self, answer):
        self.value = "" if answer is None else str(answer)


class PlacementInput(AnswerInput):
    """The event, then a year field or a choice of stage."""

    def __init__(self, question: Placement):
        super().__init__(question)
        self.KIND = "text" if question.ask == "year" else "select"

    def empty(self):
        return ""

    def fields(self):
        question = self.question
        event = {"event": question.event_title}
        if question.ask == "year":
            return {**event, "label": "Year", "placeholder": "Four-digit year", "unit": ""}
        return {**event, "label": "Stage", "prompt": "Choose a stage\u2026",
                "options": [{"value": sid, "text": f"{sid}: {name}"}
                            for sid, name in question.stage_names.items()]}

    def read(self, value):
        value = text_value(value)
        if self.question.ask != "year":
            one_of(value or None, list(self.question.stage_names))
        return value

    def get(self):
        return self.value or None

    def set(self, answer):
        self.value = "" if answer is None else str(answer)
