"""Typed answers: numeric, text, and placement (an event's stage or year)."""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar

from . import lms_forms as lms
from .base import (
    AnswerError,
    Question,
    Result,
    answer_line,
    bullets,
    choice_list,
    esc,
    normalise,
    number_field,
    strings_field,
    text_field,
)

NUMBER_WITH_WORDS = re.compile(r"^([+-]?[0-9][0-9.,]*)\s*([^\W\d_][^\d]*|%)?$")
MAX_NUMBER_TEXT = 60  # characters: longer is not a number a student means to type
MAX_TEXT_ANSWER = 300  # characters of a short text answer
CLOSENESS = 0.85  # how alike a typed answer and an accepted one must be to forgive a typo
NEGATIONS = ("un", "in", "im", "il", "ir", "non", "non ", "dis", "a")  # never a typo's letters


def spelling(given: str, accept: list[str], closeness: float = CLOSENESS) -> tuple[bool, str]:
    """The one rule for typed words (short answers, a cloze's typed blanks): whether
    `given` counts as one of `accept`, with case, accents and punctuation ignored and a
    small misspelling forgiven (at least `closeness` alike); and, for a forgiven one, the
    accepted answer it was taken for (empty when it matched exactly or does not count)."""
    typed = normalise(given)
    if any(typed == normalise(a) for a in accept):
        return True, ""
    alike = []
    for accepted in accept:
        if not typo_possible(typed, normalise(accepted)):
            continue
        matcher = difflib.SequenceMatcher(None, typed, normalise(accepted))
        if matcher.real_quick_ratio() >= closeness:  # lengths alike: worth comparing
            alike.append((matcher.ratio(), -len(alike), accepted))
    best = max(alike, default=(0.0, 0, ""))
    return (True, best[2]) if best[0] >= closeness else (False, "")


def typo_possible(typed: str, accepted: str) -> bool:
    """Whether two different (normalised) answers can be one word misspelled: not when
    their numbers differ (Article 8 is not Article 9) or one is the other negated
    (impossible, unstable, nonviolent)."""
    if not typed or re.findall(r"\d+", typed) != re.findall(r"\d+", accepted):
        return False
    return not any(long == prefix + short for long, short in ((typed, accepted),
                                                             (accepted, typed))
                   for prefix in NEGATIONS)


def spelling_note(accepted: str, where: str = "") -> str:
    """What the feedback says when a misspelling was forgiven: the word to learn."""
    return f"Check the spelling{f' of {where}' if where else ''}: \u201c{accepted}\u201d."


def parse_number(text: Any) -> float:
    """A typed number: '6.26', '6,26', '1,412,875', '30%', '4.10 times', '-3'."""
    if isinstance(text, int | float) and not isinstance(text, bool):
        try:
            value = float(text)
        except OverflowError:  # a whole number of hundreds of digits, from a saved file
            raise AnswerError("That is too long for a number: type digits, e.g. 6.3") \
                from None
    else:
        raw = str(text or "").strip()
        if not raw:
            raise AnswerError("Type a number first.")
        if len(raw) > MAX_NUMBER_TEXT:
            raise AnswerError("That is too long for a number: type digits, e.g. 6.3")
        match = NUMBER_WITH_WORDS.match(raw.replace("\u2212", "-"))
        if not match:
            raise AnswerError(f"'{raw}' is not a number: type digits, e.g. 6.3")
        digits = match[1]
        if re.fullmatch(r"[+-]?\d+,\d{1,2}", digits):  # a decimal comma, as in 6,26
            digits = digits.replace(",", ".")
        try:
            value = float(digits.replace(",", ""))  # thousands separators, as in 1,412,875
        except ValueError:
            raise AnswerError(f"'{raw}' is not a number: type digits, e.g. 6.3") from None
    if not math.isfinite(value):
        raise AnswerError("Type an ordinary number, e.g. 6.3")
    return value


@dataclass
class Numeric(Question):
    TYPE: ClassVar[str] = "numeric"
    INPUT: ClassVar[str] = "TextInput"
    LMS_FORMS: ClassVar[tuple[type, ...]] = (lms.Number,)
    answer: float = 0.0
    tolerance: float = 0.0
    range: tuple[float, float] | None = None
    unit: str = ""

    @classmethod
    def specific(cls, raw, fail, context):
        spec: dict[str, Any] = {"unit": str(raw.get("unit", ""))}
        if "range" in raw:
            low_high = raw["range"]
            if (not isinstance(low_high, list) or len(low_high) != 2
                    or not all(isinstance(v, int | float) and not isinstance(v, bool)
                               for v in low_high)
                    or low_high[0] > low_high[1]):
                fail("range", "should be [low, high] with two numbers, low first")
            spec["range"] = (float(low_high[0]), float(low_high[1]))
            spec["answer"] = float(number_field(raw, "answer", fail,
                                                default=sum(low_high) / 2))
        else:
            if "answer" not in raw:
                fail("answer", "is missing: give a number (or range: [low, high])")
            spec["answer"] = float(number_field(raw, "answer", fail))
        spec["tolerance"] = float(number_field(raw, "tolerance", fail, default=0, minimum=0))
        return spec

    def bounds(self) -> tuple[float, float]:
        return self.range or (self.answer - self.tolerance, self.answer + self.tolerance)

    def key_texts(self):
        return [self.solution_text()]

    def rekeyed(self):
        return replace(self, answer=self.answer + 7, tolerance=self.tolerance + 1, range=None)

    def lms_form(self):
        low, high = self.bounds()
        return lms.Number(low, high, None if self.range else self.answer, self.unit)

    def check(self, answer):
        value = parse_number(answer)
        low, high = self.bounds()
        correct = low - 1e-9 <= value <= high + 1e-9
        if correct:
            return Result(1.0, True, "")
        direction = "too low" if value < low else "too high"
        return Result(0.0, False, f"{value:g} is {direction}.")

    def solution(self):
        return f"{self.answer:g}"

    def solution_text(self):
        low, high = self.bounds()
        unit = f" {self.unit}" if self.unit else ""
        if low == high:
            return f"{self.answer:g}{unit}"
        return f"{self.answer:g}{unit} (anything from {low:g} to {high:g} counts)"

    def answer_text(self, answer):
        return f"{answer} {self.unit}".strip() if self.unit else str(answer)

    def static_body(self):
        return answer_line("Answer", self.unit)

    def key_body(self):
        low, high = self.bounds()
        if self.range:
            accepted = f"any number from {low:g} to {high:g} (a range)"
        elif self.tolerance:
            accepted = (f"any number from {low:g} to {high:g} "
                        f"(tolerance \u00b1{self.tolerance:g})")
        else:
            accepted = "exactly this number (no tolerance)"
        return (f"<p><strong>Answer:</strong> {esc(self.solution_text())}</p>"
                f"<p>Accepted: {esc(accepted)}. Typed forms such as 6,26 or 30% are read as "
                "numbers.</p>")


@dataclass
class ShortText(Question):
    TYPE: ClassVar[str] = "text"
    INPUT: ClassVar[str] = "TextInput"
    LMS_FORMS: ClassVar[tuple[type, ...]] = (lms.Text,)
    accept: list[str] = field(default_factory=list)
    closeness: float = CLOSENESS

    @classmethod
    def specific(cls, raw, fail, context):
        accept = strings_field(raw, "accept", fail)
        if not all(normalise(a) for a in accept):
            fail("accept", "every accepted answer needs letters or digits")
        closeness = number_field(raw, "closeness", fail, default=CLOSENESS, minimum=0.5,
                                 maximum=1)
        return {"accept": accept, "closeness": float(closeness)}

    def key_texts(self):
        return []  # an accepted word (a country, a name) may rightly appear in the lesson

    def rekeyed(self):
        return replace(self, accept=["something else entirely"])

    def lms_form(self):
        return lms.Text(list(self.accept))

    def check(self, answer):
        if len(str(answer or "")) > MAX_TEXT_ANSWER:
            raise AnswerError("That is longer than this question needs: a few words are "
                              "enough.")
        if not normalise(answer or ""):
            raise AnswerError("Type an answer first.")
        counts, forgiven = spelling(answer, self.accept, self.closeness)
        if counts:
            return Result(1.0, True, spelling_note(forgiven) if forgiven else "")
        return Result(0.0, False, "That is not an answer this question accepts. Check the "
                                  "spelling and the names"
                                  + (", or ask for a hint." if self.hints else "."))

    def solution(self):
        return self.accept[0]

    def solution_text(self):
        return self.accept[0]

    def key_body(self):
        return (f"<p><strong>Answer:</strong> {esc(self.solution_text())}</p>"
                f"<p>Accepted answers (case, accents and punctuation ignored):</p>"
                f"{bullets(self.accept)}<p>Small misspellings count: an answer at least "
                f"{self.closeness:.0%} similar to one of these is right.</p>")


@dataclass
class Placement(Question):
    """Place an event: in its stage (ask: stage) or by its year (ask: year). The answer
    key comes from the event's row in data/events.csv (via the bank's context), so it
    cannot drift from it."""

    TYPE: ClassVar[str] = "placement"
    INPUT: ClassVar[str] = "PlacementInput"
    LMS_FORMS: ClassVar[tuple[type, ...]] = (lms.Choice, lms.Number)
    LMS_NOTE: ClassVar[str] = ("ask: stage: the stages as options, in order; ask: year: the "
                               "event's year with the tolerance in years")
    event: str = ""
    ask: str = "stage"
    tolerance: int = 0
    event_title: str = ""
    event_year: int = 0
    event_stage: str = ""
    stage_names: dict[str, str] = field(default_factory=dict)

    @classmethod
    def specific(cls, raw, fail, context):
        event_id = text_field(raw, "event", fail)
        if event_id not in context.event_titles:
            fail("event", f"no event '{event_id}' in events.csv")
        ask = raw.get("ask", "stage")
        if ask not in ("stage", "year"):
            fail("ask", "should be stage or year")
        tolerance = number_field(raw, "tolerance", fail, default=0, integer=True, minimum=0)
        return {"event": event_id, "ask": ask, "tolerance": tolerance,
                "event_title": context.event_titles[event_id],
                "event_year": context.event_years[event_id],
                "event_stage": context.event_stages[event_id],
                "stage_names": dict(context.stage_names)}

    def key_texts(self):
        return [self.solution_text()]

    def rekeyed(self):
        other = next(s for s in self.stage_names if s != self.event_stage)
        return replace(self, event_year=self.event_year + 3, event_stage=other)

    def lms_form(self):
        stem = lms.labelled("Event", self.event_title)
        if self.ask == "year":
            return lms.Number(self.event_year - self.tolerance, self.event_year + self.tolerance,
                              self.event_year, stem_html=stem)
        options = [lms.ChoiceOption(lms.stage_label(stage, name), stage == self.event_stage,
                                    "" if stage == self.event_stage
                                    else self.check(stage).feedback)
                   for stage, name in self.stage_names.items()]
        return lms.Choice(options, list(range(len(options))), shuffle=False, numbered=False,
                          stem_html=stem)

    def timeline_event(self):
        return self.event

    def check(self, answer):
        if self.ask == "year":
            year = parse_number(answer)
            off = abs(year - self.event_year)
            correct = off <= self.tolerance
            feedback = ("" if correct else
                        f"{year:g} is {off:g} year{'' if off == 1 else 's'} "
                        f"{'early' if year < self.event_year else 'late'}.")
            return Result(float(correct), correct, feedback)
        if not answer:
            raise AnswerError("Choose a stage first.")
        if answer not in self.stage_names:
            raise AnswerError("That is not one of the stages.")
        correct = answer == self.event_stage
        feedback = "" if correct else (
            f"Not stage {answer} ({self.stage_names[answer]}). Compare the event's date with "
            "where each stage begins and ends.")
        return Result(float(correct), correct, feedback)

    def solution(self):
        return str(self.event_year) if self.ask == "year" else self.event_stage

    def solution_text(self):
        stage = f"stage {self.event_stage} ({self.stage_names[self.event_stage]})"
        return f"{self.event_year}, in {stage}" if self.ask == "year" else stage

    def answer_text(self, answer):
        if self.ask == "year" or answer not in self.stage_names:
            return str(answer)
        return f"stage {answer} ({self.stage_names[answer]})"

    def static_body(self):
        event = f"<p><em>Event:</em> {esc(self.event_title)}</p>"
        if self.ask == "year":
            return event + answer_line("Year (four digits)")
        stages = [f"{sid}: {name}" for sid, name in self.stage_names.items()]
        return (event + "<p><em>Choose its stage.</em></p>"
                + choice_list(stages, "\u25cb", lettered=False))

    def key_body(self):
        where = (f"<p>The key comes from the event's row in events.csv: "
                 f"{esc(self.event_title)}, {self.event_year}, stage {esc(self.event_stage)}.</p>")
        if self.ask == "year" and self.tolerance:
            where += (f"<p>Accepted: {self.event_year - self.tolerance} to "
                      f"{self.event_year + self.tolerance} (tolerance \u00b1{self.tolerance} "
                      f"year{'' if self.tolerance == 1 else 's'}).</p>")
        return f"<p><strong>Answer:</strong> {esc(self.solution_text())}</p>" + where
