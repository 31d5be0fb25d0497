"""What a chart function returns: the Plotly figure, with its source, caveats and a text
alternative printed under it.

`Chart` displays as two outputs: the figure (Plotly's own default output, the compact
`application/vnd.plotly.v1+json` bundle in JupyterLab) and an HTML caption with the
source, the caveats and a collapsible text version. Both are ordinary notebook outputs,
so they survive a static HTML export and print."""

from __future__ import annotations

import functools
import html
import math

from sinojapan.content.html_text import bullets

PLOTLY_MIME = "application/vnd.plotly.v1+json"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
# Plotly checks every property of every trace as it is set, which for the module's own
# fixed figures only costs time (a tenth of a second or more per lesson, cold: each check
# imports its validator). The tests draw every figure in a browser, where a wrong property
# would show. Passed as go.Figure(**UNCHECKED), go.Scatter(..., **UNCHECKED).
UNCHECKED = {"_validate": False}


@functools.cache
def white_template() -> dict:
    """Plotly's "plotly_white" template, read as JSON from Plotly's package without
    importing it (which costs a tenth of a second in a lesson's fresh kernel): figures
    carry the template itself, as plotly.js does not know template names. Shared by every
    spec: never changed in place."""
    import importlib.util
    import json
    from pathlib import Path

    plotly = Path(importlib.util.find_spec("plotly").origin).parent
    return json.loads((plotly / "package_data" / "templates" / "plotly_white.json")
                      .read_text(encoding="utf-8"))


def plain_json(value):
    """A figure spec as the JSON values Plotly's encoder writes (tested against it):
    arrays as lists, dates as ISO strings, numbers that are not finite as null."""
    if isinstance(value, dict):
        return {str(key): plain_json(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain_json(item) for item in value]
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if hasattr(value, "dtype"):  # numpy arrays and scalars
        if value.dtype.kind == "M":  # dates: as Plotly writes them, in the array's unit
            import numpy

            value = numpy.datetime_as_string(value)
        return plain_json(value.tolist())
    if hasattr(value, "isoformat"):  # datetime, date, pandas Timestamp
        return value.isoformat()
    raise TypeError(f"a figure cannot hold a {type(value).__name__}: {value!r}")


# Set by sinojapan.instructor.export while it runs a lesson for a static page: widgets then draw
# nothing into Output widgets (a page with no kernel cannot show them, and nbclient
# cannot record them without widget state), and no one's progress is shown.
STATIC_EXPORT_ENV = "SINOJAPAN_STATIC_EXPORT"


# Set beside it when the static page is the instructor's, with the answers.
STATIC_ANSWERS_ENV = "SINOJAPAN_STATIC_ANSWERS"


def static_export() -> bool:
    import os

    return bool(os.environ.get(STATIC_EXPORT_ENV))


def static_with_answers() -> bool:
    import os

    return static_export() and bool(os.environ.get(STATIC_ANSWERS_ENV))
# A short toolbar (no logo, no selection tools the charts do not use), so it covers less
# of a chart's title when the pointer is over the chart.
FIGURE_CONFIG = {"responsive": True, "displaylogo": False,
                 "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d",
                                            "toggleSpikelines", "hoverClosestCartesian",
                                            "hoverCompareCartesian"]}


def widget_bundle(widget, html_text: str, plain_text: str) -> dict:
    """A widget's output bundle with its static HTML and text. Built here because the
    widget's own bundle writes the repr of every widget inside it (a quiz's several
    hundred, some 50 ms), for a text/plain that is replaced anyway."""
    return {WIDGET_MIME: {"version_major": 2, "version_minor": 0,
                          "model_id": widget.model_id},
            "text/html": html_text, "text/plain": plain_text}


def show_interactive(bundle: dict) -> None:
    """Display a component's bundle (its model, and the static HTML beside it)."""
    from IPython.display import display

    display(bundle, raw=True)


def new_spec(**layout) -> dict:
    """An empty figure spec: the plain dict plotly.js draws, with `data` and `layout`.
    Specs skip Plotly's property objects (most of a chart's build time); the tests check
    that every spec is already in the form Plotly would produce."""
    return {"data": [], "layout": {"template": white_template(), **layout}}


def as_figure(spec: dict):
    """The plotly Figure of a figure spec."""
    import plotly.graph_objects as go

    return go.Figure(spec, **UNCHECKED)


def figure_bundle(figure) -> dict:
    """The figure (a plotly Figure or a spec) as Plotly's own notebook output (what the
    default `plotly_mimetype` renderer sends). Built directly because Plotly's display
    path imports nbformat, and with it jsonschema's format checkers, which costs seconds at
    a lesson's first chart."""
    if isinstance(figure, dict):
        content = plain_json(figure)
    else:
        import json

        import plotly.io as pio

        content = json.loads(pio.to_json(figure, validate=False))
    content["config"] = dict(FIGURE_CONFIG)
    return {PLOTLY_MIME: content}


def as_outputs(*bundles: dict) -> tuple[dict, ...]:
    """Bundles as an Output widget's `outputs`. Given, not captured with `with output:`,
    which shows only what is displayed while a message is being handled: a quiz's check
    may run a moment after its click."""
    return tuple({"output_type": "display_data", "data": bundle, "metadata": {}}
                 for bundle in bundles)


class Chart:
    """A figure with the words that belong under it.

    figure:  the plotly Figure (change it freely, e.g. `chart.figure.update_layout(...)`)
    text:    a text alternative built from the same data, for screen readers and print
    source:  who published the data
    caveats: what a reader must know before trusting the picture

    The module's charts are built as figure specs (plain dicts in plotly.js's own form)
    and shown as they are; `figure` turns a spec into a plotly Figure when first asked.
    """

    def __init__(self, figure, text: str, source: str = "", caveats: list[str] | None = None):
        self._figure = figure
        self.text, self.source, self.caveats = text, source, list(caveats or [])

    @property
    def figure(self):
        if isinstance(self._figure, dict):
            self._figure = as_figure(self._figure)
        return self._figure

    @figure.setter
    def figure(self, value) -> None:
        self._figure = value

    def caption_html(self) -> str:
        parts = ['<div class="sinojapan-caption" style="font-size: 0.9em; line-height: 1.4;">']
        if self.source:
            parts.append(f"<p><strong>Source:</strong> {html.escape(self.source)}</p>")
        if self.caveats:
            parts.append(f"<p><strong>Caveats:</strong></p>{bullets(self.caveats)}")
        parts.append("<p>The chart's own buttons, menu and legend need a mouse or a touch "
                     "screen; the text version below gives everything the chart shows.</p>")
        parts.append("<details><summary>Text version of this chart</summary>"
                     '<div style="white-space: pre-wrap;">'
                     f"{html.escape(self.text)}</div></details></div>")
        return "".join(parts)

    def caption_text(self) -> str:
        lines = []
        if self.source:
            lines.append(f"Source: {self.source}")
        lines += [f"Caveat: {c}" for c in self.caveats]
        return "\n".join(lines + ["", self.text])

    def bundles(self) -> list[dict]:
        """What the chart displays: the figure, then its caption, as output bundles."""
        return [figure_bundle(self._figure),
                {"text/html": self.caption_html(), "text/plain": self.caption_text()}]

    def _ipython_display_(self) -> None:
        from IPython.display import display

        for bundle in self.bundles():
            display(bundle, raw=True)

    def __str__(self) -> str:
        return self.text
