"""A student answers one question of every type with the keyboard alone (no mouse) in
JupyterLab, by the WAI-ARIA Authoring Practices: a radio group is one Tab stop with arrow
keys inside it, an ordering is a listbox whose moved item keeps the focus, Enter in a
field checks, Escape returns to the notebook, a question deep in a quiz is a few keys
away; arrow keys never move the notebook to another cell."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

import sinojapan as sj
from sinojapan.content import catalog
from sinojapan.quizzes.inputs import INPUTS

from lab import (
    error_outputs,
    open_lesson,
    put_in_order,
    run_all_cells,
    scratch_notebook,
    screenshot,
)

BANK = sj.quiz_bank("demo")


@pytest.fixture
def demo_notebook(lab_server):
    code = next(q for q in BANK.questions if q.TYPE == "code")
    return scratch_notebook(lab_server, "keyboard-demo", "import sinojapan as sj",
                            code.worked_solution, 'sj.quiz("demo")')


def focused(locator: Locator) -> bool:
    return locator.evaluate("el => el === document.activeElement")


def tab_to(page: Page, target: Locator, limit: int = 40) -> None:
    """Press Tab until `target` has the focus: it must be reachable by keyboard."""
    for _ in range(limit):
        if focused(target):
            return
        page.keyboard.press("Tab")
    assert focused(target), "not reachable with Tab"


def arrow_to(page: Page, control: Locator, wanted: str, read: str) -> None:
    """Press ArrowDown on a focused radio group or select until `read` (a JS expression of
    `el`) gives `wanted`."""
    for _ in range(15):
        if control.evaluate(f"el => {read}") == wanted:
            return
        page.keyboard.press("ArrowDown")
        page.wait_for_timeout(50)
    assert control.evaluate(f"el => {read}") == wanted


def active_cell_text(page: Page) -> str:
    return page.locator(".jp-Notebook .jp-Cell.jp-mod-active").inner_text()[:40]


def check_by_keyboard(page: Page, box: Locator, expected: str = "Correct.") -> None:
    # No pause after typing: the check carries the answer shown.
    tab_to(page, box.locator("button[data-action=check]"))
    page.keyboard.press("Enter")
    expect(box.locator(".sj-feedback")).to_contain_text(expected, timeout=15_000)
    # Check is disabled once the answer is right: the focus goes to the feedback.
    expect(box.locator(":focus")).to_have_count(1, timeout=5_000)


def answer_quiz_by_keyboard(page: Page, bank_id: str, answers: dict) -> int:
    """Answer every question of a lesson's bank with the keyboard (`answers` by input) and
    check each; the number of graded questions."""
    bank = sj.quiz_bank(bank_id)
    for question in bank.questions:
        box = page.locator(f".sj-q-{question.id}")
        first_focus(box, "input, select, textarea, button")  # a Tab from the cell above
        answers[question.INPUT](page, box, question)
        check_by_keyboard(page, box, "Saved." if not question.GRADED else "Correct.")
    return sum(q.GRADED for q in bank.questions)


def first_focus(box: Locator, selector: str) -> Locator:
    control = box.locator(selector).first
    control.scroll_into_view_if_needed()
    control.focus()  # where a Tab from the question before would land
    return control


SELECTED_RADIO = ("(el.closest('fieldset').querySelector('input:checked') || {})"
                  ".parentElement ? el.closest('fieldset')"
                  ".querySelector('input:checked').parentElement.textContent.trim() : ''")
SELECTED_OPTION = "el.selectedIndex < 0 ? '' : el.options[el.selectedIndex].text"


def answer_single(page, box, question):
    radio = first_focus(box, "input[type=radio]")
    page.keyboard.press("Space")
    arrow_to(page, radio, question.solution_text(), SELECTED_RADIO)


def answer_boxes(page, box, question):
    wanted = {question.options[i].text for i in question.solution()}
    for checkbox in box.locator("input[type=checkbox]").all():
        label = checkbox.evaluate("el => el.parentElement.textContent.trim()")
        if label in wanted:
            tab_to(page, checkbox)
            page.keyboard.press("Space")


def answer_true_false(page, box, question):
    radio = first_focus(box, "input[type=radio]")
    page.keyboard.press("Space")
    arrow_to(page, radio, "True" if question.answer else "False", SELECTED_RADIO)
    if question.justify:
        tab_to(page, box.get_by_placeholder("One line: why?"))
        page.keyboard.type("It names stages but gives no years.")


def answer_typed(page, box, question):
    tab_to(page, box.locator("input[type=text]").first)
    page.keyboard.type(str(question.solution()))


def answer_ordering(page, box, question):
    put_in_order(page, box, question.items)


def answer_selects(page, box, wanted: list[str]):
    for select, value in zip(box.locator("select").all(), wanted, strict=True):
        tab_to(page, select)
        arrow_to(page, select, value, SELECTED_OPTION)


def answer_cloze(page, box, question):
    selects = iter(box.locator("select").all())
    for number, (blank, value) in enumerate(zip(question.blanks, question.solution(),
                                                strict=True), start=1):
        if blank.options:
            select = next(selects)
            tab_to(page, select)
            arrow_to(page, select, value, SELECTED_OPTION)
        else:
            field = box.get_by_placeholder(f"blank {number}")
            tab_to(page, field)
            page.keyboard.type(value)


def answer_placement(page, box, question):
    names = question.stage_names
    wanted = f"{question.event_stage}: {names[question.event_stage]}"
    answer_selects(page, box, [wanted])


def answer_reflection(page, box, question):
    tab_to(page, box.locator("textarea"))
    page.keyboard.type("The arrest and the long detention turned an incident at sea into a "
                       "test of each side's red lines, which neither side had made clear.")


# How a student answers by keyboard, for each answer input (a question type names its
# input in INPUT, so a new type with an existing input needs nothing here).
ANSWER = {
    "ChoiceInput": answer_single, "ManyInput": answer_boxes,
    "TrueFalseInput": answer_true_false, "TextInput": answer_typed,
    "OrderingInput": answer_ordering, "ClozeInput": answer_cloze,
    "PlacementInput": answer_placement, "ReflectionInput": answer_reflection,
    "CodeInput": lambda page, box, q: None,  # the student's cell above the quiz ran already
    "MatchingInput": lambda page, box, q: answer_selects(page, box, [r for _, r in q.pairs]),
}


def test_every_question_type_by_keyboard_alone(lab_server, page, demo_notebook):
    open_lesson(page, lab_server, demo_notebook)
    run_all_cells(page)
    assert error_outputs(page) == []
    assert set(ANSWER) == set(INPUTS) == {q.INPUT for q in BANK.questions}
    quiz_cell = active_cell_text(page)
    for question in BANK.questions:
        box = page.locator(f".sj-q-{question.id}")
        ANSWER[question.INPUT](page, box, question)
        assert active_cell_text(page) == quiz_cell, f"{question.TYPE}: the notebook moved"
        check_by_keyboard(page, box, "Saved." if not question.GRADED else "Correct.")
    expect(page.locator(".sj-score")).to_contain_text(f"{len(BANK) - 1} of {len(BANK) - 1} "
                                                      "correct")
    screenshot(page, "keyboard-quiz")


def test_the_explorer_by_keyboard_alone(lab_server, page):
    """The explorer's list is a WAI-ARIA listbox: one Tab stop, Up / Down / Home / End
    choose an event and its details follow (the notebook stays on the cell); the filters
    are native menus and a keyword applied on Enter; Escape returns to the notebook."""
    name = scratch_notebook(lab_server, "keyboard-explorer", "import sinojapan as sj",
                            "sj.explorer()")
    open_lesson(page, lab_server, name)
    run_all_cells(page)
    assert error_outputs(page) == []
    events = sj.events()
    panel = page.locator(".sj-explorer-panel")
    listbox, details = panel.get_by_role("listbox", name="Events:"), panel.locator(".sj-details")
    expect(details).to_contain_text(events.iloc[0]["title"], timeout=30_000)
    expect(details).to_have_attribute("aria-live", "polite")
    cell = active_cell_text(page)
    tab_to(page, panel.get_by_label("Stage:"))
    tab_to(page, listbox, limit=4)  # the category, the keyword, then the list
    selected = listbox.locator("[aria-selected=true]")
    for row in (1, 2):
        page.keyboard.press("ArrowDown")
        expect(details).to_contain_text(events.iloc[row]["title"], timeout=15_000)
        expect(selected).to_have_text(catalog.event_label(events.index[row]))
    assert focused(listbox) and active_cell_text(page) == cell, "the notebook moved"
    expect(listbox).to_have_attribute("aria-activedescendant",
                                      selected.evaluate("el => el.id"))
    page.keyboard.press("End")
    expect(details).to_contain_text(events.iloc[-1]["title"], timeout=15_000)
    expect(panel.get_by_role("button", name="Next")).to_be_disabled()
    expect(panel.locator(".sj-position")).to_have_text(f"Event {len(events)} of {len(events)}")
    page.keyboard.press("Home")
    expect(details).to_contain_text(events.iloc[0]["title"], timeout=15_000)
    for _ in range(7):  # quicker than the kernel answers: the list never jumps back
        page.keyboard.press("ArrowDown")
    expect(selected).to_have_text(catalog.event_label(events.index[7]))
    expect(details).to_contain_text(events.iloc[7]["title"], timeout=15_000)
    page.wait_for_timeout(500)  # every answer in: still the event the keys stopped on
    expect(selected).to_have_text(catalog.event_label(events.index[7]))
    page.keyboard.press("Home")
    expect(details).to_contain_text(events.iloc[0]["title"], timeout=15_000)
    page.keyboard.press("Tab")  # the list is one stop: the next Tab leaves it
    assert page.evaluate("() => document.activeElement.textContent") == "Next \u25b6"
    for _ in range(5):  # the position follows each press; the details where they stop
        page.keyboard.press("Enter")
    expect(panel.locator(".sj-position")).to_have_text(f"Event 6 of {len(events)}")
    expect(details).to_contain_text(events.iloc[5]["title"], timeout=15_000)
    page.wait_for_timeout(500)
    expect(selected).to_have_text(catalog.event_label(events.index[5]))

    for _ in range(3):  # Previous, the list, the keyword
        page.keyboard.press("Shift+Tab")
    keyword = panel.get_by_label("Keyword:")
    assert focused(keyword)
    page.keyboard.type("trawler collides")
    page.keyboard.press("Enter")
    expect(listbox.get_by_role("option")).to_have_count(1, timeout=15_000)
    expect(details).to_contain_text("Minjinyu")
    expect(panel.locator(".sj-count")).to_have_text("1 event match.")
    for _ in "trawler collides":
        page.keyboard.press("Backspace")  # the keyword applies again when typing stops
    expect(listbox.get_by_role("option")).to_have_count(len(events), timeout=15_000)
    stage = panel.get_by_label("Stage:")
    tab_to(page, stage)
    arrow_to(page, stage, sj.stages().loc["3", "title"], SELECTED_OPTION)
    in_stage = events[events["stage"] == "3"]
    expect(listbox.get_by_role("option")).to_have_count(len(in_stage), timeout=15_000)
    expect(details).to_contain_text(in_stage.iloc[0]["title"])
    screenshot(page, "keyboard-explorer")
    page.keyboard.press("Escape")  # back to the notebook, in command mode
    assert page.evaluate("() => !!document.activeElement.closest('.jp-Notebook')")
    assert not panel.evaluate("el => el.contains(document.activeElement)")


def test_a_question_deep_in_a_quiz_is_a_few_keys_away(lab_server, page):
    """The quiz's "Go to question" bar is one Tab stop: arrow keys choose a question and
    Enter takes the focus (and the view) to it."""
    name = scratch_notebook(lab_server, "keyboard-go-to", "import sinojapan as sj",
                            'sj.quiz("03")')
    open_lesson(page, lab_server, name)
    run_all_cells(page)
    bank = sj.quiz_bank("03")
    bar = page.get_by_role("toolbar", name=re.compile("Go to a question"))
    first_focus(bar, "button")
    last = len(bank.questions)
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    heading = page.locator(f".sj-q-{bank.questions[-1].id} .sj-question-title")
    expect(heading).to_be_focused()
    expect(heading).to_have_text(f"Question {last}")
    expect(heading).to_be_in_viewport()
    page.keyboard.press("Tab")  # on into that question's answer
    inside = page.evaluate("() => !!document.activeElement.closest("
                           f"'.sj-q-{bank.questions[-1].id}')")
    assert inside, "Tab from the question's heading left the question"


def test_enter_checks_and_escape_returns_to_the_notebook(lab_server, page, demo_notebook):
    open_lesson(page, lab_server, demo_notebook)
    run_all_cells(page)
    box = page.locator(".sj-q-demo-numeric-seven-years")
    field = first_focus(box, "input[type=text]")
    page.keyboard.type("6.26")
    page.keyboard.press("Enter")  # typed and checked at once: the check carries "6.26"
    expect(box.locator(".sj-feedback")).to_contain_text("Correct.", timeout=15_000)
    expect(field).to_be_disabled()
    expect(box.locator(".sj-messages")).to_be_focused()  # not lost with the field
    quiz_cell = active_cell_text(page)
    page.keyboard.press("Escape")
    assert page.evaluate("() => !document.activeElement.closest('.sj-quiz')"), \
        "Escape left the focus in the quiz"
    page.keyboard.press("k")  # a command-mode key reaches the notebook again
    page.wait_for_timeout(300)
    assert active_cell_text(page) != quiz_cell, "k did not move to the cell above"


def test_show_only_the_missed_keeps_the_quiz_in_view(lab_server, page):
    name = scratch_notebook(lab_server, "keyboard-missed", "import sinojapan as sj",
                            'sj.quiz("03")')
    open_lesson(page, lab_server, name)
    run_all_cells(page)
    bank = sj.quiz_bank("03")
    for question in bank.questions[:-2]:  # answer most, so most are hidden
        if question.GRADED:
            box = page.locator(f".sj-q-{question.id}")
            first_focus(box, "input, select, textarea, button")
            ANSWER[question.INPUT](page, box, question)
            check_by_keyboard(page, box)
    missed = page.get_by_role("button", name="Show only the ones I missed")
    tab_to(page, missed, limit=80)
    page.keyboard.press("Enter")
    shown = page.locator(".sj-quiz .sj-question:visible")
    expect(shown.first).to_be_in_viewport(timeout=15_000)
    expect(shown.first.locator(".sj-question-title")).to_be_focused()
    assert shown.count() < len(bank.questions)
    screenshot(page, "keyboard-only-missed")
    all_button = page.get_by_role("button", name="Show all questions")
    tab_to(page, all_button, limit=80)
    page.keyboard.press("Enter")
    expect(page.locator(".sj-quiz .sj-question:visible")).to_have_count(len(bank.questions))


def test_a_question_s_options_are_one_tab_stop(lab_server, page, demo_notebook):
    """Tab enters a radio group once and leaves it with the next Tab; the arrow keys
    choose among the options."""
    open_lesson(page, lab_server, demo_notebook)
    run_all_cells(page)
    question = next(q for q in BANK.questions if q.TYPE == "single")
    box = page.locator(f".sj-q-{question.id}")
    radios = box.locator("input[type=radio]")
    assert radios.count() > 2
    first_focus(box, "input[type=radio]")
    page.keyboard.press("ArrowDown")
    assert focused(radios.nth(1)) and radios.nth(1).is_checked()
    page.keyboard.press("Tab")
    left = page.evaluate("() => document.activeElement.type || document.activeElement.tagName")
    assert left != "radio", "the next Tab stayed among the options"



def test_start_over_by_keyboard_leaves_the_focus_in_the_question(lab_server, page,
                                                                  demo_notebook):
    # Start over redraws the question's answer field and buttons: the focus lost with the
    # old button goes to the fresh answer field, not to the page.
    open_lesson(page, lab_server, demo_notebook)
    run_all_cells(page)
    box = page.locator(".sj-q-demo-numeric-seven-years")
    first_focus(box, "input[type=text]")
    page.keyboard.type("9")
    check_by_keyboard(page, box, "Not quite")
    tab_to(page, box.get_by_role("button", name="Start over"))
    page.keyboard.press("Enter")
    expect(box.locator(".sj-feedback")).to_have_count(0, timeout=15_000)
    expect(box.locator("input[type=text]:focus")).to_have_count(1, timeout=5_000)
