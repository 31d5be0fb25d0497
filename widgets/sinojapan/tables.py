"""Small tables and text that lessons show, built from data/.

Tables are returned as pandas Stylers so JupyterLab shows their text in full (a plain
DataFrame cuts long cells to 50 characters) and left-aligned, with a caption."""

from __future__ import annotations

import html

import pandas as pd
from pandas.io.formats.style import Styler

from . import content
from .dates import day_date


def _styled(frame: pd.DataFrame, caption: str) -> Styler:
    return (
        # Content is text, never markup: escape every cell and the caption.
        # Every column has a header; no blank index column (screen readers announce
        # empty header cells).
        frame.reset_index(drop=True).style.format(escape="html").hide(axis="index")
        .set_caption(html.escape(caption))
        .set_properties(**{"text-align": "left", "vertical-align": "top"})
        .set_table_styles([
            {"selector": "caption", "props": "caption-side: bottom; text-align: left; "
                                             "padding-top: 0.5em; font-style: italic;"},
            {"selector": "th", "props": "text-align: left; vertical-align: top;"},
        ])
    )


def stage_table() -> Styler:
    """The stages as a readable table: name, the module's dates, the essay's gist, events.
    The caption says that the dates are this module's reading, not the essay's."""
    stages = content.stages()
    counts = content.events()["stage"].value_counts()
    frame = pd.DataFrame(
        {
            "Stage": stages["title"],
            "From": stages["start"].map(day_date),
            "To": stages["end"].map(lambda d: day_date(d) if pd.notna(d) else "(open)"),
            "In the essay's terms (our paraphrase)": stages["characterization"],
            "Events in the module": counts.reindex(stages.index).fillna(0).astype(int),
        }
    )
    return _styled(frame, content.stage_note())


def essay_map() -> Styler:
    """The parts of the essay: section, paragraphs, title and our one-line paraphrase."""
    parts = content.essay_parts()
    frame = pd.DataFrame(
        {
            "Id": parts.index,
            "Section": parts["section"],
            "Paragraphs": parts["paragraphs"].map(lambda ps: ", ".join(map(str, ps))),
            "Part": parts["title"],
            "In brief (our paraphrase)": parts["summary"],
        }
    )
    return _styled(frame, "Paragraphs are counted from the essay's first sentence; "
                          "headings are not counted.")


def further_reading():
    """The essay, the author's four earlier works that its footnote names, and other
    perspectives (each labeled with whose view it gives), as Markdown."""
    from IPython.display import Markdown

    reading = content.reading()
    works = "\n".join(f"  - {work}" for work in reading["earlier_works"])
    others = "\n".join(f"  - **{w['perspective']}:** {w['citation']} *Why read it:* {w['note']}"
                       for w in reading.get("other_perspectives", []))
    return Markdown(
        f"- The essay, on the Tokyo Foundation's website: {reading['essay']}\n"
        f"- The author's four earlier works that the essay's footnote names:\n{works}\n"
        + (f"- Other perspectives, not the author's:\n{others}\n" if others else "")
        + "- Every event in the timeline names its source: hover over it to see it.")
