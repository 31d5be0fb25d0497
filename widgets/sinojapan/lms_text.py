"""What the LMS exports (Moodle XML and QTI) share: one exported question with what it
needs besides itself, and the texts both formats show around the answers.

The writers (`lms_moodle`, `lms_qti`) work on question objects only; `lms_export` loads
the banks and writes the files. Every text is escaped here or by the writer that builds
the markup around it; XML escaping is left to `xml.etree`."""

from __future__ import annotations

from dataclasses import dataclass, field

from .html_text import bullets, esc
from .question_types import Question

LESSON_HINTS_TITLE = "Hints from the lesson"


@dataclass(frozen=True)
class Entry:
    """One question as it is exported: its number in its bank (1 = first), the lines
    naming the events it concerns, and the points it is worth in the LMS."""

    question: Question
    number: int
    events: list[str] = field(default_factory=list)
    points: float = 1.0


def paragraph(text: str) -> str:
    return f"<p>{esc(text)}</p>" if text else ""


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


def model_answer_html(question) -> str:
    """A reflection's model answer and rubric, as graders and (afterwards) students read
    them."""
    return (f"<p><strong>Model answer:</strong> {esc(question.model_answer)}</p>"
            "<p><strong>Rubric:</strong></p>" + bullets(question.rubric))


CODE_NOTE = ("In the lesson this is a code exercise, checked automatically. Here, paste "
             "your code and the value it gives; it is marked by hand.")


def code_solution_html(question) -> str:
    """A code question's expected value and worked solution, for graders and (after the
    attempt) students, as the lesson's "Show answer" gives them."""
    return (f"<p><strong>Expected result:</strong> {question.solution_html()}</p>"
            "<p>The lesson computes the expected result from the module's data series; "
            "an equivalent computation that gives the same value is right.</p>")


def unit_html(unit: str) -> str:
    return f"<p><em>Unit:</em> {esc(unit)}</p>" if unit else ""


def event_html(title: str) -> str:
    return f"<p><em>Event:</em> {esc(title)}</p>"


def claim_html(claim: str) -> str:
    return f"<p><em>Claim:</em> {esc(claim)}</p>"


ORDERING_NOTE = ("For each position, choose the item that belongs there "
                 "(position 1 comes first).")


def position_label(index: int) -> str:
    """The left side of an ordering exported as matching: 'Position 1', ..."""
    return f"Position {index + 1}"


def stage_label(stage_id: str, name: str) -> str:
    """A stage as an option of an exported placement question, as the lesson's
    dropdown shows it."""
    return f"{stage_id}: {name}"
