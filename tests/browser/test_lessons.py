"""A student opens every lesson in JupyterLab, runs it, sees its charts and its quiz, and
answers a question."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

import sinojapan as sj

from helpers import LESSONS
from lab import error_outputs, open_lesson, run_all_cells, screenshot

CHART_CALLS = ("sj.timeline(", "sj.chart(", "sj.progress_chart(", "sj.explorer(")


def chart_cells(path) -> int:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return sum(1 for c in cells if c["cell_type"] == "code"
               and "".join(c["source"]).lstrip().startswith(CHART_CALLS))


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name[:2])
def test_lesson_runs_shows_charts_and_quiz_and_takes_an_answer(lab_server, page, path):
    open_lesson(page, lab_server, path.name)
    run_all_cells(page)
    assert error_outputs(page) == []
    expect(page.locator(".jp-NotebookPanel .js-plotly-plot")).to_have_count(
        chart_cells(path), timeout=30_000)

    bank = sj.quiz_bank(path.name[:2])
    expect(page.locator(".sj-question")).to_have_count(len(bank.questions))
    question = next(q for q in bank.questions if q.TYPE == "single")
    box = page.locator(f".sj-q-{question.id}")
    box.scroll_into_view_if_needed()
    box.locator("label", has_text=question.solution_text()).click()
    box.get_by_role("button", name="Check").click()
    expect(box.locator(".sj-feedback")).to_contain_text("Correct.")
    screenshot(page, f"lesson-{path.name[:2]}-answered")
