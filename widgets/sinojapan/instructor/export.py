"""Export a lesson to one static HTML file, with its charts drawn and no kernel needed.

    python -m sinojapan.instructor.export lessons/00-start-here.ipynb [out.html]

The lesson is run in a fresh kernel (nbclient); every Plotly output then gets an HTML
rendering that draws it, and plotly.js is put inline once at the top of the page (no
CDN: a classroom or an archive may have no network), or, for a site of several lessons
(`static_site.py`), loaded from one shared file beside the pages. That plotly.js is the
partial bundle shipped with the package (scatter, bar and pie: every chart of the lessons,
a quarter of the full size) unless a figure needs another trace type; see
`plotly_bundles.py`. The figures keep their
own controls (stage buttons, category menu, a range slider where drawn), which need no
kernel. Quizzes appear in their static form, with no answer anywhere in the page unless
the instructor's version is asked for (`with_answers=True`)."""

from __future__ import annotations

import contextlib
import os
import re
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from sinojapan.instructor.plotly_bundles import (
    BASIC,
    bundle_for,
    bundle_text,
    place_beside,
    trace_types,
)
from sinojapan.pictures.display import (
    FIGURE_CONFIG,
    PLOTLY_MIME,
    STATIC_ANSWERS_ENV,
    STATIC_EXPORT_ENV,
)
from sinojapan.progress.store import PROGRESS_ENV

# The export's template leaves links in text distinguishable by colour alone (axe-core's
# link-in-text-block); underline them, as JupyterLab itself does.
PAGE_STYLE = "<style>.jp-RenderedHTMLCommon a { text-decoration: underline !important; }</style>\n"
CELL_TIMEOUT = 180  # seconds a cell may take before the export gives up on the lesson


class ExportError(RuntimeError):
    """A lesson could not be exported; the message names the lesson and the cell."""


@contextlib.contextmanager
def exporting_environment(with_answers: bool = False) -> Iterator[None]:
    """The kernel a lesson is exported from sees an empty progress file of its own (so no
    one's answers or file path reach the page) and knows it is making a static page, and
    whether it is the instructor's, with the answers."""
    names = (PROGRESS_ENV, STATIC_EXPORT_ENV, STATIC_ANSWERS_ENV)
    saved = {name: os.environ.get(name) for name in names}
    with tempfile.TemporaryDirectory(prefix="sinojapan-export-") as folder:
        os.environ[PROGRESS_ENV] = str(Path(folder) / "progress.json")
        os.environ[STATIC_EXPORT_ENV] = "1"
        if with_answers:
            os.environ[STATIC_ANSWERS_ENV] = "1"
        else:
            os.environ.pop(STATIC_ANSWERS_ENV, None)
        try:
            yield
        finally:
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value

# nbconvert's lab template loads require.js and MathJax from a CDN; the lessons need
# neither, and an exported lesson must not reach the network.
ANSI_COLOUR = re.compile(r"\x1b\[[0-9;]*m")  # a traceback's colours, unreadable in a log
CDN_SCRIPT = re.compile(r'<script[^>]*\ssrc="https?://[^"]*"[^>]*>\s*</script>\s*')


FIGURE_CLASS = "sj-figure"  # FIGURE_LOADER finds the figures by it
# Draws the page's figures (each a div and its JSON spec) once plotly.js has loaded: those
# in or near view first, the rest one at a time when the browser is idle, and all of them
# before printing. A page with several charts is readable at once instead of after every
# chart has been drawn.
FIGURE_LOADER = """<script type="text/javascript">
(function () {
  function draw(div) {
    if (div.getAttribute('data-drawn')) { return; }
    div.setAttribute('data-drawn', 'yes');
    var spec = JSON.parse(document.getElementById(div.id + '-spec').textContent);
    Plotly.newPlot(div, spec.data, spec.layout, spec.config);
  }
  function figures() { return Array.prototype.slice.call(document.querySelectorAll('.sj-figure')); }
  function rest() {
    var next = figures().filter(function (d) { return !d.getAttribute('data-drawn'); })[0];
    if (next) { draw(next); setTimeout(rest, 50); }
  }
  document.addEventListener('DOMContentLoaded', function () {
    if ('IntersectionObserver' in window) {
      var seen = new IntersectionObserver(function (entries) {
        entries.forEach(function (e) { if (e.isIntersecting) { draw(e.target); } });
      }, {rootMargin: '300px'});
      figures().forEach(function (d) { seen.observe(d); });
    }
    setTimeout(rest, 300);
  });
  window.addEventListener('beforeprint', function () { figures().forEach(draw); });
})();
</script>
"""


def figure_html(figure: dict, number: int) -> str:
    """A figure as a placeholder of its height and its spec as JSON (`</` escaped, so the
    data cannot end the script element); FIGURE_LOADER draws it."""
    import json

    import plotly.io as pio

    spec = json.loads(pio.to_json(figure, validate=False))
    spec["config"] = {**FIGURE_CONFIG, **spec.get("config", {})}
    height = spec.get("layout", {}).get("height") or 450
    data = json.dumps(spec, separators=(",", ":")).replace("</", "<\\/")
    name = f"sinojapan-figure-{number}"
    return (f'<div id="{name}" class="{FIGURE_CLASS}" style="height:{height}px; width:100%;">'
            f'</div><script type="application/json" id="{name}-spec">{data}</script>')


def add_plotly_html(notebook) -> list[set[str]]:
    """Give every Plotly output of an executed notebook a `text/html` rendering (see
    `figure_html`; no plotly.js); returns the trace types of each figure it found."""
    found = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            bundle = output.get("data", {})
            if PLOTLY_MIME in bundle:
                figure = dict(bundle[PLOTLY_MIME])
                found.append(trace_types(figure))
                bundle["text/html"] = figure_html(figure, len(found))
    return found


PLOTLY_CONFIG_SCRIPT = ('<script type="text/javascript">window.PlotlyConfig = '
                        '{MathJaxConfig: "local"};</script>\n')


def plotly_script(bundle: str = BASIC, *, shared: bool = False) -> str:
    """plotly.js (`BASIC`, the partial bundle, or `FULL`) as a script element: inline, or
    (`shared`) loaded from the file of that name beside the page."""
    if shared:  # deferred: the page's text shows while the browser reads plotly.js
        return (PLOTLY_CONFIG_SCRIPT + f'<script type="text/javascript" src="{bundle}" defer>'
                "</script>\n" + FIGURE_LOADER)
    return (PLOTLY_CONFIG_SCRIPT + '<script type="text/javascript">' + bundle_text(bundle)
            + "</script>\n" + FIGURE_LOADER)


def export_html(lesson: str | Path, output: str | Path | None = None, *,
                timeout: int = CELL_TIMEOUT, shared_plotly: bool = False,
                with_answers: bool = False, top: str = "") -> Path:
    """Run `lesson` and write it as static HTML (default: next to it, .html); returns the
    path written. `shared_plotly`: load plotly.js from a file beside the page (written
    there if missing) instead of inline; `with_answers`: the instructor's version; `top`:
    HTML put first in the page's body (e.g. a navigation bar)."""
    import nbformat
    from nbconvert import HTMLExporter

    lesson = Path(lesson).resolve()
    output = Path(output) if output else lesson.with_suffix(".html")
    notebook = nbformat.read(lesson, as_version=4)
    run_lesson(notebook, lesson, timeout, with_answers)
    figures = add_plotly_html(notebook)
    bundle = bundle_for(set().union(*figures))
    if figures and shared_plotly:
        place_beside(output.parent, bundle)
    exporter = HTMLExporter(template_name="lab")
    body, _ = exporter.from_notebook_node(
        notebook, resources={"metadata": {"name": page_title(notebook, lesson)}})
    body = CDN_SCRIPT.sub("", body)
    head = body.index("<head>") + len("<head>")
    script = plotly_script(bundle, shared=shared_plotly) if figures else ""
    body = body[:head] + "\n" + PAGE_STYLE + script + body[head:]
    if top:
        start = body.index(">", body.index("<body")) + 1
        body = body[:start] + top + body[start:]
    output.write_text(body, encoding="utf-8")
    return output


def page_title(notebook, lesson: Path) -> str:
    """The page's <title>: the notebook's first heading ('Lesson 03 · Open tension'), so
    tabs, bookmarks and screen readers tell the lessons apart; else the file's name."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return lesson.stem


def run_lesson(notebook, lesson: Path, timeout: int, with_answers: bool) -> None:
    """Execute `notebook` in place in a fresh kernel, or raise ExportError saying why not."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    # Without stored widget state, nbconvert falls back to each quiz's static HTML form
    # (questions without their answers) instead of widgets that need a kernel or a CDN.
    def client() -> NotebookClient:
        return NotebookClient(notebook, kernel_name="python3", timeout=timeout,
                              startup_timeout=120, store_widget_state=False,
                              resources={"metadata": {"path": str(lesson.parent)}})

    # The kernel's own messages (a start-up warning about its local TCP sockets on every
    # run) go to a log, shown only when the kernel fails.
    kernel_log = tempfile.TemporaryFile("w+", encoding="utf-8")
    try:
        with kernel_log, exporting_environment(with_answers):
            try:
                try:
                    client().execute(stderr=kernel_log)
                except RuntimeError as error:
                    if "kernel_info" not in str(error):
                        raise
                    # It died before running anything: most often a port another kernel
                    # took in the same instant. A fresh kernel, once.
                    kernel_log.seek(0)
                    kernel_log.truncate()
                    client().execute(stderr=kernel_log)
            except (DeadKernelError, RuntimeError) as error:
                kernel_log.seek(0)
                error.add_note(kernel_log.read()[-1500:])
                raise
    except CellTimeoutError:
        raise ExportError(f"{lesson.name}: a cell ran for over {timeout} s and was stopped; "
                          "nothing was written. Run the lesson in JupyterLab to see which "
                          "cell stalls.") from None
    except CellExecutionError as error:
        raise ExportError(f"{lesson.name}: the lesson failed while running, so it was not "
                          f"exported:\n{ANSI_COLOUR.sub('', str(error))[-1500:]}") from None
    except DeadKernelError as error:
        raise ExportError(f"{lesson.name}: the kernel stopped while the lesson ran; nothing "
                          f"was written. Try again.{_kernel_said(error)}") from None
    except RuntimeError as error:  # e.g. "Kernel didn't respond in 120 seconds"
        raise ExportError(f"{lesson.name}: the kernel did not start or answer ({error}); "
                          f"nothing was written. Try again.{_kernel_said(error)}") from None


def _kernel_said(error: BaseException) -> str:
    said = "".join(getattr(error, "__notes__", [])).strip()
    return f"\nThe kernel said:\n{said}" if said else ""


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help") or len(argv) > 2:
        print(__doc__)
        return 2
    try:
        path = export_html(argv[0], argv[1] if len(argv) > 1 else None)
    except ExportError as error:
        print(f"not exported: {error}", file=sys.stderr)
        return 1
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
