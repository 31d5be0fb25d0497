"""Lesson 07 in JupyterLab with the keyboard alone: the crisis simulation played to an end
(a side chosen among toggle buttons with the arrow keys, each option with the arrow keys
in one native radio group, Enter on the group or on Decide) without the notebook moving
and without the focus ever leaving the component, its debrief audited by axe-core; after
a kernel restart the path and the debrief are back, and Start over begins again. Then
one question of every type in its quiz, by keyboard."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect
from test_accessibility_in_lab import violations

import sinojapan as sj
from sinojapan.simulation.engine import walk

from lab import error_outputs, open_lesson, restart_and_run_all, run_all_cells, screenshot

LESSON = "07-crisis-simulation.ipynb"
SCENARIO = "2010-trawler"
BOX = f".sj-scenario-{SCENARIO}"
# Beijing's side: the record at every step but the second, where a quieter protest (a
# hypothesis) is chosen.
PATH = ["protest", "firm-but-quiet", "suspend", "deny", "demand"]
CHECKED = ("el => { const on = el.closest('fieldset').querySelector('input:checked');"
           " return on ? on.closest('label').textContent : null; }")


def active_cell_text(page: Page) -> str:
    return page.locator(".jp-Notebook .jp-Cell.jp-mod-active").inner_text()[:40]


def focused_in(locator: Locator) -> Locator:
    return locator.locator(":focus")


def decide_by_keyboard(page: Page, box: Locator, text: str, by_enter_on_group: bool) -> None:
    """The focus is already on this step's options (where it went after the side or the
    last decision): Space checks the focused option, the arrow keys move the check to
    `text`, then Enter on the group, or Tab to Decide and Enter."""
    group = box.locator(".sj-options fieldset")
    expect(group).to_contain_text(text, timeout=15_000)
    radio = focused_in(group)
    expect(radio).to_have_count(1, timeout=5_000)  # the focus came here by itself
    expect(radio).to_have_attribute("type", "radio")
    page.keyboard.press("Space")
    for _ in range(6):
        if text in (radio.evaluate(CHECKED) or ""):
            break
        page.keyboard.press("ArrowDown")
    assert text in radio.evaluate(CHECKED)
    if by_enter_on_group:
        page.keyboard.press("Enter")
    else:
        page.keyboard.press("Tab")  # one Tab stop for the whole group: next is Decide
        expect(box.get_by_role("button", name="Decide")).to_be_focused()
        page.keyboard.press("Enter")


def test_lesson_07_simulation_by_keyboard_and_restored_after_restart(lab_server, page):
    open_lesson(page, lab_server, LESSON)
    run_all_cells(page)
    assert error_outputs(page) == []

    scenario = sj.load_scenario(SCENARIO)
    steps = walk(scenario, "beijing", PATH)
    box = page.locator(BOX)
    box.scroll_into_view_if_needed()
    sides = box.get_by_role("group", name="Choose the government you advise:")
    expect(sides.get_by_role("button")).to_have_count(2)
    assert violations(page, {"include": [[BOX]]}) == []  # before a side, Decide disabled
    sides.get_by_role("button", name="Advise Tokyo").focus()  # the group's one Tab stop
    page.keyboard.press("ArrowRight")
    expect(sides.get_by_role("button", name="Advise Beijing")).to_be_focused()
    screenshot(page, "lesson-07-simulation-start")
    page.keyboard.press("Space")
    start_cell = active_cell_text(page)  # focus inside a cell's output makes it active
    assert "sj.scenario" in start_cell
    expect(sides.get_by_role("button", name="Advise Beijing")).to_have_attribute(
        "aria-pressed", "true", timeout=15_000)
    for number, step in enumerate(steps[:-1], start=1):
        current = box.locator(f'.sj-node[data-node="{step.node.id}"]')
        expect(current).to_contain_text(step.node.title, timeout=15_000)
        decide_by_keyboard(page, box, step.option.text, by_enter_on_group=number % 2 == 1)
        expect(box.locator(".sj-outcome").last).to_contain_text(step.option.text,
                                                                timeout=15_000)
        expect(box.locator(".visually-hidden[aria-live]")).to_contain_text(
            f"You chose: {step.option.text}")
        assert active_cell_text(page) == start_cell, "the notebook moved"
        if number == 2:
            screenshot(page, "lesson-07-simulation-step")
    expect(box.locator(".sj-outcome", has_text="Hypothesis: this did not happen.")) \
        .to_have_count(1)
    debrief = box.locator(".sj-debrief")
    expect(debrief).to_contain_text("You made 5 decisions; 4 matched", timeout=15_000)
    expect(debrief.locator("svg circle")).to_have_count(10)
    expect(box.locator(".sj-ending")).to_contain_text("Where the record went")
    expect(box.get_by_role("button", name="Decide")).to_be_disabled()
    # Decide is disabled, the options gone: the focus is on the ending, inside the component.
    expect(box.locator(".sj-ending h4")).to_be_focused()
    expect(box.locator(".visually-hidden[aria-live]")).to_contain_text(
        "The simulation has ended")
    screenshot(page, "lesson-07-simulation-ending")
    debrief.scroll_into_view_if_needed()
    screenshot(page, "lesson-07-debrief")
    # The played simulation (outcomes, hypotheses, the timeline drawing, the table) passes
    # axe-core too, not only the unplayed one that the lesson-wide audit sees.
    assert violations(page, {"include": [[BOX]]}) == []

    restart_and_run_all(page, BOX)
    box = page.locator(BOX)
    expect(box.locator(".sj-debrief")).to_contain_text("You made 5 decisions; 4 matched",
                                                       timeout=30_000)
    expect(box.get_by_role("button", name="Advise Beijing")).to_be_disabled()
    expect(box.get_by_role("button", name="Advise Beijing")).to_have_attribute(
        "aria-pressed", "true")
    expect(box.locator(".sj-outcome")).to_have_count(len(PATH))

    box.get_by_role("button", name="Start over").focus()
    page.keyboard.press("Enter")
    expect(box.locator(".sj-outcome")).to_have_count(0, timeout=15_000)
    expect(box.get_by_role("button", name="Advise Tokyo")).to_be_enabled()
    # Start over is disabled with no run to start over: the focus goes to the sides.
    expect(box.get_by_role("button", name="Start over")).to_be_disabled()
    expect(box.get_by_role("button", name="Advise Tokyo")).to_be_focused()
    page.keyboard.press("Enter")
    expect(box.locator(".sj-options input[type=radio]:focus")).to_have_count(1,
                                                                            timeout=15_000)
    expect(box.locator('.sj-node[data-node="t-collision"]')).to_be_visible()


def test_lesson_07_quiz_by_keyboard_and_restored_after_restart(lab_server, page):
    # The quiz's keyboard answerers are shared with the keyboard test of every type.
    from test_keyboard_in_lab import ANSWER, answer_quiz_by_keyboard

    open_lesson(page, lab_server, LESSON)
    run_all_cells(page)
    assert error_outputs(page) == []
    graded = answer_quiz_by_keyboard(page, "07", ANSWER)
    expect(page.locator(".sj-quiz .sj-score")).to_contain_text(f"{graded} of {graded} correct")
    restart_and_run_all(page, BOX)
    expect(page.locator(".sj-quiz .sj-score")).to_contain_text(f"{graded} of {graded} correct",
                                                               timeout=30_000)
