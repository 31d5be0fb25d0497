"""The class report opened from disk in Chromium with the network blocked: its heatmaps
draw from the plotly.js beside it, nothing a student typed runs as script, and axe-core
finds no accessibility violation."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

import sinojapan as sj
from sinojapan.instructor.class_report import write_class_report
from sinojapan.progress.store import Progress

from helpers import check_answer, synthetic_class

pytestmark = pytest.mark.browser


@pytest.fixture
def offline_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    requests: list[str] = []

    def only_files(route):
        requests.append(route.request.url)
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", only_files)
    page = context.new_page()
    page.requests = requests
    page.problems = []
    page.on("pageerror", lambda error: page.problems.append(f"error: {error}"))
    page.on("dialog", lambda dialog: (page.problems.append(f"dialog: {dialog.message}"),
                                      dialog.dismiss()))
    yield page
    context.close()


def test_the_report_draws_its_heatmaps_offline_and_runs_no_student_script(offline_page,
                                                                          tmp_path):
    folder = tmp_path / "class"
    synthetic_class(folder, [sj.quiz_bank("03")], 5)
    store = Progress(tmp_path / "mallory.json")
    check_answer(store, "03", "s03-alliance", "<img src=x onerror=alert(2)>")
    check_answer(store, "03", "s03-reflection", "<script>alert(3)</script> I think the third "
                                                "stage starts in 2008 with the survey ships.")
    (folder / "mallory.json").write_bytes((tmp_path / "mallory.json").read_bytes())
    (folder / "<script>alert(1)<").mkdir()
    (folder / "<script>alert(1)<" / "progress.json").write_bytes(
        (tmp_path / "mallory.json").read_bytes())
    report = write_class_report(folder, tmp_path / "out")
    assert report.students == 7

    offline_page.goto(report.paths["html"].as_uri())
    offline_page.wait_for_selector("#mastery-lesson .heatmaplayer image", timeout=15_000)
    offline_page.wait_for_selector("#mastery-part .heatmaplayer image", timeout=15_000)
    labels = offline_page.locator("#mastery-lesson .ytick text").evaluate_all(
        "texts => texts.map(t => t.textContent)")
    assert "<script>alert(1)<" in labels  # shown as typed, not run
    assert offline_page.get_by_text("<img src=x onerror=alert(2)>", exact=False).count() >= 1
    assert offline_page.problems == []
    assert all(url.startswith("file:") for url in offline_page.requests)
    found = Axe().run(offline_page).response["violations"]
    assert [f"{v['id']}: {v['help']} at {v['nodes'][0]['target']}" for v in found] == []


def test_a_students_progress_page_reads_in_order_and_passes_axe(offline_page, tmp_path):
    from sinojapan.progress.report import export_report

    store = Progress(tmp_path / "progress.json")
    check_answer(store, "03", "s03-characterization", 1)
    check_answer(store, "03", "s03-reflection", "For me the third stage begins in 2008 with "
                                                "survey ships in the territorial waters.")
    page_path = export_report(store, tmp_path / "out", student="Ann")["html"]
    offline_page.goto(page_path.as_uri())
    rows = offline_page.locator("table").nth(2).locator("tbody tr")
    assert rows.count() == len(sj.quiz_bank("03").questions)
    assert rows.first.locator("td").nth(3).inner_text() == "\u2717 not right yet"
    found = Axe().run(offline_page).response["violations"]
    assert [f"{v['id']}: {v['help']} at {v['nodes'][0]['target']}" for v in found] == []
