"""Code exercises: the student's own code computes a value (a named variable, or a
function the quiz calls), and the question grades that value.

Grading is pure: the widget layer reads the value from the kernel and hands it over;
this module only looks at the value. The expected answer is never typed into a bank: it
is computed from the data series by a named function (`answer_from`), which the bank
loader runs and hands over in the `BankContext`. Known wrong answers (`mistakes`) are
computed the same way, so their feedback can name the slip (current dollars, a fraction
instead of a percentage, a partial year divided by twelve).

A value is either one number or a mapping of keys (years, names) to numbers: a pandas
Series or a dict. Values are read by their shape, not their class, so pandas and numpy
are never imported here.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar

from . import lms_forms as lms
from . import student_code
from .base import (
    RIGHT,
    WRONG,
    AnswerError,
    Question,
    Result,
    esc,
    number_field,
    text_field,
    within,
)
from .rubrics import RubricLevel, levels_html, rubric_levels_field
from .student_code import NotAnswered, digits_of

NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
MAX_KEYS = 200  # a mapping longer than this is not an answer to one of these exercises
MAX_MAGNITUDE = 1e300  # no answer comes near: a number past it is a formula gone wrong
MAX_SHOWN = 200  # characters of something saved that is not an answer, as a report shows it
MAX_DECIMALS = 10  # no code question shows more
TOO_LARGE = "far too large to be an answer to this exercise: check your formula."


@dataclass(frozen=True)
class Mistake:
    value: Any  # computed, in the canonical form
    feedback: str


def key_text(key: Any) -> str:
    """A mapping key as text: 2010, 2010.0 and numpy's int64(2010) are all '2010'."""
    if isinstance(key, bool):
        return str(key)
    if hasattr(key, "item") and not isinstance(key, str):
        key = key.item()
    if isinstance(key, float) and key.is_integer():
        key = int(key)
    return str(key).strip()


def number(value: Any, where: str) -> float:
    """One number from a value of any numeric class; a clear AnswerError otherwise."""
    if hasattr(value, "ndim") and getattr(value, "ndim", 1) == 0 and hasattr(value, "item"):
        value = value.item()  # a numpy scalar
    if isinstance(value, bool):
        raise AnswerError(f"{where} is {value}, not a number.")
    if isinstance(value, str):
        raise AnswerError(f"{where} is text ({value[:20]!r}), not a number: leave out the "
                          "quotation marks.")
    if not isinstance(value, int | float):
        raise AnswerError(f"{where} is of type {type(value).__name__}, not one number.")
    if isinstance(value, int) and abs(value) > MAX_MAGNITUDE:  # never written out: it may
        # have more digits than Python writes as text, or than a float holds
        raise AnswerError(f"{where} is a whole number of about {digits_of(value)} digits, "
                          + TOO_LARGE)
    value = float(value)
    if math.isfinite(value) and abs(value) > MAX_MAGNITUDE:
        raise AnswerError(f"{where} is about {value:.0e}, " + TOO_LARGE)
    if math.isnan(value):
        raise AnswerError(f"{where} is NaN (a missing value): the data have gaps, so "
                          "compare only years that exist in the series.")
    if math.isinf(value):
        raise AnswerError(f"{where} is infinite: check for a division by zero.")
    return value


def saved_text(answer: Any) -> str:
    """Something that is not an answer this question reads, as short text: never an error,
    and never thousands of characters (a number of 10,000 digits, say)."""
    if isinstance(answer, NotAnswered):
        return answer.message
    if isinstance(answer, int) and abs(answer) > MAX_MAGNITUDE:
        return f"a whole number of about {digits_of(answer)} digits"
    try:
        text = str(answer)
    except Exception:  # e.g. a whole number too long for Python to write, inside a dict
        return f"a {type(answer).__name__} that cannot be shown"
    return text if len(text) <= MAX_SHOWN else text[:MAX_SHOWN - 1] + "\u2026"


def is_mapping(value: Any) -> bool:
    return isinstance(value, dict) or (hasattr(value, "to_dict") and getattr(value, "ndim", 0) == 1)


def canonical(value: Any, name: str, wants_mapping: bool,
              called: bool = False) -> float | dict[str, float]:
    """The value as plain JSON: a float, or {key text: float}. Wrong shapes, missing,
    infinite and absurdly large values are refused with a message that says what was
    found (`called`: the keys are the arguments the function `name` was called with)."""
    if isinstance(value, NotAnswered):
        raise AnswerError(value.message)
    if value is None:
        raise AnswerError(f"`{name}` is None: replace None with your code, run the cell, "
                          "then check.")
    if getattr(value, "ndim", 0) == 2:
        raise AnswerError(f"`{name}` is a table; pick the column you need, e.g. "
                          "frame[\"column\"], so that it is one value per year.")
    if not wants_mapping:
        if (getattr(value, "ndim", None) != 0 and hasattr(value, "__len__")
                and not isinstance(value, str)):
            count = len(value)
            raise AnswerError(f"`{name}` holds {count} value{'' if count == 1 else 's'}; this "
                              "exercise wants one number (e.g. take it out of a Series with "
                              ".iloc[0] or .item()).")
        return number(value, f"`{name}`")
    if not is_mapping(value):
        raise AnswerError(f"`{name}` should hold one value per key (a pandas Series indexed "
                          "by year, or a dict), not a single "
                          f"{'list' if isinstance(value, list | tuple) else 'value'}.")
    if len(value) > MAX_KEYS:  # before copying it: it may hold millions
        raise AnswerError(f"`{name}` holds {len(value)} values; keep only the ones asked for.")
    items = dict(value) if isinstance(value, dict) else value.to_dict()
    return {key_text(k): number(v, f"What {name}({key_text(k)}) returned" if called
                                else f"`{name}`'s value for {key_text(k)}")
            for k, v in items.items()}


def close(given: float, expected: float, tolerance: float) -> bool:
    return abs(given - expected) <= tolerance + 1e-9 * max(1.0, abs(expected))


def same(given, expected, tolerance: float) -> bool:
    if isinstance(expected, dict):
        return (isinstance(given, dict) and given.keys() == expected.keys()
                and all(close(given[k], expected[k], tolerance) for k in expected))
    return not isinstance(given, dict) and close(given, expected, tolerance)


def tolerance_decimals(tolerance: float) -> int:
    """How many decimals a code question shows its numbers with: as many as its tolerance
    is written with (\u00b10.05 and \u00b10.01: 2; \u00b10.5: 1; \u00b12: 0), so that a
    difference the check counts always shows; 2 for an exact check."""
    if tolerance <= 0:
        return 2
    written = f"{tolerance:.{MAX_DECIMALS}f}".rstrip("0")
    return len(written.partition(".")[2])


def number_text(value: float, decimals: int = 2) -> str:
    """One number as every message of a code question shows it, expected and given alike:
    a whole number as it is (1999, 851), any other to `decimals` decimals, zeros kept
    (19.75, 19.30, -21.99), one of a trillion or more in powers of ten."""
    if not math.isfinite(value) or abs(value) >= 1e12:
        return f"{value:.3e}"
    if float(value).is_integer():
        return str(int(value))
    text = f"{value:.{decimals}f}"
    return text.lstrip("-") if not text.strip("-0.") else text  # never "-0.00"


def apart(given: float, expected: float, decimals: int) -> int:
    """Enough decimals to show a wrong value apart from the expected one (an exact check
    may refuse 2.781 for 2.78)."""
    while decimals < MAX_DECIMALS and number_text(given, decimals) == number_text(expected,
                                                                                 decimals):
        decimals += 1
    return decimals


def value_text(value, unit: str = "", decimals: int = 2) -> str:
    """A value as a report shows it: each number by `number_text` (2016, 2.78, -21.99)."""
    if isinstance(value, dict):
        return "; ".join(f"{k}: {number_text(v, decimals)}" for k, v in value.items())
    return f"{number_text(value, decimals)}{f' {unit}' if unit else ''}"


@dataclass
class Code(Question):
    """The student's code sets `variable` (or defines it as a function, which the quiz
    calls with each of `call_with`); the value is graded against one computed answer."""

    TYPE: ClassVar[str] = "code"
    INPUT: ClassVar[str] = "CodeInput"
    LMS_FORMS: ClassVar[tuple[type, ...]] = (lms.Essay,)
    LMS_NOTE: ClassVar[str] = "the student pastes the code and the value it gives"
    variable: str = ""
    expected: Any = None  # float or {key: float}, computed from the data
    tolerance: float = 0.0
    unit: str = ""
    call_with: list = field(default_factory=list)
    mistakes: list[Mistake] = field(default_factory=list)
    worked_solution: str = ""
    rubric_levels: list[RubricLevel] = field(default_factory=list)  # points, marked by hand

    @classmethod
    def computed_names(cls, raw: dict) -> list[str]:
        mistakes = raw.get("mistakes") if isinstance(raw.get("mistakes"), list) else []
        return [str(raw.get("answer_from", ""))] + [
            str(m.get("answer_from", "")) for m in mistakes if isinstance(m, dict)]

    @classmethod
    def specific(cls, raw, fail, context):
        variable = text_field(raw, "variable", fail)
        if not NAME.match(variable):
            fail("variable", f"'{variable}' is not a Python name")
        call_with = raw.get("call_with", [])
        if not isinstance(call_with, list) or not all(
                isinstance(a, int | float | str) and not isinstance(a, bool) for a in call_with):
            fail("call_with", "should be a list of numbers or texts (one call for each)")
        expected = computed(context, raw, fail)
        if call_with and (not isinstance(expected, dict)
                          or set(expected) != {key_text(a) for a in call_with}):
            fail("answer_from", "its computed answer should have one value for each of "
                 f"call_with ({', '.join(key_text(a) for a in call_with)})")
        mistakes = []
        for number_, item in enumerate(raw.get("mistakes", [])):
            at = within(fail, f"mistakes[{number_}]")
            if not isinstance(item, dict):
                fail(f"mistakes[{number_}]", "should be a mapping with answer_from and feedback")
            mistakes.append(Mistake(computed(context, item, at), text_field(item, "feedback", at)))
        return {"variable": variable, "expected": expected, "call_with": list(call_with),
                "tolerance": float(number_field(raw, "tolerance", fail, default=0, minimum=0)),
                "unit": str(raw.get("unit", "")), "mistakes": mistakes,
                "worked_solution": text_field(raw, "solution", fail),
                "rubric_levels": rubric_levels_field(raw, fail)}

    # -- reading the student's code
    def limit_note(self) -> str:
        """The time limit, as the question states it to the student (empty when Check
        reads a variable: only a function's calls run the student's code)."""
        if not self.call_with:
            return ""
        return (f"Check stops a call of {self.variable} that takes longer than "
                f"{student_code.LIMIT_SECONDS:g} seconds (a loop that never ends, say).")

    def answer_in(self, namespace: dict) -> Any:
        """The student's answer in the kernel's `namespace`, read as plain numbers, or a
        `NotAnswered` that says why there is none. Never raises and never hangs past
        the time limit, whatever the student's code does (student_code.py)."""
        return student_code.answer_in(namespace, self.variable, self.call_with, self.read)

    # -- numbers, as every message of the question shows them
    def figure(self, value: float, expected: float | None = None) -> str:
        """One number of this question, to its tolerance's decimals (more for a wrong value
        that would otherwise read as the `expected` one)."""
        decimals = tolerance_decimals(self.tolerance)
        if expected is not None:
            decimals = apart(value, expected, decimals)
        return number_text(value, decimals)

    def value_text(self, value) -> str:
        return value_text(value, self.unit, tolerance_decimals(self.tolerance))

    # -- grading
    def read(self, answer: Any):
        return canonical(answer, self.variable, isinstance(self.expected, dict),
                         called=bool(self.call_with))

    def check(self, answer):
        given = self.read(answer)
        if same(given, self.expected, self.tolerance):
            return Result(1.0, True, "")
        if isinstance(self.expected, dict):
            missing = [k for k in self.expected if k not in given]
            extra = [k for k in given if k not in self.expected]
            if missing or extra:
                raise AnswerError(
                    f"`{self.variable}` should have values for exactly "
                    f"{', '.join(self.expected)}"
                    + (f"; it has none for {', '.join(missing)}" if missing else "")
                    + (f"; it also has {', '.join(extra[:8])}" if extra else "") + ".")
        slip = next((m.feedback for m in self.mistakes
                     if same(given, m.value, self.tolerance)), "")
        if not isinstance(self.expected, dict):
            direction = "too low" if given < self.expected else "too high"
            return Result(0.0, False,
                          slip or f"{self.figure(given, self.expected)} is {direction}.")
        right = [k for k in self.expected if close(given[k], self.expected[k], self.tolerance)]
        details = [f"{RIGHT if k in right else WRONG} {k}: "
                   f"{self.figure(given[k], self.expected[k])}"
                   + ("" if k in right else
                      f" is {'too low' if given[k] < self.expected[k] else 'too high'}")
                   for k in self.expected]
        return Result(len(right) / len(self.expected), False,
                      slip or f"{len(right)} of {len(self.expected)} values are right.", details)

    # -- answers as saved and shown
    def answer_to_json(self, answer):
        return self.read(answer)

    def answer_from_json(self, stored):
        return stored

    def answer_text(self, answer):
        try:
            return f"{self.variable} = {self.value_text(self.read(answer))}"
        except AnswerError:
            return saved_text(answer)

    def solution(self):
        return self.expected

    def solution_text(self):
        return (f"{self.variable} = {self.value_text(self.expected)}. "
                f"A worked solution:\n{self.worked_solution}")

    def solution_html(self):
        return (f"<code>{esc(self.variable)}</code> = {esc(self.value_text(self.expected))}"
                "<br>A worked solution:<code class=\"sj-code\" style=\"display: block; "
                f"white-space: pre-wrap\">{esc(self.worked_solution)}</code>")

    def key_texts(self):
        return [self.worked_solution]

    def rekeyed(self):
        return replace(self, expected=7.0, worked_solution="answer = 7.0")

    def key_line(self):
        return f"{self.variable} = {self.value_text(self.expected)}"

    def lms_form(self):
        grader = (f"<p><strong>Expected result:</strong> {self.solution_html()}</p>"
                  "<p>The lesson computes the expected result from the module's data series; "
                  "an equivalent computation that gives the same value is right.</p>")
        return lms.Essay(grader, monospace=True, stem_html=lms.paragraph(lms.CODE_NOTE))

    def key_body(self):
        return (f"<p><strong>Answer:</strong> {self.solution_html()}</p>"
                + levels_html(self.rubric_levels))

    def static_body(self):
        calls = (f" as a function (the check calls it with "
                 f"{esc(', '.join(map(str, self.call_with)))})" if self.call_with else "")
        note = f" {esc(self.limit_note())}" if self.limit_note() else ""
        return (f"<p>Write code that defines <code>{esc(self.variable)}</code>{calls}, then run "
                f"the notebook in JupyterLab to check it.{note}</p>")


def computed(context, raw: dict, fail) -> Any:
    """The value the bank loader computed for this entry's `answer_from`."""
    name = text_field(raw, "answer_from", fail)
    if name not in context.computed:
        fail("answer_from", f"no computed answer '{name}' (known: "
             f"{', '.join(sorted(context.known_answers)) or 'none'})")
    return context.computed[name]


__all__ = ["Code", "Mistake", "NotAnswered", "canonical"]
