"""A student answers every question type in JupyterLab, wrongly then rightly, by clicking
and typing; restarts the kernel; and finds the answers restored."""

from __future__ import annotations

import re
import statistics
import time

import pytest
from playwright.sync_api import Locator, Page, expect

import sinojapan as sj

from lab import (
    ARTIFACTS,
    error_outputs,
    open_lesson,
    put_in_order,
    restart_and_run_all,
    run_all_cells,
    run_as_student,
    scratch_notebook,
    screenshot,
)

LATENCIES: list[float] = []


@pytest.fixture
def demo_notebook(lab_server):
    return scratch_notebook(lab_server, "quiz-demo", "import sinojapan as sj",
                            "# TODO: set crossing_year (the code question)", 'sj.quiz("demo")')


def question(page: Page, question_id: str) -> Locator:
    return page.locator(f".sj-q-{question_id}")


def check(page: Page, box: Locator, expected: str) -> None:
    """Click Check and wait for the feedback text; record how long it took to appear."""
    box.scroll_into_view_if_needed()
    feedback = box.locator(".sj-feedback")
    before = feedback.inner_text() if feedback.count() else ""
    handle = box.element_handle()
    started = time.perf_counter()
    box.locator("button[data-action=check]").click()  # "Save" for a reflection
    page.wait_for_function(
        "([box, before]) => { const f = box.querySelector('.sj-feedback');"
        " return f && f.innerText !== before; }", arg=[handle, before], polling="raf",
        timeout=15_000)
    LATENCIES.append(time.perf_counter() - started)
    expect(feedback).to_contain_text(expected)


def pick(box: Locator, text: str) -> None:
    box.locator("label", has_text=text).first.click()


def answer_every_type(page: Page) -> None:
    q = question(page, "demo-single-non-issue")
    pick(q, "cooperated militarily")
    check(page, q, "Not quite.")
    expect(q.locator(".sj-feedback")).to_contain_text("US alliance kept Japan out")
    pick(q, "virtually no security tension")
    check(page, q, "Correct.")

    q = question(page, "demo-multiple-stage-two")
    options = sj.quiz_bank("demo").question("demo-multiple-stage-two").options
    right = [o.text for o in options if o.correct]
    wrong = next(o.text for o in options if not o.correct)
    pick(q, right[0])
    pick(q, wrong)
    check(page, q, f"1 of {len(right)} right options selected, and 1 that should not be")
    pick(q, wrong)  # untick
    for text in right[1:]:
        pick(q, text)
    check(page, q, "Correct.")

    q = question(page, "demo-true-false-boundaries")
    q.get_by_role("radio", name="True", exact=True).check()
    q.get_by_placeholder("One line: why?").fill("It names the stages.")
    check(page, q, "Not quite.")
    q.get_by_role("radio", name="False", exact=True).check()
    q.get_by_placeholder("One line: why?").fill("It only says the early 1990s and recent years.")
    check(page, q, "Correct.")

    q = question(page, "demo-numeric-seven-years")
    q.get_by_placeholder("Type your answer").fill("about seven")
    check(page, q, "not a number")
    q.get_by_placeholder("Type your answer").fill("7")
    check(page, q, "too high")
    q.get_by_placeholder("Type your answer").fill("6.26")
    check(page, q, "2,285 days")

    q = question(page, "demo-text-partner")
    q.get_by_placeholder("Type your answer").fill("China")
    check(page, q, "Not quite.")
    q.get_by_placeholder("Type your answer").fill("india")
    check(page, q, "Correct.")

    q = question(page, "demo-ordering-2010")
    check(page, q, "Arrange the items first")
    first = q.locator(".sj-order-item").first.inner_text()
    q.locator(".sj-order-item").first.click()
    q.get_by_role("button", name="Move down").click()
    expect(q.locator(".sj-order-item").nth(1)).to_have_text(first)
    check(page, q, "pairs in the right order")
    put_in_order(page, q, ["A Chinese trawler collides with Japan Coast Guard ships",
                           "The trawler's captain is arrested",
                           "China suspends ministerial-level exchanges",
                           "Prosecutors release the captain"])
    check(page, q, "Every item is in place.")

    q = question(page, "demo-matching-actors")
    selects = q.locator("select")
    right = ["focused on trade disputes with Japan", "was the target of Western sanctions",
             "sought access-denial capabilities", "sent two carrier groups to the area"]
    wrong = [right[1], right[0], right[2], "signed a security declaration with Japan"]
    for index, label in enumerate(wrong):
        selects.nth(index).select_option(label=label)
    check(page, q, "1 of 4 matched correctly")
    for index, label in enumerate(right):
        selects.nth(index).select_option(label=label)
    check(page, q, "Correct.")

    q = question(page, "demo-cloze-pivot")
    q.get_by_placeholder("blank 1").fill("pivot")
    q.locator("select").nth(0).select_option(label="Beijing")
    q.locator("select").nth(1).select_option(label="Tokyo")
    check(page, q, "1 of 3 blanks right")
    q.locator("select").nth(0).select_option(label="Tokyo")
    q.locator("select").nth(1).select_option(label="Beijing")
    check(page, q, "Correct.")

    q = question(page, "demo-evidence-exchange")
    pick(q, "Easier visa rules")
    check(page, q, "0 of 2 right options selected, and 1 that should not be")
    pick(q, "Easier visa rules")
    pick(q, "Seen historically")
    pick(q, "That positive effect")
    check(page, q, "Correct.")

    q = question(page, "demo-placement-australia")
    q.locator("select").select_option(label="4: Multilateralization")
    check(page, q, "Not quite.")
    q.locator("select").select_option(label="2: Concerns emerge")
    check(page, q, "Correct.")
    expect(q.locator(".sj-event-strip")).to_have_count(1, timeout=15_000)  # placed on the stages

    q = question(page, "demo-code-milex-crossing")
    check(page, q, "Not answered yet")
    student_cell = page.locator(".jp-CodeCell").nth(1)
    run_as_student(page, student_cell, "crossing_year = 2006")
    check(page, q, "current US dollars")
    run_as_student(page, student_cell,
                   sj.quiz_bank("demo").question("demo-code-milex-crossing").worked_solution)
    check(page, q, "Correct.")

    q = question(page, "demo-reflection-2010")
    q.locator("textarea").fill("Too short.")
    check(page, q, "at least 10 words")
    q.locator("textarea").fill("The arrest on 8 September and the suspension of ministerial "
                               "exchanges on 19 September each raised the stakes for the other "
                               "side; an agreed hotline could have slowed things down.")
    check(page, q, "Saved.")
    expect(q).to_contain_text("A model answer")
    q.locator("label", has_text="Names two dated events").click()


def test_every_question_type_wrong_then_right_then_restored(lab_server, page, demo_notebook):
    open_lesson(page, lab_server, demo_notebook)
    run_all_cells(page)
    assert error_outputs(page) == []
    answer_every_type(page)
    score = page.locator(".sj-score")
    expect(score).to_contain_text("11 of 11 correct")
    expect(page.locator(".sj-quiz")).to_contain_text("Excellent")
    screenshot(page, "quiz-answered")

    restart_and_run_all(page, ".sj-q-demo-single-non-issue")
    expect(page.locator(".sj-score")).to_contain_text("11 of 11 correct")
    expect(question(page, "demo-text-partner").get_by_placeholder("Type your answer")) \
        .to_have_value("india")
    expect(question(page, "demo-numeric-seven-years").locator(".sj-feedback")) \
        .to_contain_text("Correct.")
    expect(question(page, "demo-matching-actors").locator("select").first) \
        .to_have_value("focused on trade disputes with Japan")
    expect(question(page, "demo-placement-australia").locator(".sj-event-strip")).to_have_count(1)
    reflection = question(page, "demo-reflection-2010")
    expect(reflection.locator("textarea")).to_have_value(re.compile("^The arrest on 8 Sept"))
    expect(reflection.locator("input[type=checkbox]").first).to_be_checked()
    expect(question(page, "demo-ordering-2010").locator(".sj-order-item").first) \
        .to_have_text("A Chinese trawler collides with Japan Coast Guard ships")
    screenshot(page, "quiz-restored")
    for question_id in ("demo-ordering-2010", "demo-matching-actors", "demo-cloze-pivot",
                        "demo-placement-australia", "demo-reflection-2010"):
        box = question(page, question_id)
        box.scroll_into_view_if_needed()
        box.screenshot(path=str(ARTIFACTS / f"quiz-{question_id}.png"))

    median = statistics.median(LATENCIES)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "quiz-latency.txt").write_text(
        f"Check -> visible feedback over {len(LATENCIES)} clicks: median {median * 1000:.0f} ms, "
        f"max {max(LATENCIES) * 1000:.0f} ms\n")
    assert median < 1.0, f"median feedback latency {median:.2f} s"



def check_right_after_typing(lab_server, page, bank: str, question_id: str, typed: str):
    """Type an answer and press Check at once while the kernel is busy; the question's box.
    The browser sends a text field's first change at once but holds back the later
    keystrokes until the kernel has answered it, while a click goes at once."""
    name = scratch_notebook(lab_server, f"quick-{question_id}", "import sinojapan as sj",
                            f'sj.quiz("{bank}", "{question_id}")',
                            "import time\ntime.sleep(2)  # the kernel busy, as under load")
    open_lesson(page, lab_server, name)
    run_all_cells(page)
    box = question(page, question_id)
    page.locator(".jp-CodeCell").nth(2).locator(".jp-InputPrompt").click()
    page.keyboard.press("Shift+Enter")  # run the sleeping cell again
    box.locator("input[type=text]").first.click()
    page.keyboard.type(typed)
    box.get_by_role("button", name="Check").click()
    expect(box).to_contain_text("Attempts: 1", timeout=15_000)
    expect(box.locator(".sj-feedback")).to_contain_text("Correct.", timeout=15_000)
    return box


def test_a_check_pressed_right_after_typing_grades_what_was_typed(lab_server, page):
    """With the kernel busy, a quick Check once arrived before the last keystrokes and
    graded "6" instead of "6.26"; the check now carries the answer shown."""
    check_right_after_typing(lab_server, page, "demo", "demo-numeric-seven-years", "6.26")


def test_a_year_placed_right_after_typing_is_graded_and_drawn(lab_server, page):
    """The same for a placement by year, whose check also draws the event on a strip of
    the stages inside the question."""
    box = check_right_after_typing(lab_server, page, "04", "s04-placement-india", "2008")
    expect(box.locator(".sj-event-strip")).to_have_count(1, timeout=15_000)
    expect(box.locator(".sj-event-strip figcaption")).to_contain_text("India")
