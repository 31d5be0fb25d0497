"""What every question type shares: the contract, the result, and small parsing helpers.

Grading is pure: a question is built from its bank entry and a `BankContext` (the
events and stages it may need, handed over by the bank loader), and never opens a file
or touches a widget.
"""

from __future__ import annotations

import random
import re
import string
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from sinojapan.content.html_text import bullets, esc

KEY_LINE_LENGTH = 110  # characters: a choice's key line that leaves the key one page

Fail = Callable[[str, str], None]
RIGHT, WRONG = "\u2713", "\u2717"  # check mark and cross: never colour alone
REGISTRY: dict[str, type[Question]] = {}  # type name -> class, filled as classes are defined


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


@dataclass(frozen=True)
class BankContext:
    """What questions may need from the rest of the content, given by the bank loader."""

    event_titles: dict[str, str] = field(default_factory=dict)  # event id -> title
    event_years: dict[str, int] = field(default_factory=dict)
    event_stages: dict[str, str] = field(default_factory=dict)
    stage_names: dict[str, str] = field(default_factory=dict)  # stage id -> name
    # answers computed from the data series, by name, for the questions that ask for them
    # (see `Question.computed_names`), and every name that could be computed
    computed: dict[str, Any] = field(default_factory=dict)
    known_answers: tuple[str, ...] = ()


def normalise(text: str) -> str:
    """Case, accents, punctuation and spacing do not matter when matching text."""
    text = unicodedata.normalize("NFKD", str(text)).casefold()
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = "".join(" " if c in string.punctuation or c in "\u2018\u2019\u201c\u201d" else c
                   for c in text)
    return " ".join(text.split())


def text_field(raw: dict, key: str, fail: Fail, required: bool = True) -> str:
    value = raw.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            fail(key, "is missing or empty")
        return ""
    if not isinstance(value, str | int | float):
        fail(key, f"should be text, not {type(value).__name__}")
    return str(value).strip()


def list_field(raw: dict, key: str, fail: Fail, minimum: int = 1) -> list:
    value = raw.get(key)
    if not isinstance(value, list) or len(value) < minimum:
        fail(key, f"should be a list of at least {minimum} item(s)")
    return value


def strings_field(raw: dict, key: str, fail: Fail, minimum: int = 1) -> list[str]:
    """A list of texts (numbers are read as text); a lone string is an error, not a list
    of its letters."""
    items = list_field(raw, key, fail, minimum)
    if not all(isinstance(i, str | int | float) and not isinstance(i, bool) for i in items):
        fail(key, "should be a list of texts")
    texts = [str(i).strip() for i in items]
    if not all(texts):
        fail(key, "an item is empty")
    return texts


def number_field(raw: dict, key: str, fail: Fail, *, default=None, integer: bool = False,
                 minimum: float | None = None, maximum: float | None = None) -> Any:
    """A number (true/false is not one); `default` when the field is absent."""
    value = raw.get(key, default)
    kind = "a whole number" if integer else "a number"
    allowed = int if integer else int | float
    if (not isinstance(value, allowed) or isinstance(value, bool)
            or value != value or value in (float("inf"), float("-inf"))):
        fail(key, f"should be {kind}, not {value!r}")
    if minimum is not None and value < minimum:
        fail(key, f"should be {kind} of {minimum:g} or more")
    if maximum is not None and value > maximum:
        fail(key, f"should be {kind} of {maximum:g} or less")
    return value


def within(fail: Fail, prefix: str) -> Fail:
    """A `fail` for the fields of a nested item, e.g. `pairs[2].left`."""
    return lambda field_name, problem: fail(f"{prefix}.{field_name}", problem)


def shuffled(count: int, seed: str, shuffle: bool) -> list[int]:
    order = list(range(count))
    if shuffle:
        random.Random(seed).shuffle(order)
    return order


@dataclass
class Question:
    """What every question has, whatever its type. The contract of a type:

    - `specific(raw, fail, context)` reads the type's own fields from a bank entry;
      `fail(field, problem)` raises the bank's error naming the file, question and field;
    - `check(answer)` grades an answer and returns a `Result` (raises `AnswerError` for
      an empty or malformed answer, with a message for the student);
    - `solution()` is a correct answer in the type's answer format; `solution_text()`
      says it in words;
    - `answer_to_json` / `answer_from_json` convert answers for the progress file;
    - `static_body()` is what a student answers on a static page (never the answer);
      `key_body()` is the type's own part of the answer key (the answer, and why each
      wrong choice is wrong).
    - `lms_form()` is how an LMS asks it: one of the neutral forms in `lms_forms`, which
      both LMS writers render (`LMS_FORMS` lists the forms it may give).
    Traits: `TYPE` (its name in the banks), `INPUT` (the class in quizzes/*_inputs.py that
    collects its answer), `GRADED` (False: self-assessed, e.g. a reflection), and
    `timeline_event()` (an event to draw once it is answered). A class with a `TYPE`
    that lacks a part of the contract fails when it is defined, naming the type.
    """

    TYPE: ClassVar[str] = ""
    INPUT: ClassVar[str] = ""
    GRADED: ClassVar[bool] = True
    LMS_FORMS: ClassVar[tuple[type, ...]] = ()
    LMS_NOTE: ClassVar[str] = ""  # what an LMS export of this type leaves out or changes
    id: str
    prompt: str
    explanation: str
    essay_part: str
    hints: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    max_attempts: int | None = None
    shuffle: bool = True

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "TYPE" in cls.__dict__:
            missing = contract_gaps(cls)
            if missing:
                raise TypeError(f"question type '{cls.TYPE}' ({cls.__name__}) lacks "
                                + "; ".join(missing))
            REGISTRY[cls.TYPE] = cls

    @classmethod
    def from_dict(cls, raw: dict, fail: Fail, context: BankContext | None = None,
                  shuffle: bool = True) -> Question:
        common = dict(
            id=raw["id"], prompt=text_field(raw, "prompt", fail),
            explanation=text_field(raw, "explanation", fail),
            essay_part=text_field(raw, "essay_part", fail),
            hints=[str(h) for h in raw.get("hints", [])],
            events=[str(e) for e in raw.get("events", [])],
            max_attempts=raw.get("max_attempts"),
            shuffle=raw.get("shuffle", shuffle),
        )
        return cls(**common, **cls.specific(raw, fail, context or BankContext()))

    @classmethod
    def specific(cls, raw: dict, fail: Fail, context: BankContext) -> dict:
        return {}

    @classmethod
    def computed_names(cls, raw: dict) -> list[str]:
        """The computed answers (by name) this bank entry needs in its context."""
        return []

    # -- the contract
    def check(self, answer: Any) -> Result:
        raise NotImplementedError

    def lms_form(self):
        raise NotImplementedError

    def key_texts(self) -> list[str]:
        """The type's own texts that give its answer away: feedback on options, a model
        answer, the answer in words where it is not one of the choices shown. [] where the
        key is only how the shown choices are marked or arranged."""
        raise NotImplementedError

    def rekeyed(self) -> Question | None:
        """The same question with another answer key and other feedback (None where the
        key is the arrangement of what is shown): what a student sees must not change."""
        raise NotImplementedError

    def giveaways(self) -> list[str]:
        """Every text of the question that gives its answer away, as the bank writes it:
        no student page may show one (the static site's and guide's tests read this)."""
        texts = [self.explanation, *self.hints, *self.key_texts()]
        return [t for t in dict.fromkeys(texts) if t and len(t) > 3]

    def solution(self) -> Any:
        raise NotImplementedError

    def solution_text(self) -> str:
        raise NotImplementedError

    def solution_html(self) -> str:
        """The solution as a student sees it under "Show answer" (escaped)."""
        return esc(self.solution_text())

    def key_line(self) -> str:
        """The answer on one line of a printed answer key: the whole answer in words
        (never cut: it is the key)."""
        return " ".join(self.solution_text().split())

    def answer_to_json(self, answer: Any) -> Any:
        return answer

    def answer_from_json(self, stored: Any) -> Any:
        return stored

    def answer_text(self, answer: Any) -> str:
        """An answer (in the type's answer format) in words, as a report shows it."""
        return str(answer)

    def answer_choice(self, answer: Any) -> str:
        """What an answer chose, without any free text added to it (a true/false
        justification): the class report counts how often each wrong choice was made."""
        return self.answer_text(answer)

    def stored_answer_text(self, stored: Any, *, choice_only: bool = False) -> str:
        """A saved answer (as in the progress file) in words; one that no longer fits the
        question (the bank changed since) is shown as it was saved."""
        words = self.answer_choice if choice_only else self.answer_text
        try:
            return words(self.answer_from_json(stored))
        except (KeyError, IndexError, TypeError, ValueError, AttributeError, ArithmeticError):
            return str(stored)[:2000]

    # -- traits
    def timeline_event(self) -> str | None:
        """An event to draw on the timeline once the question is answered, if any."""
        return None

    def events_concerned(self) -> list[str]:
        """The events this question is about: those it names, and any it draws."""
        drawn = self.timeline_event()
        return list(dict.fromkeys(self.events + ([drawn] if drawn else [])))

    # -- the static forms: a student's (no answer anywhere) and the answer key's
    def static_body(self) -> str:
        """What the student would answer, as static HTML: the options, the blanks or the
        field to fill in. Never the answer, a hint or feedback."""
        return answer_line("Answer")

    def key_body(self) -> str:
        """The type's own part of the answer key: the correct answer, and why each wrong
        choice is wrong where the bank says so."""
        return f"<p><strong>Answer:</strong> {self.solution_html()}</p>"

    def heading(self, number: int | None) -> str:
        label = f"Question {number}. " if number is not None else ""
        return f'<p class="sj-q"><strong>{label}</strong>{esc(self.prompt)}</p>'

    def static_html(self, number: int | None = None) -> str:
        """The question as a student sees it on a static page: no answer in it or its
        source (the answer key is `answer_key_html`)."""
        return (f'<div class="sj-static-question" id="q-{esc(self.id)}">'
                f"{self.heading(number)}{self.static_body()}</div>")

    def answer_key_html(self, number: int | None = None, part: str = "") -> str:
        """The question with everything an instructor needs: the answer (and why each
        distractor is wrong), hints, explanation, the essay paragraphs it cites, and
        `part`, the essay part it checks, as a label."""
        paragraphs = cited_paragraphs(self.explanation)
        facts = [f"{self.TYPE.replace('_', ' ')} question, id {self.id}"]
        if part:
            facts.append(f"checks: {part}")
        if paragraphs:
            facts.append(("paragraphs " if len(paragraphs) > 1 else "paragraph ")
                         + ", ".join(map(str, paragraphs)))
        if self.max_attempts:
            facts.append(f"at most {self.max_attempts} attempts")
        hints = (f"<p><strong>Hints</strong>, in the order a student gets them:</p>"
                 f"{bullets(self.hints, ordered=True)}" if self.hints else "")
        return (f'<div class="sj-static-question sj-with-key" id="q-{esc(self.id)}">'
                f'{self.heading(number)}<p class="sj-facts">{esc(" · ".join(facts))}</p>'
                f'<div class="sj-key">{self.key_body()}{hints}'
                f"<p><strong>Explanation:</strong> {esc(self.explanation)}</p></div></div>")


# "paragraph 5", "paragraphs 13 and 15", "paragraphs 13-14": the essay has 16 paragraphs.
PARAGRAPHS = re.compile(r"\bparagraphs?\s+(\d{1,2}(?:\s*(?:,|and|to|-|\u2013)\s*\d{1,2}\b)*)",
                        re.IGNORECASE)


def cited_paragraphs(text: str) -> list[int]:
    """The essay paragraphs a text cites, in order, each once."""
    found: list[int] = []
    for match in PARAGRAPHS.finditer(text):
        numbers = [int(n) for n in re.findall(r"\d+", match[1])]
        if len(numbers) == 2 and re.search(r"to|-|\u2013", match[1]):
            numbers = list(range(numbers[0], numbers[1] + 1))
        found += numbers
    return sorted(set(found))


def answer_line(label: str, unit: str = "") -> str:
    """A labelled line to write an answer on, as on a printed worksheet."""
    after = f" {esc(unit)}" if unit else ""
    return f'<p class="sj-fill">{esc(label)}: <span class="sj-line">{"_" * 16}</span>{after}</p>'


def choice_list(texts, mark: str, lettered: bool = True) -> str:
    """Options (lettered A, B, C...) with a box or circle to mark, as on a worksheet."""
    items = "".join(f'<li><span aria-hidden="true">{mark}</span> '
                    f'{letter(i) + ". " if lettered else ""}{esc(t)}</li>'
                    for i, t in enumerate(texts))
    return f'<ul class="sj-choices">{items}</ul>'


def letter(index: int) -> str:
    return string.ascii_uppercase[index] if index < 26 else str(index + 1)


# How static questions look, on screen and on paper; used by every page that shows them.
STATIC_CSS = """<style>
.sj-static-question { margin: 0 0 1.2em 0; break-inside: avoid; }
.sj-static-question .sj-q { margin-bottom: 0.3em; }
.sj-static-question ul.sj-choices { list-style: none; padding-left: 1em; }
.sj-line { letter-spacing: 0.05em; }
.sj-write { border: 1px solid #888; min-height: 6em; margin: 0.4em 0; }
</style>"""
# ...and the answer key's own parts, only on the instructor's pages.
KEY_CSS = """<style>
.sj-facts { color: #555; font-size: 0.9em; margin: 0.2em 0; }
.sj-key { border-left: 4px solid #2a7; padding-left: 0.8em; }
</style>"""


CONTRACT = ("check", "solution", "solution_text", "lms_form", "key_texts",
            "rekeyed")  # the static forms have defaults


def contract_gaps(cls: type[Question]) -> list[str]:
    """What a question type still lacks, each in words: its methods of the contract
    (its own or inherited from another type) and its traits."""
    gaps = [f"{name}()" for name in CONTRACT if getattr(cls, name) is getattr(Question, name)]
    if not cls.INPUT:
        gaps.append("INPUT (the name of its input class in quizzes/*_inputs.py)")
    if not cls.LMS_FORMS:
        gaps.append("LMS_FORMS (the lms_forms it gives an LMS)")
    return gaps


__all__ = ["KEY_CSS", "REGISTRY", "RIGHT", "STATIC_CSS", "WRONG", "AnswerError", "BankContext",
           "Fail", "Question", "Result", "answer_line", "bullets", "choice_list",
           "cited_paragraphs", "esc", "letter", "list_field", "normalise", "number_field",
           "shuffled", "strings_field", "text_field", "within"]
