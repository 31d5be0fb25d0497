"""The class report's page (class_report.py gathers the numbers and writes the files).
Every string a student typed is escaped: in the page, and in the heatmaps' labels."""

from __future__ import annotations

import html
import statistics

from sinojapan import __version__
from sinojapan.content.html_pages import Markup, page, table
from sinojapan.content.html_text import bullets, esc
from sinojapan.course.banks import QuizBank
from sinojapan.instructor.class_stats import (
    QuestionStats,
    Reflection,
    StudentSummary,
    hardest,
    mastery,
)
from sinojapan.pictures.display import FIGURE_CONFIG
from sinojapan.progress.page import BALLOT, TICKED, lesson_label
from sinojapan.progress.store import now
from sinojapan.question_types import Question

ROW_HEIGHT = 22  # pixels per student in a heatmap
CELL_TEXT_UP_TO = 60  # students; for more, drawing every number slows the page (hover shows it)


def relative(path, folder) -> str:
    return path.relative_to(folder).as_posix() if path.is_relative_to(folder) else str(path)


def pct(value: float | None) -> str:
    return "" if value is None else f"{value:.0f}%"


def wrong_list(stats: QuestionStats) -> Markup:
    return Markup(bullets(f"{text} ({count} student{'s' if count != 1 else ''})"
                          for text, count in stats.wrong_answers))


def question_cell(stats: QuestionStats) -> Markup:
    return Markup(f"<strong>{esc(stats.label)}</strong> {esc(stats.question.prompt)}")


def heatmap(students: list[str], columns: list[str], rows: list, div_id: str) -> str:
    """A students x columns heatmap of percentages (blank: nothing answered there)."""
    import plotly.io as pio

    figure = {"data": [{
        "type": "heatmap", "z": rows, "x": [html.escape(c) for c in columns],
        "y": [html.escape(s) for s in students], "zmin": 0, "zmax": 100,
        "colorscale": "Viridis", "xgap": 1, "ygap": 1,
        # numbers in the cells, for a class small enough that drawing them stays quick
        **({"texttemplate": "%{z:.0f}"} if len(students) <= CELL_TEXT_UP_TO else {}),
        "colorbar": {"title": {"text": "%"}},
        "hovertemplate": "%{y}<br>%{x}: %{z:.0f}%<extra></extra>"}],
        "layout": {"height": max(300, 150 + ROW_HEIGHT * len(students)),
                   "xaxis": {"side": "top", "type": "category", "automargin": True,
                             "tickangle": -30},
                   "yaxis": {"autorange": "reversed", "type": "category",
                             "automargin": True},
                   "margin": {"t": 140, "l": 10, "r": 10, "b": 20}}}
    return pio.to_html(figure, include_plotlyjs=False, full_html=False, div_id=div_id,
                       validate=False, config=FIGURE_CONFIG)


def mastery_section(summaries: list[StudentSummary], by: str, labels: dict[str, str],
                    title: str, heading: str) -> str:
    """The heatmap, and the class average per column as a table (its text version)."""
    students, columns, rows = mastery(summaries, by)
    if not students or not columns:
        return f"<h2>{esc(title)}</h2><p>No students' work to show.</p>"
    averages = []
    for index, column in enumerate(columns):
        values = [row[index] for row in rows if row[index] is not None]
        averages.append((labels.get(column, column), len(values),
                         pct(statistics.fmean(values) if values else None)))
    return (f"<h2>{esc(title)}</h2><p>Each cell: the share of the graded questions the "
            "student earned (blank: answered none of them).</p>"
            + heatmap(students, [labels.get(c, c) for c in columns], rows, f"mastery-{by}")
            + table([heading, "Students who answered", "Class average"], averages,
                    caption="The same, as a class average", numeric=(1, 2)))


def hardest_section(stats: list[QuestionStats]) -> str:
    rows = [(question_cell(s), s.answered, pct(s.share(s.first_try_correct)),
             pct(s.share(s.correct)), wrong_list(s)) for s in hardest(stats)]
    return ("<h2>The questions the class found hardest</h2>"
            "<p>Fewest right in the end (full credit earned), then fewest right on the "
            "first try.</p>"
            + table(["Question", "Answered", "Right first try", "Right in the end",
                     "Answers not fully right, most often"], rows, numeric=(1, 2, 3)))


def questions_section(stats: list[QuestionStats], banks: list[QuizBank]) -> str:
    parts = ["<h2>Every question</h2><p>Percentages are of the students who answered. "
             "<em>Tries</em> is the mean number of checks; <em>shown</em> and <em>hints</em> "
             "count students who used them.</p>"]
    for bank in banks:
        rows = [(question_cell(s), s.question.TYPE, s.answered,
                 pct(s.share(s.first_try_correct)), pct(s.share(s.correct)),
                 f"{s.attempts / s.answered:.1f}" if s.answered else "", s.revealed,
                 s.hinted, wrong_list(s)) for s in stats if s.bank == bank.id]
        if rows:
            parts.append(table(["Question", "Type", "Answered", "Right first try",
                                "Right in the end", "Tries", "Shown", "Hints",
                                "Answers not fully right, most often"], rows,
                               caption=f"{lesson_label(bank.id)}: {bank.title}",
                               numeric=(2, 3, 4, 5, 6, 7)))
    return "".join(parts)


def students_section(summaries: list[StudentSummary], banks: list[QuizBank],
                     flagged: list = ()) -> str:
    graded = [b for b in banks if any(q.GRADED for q in b.questions)]
    disagree: dict[str, list[str]] = {}
    for f in flagged:
        disagree.setdefault(f.student, []).append(f.label)
    rows = []
    for s in summaries:
        work = s.work
        rows.append((work.student, work.source.name, ", ".join(work.lessons),
                     s.overall.answered, s.overall.correct, s.first_try_correct,
                     pct(100 * s.overall.share),
                     *(pct(100 * s.by_lesson[b.id].share) if s.by_lesson[b.id].answered
                       else "" for b in graded),
                     s.attempts, s.hints_used, s.revealed,
                     f"{s.overall.written} of {s.overall.reflections}",
                     work.module_version, work.created,
                     ", ".join(disagree.get(work.student, [])), "; ".join(work.notes)))
    headers = ["Student", "File", "Lessons handed in", "Answered", "Right",
               "Right first try", "Score", *(lesson_label(b.id) for b in graded), "Tries",
               "Hints", "Answers shown", "Reflections", "Module version", "Handed in",
               "Stored results that disagree (edited, or another bank)",
               "Damaged parts left out"]
    return ("<h2>Students</h2><p>Score: credit earned over every graded question of the "
            "lessons in this report, answered or not.</p>"
            + '<div class="wide" tabindex="0" role="region" aria-label="Students, scrolls '
            + f'sideways">{table(headers, rows, numeric=range(3, 11 + len(graded)))}'
            + "</div>")


def regrade_section(flagged: list) -> str:
    """Every record whose stored result disagrees with re-grading (instructor/regrade.py)."""
    intro = ("<h2>Stored results that disagree with re-grading</h2><p>Every answer was graded "
             "again with the current question bank; a stored score is never used. ")
    if not flagged:
        return intro + "Every stored result agrees with re-grading.</p>"
    rows = [(f.student, Markup(f"<strong>{esc(f.label)}</strong> {esc(f.question.prompt)}"),
             f"{f.stored:.0%}", f"{f.regraded:.0%}", f.what) for f in flagged]
    return (intro + f"These {len(flagged)} record(s) disagree: <strong>edited, or from "
            "another version of the bank</strong>. The report counts the re-graded result. "
            "Ask the student before drawing a conclusion: a bank corrected since they "
            "answered gives the same sign.</p>"
            + table(["Student", "Question", "Stored credit", "Re-graded credit",
                     "What disagrees"], rows, numeric=(2, 3)))


def marks_section(marks: dict, banks: list[QuizBank], students: list[str]) -> str:
    """The points marked by hand (tasks.py class-report --marks), per student, with totals."""
    from sinojapan.instructor.marking import markable

    items = markable(banks)
    if not marks or not items:
        return ""
    possible = sum(item.most for item in items)
    rows = []
    for student in students:
        given = [marks.get((student, i.bank, i.question.id)) for i in items]
        total = sum(g for g in given if g is not None)
        rows.append((student, *("" if g is None else f"{g:g}" for g in given),
                     f"{total:g} of {possible:g}" if any(g is not None for g in given) else ""))
    return ("<h2>Marked by hand</h2><p>Points from the marking sheet (--marks); a blank "
            "cell is not marked, and counts as 0 in the total and the gradebooks.</p>"
            + table(["Student", *(f"{i.label} (of {i.most:g})" for i in items), "Total"],
                    rows, numeric=range(1, len(items) + 2)))


def reflection_block(bank_id: str, question: Question, written: list[Reflection]) -> str:
    rubric = list(getattr(question, "rubric", []))
    entries = "".join(
        f"<h4>{esc(r.student)}</h4><blockquote>{esc(r.text)}</blockquote>"
        + (("Rubric points the student ticked:" + bullets(
            f"{TICKED if i in r.ticked else BALLOT} {point}" for i, point in enumerate(rubric)))
           if rubric else "")
        + '<p>Mark: <span class="mark">&nbsp;</span></p>' for r in written)
    model = getattr(question, "model_answer", "")
    return (f"<h3>{esc(lesson_label(bank_id))}: {esc(question.prompt)}</h3>"
            f"<details><summary>Model answer and rubric</summary><p>{esc(model)}</p>"
            f"{bullets(rubric)}</details>"
            f"<p>{len(written)} written.</p>{entries}")


def report_page(report, stats: list[QuestionStats], summaries: list[StudentSummary],
                reflections: list, banks: list[QuizBank], part_titles: dict[str, str],
                plotly_file: str) -> str:
    problems = [f"{relative(path, report.folder)}: {reason}"
                for path, reason in report.skipped] + report.notes
    intro = (f"<p>{report.students} student(s) from <code>{esc(report.folder)}</code>; "
             f"{esc(', '.join(lesson_label(b.id) for b in banks) or 'no lessons')}. "
             f"Written {esc(now())} by sinojapan-lessons {esc(__version__)}. Scores follow "
             "the module's one rule (data/README.md, \u201cHow answers count\u201d). "
             "Submission files are not tamper-proof: see docs/class-report.md.</p>")
    if problems:
        intro += ('<div class="problems"><p><strong>Files skipped or left out '
                  f"({len(problems)}):</strong></p>{bullets(problems)}</div>")
    lesson_titles = {b.id: lesson_label(b.id) for b in banks}
    body = (intro + hardest_section(stats)
            + mastery_section(summaries, "part", part_titles, "Mastery by part of the essay",
                              "Part of the essay")
            + mastery_section(summaries, "lesson", lesson_titles, "Mastery by lesson",
                              "Lesson")
            + regrade_section(report.flagged)
            + questions_section(stats, banks) + students_section(summaries, banks, report.flagged)
            + marks_section(getattr(report, "marks", {}), banks,
                            [s.work.student for s in summaries])
            + "<h2>Reflections</h2>"
            + "".join(reflection_block(*entry) for entry in reflections))
    return page("Class report", body,
                head=f'<script src="{esc(plotly_file)}" charset="utf-8"></script>')
