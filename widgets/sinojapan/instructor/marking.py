"""Marking by hand the questions whose bank gives rubric levels with points (reflections,
the closing essay, code exercises), from a folder of students' submission files:

    python -m sinojapan.instructor.marking FOLDER [OUTPUT] [--lessons 03,08]

writes to OUTPUT (default build/marking/): marking-sheet.csv, one row per student and
question (the answer in full, the rubric and its levels, an empty `points` column), and
marking.html, each question's answers from every student in turn with the rubric beside
them, where marks can be typed and saved as marks.csv. Either file, filled in, goes back
with `tasks.py class-report FOLDER --marks marks.csv` (`read_marks`)."""

from __future__ import annotations

import csv
import math
import sys
from dataclasses import dataclass
from pathlib import Path

from sinojapan.course.banks import QuizBank, lessons_option, quiz_bank, quiz_bank_ids
from sinojapan.instructor import class_stats
from sinojapan.instructor.gradebooks import ENCODING, spreadsheet_safe
from sinojapan.instructor.regrade import regrade_class
from sinojapan.progress.page import latest_answer
from sinojapan.progress.submissions import StudentWork, read_folder, student_key
from sinojapan.question_types import Question
from sinojapan.question_types.rubrics import max_points

SHEET = ["student", "lesson", "question", "question_id", "prompt", "answer", "rubric",
         "max_points", "points", "comment"]
NEEDED = ("student", "lesson", "question_id", "points")  # what --marks reads


@dataclass
class Markable:
    bank: str
    number: int  # 1-based, in the bank's order
    question: Question

    @property
    def label(self) -> str:
        return f"{self.bank}.{self.number}"

    @property
    def most(self) -> float:
        return max_points(self.question.rubric_levels)

    def rubric_text(self) -> str:
        points = "; ".join(getattr(self.question, "rubric", []))
        levels = " | ".join(level.text() for level in self.question.rubric_levels)
        return f"{points}{' || ' if points else ''}Levels: {levels}"


@dataclass
class Answer:
    student: str
    item: Markable
    text: str  # the answer in full
    note: str  # what the automatic check said (code), or ''


def markable(banks: list[QuizBank]) -> list[Markable]:
    """Every question of `banks` whose bank gives rubric levels with points."""
    return [Markable(bank.id, number, question) for bank in banks
            for number, question in enumerate(bank.questions, start=1)
            if getattr(question, "rubric_levels", None)]


def answers(works: list[StudentWork], items: list[Markable]) -> list[Answer]:
    """Each student's answer to each item, in the bank's order then by student."""
    found = []
    records = [(work, class_stats.flat_records(work)) for work in works]
    for item in items:
        for work, mine in records:
            record = mine.get((item.bank, item.question.id))
            stored = latest_answer(record) if isinstance(record, dict) else None
            if stored in (None, ""):
                continue
            text = stored if isinstance(stored, str) else item.question.stored_answer_text(
                stored)
            note = ""
            if item.question.GRADED:
                credit = float(record.get("credit", 0.0))
                note = (f"The automatic check gave {credit:.0%} (re-graded). The hand-in holds "
                        "the value the code gave, not the code: ask for the notebook to mark "
                        "the code itself.")
            found.append(Answer(work.student, item, text, note))
    return found


def write_sheet(path: Path, found: list[Answer]) -> None:
    with path.open("w", encoding=ENCODING, newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(SHEET)
        for a in found:
            writer.writerow([spreadsheet_safe(a.student), a.item.bank, a.item.label,
                             a.item.question.id, a.item.question.prompt,
                             spreadsheet_safe(a.text + (f" [{a.note}]" if a.note else "")),
                             a.item.rubric_text(), f"{a.item.most:g}", "", ""])


class MarkError(ValueError):
    """One bad row of a marks file, in one line naming the file, row and field."""


def _row_mark(row: dict, students: dict[str, str], items: dict, where: str
              ) -> tuple[str, Markable, float] | None:
    """One row's (student, item, points); None for a row not marked yet (no points)."""
    points_text = (row.get("points") or "").strip()
    if not points_text:
        return None
    student = students.get(student_key(row.get("student") or "").lstrip("'"))
    if student is None:
        raise MarkError(f"{where}, field 'student': no hand-in by {row.get('student')!r}")
    item = items.get(((row.get("lesson") or "").strip().zfill(2),
                      (row.get("question_id") or "").strip()))
    if item is None:
        raise MarkError(f"{where}, field 'question_id': {row.get('question_id')!r} of lesson "
                        f"{row.get('lesson')!r} is not a question marked by hand")
    try:
        points = float(points_text.replace(",", "."))
    except ValueError:
        raise MarkError(f"{where}, field 'points': {points_text!r} is not a number") from None
    if not math.isfinite(points) or not 0 <= points <= item.most:
        raise MarkError(f"{where}, field 'points': {points_text} is not from 0 to "
                        f"{item.most:g}, the points {item.label} gives")
    return student, item, points


def read_marks(path: Path, works: list[StudentWork], banks: list[QuizBank]
               ) -> tuple[dict[tuple[str, str, str], float], list[str]]:
    """The marks in a filled-in marking sheet (or the page's marks.csv): (student, bank,
    question id) -> points, and a one-line error for each row left out. A bad row never
    costs the others."""
    items = {(m.bank, m.question.id): m for m in markable(banks)}
    students = {student_key(w.student): w.student for w in works}
    marks: dict[tuple[str, str, str], float] = {}
    errors: list[str] = []
    try:
        with Path(path).open(encoding=ENCODING, newline="") as stream:
            reader = csv.DictReader(stream)
            missing = [c for c in NEEDED if c not in (reader.fieldnames or [])]
            if missing:
                return {}, [f"{path}: no column {', '.join(map(repr, missing))} (the columns "
                            f"of the marking sheet: {', '.join(NEEDED)}); no marks were read"]
            for number, row in enumerate(reader, start=2):  # row 1 is the header
                where = f"{path}, row {number}"
                try:
                    found = _row_mark(row, students, items, where)
                except MarkError as error:
                    errors.append(f"{error}; the row is left out")
                    continue
                if found:
                    student, item, points = found
                    marks[(student, item.bank, item.question.id)] = points
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        return {}, [f"{path}: cannot be read as a CSV file ({error}); no marks were read"]
    return marks, errors


def marked_by_lesson(marks: dict, banks: list[QuizBank]
                     ) -> dict[str, tuple[float, dict[str, float]]]:
    """Per lesson with questions marked by hand: (points possible, student -> points)."""
    found: dict[str, tuple[float, dict[str, float]]] = {}
    for item in markable(banks):
        possible, points = found.get(item.bank, (0.0, {}))
        found[item.bank] = (possible + item.most, points)
    for (student, bank, _question), given in marks.items():
        if bank in found:
            points = found[bank][1]
            points[student] = round(points.get(student, 0.0) + given, 4)
    return found


def write_marking(folder: Path | str, output: Path | str = "build/marking",
                  lessons: list[str] | None = None) -> dict[str, Path]:
    """Read every submission under `folder` and write the sheet and the page to `output`."""
    from sinojapan.instructor.marking_html import marking_page

    folder, output = Path(folder), Path(output)
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder}: no such folder of submissions")
    works, _skipped = read_folder(folder)
    wanted = lessons or sorted({b for w in works for b in w.answers if b in quiz_bank_ids()})
    banks = [quiz_bank(b) for b in wanted]
    regrade_class(works, banks)  # a code answer's automatic result, never the stored one
    items = markable(banks)
    found = answers(works, items)
    output.mkdir(parents=True, exist_ok=True)
    paths = {"sheet": output / "marking-sheet.csv", "html": output / "marking.html"}
    write_sheet(paths["sheet"], found)
    paths["html"].write_text(marking_page(items, found), encoding="utf-8")
    return paths


def main(argv: list[str]) -> int:
    try:
        lessons, argv = lessons_option(argv)
    except ValueError as problem:
        print(problem, file=sys.stderr)
        return 2
    if not argv or argv[0] in ("-h", "--help") or len(argv) > 2:
        print(__doc__)
        return 2
    try:
        paths = write_marking(*argv, lessons=lessons)
    except FileNotFoundError as error:
        print(f"marking not written: {error}", file=sys.stderr)
        return 1
    print(f"wrote {paths['sheet']} and {paths['html']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
