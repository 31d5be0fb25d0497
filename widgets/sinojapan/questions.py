"""Question types and pure grading: (question, answer) -> Result. No widgets here.

Every type follows one small contract:
- `from_dict(raw, fail)` builds it from a question bank entry; `fail(field, problem)`
  raises the bank's error naming the file, the question and the field;
- `check(answer)` grades an answer and returns a `Result` (raises `AnswerError` for an
  empty or malformed answer, with a message for the student);
- `solution()` is a correct answer in the type's own answer format, and
  `solution_text()` says it in words;
- `answer_from_json` / `answer_to_json` convert answers for the progress file;
- `static_html()` is the question for a page with no kernel.
Resetting is the widgets' business (see quizzes.py). To add a type: write a class here
with that contract, register it in TYPES, and give it an input in quizzes.py.
"""

from __future__ import annotations

import difflib
import html
import random
import re
import string
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

Fail = Callable[[str, str], None]
RIGHT, WRONG = "\u2713", "\u2717"  # check mark and cross: never colour alone


class AnswerError(ValueError):
    """An answer that cannot be graded (empty, not a number, ...): say why, kindly."""


@dataclass
class Result:
    score: float  # 0..1; reflections score 1 once submitted
    correct: bool
    feedback: str  # plain text for the student, beyond the verdict that `correct` gives
    details: list[str] = field(default_factory=list)  # per option / item / blank feedback

    def __post_init__(self):
        self.score = round(max(0.0, min(1.0, self.score)), 4)


def normalise(text: str) -> str:
    """Case, accents, punctuation and spacing do not matter when matching text."""
    text = unicodedata.normalize("NFKD", str(text)).casefold()
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = "".join(" " if c in string.punctuation or c in "\u2018\u2019\u201c\u201d" else c
                   for c in text)
    return " ".join(text.split())


def _text(raw: dict, key: str, fail: Fail, required: bool = True) -> str:
    value = raw.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            fail(key, "is missing or empty")
        return ""
    if not isinstance(value, str | int | float):
        fail(key, f"should be text, not {type(value).__name__}")
    return str(value).strip()


def _list(raw: dict, key: str, fail: Fail, minimum: int = 1) -> list:
    value = raw.get(key)
    if not isinstance(value, list) or len(value) < minimum:
        fail(key, f"should be a list of at least {minimum} item(s)")
    return value


def _esc(text: str) -> str:
    return html.escape(str(text))


def _bullets(texts) -> str:
    return "<ul>" + "".join(f"<li>{_esc(t)}</li>" for t in texts) + "</ul>"


def _shuffled(count: int, seed: str, shuffle: bool) -> list[int]:
    order = list(range(count))
    if shuffle:
        random.Random(seed).shuffle(order)
    return order


@dataclass
class Option:
    text: str
    correct: bool = False
    feedback: str = ""


def _options(raw: dict, fail: Fail, key: str = "options") -> list[Option]:
    options = []
    for index, item in enumerate(_list(raw, key, fail, minimum=2)):
        if not isinstance(item, dict):
            fail(f"{key}[{index}]", "should be a mapping with text, correct and feedback")
        text = _text(item, "text", lambda f, p, i=index: fail(f"{key}[{i}].{f}", p))
        correct = item.get("correct", item.get("supports", False))
        if not isinstance(correct, bool):
            fail(f"{key}[{index}].correct", "should be true or false")
        options.append(Option(text, correct, str(item.get("feedback", "")).strip()))
    texts = [normalise(o.text) for o in options]
    for text in texts:
        if texts.count(text) > 1:
            fail(key, f"two options read the same: '{text}'")
    return options


@dataclass
class Question:
    """What every question has, whatever its type."""

    TYPE: ClassVar[str] = ""
    id: str
    prompt: str
    explanation: str
    essay_part: str
    hints: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    max_attempts: int | None = None
    shuffle: bool = True

    @classmethod
    def from_dict(cls, raw: dict, fail: Fail, shuffle: bool = True) -> Question:
        common = dict(
            id=raw["id"], prompt=_text(raw, "prompt", fail),
            explanation=_text(raw, "explanation", fail),
            essay_part=_text(raw, "essay_part", fail),
            hints=[str(h) for h in raw.get("hints", [])],
            events=[str(e) for e in raw.get("events", [])],
            max_attempts=raw.get("max_attempts"),
            shuffle=raw.get("shuffle", shuffle),
        )
        return cls(**common, **cls.specific(raw, fail))

    @classmethod
    def specific(cls, raw: dict, fail: Fail) -> dict:
        return {}

    # -- the contract
    def check(self, answer: Any) -> Result:
        raise NotImplementedError

    def solution(self) -> Any:
        raise NotImplementedError

    def solution_text(self) -> str:
        raise NotImplementedError

    def answer_to_json(self, answer: Any) -> Any:
        return answer

    def answer_from_json(self, stored: Any) -> Any:
        return stored

    def static_body(self) -> str:
        return ""

    def static_html(self) -> str:
        return (
            f'<div class="sj-static-question" id="q-{_esc(self.id)}">'
            f"<p><strong>{_esc(self.prompt)}</strong></p>{self.static_body()}"
            f"<details><summary>Show the answer</summary>"
            f"<p><strong>Answer:</strong> {_esc(self.solution_text())}</p>"
            f"<p>{_esc(self.explanation)}</p></details></div>"
        )


# ---------------------------------------------------------------- choice types

@dataclass
class SingleChoice(Question):
    TYPE: ClassVar[str] = "single"
    options: list[Option] = field(default_factory=list)

    @classmethod
    def specific(cls, raw, fail):
        options = _options(raw, fail)
        if sum(o.correct for o in options) != 1:
            fail("options", "exactly one option must be marked correct: true")
        return {"options": options}

    def display_order(self) -> list[int]:
        return _shuffled(len(self.options), self.id, self.shuffle)

    def check(self, answer):
        if answer is None or answer == "":
            raise AnswerError("Choose one of the options first.")
        if not isinstance(answer, int) or not 0 <= answer < len(self.options):
            raise AnswerError("That is not one of the options.")
        chosen = self.options[answer]
        return Result(float(chosen.correct), chosen.correct, chosen.feedback)

    def solution(self):
        return next(i for i, o in enumerate(self.options) if o.correct)

    def solution_text(self):
        return self.options[self.solution()].text

    def static_body(self):
        return _bullets(self.options[i].text for i in self.display_order())


@dataclass
class MultipleSelect(SingleChoice):
    """Score: right picks minus wrong picks, over the number of right options, >= 0."""

    TYPE: ClassVar[str] = "multiple"

    @classmethod
    def specific(cls, raw, fail):
        options = _options(raw, fail)
        if not any(o.correct for o in options):
            fail("options", "mark at least one option correct: true")
        return {"options": options}

    def check(self, answer):
        picked = set(answer or [])
        if not picked:
            raise AnswerError("Select at least one option first.")
        if not picked <= set(range(len(self.options))):
            raise AnswerError("That is not one of the options.")
        right = {i for i, o in enumerate(self.options) if o.correct}
        hits, wrong = len(picked & right), len(picked - right)
        score = (hits - wrong) / len(right)
        correct = picked == right
        if correct:
            summary = {1: "The right option and nothing else.",
                       2: "Both right options and nothing else."}.get(
                len(right), f"All {len(right)} right options and nothing else.")
        else:
            summary = (f"{hits} of {len(right)} right options selected"
                       + (f", and {wrong} that should not be" if wrong else "") + ".")
        details = [self.options[i].feedback for i in sorted(picked) if self.options[i].feedback]
        return Result(score, correct, summary, details)

    def solution(self):
        return sorted(i for i, o in enumerate(self.options) if o.correct)

    def solution_text(self):
        return "; ".join(self.options[i].text for i in self.solution())

    def answer_to_json(self, answer):
        return sorted(answer or [])

    def answer_from_json(self, stored):
        return set(stored or [])


@dataclass
class Evidence(MultipleSelect):
    """Mark the evidence: choose the sentences of a passage that support a claim."""

    TYPE: ClassVar[str] = "evidence"
    claim: str = ""

    @classmethod
    def specific(cls, raw, fail):
        options = _options(raw, fail, key="passage")
        if not any(o.correct for o in options):
            fail("passage", "mark at least one sentence supports: true")
        return {"options": options, "claim": _text(raw, "claim", fail)}

    def display_order(self):
        return list(range(len(self.options)))  # a passage keeps its order

    def check(self, answer):
        if not answer:
            raise AnswerError("Select at least one sentence first.")
        return super().check(answer)

    def static_body(self):
        sentences = " ".join(_esc(o.text) for o in self.options)
        return f"<p><em>Claim:</em> {_esc(self.claim)}</p><blockquote>{sentences}</blockquote>"


@dataclass
class TrueFalse(Question):
    TYPE: ClassVar[str] = "true_false"
    answer: bool = True
    justify: bool = False
    feedback_true: str = ""
    feedback_false: str = ""

    @classmethod
    def specific(cls, raw, fail):
        if not isinstance(raw.get("answer"), bool):
            fail("answer", "should be true or false")
        return {"answer": raw["answer"], "justify": bool(raw.get("justify", False)),
                "feedback_true": str(raw.get("feedback_true", "")),
                "feedback_false": str(raw.get("feedback_false", ""))}

    def check(self, answer):
        answer = answer or {}
        value = answer.get("value")
        if not isinstance(value, bool):
            raise AnswerError("Choose True or False first.")
        justification = str(answer.get("justification") or "").strip()
        if self.justify and not justification:
            raise AnswerError("Add a one-line justification before checking.")
        correct = value == self.answer
        note = self.feedback_true if value else self.feedback_false
        return Result(float(correct), correct, note)

    def solution(self):
        return {"value": self.answer, "justification": self.explanation}

    def solution_text(self):
        return "True" if self.answer else "False"

    def static_body(self):
        return "<p>True or false?</p>"


# ---------------------------------------------------------------- typed answers

def parse_number(text: Any) -> float:
    if isinstance(text, int | float) and not isinstance(text, bool):
        return float(text)
    cleaned = str(text or "").strip().replace("%", "").replace("\u2212", "-")
    if re.fullmatch(r"-?\d+,\d{1,2}", cleaned):  # a decimal comma, as in 6,26
        cleaned = cleaned.replace(",", ".")
    cleaned = cleaned.replace(",", "")  # thousands separators, as in 1,412,875
    if not cleaned:
        raise AnswerError("Type a number first.")
    try:
        return float(cleaned)
    except ValueError:
        raise AnswerError(f"'{text}' is not a number: type digits, e.g. 6.3") from None


@dataclass
class Numeric(Question):
    TYPE: ClassVar[str] = "numeric"
    answer: float = 0.0
    tolerance: float = 0.0
    range: tuple[float, float] | None = None
    unit: str = ""

    @classmethod
    def specific(cls, raw, fail):
        spec: dict[str, Any] = {"unit": str(raw.get("unit", ""))}
        if "range" in raw:
            low_high = raw["range"]
            if (not isinstance(low_high, list) or len(low_high) != 2
                    or not all(isinstance(v, int | float) for v in low_high)
                    or low_high[0] > low_high[1]):
                fail("range", "should be [low, high] with two numbers, low first")
            spec["range"] = (float(low_high[0]), float(low_high[1]))
            spec["answer"] = float(raw.get("answer", sum(low_high) / 2))
        else:
            if not isinstance(raw.get("answer"), int | float):
                fail("answer", "should be a number (or give range: [low, high])")
            spec["answer"] = float(raw["answer"])
        tolerance = raw.get("tolerance", 0)
        if not isinstance(tolerance, int | float) or tolerance < 0:
            fail("tolerance", "should be a number of zero or more")
        spec["tolerance"] = float(tolerance)
        return spec

    def bounds(self) -> tuple[float, float]:
        return self.range or (self.answer - self.tolerance, self.answer + self.tolerance)

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


@dataclass
class ShortText(Question):
    TYPE: ClassVar[str] = "text"
    accept: list[str] = field(default_factory=list)
    closeness: float = 0.85

    @classmethod
    def specific(cls, raw, fail):
        accept = [str(a) for a in _list(raw, "accept", fail)]
        if not all(normalise(a) for a in accept):
            fail("accept", "every accepted answer needs letters or digits")
        closeness = raw.get("closeness", 0.85)
        if not isinstance(closeness, int | float) or not 0.5 <= closeness <= 1:
            fail("closeness", "should be a number from 0.5 (lenient) to 1 (exact)")
        return {"accept": accept, "closeness": float(closeness)}

    def check(self, answer):
        given = normalise(answer or "")
        if not given:
            raise AnswerError("Type an answer first.")
        best, ratio = max(((a, difflib.SequenceMatcher(None, given, normalise(a)).ratio())
                           for a in self.accept), key=lambda pair: pair[1])
        if ratio == 1:
            return Result(1.0, True, "")
        if ratio >= self.closeness:
            return Result(1.0, True, f"Check the spelling: \u201c{best}\u201d.")
        return Result(0.0, False, "")

    def solution(self):
        return self.accept[0]

    def solution_text(self):
        return self.accept[0]


# ---------------------------------------------------------------- structured answers

@dataclass
class Ordering(Question):
    """Put items in order. Answer: the items' indices (in the correct order) as arranged.
    Score: the share of pairs of items that are in the right relative order."""

    TYPE: ClassVar[str] = "ordering"
    items: list[str] = field(default_factory=list)

    @classmethod
    def specific(cls, raw, fail):
        items = [str(i) for i in _list(raw, "items", fail, minimum=3)]
        if len({normalise(i) for i in items}) != len(items):
            fail("items", "two items read the same")
        return {"items": items}

    def display_order(self):
        order = _shuffled(len(self.items), self.id, True)
        if order == sorted(order):  # never start out solved
            order = order[1:] + order[:1]
        return order

    def check(self, answer):
        order = list(answer or [])
        if sorted(order) != list(range(len(self.items))):
            raise AnswerError("Arrange the items first: move them with the \u2191 and "
                              "\u2193 buttons.")
        pairs = [(a, b) for i, a in enumerate(order) for b in order[i + 1:]]
        in_order = sum(a < b for a, b in pairs)
        correct = order == sorted(order)
        placed = sum(a == i for i, a in enumerate(order))
        feedback = ("Every item is in place." if correct else
                    f"{placed} of {len(order)} items in the right place; "
                    f"{in_order} of {len(pairs)} pairs in the right order.")
        return Result(in_order / len(pairs), correct, feedback)

    def solution(self):
        return list(range(len(self.items)))

    def solution_text(self):
        return " \u2192 ".join(self.items)

    def static_body(self):
        return "<p>Put in order:</p>" + _bullets(self.items[i] for i in self.display_order())


@dataclass
class Matching(Question):
    """Each prompt gets a dropdown of answers. Answer: {prompt index: chosen answer}."""

    TYPE: ClassVar[str] = "matching"
    pairs: list[tuple[str, str]] = field(default_factory=list)
    distractors: list[str] = field(default_factory=list)

    @classmethod
    def specific(cls, raw, fail):
        pairs = []
        for index, item in enumerate(_list(raw, "pairs", fail, minimum=2)):
            where = f"pairs[{index}]"
            if not isinstance(item, dict):
                fail(where, "should be a mapping with left and right")
            pairs.append((_text(item, "left", lambda f, p, w=where: fail(f"{w}.{f}", p)),
                          _text(item, "right", lambda f, p, w=where: fail(f"{w}.{f}", p))))
        return {"pairs": pairs, "distractors": [str(d) for d in raw.get("distractors", [])]}

    def choices(self) -> list[str]:
        unique = list(dict.fromkeys([r for _, r in self.pairs] + self.distractors))
        return [unique[i] for i in _shuffled(len(unique), self.id, self.shuffle)]

    def check(self, answer):
        answer = {int(k): v for k, v in (answer or {}).items() if v}
        if len(answer) < len(self.pairs):
            raise AnswerError(f"Match all {len(self.pairs)} items first "
                              f"({len(self.pairs) - len(answer)} left).")
        right = [answer.get(i) == r for i, (_, r) in enumerate(self.pairs)]
        details = [f"{RIGHT if ok else WRONG} {left}" for ok, (left, _) in
                   zip(right, self.pairs, strict=True)]
        return Result(sum(right) / len(right), all(right),
                      f"{sum(right)} of {len(right)} matched correctly.", details)

    def solution(self):
        return {i: r for i, (_, r) in enumerate(self.pairs)}

    def solution_text(self):
        return "; ".join(f"{left} \u2192 {right}" for left, right in self.pairs)

    def answer_to_json(self, answer):
        return {str(k): v for k, v in (answer or {}).items()}

    def answer_from_json(self, stored):
        return {int(k): v for k, v in (stored or {}).items()}

    def static_body(self):
        return (_bullets(f"{left} \u2192 ?" for left, _ in self.pairs)
                + f"<p>Choices: {_esc(', '.join(self.choices()))}</p>")


BLANK = re.compile(r"\{(\d+)\}")


@dataclass
class Blank:
    accept: list[str]
    options: list[str]  # empty: a text box; otherwise a dropdown


@dataclass
class Cloze(Question):
    """A sentence with blanks written {1}, {2}, ... Answer: a list of strings, one per blank."""

    TYPE: ClassVar[str] = "cloze"
    text: str = ""
    blanks: list[Blank] = field(default_factory=list)

    @classmethod
    def specific(cls, raw, fail):
        text = _text(raw, "text", fail)
        blanks = []
        for index, item in enumerate(_list(raw, "blanks", fail)):
            where = f"blanks[{index}]"
            if not isinstance(item, dict) or not item.get("accept"):
                fail(where, "needs accept: a list of accepted answers")
            accept = [str(a) for a in item["accept"]]
            options = [str(o) for o in item.get("options", [])]
            if options and not any(normalise(a) == normalise(o) for a in accept
                                   for o in options):
                fail(f"{where}.options", "none of the options is an accepted answer")
            blanks.append(Blank(accept, options))
        numbers = [int(n) for n in BLANK.findall(text)]
        if numbers != list(range(1, len(blanks) + 1)):
            fail("text", f"should contain the blanks {{1}} to {{{len(blanks)}}} in order, "
                 f"once each; found {numbers or 'none'}")
        return {"text": text, "blanks": blanks}

    def segments(self) -> list[str]:
        """The text around the blanks: one more segment than there are blanks."""
        return BLANK.split(self.text)[::2]

    def check(self, answer):
        given = list(answer or [])
        given += [""] * (len(self.blanks) - len(given))
        empty = sum(not normalise(g) for g in given)
        if empty:
            raise AnswerError(f"Fill in every blank first ({empty} empty).")
        right = [normalise(g) in {normalise(a) for a in blank.accept}
                 for g, blank in zip(given, self.blanks, strict=False)]
        details = [f"Blank {i + 1}: {RIGHT + ' right' if ok else WRONG + ' not this'}"
                   for i, ok in enumerate(right)]
        return Result(sum(right) / len(right), all(right),
                      f"{sum(right)} of {len(right)} blanks right.", details)

    def solution(self):
        return [b.accept[0] if not b.options else
                next(o for o in b.options if normalise(o) in {normalise(a) for a in b.accept})
                for b in self.blanks]

    def solution_text(self):
        filled = self.text
        for number, value in enumerate(self.solution(), start=1):
            filled = filled.replace(f"{{{number}}}", value)
        return filled

    def static_body(self):
        return f"<p>{_esc(BLANK.sub('_____', self.text))}</p>"


@dataclass
class Placement(Question):
    """Place an event: in its stage (ask: stage) or by its year (ask: year). The answer
    key comes from the event's row in data/events.csv, so it cannot drift from it."""

    TYPE: ClassVar[str] = "placement"
    event: str = ""
    ask: str = "stage"
    tolerance: int = 0
    event_title: str = ""
    event_year: int = 0
    event_stage: str = ""
    stage_names: dict[str, str] = field(default_factory=dict)

    @classmethod
    def specific(cls, raw, fail):
        from . import data

        event_id = _text(raw, "event", fail)
        events = data.events()
        if event_id not in events.index:
            fail("event", f"no event '{event_id}' in events.csv")
        ask = raw.get("ask", "stage")
        if ask not in ("stage", "year"):
            fail("ask", "should be stage or year")
        tolerance = raw.get("tolerance", 0)
        if not isinstance(tolerance, int) or tolerance < 0:
            fail("tolerance", "should be a whole number of years, zero or more")
        row = events.loc[event_id]
        return {"event": event_id, "ask": ask, "tolerance": tolerance,
                "event_title": str(row["title"]), "event_year": int(row["date"].year),
                "event_stage": str(row["stage"]),
                "stage_names": data.stages()["name"].to_dict()}

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
        return Result(float(correct), correct, "")

    def solution(self):
        return str(self.event_year) if self.ask == "year" else self.event_stage

    def solution_text(self):
        stage = f"stage {self.event_stage} ({self.stage_names[self.event_stage]})"
        return f"{self.event_year}, in {stage}" if self.ask == "year" else stage

    def static_body(self):
        return f"<p>Event: {_esc(self.event_title)}</p>"


@dataclass
class Reflection(Question):
    """Free text, saved. After submitting: a model answer and a rubric to check oneself."""

    TYPE: ClassVar[str] = "reflection"
    model_answer: str = ""
    rubric: list[str] = field(default_factory=list)
    min_words: int = 10

    @classmethod
    def specific(cls, raw, fail):
        return {"model_answer": _text(raw, "model_answer", fail),
                "rubric": [str(r) for r in _list(raw, "rubric", fail)],
                "min_words": int(raw.get("min_words", 10))}

    def check(self, answer):
        text = str(answer or "").strip()
        if not text:
            raise AnswerError("Write your reflection first.")
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
        return "<p>Write your answer, then check it against:</p>" + _bullets(self.rubric)


TYPES: dict[str, type[Question]] = {cls.TYPE: cls for cls in (
    SingleChoice, MultipleSelect, TrueFalse, Numeric, ShortText, Ordering, Matching, Cloze,
    Evidence, Placement, Reflection)}
