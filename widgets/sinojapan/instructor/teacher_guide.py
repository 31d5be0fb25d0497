"""The teacher guide: an index and one printable HTML page per lesson, with the answers.

    python -m sinojapan.instructor.teacher_guide [OUT]

(default OUT: build/instructor/; or `python3 tasks.py guide`)

Everything comes from the content files, nothing is written twice: the objectives and
estimated time from each notebook's first cell, what the lesson shows from its code
cells (course/outline.py), the essay parts and paragraphs from essay_parts.yaml, the
plans, discussion prompts and misconceptions from teaching.yaml (teaching_notes.py), the
quiz settings and every question's answer key from its bank (each question renders its
own key: `Question.answer_key_html`, the same one the instructor's static site shows).
This is the only place besides that site where the answers appear.
"""

from __future__ import annotations

import sys
from pathlib import Path

from sinojapan.content import catalog, series_data
from sinojapan.content.contested_texts import Side, contested_texts
from sinojapan.content.dates import day_date
from sinojapan.content.html_pages import Markup, page, table
from sinojapan.content.html_text import bullets, esc, inline_markdown, markup_list
from sinojapan.course.banks import QuizBank, quiz_bank
from sinojapan.course.outline import Outline, Shown, outlines
from sinojapan.course.teaching_notes import LessonNotes, teaching_notes
from sinojapan.instructor.guide_parts import answer_key_page, code_checks_section, scenario_map
from sinojapan.question_types.base import KEY_CSS, STATIC_CSS

GUIDE_CSS = """<style>
.sj-warning { border: 2px solid #b35c00; padding: 0.4em 0.8em; }
nav { margin-bottom: 1em; }
@media print { nav { display: none; } a { color: inherit; } }
</style>"""
WARNING = ('<p class="sj-warning"><strong>For instructors: this guide contains the answers.'
           "</strong> Do not post it where students can see it; for students, publish the "
           "static site (<code>python3 tasks.py html</code>), which has none.</p>")


def lesson_file_name(lesson_id: str) -> str:
    return f"lesson-{lesson_id}.html"


def key_file_name(lesson_id: str) -> str:
    return f"lesson-{lesson_id}-key.html"


def scenarios_section(outline: Outline) -> str:
    """The map of each crisis simulation the lesson plays, from its scenario file."""
    from sinojapan.simulation.scenarios import load_scenario

    ids = list(dict.fromkeys(s.args[0] for s in outline.shown
                             if s.kind == "scenario" and s.args))
    if not ids:
        return ""
    return ("<h2>The simulation's map</h2><p>Drawn from <code>data/scenarios/</code>: each "
            "decision point, its options (the record, or a hypothesis with the essay "
            "paragraphs it is argued from), where each leads, and what the government "
            "actually did.</p>" + "".join(scenario_map(load_scenario(i)) for i in ids))


def settings_lines(bank: QuizBank) -> list[str]:
    """The quiz settings in force for a bank, in words: the bank's own, as the course
    settings file (docs/course-settings.md) changes them."""
    course = bank.course
    after = bank.show_answer_after
    shown = ("\u201cShow answer\u201d is turned off for this course" if after is None else
             "\u201cShow answer\u201d is available at once" if after == 0 else
             f"\u201cShow answer\u201d unlocks after {after} attempt{'s' if after != 1 else ''}")
    if course.max_attempts is None:
        attempts = ((f"at most {bank.max_attempts} attempts per question earn credit"
                     if bank.max_attempts
                     else "attempts are unlimited")
                    + " (a question's own max_attempts overrides this)")
    else:
        limit = course.attempts_limit(None)
        attempts = (f"at most {limit} attempts per question earn credit" if limit
                    else "attempts are unlimited") + " (set by the course settings)"
    lock = ("a correct answer stands until the student presses \u201cStart over\u201d"
            if course.lock_when_correct else
            "a correct answer can be checked again (credit once earned is kept)")
    if after is not None:  # only where "Show answer" is offered
        lock += "; an answer checked after \u201cShow answer\u201d earns nothing"
    lines = [shown, attempts, lock,
             "hints are on where a question has them, and cost nothing" if course.hints
             else "hints are turned off for this course",
             "reflections are saved and self-assessed against the rubric; "
             + ("a written reflection counts as one correct question in scores"
                if course.reflections_count else "they never count in a score"),
             "course settings file: " + (str(course.file) if course.file
                                         else "none (the banks' own settings)")]
    if any(q.shuffle for q in bank.questions):
        lines.append("options appear in a fixed shuffled order per question; this guide lists "
                     "them in that order, lettered as on the static site")
    return lines


def describe(shown: Shown) -> str:
    """One thing a lesson shows, in words (escaped HTML), with the events it highlights."""
    if shown.kind == "timeline":
        stage = shown.option("stage")
        span = (f"stage {stage}" if stage else
                " to ".join(str(shown.option(k)) for k in ("start", "end") if shown.option(k))
                or "every event, 1972 to the latest")
        text = f"Timeline: {span}"
        if shown.events:
            text += f", highlighting {len(shown.events)} events:"
    elif shown.kind == "chart":
        chart_id = shown.args[0] if shown.args else "?"
        title = series_data.chart_spec(chart_id).title if chart_id in series_data.chart_ids() \
            else chart_id
        years = shown.option("years")
        text = f"Chart: {title} (sj.chart(\"{chart_id}\")" + (
            f", {years[0]}-{years[1]})" if years else ")")
    elif shown.kind == "explorer":
        where = ", ".join(f"{k} {v}" for k, v in shown.kwargs)
        text = "The event explorer" + (f" ({where})" if where else "")
    elif shown.kind == "data table":
        source = f"series {shown.args[0]}" if shown.args else "the chronology"
        text = f"A table computed in the notebook from {source}"
        if shown.events:
            text += ":"
    elif shown.kind == "scenario":
        text = (f"The crisis simulation (sj.scenario(\"{shown.args[0] if shown.args else '?'}"
                "\")): its map is below")
    elif shown.kind == "texts":
        text_id = shown.args[0] if shown.args else "?"
        texts = contested_texts()
        title = texts[text_id].title if text_id in texts else text_id
        text = f"Contested text, each government's wording side by side: {title} " \
               f"(sj.compare_texts(\"{text_id}\"))"
    elif shown.kind == "quiz":
        text = f"The quiz (bank {shown.args[0] if shown.args else '?'})"
    else:
        text = {"table": f"The {shown.function.replace('_', ' ')}",
                "reading": "Further reading", "progress": "The student's progress chart"}.get(
            shown.kind, shown.function)
    events = catalog.events()
    lines = [catalog.event_line(events.loc[e])
             + (f" ({events.loc[e, 'confidence']} confidence)"
                if events.loc[e, "confidence"] != "high" else "") for e in shown.events]
    return esc(text) + bullets(lines)


def essay_section(outline: Outline, banks: list[QuizBank]) -> str:
    parts = catalog.essay_parts()
    checked = list(dict.fromkeys(q.essay_part for b in banks for q in b.questions))
    rows = [(parts.loc[p, "title"], parts.loc[p, "section"],
             ", ".join(map(str, parts.loc[p, "paragraphs"])), parts.loc[p, "summary"])
            for p in checked]
    cited = ", ".join(map(str, outline.cited_paragraphs)) or "none"
    return ("<h2>The essay's paragraphs</h2>"
            f"<p>The lesson's text cites paragraph(s) {esc(cited)}. The quiz checks these "
            "parts of the essay (paragraphs counted from the opening sentence; headings are "
            "not counted):</p>"
            + table(["part", "section", "paragraphs", "in brief (our paraphrase)"], rows))


def plan_table(length: int, steps: list[tuple[int, str]]) -> str:
    rows, start = [], 0
    for minutes, activity in steps:
        rows.append((f"{start}-{start + minutes}", minutes, activity))
        start += minutes
    return (f"<h3>A {length}-minute class</h3>"
            + table(["minutes", "length", "activity"], rows, numeric=[1]))


def notes_section(notes: LessonNotes) -> str:
    plans = "".join(plan_table(length, steps) for length, steps in sorted(notes.plans.items()))
    return ("<h2>Timing</h2>" + plans
            + f"<h2>Discussion prompts</h2>{bullets(notes.discussion, ordered=True)}"
            "<h2>Common misconceptions</h2>"
            + table(["a student may read", "what the essay or the record says"],
                    notes.misconceptions))


def answer_key(bank: QuizBank) -> str:
    parts = catalog.essay_parts()["title"]
    graded = sum(q.GRADED for q in bank.questions)
    questions = "".join(q.answer_key_html(i, parts.get(q.essay_part, ""))
                        for i, q in enumerate(bank.questions, start=1))
    return (f"<h2>Answer key: {esc(bank.title)}</h2>"
            f"<p>{len(bank)} questions ({graded} graded, {len(bank) - graded} "
            f"reflection{'s' if len(bank) - graded != 1 else ''}), numbered as in the lesson. "
            f"Bank file: <code>data/quizzes/{esc(bank.id)}.yaml</code>.</p>"
            f"<h3>Quiz settings in force</h3>{bullets(settings_lines(bank))}{questions}")


def side_source(side: Side) -> Markup:
    """Whose words, how the English reached the module, and the page it was read on."""
    link = f'<a href="{esc(side.url)}">{esc(side.publisher)}</a>'
    return Markup(f"{esc(side.author)} ({esc(day_date(side.date))}). The words are "
                  f"{esc(side.kind_text)}. Read in {link}, {esc(day_date(side.published))}.")


def contested_section() -> str:
    """Every contested text the lessons show, with the source of each side's wording."""
    call = 'sj.compare_texts("{}")'.format
    rows = [(Markup(f"{esc(t.title)}<br><code>{esc(call(t.id))}</code>"),
             t.lesson, *(side_source(t.side(g)) for g in ("china", "japan")))
            for t in contested_texts().values()]
    return ("<h2>Contested texts</h2><p>Documents and exchanges that the two governments "
            "word, or read, differently. Each lesson named shows both governments' English "
            "wording side by side, quoted exactly, with where it was read, a short note on "
            "where the texts differ and how each side later read them. Edit them in "
            "<code>data/contested_texts.yaml</code>.</p>"
            + table(["text", "lesson", "China's wording", "Japan's wording"], rows))


def lesson_page(outline: Outline, notes: LessonNotes, neighbours: tuple) -> str:
    banks = [quiz_bank(b) for b in outline.banks]
    previous, following = neighbours
    nav = " \u00b7 ".join(
        ['<a href="index.html">Teacher guide</a>']
        + ([f'<a href="{lesson_file_name(previous)}">Lesson {previous}</a>'] if previous else [])
        + ([f'<a href="{lesson_file_name(following)}">Lesson {following}</a>']
           if following else []))
    shown = markup_list(describe(s) for s in outline.shown)
    body = (f'<nav aria-label="Guide">{nav}</nav>{WARNING}'
            f"<p>Notebook: <code>lessons/{esc(outline.path.name)}</code> \u00b7 a student "
            f"working alone needs about {outline.minutes} minutes (the notebook's estimate).</p>"
            f'<p>The answer key on one page: <a href="{key_file_name(outline.id)}">'
            f"{esc(key_file_name(outline.id))}</a> (to print).</p>"
            f"<h2>Objectives</h2><p>From the notebook: by the end of the lesson students "
            f"will be able to</p>{markup_list(inline_markdown(o) for o in outline.objectives)}"
            + notes_section(notes) + essay_section(outline, banks)
            + f"<h2>What the lesson shows</h2>{shown}" + scenarios_section(outline)
            + "".join(answer_key(b) for b in banks) + code_checks_section(banks))
    return page(outline.title, body, head=GUIDE_CSS + STATIC_CSS + KEY_CSS)


def index_page(lessons: dict[str, Outline]) -> str:
    rows = [(Markup(f'<a href="{lesson_file_name(lesson_id)}">{esc(outline.title)}</a>'),
             outline.minutes, sum(len(quiz_bank(b)) for b in outline.banks),
             ", ".join(map(str, outline.cited_paragraphs)),
             Markup(f'<a href="{key_file_name(lesson_id)}">one page</a>'))
            for lesson_id, outline in lessons.items()]
    body = (
        WARNING + f"<p>The lessons teach {esc(catalog.essay_citation())}</p>"
        "<p>Each lesson's page gives its objectives, a plan for a 50- and a 90-minute class, "
        "the essay paragraphs it covers, what it shows (timelines, charts and their events), "
        "discussion prompts, common misconceptions, the quiz settings in force and the "
        "answer key: every question with its answer, why each wrong option is wrong, hints, "
        "explanation, paragraph, tolerance, and for reflections a model answer and rubric. "
        "Each page prints on its own.</p>"
        + table(["lesson", "minutes alone", "questions", "paragraphs cited", "answer key"], rows,
                numeric=[1, 2])
        + contested_section()
        + "<p>Built from the content files by <code>python3 tasks.py guide</code>: edit "
        "<code>data/teaching.yaml</code> (plans, prompts, misconceptions), the notebooks "
        "(objectives) or <code>data/quizzes/</code>, then build it again.</p>")
    return page("Teacher guide", body, head=GUIDE_CSS)


def write_guide(out: str | Path = "build/instructor") -> list[Path]:
    """Write the guide's index and one page per lesson into `out`; returns the paths."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    lessons, notes = outlines(), teaching_notes()
    ids = list(lessons)
    written = [out / "index.html"]
    written[0].write_text(index_page(lessons), encoding="utf-8")
    for position, lesson_id in enumerate(ids):
        neighbours = (ids[position - 1] if position else None,
                      ids[position + 1] if position + 1 < len(ids) else None)
        path = out / lesson_file_name(lesson_id)
        path.write_text(lesson_page(lessons[lesson_id], notes[lesson_id], neighbours),
                        encoding="utf-8")
        written.append(path)
        key = out / key_file_name(lesson_id)
        key.write_text(answer_key_page(lessons[lesson_id].title,
                                       [quiz_bank(b) for b in lessons[lesson_id].banks],
                                       lesson_file_name(lesson_id)), encoding="utf-8")
        written.append(key)
    return written


def main(argv: list[str]) -> int:
    from sinojapan.content.files import DataError

    if argv and argv[0] in ("-h", "--help"):
        print(__doc__)
        return 2
    try:
        written = write_guide(argv[0] if argv else "build/instructor")
    except DataError as error:
        print(f"teacher guide not written: {error}", file=sys.stderr)
        return 1
    lessons = [p for p in written[1:] if not p.name.endswith("-key.html")]
    print(f"wrote the teacher guide: {written[0]}, {len(lessons)} lesson page(s) and "
          f"{len(written) - 1 - len(lessons)} one-page answer key(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
