"""What the LMS exports (Moodle XML and QTI) share: one exported question with what it
needs besides itself, and the texts both formats show around the answers.

The writers (`moodle`, `qti`) render the neutral forms that question types give
(`question_types/lms_forms.py`); `export` loads the banks and writes the files. Every
text is escaped here or by the writer that builds the markup around it; XML escaping is
left to `xml.etree`."""

from __future__ import annotations

from dataclasses import dataclass, field

from sinojapan.content.html_text import bullets, esc
from sinojapan.question_types import TYPES, Question
from sinojapan.question_types.lms_forms import paragraph

LESSON_HINTS_TITLE = "Hints from the lesson"


@dataclass(frozen=True)
class Entry:
    """One question as it is exported: its number in its bank (1 = first), the lines
    naming the events it concerns, and the points it is worth in the LMS."""

    question: Question
    number: int
    events: list[str] = field(default_factory=list)
    points: float = 1.0


def number_text(value: float) -> str:
    """A number as an LMS reads it: '6.26', '1999', '0.02' (no float noise)."""
    return f"{value:.10g}"


def explanation_html(entry: Entry) -> str:
    """The explanation, and the events it concerns: what the lesson shows once the
    question is answered."""
    events = ("<p>Related events in the chronology:</p>" + bullets(entry.events)
              if entry.events else "")
    return paragraph(entry.question.explanation) + events


def hints_html(question: Question) -> str:
    return (f"<p>{LESSON_HINTS_TITLE}:</p>" + bullets(question.hints, ordered=True)
            if question.hints else "")


def unit_html(unit: str) -> str:
    return f"<p><em>Unit:</em> {esc(unit)}</p>" if unit else ""


class LmsError(Exception):
    """A question an LMS format cannot take, said as the writer said it, with the question."""


def write_entry(entry: Entry, writers: dict[type, tuple], where: str):
    """The entry written by the writer of its type's LMS form. Whatever goes wrong inside a
    writer reaches the instructor as its own message, naming the format and the question."""
    form = entry.question.lms_form()
    try:
        return writers[type(form)][0](entry, form)
    except Exception as problem:  # any writer's problem, kept whole and located
        raise LmsError(f"{where}, question {entry.question.id}: {problem}") from problem


def require_writers(writers: dict[type, tuple], where: str) -> None:
    """Refuse to load a writer that lacks a form some question type gives, naming both."""
    for name, cls in TYPES.items():
        for form in cls.LMS_FORMS:
            if form not in writers:
                raise TypeError(f"{where} cannot write question type '{name}': it has no "
                                f"writer for the {form.__name__} form (question_types/"
                                f"lms_forms.py) in WRITERS")


def type_notes(writers: dict[type, tuple]) -> list[str]:
    """'single: multichoice, ...': how each question type is written, in words."""
    notes = []
    for name, cls in TYPES.items():
        says = "; or ".join(writers[form][1] for form in cls.LMS_FORMS)
        notes.append(f"{name}: {says}" + (f" ({cls.LMS_NOTE})" if cls.LMS_NOTE else ""))
    return notes
