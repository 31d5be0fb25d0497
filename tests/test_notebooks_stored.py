"""Lessons are committed clean: no outputs, no execution counts, no widget state."""

from __future__ import annotations

import json
import re

import pytest

from helpers import LESSONS


def test_there_are_lessons():
    assert any(path.name == "00-start-here.ipynb" for path in LESSONS)


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_lesson_is_stored_without_outputs(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    assert re.fullmatch(r"\d\d-[a-z0-9-]+\.ipynb", path.name)
    assert "widgets" not in notebook.get("metadata", {}), "widget state is stored"
    assert notebook["metadata"]["kernelspec"]["name"] == "python3"
    for number, cell in enumerate(notebook["cells"]):
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [], f"cell {number} has stored output"
            assert cell.get("execution_count") is None, f"cell {number} has an execution count"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_lesson_states_time_and_objectives(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    text = "\n".join("".join(c["source"]) for c in notebook["cells"]
                     if c["cell_type"] == "markdown")
    assert re.search(r"\*\*Estimated time:\*\* \d+ minutes", text)
    assert "you will be able to" in text
    assert "## Summary" in text and "## Further reading" in text
