"""Real data against the essay's stages: one chart per entry of data/charts.yaml, with its
source and caveats.

    sj.chart_ids()             the charts there are
    sj.chart("visitors")       a Chart: figure, source, caveats and a text version
    sj.chart_text("gdp")       only the text version
    sj.chart("gdp", mark_crossing=False)   without the computed crossing, for a chart
                               shown before a question that asks for it

Nothing is interpolated: every series is reindexed to every year of its span and a
missing year stays None, so its line breaks there. Method changes listed in
series.yaml are drawn as dashed vertical lines with their label.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from sinojapan.content.files import DataError, cached, data_dir
from sinojapan.content.series_data import ChartSpec, chart_ids, chart_spec, series, series_info
from sinojapan.pictures import bands
from sinojapan.pictures.display import Chart, as_figure, new_spec

__all__ = ["chart", "chart_figure", "chart_ids", "chart_text", "first_crossing",
           "line_values", "missing_spans", "with_gaps"]

# Dark colours that stand out on every band tint; each line also has its own marker
# symbol and dash, so colour is never the only cue.
LINE_STYLES = [
    {"color": "#000000", "symbol": "circle", "dash": "solid"},
    {"color": "#0072B2", "symbol": "square", "dash": "dash"},
    {"color": "#D55E00", "symbol": "diamond", "dash": "dot"},
    {"color": "#5b3a8c", "symbol": "triangle-up", "dash": "dashdot"},
]
# Per-row notes shown in the hover and the text version when present.
NOTE_COLUMNS = ("fieldwork", "survey_method", "coverage", "status")
FIELDWORK = re.compile(r"^(\d{4})-(\d{2})")
# The chart's frame in pixels, so the marks above the plot keep clear of the stage labels:
# the plot is PLOT px high between margins that are never expanded (the legend sits in
# the bottom margin); the stage labels take the LABEL_ROW px above the plot; each mark's
# label has a row of its own above them, and its dashed line skips the stage labels' row.
PLOT, BOTTOM, FISCAL_BOTTOM = 310, 100, 125
LABEL_ROW, MARK_ROW = 24, 22
# Room left of the plot for the y axis's title and tick labels (up to four characters,
# such as "1200" or "300k", need 63 px in Chromium). The axis still widens the margin for
# more, but then plotly.js draws the figure twice, and JupyterLab three times (figure,
# redraw, PNG copy).
Y_AXIS_ROOM = 70


# ---------------------------------------------------------------- pure helpers

def year_label(year: int, fiscal: bool = False) -> str:
    return f"FY{year}" if fiscal else f"{year}"


def year_position(year: int, fiscal: bool = False) -> pd.Timestamp:
    """Where a year's value is drawn on a date axis: the middle of the period it covers
    (1 July; 1 October for a fiscal year starting in April)."""
    return pd.Timestamp(year, 10 if fiscal else 7, 1)


def mark_position(change: dict, fiscal: bool = False) -> pd.Timestamp:
    """Where a method change is drawn: at its `date` (YYYY-MM) if given, else where its
    year begins."""
    if change.get("date"):
        return pd.Timestamp(change["date"] + "-01")
    return pd.Timestamp(change["year"], 4 if fiscal else 1, 1)


def with_gaps(values: pd.Series) -> pd.Series:
    """A year-indexed series reindexed to every year from its first to its last value;
    missing years (and missing cells) become None, never an estimate."""
    values = values.dropna()
    if values.empty:
        return pd.Series([], dtype=object)
    years = range(int(values.index.min()), int(values.index.max()) + 1)
    full = values.reindex(years)
    return full.astype(object).where(full.notna(), None)


def missing_spans(full: pd.Series) -> list[str]:
    """Runs of missing years in a gap-filled series, as '1981-1988' or '2015'."""
    runs, start = [], None
    years = list(full.index)
    for i, year in enumerate(years):
        if full[year] is None and start is None:
            start = year
        if start is not None and (i == len(years) - 1 or full[years[i + 1]] is not None):
            if full[year] is None:
                runs.append(f"{start}" if start == year else f"{start}-{year}")
                start = None
    return runs


def first_crossing(a: pd.Series, b: pd.Series) -> int | None:
    """The first year in which b is above a after being at or below it the year before
    (both known in both years); None if b never passes a in the data."""
    both = pd.concat({"a": a, "b": b}, axis=1).dropna().sort_index()
    years = list(both.index)
    for before, year in zip(years, years[1:], strict=False):
        if year == before + 1 and both.loc[before, "b"] <= both.loc[before, "a"] \
                and both.loc[year, "b"] > both.loc[year, "a"]:
            return int(year)
    return None


def _fmt(value: float, digits: int) -> str:
    return f"{value:,.{digits}f}"


# ---------------------------------------------------------------- one chart's data

@dataclass
class ChartData:
    """A chart's definition with its series, loaded once; everything drawn or written
    about the chart is computed from this."""

    spec: ChartSpec
    meta: dict
    frame: pd.DataFrame

    @property
    def fiscal(self) -> bool:
        return "fiscal" in self.meta["time"]

    @cached_property
    def lines(self) -> dict[str, pd.Series]:
        """Each line's values by year (scaled to the chart's unit), before gap filling."""
        spec, time = self.spec, self.meta["time"]
        result = {}
        for index, line in enumerate(spec.lines):
            rows = self.frame
            for column, value in line.where.items():
                rows = rows[rows[column].astype(str) == value]
            if rows.empty:
                raise DataError(data_dir() / "charts.yaml", f"no rows of series {spec.series} "
                                f"match {line.where}", row=f"chart {spec.id}",
                                field=f"lines[{index}].where")
            values = rows.set_index(time)[line.column].sort_index() / spec.scale
            if spec.first_year is not None:
                values = values[values.index >= spec.first_year]
            result[line.label] = values.dropna()
        return result

    def notes(self, columns: tuple[str, ...] = NOTE_COLUMNS) -> pd.Series:
        """Per-year notes (e.g. '2012: PARTIAL ...') from the series' own note columns."""
        columns = [c for c in columns if c in self.frame.columns]
        if not columns or self.meta["keys"]:
            return pd.Series(dtype=object)
        return (self.frame.set_index(self.meta["time"])[columns].astype(str)
                .agg("; ".join, axis=1))

    @cached_property
    def partial_years(self) -> set[int]:
        """Years whose row says the source covers only part of the year (a `coverage`
        cell starting with 'PARTIAL')."""
        return {int(y) for y, note in self.notes(("coverage",)).items()
                if note.upper().startswith("PARTIAL")}

    @cached_property
    def positions(self) -> dict[int, pd.Timestamp]:
        """Where each year's values are drawn: mid-period (`year_position`), or the 15th of
        the fieldwork month for a survey whose row gives one (e.g. '2016-01 (FY2015
        survey)')."""
        time = self.meta["time"]
        years = sorted(set(self.frame[time]))
        result = {y: year_position(y, self.fiscal) for y in range(years[0], years[-1] + 1)}
        if "fieldwork" in self.frame.columns and not self.meta["keys"]:
            for year, text in zip(self.frame[time], self.frame["fieldwork"].astype(str),
                                  strict=True):
                match = FIELDWORK.match(text)
                if match:
                    result[int(year)] = pd.Timestamp(int(match[1]), int(match[2]), 15)
        return result

    @cached_property
    def crossing(self) -> tuple[int, str] | None:
        if self.spec.crossing is None:
            return None
        passed, passing = self.spec.crossing
        year = first_crossing(self.lines[passed], self.lines[passing])
        if year is None:
            return None
        return year, self.spec.crossing_text.format(passed=passed, passing=passing, year=year)

    def caveats(self) -> list[str]:
        notes = list(self.meta.get("caveats") or [])
        if self.spec.scale != 1:
            column = self.spec.lines[0].column
            notes.append(f"Values are shown in {self.spec.unit}; the data file holds "
                         f"{self.meta['values'][column]['unit']}.")
        return notes

    def source(self) -> str:
        meta = self.meta
        return f"{meta['publisher']}. {meta['source']} Coverage: {meta['coverage']}."


@cached
def prepare(chart_id: str) -> ChartData:
    spec = chart_spec(chart_id)
    return ChartData(spec, series_info(spec.series), series(spec.series))


def line_values(chart_id: str) -> dict[str, pd.Series]:
    """Each line's values by year, in the chart's unit (see `ChartData.lines`)."""
    return dict(prepare(chart_id).lines)


# ---------------------------------------------------------------- text and figure

def chart_text(chart_id: str, *, mark_crossing: bool = True) -> str:
    """The text alternative of a chart: every value by year, the missing years, the
    method changes and any crossing (unless `mark_crossing=False`), from the same data the
    chart draws."""
    data = prepare(chart_id)
    spec, fiscal = data.spec, data.fiscal
    lines = [f"{spec.title} ({spec.unit}), by {'fiscal ' if fiscal else ''}year."]
    for label, values in data.lines.items():
        if values.empty:
            lines.append(f"{label}: no values.")
            continue
        points = "; ".join(f"{year_label(y, fiscal)}: {_fmt(v, spec.digits)}"
                           for y, v in values.items())
        gaps = missing_spans(with_gaps(values))
        lines.append(f"{label}: {points}."
                     + (f" Missing: {', '.join(gaps)}." if gaps else " No missing years."))
    notes = data.notes(("coverage", "status"))
    if not notes.empty:
        usual = notes.mode().iloc[0]
        unusual = notes[notes != usual]
        if not unusual.empty and len(unusual) < len(notes):
            lines.append("Notes: " + "; ".join(f"{year_label(y, fiscal)}: {n}"
                                                for y, n in unusual.items()) + ".")
    for change in data.meta.get("method_changes") or []:
        lines.append(f"Method change from {year_label(change['year'], fiscal)}: "
                     f"{change['label']}.")
    if data.crossing and mark_crossing:
        lines.append(data.crossing[1] + ".")
    return "\n".join(lines)


def _vertical_mark(spec: dict, x, label: str, name: str, row: int, *, right: bool,
                   dash: str = "dash") -> None:
    """A dashed vertical line with its label above the plot, clear of the data (rows stack
    upwards); the label reads leftwards from the line in the right half of the chart. The
    line is two pieces: through the plot, and from above the stage labels' row to its own
    label, so it never crosses a stage label."""
    top = round(1 + (LABEL_ROW + 6 + MARK_ROW * row) / PLOT, 4)
    layout = spec["layout"]
    line = {"color": "#333", "width": 1.5, "dash": dash}
    layout.setdefault("shapes", []).extend([
        dict(type="line", xref="x", yref="paper", x0=x, x1=x, y0=0,
             y1=round(1 - 3 / PLOT, 4), line=line, name=name),  # 3 px below the labels
        dict(type="line", xref="x", yref="paper", x0=x, x1=x,
             y0=round(1 + LABEL_ROW / PLOT, 4), y1=top, line=line, name=name)])
    layout.setdefault("annotations", []).append(dict(
        x=x, xref="x", y=top, yref="paper", yanchor="bottom",
        xanchor="right" if right else "left", showarrow=False, text=label, align="left",
        bgcolor="rgba(255,255,255,0.85)", font={"size": 11, "color": "#222"}, name=name))


def _add_line(figure: dict, data: ChartData, label: str, full: pd.Series,
              style: dict) -> None:
    """One line, and apart from it (open markers, not joined) the years the source covers
    only in part, so they do not read as a full year's fall or rise."""
    spec, notes = data.spec, data.notes()
    hover = {y: year_label(y, data.fiscal) + (f" ({notes[y]})" if y in notes.index else "")
             for y in full.index}
    template = f"%{{customdata}}: %{{y:,.{spec.digits}f}} {spec.unit}<extra>{label}</extra>"
    partial = [y for y in full.index if y in data.partial_years]
    figure["data"].append(dict(
        type="scatter", x=[data.positions[y] for y in full.index],
        y=[None if y in partial else v for y, v in full.items()],
        mode="lines+markers", connectgaps=False, name=label,
        line={"color": style["color"], "dash": style["dash"], "width": 2},
        marker={"symbol": style["symbol"], "size": 7, "color": style["color"]},
        customdata=list(hover.values()), hovertemplate=template))
    known = [y for y in partial if full[y] is not None]
    if known:
        figure["data"].append(dict(
            type="scatter", x=[data.positions[y] for y in known], y=[full[y] for y in known],
            mode="markers",
            name=f"{label} (part of the year only)", meta="partial", legendgroup=label,
            marker={"symbol": f"{style['symbol']}-open", "size": 9,
                    "color": style["color"], "line": {"width": 2}},
            customdata=[hover[y] for y in known], hovertemplate=template))


def chart_figure(chart_id: str, *, mark_crossing: bool = True):
    """The plotly Figure of one chart (see `chart`)."""
    return as_figure(chart_figure_spec(chart_id, mark_crossing=mark_crossing))


def chart_figure_spec(chart_id: str, *, mark_crossing: bool = True) -> dict:
    """The figure spec of one chart (see `chart`)."""
    data = prepare(chart_id)
    spec, meta, fiscal = data.spec, data.meta, data.fiscal
    figure = new_spec()
    drawn = []
    for k, (label, values) in enumerate(data.lines.items()):
        full = with_gaps(values)
        if not full.empty:
            drawn += [full.index[0], full.index[-1]]
            _add_line(figure, data, label, full, LINE_STYLES[k % len(LINE_STYLES)])
    first_year, last_year = min(drawn), max(drawn)
    first = pd.Timestamp(first_year, 4, 1) if fiscal else pd.Timestamp(first_year, 1, 1)
    last = (pd.Timestamp(last_year + 1, 3, 31) if fiscal
            else pd.Timestamp(last_year, 12, 31))
    bands.add_stage_bands(figure, first=first, last=last)
    marks = [(mark_position(change, fiscal), f"Method change: {change['label']}",
              f"method change {change['year']}", "dash")
             for change in meta.get("method_changes") or []]
    if data.crossing and mark_crossing:
        year, text = data.crossing
        marks.append((year_position(year, fiscal), text, f"crossing {year}", "dot"))
    # A label reads from its line toward the middle of the chart, so the line nearest the
    # middle takes the lowest row: the lines further out rise past its label, not through it.
    middle = first + (last - first) / 2
    by_distance = sorted(range(len(marks)), key=lambda k: abs(marks[k][0] - middle))
    for row, k in enumerate(by_distance):
        x, label, name, dash = marks[k]
        _vertical_mark(figure, x, label, name, row, right=x > middle, dash=dash)
    top = 90 + MARK_ROW * len(marks)
    bottom = FISCAL_BOTTOM if fiscal else BOTTOM
    figure["layout"].update(
        height=top + PLOT + bottom, hovermode="closest",
        title={"text": spec.title, "x": 0, "xanchor": "left", "font": {"size": 16}},
        margin={"l": Y_AXIS_ROOM, "r": 20, "t": top, "b": bottom},
        legend={"orientation": "h", "x": 0, "y": 0, "yref": "container", "yanchor": "bottom"},
        xaxis={"type": "date", "range": [first - pd.DateOffset(months=6),
                                         last + pd.DateOffset(months=6)],
               "showgrid": False,
               **({"title": {"text": "Fiscal year (April-March)"}} if fiscal else {})},
        yaxis={"title": {"text": spec.unit}, "rangemode": "tozero", "gridcolor": "#ddd"},
    )
    return figure


@cached
def _drawn(chart_id: str, mark_crossing: bool) -> tuple[dict, str]:
    """A chart's figure spec and text version, kept between kernels as the data are (see
    `stored`): drawing them with pandas took 10-30 ms a chart, each time a lesson ran."""
    return (chart_figure_spec(chart_id, mark_crossing=mark_crossing),
            chart_text(chart_id, mark_crossing=mark_crossing))


def chart(chart_id: str, *, years: tuple[int, int] | None = None,
          text: bool = False, mark_crossing: bool = True) -> Chart | str:
    """One data series as a chart with the essay's stages behind it, its source and
    caveats under it, and a text version. `text=True` returns only the text version;
    `years=(2003, 2013)` zooms to those years (the y axis follows; the slider and the
    text version still cover every year). `mark_crossing=False` leaves out the computed
    crossing (its line, its label and its sentence in the text version): for a chart
    shown before a question that asks for that year, so the chart does not answer it.
    `chart_ids()` lists the charts; each is an entry of data/charts.yaml."""
    drawn, alternative = _drawn(chart_id, mark_crossing)
    if text:
        return alternative
    data = prepare(chart_id)
    figure = copy.deepcopy(drawn)  # the kept one stays as drawn
    if years:
        first, last = years
        shown = [v for values in data.lines.values()
                 for year, v in values.items() if first <= year <= last and v is not None]
        figure["layout"]["xaxis"]["range"] = [f"{first - 1}-10-01", f"{last}-04-01"]
        if shown:
            figure["layout"]["yaxis"]["range"] = [0, max(shown) * 1.1]
    return Chart(figure=figure, text=alternative, source=data.source(),
                 caveats=data.caveats())
