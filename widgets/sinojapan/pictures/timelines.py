"""The relationship at a glance: every event on one Plotly timeline, and its text version.

    sj.timeline()                           all events, 1972 to the latest
    sj.timeline(stage="2", highlight=["1995-07-21-taiwan-strait-crisis-begins",
                                      "1996-03-us-sends-two-carrier"])
                                            zoom to stage 2 and ring two events
    sj.timeline(stage="2", text=True)       the same events as a short list

The figure carries its own controls (a button per stage, a category menu, a legend that
shows or hides a category, and a range slider where a lesson asks for one), so they work
in a static HTML export with no kernel. One trace per category, one shape
per stage: building it grows linearly with the number of events.
"""

from __future__ import annotations

import copy
import functools
import html
from collections.abc import Iterable, Mapping

import numpy
import pandas as pd

from sinojapan.content import catalog
from sinojapan.content.dates import format_date
from sinojapan.content.files import cached
from sinojapan.pictures import bands
from sinojapan.pictures.display import Chart, as_figure, new_spec
from sinojapan.pictures.timeline_frame import (
    category_buttons,
    frame_layout,
    menus_above,
    padded,
    plot_height,
    stage_buttons,
)

MARKER_COLOUR = "#1a1a1a"  # dark on every band tint: the bands carry colour, markers shape
HIGHLIGHT_NAME = "Discussed in this lesson"
WRAP = 72
# Events of one lane closer than this share of the view's span would be drawn on top of
# each other (a marker is 11 px; a narrow notebook's plot is some 640 px wide): they are
# stacked instead, a little above and below the lane (e.g. 27 and 29 September 1972).
STACK_SHARE = 0.025
STACK_OFFSETS = (0.0, 0.35, -0.35)


# ---------------------------------------------------------------- pure helpers

def midpoint(events: pd.DataFrame) -> pd.Series:
    """Where each event is drawn: the middle of the period it is known to (a year-only
    event sits mid-year instead of pretending to 1 January)."""
    return events["date"] + (events["date_end"] - events["date"]) / 2


def _as_list(value: str | Iterable[str] | None) -> list[str] | None:
    if value is None:
        return None
    return [value] if isinstance(value, str) else [str(v) for v in value]


MAX_KEYWORD_WORDS = 10


def keyword_words(keyword: str | None) -> list[str]:
    """The words a keyword filter uses: the first MAX_KEYWORD_WORDS, each at most 60
    characters (no event's text has a longer word), lower-cased."""
    return [w[:60] for w in (keyword or "").lower().split()[:MAX_KEYWORD_WORDS]]


def select_events(events: pd.DataFrame | None = None, *, stage: str | None = None,
                  start=None, end=None, categories: str | Iterable[str] | None = None,
                  keyword: str | None = None) -> pd.DataFrame:
    """The events that match every given filter, in date order.

    stage: a stage id ("1".."4", "post"); start / end: dates (anything pandas reads) that
    the event's period must overlap; categories: category ids; keyword: words that must
    all appear (any case) in the title, summary, sources or id."""
    frame = catalog.events() if events is None else events
    keep = pd.Series(True, index=frame.index)
    if stage is not None:
        stage = str(stage)
        known = list(frame["stage"].cat.categories) if hasattr(frame["stage"], "cat") else []
        if known and stage not in known:
            raise KeyError(f"no stage '{stage}'; known stages: {', '.join(known)}")
        keep &= frame["stage"].astype(str) == stage
    if start is not None:
        keep &= frame["date_end"] >= pd.Timestamp(start)
    if end is not None:
        keep &= frame["date"] <= pd.Timestamp(end)
    wanted = _as_list(categories)
    if wanted is not None:
        known = list(catalog.categories().index)
        unknown = [c for c in wanted if c not in known]
        if unknown:
            raise KeyError(f"unknown categor{'y' if len(unknown) == 1 else 'ies'} "
                           f"{', '.join(repr(u) for u in unknown)}; known: {', '.join(known)}")
        keep &= frame["category"].astype(str).isin(wanted)
    if keyword and keyword.strip():
        haystack = (frame.index.to_series() + " " + frame["title"].astype(str) + " "
                    + frame["summary"].astype(str) + " "
                    + frame["sources"].map(" ".join)).str.lower()
        for word in keyword_words(keyword):
            keep &= haystack.str.contains(word, regex=False)
    return frame[keep]


def _wrap(text: str, width: int = WRAP) -> str:
    """Greedy word wrap with <br> (textwrap is three times slower, and this runs per
    event)."""
    lines, line = [], ""
    for word in html.escape(text, quote=False).split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    return "<br>".join(lines)


def _chunk(text: str, width: int = WRAP) -> str:
    return "<br>".join(html.escape(text[i:i + width], quote=False)
                       for i in range(0, len(text), width))


def hover_text(event: Mapping) -> str:
    """The hover label of one event: date at its precision, title, summary, sources,
    confidence."""
    return _hover(event["title"], event["date"], event["date_precision"], event["summary"],
                  tuple(event["sources"]), event["confidence"])


@functools.lru_cache(maxsize=4096)  # a lesson's timelines share most of their events
def _hover(title, when, precision, summary, sources, confidence) -> str:
    qualifier = " (month only)" if precision == "month" else (
        " (year only)" if precision == "year" else "")
    links = "<br>".join(_chunk(s) for s in sources)
    return (f"<b>{_wrap(str(title))}</b><br>{format_date(when, precision)}{qualifier}<br><br>"
            f"{_wrap(str(summary))}<br><br><b>Source:</b><br>{links}<br>"
            f"<b>Confidence:</b> {confidence}")


def hover_texts(events: pd.DataFrame) -> list[str]:
    """`hover_text` for every row, without building a dict per row."""
    columns = ("title", "date", "date_precision", "summary", "sources", "confidence")
    return [_hover(title, when, precision, summary, tuple(sources), confidence)
            for title, when, precision, summary, sources, confidence
            in zip(*(events[c] for c in columns), strict=True)]


def text_alternative(events: pd.DataFrame, *, title: str | None = None,
                     highlight: Iterable[str] = ()) -> str:
    """The events as a short chronological list, grouped by stage: a text version of the
    timeline for screen readers and print. Highlighted events are marked as such."""
    highlight = set(highlight)
    stage_titles = catalog.stages()["title"]
    labels = catalog.categories()["label"]
    lines = [title] if title else []
    if events.empty:
        return "\n".join(lines + ["No events match."])
    events = events.sort_values("date", kind="stable")
    dates = [format_date(d, p) for d, p in zip(events["date"], events["date_precision"],
                                                strict=True)]
    rows = zip(events.index, events["stage"].astype(str), dates, events["title"],
               events["category"].astype(str), events["confidence"], strict=True)
    current = None
    counts = events["stage"].astype(str).value_counts()
    for event_id, stage_id, when, title, category, confidence in rows:
        if stage_id != current:
            current = stage_id
            count = f"{counts[stage_id]} event{'s' if counts[stage_id] != 1 else ''}"
            lines += ["" if lines else None, f"{stage_titles[stage_id]} ({count})"]
        mark = f" ({HIGHLIGHT_NAME.lower()})" if event_id in highlight else ""
        lines.append(f"- {when}: {title} ({labels.get(category, category)}; "
                     f"confidence {confidence}) [{event_id}]{mark}")
    return "\n".join(line for line in lines if line is not None)


# ---------------------------------------------------------------- the figure

def _view_range(stage, start, end, last: pd.Timestamp) -> tuple[pd.Timestamp, pd.Timestamp]:
    if stage is not None:
        first, final = bands.stage_range(stage, last)
    else:
        first, final = pd.Timestamp("1972-01-01"), last
    if start is not None:
        first = pd.Timestamp(start)
    if end is not None:
        final = pd.Timestamp(end)
    if final < first:
        raise ValueError(f"the range ends ({final.date()}) before it starts ({first.date()})")
    return first, final


def stacked(frame: pd.DataFrame, x: pd.Series, lanes: Mapping[str, int],
            gap: pd.Timedelta) -> pd.Series:
    """Each event's height: its lane, or a little above or below it where an earlier
    event of the lane is closer than `gap`, so neither hides the other."""

    y = numpy.zeros(len(frame))
    when = x.to_numpy().astype("datetime64[ns]").astype("int64")
    step = gap.value
    categories = frame["category"].astype(str).to_numpy()
    for cat, lane in lanes.items():
        rows = numpy.flatnonzero(categories == cat)
        last = [None] * len(STACK_OFFSETS)
        for row in rows[numpy.argsort(when[rows], kind="stable")]:
            free = [k for k, seen in enumerate(last) if seen is None or when[row] - seen >= step]
            level = free[0] if free else min(range(len(last)), key=lambda k: last[k])
            last[level] = when[row]
            y[row] = round(lane + STACK_OFFSETS[level], 6)
    return pd.Series(y, index=frame.index)


class _Rows:
    """The frame's columns as plain lists, read once: a trace per category then takes its
    rows by position instead of filtering the frame again (half of a timeline's time)."""

    def __init__(self, frame: pd.DataFrame, x: pd.Series, y: pd.Series):
        self.x, self.y = x.to_numpy(), y.to_list()
        self.ids = frame.index.to_numpy()
        self.position = {event_id: i for i, event_id in enumerate(self.ids)}
        self.category = frame["category"].astype(str).to_list()
        self.hover = hover_texts(frame)
        self.by_category: dict[str, list[int]] = {}
        for row, category in enumerate(self.category):
            self.by_category.setdefault(category, []).append(row)

    def trace(self, rows: list[int]) -> dict:
        rows = numpy.asarray(rows, dtype=int)
        return dict(x=self.x[rows], y=[self.y[i] for i in rows],
                    hovertext=[self.hover[i] for i in rows])


def _category_traces(spec: dict, rows: _Rows, lanes, cats, dimmed: bool) -> None:
    """One trace of markers per category lane."""
    for cat in lanes:
        mine = rows.by_category.get(cat, [])
        spec["data"].append(dict(
            type="scatter", **rows.trace(mine),
            mode="markers", name=cats.loc[cat, "label"], legendgroup=cat, meta=cat,
            marker={"symbol": cats.loc[cat, "symbol"], "size": 11, "color": MARKER_COLOUR,
                    "line": {"width": 1, "color": "white"}, "opacity": 0.45 if dimmed else 1},
            customdata=rows.ids[mine], hovertemplate="%{hovertext}<extra></extra>"))


def _ring_traces(spec: dict, rows: _Rows, highlight: list[str], lanes, name: str
                 ) -> list[str]:
    """Rings around the highlighted events, one trace per category (so a category filter
    hides its rings too), and a legend key; returns the category of each ring trace."""
    marker = {"symbol": "circle-open", "size": 24, "color": "#000", "line": {"width": 3}}
    owners = []
    for cat in lanes:
        mine = [rows.position[h] for h in highlight if rows.category[rows.position[h]] == cat]
        if not mine:
            continue
        owners.append(cat)
        spec["data"].append(dict(
            type="scatter", **rows.trace(mine),
            mode="markers", name=name, meta="highlight", legendgroup=cat, showlegend=False,
            marker=marker, customdata=[str(rows.ids[i]) for i in mine],
            hovertemplate="%{hovertext}<extra></extra>"))
    spec["data"].append(dict(  # the legend's key for the rings; draws nothing
        type="scatter", x=[None], y=[None], mode="markers", name=name, meta="highlight-key",
        marker=marker, hoverinfo="skip", legendgroup="highlight"))
    return owners


def timeline_figure(**options):
    """The timeline as a plotly Figure (see `timeline_spec` and `timeline`)."""
    return as_figure(timeline_spec(**options))


def timeline_spec(*, stage: str | None = None, start=None, end=None,
                  categories: str | Iterable[str] | None = None,
                  highlight: Iterable[str] | None = None, events: pd.DataFrame | None = None,
                  height: int = 560, highlight_name: str = HIGHLIGHT_NAME,
                  range_slider: bool = False) -> dict:
    """The timeline as a figure spec (see `timeline` for the options)."""
    every = catalog.events() if events is None else events
    cats = catalog.categories()
    wanted = _as_list(categories)
    frame = select_events(every, categories=wanted)
    shown = [c for c in cats.index if wanted is None or c in wanted]  # lanes in data order
    highlight = _as_list(highlight) or []
    missing = [h for h in highlight if h not in frame.index]
    if missing:
        raise KeyError(f"no event with id {', '.join(missing)} (among the events shown)")
    last = every["date_end"].max()
    first_view, last_view = _view_range(stage, start, end, last)

    lanes = {cat: -i for i, cat in enumerate(shown)}  # top to bottom in the data's order
    x = midpoint(frame)
    y = stacked(frame, x, lanes, (last_view - first_view) * STACK_SHARE)
    spec = new_spec()
    rows = _Rows(frame, x, y)
    _category_traces(spec, rows, lanes, cats, dimmed=bool(highlight))
    rings = _ring_traces(spec, rows, highlight, lanes, highlight_name) if highlight else []
    bands.add_stage_bands(spec, last=last)
    spans = bands.stage_spans(last)
    own = None if start is None and end is None else (first_view, last_view)
    active = 0  # the lesson's own range, or all years
    if stage is not None and own is None:
        active = 1 + list(spans.index).index(str(stage))
    menus = menus_above(stage_buttons(spans, last, own),
                        category_buttons(shown, shown + rings, cats), active,
                        plot_height(height))
    title = (f"Japan-China relations, 1972-{last.year}: {len(frame)} events by category, "
             "over the essay's stages")
    spec["layout"].update(frame_layout(title=title, height=height, lanes=lanes, cats=cats,
                                       view=padded(first_view, last_view), menus=menus,
                                       range_slider=range_slider))
    return spec


def _draw(*, stage, start, end, categories, highlight, range_slider, events=None
          ) -> tuple[dict, str]:
    return (timeline_spec(stage=stage, start=start, end=end, categories=categories,
                          highlight=highlight, events=events, range_slider=range_slider),
            timeline_text(stage=stage, start=start, end=end, categories=categories,
                          events=events, highlight=highlight))


def _keyable(value) -> bool:
    """A start or end that can key a kept drawing: None, a year or a date."""
    return value is None or isinstance(value, (str, int, pd.Timestamp))


def _key(*, stage, start, end, categories, highlight, range_slider) -> tuple:
    categories, highlight = (None if v is None else tuple(_as_list(v))
                             for v in (categories, highlight))
    return stage, start, end, categories, highlight, bool(range_slider)


@cached
def _drawn(stage, start, end, categories, highlight, range_slider) -> tuple[dict, str]:
    """The module's own timeline, spec and text version, kept between kernels as the
    events are (see `stored`): drawing it took 20-40 ms each time a lesson ran."""
    return _draw(stage=stage, start=start, end=end, categories=categories,
                 highlight=highlight, range_slider=range_slider)


def timeline(*, stage: str | None = None, start=None, end=None,
             categories: str | Iterable[str] | None = None,
             highlight: Iterable[str] | None = None, events: pd.DataFrame | None = None,
             range_slider: bool = False, text: bool = False) -> Chart | str:
    """The relationship at a glance: every event on a time axis, in lanes by category,
    over the essay's stages.

    stage:      zoom to one stage ("1".."4" or "post"); the others stay a click away
    start, end: zoom to a date range (e.g. start="2010", end="2013")
    categories: only these category ids (e.g. ["security", "incident"])
    highlight:  event ids to ring (the events a lesson discusses)
    range_slider=True: a slider under the axis to zoom with the mouse (where a lesson asks
                students to separate events days apart); off by default because
                JupyterLab's Plotly renderer draws a figure three times, and the slider
                is a second copy of the whole plot each time (about twice the drawing)
    text=True:  return the text alternative instead of the chart

    Returns a `Chart`: the figure with its source and a text version under it."""
    stage = None if stage is None else str(stage)
    options = dict(stage=stage, start=start, end=end, categories=categories,
                   highlight=highlight, range_slider=range_slider)
    if events is None and _keyable(start) and _keyable(end):
        drawn, alternative = _drawn(*_key(**options))
        figure = copy.deepcopy(drawn)  # the kept one stays as drawn
    else:
        figure, alternative = _draw(**options, events=events)
    if text:
        return alternative
    return Chart(figure=figure, text=alternative,
                 source="This module's chronology (data/events.csv), verified event by "
                        "event; hover over a marker for its source and confidence.",
                 caveats=[catalog.stage_note()])


def timeline_text(*, stage: str | None = None, start=None, end=None,
                  categories: str | Iterable[str] | None = None,
                  events: pd.DataFrame | None = None,
                  highlight: Iterable[str] | None = None) -> str:
    """The timeline's text alternative: the events in view as a chronological list."""
    frame = catalog.events() if events is None else events
    last = frame["date_end"].max()
    first_view, last_view = _view_range(None if stage is None else str(stage), start, end,
                                        last)
    chosen = select_events(frame, start=first_view, end=last_view, categories=categories)
    span = f"{format_date(first_view, 'month')} to {format_date(last_view, 'month')}"
    return text_alternative(chosen, title=f"Events from {span}, in date order "
                                          f"({len(chosen)} events):",
                            highlight=_as_list(highlight) or ())

