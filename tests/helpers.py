"""Small helpers shared by the tests."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LESSONS = sorted((REPO / "lessons").glob("*.ipynb"))


def fresh_venv(path: Path, python: str = sys.executable) -> Path:
    """A new virtual environment with pip; returns its python."""
    subprocess.run([python, "-m", "venv", str(path)], check=True)
    return path / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def install(venv_python: Path, *args: str) -> None:
    """Install into a venv with uv when there is one (seconds), else pip."""
    uv = shutil.which("uv") or str(Path(sys.executable).with_name("uv"))
    if Path(uv).exists():
        command = [uv, "pip", "install", "--python", str(venv_python), "--compile-bytecode", *args]
    else:
        command = [str(venv_python), "-m", "pip", "install", "--quiet", *args]
    subprocess.run(command, check=True, cwd=REPO)


def synthetic_events(n: int, seed: int = 0):
    """`n` made-up events shaped like `sinojapan.events()`, for timing and scaling tests
    only: real rows resampled, with random days between 1972 and the latest real event
    and the stage that each day falls in. Never shown to students."""
    import numpy as np
    import pandas as pd

    import sinojapan as sj

    real, stages = sj.events(), sj.stages()
    rng = np.random.default_rng(seed)
    rows = real.iloc[rng.integers(0, len(real), n)].copy()
    first, last = pd.Timestamp("1972-01-01"), real["date_end"].max()
    dates = first + pd.to_timedelta(rng.integers(0, (last - first).days + 1, n), unit="D")
    rows["date"] = rows["date_end"] = dates
    rows["date_precision"] = pd.Categorical(["day"] * n,
                                            categories=real["date_precision"].cat.categories)
    stage_index = np.searchsorted(stages["start"].to_numpy(), dates.to_numpy(), side="right") - 1
    rows["stage"] = pd.Categorical(stages.index[stage_index], categories=stages.index)
    rows.index = pd.Index([f"synthetic-{i}" for i in range(n)], name="id")
    return rows.sort_values("date", kind="stable")


def answer_texts(question) -> list[str]:
    """What gives a question's answer away, as its type says (`Question.giveaways`)."""
    return question.giveaways()


def wrong_answer(question):
    """An answer, in the progress file's form, that `question` grades below full credit
    (None if none of a few generic tries is one)."""
    solution = question.answer_to_json(question.solution())
    tries = [0, 1, 2, 3, [0], [1, 2], "1900", "nonsense", "1", ["nonsense"] * 4,
             {"value": False, "justification": "a guess"},
             {"value": True, "justification": "a guess"},
             {str(i): "nonsense" for i in range(12)}]
    if isinstance(solution, list) and len(solution) > 1:
        tries.insert(0, list(reversed(solution)))
    for stored in tries:
        try:
            if question.check(question.answer_from_json(stored)).score < 1:
                return stored
        except Exception:  # not an answer this type takes: try the next
            continue
    return None


def synthetic_class(folder: Path, banks: list, students: int, seed: int = 0) -> list[Path]:
    """Submission files for `students` made-up students who answer every question of
    `banks` (QuizBank objects): some right first, some wrong then right, some wrong and
    shown the answer; reflections written and rubric points ticked. For tests and timing."""
    import json
    import random

    from sinojapan.progress import scoring, submissions

    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for number in range(students):
        answers: dict = {}
        for bank in banks:
            for question in bank.questions:
                record = {"attempts": 0, "history": [], "hints_shown": 0, "revealed": False,
                          "essay_part": question.essay_part, "kind": question.TYPE,
                          "updated": "2024-05-01T10:00:00+00:00"}
                right = question.answer_to_json(question.solution())
                wrong = wrong_answer(question)
                plan = rng.choice(["right", "wrong-right", "wrong-shown", "skip"])
                if plan == "skip":
                    continue
                if plan != "right" and wrong is not None:
                    score = question.check(question.answer_from_json(wrong)).score
                    scoring.after_attempt(record, answer=wrong, score=score, correct=False,
                                          feedback="", details=[], kept_answer=wrong)
                if plan == "wrong-shown":
                    scoring.after_reveal(record)
                scoring.after_attempt(record, answer=right, score=1.0, correct=True,
                                      feedback="", details=[], kept_answer=right)
                if not question.GRADED:
                    record["self_check"] = [0]
                answers.setdefault(bank.id, {})[question.id] = record
        document = {"version": 1, "answers": answers}
        path = folder / f"submission-student-{number:03d}.json"
        path.write_text(json.dumps(submissions.submission(document, f"Student {number:03d}")),
                        encoding="utf-8")
        written.append(path)
    return written


def check_answer(store, bank: str, question_id: str, stored) -> dict:
    """Check `stored` (an answer in the progress file's form) and save it, as the quiz does."""
    import sinojapan as sj

    question = sj.quiz_bank(bank).question(question_id)
    result = question.check(question.answer_from_json(stored))
    return store.record_attempt(bank, question.id, stored, result.score, result.correct,
                                result.feedback, question.essay_part, question.TYPE,
                                result.details)


def page_weight(page: Path) -> tuple[int, list[str]]:
    """(bytes of a static page and every script it loads, the scripts' sources): what a
    browser reads to show it. A script from the network counts as missing, so a test of
    the weight also fails on it."""
    import re

    sources = re.findall(r'<script[^>]*\ssrc="([^"]+)"', page.read_text(encoding="utf-8"))
    size = page.stat().st_size
    for source in sources:
        local = page.parent / source
        size += local.stat().st_size if "://" not in source and local.exists() else 10**9
    return size, sources


# Set before a page loads: records, on the page's own clock (from the start of navigation),
# when the first plotly chart has its SVG.
FIRST_CHART_WATCH = """window.sjFirstChart = null;
new MutationObserver(function (changes, watch) {
  if (document.querySelector('.js-plotly-plot .main-svg')) {
    window.sjFirstChart = performance.now(); watch.disconnect(); }
}).observe(document, {childList: true, subtree: true});"""


def first_chart_seconds(browser, page: Path, repeat: int = 3) -> list[float]:
    """Seconds from opening `page` from disk (network blocked, a fresh browser context each
    time) to its first chart drawn, `repeat` times."""
    times = []
    for _ in range(repeat):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.route("**/*", lambda route: route.continue_()
                      if route.request.url.startswith("file://") else route.abort())
        context.add_init_script(FIRST_CHART_WATCH)
        tab = context.new_page()
        tab.goto(page.as_uri())
        tab.wait_for_function("window.sjFirstChart !== null", timeout=30_000)
        times.append(tab.evaluate("window.sjFirstChart") / 1000)
        context.close()
    return times


def drawn(board, question_id: str) -> dict:
    """A question's state as the quiz component last sent it to the browser (what the
    student sees: its input, buttons, messages, self-check and timeline)."""
    return next(q for q in board.state["questions"] if q["id"] == question_id)


def buttons(board, question_id: str) -> list[str]:
    """The labels of the buttons the browser draws for a question, in order."""
    return [b["label"] for b in drawn(board, question_id)["buttons"]]


def greyed(board, question_id: str) -> list[str]:
    """The labels of a question's buttons the browser draws greyed out (disabled)."""
    return [b["label"] for b in drawn(board, question_id)["buttons"] if b["disabled"]]
