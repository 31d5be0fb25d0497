"""The student's saved attempts and reflections: durable, never lost.

One JSON file (default: the user's data folder; $SINOJAPAN_PROGRESS overrides it with a
file path, or a folder to hold progress.json, e.g. on a class's shared drive).

- Every change is a read-modify-write of one question's record under an exclusive lock,
  so two notebooks open at once keep each other's answers.
- Writes go to a temporary file that replaces the old one atomically: a crash leaves the
  old file or the new one, never half of one.
- A file that cannot be read is moved aside (never overwritten or dropped) with a visible
  warning, and a fresh file is started.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import time
import warnings
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

PROGRESS_ENV = "SINOJAPAN_PROGRESS"
FORMAT_VERSION = 1


class ProgressWarning(UserWarning):
    """Something happened to the progress file that the student should know about."""


def default_path() -> Path:
    override = os.environ.get(PROGRESS_ENV)
    if override:
        path = Path(override).expanduser()
        return path / "progress.json" if path.is_dir() or not path.suffix else path
    from platformdirs import user_data_dir

    return Path(user_data_dir("sinojapan-lessons", appauthor=False)) / "progress.json"


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive lock held across processes, on a sidecar file next to `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "a+b") as handle:
        if os.name == "nt":
            import msvcrt

            handle.seek(0)
            while True:
                try:
                    msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK, 1)
                    break
                except OSError:
                    time.sleep(0.05)
            try:
                yield
            finally:
                handle.seek(0)
                msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Progress:
    """Saved answers: progress.record(bank, question, ...) and progress.get(bank, question)."""

    def __init__(self, path: Path | str | None = None):
        self.path = Path(path) if path else default_path()
        self.notices: list[str] = []  # what the student should be told (shown by widgets)

    # -- reading and writing the file
    def _read(self) -> dict:
        """The file's content; a corrupt file is moved aside. Call with the lock held."""
        if not self.path.exists():
            return {"version": FORMAT_VERSION, "answers": {}}
        try:
            content = json.loads(self.path.read_text(encoding="utf-8"))
            if not isinstance(content, dict) or not isinstance(content.get("answers"), dict):
                raise ValueError("not a progress file (no 'answers' mapping)")
            return content
        except (ValueError, UnicodeDecodeError) as error:
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
            aside = self.path.with_name(f"{self.path.stem}.unreadable-{stamp}{self.path.suffix}")
            os.replace(self.path, aside)
            notice = (f"Your progress file {self.path} could not be read ({error}). It was "
                      f"kept as {aside.name} (nothing was deleted) and a new one was started; "
                      "your instructor can help recover it.")
            self.notices.append(notice)
            warnings.warn(notice, ProgressWarning, stacklevel=3)
            return {"version": FORMAT_VERSION, "answers": {}}

    def _write(self, content: dict) -> None:
        """Atomic: write a temporary file beside the target, flush it, then replace."""
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".progress-",
                                             suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump(content, stream, ensure_ascii=False, indent=1, sort_keys=True)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, self.path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
            raise

    def load(self) -> dict:
        with _locked(self.path):
            return self._read()

    # -- questions
    def get(self, bank: str, question: str) -> dict | None:
        return self.load()["answers"].get(bank, {}).get(question)

    def bank(self, bank: str) -> dict[str, dict]:
        return self.load()["answers"].get(bank, {})

    def _change(self, bank: str, question: str, change) -> dict:
        """Apply `change` to one question's record, under the lock; returns the record."""
        with _locked(self.path):
            content = self._read()
            record = content["answers"].setdefault(bank, {}).setdefault(question, {
                "attempts": 0, "history": [], "hints_shown": 0, "revealed": False})
            change(record)
            record["updated"] = _now()
            self._write(content)
            return record

    def update(self, bank: str, question: str, **changes: Any) -> dict:
        return self._change(bank, question, lambda record: record.update(changes))

    def record_attempt(self, bank: str, question: str, answer: Any, score: float,
                       correct: bool, feedback: str, essay_part: str, kind: str = "",
                       details: list[str] | None = None) -> dict:
        def attempt(record: dict) -> None:
            record["attempts"] += 1
            record.update(answer=answer, score=score, correct=correct, feedback=feedback,
                          essay_part=essay_part, kind=kind, details=details or [])
            record["best_score"] = max(score, record.get("best_score", 0.0))
            record["history"].append({"time": _now(), "answer": answer, "score": score})

        return self._change(bank, question, attempt)

    def forget(self, bank: str, question: str) -> dict:
        """Start a question over; its history of attempts is kept."""
        def reset(record: dict) -> None:
            for key in ("answer", "score", "correct", "feedback", "details", "self_check"):
                record.pop(key, None)
            record.update(attempts=0, hints_shown=0, revealed=False)

        return self._change(bank, question, reset)

    # -- overview and export
    def table(self):
        """One row per answered question: lesson, question, essay part, attempts, score."""
        import pandas as pd

        rows = [
            {"lesson": bank, "question": question, "essay_part": record.get("essay_part", ""),
             "attempts": record.get("attempts", 0), "score": record.get("score"),
             "best_score": record.get("best_score"), "correct": record.get("correct"),
             "updated": record.get("updated")}
            for bank, questions in sorted(self.load()["answers"].items())
            for question, record in sorted(questions.items())
        ]
        columns = ["lesson", "question", "essay_part", "attempts", "score", "best_score",
                   "correct", "updated"]
        frame = pd.DataFrame(rows, columns=columns)
        frame["updated"] = pd.to_datetime(frame["updated"])
        return frame

    def overview(self, table=None) -> dict:
        """Scores summed by lesson and by essay part (pandas DataFrames), with how many
        questions each has in the question banks and the score as a percentage of them.
        `table` is `self.table()`, when the caller has it already."""
        answers = self.table() if table is None else table
        answers = answers[answers["score"].notna()].astype({"correct": bool})
        totals = _question_counts(set(answers["lesson"]))

        def summary(by: str):
            grouped = answers.groupby(by, observed=True)
            frame = grouped.agg(answered=("question", "size"), correct=("correct", "sum"),
                                score=("score", "sum"), attempts=("attempts", "sum"))
            known = frame.index.map(lambda key: totals[by].get(key, 0))
            frame["questions"] = [max(k, a) for k, a in zip(known, frame["answered"],
                                                            strict=True)]
            frame["percent"] = (100 * frame["score"] / frame["questions"]).round(1)
            return frame

        return {"by_lesson": summary("lesson"), "by_essay_part": summary("essay_part")}

    def export(self, folder: Path | str = ".", student: str = "") -> dict[str, Path]:
        """Write progress.csv and progress.html (a readable report to hand in)."""
        import html

        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        table = self.table()
        overview = self.overview(table)
        paths = {"csv": folder / "progress.csv", "html": folder / "progress.html"}
        table.to_csv(paths["csv"], index=False)
        title = "Progress report" + (f": {html.escape(student)}" if student else "")
        sections = [
            f"<h2>By lesson</h2>{overview['by_lesson'].to_html()}",
            f"<h2>By part of the essay</h2>{overview['by_essay_part'].to_html()}",
            f"<h2>Every answer</h2>{table.to_html(index=False, na_rep='')}",
        ]
        reflections = [
            f"<h3>{html.escape(bank)} / {html.escape(question)}</h3>"
            f"<p>{html.escape(str(record.get('answer', '')))}</p>"
            for bank, questions in sorted(self.load()["answers"].items())
            for question, record in sorted(questions.items())
            if record.get("kind") == "reflection" and record.get("answer")
        ]
        if reflections:
            sections.append("<h2>Reflections</h2>" + "".join(reflections))
        paths["html"].write_text(
            f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{title}"
            f"</title></head><body><h1>{title}</h1><p>Ming Wan's essay, sinojapan-lessons; "
            f"exported {_now()}.</p>{''.join(sections)}</body></html>", encoding="utf-8")
        return paths


def progress_chart(store: Progress | None = None):
    """A chart of the score by lesson and by essay part, with the numbers on the bars and
    the same numbers as text under it."""
    from .display import Chart

    store = store or Progress()
    overview = store.overview()
    lines = [f"{key.replace('by_', 'By ').replace('_', ' ')}:" + "".join(
        f"\n  {name}: {row['percent']:.0f}% (score {row['score']:.3g} of "
        f"{row['questions']:.0f} questions; {row['answered']:.0f} answered, "
        f"{row['correct']:.0f} correct)"
        for name, row in overview[key].iterrows()) for key in ("by_lesson", "by_essay_part")]
    text = "\n".join(lines) if not overview["by_lesson"].empty else "No answers saved yet."
    return Chart(figure=progress_figure(store), text=text,
                 source=f"Your progress file: {store.path}")


def _question_counts(banks: set[str]) -> dict[str, dict[str, int]]:
    """How many questions each answered bank has, overall and per essay part."""
    from . import data

    by_lesson: dict[str, int] = {}
    by_part: dict[str, int] = {}
    for bank_id in sorted(banks):
        try:
            bank = data.quiz_bank(bank_id)
        except data.DataError:  # a bank removed since: count what was answered
            continue
        by_lesson[bank_id] = len(bank.questions)
        for question in bank.questions:
            by_part[question.essay_part] = by_part.get(question.essay_part, 0) + 1
    return {"lesson": by_lesson, "essay_part": by_part}


def progress_figure(store: Progress | None = None):
    """A Plotly chart of the score by lesson and by essay part, with the numbers on bars."""
    from plotly.subplots import make_subplots

    overview = (store or Progress()).overview()
    lessons, parts = overview["by_lesson"], overview["by_essay_part"]
    part_titles = _part_titles()
    rows = max(len(lessons), len(parts), 1)
    figure = make_subplots(rows=1, cols=2, horizontal_spacing=0.35,
                           subplot_titles=("By lesson", "By part of the essay"))
    for column, frame, labels in (
            (1, lessons, [f"Lesson {b}" if b.isdigit() else b for b in lessons.index]),
            (2, parts, [part_titles.get(p, p) for p in parts.index])):
        figure.add_bar(
            y=labels, x=frame["percent"], orientation="h", showlegend=False,
            text=[f"{p:.0f}% ({s:.3g} of {n})" for p, s, n in
                  zip(frame["percent"], frame["score"], frame["questions"], strict=True)],
            textposition="outside", textfont={"size": 12}, cliponaxis=False,
            marker_color="#0072B2", row=1, col=column,
            hovertemplate="%{y}: %{x:.0f}% of the questions<extra></extra>")
        figure.update_xaxes(range=[0, 135], title_text="% of the questions",
                            row=1, col=column)
        figure.update_yaxes(autorange="reversed", row=1, col=column)
    figure.update_layout(title="Your progress", height=200 + 34 * rows,
                         uniformtext={"minsize": 12, "mode": "show"},
                         margin={"t": 80, "l": 10, "r": 10})
    if overview["by_lesson"].empty:
        figure.update_xaxes(visible=False)
        figure.update_yaxes(visible=False)
        figure.update_layout(height=200, annotations=[])
        figure.add_annotation(text="No answers saved yet: answer a quiz, then run this again.",
                              showarrow=False, xref="paper", yref="paper", x=0.5, y=0.5,
                              font={"size": 14})
    return figure


def _part_titles() -> dict[str, str]:
    from . import data

    return data.essay_parts()["title"].to_dict()


def progress_table():
    """Every saved answer: lesson, question, essay part, attempts, score, when."""
    return Progress().table()


def export_progress(folder: Path | str = ".", student: str = "") -> dict[str, Path]:
    """Write progress.csv and progress.html to `folder` (default: the current folder)."""
    return Progress().export(folder, student)
