"""The class report opened from disk in Chromium with the network blocked: its heatmaps
draw from the plotly.js beside it, nothing a student typed runs as script, and axe-core
finds no accessibility violation; folded, a class of 200 is a few screens tall, a fold
opens from the keyboard, and printed on A4 the students tables fit the page."""

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
    offline_page.get_by_text("Heatmap: every student").first.click()  # the folds open
    offline_page.get_by_text("Heatmap: every student").last.click()
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


def test_the_marking_page_works_offline_by_keyboard_and_saves_marks(offline_page, tmp_path):
    """One question's answers in turn with the rubric beside them (as SpeedGrader and
    nbgrader's formgrader do), J and K to move, points typed, marks.csv saved; then the
    saved file goes into the class report."""
    from sinojapan.instructor.marking import write_marking

    folder = tmp_path / "class"
    synthetic_class(folder, [sj.quiz_bank("03")], 6, seed=1)
    store = Progress(tmp_path / "mallory.json")
    check_answer(store, "03", "s03-reflection", "<script>alert(4)</script> I would start the "
                                                "third stage in 2008 with the survey ships.")
    (folder / "mallory.json").write_bytes((tmp_path / "mallory.json").read_bytes())
    paths = write_marking(folder, tmp_path / "marking")
    offline_page.goto(paths["html"].as_uri())
    question = offline_page.locator(".sj-mark-q").first
    cards = question.locator(".sj-answer")
    count = cards.count()
    assert count >= 2
    assert question.locator(".sj-rubric").is_visible()  # the rubric beside the answer
    assert question.locator(".sj-levels").is_visible()
    visible = [cards.nth(i).is_visible() for i in range(count)]
    assert visible == [True] + [False] * (count - 1)  # one student at a time
    status = question.locator(".sj-at")
    assert status.inner_text().startswith(f"Student 1 of {count}: ")
    first_name = cards.nth(0).get_attribute("data-student")
    cards.nth(0).locator("input").fill("3")
    question.locator(".sj-next").focus()
    offline_page.keyboard.press("Enter")  # the Next button, by keyboard
    assert cards.nth(1).is_visible() and not cards.nth(0).is_visible()
    cards.nth(1).locator("input").fill("2")
    question.locator(".sj-next").focus()
    offline_page.keyboard.press("k")  # K: the previous student
    assert cards.nth(0).is_visible()
    cards.nth(0).locator("input").focus()  # J and K work from the points field too
    offline_page.keyboard.press("j")
    assert cards.nth(1).is_visible()
    field = cards.nth(1).locator("input")
    field.fill("9")  # out of range: said at once, and not saved
    assert field.get_attribute("aria-invalid") == "true"
    assert cards.nth(1).locator(".sj-warn").inner_text().startswith("Not saved: give points")
    field.fill("2")
    assert cards.nth(1).locator(".sj-warn").inner_text() == ""
    offline_page.keyboard.press("k")
    assert cards.nth(0).is_visible()
    assert offline_page.get_by_text("<script>alert(4)</script>", exact=False).count() == 1
    with offline_page.expect_download() as download:
        offline_page.locator("#sj-save").click()
    saved = tmp_path / "marks.csv"
    download.value.save_as(saved)
    text = saved.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == "student,lesson,question_id,points"
    assert f"{first_name},03,s03-reflection,3" in text
    assert offline_page.problems == []
    assert all(url.startswith("file:") for url in offline_page.requests)
    report = write_class_report(folder, tmp_path / "out", marks=saved)
    assert len(report.marks) == 2 and not [n for n in report.notes if "marks.csv" in n]
    found = Axe().run(offline_page).response["violations"]
    assert [f"{v['id']}: {v['help']} at {v['nodes'][0]['target']}" for v in found] == []
SCREEN = 900  # the viewport's height, in pixels
A4_WIDTH = 703  # pixels: 210 mm less the report's 12 mm margins, at 96 pixels per inch


@pytest.mark.parametrize("students", [40, 200])
def test_folded_the_report_is_a_few_screens_and_printed_it_fits_a4(offline_page, tmp_path,
                                                                   students):
    """Before the folds, 40 students made a page of 158,000 px and 200 of 658,000 px, and
    the students table ran to 2,346 px wide in print."""
    banks = [sj.quiz_bank(b) for b in sj.quiz_bank_ids() if b.isdigit()]
    synthetic_class(tmp_path / "class", banks, students)
    report = write_class_report(tmp_path / "class", tmp_path / "out")
    offline_page.goto(report.paths["html"].as_uri())
    offline_page.wait_for_selector("#mastery-lesson .heatmaplayer image", state="attached",
                                   timeout=30_000)
    height = offline_page.evaluate("document.documentElement.scrollHeight")
    print(f"{students} students: {height} px folded ({height / SCREEN:.1f} screens)")
    assert height <= 4 * SCREEN
    assert offline_page.get_by_role("heading", name="Summary").is_visible()

    fold = offline_page.locator("summary", has_text="Scores: every student")
    fold.focus()
    offline_page.keyboard.press("Enter")  # a fold opens from the keyboard
    table = offline_page.locator("details[open] table").first
    assert table.locator("tbody tr").count() == students

    offline_page.set_viewport_size({"width": A4_WIDTH, "height": 1000})
    offline_page.emulate_media(media="print")  # every fold shows when printed
    students_tables = offline_page.locator("section[aria-labelledby=students-heading] table")
    assert students_tables.count() == 3
    for index in range(3):
        box = students_tables.nth(index).bounding_box()
        assert box["height"] > 0 and box["x"] >= 0 and box["x"] + box["width"] <= A4_WIDTH
    assert offline_page.evaluate("document.documentElement.scrollWidth") <= A4_WIDTH
    assert offline_page.problems == []
