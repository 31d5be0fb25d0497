"""What a kernel sends for the charts, and the static HTML export of a lesson."""

from __future__ import annotations

import html
import json

import nbformat
import pytest
from nbclient import NotebookClient

import sinojapan as sj
from sinojapan.instructor.export import PLOTLY_MIME, export_html, plotly_script
from sinojapan.instructor.plotly_bundles import BASIC, FULL, bundle_text

from helpers import LESSONS, REPO

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in (
        "import sinojapan as sj", "sj.timeline()", 'sj.chart("gdp")', "sj.explorer()",
        "sj.explorer()\nsj.timeline()")]
    folder = tmp_path_factory.mktemp("kernel")
    NotebookClient(notebook, kernel_name="python3", timeout=120,
                   resources={"metadata": {"path": str(folder)}}).execute()
    return notebook


def test_charts_use_plotlys_compact_mimetype_and_print_their_caption(executed):
    for cell in executed.cells[1:3]:
        figure, caption = cell.outputs
        assert set(figure["data"]) == {PLOTLY_MIME}  # no embedded plotly.js, no HTML copy
        assert "Source:" in caption["data"]["text/html"]
        assert "Text version of this chart" in caption["data"]["text/html"]
        assert "Source:" in caption["data"]["text/plain"]
    assert "World Bank" in executed.cells[2].outputs[1]["data"]["text/html"]
    for cell in executed.cells:
        assert not [o for o in cell.outputs if o.get("name") == "stderr"]


def test_explorer_is_a_widget_and_timeline_still_callable_after_it(executed):
    (view,) = executed.cells[3].outputs  # one output: no page-wide script before it
    assert WIDGET_MIME in view["data"] and "sj-static-explorer" in view["data"]["text/html"]
    assert PLOTLY_MIME in executed.cells[4].outputs[0]["data"]


def test_lesson_exports_to_static_html_with_plotly_js_once_and_no_cdn(tmp_path, capfd):
    lesson = REPO / "lessons" / "00-start-here.ipynb"
    stored = lesson.read_bytes()
    out = export_html(lesson, tmp_path / "lesson.html")
    assert "WARNING" not in capfd.readouterr().err  # the kernel's start-up chatter is kept
    page = out.read_text(encoding="utf-8")
    assert lesson.read_bytes() == stored  # the committed notebook is untouched
    signature = plotly_script()[200:400]
    assert page.count(signature) == 1  # plotly.js inline, once
    assert page.count(bundle_text(BASIC)[-3000:-2000]) == 1  # the partial bundle:
    assert bundle_text(FULL)[-3000:-2000] not in page  # scatter and bar are all it needs
    assert len(page.encode("utf-8")) < 2_000_000
    assert page.count('class="sj-figure"') == 2  # lesson 00: the timeline, the progress chart
    assert page.count("Plotly.newPlot(") == 1  # one loader draws them
    assert page.count('class="sj-static-quiz"') == 1  # the quiz, with no kernel
    bank = sj.quiz_bank("00")
    assert page.count('class="sj-static-question"') == len(bank)  # every question, numbered
    assert f"Question {len(bank)}." in page
    assert "Show the answer" not in page and "sj-key" not in page  # no answer in the source
    assert all(html.escape(q.explanation) not in page for q in bank.questions)
    assert "application/vnd.jupyter.widget-state+json" not in page
    assert '<script src="http' not in page
    assert "Japan-China relations, 1972-" in page
    assert "Text version of this chart" in page
    notebook = json.loads(stored)
    assert all(c.get("outputs", []) == [] for c in notebook["cells"])


def test_plotly_js_is_included_once_however_many_figures(tmp_path):
    notebook = nbformat.read(REPO / "lessons" / "00-start-here.ipynb", as_version=4)
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in (
        "import sinojapan as sj", 'sj.timeline(stage="4")', 'sj.chart("gdp")',
        'sj.chart("visitors")')]
    nbformat.write(notebook, tmp_path / "three-figures.ipynb")
    page = export_html(tmp_path / "three-figures.ipynb").read_text(encoding="utf-8")
    assert page.count(plotly_script()[200:400]) == 1
    assert page.count('class="sj-figure"') == 3
    assert page.count("sinojapan-caption") >= 3


def test_a_trace_the_partial_bundle_lacks_gets_the_full_plotly_js(tmp_path):
    """An instructor's own lesson may draw a histogram: its page inlines the full plotly.js
    (a site writes plotly.min.js beside the page and loads it)."""
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(
        "from IPython.display import display\n"
        f"display({{'{PLOTLY_MIME}': {{'data': [{{'type': 'histogram', 'x': [1, 2, 2]}}],"
        " 'layout': {}}}, raw=True)")]
    nbformat.write(notebook, tmp_path / "histogram.ipynb")
    page = export_html(tmp_path / "histogram.ipynb").read_text(encoding="utf-8")
    assert page.count(bundle_text(FULL)[-3000:-2000]) == 1
    assert bundle_text(BASIC)[-3000:-2000] not in page
    (tmp_path / "site").mkdir()
    export_html(tmp_path / "histogram.ipynb", tmp_path / "site" / "h.html", shared_plotly=True)
    assert (tmp_path / "site" / FULL).read_text(encoding="utf-8") == bundle_text(FULL)
    assert f'src="{FULL}"' in (tmp_path / "site" / "h.html").read_text(encoding="utf-8")


@pytest.mark.slow
@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.name[:2])
def test_every_lesson_exports_without_anyones_progress(lesson, tmp_path, monkeypatch):
    """With answers saved by the person exporting (a placement question among them), the
    page still builds and shows none of them, nor where they are kept."""
    from sinojapan.progress.store import PROGRESS_ENV, Progress

    mine = tmp_path / "my-progress.json"
    monkeypatch.setenv(PROGRESS_ENV, str(mine))
    bank = sj.quiz_bank(lesson.name[:2])
    store = Progress(mine)
    for question in bank.questions:
        result = question.check(question.solution())
        store.record_attempt(bank.id, question.id, question.answer_to_json(question.solution()),
                             result.score, result.correct, result.feedback,
                             question.essay_part, question.TYPE)
    page = export_html(lesson, tmp_path / "lesson.html").read_text(encoding="utf-8")
    assert "my-progress.json" not in page and str(tmp_path) not in page
    assert 'class="sj-static-quiz"' in page
    assert 'data-mime-type="application/vnd.jupyter.stderr"' not in page  # no error output
    assert mine.exists() and len(Progress(mine).bank(bank.id)) == len(bank.questions)


def test_a_figure_is_a_placeholder_with_its_spec_and_its_text_cannot_end_the_script():
    from sinojapan.instructor.export import figure_html

    figure = {"data": [{"type": "scatter", "x": [1], "y": [2], "name": "</script><b>x"}],
              "layout": {"height": 321, "title": {"text": "t"}}}
    page = figure_html(figure, 7)
    assert page.startswith('<div id="sinojapan-figure-7" class="sj-figure" '
                           'style="height:321px; width:100%;"></div>')
    assert page.count("</script>") == 1 and page.endswith("</script>")
    spec = json.loads(page.split('-spec">', 1)[1].removesuffix("</script>"))
    assert spec["data"][0]["name"] == "</script><b>x"
    assert spec["config"]["displaylogo"] is False


def test_a_lesson_page_is_titled_by_its_heading_not_notebook():
    import nbformat

    from sinojapan.instructor.export import page_title

    lesson = sorted((REPO / "lessons").glob("03-*.ipynb"))[0]
    notebook = nbformat.read(lesson, as_version=4)
    assert page_title(notebook, lesson).startswith("Lesson 03")
    assert page_title(nbformat.v4.new_notebook(), lesson) == lesson.stem


def test_a_kernel_that_dies_starting_is_started_again_once(monkeypatch, tmp_path):
    """A kernel can die before answering (a port another kernel took in that instant): the
    export starts a fresh one once, and says so only if that one fails too."""
    from sinojapan.instructor.export import ExportError, run_lesson

    calls = []

    def execute(self, **kwargs):
        calls.append(self)
        if len(calls) <= failures:
            raise RuntimeError("Kernel died before replying to kernel_info")
        return self.nb

    monkeypatch.setattr(NotebookClient, "execute", execute)
    lesson = tmp_path / "lesson.ipynb"
    failures = 1
    run_lesson(nbformat.v4.new_notebook(), lesson, 30, with_answers=False)
    assert len(calls) == 2 and calls[0] is not calls[1]
    calls.clear()
    failures = 2
    with pytest.raises(ExportError, match="did not start or answer"):
        run_lesson(nbformat.v4.new_notebook(), lesson, 30, with_answers=False)
    assert len(calls) == 2
