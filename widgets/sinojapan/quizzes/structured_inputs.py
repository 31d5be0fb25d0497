"""Inputs for structured answers: putting items in order, matching pairs, filling blanks."""

from __future__ import annotations

from sinojapan.question_types import Ordering
from sinojapan.quizzes.answer_input import AnswerInput, BrowserValueError, options_of


class OrderingInput(AnswerInput):
    """A listbox whose selected item moves with Alt+Up / Alt+Down or the Move buttons,
    keeping the focus. The value is the order shown; None until the student moves an item
    (checking before arranging anything is not an answer)."""

    KIND = "ordering"

    def __init__(self, question: Ordering):
        super().__init__(question)
        self.items = question.items
        self.order = question.display_order()

    def fields(self):
        return {"label": "Put these in order, first at the top",
                "options": options_of(self.items, self.order)}

    def read(self, value):
        if value is not None and (not isinstance(value, list)
                                  or not all(type(v) is int for v in value)
                                  or sorted(value) != list(range(len(self.items)))):
            raise BrowserValueError("an order should list every item once")
        return value

    @property
    def moved(self) -> bool:
        return self.value is not None

    def move(self, position: int, step: int) -> None:
        """Move the item shown at `position` up (-1) or down (+1), as the browser does."""
        order = list(self.value if self.value is not None else self.order)
        target = position + step
        if 0 <= target < len(order):
            order[position], order[target] = order[target], order[position]
            self.value = order

    def shown(self) -> list[int]:
        return list(self.value if self.value is not None else self.order)

    def get(self):
        return list(self.value) if self.value is not None else []

    def set(self, answer):
        if answer and sorted(answer) == list(range(len(self.items))):
            self.value = list(answer)


class MatchingInput(AnswerInput):
    """A choice beside each item on the left."""

    KIND = "matching"

    def empty(self):
        return {}

    def fields(self):
        return {"label": "Match each item", "prompt": "Choose\u2026",
                "rows": [left for left, _ in self.question.pairs],
                "choices": list(self.question.choices())}

    def read(self, value):
        if not isinstance(value, dict):
            raise BrowserValueError("matches should come as a mapping")
        choices, rows = set(self.question.choices()), len(self.question.pairs)
        chosen = {}
        for row, choice in value.items():
            if not str(row).isdecimal() or int(row) >= rows or (
                    choice and (not isinstance(choice, str) or choice not in choices)):
                raise BrowserValueError(f"row {row}: {choice!r} is not a choice")
            if choice:
                chosen[str(int(row))] = choice
        return chosen

    def get(self):
        return {int(i): choice for i, choice in self.value.items() if choice}

    def set(self, answer):
        choices = set(self.question.choices())
        self.value = {str(i): c for i, c in (answer or {}).items() if c in choices}


class ClozeInput(AnswerInput):
    """The text with a field or a choice in each blank."""

    KIND = "cloze"

    def empty(self):
        return [""] * len(self.question.blanks)

    def fields(self):
        question = self.question
        blanks = [{"options": question.shown_options(n) if blank.options else None}
                  for n, blank in enumerate(question.blanks, start=1)]
        return {"label": "Fill in the blanks", "segments": question.segments(),
                "blanks": blanks}

    def read(self, value):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise BrowserValueError("the blanks should come as a list of texts")
        return (value + self.empty())[:len(self.question.blanks)]

    def get(self):
        return list(self.value)

    def set(self, answer):
        question, values = self.question, list(answer or [])
        shown = []
        for n, blank in enumerate(question.blanks, start=1):
            value = str(values[n - 1]) if n <= len(values) and values[n - 1] is not None else ""
            fits = not blank.options or value in question.shown_options(n)
            shown.append(value if fits else "")
        self.value = shown
