"""Real data against the essay's stages: one chart per series, with its source and caveats.

    sj.chart_ids()             the charts there are
    sj.chart("visitors")       a Chart: figure, source, caveats and a text version
    sj.chart_text("gdp")       only the text version

Nothing is interpolated: every series is reindexed to every year of its span and a
missing year stays None, so its line breaks there. Method changes listed in
series.yaml are drawn as dashed vertical lines with their label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from . import bands, data
from .display import Chart

# Dark colours that stand out on every band tint; each line also has its own marker
# symbol and dash, so colour is never the only cue.
LINE_STYLES = [
    {"color": "#000000", "symbol": "circle", "dash": "solid"},
    {"color": "#0072B2", "symbol": "square", "dash": "dash"},
    {"color": "#D55E00", "symbol": "diamond", "dash": "dot"},
    {"color": "#5b3a8c", "symbol": "triangle-up", "dash": "dashdot"},
]


@dataclass(frozen=True)
class Line:
    column: str
    label: str
    where: dict = field(default_factory=dict)  # key column -> value, for grouped series


@dataclass(frozen=True)
class Spec:
    series: str
    title: str
    unit: str
    lines: tuple[Line, ...]
    scale: float = 1.0  # values are divided by this (and `unit` says so)
    digits: int = 1
    first_year: int | None = None
    crossing: tuple[int, int] | None = None  # indexes of two lines: mark where b passes a
    crossing_text: str = "{b} first exceeds {a} in {year}"


def _japan_china(view: str, respondents: str, what: str, label: str) -> Line:
    return Line(what, label, {"respondents": respondents, "view_of": view})


CHARTS: dict[str, Spec] = {
    "affinity": Spec(
        "affinity", "Japanese who feel affinity toward China", "% of respondents",
        (Line("feel_affinity_pct", "Feel affinity"),
         Line("do_not_feel_affinity_pct", "Do not feel affinity"))),
    "impressions": Spec(
        "impressions", "Mutual impressions: Japanese of China, Chinese of Japan",
        "% of respondents",
        (_japan_china("China", "Japan", "favorable_pct", "Japanese: good impression of China"),
         _japan_china("China", "Japan", "unfavorable_pct", "Japanese: bad impression of China"),
         _japan_china("Japan", "China", "favorable_pct", "Chinese: good impression of Japan"),
         _japan_china("Japan", "China", "unfavorable_pct", "Chinese: bad impression of Japan"))),
    "trade_mof": Spec(
        "trade_mof", "Japan's trade with China, in yen (Ministry of Finance)", "billion yen",
        (Line("japan_exports_to_china_jpy_billion", "Japan's exports to China"),
         Line("japan_imports_from_china_jpy_billion", "Japan's imports from China"))),
    "trade_cow": Spec(
        "trade_cow", "Japan-China trade, in US dollars (Correlates of War)",
        "million current US dollars",
        (Line("china_imports_from_japan_usd_million", "China's imports from Japan"),
         Line("japan_imports_from_china_usd_million", "Japan's imports from China")),
        digits=0, first_year=1972),
    "visitors": Spec(
        "visitors", "Visitors from mainland China to Japan", "thousand persons",
        (Line("visitors_from_china_persons", "Visitors from mainland China"),),
        scale=1e3),
    "milex": Spec(
        "milex", "Military expenditure of China, Japan and the United States",
        "billion constant 2023 US dollars",
        (Line("milex_constant2023_usd_million", "China", {"iso3": "CHN"}),
         Line("milex_constant2023_usd_million", "Japan", {"iso3": "JPN"}),
         Line("milex_constant2023_usd_million", "United States", {"iso3": "USA"})),
        scale=1e3),
    "milex_china_japan": Spec(
        "milex", "Military expenditure of China and Japan", "billion constant 2023 US dollars",
        (Line("milex_constant2023_usd_million", "Japan", {"iso3": "JPN"}),
         Line("milex_constant2023_usd_million", "China", {"iso3": "CHN"})),
        scale=1e3, crossing=(0, 1),
        crossing_text="{b}'s spending first exceeds {a}'s in {year} (computed from this data)"),
    "gdp": Spec(
        "gdp", "Gross domestic product of China and Japan", "trillion current US dollars",
        (Line("gdp_current_usd", "Japan", {"iso3": "JPN"}),
         Line("gdp_current_usd", "China", {"iso3": "CHN"})),
        scale=1e12, digits=2, first_year=1972, crossing=(0, 1),
        crossing_text="{b}'s GDP first exceeds {a}'s in {year} (computed from this data)"),
    "scrambles": Spec(
        "scrambles", "Japanese fighter scrambles against Chinese aircraft",
        "scrambles per fiscal year",
        (Line("scrambles_vs_chinese_aircraft", "Against Chinese aircraft"),
         Line("scrambles_total_all_countries", "Against all countries")),
        digits=0),
    "senkaku_ships": Spec(
        "senkaku_ships", "Chinese government ships near the Senkaku Islands", "days per year",
        (Line("contiguous_zone_days", "Days in the contiguous zone"),
         Line("territorial_sea_days", "Days in the territorial sea")),
        digits=0),
}

# Per-row notes shown in the hover and the text version when present.
NOTE_COLUMNS = ("fieldwork", "survey_method", "coverage", "status")
FIELDWORK = re.compile(r"^(\d{4})-(\d{2})")


def chart_ids() -> list[str]:
    """The charts `chart()` can draw."""
    return list(CHARTS)


def _spec(chart_id: str) -> Spec:
    if chart_id not in CHARTS:
        raise KeyError(f"no chart '{chart_id}'; known charts: {', '.join(CHARTS)}")
    return CHARTS[chart_id]


# ---------------------------------------------------------------- pure helpers

def is_fiscal(time_column: str) -> bool:
    return "fiscal" in time_column


def year_label(year: int, fiscal: bool = False) -> str:
    return f"FY{year}" if fiscal else f"{year}"


def year_position(year: int, fiscal: bool = False) -> pd.Timestamp:
    """Where a year's value is drawn on a date axis: the middle of the period it covers
    (1 July; 1 October for a fiscal year starting in April)."""
    return pd.Timestamp(year, 10 if fiscal else 7, 1)


def positions(chart_id: str) -> dict[int, pd.Timestamp]:
    """Where each year's values are drawn: mid-period (`year_position`), or the 15th of
    the fieldwork month for a survey whose row gives one (e.g. '2016-01 (FY2015 survey)')."""
    spec = _spec(chart_id)
    frame = data.series(spec.series)
    meta = frame.attrs["meta"]
    fiscal = is_fiscal(meta["time"])
    years = sorted(set(frame[meta["time"]]))
    result = {y: year_position(y, fiscal) for y in range(years[0], years[-1] + 1)}
    if "fieldwork" in frame.columns and not meta["keys"]:
        for year, text in zip(frame[meta["time"]], frame["fieldwork"].astype(str), strict=True):
            match = FIELDWORK.match(text)
            if match:
                result[int(year)] = pd.Timestamp(int(match[1]), int(match[2]), 15)
    return result


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


def line_values(chart_id: str) -> dict[str, pd.Series]:
    """Each line's values by year (scaled to the chart's unit), before gap filling."""
    spec = _spec(chart_id)
    frame = data.series(spec.series)
    meta = frame.attrs["meta"]
    result = {}
    for line in spec.lines:
        rows = frame
        for column, value in line.where.items():
            rows = rows[rows[column].astype(str) == value]
        values = rows.set_index(meta["time"])[line.column].sort_index() / spec.scale
        if spec.first_year is not None:
            values = values[values.index >= spec.first_year]
        result[line.label] = values.dropna()
    return result


def _notes(chart_id: str, columns: tuple[str, ...] = NOTE_COLUMNS) -> pd.Series:
    """Per-year notes (e.g. '2012: PARTIAL ...') from the series' own note columns."""
    spec = _spec(chart_id)
    frame = data.series(spec.series)
    meta = frame.attrs["meta"]
    columns = [c for c in columns if c in frame.columns]
    if not columns or meta["keys"]:
        return pd.Series(dtype=object)
    return frame.set_index(meta["time"])[columns].astype(str).agg("; ".join, axis=1)


def partial_years(chart_id: str) -> set[int]:
    """Years whose row says the source covers only part of the year (a `coverage` cell
    starting with 'PARTIAL')."""
    notes = _notes(chart_id, ("coverage",))
    return {int(y) for y, note in notes.items() if note.upper().startswith("PARTIAL")}


def _fmt(value: float, digits: int) -> str:
    return f"{value:,.{digits}f}"


def chart_text(chart_id: str) -> str:
    """The text alternative of a chart: every value by year, the missing years, the
    method changes and any crossing, from the same data the chart draws."""
    spec = _spec(chart_id)
    meta = data.series_info(spec.series)
    fiscal = is_fiscal(meta["time"])
    lines = [f"{spec.title} ({spec.unit}), by {'fiscal ' if fiscal else ''}year."]
    for label, values in line_values(chart_id).items():
        if values.empty:
            lines.append(f"{label}: no values.")
            continue
        full = with_gaps(values)
        points = "; ".join(f"{year_label(y, fiscal)}: {_fmt(v, spec.digits)}"
                           for y, v in values.items())
        gaps = missing_spans(full)
        lines.append(f"{label}: {points}."
                     + (f" Missing: {', '.join(gaps)}." if gaps else " No missing years."))
    notes = _notes(chart_id, ("coverage", "status"))
    if not notes.empty:
        usual = notes.mode().iloc[0]
        unusual = notes[notes != usual]
        if not unusual.empty and len(unusual) < len(notes):
            lines.append("Notes: " + "; ".join(f"{year_label(y, fiscal)}: {n}"
                                                for y, n in unusual.items()) + ".")
    for change in meta.get("method_changes") or []:
        lines.append(f"Method change from {year_label(change['year'], fiscal)}: "
                     f"{change['label']}.")
    crossing = _crossing(chart_id)
    if crossing:
        lines.append(crossing[1] + ".")
    return "\n".join(lines)


def _crossing(chart_id: str) -> tuple[int, str] | None:
    spec = _spec(chart_id)
    if spec.crossing is None:
        return None
    values = line_values(chart_id)
    labels = list(values)
    a, b = labels[spec.crossing[0]], labels[spec.crossing[1]]
    year = first_crossing(values[a], values[b])
    if year is None:
        return None
    return year, spec.crossing_text.format(a=a, b=b, year=year)


# ---------------------------------------------------------------- the figure

def _vertical_mark(figure, x, label: str, name: str, row: int, *, right: bool,
                   dash: str = "dash") -> None:
    """A dashed vertical line with its label above the plot, clear of the data (rows stack
    upwards); the label reads leftwards from the line in the right half of the chart."""
    top = 1.08 + 0.07 * row
    figure.add_shape(type="line", xref="x", yref="paper", x0=x, x1=x, y0=0, y1=top,
                     line={"color": "#333", "width": 1.5, "dash": dash}, name=name)
    figure.add_annotation(x=x, xref="x", y=top, yref="paper",
                          yanchor="bottom", xanchor="right" if right else "left",
                          showarrow=False, text=label, align="left",
                          bgcolor="rgba(255,255,255,0.85)", font={"size": 11, "color": "#222"},
                          name=name)


def chart_figure(chart_id: str):
    """The plotly Figure of one chart (see `chart`)."""
    import plotly.graph_objects as go

    spec = _spec(chart_id)
    meta = data.series_info(spec.series)
    fiscal = is_fiscal(meta["time"])
    notes = _notes(chart_id)
    partial = partial_years(chart_id)
    where = positions(chart_id)
    figure = go.Figure()
    first_year, last_year = None, None
    for k, (label, values) in enumerate(line_values(chart_id).items()):
        full = with_gaps(values)
        if full.empty:
            continue
        style = LINE_STYLES[k % len(LINE_STYLES)]
        first_year = min(first_year or full.index[0], full.index[0])
        last_year = max(last_year or full.index[-1], full.index[-1])
        hover = [year_label(y, fiscal) + (f" ({notes[y]})" if y in notes.index else "")
                 for y in full.index]
        # A year the source covers only in part is drawn apart (open marker, no line),
        # so it does not read as a full year's fall or rise.
        part = [y in partial for y in full.index]
        line = [None if p else v for p, v in zip(part, full.values, strict=True)]
        figure.add_trace(go.Scatter(
            x=[where[y] for y in full.index], y=line,
            mode="lines+markers", connectgaps=False, name=label,
            line={"color": style["color"], "dash": style["dash"], "width": 2},
            marker={"symbol": style["symbol"], "size": 7, "color": style["color"]},
            customdata=hover,
            hovertemplate=f"%{{customdata}}: %{{y:,.{spec.digits}f}} {spec.unit}"
                          f"<extra>{label}</extra>",
        ))
        if any(part) and any(full[y] is not None for y in partial if y in full.index):
            years = [y for y, p in zip(full.index, part, strict=True)
                     if p and full[y] is not None]
            figure.add_trace(go.Scatter(
                x=[where[y] for y in years], y=[full[y] for y in years], mode="markers",
                name=f"{label} (part of the year only)", meta="partial",
                legendgroup=label,
                marker={"symbol": f"{style['symbol']}-open", "size": 9,
                        "color": style["color"], "line": {"width": 2}},
                customdata=[hover[list(full.index).index(y)] for y in years],
                hovertemplate=f"%{{customdata}}: %{{y:,.{spec.digits}f}} {spec.unit}"
                              f"<extra>{label}</extra>",
            ))
    first = pd.Timestamp(first_year, 4, 1) if fiscal else pd.Timestamp(first_year, 1, 1)
    last = (pd.Timestamp(last_year + 1, 3, 31) if fiscal
            else pd.Timestamp(last_year, 12, 31))
    bands.add_stage_bands(figure, first=first, last=last)
    marks = []
    for change in meta.get("method_changes") or []:
        marks.append((mark_position(change, fiscal), f"Method change: {change['label']}",
                      f"method change {change['year']}", "dash"))
    crossing = _crossing(chart_id)
    if crossing:
        marks.append((year_position(crossing[0], fiscal), crossing[1],
                      f"crossing {crossing[0]}", "dot"))
    for row, (x, label, name, dash) in enumerate(marks):
        _vertical_mark(figure, x, label, name, len(marks) - 1 - row,
                       right=(x - first) / (last - first) > 0.5, dash=dash)
    figure.update_layout(
        template="plotly_white", height=460 + 30 * len(marks), hovermode="closest",
        title={"text": spec.title, "x": 0, "xanchor": "left", "font_size": 16},
        margin={"l": 10, "r": 20, "t": 90 + 30 * len(marks), "b": 60},
        legend={"orientation": "h", "x": 0, "y": -0.2 if fiscal else -0.1, "yanchor": "top"},
        xaxis={"type": "date", "range": [first - pd.DateOffset(months=6),
                                         last + pd.DateOffset(months=6)],
               "showgrid": False, "title": "Fiscal year (April-March)" if fiscal else None},
        yaxis={"title": spec.unit, "rangemode": "tozero", "gridcolor": "#ddd"},
    )
    return figure


def _caveats(chart_id: str) -> list[str]:
    spec = _spec(chart_id)
    meta = data.series_info(spec.series)
    notes = list(meta.get("caveats") or [])
    if spec.scale != 1:
        notes.append(f"Values are shown in {spec.unit}; the data file holds "
                     f"{_unit_of(meta, spec.lines[0].column)}.")
    return notes


def _unit_of(meta: dict, column: str) -> str:
    return meta["values"][column]["unit"]


def chart(chart_id: str, *, years: tuple[int, int] | None = None,
          text: bool = False) -> Chart | str:
    """One data series as a chart with the essay's stages behind it, its source and
    caveats under it, and a text version. `text=True` returns only the text version;
    `years=(2003, 2013)` zooms to those years (the y axis follows; the slider and the
    text version still cover every year).

    Charts: affinity, impressions, trade_mof, trade_cow, visitors, milex,
    milex_china_japan, gdp, scrambles, senkaku_ships (see `chart_ids()`)."""
    alternative = chart_text(chart_id)
    if text:
        return alternative
    spec = _spec(chart_id)
    meta = data.series_info(spec.series)
    source = f"{meta['publisher']}. {meta['source']} Coverage: {meta['coverage']}."
    figure = chart_figure(chart_id)
    if years:
        first, last = years
        shown = [v for values in line_values(chart_id).values()
                 for year, v in values.items() if first <= year <= last and v is not None]
        figure.update_xaxes(range=[f"{first - 1}-10-01", f"{last}-04-01"])
        if shown:
            figure.update_yaxes(range=[0, max(shown) * 1.1])
    return Chart(figure=figure, text=alternative, source=source, caveats=_caveats(chart_id))
