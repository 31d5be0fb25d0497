"""The widgets that collect an answer, one class per kind of answer, in the module of
their family. A question type names its input in `INPUT` (see question_types);
`input_for(question)` builds it. Widgets only collect answers: grading is the
question's `check`."""

from __future__ import annotations

from sinojapan.question_types import Question
from sinojapan.quizzes import (  # noqa: F401  (importing a family registers its inputs)
    choice_inputs,
    structured_inputs,
    typed_inputs,
    written_inputs,
)
from sinojapan.quizzes.answer_input import INPUTS, AnswerInput


def input_for(question: Question) -> AnswerInput:
    """A new input for a question: the class its type names in `INPUT`."""
    return INPUTS[question.INPUT](question)
