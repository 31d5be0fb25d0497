"""A student opens every lesson in JupyterLab, runs it, sees its charts and its quiz, and
answers a question; then lesson 00 in detail: the stage table, a wrong and a right
answer, and the progress chart re-run."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

import sinojapan as sj
from sinojapan.quizzes.reviews import REVIEW_SIZE

from helpers import LESSONS
from lab import error_outputs, open_lesson, run_all_cells, screenshot

CHART_CALLS = ("sj.timeline(", "sj.chart(", "sj.progress_chart(", "sj.explorer(")


def questions_shown(path) -> int:
    """How many question boxes a lesson shows: its whole quiz, any question it shows on
    its own beside an exercise (lesson 08's code checks), and the final review (09)."""
    number = path.name[:2]
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    whole = code.count(f'sj.quiz("{number}")') * len(sj.quiz_bank(number).questions)
    review = code.count("sj.final_review()") * REVIEW_SIZE
    return whole + code.count(f'sj.quiz("{number}", "') + review


# Each figure's margins as asked and as drawn, but for a range slider's figure: the slider
# always widens its margin.
MARGINS = """plots => plots.filter(p => !(p._fullLayout.xaxis.rangeslider || {}).visible)
    .map(p => [p.layout.title.text || '', p.layout.margin || {},
               (({l, r, t, b}) => ({l, r, t, b}))(p._fullLayout._size)])"""


def widened_margins(page) -> list[str]:
    """The figures whose labels did not fit the margins they ask for: plotly.js then
    widens a margin and draws the figure again (and JupyterLab makes its PNG copy of
    each), which made each of the module's figures cost twice a plain chart."""
    drawn = page.locator(".jp-NotebookPanel .js-plotly-plot").evaluate_all(MARGINS)
    return [f"{title}: {side} {asked.get(side)} drawn as {size[side]}"
            for title, asked, size in drawn for side in "lrtb"
            if side in asked and size[side] != asked[side]]


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
    assert widened_margins(page) == []

    bank = sj.quiz_bank(path.name[:2])
    expect(page.locator(".sj-question")).to_have_count(questions_shown(path))
    question = next(q for q in bank.questions if q.TYPE == "single")
    box = page.locator(f".sj-q-{question.id}")
    box.scroll_into_view_if_needed()
    box.locator("label", has_text=question.solution_text()).click()
    box.get_by_role("button", name="Check").click()
    expect(box.locator(".sj-feedback")).to_contain_text("Correct.")
    screenshot(page, f"lesson-{path.name[:2]}-answered")


def test_lesson_00_runs_in_jupyterlab_and_shows_the_stages(lab_server, page):
    open_lesson(page, lab_server, "00-start-here.ipynb")
    run_all_cells(page)
    assert error_outputs(page) == []
    table = page.locator(".jp-OutputArea-output table", has_text="Events in the module")
    expect(table).to_be_visible()
    expect(table).to_contain_text("Security as a non-issue")
    expect(table).to_contain_text("Multilateralization")
    expect(table.locator("caption")).to_contain_text("interpretation")
    table.scroll_into_view_if_needed()
    screenshot(page, "lesson-00-stages")


def test_lesson_00_quiz_answers_and_progress_chart(lab_server, page):
    open_lesson(page, lab_server, "00-start-here.ipynb")
    run_all_cells(page)
    box = page.locator(".sj-q-s00-publisher")
    box.scroll_into_view_if_needed()
    box.locator("label", has_text="Stanford University Press").click()
    box.get_by_role("button", name="Check").click()
    expect(box.locator(".sj-feedback")).to_contain_text("Not quite.")
    expect(box.locator(".sj-feedback")).to_contain_text("earlier book")
    box.locator("label", has_text="The Tokyo Foundation").click()
    box.get_by_role("button", name="Check").click()
    expect(box.locator(".sj-feedback")).to_contain_text("Correct.")
    expect(page.locator(".sj-score")).to_contain_text("1 of 5 correct")
    chart = page.locator(".js-plotly-plot").last
    expect(chart).to_be_visible()
    expect(chart).to_contain_text("No answers saved yet")  # it ran before the answers
    cell = page.locator(".jp-CodeCell", has_text="sj.progress_chart()")
    cell.locator(".jp-InputArea-editor").click()
    page.keyboard.press("Shift+Enter")  # run it again, as the lesson tells the student
    expect(chart).to_contain_text("Lesson 00", timeout=15_000)
    expect(chart).to_contain_text("of 5)")  # the five graded questions; not the reflection
    chart.scroll_into_view_if_needed()
    chart.screenshot(path=str(screenshot(page, "lesson-00-progress").with_name(
        "lesson-00-progress-chart.png")))
    box.screenshot(path=str(screenshot(page, "lesson-00-quiz").with_name("lesson-00-q1.png")))
