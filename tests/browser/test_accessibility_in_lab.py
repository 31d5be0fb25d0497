"""axe-core (bundled by axe-playwright-python, run offline in Chromium) finds no violation
in what the module puts on the page: every lesson's outputs in JupyterLab after Run All,
and the static export of a lesson. JupyterLab's own interface is not ours to audit."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from helpers import LESSONS, REPO
from lab import error_outputs, open_lesson, run_all_cells

OUTPUTS = {"include": [[".jp-OutputArea-output"]]}


def violations(page, context=OUTPUTS) -> list[str]:
    found = Axe().run(page, context=context).response["violations"]
    return [f"{v['id']} ({v['impact']}): {v['help']} at {v['nodes'][0]['target']}"
            for v in found]


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name[:2])
def test_lesson_outputs_have_no_accessibility_violations(lab_server, page, path):
    open_lesson(page, lab_server, path.name)
    run_all_cells(page)
    assert error_outputs(page) == []
    page.wait_for_timeout(500)  # the last widgets render
    assert violations(page) == []


def test_the_static_export_has_no_accessibility_violations(browser, tmp_path):
    from sinojapan.instructor.export import export_html

    out = export_html(REPO / "lessons" / "00-start-here.ipynb", tmp_path / "lesson-00.html")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, offline=True)
    page = context.new_page()
    page.goto(out.as_uri())
    page.wait_for_selector(".js-plotly-plot")
    assert violations(page) == []
    context.close()
