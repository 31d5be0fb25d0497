"""What every answer input shares: the base class `AnswerInput` and its registry `INPUTS`.

An input is not a widget: it describes the control the browser draws (`spec()`, read by
components/quiz.js, which has one drawing per `KIND`) and holds the value the browser
last sent (`value`, in the browser's form). `get()` turns that value into the answer the
question type checks; `set(answer)` shows an answer. The inputs themselves are in the
modules of their family (`choice_inputs`, `typed_inputs`, `structured_inputs`,
`written_inputs`), as the question types are."""

from __future__ import annotations

from typing import Any

INPUTS: dict[str, type[AnswerInput]] = {}


class BrowserValueError(ValueError):
    """What the browser sent does not fit the input (an older page, a tampered message)."""


class AnswerInput:
    """A subclass registers itself in `INPUTS` under its class name, the name a question
    type gives in `INPUT`; it names the browser's drawing in `KIND` and gives `fields()`
    (what to draw), `get()` and `set(answer)`; `read(value)` checks what the browser sent."""

    KIND = ""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        INPUTS[cls.__name__] = cls

    def __init__(self, question):
        self.question = question
        self.value: Any = self.empty()
        self.disabled = False

    def empty(self) -> Any:
        return None

    def fields(self) -> dict:
        return {}

    def spec(self) -> dict:
        """What the browser draws: the kind, its fields, the value and whether it is off."""
        return {"kind": self.KIND, **self.fields(), "value": self.value,
                "disabled": self.disabled}

    def disable(self, flag: bool) -> None:
        self.disabled = flag

    def read(self, value: Any) -> Any:
        """The browser's value, checked for shape (raise BrowserValueError if it is not)."""
        return value

    def receive(self, value: Any) -> None:
        """Take the value the browser sent with an action."""
        self.value = self.read(value)

    def put(self, answer) -> None:
        """Give an answer as the student would (tests; `QuestionView.submit(answer)`)."""
        self.set(answer)

    def checked(self, answer) -> None:
        """An answer was just checked and saved (the inputs show it already)."""


def options_of(texts_by_index: dict[int, str] | list[str], order: list[int]) -> list[dict]:
    """Options in the order shown, each with the index the answer uses."""
    return [{"value": i, "text": texts_by_index[i]} for i in order]


def one_of(value: Any, allowed) -> Any:
    """`value` if it is one of `allowed`, of the same type (True is not the index 1)."""
    if value is not None and not any(type(value) is type(a) and value == a for a in allowed):
        raise BrowserValueError(f"{value!r} is not one of the options")
    return value
