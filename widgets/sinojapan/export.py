"""Export a lesson to one static HTML file, with its charts drawn and no kernel needed.

    python -m sinojapan.export lessons/00-start-here.ipynb [out.html]

The lesson is run in a fresh kernel (nbclient); every Plotly output then gets an HTML
rendering that draws it, and plotly.js is put inline once at the top of the page (no
CDN: a classroom or an archive may have no network). The figures keep their own
controls (range slider, stage buttons, category menu), which need no kernel."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from .display import FIGURE_CONFIG, PLOTLY_MIME

# nbconvert's lab template loads require.js and MathJax from a CDN; the lessons need
# neither, and an exported lesson must not reach the network.
CDN_SCRIPT = re.compile(r'<script[^>]*\ssrc="https?://[^"]*"[^>]*>\s*</script>\s*')


def add_plotly_html(notebook) -> int:
    """Give every Plotly output of an executed notebook a `text/html` rendering (a div
    and the call that draws it, with no plotly.js); returns how many it found."""
    import plotly.io as pio

    found = 0
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            bundle = output.get("data", {})
            if PLOTLY_MIME in bundle:
                found += 1
                bundle["text/html"] = pio.to_html(
                    dict(bundle[PLOTLY_MIME]), include_plotlyjs=False, full_html=False,
                    div_id=f"sinojapan-figure-{found}", validate=False,
                    config=FIGURE_CONFIG)
    return found


def plotly_script() -> str:
    """plotly.js, inline, as one script element."""
    from plotly.offline import get_plotlyjs

    return ('<script type="text/javascript">window.PlotlyConfig = {MathJaxConfig: "local"};'
            "</script>\n<script type=\"text/javascript\">" + get_plotlyjs() + "</script>\n")


def export_html(lesson: str | Path, output: str | Path | None = None, *,
                timeout: int = 600) -> Path:
    """Run `lesson` and write it as static HTML (default: next to it, .html); returns the
    path written."""
    import nbformat
    from nbclient import NotebookClient
    from nbconvert import HTMLExporter

    lesson = Path(lesson).resolve()
    output = Path(output) if output else lesson.with_suffix(".html")
    notebook = nbformat.read(lesson, as_version=4)
    # Without stored widget state, nbconvert falls back to each quiz's static HTML form
    # (questions with collapsible answers) instead of widgets that need a kernel or a CDN.
    NotebookClient(notebook, kernel_name="python3", timeout=timeout, store_widget_state=False,
                   resources={"metadata": {"path": str(lesson.parent)}}).execute()
    figures = add_plotly_html(notebook)
    exporter = HTMLExporter(template_name="lab")
    body, _ = exporter.from_notebook_node(notebook)
    body = CDN_SCRIPT.sub("", body)
    if figures:
        head = body.index("<head>") + len("<head>")
        body = body[:head] + "\n" + plotly_script() + body[head:]
    output.write_text(body, encoding="utf-8")
    return output


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help") or len(argv) > 2:
        print(__doc__)
        return 2
    path = export_html(argv[0], argv[1] if len(argv) > 1 else None)
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
