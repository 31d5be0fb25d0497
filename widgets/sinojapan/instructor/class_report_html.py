"""The class report's page (class_report.py gathers the numbers and writes the files).
Every string a student typed is escaped: in the page, and in the heatmaps' labels.

The page opens on a one-screen summary; each section's details (every question, every
student, every reflection) fold away in <details>, which need no script and work from the
keyboard and with a screen reader. Printed (A4), every fold opens and the tables fit the
page's width."""

from __future__ import annotations

import html
import statistics

from sinojapan import __version__
from sinojapan.content.html_pages import Markup, page, table
from sinojapan.content.html_text import bullets, esc, markup_list, shortened
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
SUMMARY_HARDEST = 5  # questions named in the summary
SUMMARY_LOWEST = 5  # students named in the summary
PROBLEMS_SHOWN = 5  # skipped files listed before the rest fold away
PRINT_WIDTH_PX = 680  # a heatmap's width when printed: A4 less the page margins
REPORT_CSS = """<style>
.summary-figures { width: auto; } .summary-figures td { font-weight: 600; }
details { margin: 0.4rem 0 0.8rem; }
summary { cursor: pointer; padding: 0.25rem 0.4rem; border-radius: 4px; }
summary:hover { background: #eef3f8; }
summary:focus-visible { outline: 3px solid #0072B2; outline-offset: 2px; }
td details { margin: 0; } td summary { padding: 0; }
.fold-note { color: #555; margin: 0.2rem 0; }
.narrow td, .narrow th { overflow-wrap: anywhere; }
@page { size: A4; margin: 12mm; }
@media print {
  body { font-size: 9pt; margin: 0; padding: 0; }
  details::details-content { content-visibility: visible; display: block; }
  summary { list-style: none; font-weight: 600; padding: 0; }
  summary::-webkit-details-marker { display: none; }
  .wide { overflow: visible; } .wide table, table { width: 100%; }
  th, td { padding: 1px 3px; overflow-wrap: anywhere; }
  td.num, th.num { white-space: normal; }
  section, details { break-inside: auto; }
  h2, h3, summary { break-after: avoid; } tr, blockquote, .reflection { break-inside: avoid; }
  .js-plotly-plot { max-width: 100%; overflow: hidden; }
  nav.contents { display: none; }
}
</style>"""
# Printing opens every fold (browsers without ::details-content need this) and fits the
# heatmaps to the page; afterwards the page is as the reader left it.
PRINT_SCRIPT = """<script>
(function () {
  var opened = [];
  function plots() { return window.Plotly ? document.querySelectorAll('.js-plotly-plot') : []; }
  window.addEventListener('beforeprint', function () {
    document.querySelectorAll('details:not([open])').forEach(function (d) {
      d.open = true; opened.push(d); });
    plots().forEach(function (g) { Plotly.relayout(g, {width: WIDTH}); });
  });
  window.addEventListener('afterprint', function () {
    opened.forEach(function (d) { d.open = false; }); opened = [];
    plots().forEach(function (g) { Plotly.relayout(g, {width: null, autosize: true}); });
  });
  document.addEventListener('toggle', function (event) {
    if (event.target.open) {
      event.target.querySelectorAll('.js-plotly-plot').forEach(function (g) {
        Plotly.Plots.resize(g); });
    }
  }, true);
})();
</script>""".replace("WIDTH", str(PRINT_WIDTH_PX))


def relative(path, folder) -> str:
    return path.relative_to(folder).as_posix() if path.is_relative_to(folder) else str(path)


def pct(value: float | None) -> str:
    return "" if value is None else f"{value:.0f}%"


def fold(label: str, content: str, *, open_: bool = False) -> str:
    """Content that folds away under a one-line label (text, escaped here)."""
    return (f"<details{' open' if open_ else ''}><summary>{esc(label)}</summary>"
            f"{content}</details>")


def section(anchor: str, title: str, note: str, content: str) -> str:
    """A section of the report: its heading and a line stay in view, the rest folds."""
    return (f'<section aria-labelledby="{anchor}"><h2 id="{anchor}">{esc(title)}</h2>'
            f'<p class="fold-note">{note}</p>{content}</section>')


def wrong_list(stats: QuestionStats) -> Markup:
    if not stats.wrong_answers:
        return Markup("")
    listed = bullets(f"{text} ({count} student{'s' if count != 1 else ''})"
                     for text, count in stats.wrong_answers)
    top, count = stats.wrong_answers[0]
    return Markup(fold(f"{top} ({count})" if len(stats.wrong_answers) == 1 else
                       f"{len(stats.wrong_answers)} answers, most often: {top} ({count})",
                       listed))


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


def column_averages(summaries: list[StudentSummary], by: str,
                    labels: dict[str, str]) -> list[tuple[str, int, float | None]]:
    """(column, students who answered, class average %) per lesson or essay part."""
    students, columns, rows = mastery(summaries, by)
    found = []
    for index, column in enumerate(columns):
        values = [row[index] for row in rows if row[index] is not None]
        found.append((labels.get(column, column), len(values),
                      statistics.fmean(values) if values else None))
    return found


def mastery_section(summaries: list[StudentSummary], by: str, labels: dict[str, str],
                    title: str, heading: str) -> str:
    """The class average per column (the heatmap's text version), and the heatmap."""
    students, columns, rows = mastery(summaries, by)
    anchor = f"mastery-{by}-heading"
    if not students or not columns:
        return section(anchor, title, "No students' work to show.", "")
    averages = column_averages(summaries, by, labels)
    known = [a for a in averages if a[2] is not None]
    note = ("Each cell: the share of the graded questions the student earned (blank: "
            "answered none of them).")
    if known:
        low = min(known, key=lambda a: a[2])
        note += f" Lowest class average: {esc(low[0])} ({pct(low[2])})."
    averages_table = table([heading, "Students who answered", "Class average"],
                           [(a, n, pct(v)) for a, n, v in averages],
                           caption="The class average per column", numeric=(1, 2))
    chart = heatmap(students, [labels.get(c, c) for c in columns], rows, f"mastery-{by}")
    return section(anchor, title, note, fold(f"Class averages ({len(columns)})",
                                             averages_table)
                   + fold(f"Heatmap: every student ({len(students)})", chart))


def hardest_section(stats: list[QuestionStats]) -> str:
    rows = [(question_cell(s), s.answered, pct(s.share(s.first_try_correct)),
             pct(s.share(s.correct)), wrong_list(s)) for s in hardest(stats)]
    content = table(["Question", "Answered", "Right first try", "Right in the end",
                     "Answers not fully right, most often"], rows, numeric=(1, 2, 3))
    return section("hardest-heading", "The questions the class found hardest",
                   "Fewest right in the end (full credit earned), then fewest right on the "
                   "first try.", fold(f"The {len(rows)} hardest, with the wrong answers given",
                                      content))


def lesson_questions(bank: QuizBank, stats: list[QuestionStats]) -> str:
    """One lesson's questions as a table, folded under a line that sums it up."""
    rows = [(question_cell(s), s.question.TYPE, s.answered,
             pct(s.share(s.first_try_correct)), pct(s.share(s.correct)),
             f"{s.attempts / s.answered:.1f}" if s.answered else "", s.revealed,
             s.hinted, wrong_list(s)) for s in stats]
    shares = [s.share(s.correct) for s in stats if s.answered]
    label = (f"{lesson_label(bank.id)}: {bank.title} \u2014 {len(stats)} graded question"
             f"{'s' if len(stats) != 1 else ''}"
             + (f", right in the end {pct(statistics.fmean(shares))} on average"
                if shares else ", none answered"))
    return fold(label, table(["Question", "Type", "Answered", "Right first try",
                              "Right in the end", "Tries", "Shown", "Hints",
                              "Answers not fully right, most often"], rows,
                             caption=f"{lesson_label(bank.id)}: {bank.title}",
                             numeric=(2, 3, 4, 5, 6, 7)))


def questions_section(stats: list[QuestionStats], banks: list[QuizBank]) -> str:
    parts = [lesson_questions(bank, mine) for bank in banks
             if (mine := [s for s in stats if s.bank == bank.id])]
    return section("questions-heading", "Every question",
                   "Lesson by lesson: percentages are of the students who answered. "
                   "<em>Tries</em> is the mean number of checks; <em>shown</em> and "
                   "<em>hints</em> count students who used them.", "".join(parts))


def students_section(summaries: list[StudentSummary], banks: list[QuizBank],
                     flagged: list = ()) -> str:
    """Three narrow tables (each fits a printed page): the scores (with the questions
    whose stored result disagrees with re-grading), the score per lesson, the files; each
    folds away."""
    graded = [b for b in banks if any(q.GRADED for q in b.questions)]
    disagree: dict[str, list[str]] = {}
    for f in flagged:
        disagree.setdefault(f.student, []).append(f.label)
    scores = [(s.work.student, pct(100 * s.overall.share), s.overall.answered,
               s.overall.correct, s.first_try_correct, s.attempts, s.hints_used, s.revealed,
               f"{s.overall.written} of {s.overall.reflections}",
               ", ".join(disagree.get(s.work.student, []))) for s in summaries]
    by_lesson = [(s.work.student,
                  *(pct(100 * s.by_lesson[b.id].share) if s.by_lesson[b.id].answered else ""
                    for b in graded)) for s in summaries]
    files = [(s.work.student, s.work.source.name, ", ".join(s.work.lessons),
              s.work.module_version, s.work.created, "; ".join(s.work.notes))
             for s in summaries]
    damaged = sum(1 for s in summaries if s.work.notes)
    count = len(summaries)
    content = (
        fold(f"Scores: every student ({count})", table(
            ["Student", "Score", "Answered", "Right", "Right first try", "Tries", "Hints",
             "Answers shown", "Reflections", "Stored results that disagree"], scores,
            numeric=range(1, 8)))
        + fold(f"Score by lesson: every student ({count})", table(
            ["Student", *(b.id for b in graded)], by_lesson,
            caption="Score by lesson (%); the columns are lesson numbers",
            numeric=range(1, 1 + len(graded))))
        + fold(f"Files handed in ({count}; {damaged} with damaged parts left out)",
               '<div class="narrow">' + table(
                   ["Student", "File", "Lessons handed in", "Module version", "Handed in",
                    "Damaged parts left out"], files) + "</div>"))
    return section("students-heading", "Students",
                   "Score: credit earned over every graded question of the lessons in this "
                   "report, answered or not.",
                   '<div class="wide" tabindex="0" role="region" '
                   f'aria-label="Tables of students, scroll sideways">'
                   f"{content}</div>")


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
    """One reflection question, folded under one line: its model answer and rubric, then
    what each student wrote, with the rubric points they ticked and a line for a mark."""
    rubric = list(getattr(question, "rubric", []))
    entries = "".join(
        f'<div class="reflection"><h4>{esc(r.student)}</h4><blockquote>{esc(r.text)}'
        "</blockquote>"
        + (("Rubric points the student ticked:" + bullets(
            f"{TICKED if i in r.ticked else BALLOT} {point}" for i, point in enumerate(rubric)))
           if rubric else "")
        + '<p>Mark: <span class="mark">&nbsp;</span></p></div>' for r in written)
    model = getattr(question, "model_answer", "")
    label = f"{lesson_label(bank_id)}: {shortened(question.prompt)} \u2014 {len(written)} written"
    return fold(label, f"<h3>{esc(lesson_label(bank_id))}: {esc(question.prompt)}</h3>"
                f"<details><summary>Model answer and rubric</summary><p>{esc(model)}</p>"
                f"{bullets(rubric)}</details><p>{len(written)} written.</p>{entries}")


def reflections_section(reflections: list) -> str:
    return section("reflections-heading", "Reflections",
                   "Each reflection question with its model answer and rubric, then what each "
                   "student wrote, with the rubric points they ticked and a line for a mark.",
                   "".join(reflection_block(*entry) for entry in reflections))


def summary_section(report, stats: list[QuestionStats],
                    summaries: list[StudentSummary]) -> str:
    """What an instructor needs first, on one screen: the class in a few numbers, the
    hardest questions and the students who may need help; then the contents."""
    scores = [100 * s.overall.share for s in summaries]
    figures = [("Students", report.students), ("Graded questions", len(stats))]
    if scores:
        figures += [("Class average score", pct(statistics.fmean(scores))),
                    ("Median score", pct(statistics.median(scores))),
                    ("Lowest and highest", f"{pct(min(scores))} to {pct(max(scores))}"),
                    ("Students below 50%", sum(1 for v in scores if v < 50))]
    figures.append(("Answers shown, over every question", sum(s.revealed for s in stats)))
    rows = "".join(f'<tr><th scope="row">{esc(k)}</th><td class="num">{esc(v)}</td></tr>'
                   for k, v in figures)
    hard = [f"<strong>{esc(s.label)}</strong> {esc(shortened(s.question.prompt))} "
            f"(right in the end: {pct(s.share(s.correct))})"
            for s in hardest(stats, SUMMARY_HARDEST)]
    lowest = sorted(summaries, key=lambda s: (s.overall.share, s.work.student))[:SUMMARY_LOWEST]
    needs = [f"{esc(s.work.student)} ({pct(100 * s.overall.share)})" for s in lowest]
    contents = [("hardest-heading", "Hardest questions"),
                ("mastery-part-heading", "Mastery by part of the essay"),
                ("mastery-lesson-heading", "Mastery by lesson"),
                ("questions-heading", "Every question"), ("students-heading", "Students"),
                ("reflections-heading", "Reflections")]
    links = " \u00b7 ".join(f'<a href="#{a}">{esc(t)}</a>' for a, t in contents)
    return ('<section aria-labelledby="summary-heading"><h2 id="summary-heading">Summary</h2>'
            f'<table class="summary-figures"><tbody>{rows}</tbody></table>'
            + (f"<p>Hardest questions:</p>{markup_list(hard, ordered=True)}" if hard else "")
            + (f"<p>Lowest scores: {', '.join(needs)}.</p>" if needs else "")
            + f'<nav class="contents" aria-label="Report sections"><p>{links}</p></nav>'
            "<p class=\"fold-note\">Each section below folds away: open a line marked "
            "\u25b6 (click it, or Tab to it and press Enter). Printing opens every fold.</p>"
            "</section>")


def problems_block(report) -> str:
    problems = [f"{relative(path, report.folder)}: {reason}"
                for path, reason in report.skipped] + report.notes
    if not problems:
        return ""
    shown, rest = problems[:PROBLEMS_SHOWN], problems[PROBLEMS_SHOWN:]
    return ('<div class="problems"><p><strong>Files skipped or left out '
            f"({len(problems)}):</strong></p>{bullets(shown)}"
            + (fold(f"The other {len(rest)}", bullets(rest)) if rest else "") + "</div>")


def report_page(report, stats: list[QuestionStats], summaries: list[StudentSummary],
                reflections: list, banks: list[QuizBank], part_titles: dict[str, str],
                plotly_file: str) -> str:
    intro = (f"<p>{report.students} student(s) from <code>{esc(report.folder)}</code>; "
             f"{esc(', '.join(lesson_label(b.id) for b in banks) or 'no lessons')}. "
             f"Written {esc(now())} by sinojapan-lessons {esc(__version__)}. Scores follow "
             "the module's one rule (data/README.md, \u201cHow answers count\u201d). "
             "Submission files are not tamper-proof: see docs/class-report.md.</p>")
    lesson_titles = {b.id: lesson_label(b.id) for b in banks}
    body = (intro + problems_block(report) + summary_section(report, stats, summaries)
            + hardest_section(stats)
            + mastery_section(summaries, "part", part_titles, "Mastery by part of the essay",
                              "Part of the essay")
            + mastery_section(summaries, "lesson", lesson_titles, "Mastery by lesson",
                              "Lesson")
            + regrade_section(report.flagged)
            + questions_section(stats, banks)
            + students_section(summaries, banks, report.flagged)
            + marks_section(getattr(report, "marks", {}), banks,
                            [s.work.student for s in summaries])
            + reflections_section(reflections))
    return page("Class report", body,
                head=f'<script src="{esc(plotly_file)}" charset="utf-8"></script>'
                     + REPORT_CSS + PRINT_SCRIPT)
