"""What the walk of the ten lessons found drawn on top of each other (issue 19), measured
as JupyterLab draws it: the boxes of the drawn elements must not overlap.

- the explorer's category menu and its timeline's stage buttons;
- the 27 and 29 September 1972 markers of lesson 01's timeline;
- the dashed lines of method changes and crossings and the stage labels (affinity; milex
  at 1999), and the marks' own labels;
- lesson 07's 2008-2011 timeline: the lit button is the range drawn.

Screenshots go to test-artifacts/ (layout-*.png)."""

from __future__ import annotations

import re

import pandas as pd
from playwright.sync_api import Locator, expect

from lab import error_outputs, open_lesson, run_all_cells, scratch_notebook, screenshot

PAIR = ["1972-09-27-tanaka-raises-senkaku-diaoyu", "1972-09-29-japan-china-joint-communique"]
CELLS = [
    "import sinojapan as sj",
    'sj.explorer(stage="4")',
    f'sj.timeline(stage="1", highlight={PAIR!r})',
    'sj.chart("affinity")',
    'sj.chart("milex_china_japan")',
    'sj.timeline(start="2008", end="2011", range_slider=True)',
]


def overlap(a: dict, b: dict) -> bool:
    return (a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"]
            and a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"])


def box(element: Locator) -> dict:
    found = element.bounding_box()
    assert found, "not drawn"
    return found


def plots(page) -> dict[str, Locator]:
    """The drawn figures, by the cell that drew them."""
    cells = page.locator(".jp-CodeCell")
    found = {}
    for index, code in enumerate(CELLS[1:], start=1):
        plot = cells.nth(index).locator(".js-plotly-plot").first
        expect(plot).to_be_visible(timeout=30_000)
        found[code] = plot
    return found


def labelled(plot: Locator, prefixes: tuple[str, ...], kind: str) -> list[tuple[str, dict]]:
    """(name, drawn box) of each shape or annotation whose name starts with a prefix."""
    items = plot.evaluate(f"el => el.layout.{kind}.map(s => s.name || '')")
    selector = ".shapelayer path" if kind == "shapes" else ".annotation"
    return [(name, box(plot.locator(f"{selector}[data-index='{i}']")))
            for i, name in enumerate(items) if name.startswith(prefixes)]


def test_pictures_draw_nothing_on_top_of_anything_else(lab_server, page):
    name = scratch_notebook(lab_server, "zz-layout-check", *CELLS)
    open_lesson(page, lab_server, name)
    run_all_cells(page)
    assert error_outputs(page) == []
    page.wait_for_timeout(1500)  # the explorer draws its figure a moment later
    drawn = plots(page)

    # the explorer: the category menu above the stage buttons, the stage labels below
    explorer = drawn[CELLS[1]]
    menu = box(explorer.locator(".updatemenu-header-group", has_text="All categories"))
    buttons = [box(b) for b in explorer.locator(".updatemenu-button").all()
               if b.is_visible()]
    assert len(buttons) == 6, "the stage buttons"
    assert not any(overlap(menu, b) for b in buttons)
    stage_labels = [b for _, b in labelled(explorer, ("stage",), "annotations")]
    assert stage_labels and not any(overlap(s, b) for s in stage_labels for b in buttons)
    explorer.scroll_into_view_if_needed()
    screenshot(page, "layout-explorer")

    # lesson 01: both 1972 markers, and their rings, apart
    timeline = drawn[CELLS[2]]
    where = timeline.evaluate(
        "(el, ids) => el.data.map((t, i) => [i, t.meta, Array.from(t.customdata || [])])"
        ".filter(([i, meta, ids_]) => meta !== 'highlight' && meta !== 'highlight-key')"
        ".flatMap(([i, meta, ids_]) => ids.filter(id => ids_.includes(id))"
        ".map(id => [i, ids_.indexOf(id)]))", PAIR)
    assert len(where) == 2
    traces = timeline.locator(".cartesianlayer .scatterlayer .trace")
    markers = [box(traces.nth(t).locator(".points path").nth(k)) for t, k in where]
    assert not overlap(*markers), markers
    timeline.scroll_into_view_if_needed()
    screenshot(page, "layout-lesson-01-timeline")

    # the charts: no dashed line through a stage label or another mark's label
    for code in CELLS[3:5]:
        chart = drawn[code]
        lines = labelled(chart, ("method", "crossing"), "shapes")
        labels = labelled(chart, ("stage", "method", "crossing"), "annotations")
        assert lines and labels
        for line_name, line in lines:
            hit = [n for n, label in labels if n != line_name and overlap(line, label)]
            assert hit == [], f"{code}: {line_name} {line} crosses {hit}"
        chart.scroll_into_view_if_needed()
        screenshot(page, "layout-" + re.sub(r"\W+", "-", code).strip("-"))

    # lesson 07: the lit button is the range drawn, and the menu clears the buttons
    ranged = drawn[CELLS[5]]
    lit, start, end = ranged.evaluate(
        "el => { const m = el._fullLayout.updatemenus[0]; const b = m.buttons[m.active];"
        " return [b.label, ...b.args[0]['xaxis.range']]; }")
    assert lit == "2008-2011"
    shown = ranged.evaluate("el => el._fullLayout.xaxis.range")
    assert [pd.Timestamp(v) for v in shown] == [pd.Timestamp(start), pd.Timestamp(end)]
    menu = box(ranged.locator(".updatemenu-header-group", has_text="All categories"))
    assert not any(overlap(menu, box(b)) for b in ranged.locator(".updatemenu-button").all()
                   if b.is_visible())
    ranged.scroll_into_view_if_needed()
    screenshot(page, "layout-lesson-07-timeline")
