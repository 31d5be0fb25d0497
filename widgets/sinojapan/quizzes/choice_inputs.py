"""Inputs for the choice family: one option, several options, true or false."""

from __future__ import annotations

from sinojapan.question_types import Evidence, MultipleSelect, SingleChoice
from sinojapan.quizzes.answer_input import AnswerInput, BrowserValueError, one_of, options_of


class ChoiceInput(AnswerInput):
    """A radio group: one Tab stop, arrow keys inside it."""

    KIND = "radio"

    def __init__(self, question: SingleChoice):
        super().__init__(question)
        self.order = question.display_order()

    def fields(self):
        return {"label": "Answer",
                "options": options_of([o.text for o in self.question.options], self.order)}

    def read(self, value):
        return one_of(value, self.order)

    def get(self):
        return self.value

    def set(self, answer):
        self.value = answer


class ManyInput(AnswerInput):
    KIND = "checkboxes"

    def __init__(self, question: MultipleSelect):
        super().__init__(question)
        self.order = question.display_order()

    def empty(self):
        return []

    def fields(self):
        claim = self.question.claim if isinstance(self.question, Evidence) else ""
        return {"label": "Tick every one that applies", "claim": claim,
                "options": options_of([o.text for o in self.question.options], self.order)}

    def read(self, value):
        if not isinstance(value, list):
            raise BrowserValueError("ticked options should come as a list")
        return sorted({one_of(v, self.order) for v in value})

    def get(self):
        return set(self.value)

    def set(self, answer):
        self.value = sorted(set(answer or ()))


class TrueFalseInput(AnswerInput):
    """True or False as a radio group, and a line saying why if the question asks."""

    KIND = "truefalse"

    def empty(self):
        return {"value": None, "justification": ""}

    def fields(self):
        return {"label": "Answer", "justify": bool(self.question.justify)}

    def read(self, value):
        if not isinstance(value, dict):
            raise BrowserValueError("a true-or-false answer should come as a mapping")
        why = value.get("justification") or ""
        if not isinstance(why, str):
            raise BrowserValueError("the reason should be text")
        return {"value": one_of(value.get("value"), (True, False)), "justification": why}

    def get(self):
        return {"value": self.value["value"],
                "justification": self.value["justification"] if self.question.justify else ""}

    def set(self, answer):
        answer = answer or {}
        self.value = {"value": answer.get("value"),
                      "justification": answer.get("justification") or ""}
