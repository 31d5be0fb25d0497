"""The class report, from a folder of students' submission (or progress.json) files:

    python -m sinojapan.instructor.class_report FOLDER [OUTPUT] [--lessons 01,03]

writes to OUTPUT (default build/class-report/): index.html (per-question difficulty on the
first try and in the end, the wrong answers given most often, mastery by essay part and by
lesson as heatmaps, a table per student, every reflection to read and mark), plotly.min.js
beside it (no CDN), gradebook.csv (for Moodle's "Import grades: CSV file") and
questions.csv. Files that cannot be read are listed, never fatal (submissions.py)."""

from __future__ import annotations

import csv
import sys
from dataclasses import dataclass, field
from pathlib import Path

from sinojapan.content import catalog
from sinojapan.content.files import DataError
from sinojapan.course.banks import QuizBank, quiz_bank, quiz_bank_ids
from sinojapan.instructor import class_stats, regrade
from sinojapan.instructor.class_report_html import relative, report_page
from sinojapan.progress.page import lesson_label
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


def spreadsheet_safe(text) -> str:
    """Text a spreadsheet will not run as a formula (a student may type '=...')."""
    text = str(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def percent(tally) -> str:
    """A tally's score as a percentage for a gradebook: blank (no grade) when the student
    answered none of its graded questions."""
    return f"{100 * tally.share:.1f}" if tally.answered else ""


def write_gradebook(path: Path, summaries: list[class_stats.StudentSummary],
                    banks: list[QuizBank]) -> None:
    """One row per student: 'Student' (to map onto the LMS's username or email address),
    one column per lesson and 'Overall', each a percentage 0-100, blank where the student
    answered none of its graded questions (Moodle then records no grade)."""
    graded = [bank for bank in banks if any(q.GRADED for q in bank.questions)]
    headers = ["Student", *(f"{lesson_label(b.id)} quiz (%)" for b in graded), "Overall (%)"]
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(headers)
        for summary in summaries:
            writer.writerow([spreadsheet_safe(summary.work.student),
                             *(percent(summary.by_lesson[b.id]) for b in graded),
                             percent(summary.overall)])


def write_questions(path: Path, stats: list[class_stats.QuestionStats]) -> None:
    """The per-question numbers of the report, for a spreadsheet."""
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["lesson", "number", "question_id", "type", "essay_part", "prompt",
                         "answered", "first_try_correct_percent", "correct_percent",
                         "mean_attempts", "answer_shown", "used_hints", "most_chosen_wrong",
                         "stored_result_disagrees"])
        for s in stats:
            writer.writerow([s.bank, s.number, s.question.id, s.question.TYPE,
                             s.question.essay_part, spreadsheet_safe(s.question.prompt),
                             s.answered,
                             s.share(s.first_try_correct), s.share(s.correct),
                             round(s.attempts / s.answered, 2) if s.answered else "",
                             s.revealed, s.hinted,
                             spreadsheet_safe(" | ".join(f"{text} ({n})"
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
                       lessons: list[str] | None = None) -> ClassReport:
    """Read every submission under `folder` and write the report to `output`."""
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
    reflections = class_stats.reflections(works, banks)
    output.mkdir(parents=True, exist_ok=True)
    report = ClassReport(folder, len(works), len(stats), skipped=skipped, notes=notes,
                         flagged=flagged)
    report.paths = {"html": output / "index.html", "plotly": write_plotly(output),
                    "gradebook": output / "gradebook.csv",
                    "questions": output / "questions.csv"}
    part_titles = catalog.essay_parts()["title"].to_dict()
    report.paths["html"].write_text(
        report_page(report, stats, summaries, reflections, banks, part_titles, PLOTLY_FILE),
        encoding="utf-8")
    write_gradebook(report.paths["gradebook"], summaries, banks)
    write_questions(report.paths["questions"], stats)
    return report


def main(argv: list[str]) -> int:
    lessons = None
    if "--lessons" in argv:
        at = argv.index("--lessons")
        if at + 1 >= len(argv):
            print("--lessons needs a list such as 01,03", file=sys.stderr)
            return 2
        lessons = [x.zfill(2) if x.isdigit() else x  # 3 means lesson 03
                   for x in (x.strip() for x in argv[at + 1].split(",")) if x]
        known = quiz_bank_ids()
        unknown = [x for x in lessons if x not in known]
        if unknown:  # a typo must not write an empty report over a good one
            print(f"--lessons: no quiz '{', '.join(unknown)}'; the quizzes are "
                  f"{', '.join(known)}. Nothing was written.", file=sys.stderr)
            return 2
        argv = argv[:at] + argv[at + 2:]
    if not argv or argv[0] in ("-h", "--help") or len(argv) > 2:
        print(__doc__)
        return 2
    try:
        report = write_class_report(*argv, lessons=lessons)
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
    print(f"read {report.students} student(s), {report.questions} graded question(s); wrote "
          f"{report.paths['html']}, {report.paths['gradebook'].name} and "
          f"{report.paths['questions'].name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
