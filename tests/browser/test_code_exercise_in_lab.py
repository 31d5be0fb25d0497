"""A student works a code exercise of lesson 08 in JupyterLab: checks before writing any
code, writes a plausible wrong computation, then a right one, each in the exercise's own
cell; restarts the kernel; and finds the result and its feedback restored."""

from __future__ import annotations

import json
import re
import time

from playwright.sync_api import Page, expect

import sinojapan as sj

from helpers import REPO
from lab import error_outputs, open_lesson, run_all_cells, run_as_student, screenshot

LESSON = "08-testing-the-essay.ipynb"
QUESTION = sj.quiz_bank("08").question("s08-code-milex-crossing")
CURRENT_DOLLARS = """spend = milex.pivot(index="year", columns="iso3",
                    values="milex_current_usd_million")
both = spend[["CHN", "JPN"]].dropna()
crossing_year = both.index[both["CHN"] > both["JPN"]][0]"""


def exercise_cell(marker: str) -> int:
    """The position, among the lesson's code cells, of the cell the student writes in (found
    by its TODO line: once the student has typed, the text is theirs)."""
    notebook = json.loads((REPO / "lessons" / LESSON).read_text(encoding="utf-8"))
    code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    return next(i for i, c in enumerate(code) if marker in "".join(c["source"]))


def check(page: Page, expected: str) -> None:
    box = page.locator(f".sj-q-{QUESTION.id}").first  # the check under the exercise
    box.scroll_into_view_if_needed()
    box.get_by_role("button", name="Check").click()
    expect(box.locator(".sj-feedback")).to_contain_text(expected, timeout=15_000)


def test_a_code_exercise_is_written_run_checked_and_restored(lab_server, page):
    open_lesson(page, lab_server, LESSON)
    run_all_cells(page)
    assert error_outputs(page) == []
    cell = page.locator(".jp-CodeCell").nth(exercise_cell("# TODO exercise 1"))
    expect(cell).to_contain_text("# TODO exercise 1")
    box = page.locator(f".sj-q-{QUESTION.id}").first
    check(page, "Not answered yet")  # the TODO cell ran, but defines no crossing_year
    expect(box).to_contain_text("Attempts: 0")

    run_as_student(page, cell, CURRENT_DOLLARS)
    check(page, "current US dollars")
    expect(box).to_contain_text("crossing_year = 2006")

    run_as_student(page, cell, QUESTION.worked_solution.replace('milex = sj.series("milex")\n',
                                                                ""))
    check(page, "Correct.")
    expect(box).to_contain_text("Attempts: 2")
    screenshot(page, "lesson-08-code-exercise")

    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Kernel$")).click()
    page.locator(".lm-Menu-itemLabel",
                 has_text=re.compile(r"^Restart Kernel and Clear Outputs of All Cells")).click()
    page.locator(".jp-Dialog").get_by_role("button", name="Confirm Kernel Restart").click()
    expect(page.locator(f".sj-q-{QUESTION.id}")).to_have_count(0, timeout=30_000)
    run_all_cells(page)  # the exercise cell holds the student's code now, and runs again
    box = page.locator(f".sj-q-{QUESTION.id}").first
    expect(box.locator(".sj-feedback")).to_contain_text("Correct.", timeout=30_000)
    expect(box).to_contain_text("Your result as last checked: crossing_year = 1999")
    expect(box).to_contain_text("Attempts: 2")  # restored from the saved record, not re-run
    expect(page.locator(f".sj-q-{QUESTION.id}").last.locator(".sj-feedback")) \
        .to_contain_text("Correct.")  # the same question in the lesson's whole quiz


TRADE = sj.quiz_bank("08").question("s08-code-trade-change")
ENDLESS = "def trade_change(year):\n    while True:\n        pass"
EXITS = "import sys\n\ndef trade_change(year):\n    sys.exit()"
HUGE = "kept = 'still here'\n\ndef trade_change(year):\n    return 2 ** 1400"


def test_student_code_that_loops_exits_or_overflows_leaves_a_live_kernel(lab_server, page):
    """Check runs the student's function in a message handler, where Kernel > Interrupt
    cannot reach: an endless loop is stopped at the stated limit, sys.exit() and 2**1400
    are explained, and the kernel and the student's variables survive each."""
    open_lesson(page, lab_server, LESSON)
    run_all_cells(page)
    cell = page.locator(".jp-CodeCell").nth(exercise_cell("# TODO exercise 4"))
    box = page.locator(f".sj-q-{TRADE.id}").first
    expect(box).to_contain_text("longer than 5 seconds")  # the limit is stated
    feedback = box.locator(".sj-feedback")
    for code, said, within in ((HUGE, "far too large", 15), (ENDLESS, "longer than 5", 20),
                               (EXITS, "sys.exit", 15)):
        run_as_student(page, cell, code)
        box.scroll_into_view_if_needed()
        started = time.monotonic()
        box.get_by_role("button", name="Check").click()
        expect(feedback).to_contain_text(said, timeout=within * 1000)
        assert time.monotonic() - started < within
        expect(box).to_contain_text("Attempts: 0")  # not an answer: nothing counted
    screenshot(page, "lesson-08-unsafe-code")
    # The kernel answers, and the student's variable from before is still there.
    run_as_student(page, cell, "print(kept, 6 * 7)")
    expect(cell.locator(".jp-OutputArea-output")).to_contain_text("still here 42",
                                                                   timeout=15_000)
