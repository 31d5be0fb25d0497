"""Charts of the real data: stage bands behind, gaps where data are missing, method
changes and the GDP crossing marked, source and caveats under each."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pandas as pd
import pytest

import sinojapan as sj
from sinojapan.content.series_data import chart_spec
from sinojapan.pictures.charts import (
    chart_figure,
    first_crossing,
    line_values,
    missing_spans,
    with_gaps,
)

from helpers import LESSONS

CHARTS = sj.chart_ids()  # every chart in data/charts.yaml: a new entry gets every test


def charts_the_lessons_draw() -> set[str]:
    drawn = set()
    for lesson in LESSONS:
        for cell in json.loads(lesson.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "code":
                drawn |= set(re.findall(r"""sj\.chart\(["']([a-z_0-9]+)["']""",
                                        "".join(cell["source"])))
    return drawn


def shapes_named(figure, prefix: str) -> dict[str, object]:
    return {s.name: s for s in figure.layout.shapes if (s.name or "").startswith(prefix)}


def test_every_chart_a_lesson_draws_exists():
    drawn = charts_the_lessons_draw()
    assert len(drawn) >= 5, "the lessons' chart calls were not found"
    assert drawn <= set(CHARTS), f"not in data/charts.yaml: {sorted(drawn - set(CHARTS))}"
    with pytest.raises(KeyError, match="known charts"):
        sj.chart("weather")


@pytest.mark.parametrize("chart_id", CHARTS)
def test_chart_structure_bands_source_and_caveats(chart_id):
    chart = sj.chart(chart_id)
    figure, spec = chart.figure, chart_spec(chart_id)
    meta = sj.series_info(spec.series)
    lines = [t for t in figure.data if t.meta != "partial"]
    assert [t.name for t in lines] == [line.label for line in spec.lines]
    bands = shapes_named(figure, "stage ")
    assert bands, "no stage bands"
    colours = sj.stages()["colour"]
    xs = [pd.Timestamp(x) for t in figure.data for x in t.x]
    for name, band in bands.items():
        assert band.fillcolor == colours[name.removeprefix("stage ")]
        assert band.layer == "below"
        # bands are clipped to the chart's years
        assert pd.Timestamp(band.x0) >= min(xs) - pd.Timedelta(days=366)
        assert pd.Timestamp(band.x1) <= max(xs) + pd.Timedelta(days=366)
    assert meta["publisher"] in chart.source
    for caveat in meta["caveats"]:
        assert caveat in chart.caveats
        assert caveat.replace("'", "&#x27;") in chart.caption_html()
    for trace in lines:
        assert trace.connectgaps is False
        assert "lines" in trace.mode and "markers" in trace.mode


@pytest.mark.parametrize("chart_id", CHARTS)
def test_values_are_the_data_and_missing_years_are_gaps(chart_id):
    figure = chart_figure(chart_id)
    lines = [t for t in figure.data if t.meta != "partial"]
    partial = {t.name: t for t in figure.data if t.meta == "partial"}
    for trace, (label, values) in zip(lines, line_values(chart_id).items(), strict=True):
        assert trace.name == label
        years = list(range(int(values.index.min()), int(values.index.max()) + 1))
        assert len(trace.y) == len(years)  # one point per year of the span
        apart = partial.get(f"{label} (part of the year only)")
        for year, y in zip(years, trace.y, strict=True):
            if year not in values.index:
                assert y is None
            elif y is None:  # drawn apart, as a partial year
                assert values[year] in list(apart.y)
            else:
                assert y == pytest.approx(values[year])


def test_a_partial_year_is_drawn_apart_not_joined_to_the_line():
    figure = chart_figure("senkaku_ships")
    main = figure.data[0]
    assert main.y[0] is None  # 2012: September-December only
    apart = [t for t in figure.data if t.meta == "partial"]
    assert [t.name for t in apart] == ["Days in the contiguous zone (part of the year only)",
                                       "Days in the territorial sea (part of the year only)"]
    assert list(apart[0].y) == [79] and apart[0].marker.symbol.endswith("-open")
    assert apart[0].mode == "markers"
    assert "PARTIAL" in apart[0].customdata[0]


def test_affinity_gaps_and_method_changes():
    figure = chart_figure("affinity")
    trace = figure.data[0]
    years = dict(zip(range(1980, 1980 + len(trace.y)), trace.y, strict=True))
    assert years[1980] == pytest.approx(78.6)
    assert all(years[y] is None for y in range(1981, 1989))
    assert all(years[y] is None for y in range(2017, 2021))
    marks = shapes_named(figure, "method change")
    assert set(marks) == {"method change 2016", "method change 2020"}
    x_of = dict(zip(range(1980, 1980 + len(trace.y)), map(pd.Timestamp, trace.x), strict=True))
    fy2016 = pd.Timestamp(marks["method change 2016"].x0)
    # the row labelled 2016 is the FY2015 survey (January 2016): before the FY2016 change
    assert x_of[2016] < fy2016 < x_of[2021]
    assert pd.Timestamp(marks["method change 2020"].x0) == pd.Timestamp("2020-01-01")
    labels = [a.text for a in figure.layout.annotations if a.name == "method change 2020"]
    assert labels == ["Method change: Postal survey from 2020 (previously face-to-face)"]
    text = sj.chart_text("affinity")
    assert "Missing: 1981-1988, 1990-2002, 2005-2008, 2015, 2017-2020." in text
    assert "Method change from 2020" in text


def test_trade_cow_marks_its_1999_break_between_1998_and_1999():
    figure = chart_figure("trade_cow")
    mark = shapes_named(figure, "method change")["method change 1999"]
    x = dict(zip(range(1972, 1972 + len(figure.data[0].x)),
                 map(pd.Timestamp, figure.data[0].x), strict=True))
    assert x[1998] < pd.Timestamp(mark.x0) < x[1999]
    assert min(x) == 1972  # the module starts in 1972, not 1952


def test_gdp_crossing_is_computed_from_the_data():
    values = line_values("gdp")
    year = first_crossing(values["Japan"], values["China"])
    assert values["China"][year] > values["Japan"][year]
    assert values["China"][year - 1] <= values["Japan"][year - 1]
    figure = chart_figure("gdp")
    assert set(shapes_named(figure, "crossing")) == {f"crossing {year}"}
    assert f"first exceeds Japan's in {year}" in sj.chart_text("gdp")
    assert year == 2010  # what SOURCES.md says of this file; computed above, not assumed


@pytest.mark.parametrize("chart_id", ["gdp", "milex_china_japan"])
def test_a_chart_before_its_question_can_leave_the_crossing_out(chart_id):
    """sj.chart(..., mark_crossing=False): no line, no label, no sentence saying the year,
    for a chart shown before a question that asks for it; everything else is the same."""
    marked, plain = sj.chart(chart_id), sj.chart(chart_id, mark_crossing=False)
    year = first_crossing(*(line_values(chart_id)[k] for k in ("Japan", "China")))
    assert f"in {year}" in marked.text and f"in {year}" not in plain.text
    words = [a.text for a in plain.figure.layout.annotations]
    assert not any(str(year) in w for w in words)
    assert shapes_named(plain.figure, "crossing") == {}
    assert shapes_named(marked.figure, "crossing")
    assert [t.y for t in plain.figure.data] == [t.y for t in marked.figure.data]
    assert plain.text == sj.chart_text(chart_id, mark_crossing=False)


@pytest.mark.parametrize("chart_id", CHARTS)
def test_marks_keep_clear_of_the_stage_labels_and_of_each_others_labels(chart_id):
    """The stage labels sit in the 19 px above the plot: no dashed line may pass through
    that row (affinity's 2016 and 2020, milex's 1999). A line rising to its own label must
    not pass through a lower label: the lower rows belong to the lines nearer the middle,
    whose labels read toward the middle, away from the lines further out."""
    from sinojapan.pictures.charts import PLOT

    figure = chart_figure(chart_id)
    layout = figure.layout
    assert layout.height - layout.margin.t - layout.margin.b == PLOT
    assert layout.legend.yref == "container"  # the legend cannot shrink the plot
    row = (1.0, 1 + 19 / PLOT)
    marks = [s for s in layout.shapes if (s.name or "").startswith(("method", "crossing"))]
    for shape in marks:
        assert not (shape.y0 < row[1] and shape.y1 > row[0] + 1e-9), (shape.name, shape.y1)
    assert all(s.y0 >= row[1] for s in marks if s.y0 > 0)  # the upper piece starts above
    labels = [a for a in layout.annotations if (a.name or "").startswith(("method", "crossing"))]
    for shape in (s for s in marks if s.y0 > 0):  # the piece rising to its label
        x = pd.Timestamp(shape.x0)
        for label in (a for a in labels if a.name != shape.name and a.y < shape.y1):
            # a label reads from its line one way: a line on that side may run through it
            reads_left = label.xanchor == "right"
            assert (x > pd.Timestamp(label.x)) == reads_left, (shape.name, label.name)


def test_first_crossing_and_gap_helpers():
    a = pd.Series({2000: 5.0, 2001: 5.0, 2002: 5.0, 2004: 5.0})
    b = pd.Series({2000: 1.0, 2001: 6.0, 2002: 4.0, 2004: 7.0})
    assert first_crossing(a, b) == 2001
    assert first_crossing(b, a) == 2002
    assert first_crossing(a, pd.Series({2000: 1.0, 2002: 9.0})) is None  # no adjacent years
    full = with_gaps(pd.Series({2000: 1.0, 2003: 2.0, 2004: float("nan"), 2006: 3.0}))
    assert list(full.index) == list(range(2000, 2007))
    assert list(full) == [1.0, None, None, 2.0, None, None, 3.0]
    assert missing_spans(full) == ["2001-2002", "2004-2005"]


def test_text_versions_list_every_value():
    text = sj.chart("visitors", text=True)
    values = line_values("visitors")["Visitors from mainland China"]
    for year in values.index:
        assert f"{year}: " in text
    assert "Missing" not in text or "No missing years" in text
    assert "FY2012: 306" in sj.chart_text("scrambles")
    assert "2012: PARTIAL" in sj.chart_text("senkaku_ships")


def test_china_japan_spending_chart_marks_the_computed_crossing_and_zoom_follows_years():
    chart = sj.chart("milex_china_japan")
    assert [trace.name for trace in chart.figure.data][:2] == ["Japan", "China"]
    assert "first exceeds Japan's in 1999" in chart.text
    zoomed = sj.chart("visitors", years=(2003, 2013))
    assert zoomed.figure.layout.xaxis.range[0].startswith("2002")
    assert zoomed.figure.layout.yaxis.range[1] < 2000  # thousands: 2010's 1,413 fits


# ------------------------------------------------------------------ charts are data

@pytest.fixture
def charts_copy(tmp_path, monkeypatch):
    import shutil

    from sinojapan.content import files

    copy = tmp_path / "data"
    shutil.copytree(files.data_dir(), copy)
    monkeypatch.setenv(files.DATA_ENV, str(copy))
    files.clear_cache()
    yield copy / "charts.yaml"
    files.clear_cache()


def edit_charts(path, change) -> None:
    import yaml

    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    change({c["id"]: c for c in document["charts"]}, document["charts"])
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")


def test_a_new_chart_of_an_existing_series_is_one_yaml_entry(charts_copy):
    edit_charts(charts_copy, lambda by_id, charts: charts.append({
        "id": "japan_spending", "series": "milex", "title": "Japan's military expenditure",
        "unit": "billion constant 2023 US dollars", "scale": 1000,
        "lines": [{"column": "milex_constant2023_usd_million", "label": "Japan",
                   "where": {"iso3": "JPN"}}]}))
    assert "japan_spending" in sj.chart_ids()
    chart = sj.chart("japan_spending")
    assert [t.name for t in chart.figure.data] == ["Japan"]
    assert chart.text.startswith("Japan's military expenditure (billion constant 2023 US")
    assert "SIPRI" in chart.source


@pytest.mark.parametrize(("change", "fragments"), [
    (lambda by_id, c: by_id["gdp"].update(series="weather"),
     ["chart gdp", "field 'series'", "no series 'weather'"]),
    (lambda by_id, c: by_id["visitors"]["lines"][0].update(column="tourists"),
     ["chart visitors", "field 'lines[0].column'", "'tourists' is not a value column"]),
    (lambda by_id, c: by_id["gdp"]["crossing"].update(passing="India"),
     ["chart gdp", "field 'crossing.passing'", "'India' is not the label of a line"]),
    (lambda by_id, c: by_id["milex"]["lines"][0].pop("where"),
     ["chart milex", "field 'lines[0].where'", "key columns"]),
    (lambda by_id, c: by_id["affinity"].pop("unit"),
     ["at charts[0] (id affinity)", "field 'unit'", "required"]),
    (lambda by_id, c: c.append(dict(by_id["gdp"])), ["duplicate id gdp"]),
], ids=["series", "column", "crossing", "where", "schema", "duplicate"])
def test_a_broken_chart_entry_names_the_file_chart_and_field(charts_copy, change, fragments):
    edit_charts(charts_copy, change)
    with pytest.raises(sj.DataError) as caught:
        sj.load_all()
    assert "charts.yaml" in str(caught.value)
    for fragment in fragments:
        assert fragment in str(caught.value), (fragment, str(caught.value))


def test_a_where_that_matches_no_rows_is_named(charts_copy):
    edit_charts(charts_copy, lambda by_id, c: by_id["gdp"]["lines"][0]["where"].update(
        iso3="XXX"))
    with pytest.raises(sj.DataError, match=r"chart gdp, field 'lines\[0\].where': no rows"):
        sj.chart("gdp")


def test_a_chart_reads_its_series_once(monkeypatch):
    from sinojapan.content import files, series_data
    from sinojapan.pictures import charts

    files.clear_cache()
    calls = []
    real = series_data.series
    monkeypatch.setattr(charts, "series", lambda sid: calls.append(sid) or real(sid))
    sj.chart("gdp")
    sj.chart("gdp", years=(2000, 2012))
    sj.chart_text("gdp")
    assert calls == ["gdp"]


def _drawn(spec_or_figure) -> dict:
    import plotly.io as pio

    return json.loads(pio.to_json(spec_or_figure, validate=False))


SPECS = [("chart", chart_id) for chart_id in sj.chart_ids()] + [
    ("timeline", {}), ("timeline", {"stage": "4", "highlight": [
        "2010-09-07-chinese-trawler-collides-japan"]}),
    ("timeline", {"start": "2010", "end": "2013", "categories": ["security", "incident"]})]


@pytest.mark.parametrize(("kind", "options"), SPECS, ids=[str(o) for _, o in SPECS])
def test_every_figure_spec_is_already_what_plotly_would_draw(kind, options):
    """Figures are built as plain specs and shown unchecked; Plotly's own checked Figure of
    the same spec must accept every property and draw exactly the same JSON (a magic
    underscore like `font_size`, a bare-string title or a misspelt property fails)."""
    import plotly.graph_objects as go

    from sinojapan.pictures import charts, timelines

    spec = (charts.chart_figure_spec(options) if kind == "chart"
            else timelines.timeline_spec(**options))
    checked = go.Figure(spec)  # raises ValueError on any property Plotly does not know
    assert _drawn(checked) == _drawn(spec)


@pytest.mark.parametrize(("kind", "options"), SPECS, ids=[str(o) for _, o in SPECS])
def test_a_spec_is_shown_exactly_as_plotly_would_write_it(kind, options):
    """Specs are written as JSON without importing Plotly; the output must be what Plotly's
    own encoder writes for the same spec, template included."""
    from sinojapan.pictures import charts, display, timelines

    spec = (charts.chart_figure_spec(options) if kind == "chart"
            else timelines.timeline_spec(**options))
    shown = display.figure_bundle(spec)[display.PLOTLY_MIME]
    assert shown.pop("config") == display.FIGURE_CONFIG
    assert shown == _drawn(spec)
    assert json.loads(json.dumps(shown, allow_nan=False)) == shown  # valid JSON, no NaN


def test_showing_a_chart_does_not_import_plotly():
    code = ("import sys, sinojapan as sj\n"
            "from sinojapan.pictures.display import figure_bundle\n"
            "figure_bundle(sj.chart('gdp')._figure)\n"
            "figure_bundle(sj.timeline(stage='4')._figure)\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'plotly'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"
