"""One event on a strip of the essay's stages: a small SVG drawn beside a placement
question once it is answered (no chart library: it is part of the quiz component)."""

from __future__ import annotations

import pandas as pd

from sinojapan.content import catalog
from sinojapan.content.html_text import esc
from sinojapan.pictures.bands import stage_spans

LEFT, RIGHT, WIDTH = 10, 630, 640


def event_strip(event_id: str) -> str:
    """The stages as coloured bands (each labelled), the event ringed at its date, and a
    text alternative naming the event, its date and its stage."""
    event = catalog.events().loc[event_id]
    spans = stage_spans()
    first, last = spans["start"].min(), spans["end"].max()
    days = max((last - first).days, 1)

    def x_of(day: pd.Timestamp) -> float:
        return LEFT + (RIGHT - LEFT) * (day - first).days / days

    bands = "".join(
        f'<rect x="{x_of(s.start):.1f}" y="20" width="{x_of(s.end) - x_of(s.start):.1f}" '
        f'height="34" fill="{esc(s.colour)}" fill-opacity="0.25"/>'
        f'<text x="{(x_of(s.start) + x_of(s.end)) / 2:.1f}" y="70" font-size="11" '
        f'text-anchor="middle">{esc(s.short_label)}</text>'
        for s in spans.itertuples())
    at = x_of(pd.Timestamp(event["date"]))
    stage = spans.loc[event["stage"], "title"]
    label = (f"{catalog.event_line(event)}, on a strip of the essay's stages from "
             f"{first.year} to {last.year}: in {stage}.")
    years = (f'<text x="{LEFT}" y="12" font-size="11">{first.year}</text>'
             f'<text x="{RIGHT}" y="12" font-size="11" text-anchor="end">{last.year}</text>')
    return (f'<figure class="sj-event-strip" style="margin: 6px 0">'
            f'<svg aria-hidden="true" viewBox="0 0 {WIDTH} 76" '
            f'width="100%" style="max-width: 44em">{years}{bands}'
            f'<line x1="{at:.1f}" y1="16" x2="{at:.1f}" y2="58" stroke="#1a1a1a"/>'
            f'<circle cx="{at:.1f}" cy="37" r="7" fill="none" stroke="#1a1a1a" '
            f'stroke-width="2.5"/></svg>'
            f"<figcaption><small>{esc(label)}</small></figcaption></figure>")
