"""Lesson 07 in JupyterLab with the keyboard alone: one question of every type in its
quiz, then the crisis simulation played to an end (Space chooses a side, arrow keys an
option, Enter presses Decide) without the notebook moving, its debrief audited by
axe-core; after a kernel restart the path and the debrief are back."""

from __future__ import annotations

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect
from test_accessibility_in_lab import violations
from test_keyboard_in_lab import (
    ANSWER,
    SELECTED_RADIO,
    active_cell_text,
    answer_quiz_by_keyboard,
    arrow_to,
    first_focus,
    tab_to,
)
from test_quiz_in_lab import put_in_order

import sinojapan as sj
from sinojapan.simulation.engine import walk

from lab import error_outputs, open_lesson, restart_and_run_all, run_all_cells, screenshot

# Five items, the first last: each move focuses the item's own button (Tab only goes
# forward, and a moved item's button is above the one just pressed), then Enter.
ANSWER_07 = {**ANSWER, "OrderingInput": lambda page, box, q: put_in_order(page, box, q.items)}

LESSON = "07-crisis-simulation.ipynb"
SCENARIO = "2010-trawler"
# Beijing's side: the record at every step but the second, where a quieter protest (a
# hypothesis) is chosen.
PATH = ["protest", "firm-but-quiet", "suspend", "deny", "demand"]


def decide_by_keyboard(page: Page, box, text: str) -> None:
    # The node's title can arrive before its options, whose radio buttons are then drawn
    # anew: wait for this step's options before taking hold of one.
    expect(box.locator(".widget-radio-box")).to_contain_text(text, timeout=15_000)
    radio = None
    for _ in range(20):  # a redraw can still replace the buttons just found: take the new ones
        try:
            radio = first_focus(box, "input[type=radio]")
            break
        except PlaywrightError:
            page.wait_for_timeout(250)
    assert radio is not None, f"the options of the step '{text}' were never steady"
    page.keyboard.press("Space")
    arrow_to(page, radio, text, SELECTED_RADIO)
    page.wait_for_timeout(200)  # the choice reaches the kernel a moment after the key
    tab_to(page, box.get_by_role("button", name="Decide"))
    page.keyboard.press("Enter")


def test_lesson_07_quiz_and_simulation_by_keyboard_and_restored_after_restart(lab_server, page):
    open_lesson(page, lab_server, LESSON)
    run_all_cells(page)
    assert error_outputs(page) == []

    graded = answer_quiz_by_keyboard(page, "07", ANSWER_07)
    expect(page.locator(".sj-quiz .sj-score")).to_contain_text(f"{graded} of {graded} correct")

    scenario = sj.load_scenario(SCENARIO)
    steps = walk(scenario, "beijing", PATH)
    box = page.locator(f".sj-scenario-{SCENARIO}")
    box.scroll_into_view_if_needed()
    side = box.get_by_role("button", name="Advise Beijing")
    side.focus()
    page.keyboard.press("Space")
    start_cell = active_cell_text(page)  # focus inside a cell's output makes it active
    assert "sj.scenario" in start_cell
    for step in steps[:-1]:
        current = box.locator(f'.sj-node[data-node="{step.node.id}"]')
        expect(current).to_contain_text(step.node.title, timeout=15_000)
        decide_by_keyboard(page, box, step.option.text)
        expect(box.locator(".sj-outcome").last).to_contain_text(step.option.text,
                                                                timeout=15_000)
        assert active_cell_text(page) == start_cell, "the notebook moved"
    expect(box.locator(".sj-outcome", has_text="Hypothesis: this did not happen.")) \
        .to_have_count(1)
    debrief = box.locator(".sj-debrief")
    expect(debrief).to_contain_text("You made 5 decisions; 4 matched", timeout=15_000)
    expect(debrief.locator("svg circle")).to_have_count(10)
    expect(box.locator(".sj-ending")).to_contain_text("Where the record went")
    expect(box.get_by_role("button", name="Decide")).to_be_disabled()
    debrief.scroll_into_view_if_needed()
    screenshot(page, "lesson-07-debrief")
    # The played simulation (outcomes, hypotheses, the timeline drawing, the table) passes
    # axe-core too, not only the unplayed one that the lesson-wide audit sees.
    assert violations(page, {"include": [[f".sj-scenario-{SCENARIO}"]]}) == []

    restart_and_run_all(page, f".sj-scenario-{SCENARIO}")
    box = page.locator(f".sj-scenario-{SCENARIO}")
    expect(box.locator(".sj-debrief")).to_contain_text("You made 5 decisions; 4 matched",
                                                       timeout=30_000)
    expect(box.get_by_role("button", name="Advise Beijing")).to_be_disabled()
    expect(box.locator(".sj-outcome")).to_have_count(len(PATH))
    expect(page.locator(".sj-quiz .sj-score")).to_contain_text(f"{graded} of {graded} correct")

    box.get_by_role("button", name="Start over").focus()
    page.keyboard.press("Enter")
    expect(box.locator(".sj-outcome")).to_have_count(0, timeout=15_000)
    expect(box.get_by_role("button", name="Advise Tokyo")).to_be_enabled()
