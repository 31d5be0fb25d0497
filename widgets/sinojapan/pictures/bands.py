"""The essay's stages as labelled background bands: the ONE place every figure gets them.

Band colours and labels come from data/stages.yaml (Okabe-Ito colours, safe for
colour-blind readers); each band also carries a text label, so colour is never the only
cue: the stage's `label` on a wide band, its `short_label` on a narrow one."""

from __future__ import annotations

import pandas as pd

from sinojapan.content import catalog
from sinojapan.content.files import cached

BAND_OPACITY = 0.18
WIDE = 0.12  # a band this share of the chart's width or wider gets its long label


def stage_spans(last: pd.Timestamp | None = None) -> pd.DataFrame:
    """Each stage's id, labels, title, colour, start and end; the open last stage ends at
    `last` (by default the latest event's last day)."""
    if last is None:
        last = catalog.events()["date_end"].max()
    return _stage_spans(pd.Timestamp(last)).copy()


@cached(on_disk=False)  # every figure asks, most of them for the same last day
def _stage_spans(last: pd.Timestamp) -> pd.DataFrame:
    spans = catalog.stages()[["label", "short_label", "title", "colour", "start", "end"]]
    spans["end"] = spans["end"].fillna(last)
    return spans


def stage_range(stage: str, last: pd.Timestamp | None = None) -> tuple[pd.Timestamp,
                                                                       pd.Timestamp]:
    """(first day, last day) of a stage; raises KeyError naming the known stages."""
    spans = stage_spans(last)
    stage = str(stage)
    if stage not in spans.index:
        raise KeyError(f"no stage '{stage}'; known stages: {', '.join(spans.index)}")
    return spans.loc[stage, "start"], spans.loc[stage, "end"]


def add_stage_bands(spec: dict, *, first: pd.Timestamp | None = None,
                    last: pd.Timestamp | None = None, labels: bool = True) -> None:
    """Draw, in a figure spec, one rectangle per stage behind the data (x in dates, full
    height), with the stage's short label at the top; hovering the label shows the stage's
    full name.
    Bands are clipped to [first, last] (a chart's years), so each label sits over the
    visible part of its band; the open last stage ends at `last`."""
    spans = stage_spans(last)
    view_start = spans["start"].min() if first is None else pd.Timestamp(first)
    view_end = (spans["end"].max() if last is None else pd.Timestamp(last))
    width = max(view_end - view_start, pd.Timedelta(days=1))
    shapes, annotations = [], []
    for stage_id, span in spans.iterrows():
        start = span["start"] if first is None else max(span["start"], pd.Timestamp(first))
        end = span["end"] + pd.Timedelta(days=1)  # a band covers its last day too
        if last is not None:
            end = min(end, pd.Timestamp(last) + pd.Timedelta(days=1))
        if end <= start:
            continue
        shapes.append(dict(
            type="rect", xref="x", yref="paper", x0=start, x1=end, y0=0, y1=1,
            fillcolor=span["colour"], opacity=BAND_OPACITY, layer="below", line={"width": 0},
            name=f"stage {stage_id}"))
        if labels:
            annotations.append(dict(
                x=start + (end - start) / 2, xref="x", y=1, yref="paper", yanchor="bottom",
                showarrow=False, hovertext=span["title"],
                text=span["label"] if not annotations or (end - start) / width >= WIDE
                else span["short_label"],
                font={"size": 13, "color": "#222"}, name=f"stage {stage_id}"))
    layout = spec["layout"]
    layout["shapes"] = [*layout.get("shapes", []), *shapes]
    layout["annotations"] = [*layout.get("annotations", []), *annotations]
