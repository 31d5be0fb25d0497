"""The timeline's frame: its controls (a button per stage, the lesson's own range, a
category menu), its margins and its legend, placed in pixels so that the controls keep
clear of each other and of the stage labels whatever the figure's height."""

from __future__ import annotations

import math

import pandas as pd

from sinojapan.content.dates import format_date

SYMBOL_GLYPHS = {"diamond": "◆", "circle": "●", "x": "✕", "square": "■",
                 "triangle-up": "▲", "star": "★"}

# The figure's frame in pixels, so the controls above the plot keep their places whatever
# the figure's height: margins that are never expanded (the legend sits in the bottom
# margin, measured from the figure's bottom), the stage buttons' row above the stage
# labels, and the category menu's row above the buttons.
TOP, BOTTOM = 170, 130  # margins
SLIDER = 115  # a range slider's room below the axis, added to the figure's height
MENU_HEIGHT = 34  # a button or the dropdown, as plotly.js draws them at font size 11
BUTTONS_ABOVE = 30  # the buttons' bottom above the plot (the stage labels are below it)
MENU_GAP = 10
# Room left of the plot for the lane labels, at the axis's 12 px font: a generous average
# width per character (the module's widest label needs 182 px in Chromium's sans-serif).
# The axis still widens the margin for a wider font, but then plotly.js draws the figure
# twice, and JupyterLab draws it three times (figure, redraw, PNG copy).
LABEL_CHAR_WIDTH, LABEL_PAD = 5.6, 6


def padded(first: pd.Timestamp, final: pd.Timestamp) -> list[str]:
    pad = max((final - first) * 0.02, pd.Timedelta(days=20))
    return [(first - pad).strftime("%Y-%m-%d"), (final + pad).strftime("%Y-%m-%d")]


def range_label(first: pd.Timestamp, final: pd.Timestamp) -> str:
    """A date range as its button says it: '2008-2011', or 'Sep 2010' within a month."""
    if first.year != final.year:
        return f"{first.year}-{final.year}"
    if first.month != final.month:
        return f"{format_date(first, 'month')} to {format_date(final, 'month')}"
    return format_date(first, "month")


def stage_buttons(spans: pd.DataFrame, last: pd.Timestamp,
                   own: tuple[pd.Timestamp, pd.Timestamp] | None = None) -> list[dict]:
    """'All years', one button per stage, and first, where the lesson chose its own
    range (start, end), a button for that range: the one lit when the figure opens."""
    mine = [] if own is None else [{"label": range_label(*own), "method": "relayout",
                                    "args": [{"xaxis.range": padded(*own)}]}]
    buttons = mine + [{"label": "All years", "method": "relayout",
                       "args": [{"xaxis.range": padded(pd.Timestamp("1972-01-01"), last)}]}]
    for _, span in spans.iterrows():
        buttons.append({"label": span["label"], "method": "relayout",
                        "args": [{"xaxis.range": padded(span["start"], span["end"])}]})
    return buttons


def category_buttons(shown: list[str], owners: list[str], cats) -> list[dict]:
    """'All categories', then 'Only <category>' for each lane; `owners` is the category
    of each filterable trace (lanes, then rings)."""
    indices = list(range(len(owners)))
    buttons = [{"label": "All categories", "method": "restyle",
                "args": [{"visible": [True] * len(owners)}, indices]}]
    for cat in shown:
        buttons.append({
            "label": f"Only {cats.loc[cat, 'label']}", "method": "restyle",
            "args": [{"visible": [True if owner == cat else "legendonly" for owner in owners]},
                     indices]})
    return buttons


def plot_height(height: int) -> int:
    """The plot's height in pixels, between the fixed margins (a range slider adds its
    own room to the figure)."""
    return height - TOP - BOTTOM


def menus_above(buttons: list[dict], categories: list[dict], active: int,
           plot: int) -> list[dict]:
    """The stage buttons just above the stage labels, and the category menu on its own
    row above them, placed in pixels (a menu's y is a share of the plot's height)."""
    def above(pixels: float) -> float:
        return round(1 + pixels / plot, 4)

    common = {"x": 0, "xanchor": "left", "yanchor": "bottom", "font": {"size": 11}}
    return [
        {"type": "buttons", "direction": "right", "buttons": buttons, "active": active,
         "showactive": True, "y": above(BUTTONS_ABOVE), "pad": {"r": 4, "t": 0},
         "name": "stages", **common},
        # On its own row: beside the buttons, a narrow notebook put it over the last ones.
        {"type": "dropdown", "direction": "down", "buttons": categories, "active": 0,
         "showactive": True, "y": above(BUTTONS_ABOVE + MENU_HEIGHT + MENU_GAP),
         "pad": {"t": 0, "b": 0}, "name": "categories", **common},
    ]


def label_room(labels: list[str]) -> int:
    """Pixels left of the plot that the lane labels need (see LABEL_CHAR_WIDTH)."""
    return math.ceil(max(map(len, labels), default=0) * LABEL_CHAR_WIDTH) + LABEL_PAD


def frame_layout(*, title: str, height: int, view: list[str], lanes: dict, cats,
            menus: list[dict], range_slider: bool) -> dict:
    shown = list(lanes)
    labels = [f"{cats.loc[c, 'label']} {SYMBOL_GLYPHS.get(cats.loc[c, 'symbol'], '')}".strip()
              for c in shown]
    return dict(
        height=height + (SLIDER if range_slider else 0), hovermode="closest", showlegend=True,
        legend={"orientation": "h", "x": 0, "xanchor": "left", "y": 0, "yref": "container",
                "yanchor": "bottom", "title": {"text": "Click to show or hide:"},
                "itemclick": "toggle", "itemdoubleclick": "toggleothers", "font": {"size": 11}},
        hoverlabel={"align": "left", "bgcolor": "white", "font": {"size": 12}},
        margin={"l": label_room(labels), "r": 20, "t": TOP, "b": BOTTOM,
                "autoexpand": True},
        title={"text": title, "x": 0, "xanchor": "left", "y": 0.98, "yanchor": "top",
               "font": {"size": 16}},
        xaxis={"type": "date", "range": view, "showgrid": False,
               **({"rangeslider": {"visible": True, "thickness": 0.07,
                                   "yaxis": {"rangemode": "match"}}} if range_slider else {})},
        yaxis={"tickvals": list(lanes.values()),
               "ticktext": labels,
               "range": [-(len(shown) - 1) - 0.6, 0.6], "fixedrange": True, "showgrid": True,
               "zeroline": False, "gridcolor": "#ddd"},
        updatemenus=menus,
    )
