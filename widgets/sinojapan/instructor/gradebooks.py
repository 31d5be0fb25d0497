"""The class report's gradebooks, in points and percent, in two LMS layouts (both UTF-8
with a byte order mark, so that Excel on Windows reads "Zoë Müller-李" as typed):

- gradebook.csv, Moodle's "Import grades: CSV file": `Student`, then per lesson's quiz
  (and, with --marks, per lesson's work marked by hand) its points and its percentage,
  then Overall in points and percent;
- gradebook-canvas.csv, Canvas's gradebook import: `Student`, `ID`, `SIS User ID`,
  `SIS Login ID`, `Section`, then one column per assignment in points, with a
  `Points Possible` row under the header.

A blank cell is no grade: the student answered none of that column's questions (or has
no mark there). docs/class-report.md says how each LMS maps the columns."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from sinojapan.course.banks import QuizBank
from sinojapan.instructor.class_stats import StudentSummary
from sinojapan.progress import scoring
from sinojapan.progress.page import lesson_label

ENCODING = "utf-8-sig"  # UTF-8 with a byte order mark: Excel then reads it as UTF-8
CANVAS_IDS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]


@dataclass
class Column:
    """One gradebook item: its title, the points it is out of, and each student's points
    (None: no grade)."""

    title: str
    possible: float
    points: dict[str, float | None] = field(default_factory=dict)


def spreadsheet_safe(text) -> str:
    """Text a spreadsheet will not run as a formula (a student may type '=...')."""
    text = str(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def number(value: float) -> str:
    """Points as a gradebook shows them: at most two decimals, no trailing zeros."""
    return f"{round(value, 2):g}"


def percent(points: float | None, possible: float) -> str:
    return f"{100 * points / possible:.1f}" if points is not None and possible else ""


def columns(summaries: list[StudentSummary], banks: list[QuizBank],
            marked: dict[str, tuple[float, dict[str, float]]] | None = None) -> list[Column]:
    """Each lesson's quiz (what its questions earned, by the scoring rule) and, where
    `marked` has it, the lesson's work marked by hand: bank -> (points possible,
    student -> points)."""
    found = []
    for bank in banks:
        if any(q.GRADED for q in bank.questions):
            quiz = Column(f"{lesson_label(bank.id)} quiz", sum(
                1 for q in bank.questions if scoring.counts_in_score(q.GRADED)))
            for s in summaries:
                tally = s.by_lesson[bank.id]
                quiz.points[s.work.student] = tally.score if tally.answered else None
            found.append(quiz)
        if marked and bank.id in marked:
            possible, points = marked[bank.id]
            found.append(Column(f"{lesson_label(bank.id)} marked by hand", possible,
                                {s.work.student: points.get(s.work.student)
                                 for s in summaries}))
    return found


def overall(student: str, items: list[Column]) -> float | None:
    given = [c.points.get(student) for c in items if c.points.get(student) is not None]
    return round(sum(given), 4) if given else None


def write_moodle(path: Path, students: list[str], items: list[Column]) -> None:
    """gradebook.csv: per item its points and percentage, then Overall in both."""
    possible = sum(c.possible for c in items)
    headers = ["Student"]
    for c in items:
        headers += [f"{c.title} (points of {number(c.possible)})", f"{c.title} (%)"]
    headers += [f"Overall (points of {number(possible)})", "Overall (%)"]
    with path.open("w", encoding=ENCODING, newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(headers)
        for student in students:
            row = [spreadsheet_safe(student)]
            for c in items:
                got = c.points.get(student)
                row += ["" if got is None else number(got), percent(got, c.possible)]
            total = overall(student, items)
            row += ["" if total is None else number(total), percent(total, possible)]
            writer.writerow(row)


def write_canvas(path: Path, students: list[str], items: list[Column]) -> None:
    """gradebook-canvas.csv: the student's hand-in name as Student and SIS User ID (ID,
    SIS Login ID and Section left blank for Canvas to match on the SIS User ID), one
    column per item in points, and the Points Possible row. No total: Canvas computes it."""
    with path.open("w", encoding=ENCODING, newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow([*CANVAS_IDS, *(c.title for c in items)])
        writer.writerow(["Points Possible", "", "", "", "", *(number(c.possible)
                                                               for c in items)])
        for student in students:
            safe = spreadsheet_safe(student)
            writer.writerow([safe, "", safe, "", "", *(
                "" if c.points.get(student) is None else number(c.points[student])
                for c in items)])
