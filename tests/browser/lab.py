"""What a student does in JupyterLab, as Playwright steps."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
_visits = itertools.count()


def scratch_notebook(server: dict, name: str, *code: str) -> str:
    """A notebook of the given code cells beside the lessons (in the server's copy), for a
    test of one function as a student would call it; returns its file name."""
    import nbformat

    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in code])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    path = server["root"] / "lessons" / f"{name}.ipynb"
    nbformat.write(notebook, path)
    return path.name


def open_lesson(page: Page, server: dict, name: str, workspace: str | None = None) -> None:
    """Open a lesson in a fresh JupyterLab workspace (named, or numbered per visit), so no
    notebook from an earlier test is restored alongside it."""
    workspace = workspace or f"w{next(_visits)}"
    page.goto(f"{server['base']}/lab/workspaces/{workspace}/tree/lessons/{name}"
              f"?reset&token={server['token']}")
    expect(page.locator(".jp-NotebookPanel .jp-Cell").first).to_be_visible(timeout=60_000)
    kernel_idle = page.locator(".jp-StatusBar-Widget", has_text=re.compile(r"\| Idle"))
    expect(kernel_idle).to_have_count(1, timeout=60_000)


def run_all_cells(page: Page) -> None:
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()
    prompts = page.locator(".jp-CodeCell .jp-InputPrompt")
    not_done = prompts.filter(has_text=re.compile(r"^\[( |\*)\]:$"))
    expect(prompts.first).not_to_have_text("[ ]:", timeout=60_000)
    expect(not_done).to_have_count(0, timeout=120_000)


def error_outputs(page: Page) -> list[str]:
    selector = (".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr'], "
                ".jp-OutputArea-output.jp-RenderedText[data-mime-type*='error']")
    return page.locator(selector).all_inner_texts()


def screenshot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path


def settled_order(page: Page, rows: Locator, items: list[str]) -> list[str]:
    """The items as shown, once every label has been redrawn after the last move (the
    kernel relabels the rows one by one)."""
    for _ in range(50):
        texts = rows.all_inner_texts()
        if sorted(texts) == sorted(items):
            return texts
        page.wait_for_timeout(100)
    raise AssertionError(f"the items never settled: {texts}")


def run_as_student(page: Page, cell: Locator, code: str) -> None:
    """Replace a code cell's text as a student would (click into it, select all, type)
    and run it with Shift+Enter; wait until it has run."""
    prompt = cell.locator(".jp-InputPrompt")
    before = prompt.inner_text()
    cell.scroll_into_view_if_needed()
    cell.locator(".jp-InputArea-editor").click()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text(code)
    page.keyboard.press("Shift+Enter")
    expect(prompt).not_to_have_text(before, timeout=30_000)
    expect(prompt).not_to_have_text(re.compile(r"^\[\*\]:$"), timeout=60_000)
