"""The class report, from a folder of students' submission (or progress.json) files:

    python -m sinojapan.instructor.class_report FOLDER [OUTPUT] [--lessons 01,03]
                                                [--marks marks.csv]

writes to OUTPUT (default build/class-report/): index.html (per-question difficulty on the
first try and in the end, the wrong answers given most often, mastery by essay part and by
lesson as heatmaps, a table per student, every reflection to read and mark), plotly.min.js
beside it (no CDN), gradebook.csv (Moodle's "Import grades: CSV file" layout),
gradebook-canvas.csv (Canvas's gradebook import layout) and questions.csv. Every answer is
graded again with the current bank (regrade.py). Files that cannot be read are listed,
never fatal (submissions.py); --marks adds points marked by hand (marking.py), and a bad
row of it is named and left out."""

from __future__ import annotations

import csv
import sys
from dataclasses import dataclass, field
from pathlib import Path

from sinojapan.content import catalog
from sinojapan.content.files import DataError
from sinojapan.course.banks import QuizBank, lessons_option, quiz_bank
from sinojapan.instructor import class_stats, gradebooks, marking, regrade
from sinojapan.instructor.class_report_html import relative, report_page
from sinojapan.progress.submissions import StudentWork, read_folder

PLOTLY_FILE = "plotly.min.js"


@dataclass
class ClassReport:
    """What was written, and from what."""

    folder: Path
    students: int
    questions: int
    paths: dict[str, Path] = field(default_factory=dict)
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    flagged: list[regrade.Disagreement] = field(default_factory=list)  # stored != re-graded
    marks: dict[tuple[str, str, str], float] = field(default_factory=dict)  # by hand


def choose_banks(works: list[StudentWork], lessons: list[str] | None = None
                 ) -> tuple[list[QuizBank], list[str]]:
    """The lesson banks to report on (those named, or every bank a student has records
    for or lists), and notes on any the module does not have."""
    wanted = lessons or sorted({bank for work in works for bank in
                                [*work.answers, *work.lessons] if isinstance(bank, str)})
    banks, notes = [], []
    for bank_id in wanted:
        try:
            banks.append(quiz_bank(bank_id))
        except DataError:
            notes.append(f"Records for '{bank_id}', which this module has no quiz for, "
                         "are left out.")
    if not lessons:  # a lesson a few answered early would lower everyone's Overall
        for bank in banks:
            took = sum(1 for work in works if bank.id in work.answers or bank.id in work.lessons)
            if took * 2 < len(works):
                notes.append(f"Only {took} of {len(works)} students answered lesson "
                             f"{bank.id}, yet it counts in everyone's Overall: name the "
                             "lessons the class did with --lessons (e.g. --lessons 01,03).")
    return banks, notes


def write_questions(path: Path, stats: list[class_stats.QuestionStats]) -> None:
    """The per-question numbers of the report, for a spreadsheet."""
    with path.open("w", encoding=gradebooks.ENCODING, newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["lesson", "number", "question_id", "type", "essay_part", "prompt",
                         "answered", "first_try_correct_percent", "correct_percent",
                         "mean_attempts", "answer_shown", "used_hints", "most_chosen_wrong",
                         "stored_result_disagrees"])
        for s in stats:
            writer.writerow([s.bank, s.number, s.question.id, s.question.TYPE,
                             s.question.essay_part,
                             gradebooks.spreadsheet_safe(s.question.prompt),
                             s.answered,
                             s.share(s.first_try_correct), s.share(s.correct),
                             round(s.attempts / s.answered, 2) if s.answered else "",
                             s.revealed, s.hinted,
                             gradebooks.spreadsheet_safe(" | ".join(f"{text} ({n})"
                                                         for text, n in s.wrong_answers)),
                             s.disagreed])


def write_plotly(output: Path) -> Path:
    """plotly.js as a file beside the report (written once; rewritten if it changed)."""
    from plotly.offline import get_plotlyjs

    target = output / PLOTLY_FILE
    script = get_plotlyjs()
    if not target.exists() or target.stat().st_size != len(script.encode("utf-8")):
        target.write_text(script, encoding="utf-8")
    return target


def write_class_report(folder: Path | str, output: Path | str = "build/class-report",
                       lessons: list[str] | None = None,
                       marks: Path | str | None = None) -> ClassReport:
    """Read every submission under `folder` and write the report to `output`; `marks`, a
    filled-in marking sheet (marking.py), adds the points marked by hand."""
    folder, output = Path(folder), Path(output)
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder}: no such folder of submissions")
    works, skipped = read_folder(folder)
    banks, notes = choose_banks(works, lessons)
    flagged = regrade.regrade_class(works, banks)  # the stored results are never trusted
    notes += [f"{relative(work.source, folder)}: {note}" for work in works for note in work.notes]
    stats = class_stats.question_stats(works, banks)
    for s in stats:
        s.disagreed = sum(1 for f in flagged if (f.bank, f.number) == (s.bank, s.number))
    summaries = class_stats.student_summaries(works, banks)
    given, bad_rows = marking.read_marks(Path(marks), works, banks) if marks else ({}, [])
    notes += bad_rows
    reflections = class_stats.reflections(works, banks)
    output.mkdir(parents=True, exist_ok=True)
    report = ClassReport(folder, len(works), len(stats), skipped=skipped, notes=notes,
                         flagged=flagged)
    report.paths = {"html": output / "index.html", "plotly": write_plotly(output),
                    "gradebook": output / "gradebook.csv",
                    "canvas": output / "gradebook-canvas.csv",
                    "questions": output / "questions.csv"}
    report.marks = given
    part_titles = catalog.essay_parts()["title"].to_dict()
    report.paths["html"].write_text(
        report_page(report, stats, summaries, reflections, banks, part_titles, PLOTLY_FILE),
        encoding="utf-8")
    items = gradebooks.columns(summaries, banks,
                               marking.marked_by_lesson(given, banks) if marks else None)
    students = [summary.work.student for summary in summaries]
    gradebooks.write_moodle(report.paths["gradebook"], students, items)
    gradebooks.write_canvas(report.paths["canvas"], students, items)
    write_questions(report.paths["questions"], stats)
    return report


def main(argv: list[str]) -> int:
    marks = None
    if "--marks" in argv:
        at = argv.index("--marks")
        if at + 1 >= len(argv):
            print("--marks needs a filled-in marking sheet, e.g. --marks marks.csv",
                  file=sys.stderr)
            return 2
        marks, argv = argv[at + 1], argv[:at] + argv[at + 2:]
    try:
        lessons, argv = lessons_option(argv)
    except ValueError as problem:
        print(problem, file=sys.stderr)
        return 2
    if not argv or argv[0] in ("-h", "--help") or len(argv) > 2:
        print(__doc__)
        return 2
    try:
        report = write_class_report(*argv, lessons=lessons, marks=marks)
    except (FileNotFoundError, DataError) as error:
        print(f"class report not written: {error}", file=sys.stderr)
        return 1
    for path, reason in report.skipped:
        print(f"skipped {path}: {reason}")
    for note in report.notes:
        print(note)
    if report.flagged:
        print(f"{len(report.flagged)} stored result(s) disagree with re-grading "
              f"({regrade.REASON}): see the report")
    print(f"read {report.students} student(s), {report.questions} graded question(s)"
          + (f", {len(report.marks)} mark(s) by hand" if report.marks else "")
          + f"; wrote {report.paths['html']}, {report.paths['gradebook'].name}, "
          f"{report.paths['canvas'].name} and {report.paths['questions'].name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
