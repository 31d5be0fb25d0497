"""Inputs for written work: a reflection, and a code exercise (read from the kernel)."""

from __future__ import annotations

from sinojapan.question_types import Code, Reflection
from sinojapan.quizzes.answer_input import AnswerInput
from sinojapan.quizzes.typed_inputs import text_value


class ReflectionInput(AnswerInput):
    """A text area (Enter is a new line; Ctrl+Enter checks)."""

    KIND = "textarea"

    def __init__(self, question: Reflection):
        super().__init__(question)

    def empty(self):
        return ""

    def fields(self):
        return {"label": "Your answer", "placeholder": "Write your answer here."}

    def read(self, value):
        return text_value(value)

    def get(self):
        return self.value

    def set(self, answer):
        self.value = answer or ""


def kernel_namespace() -> dict:
    """The running kernel's user namespace, where the student's code leaves its names (a
    private dict outside IPython, e.g. in headless tests)."""
    from IPython import get_ipython

    shell = get_ipython()
    return shell.user_ns if shell is not None else {}


class CodeInput(AnswerInput):
    """No field to type in: the answer is what the student's code left in the kernel, read
    when Check is pressed (a function is called with each of the question's arguments).
    The browser shows which name is read and the result saved last."""

    KIND = "code"

    def __init__(self, question: Code, namespace: dict | None = None):
        super().__init__(question)
        self.namespace = kernel_namespace() if namespace is None else namespace
        self.last = ""

    def fields(self):
        what = "function" if self.question.call_with else "variable"
        return {"what": what, "name": self.question.variable, "last": self.last,
                "note": self.question.limit_note()}

    def read(self, value):
        return None

    def get(self):
        # the student's code runs bounded in time, and nothing it raises reaches the kernel
        return self.question.answer_in(self.namespace)

    def set(self, answer):
        self.last = "" if answer is None else self.question.answer_text(answer)

    def checked(self, answer):
        self.set(answer)

    def put(self, answer):
        name, calls = self.question.variable, self.question.call_with
        self.namespace[name] = ((lambda argument: answer[str(argument)]) if calls else answer)
