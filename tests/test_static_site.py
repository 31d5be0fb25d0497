"""The static site (tasks.py html): one site with an index, plotly.js once in a shared
file (the partial bundle shipped with the package, with its licence and version), pages
under 1 MB and under 2 MB with their scripts, every quiz numbered in its static form, and
no answer anywhere in a student page or its source; `--with-answers` holds every answer."""

from __future__ import annotations

import hashlib
import html
import json
import re
import shutil
import subprocess
import sys

import pytest

import sinojapan as sj
from sinojapan.content import files
from sinojapan.content.html_text import inline_markdown
from sinojapan.instructor import plotly_bundles
from sinojapan.instructor.export import plotly_script
from sinojapan.instructor.plotly_bundles import BASIC, FULL
from sinojapan.instructor.static_site import PLOTLY_FILE, export_site

from helpers import LESSONS, REPO, answer_texts, page_weight

PAGE_LIMIT = 1_000_000  # bytes, besides the shared plotly.js
WEIGHT_LIMIT = 2_000_000  # bytes, a page and every script it loads
LESSON_03 = REPO / "lessons" / "03-stage-3-open-tension.ipynb"


def narrative() -> str:
    """Every lesson's Markdown: what the lessons teach openly, which a quiz may repeat."""
    cells = [c for path in LESSONS for c in json.loads(path.read_text(encoding="utf-8"))["cells"]
             if c["cell_type"] == "markdown"]
    return "\n".join("".join(c["source"]) for c in cells)


def secrets(bank_id: str) -> list[str]:
    """Each answer text of a bank that its lesson does not already teach in its text."""
    taught = narrative()
    return [t for q in sj.quiz_bank(bank_id).questions for t in answer_texts(q)
            if t not in taught]


def leaks(page: str, texts: list[str]) -> list[str]:
    forms = lambda t: {t, html.escape(t), html.escape(t, quote=False)}  # noqa: E731
    return [t for t in texts if any(f in page for f in forms(t))]


@pytest.fixture(scope="module")
def lesson_03(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sites")
    student = export_site(folder / "student", [LESSON_03])
    teacher = export_site(folder / "teacher", [LESSON_03], with_answers=True)
    assert not student.failed and not teacher.failed
    read = lambda report: {p.name: p.read_text(encoding="utf-8")  # noqa: E731
                           for p in report.folder.iterdir()}
    return read(student), read(teacher)


def test_the_site_has_an_index_plotly_once_and_small_pages(lesson_03):
    student, _ = lesson_03
    page = student[LESSON_03.stem + ".html"]
    assert set(student) == {"index.html", PLOTLY_FILE, LESSON_03.stem + ".html"}
    assert page.count(f'<script type="text/javascript" src="{PLOTLY_FILE}" defer></script>') == 1
    assert plotly_script(shared=False)[300:500] not in page  # not inline
    assert page.count('class="sj-figure"') == 2  # the timeline and the visitors chart
    assert len(page.encode("utf-8")) < PAGE_LIMIT
    assert '<a href="index.html">All lessons</a>' in page
    assert '<a href="03-stage-3-open-tension.html">Lesson 03' in student["index.html"]
    assert "Lesson 00" not in student["index.html"]  # only the pages that are there
    assert "http://" not in student["index.html"] and "https://" not in student["index.html"]


def test_the_shared_plotly_file_is_the_partial_bundle_shipped_with_the_package(lesson_03):
    assert PLOTLY_FILE == BASIC
    assert lesson_03[0][PLOTLY_FILE] == plotly_bundles.BASIC_PATH.read_text(encoding="utf-8")
    assert FULL not in lesson_03[0]  # the lessons' charts need nothing more


def test_a_page_with_its_scripts_weighs_under_2_mb(tmp_path):
    report = export_site(tmp_path, [LESSON_03])
    weight, scripts = page_weight(tmp_path / f"{LESSON_03.stem}.html")
    assert not report.failed and scripts == [PLOTLY_FILE]
    assert weight < WEIGHT_LIMIT


def test_the_bundle_states_its_version_and_licence_and_fits_the_installed_plotly():
    """The file in the package, its licence beside it, and the note on where it comes from
    and how to update it (vendor/README.md) agree; it draws what the installed plotly
    writes. After upgrading plotly, this fails until the bundle is updated."""
    text = plotly_bundles.BASIC_PATH.read_text(encoding="utf-8")
    shipped = REPO / "widgets" / "sinojapan" / "instructor" / "vendor"
    assert plotly_bundles.BASIC_PATH == shipped / BASIC  # inside the package: in the wheel
    assert plotly_bundles.bundle_version(text) == plotly_bundles.BASIC_VERSION
    assert text.startswith(f"/**\n* plotly.js (basic - minified) v{plotly_bundles.BASIC_VERSION}")
    licence = (plotly_bundles.VENDOR / "plotly-basic.LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License") and "Plotly" in licence
    note = (plotly_bundles.VENDOR / "README.md").read_text(encoding="utf-8")
    assert f"`plotly.js-basic-dist-min`, version **{plotly_bundles.BASIC_VERSION}**" in note
    assert hashlib.sha256(text.encode("utf-8")).hexdigest() in note
    assert re.search(r"sha512-[A-Za-z0-9+/=]{88}", note)  # npm's integrity of the package
    installed = plotly_bundles.installed_version()
    assert plotly_bundles.compatible(plotly_bundles.BASIC_VERSION, installed), (
        f"the installed plotly writes figures for plotly.js {installed}: update the bundle "
        "(widgets/sinojapan/instructor/vendor/README.md)")


def test_a_page_gets_the_full_plotly_js_only_for_a_trace_the_bundle_lacks(monkeypatch):
    assert plotly_bundles.bundle_for({"scatter", "bar"}) == BASIC
    assert plotly_bundles.bundle_for(set()) == BASIC
    assert plotly_bundles.bundle_for({"scatter", "histogram"}) == FULL
    assert plotly_bundles.trace_types({"data": [{"x": [1]}, {"type": "bar"}]}) == {"scatter",
                                                                                  "bar"}
    assert [plotly_bundles.compatible(have, "4.1.1") for have in (
        "4.1.1", "4.1.2", "4.3.0", "4.1.0", "3.9.9", "5.0.0")] == [True] * 3 + [False] * 3
    monkeypatch.setattr(plotly_bundles, "installed_version", lambda: "5.0.0")
    assert plotly_bundles.bundle_for({"scatter"}) == FULL  # figures from a newer plotly
    with pytest.raises(ValueError, match="no plotly.js bundle called"):
        plotly_bundles.bundle_text("plotly-gl3d.min.js")


def test_a_student_page_numbers_every_question_and_holds_no_answer(lesson_03):
    page = lesson_03[0][LESSON_03.stem + ".html"]
    bank = sj.quiz_bank("03")
    assert all(f"Question {n}. </strong>" in page for n in range(1, len(bank) + 1))
    assert 'class="sj-key"' not in page and "Show the answer" not in page
    assert leaks(page, secrets("03")) == []
    assert "Choose one." in page and "Choose its stage." in page and "Write at least" in page


def test_the_instructors_version_holds_every_answer(lesson_03):
    page = lesson_03[1][LESSON_03.stem + ".html"]
    texts = [t for q in sj.quiz_bank("03").questions for t in answer_texts(q)]
    assert leaks(page, texts) == texts
    assert page.count('class="sj-key"') == len(sj.quiz_bank("03"))
    assert "Instructor's version, with the answers" in lesson_03[1]["index.html"]


def test_a_lesson_that_fails_is_reported_and_the_site_still_written(tmp_path, monkeypatch):
    shutil.copytree(REPO / "data", tmp_path / "data")
    shutil.copytree(REPO / "lessons", tmp_path / "lessons")
    monkeypatch.setenv(files.DATA_ENV, str(tmp_path / "data"))
    files.clear_cache()
    broken = tmp_path / "lessons" / LESSON_03.name
    notebook = json.loads(broken.read_text(encoding="utf-8"))
    notebook["cells"].insert(2, {"cell_type": "code", "id": "boom", "metadata": {}, "outputs": [],
                                 "execution_count": None, "source": "raise ValueError('boom')"})
    broken.write_text(json.dumps(notebook), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "sinojapan.instructor.static_site", "--out",
                           str(tmp_path / "site"), str(broken), "nowhere.ipynb"],
                          capture_output=True, text=True, timeout=300)
    files.clear_cache()
    assert done.returncode == 1
    assert f"not exported: {LESSON_03.name}: {LESSON_03.name}: the lesson failed" in done.stderr
    assert "ValueError: boom" in done.stderr
    assert "not exported: nowhere.ipynb: not a lesson in lessons/" in done.stderr
    assert (tmp_path / "site" / "index.html").exists()
    assert (tmp_path / "site" / PLOTLY_FILE).exists()


@pytest.fixture(scope="module")
def whole_site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("whole")
    student = export_site(folder / "student")
    teacher = export_site(folder / "teacher", with_answers=True)
    assert student.failed == {} and teacher.failed == {}
    return student.folder, teacher.folder


@pytest.mark.slow
@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.name[:2])
def test_every_lesson_page_is_small_and_holds_no_answer_of_any_bank(whole_site, lesson):
    student, teacher = whole_site
    page = (student / f"{lesson.stem}.html").read_text(encoding="utf-8")
    assert len(page.encode("utf-8")) < PAGE_LIMIT
    assert page.count(f'src="{PLOTLY_FILE}"') == 1
    weight, scripts = page_weight(student / f"{lesson.stem}.html")
    assert scripts == [PLOTLY_FILE] and weight < WEIGHT_LIMIT
    every_bank = [t for bank in sj.quiz_bank_ids() for t in secrets(bank)]
    assert leaks(page, every_bank) == []
    own = [t for q in sj.quiz_bank(lesson.name[:2]).questions for t in answer_texts(q)]
    with_answers = (teacher / f"{lesson.stem}.html").read_text(encoding="utf-8")
    assert leaks(with_answers, own) == own


@pytest.mark.slow
def test_the_index_lists_every_lesson_with_its_objectives(whole_site):
    from sinojapan.course.outline import outlines

    index = (whole_site[0] / "index.html").read_text(encoding="utf-8")
    for outline in outlines().values():
        assert f'href="{outline.path.stem}.html"' in index
        assert all(inline_markdown(o) in index for o in outline.objectives)


def test_the_index_renders_the_objectives_from_markdown():
    from sinojapan.course.outline import outlines
    from sinojapan.instructor.static_site import index_page

    index = index_page(list(outlines().values()), with_answers=False)
    assert "<code>sj.series(...)</code>" in index and "`" not in index


def test_a_contested_text_keeps_both_sides_and_its_text_version_in_the_static_page(tmp_path):
    import nbformat

    from sinojapan.content.contested_texts import contested_text
    from sinojapan.instructor.export import export_html

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell("import sinojapan as sj"),
                      nbformat.v4.new_code_cell('sj.compare_texts("2014-four-points")')]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    source = tmp_path / "texts.ipynb"
    nbformat.write(notebook, source)
    page = export_html(source, tmp_path / "texts.html").read_text(encoding="utf-8")
    text = contested_text("2014-four-points")
    assert page.count('<table class="sinojapan-texts">') == 1
    for side in text.sides:
        assert html.escape(side.passages[0].words) in page
        assert html.escape(side.url, quote=True) in page
    assert "Text version of this comparison" in page
