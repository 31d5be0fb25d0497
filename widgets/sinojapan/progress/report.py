"""Reports on a student's saved progress: a table of answers, scores by lesson and by
part of the essay, a chart, and the files to hand in (progress.csv, progress.html)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sinojapan.content import catalog
from sinojapan.content.files import DataError
from sinojapan.course.banks import quiz_bank
from sinojapan.pictures.display import Chart, new_spec, static_export
from sinojapan.progress import scoring
from sinojapan.progress.page import progress_page
from sinojapan.progress.store import Progress
from sinojapan.progress.submissions import write_submission

COLUMNS = ["lesson", "question", "essay_part", "graded", "scored", "answered", "credit",
           "correct",
           "first_try_correct", "attempts", "hints_used", "revealed", "updated"]


def self_assessed(record: dict) -> bool:
    """A record of a question that is not graded (a reflection)."""
    return not scoring.graded_kind(record.get("kind", ""))


def answers_table(store: Progress, answers: dict | None = None) -> pd.DataFrame:
    """One row per question with a record: lesson, question, essay part, whether it is
    graded, what it earned by the scoring rule (scoring.py), first-try correctness,
    attempts in all, hints used and reveals. `answers` is `store.load()["answers"]`,
    when the caller has it already."""
    answers = store.load()["answers"] if answers is None else answers
    rows = [
        {"lesson": bank, "question": question, "essay_part": record.get("essay_part", ""),
         "graded": not self_assessed(record),
         "scored": scoring.counts_in_score(not self_assessed(record)),
         "answered": scoring.answered(record),
         "credit": scoring.earned(record, not self_assessed(record)),
         "correct": scoring.earned(record, not self_assessed(record)) >= 1.0 - 1e-9,
         "first_try_correct": record.get("first_try_correct"),
         "attempts": record.get("total_attempts", len(record.get("history", []))),
         "hints_used": max(record.get("hints_used", 0), record.get("hints_shown", 0)),
         "revealed": bool(record.get("revealed")), "updated": record.get("updated")}
        for bank, questions in sorted(answers.items())
        for question, record in sorted(questions.items())
    ]
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["updated"] = pd.to_datetime(frame["updated"])
    return frame.astype({"graded": bool, "scored": bool, "answered": bool, "correct": bool,
                         "revealed": bool})


def _question_counts(banks: set[str]) -> dict[str, dict[str, int]]:
    """How many graded questions each answered bank has, overall and per essay part."""
    by_lesson: dict[str, int] = {}
    by_part: dict[str, int] = {}
    for bank_id in sorted(banks):
        try:
            bank = quiz_bank(bank_id)
        except DataError:  # a bank removed since: count what was answered
            continue
        graded = [q for q in bank.questions if scoring.counts_in_score(q.GRADED)]
        by_lesson[bank_id] = len(graded)
        for question in graded:
            by_part[question.essay_part] = by_part.get(question.essay_part, 0) + 1
    return {"lesson": by_lesson, "essay_part": by_part}


def overview(store: Progress, table: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """Graded questions by lesson and by essay part, counted by the scoring rule (the
    footer under each quiz counts the same way): answered, correct, score (credit summed),
    attempts, how many graded questions the banks have, and the score as a percentage of
    them. Reflections are not graded: `reflections` counts those written, by lesson.
    `table` is `answers_table(store)`, when the caller has it already."""
    every = answers_table(store) if table is None else table
    written = every[~every["graded"] & every["answered"]].groupby("lesson").size()
    answers = every[every["scored"] & every["answered"]]
    totals = _question_counts(set(every["lesson"]))

    def summary(by: str) -> pd.DataFrame:
        grouped = answers.groupby(by, observed=True)
        frame = grouped.agg(answered=("question", "size"), correct=("correct", "sum"),
                            score=("credit", "sum"), attempts=("attempts", "sum"))
        known = frame.index.map(lambda key: totals[by].get(key, 0))
        frame["questions"] = [max(k, a) for k, a in zip(known, frame["answered"], strict=True)]
        frame["percent"] = (100 * frame["score"] / frame["questions"]).round(1)
        return frame

    by_lesson = summary("lesson")
    by_lesson["reflections"] = written.reindex(by_lesson.index).fillna(0).astype(int)
    return {"by_lesson": by_lesson, "by_essay_part": summary("essay_part")}


def export_report(store: Progress, folder: Path | str = ".",
                  student: str = "") -> dict[str, Path]:
    """Write progress.csv (one row per saved answer) and progress.html (readable: each
    lesson's questions in order with the student's answer and its result)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    answers = store.load()["answers"]
    paths = {"csv": folder / "progress.csv", "html": folder / "progress.html"}
    answers_table(store, answers).to_csv(paths["csv"], index=False)
    paths["html"].write_text(progress_page(answers, student), encoding="utf-8")
    return paths


# The two panels side by side, as plotly's make_subplots(rows=1, cols=2,
# horizontal_spacing=0.35) lays them out: each a third of the width, titles above.
PANELS = (("x", "y", [0.0, 0.325], "By lesson"),
          ("x2", "y2", [0.675, 1.0], "By part of the essay"))


def progress_figure_spec(store: Progress | None = None, summary: dict | None = None) -> dict:
    """A chart of the score by lesson and by essay part, numbers on the bars, as a figure
    spec (see display.new_spec)."""
    summary = overview(store or Progress()) if summary is None else summary
    lessons, parts = summary["by_lesson"], summary["by_essay_part"]
    part_titles = catalog.essay_parts()["title"].to_dict()
    rows = max(len(lessons), len(parts), 1)
    spec = new_spec(title={"text": "Your progress"}, height=200 + 34 * rows,
                    uniformtext={"minsize": 12, "mode": "show"},
                    margin={"t": 80, "l": 10, "r": 10}, annotations=[])
    layout = spec["layout"]
    for (x, y, domain, title), frame, labels in zip(PANELS, (lessons, parts), (
            [f"Lesson {b}" if b.isdigit() else b for b in lessons.index],
            [part_titles.get(p, p) for p in parts.index]), strict=True):
        spec["data"].append({
            "type": "bar", "y": labels, "x": list(frame["percent"]), "orientation": "h",
            "showlegend": False, "xaxis": x, "yaxis": y, "cliponaxis": False,
            "text": [f"{p:.0f}% ({s:.3g} of {n})" for p, s, n in
                     zip(frame["percent"], frame["score"], frame["questions"], strict=True)],
            "textposition": "outside", "textfont": {"size": 12},
            "marker": {"color": "#0072B2"},
            "hovertemplate": "%{y}: %{x:.0f}% of the questions<extra></extra>"})
        shown = not lessons.empty
        layout[x.replace("x", "xaxis")] = {
            "anchor": y, "domain": domain, "range": [0, 135], "visible": shown,
            "title": {"text": "% of the questions"}}
        layout[y.replace("y", "yaxis")] = {"anchor": x, "domain": [0.0, 1.0],
                                           "autorange": "reversed", "visible": shown}
        if shown:
            layout["annotations"].append({
                "text": title, "x": sum(domain) / 2, "xanchor": "center", "xref": "paper",
                "y": 1.0, "yanchor": "bottom", "yref": "paper", "showarrow": False,
                "font": {"size": 16}})
    if lessons.empty:
        layout["height"] = 200
        layout["annotations"].append({
            "text": "No answers saved yet: answer a quiz, then run this again.",
            "showarrow": False, "xref": "paper", "yref": "paper", "x": 0.5, "y": 0.5,
            "font": {"size": 14}})
    return spec


def progress_chart(store: Progress | None = None) -> Chart:
    """A chart of the score by lesson and by essay part, with the numbers on the bars and
    the same numbers as text under it."""
    store = store or Progress()
    summary = overview(store)
    lines = [f"{key.replace('by_', 'By ').replace('_', ' ')}:" + "".join(
        f"\n  {name}: {row['percent']:.0f}% (score {row['score']:.3g} of "
        f"{row['questions']:.0f} questions; {row['answered']:.0f} answered, "
        f"{row['correct']:.0f} correct)"
        for name, row in summary[key].iterrows()) for key in ("by_lesson", "by_essay_part")]
    text = "\n".join(lines) if not summary["by_lesson"].empty else "No answers saved yet."
    source = ("Your progress, when you run this notebook yourself; this page shows no one's."
              if static_export() else f"Your progress file: {store.path}")
    return Chart(figure=progress_figure_spec(store, summary), text=text, source=source)


def progress_table() -> pd.DataFrame:
    """Every saved answer: lesson, question, essay part, attempts, score, when."""
    return answers_table(Progress())


def export_progress(folder: Path | str = ".", student: str = "",
                    lessons: list[str] | None = None) -> dict[str, Path]:
    """Write the files to hand in to `folder` (default: the current folder): the
    submission file for the instructor's class report, `submission-<student>.json` (every
    record, the student's name, the lessons (default: those answered) and the module's
    version), and beside it progress.html (readable) and progress.csv. Returns their paths
    by kind: 'submission', 'html', 'csv'."""
    if not str(student).strip():
        raise ValueError("Give your name, as your instructor asked for it: "
                         "sj.export_progress(student=\"Your Name\")")
    store = Progress()
    paths = export_report(store, folder, student)
    return {"submission": write_submission(store, folder, student, lessons), **paths}
