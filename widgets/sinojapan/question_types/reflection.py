"""Reflection: free text, saved and self-assessed against a model answer and a rubric."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import ClassVar

from . import lms_forms as lms
from .base import (
    AnswerError,
    Question,
    Result,
    bullets,
    esc,
    number_field,
    strings_field,
    text_field,
)
from .rubrics import RubricLevel, levels_html, rubric_levels_field

MAX_REFLECTION = 20_000  # characters, about 3,000 words


@dataclass
class Reflection(Question):
    """Free text, saved. After submitting: a model answer and a rubric to check oneself.
    Not graded: it counts as done once saved, never as right or wrong."""

    TYPE: ClassVar[str] = "reflection"
    INPUT: ClassVar[str] = "ReflectionInput"
    GRADED: ClassVar[bool] = False
    LMS_FORMS: ClassVar[tuple[type, ...]] = (lms.Essay,)
    model_answer: str = ""
    rubric: list[str] = field(default_factory=list)
    min_words: int = 10
    rubric_levels: list[RubricLevel] = field(default_factory=list)  # points, marked by hand

    @classmethod
    def specific(cls, raw, fail, context):
        return {"model_answer": text_field(raw, "model_answer", fail),
                "rubric": strings_field(raw, "rubric", fail),
                "min_words": number_field(raw, "min_words", fail, default=10, integer=True,
                                          minimum=1),
                "rubric_levels": rubric_levels_field(raw, fail)}

    def key_texts(self):
        return [self.model_answer, *self.rubric]

    def rekeyed(self):
        return replace(self, model_answer="another model", rubric=["another point"])

    def key_line(self):
        return "Reflection: self-assessed against the rubric (model answer on the lesson page)"

    def lms_form(self):
        return lms.Essay(lms.model_answer_html(self.model_answer, self.rubric),
                         min_words=self.min_words)

    def check(self, answer):
        text = str(answer or "").strip()
        if not text:
            raise AnswerError("Write your reflection first.")
        if len(text) > MAX_REFLECTION:
            raise AnswerError(f"That is more than {MAX_REFLECTION:,} characters: shorten it "
                              "to the points that matter most (it was not saved).")
        words = len(text.split())
        if words < self.min_words:
            raise AnswerError(f"Write a little more: at least {self.min_words} words "
                              f"(you have {words}).")
        return Result(1.0, True, "Compare your answer with the model answer and tick the "
                                 "rubric points it meets.")

    def solution(self):
        return self.model_answer

    def solution_text(self):
        return self.model_answer

    def static_body(self):
        return (f"<p><em>Write at least {self.min_words} words. In JupyterLab your answer is "
                "saved, and a model answer and a rubric follow.</em></p>"
                '<div class="sj-write"></div>')

    def key_body(self):
        return (f"<p><strong>Model answer:</strong> {esc(self.model_answer)}</p>"
                "<p><strong>Rubric</strong> (students tick the points their answer meets; "
                f"not graded):</p>{bullets(self.rubric)}"
                f"<p>At least {self.min_words} words.</p>{levels_html(self.rubric_levels)}")
