"""How a question is put to an LMS, said once, neutrally: each question type's
`lms_form()` returns one of these forms, and both LMS writers (`sinojapan.lms.moodle`,
`sinojapan.lms.qti`) render forms, never types. A new type that fits an existing form
needs nothing in the writers; a new form needs a writer in each, and the writers refuse
to load without one (naming the form and the types that give it).

Texts marked `_html` are escaped HTML; other texts are plain and escaped by the writer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sinojapan.content.html_text import bullets, esc


@dataclass(frozen=True)
class ChoiceOption:
    text: str
    correct: bool
    feedback: str = ""


@dataclass(frozen=True)
class Choice:
    """Pick one option (or, `several`, every right one and no wrong one). `order` is the
    order the lesson shows the options in (indexes into `options`)."""

    options: list[ChoiceOption]
    order: list[int]
    several: bool = False
    shuffle: bool = True
    numbered: bool = True
    stem_html: str = ""


@dataclass(frozen=True)
class TrueOrFalse:
    answer: bool
    feedback_true: str = ""
    feedback_false: str = ""


@dataclass(frozen=True)
class Number:
    """Right from `low` to `high`; `exact` is the one right value when there is one (an
    answer with a margin), None for a range."""

    low: float
    high: float
    exact: float | None = None
    unit: str = ""
    stem_html: str = ""


@dataclass(frozen=True)
class Text:
    """A typed answer, right if it is one of `accepted` (case ignored)."""

    accepted: list[str]


@dataclass(frozen=True)
class Match:
    """Match each left text to its right text; `shown` is every right-hand choice, in the
    order the lesson shows them (distractors included)."""

    pairs: list[tuple[str, str]]
    shown: list[str]
    stem_html: str = ""


@dataclass(frozen=True)
class Blank:
    """One blank: typed (any of `accepted`), or a dropdown of `options` (text, right?) in
    the order the lesson shows them."""

    accepted: list[str]
    options: list[tuple[str, bool]] = field(default_factory=list)


@dataclass(frozen=True)
class Blanks:
    """A text with blanks: `segments` are the texts around them (one more than blanks)."""

    segments: list[str]
    blanks: list[Blank]
    shuffle: bool = True  # an LMS that shuffles dropdowns itself may


@dataclass(frozen=True)
class Essay:
    """Written work marked by hand: `grader_html` is what graders read (and students,
    as general feedback, afterwards)."""

    grader_html: str
    monospace: bool = False
    min_words: int = 0
    stem_html: str = ""


FORMS = (Choice, TrueOrFalse, Number, Text, Match, Blanks, Essay)
LmsForm = Choice | TrueOrFalse | Number | Text | Match | Blanks | Essay


# Texts more than one type puts into its form.
ORDERING_NOTE = ("For each position, choose the item that belongs there "
                 "(position 1 comes first).")
CODE_NOTE = ("In the lesson this is a code exercise, checked automatically. Here, paste "
             "your code and the value it gives; it is marked by hand.")


def paragraph(text: str) -> str:
    return f"<p>{esc(text)}</p>" if text else ""


def labelled(label: str, text: str) -> str:
    """'<p><em>Claim:</em> ...</p>': what a question asks about, above its answers."""
    return f"<p><em>{esc(label)}:</em> {esc(text)}</p>"


def position_label(index: int) -> str:
    """The left side of an ordering put as matching: 'Position 1', ..."""
    return f"Position {index + 1}"


def stage_label(stage_id: str, name: str) -> str:
    """A stage as an option, as the lesson's dropdown shows it."""
    return f"{stage_id}: {name}"


def model_answer_html(model_answer: str, rubric: list[str]) -> str:
    return (f"<p><strong>Model answer:</strong> {esc(model_answer)}</p>"
            "<p><strong>Rubric:</strong></p>" + bullets(rubric))
