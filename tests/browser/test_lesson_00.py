"""A student opens lesson 00 in JupyterLab and runs it."""

from __future__ import annotations

from playwright.sync_api import expect

from lab import error_outputs, open_lesson, run_all_cells, screenshot


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
