"""Inputs for written work: a reflection, and a code exercise (read from the kernel)."""

from __future__ import annotations

import html

import ipywidgets as widgets

from sinojapan.question_types import Code, Reflection
from sinojapan.quizzes.answer_input import AnswerInput, shared, shared_html


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
        limit = question.limit_note()  # empty for a variable
        self.reads = (f"<p><em>Check reads the {what}</em> <code>{html.escape(question.variable)}"
                      "</code> <em>from your code: run your cell first."
                      f"{' ' + html.escape(limit) if limit else ''}</em></p>")
        self.widget = shared_html(self.reads)

    def controls(self):
        return []

    def get(self):
        # the student's code runs bounded in time, and nothing it raises reaches the kernel
        return self.question.answer_in(self.namespace)

    def set(self, answer):
        shown = "" if answer is None else html.escape(self.question.answer_text(answer))
        self.widget.value = self.reads + (f"<p>Your result as last checked: <code>{shown}"
                                          "</code></p>" if shown else "")

    def checked(self, answer):
        self.set(answer)

    def put(self, answer):
        name, calls = self.question.variable, self.question.call_with
        self.namespace[name] = ((lambda argument: answer[str(argument)]) if calls else answer)
