"""The components beyond JupyterLab: in Jupyter Notebook 7 a student answers one question
of every type with the keyboard alone, Escape returns to the notebook, and the crisis
simulation takes its first decision. Nothing of the module patches either front-end."""

from __future__ import annotations

import json
import re
import time
import urllib.request

import pytest
from playwright.sync_api import Page, expect
from test_keyboard_in_lab import ANSWER, answer_quiz_by_keyboard

import sinojapan as sj
from conftest import lessons_served

from lab import error_outputs, screenshot

DEMO_CODE = next(q for q in sj.quiz_bank("demo").questions if q.TYPE == "code")


def add_demo(root) -> None:
    """The demo quiz (its code question answered above it) and a simulation."""
    import nbformat

    demo = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code) for code in (
        "import sinojapan as sj", DEMO_CODE.worked_solution, 'sj.quiz("demo")',
        'sj.scenario("2010-trawler")')], metadata={"kernelspec": {
            "name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}})
    nbformat.write(demo, root / "lessons" / "demo-notebook7.ipynb")


@pytest.fixture(scope="module")
def notebook_server(tmp_path_factory):
    with lessons_served(tmp_path_factory, "notebook7", app="notebook",
                        prepare=add_demo) as server:
        yield server


def wait_for_idle_kernel(server: dict) -> None:
    """Until the notebook's kernel has started and is idle, by the server's own word."""
    deadline, sessions = time.monotonic() + 90, []
    while time.monotonic() < deadline:
        with urllib.request.urlopen(f"{server['base']}/api/sessions?token="
                                    f"{server['token']}") as answer:
            sessions = json.load(answer)
        if sessions and all(s["kernel"]["execution_state"] == "idle" for s in sessions):
            return
        time.sleep(0.5)
    raise AssertionError(f"the kernel did not start: {sessions}")


def open_and_run_all(page: Page, server: dict, name: str) -> None:
    page.goto(f"{server['base']}/notebooks/lessons/{name}?token={server['token']}")
    expect(page.locator(".jp-Notebook .jp-Cell").first).to_be_visible(timeout=60_000)
    page.wait_for_timeout(5000)
    screenshot(page, "notebook7-opened")
    wait_for_idle_kernel(server)
    expect(page.get_by_text("Kernel Initializing")).to_be_hidden(timeout=60_000)
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()
    prompts = page.locator(".jp-CodeCell .jp-InputPrompt")
    expect(prompts.filter(has_text=re.compile(r"^\[( |\*)\]:$"))).to_have_count(0,
                                                                              timeout=120_000)


def test_every_question_type_by_keyboard_in_notebook_7(notebook_server, page):
    open_and_run_all(page, notebook_server, "demo-notebook7.ipynb")
    expect(page.locator(".sj-quiz")).to_be_visible(timeout=30_000)
    assert error_outputs(page) == []
    graded = answer_quiz_by_keyboard(page, "demo", ANSWER)
    expect(page.locator(".sj-quiz .sj-score")).to_contain_text(f"{graded} of {graded} correct")
    screenshot(page, "notebook7-quiz")
    page.keyboard.press("Escape")
    assert page.evaluate("() => !document.activeElement.closest('.sj-quiz')")

    box = page.locator(".sj-scenario-2010-trawler")
    box.scroll_into_view_if_needed()
    box.get_by_role("button", name="Advise Tokyo").focus()
    page.keyboard.press("Enter")
    radio = box.locator(".sj-options input[type=radio]").first
    expect(radio).to_be_focused(timeout=15_000)
    page.keyboard.press("Space")
    page.keyboard.press("Enter")
    expect(box.locator(".sj-outcome")).to_have_count(1, timeout=15_000)
    screenshot(page, "notebook7-simulation")
