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
    """What gives a question's answer away, as its bank writes it: the explanation, hints,
    the feedback on each option or answer, a reflection's model answer and rubric, and the
    answer in words where it is not one of the choices the student sees (a number with its
    tolerance, the filled-in sentence, the placed event's stage or year). Where the choices
    themselves make the answer (options, an order, pairs), the key is how they are marked
    or arranged, which the tests check by type."""
    from sinojapan import question_types as types

    texts = [question.explanation, *question.hints]
    texts += [o.feedback for o in getattr(question, "options", [])]
    texts += [getattr(question, name, "") for name in
              ("feedback_true", "feedback_false", "model_answer")]
    texts += getattr(question, "rubric", [])
    if isinstance(question, types.Numeric | types.Cloze | types.Placement):
        texts.append(question.solution_text())
    return [t for t in dict.fromkeys(texts) if t and len(t) > 3]
