"""The timeline figure's structure, its controls, its hover text and its text version."""

from __future__ import annotations

import html
import time

import pandas as pd
import pytest

import sinojapan as sj
from sinojapan.content.dates import format_date
from sinojapan.pictures import bands
from sinojapan.pictures.timelines import select_events, text_alternative, timeline_figure

from helpers import LESSONS, synthetic_events

EVENTS = sj.events()
LAST = EVENTS["date_end"].max()


def stage_shapes(figure) -> dict[str, object]:
    return {s.name.removeprefix("stage "): s for s in figure.layout.shapes
            if (s.name or "").startswith("stage ")}


def category_traces(figure) -> list:
    return [t for t in figure.data if not str(t.meta).startswith("highlight")]


def test_one_band_per_stage_with_its_span_and_colour():
    figure = timeline_figure()
    shapes = stage_shapes(figure)
    stages = sj.stages()
    assert list(shapes) == list(stages.index)
    for stage_id, stage in stages.iterrows():
        shape = shapes[stage_id]
        end = stage["end"] if pd.notna(stage["end"]) else LAST
        assert pd.Timestamp(shape.x0) == stage["start"]
        assert pd.Timestamp(shape.x1) == end + pd.Timedelta(days=1)
        assert (shape.yref, shape.y0, shape.y1, shape.layer) == ("paper", 0, 1, "below")
        assert shape.fillcolor == stage["colour"]
    labels = {a.name: a for a in figure.layout.annotations if (a.name or "").startswith("stage")}
    assert set(labels) == {f"stage {i}" for i in stages.index}
    assert "Multilateralization" in labels["stage 4"].hovertext


def test_axis_runs_from_1972_to_the_latest_event():
    start, end = map(pd.Timestamp, timeline_figure().layout.xaxis.range)
    assert start <= pd.Timestamp("1972-01-01") < EVENTS["date"].min()
    assert LAST <= end <= LAST + pd.Timedelta(days=400)


def test_one_trace_per_category_in_lane_order_with_its_own_symbol():
    figure = timeline_figure()
    cats = sj.categories()
    traces = category_traces(figure)
    assert [t.meta for t in traces] == list(cats.index)
    assert [t.name for t in traces] == list(cats["label"])
    assert [t.marker.symbol for t in traces] == list(cats["symbol"])
    lanes = list(figure.layout.yaxis.tickvals)
    assert lanes == sorted(lanes, reverse=True)  # first category on top
    assert len({t.marker.color for t in traces}) == 1  # shape and lane carry category
    ids = [i for t in traces for i in t.customdata]
    assert sorted(ids) == sorted(EVENTS.index)
    for trace in traces:
        lane = lanes[list(cats.index).index(trace.meta)]
        assert lane in trace.y  # most events sit on their lane ...
        for event_id, y in zip(trace.customdata, trace.y, strict=True):
            assert EVENTS.loc[event_id, "category"] == trace.meta
            assert abs(y - lane) <= 0.35 + 1e-9  # ... the others just above or below it


def test_hover_carries_date_at_its_precision_title_summary_source_and_confidence():
    figure = timeline_figure()
    for trace in category_traces(figure):
        assert trace.hovertemplate == "%{hovertext}<extra></extra>"
        for event_id, text in zip(trace.customdata, trace.hovertext, strict=True):
            event = EVENTS.loc[event_id]
            flat = html.unescape(text.replace("<br>", ""))
            for source in event["sources"]:
                assert source in flat
            assert f"Confidence:</b> {event['confidence']}" in text
            assert format_date(event["date"], event["date_precision"]) in text
            assert event["title"].split()[0] in text


def test_year_and_month_events_do_not_pretend_to_a_day():
    assert format_date(pd.Timestamp("1982-01-01"), "year") == "1982"
    assert format_date(pd.Timestamp("1989-07-01"), "month") == "Jul 1989"
    assert format_date(pd.Timestamp("1972-09-29"), "day") == "29 Sep 1972"
    figure = timeline_figure()
    texts = {i: t for trace in category_traces(figure)
             for i, t in zip(trace.customdata, trace.hovertext, strict=True)}
    year_only = EVENTS[EVENTS["date_precision"] == "year"]
    assert len(year_only) >= 1
    for event_id, event in year_only.iterrows():
        year = event["date"].year
        assert f"<br>{year} (year only)<br>" in texts[event_id]
        assert f"1 Jan {year}" not in texts[event_id]
    month_only = EVENTS[EVENTS["date_precision"] == "month"]
    for event_id, event in month_only.iterrows():
        assert f"{event['date']:%b} {event['date'].year} (month only)" in texts[event_id]


def test_events_are_drawn_mid_period():
    figure = timeline_figure()
    x = {i: pd.Timestamp(v) for trace in category_traces(figure)
         for i, v in zip(trace.customdata, trace.x, strict=True)}
    for event_id, event in EVENTS.iterrows():
        assert event["date"] <= x[event_id] <= event["date_end"]
        if event["date_precision"] == "year":
            assert x[event_id].month in (6, 7)


def test_stage_buttons_zoom_to_each_stage_and_back():
    figure = timeline_figure()
    menus = {m.name: m for m in figure.layout.updatemenus}
    buttons = menus["stages"].buttons
    assert [b.label for b in buttons] == ["All years", "Stage 1", "Stage 2", "Stage 3",
                                          "Stage 4", "After the essay"]
    for button, stage_id in zip(buttons[1:], sj.stages().index, strict=True):
        assert button.method == "relayout"
        start, end = map(pd.Timestamp, button.args[0]["xaxis.range"])
        first, last = bands.stage_range(stage_id, LAST)
        assert start < first and end > last
        assert (first - start) < pd.Timedelta(days=400) and (end - last) < pd.Timedelta(days=400)


def test_range_slider_only_where_a_lesson_asks_for_it():
    assert not timeline_figure().layout.xaxis.rangeslider.visible
    slider = timeline_figure(stage="4", range_slider=True).layout.xaxis.rangeslider
    assert slider.visible and slider.yaxis.rangemode == "match"
    chart = sj.timeline(stage="4", range_slider=True)
    assert chart.figure.layout.xaxis.rangeslider.visible


def test_lessons_that_mention_the_range_slider_draw_one():
    import nbformat

    for path in LESSONS:
        notebook = nbformat.read(path, as_version=4)
        said = any("range slider" in c.source for c in notebook.cells if c.cell_type == "markdown")
        drawn = any("range_slider=True" in c.source for c in notebook.cells
                    if c.cell_type == "code")
        assert said == drawn, path.name


def test_category_menu_shows_one_category_or_all():
    figure = timeline_figure()
    menu = {m.name: m for m in figure.layout.updatemenus}["categories"]
    cats = list(sj.categories()["label"])
    assert [b.label for b in menu.buttons] == ["All categories"] + [f"Only {c}" for c in cats]
    assert menu.buttons[0].args[0]["visible"] == [True] * len(cats)
    for k, button in enumerate(menu.buttons[1:]):
        visible = button.args[0]["visible"]
        assert visible[k] is True and visible.count(True) == 1
        assert list(button.args[1]) == list(range(len(cats)))


def test_options_stage_range_categories_and_highlight():
    figure = timeline_figure(stage="3")
    start, end = map(pd.Timestamp, figure.layout.xaxis.range)
    assert start < pd.Timestamp("2008-01-01") < pd.Timestamp("2010-09-06") < end
    assert end - start < pd.Timedelta(days=4 * 365)
    assert {m.name: m for m in figure.layout.updatemenus}["stages"].active == 3

    figure = timeline_figure(start="2010", end="2013")
    start, end = map(pd.Timestamp, figure.layout.xaxis.range)
    assert start < pd.Timestamp("2010-01-01") and pd.Timestamp("2013-01-01") < end

    figure = timeline_figure(categories=["incident", "security"])
    assert [t.meta for t in figure.data] == ["security", "incident"]  # the lanes' fixed order

    ids = list(EVENTS.index[[5, 40]])
    figure = timeline_figure(highlight=ids)
    rings = [t for t in figure.data if t.meta == "highlight"]
    assert sorted(i for t in rings for i in t.customdata) == sorted(ids)
    assert all(t.legendgroup in sj.categories().index for t in rings)  # hidden with their lane
    menu = next(m for m in figure.layout.updatemenus if m.name == "categories")
    only_first = menu.buttons[1].args[0]["visible"]
    owners = [t.meta if t.meta != "highlight" else t.legendgroup for t in figure.data
              if t.meta != "highlight-key"]
    assert [v is True for v in only_first] == [o == owners[0] for o in owners]
    with pytest.raises(KeyError, match="no-such-event"):
        timeline_figure(highlight=["no-such-event"])
    with pytest.raises(KeyError, match="known stages"):
        timeline_figure(stage="7")
    with pytest.raises(KeyError, match="unknown category 'weather'"):
        timeline_figure(categories=["weather"])


def test_select_events_filters():
    assert (select_events(stage="2")["stage"] == "2").all()
    assert (select_events(categories="incident")["category"] == "incident").all()
    hits = select_events(keyword="TRAWLER collides")
    assert list(hits.index) == ["2010-09-07-chinese-trawler-collides-japan"]
    assert len(select_events(keyword="senkaku")) > len(select_events(keyword="senkaku 2012"))
    window = select_events(start="2010-01-01", end="2010-12-31")
    assert ((window["date_end"] >= "2010-01-01") & (window["date"] <= "2010-12-31")).all()
    assert select_events(keyword="no such words anywhere").empty


def test_text_alternative_lists_a_stage_in_date_order():
    text = sj.timeline(stage="2", text=True)
    stage = EVENTS[EVENTS["stage"] == "2"]
    assert f"Stage 2: Concerns emerge ({len(stage)} events)" in text
    positions = [text.index(f"[{i}]") for i in stage.index]
    assert positions == sorted(positions)
    assert "[" + EVENTS.index[0] + "]" not in text  # a stage 1 event
    chart = sj.timeline()
    assert chart.text.count("\n- ") == len(EVENTS)
    assert "Source:" in chart.caption_html() and "Text version" in chart.caption_html()
    assert text_alternative(EVENTS.iloc[:0]).endswith("No events match.")


@pytest.mark.parametrize("n", [1_000, 10_000])
def test_builds_synthetic_events_quickly(n):
    events = synthetic_events(n)
    timeline_figure(events=events.iloc[:10])  # imports
    started = time.perf_counter()
    figure = timeline_figure(events=events)
    elapsed = time.perf_counter() - started
    assert sum(len(t.x) for t in figure.data) == n
    assert len(figure.data) == len(sj.categories())  # one trace per category, not per event
    assert len(figure.layout.shapes) == len(sj.stages())  # one shape per stage
    assert elapsed < 2.0  # the benchmark asks for < 1 s; leave room for a loaded CI machine


def test_public_functions_stay_callable_after_their_modules_are_imported():
    import importlib

    for module in ("pictures.timelines", "pictures.event_explorer", "pictures.charts",
                   "quizzes.lesson_quiz", "progress.report"):
        importlib.import_module(f"sinojapan.{module}")
    for name in sj.__all__:
        assert getattr(sj, name) is not None
    for name in ("timeline", "explorer", "chart", "quiz", "progress_chart"):
        assert callable(getattr(sj, name)), name
    from sinojapan import explorer, timeline

    assert callable(timeline) and callable(explorer)


def test_lesson_00_shows_the_timeline_after_the_stage_table():
    import nbformat

    from helpers import REPO

    cells = nbformat.read(REPO / "lessons" / "00-start-here.ipynb", as_version=4).cells
    nbformat.validate(nbformat.from_dict({"cells": cells, "metadata": {}, "nbformat": 4,
                                          "nbformat_minor": 5}))
    sources = [c.source.strip() for c in cells]
    table = sources.index("sj.stage_table()")
    assert cells[table + 1].cell_type == "markdown"
    assert cells[table + 1].source.startswith("## The relationship at a glance")
    assert sources[table + 2] == "sj.timeline()"


def test_text_alternative_marks_highlighted_events():
    event_id = "2010-09-07-chinese-trawler-collides-japan"
    text = sj.timeline(stage="4", highlight=[event_id], text=True)
    line = next(line for line in text.splitlines() if event_id in line)
    assert line.endswith("(discussed in this lesson)")
    assert text.count("discussed in this lesson") == 1




def _pixels(figure, event_id: str, width: int = 640) -> tuple[float, float]:
    """Where an event's marker is drawn, in pixels of a plot `width` wide (a narrow
    notebook's) and as high as the figure's fixed frame leaves it."""
    from sinojapan.pictures.timeline_frame import plot_height

    trace = next(t for t in category_traces(figure) if event_id in t.customdata)
    k = list(trace.customdata).index(event_id)
    start, end = map(pd.Timestamp, figure.layout.xaxis.range)
    low, high = figure.layout.yaxis.range
    x = (pd.Timestamp(trace.x[k]) - start) / (end - start) * width
    y = (trace.y[k] - low) / (high - low) * plot_height(figure.layout.height)
    return x, y


def test_events_two_days_apart_are_drawn_apart_not_on_top_of_each_other():
    """27 and 29 September 1972, both ringed in lesson 01: an 11 px marker each, so their
    centres must be at least 13 px apart in the stage's view."""
    pair = ["1972-09-27-tanaka-raises-senkaku-diaoyu", "1972-09-29-japan-china-joint-communique"]
    figure = timeline_figure(stage="1", highlight=pair)
    (x1, y1), (x2, y2) = (_pixels(figure, e) for e in pair)
    assert ((x1 - x2) ** 2 + (y1 - y2) ** 2) ** 0.5 >= 13
    rings = {i: y for t in figure.data if t.meta == "highlight"
             for i, y in zip(t.customdata, t.y, strict=True)}
    ys = {i: y for t in category_traces(figure) for i, y in zip(t.customdata, t.y, strict=True)}
    assert all(rings[e] == ys[e] for e in pair)  # each ring stays on its own marker


def test_the_lit_button_is_the_range_drawn():
    """Lesson 07 draws 2008-2011: its button says so and is lit, not "All years"."""
    for options, label in [({"start": "2008", "end": "2011"}, "2008-2011"),
                           ({"stage": "2"}, "Stage 2"), ({}, "All years"),
                           ({"start": "2010-09-01", "end": "2010-09-30"}, "Sep 2010")]:
        figure = timeline_figure(**options)
        stages = {m.name: m for m in figure.layout.updatemenus}["stages"]
        lit = stages.buttons[stages.active]
        assert lit.label == label
        assert list(lit.args[0]["xaxis.range"]) == list(figure.layout.xaxis.range)


@pytest.mark.parametrize("options", [{}, {"height": 480, "stage": "4"},
                                     {"start": "2008", "end": "2011", "range_slider": True}],
                         ids=["lesson", "explorer", "range-slider"])
def test_the_category_menu_keeps_clear_of_the_stage_buttons(options):
    """In pixels above the plot: the stage labels, the stage buttons, a gap, the category
    menu, and the title above it (the browser test measures the drawn boxes)."""
    from sinojapan.pictures import timeline_frame as frame

    figure = timeline_figure(**options)
    plot = frame.plot_height(options.get("height", 560))
    menus = {m.name: m for m in figure.layout.updatemenus}
    buttons, dropdown = ((menus[n].y - 1) * plot for n in ("stages", "categories"))
    assert buttons >= 24  # the stage labels' row (19 px) and a gap
    assert dropdown >= buttons + frame.MENU_HEIGHT + 8
    assert dropdown + frame.MENU_HEIGHT <= figure.layout.margin.t - 30  # below the title
    assert figure.layout.legend.yref == "container"  # the legend cannot shrink the plot
