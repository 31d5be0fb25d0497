"""Small tables and text that lessons show, built from data/.

Tables are `Table`s: every cell in full (a plain DataFrame display cuts long cells to 50
characters), escaped, left-aligned, with a caption. Built here rather than with pandas'
Styler, whose import (with jinja2) cost every lesson a tenth of a second."""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd

from sinojapan.content import catalog
from sinojapan.content.dates import day_date

TABLE_STYLE = ("<style>table.sinojapan-table caption { caption-side: bottom; text-align: left;"
               " padding-top: 0.5em; font-style: italic; }"
               " table.sinojapan-table th, table.sinojapan-table td { text-align: left;"
               " vertical-align: top; }</style>")


def _cell(value) -> str:
    if isinstance(value, pd.Timestamp):
        return day_date(value)
    if isinstance(value, float):
        return "" if pd.isna(value) else repr(float(value))
    return "" if value is None else str(value)


@dataclass
class Table:
    """A table to show in full: `data` is the DataFrame (its index is shown as the first
    column when it has a name), `caption` the line under it."""

    data: pd.DataFrame
    caption: str = ""

    def _frame(self) -> pd.DataFrame:
        frame = self.data
        if frame.index.name is not None:
            frame = frame.reset_index()
        return frame.reset_index(drop=True)

    def to_html(self) -> str:
        # Content is text, never markup: every cell and the caption are escaped. Every
        # column has a header (screen readers announce empty header cells).
        frame = self._frame()
        head = "".join(f'<th scope="col">{html.escape(str(c))}</th>' for c in frame.columns)
        rows = "".join(
            "<tr>" + "".join(f"<td>{html.escape(_cell(v))}</td>" for v in row) + "</tr>"
            for row in frame.itertuples(index=False, name=None))
        caption = f"<caption>{html.escape(self.caption)}</caption>" if self.caption else ""
        return (f'{TABLE_STYLE}<table class="sinojapan-table">{caption}'
                f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")

    def _repr_html_(self) -> str:
        return self.to_html()

    def __str__(self) -> str:
        text = self._frame().to_string(index=False, max_colwidth=None)
        return f"{text}\n{self.caption}" if self.caption else text

    __repr__ = __str__


def table(frame: pd.DataFrame, caption: str = "") -> Table:
    """Show a DataFrame with every cell in full, e.g. `sj.table(steps, "Four milestones")`."""
    return Table(frame, caption)


def stage_table() -> Table:
    """The stages as a readable table: name, the module's dates, the essay's gist, events.
    The caption says that the dates are this module's reading, not the essay's."""
    stages = catalog.stages()
    counts = catalog.events()["stage"].value_counts()
    frame = pd.DataFrame(
        {
            "Stage": stages["title"],
            "From": stages["start"].map(day_date),
            "To": stages["end"].map(lambda d: day_date(d) if pd.notna(d) else "(open)"),
            "In the essay's terms (our paraphrase)": stages["characterization"],
            "Events in the module": counts.reindex(stages.index).fillna(0).astype(int),
        }
    )
    return Table(frame.reset_index(drop=True), catalog.stage_note())


def essay_map() -> Table:
    """The parts of the essay: section, paragraphs, title and our one-line paraphrase."""
    parts = catalog.essay_parts()
    frame = pd.DataFrame(
        {
            "Id": parts.index,
            "Section": parts["section"],
            "Paragraphs": parts["paragraphs"].map(lambda ps: ", ".join(map(str, ps))),
            "Part": parts["title"],
            "In brief (our paraphrase)": parts["summary"],
        }
    )
    return Table(frame.reset_index(drop=True),
                 "Paragraphs are counted from the essay's first sentence; "
                 "headings are not counted.")


def further_reading():
    """The essay, the author's four earlier works that its footnote names, and other
    perspectives (each labeled with whose view it gives), as Markdown."""
    from IPython.display import Markdown

    reading = catalog.reading()
    works = "\n".join(f"  - {work}" for work in reading["earlier_works"])
    others = "\n".join(f"  - **{w['perspective']}:** {w['citation']} *Why read it:* {w['note']}"
                       for w in reading.get("other_perspectives", []))
    return Markdown(
        f"- The essay, on the Tokyo Foundation's website: {reading['essay']}\n"
        f"- The author's four earlier works that the essay's footnote names:\n{works}\n"
        + (f"- Other perspectives, not the author's:\n{others}\n" if others else "")
        + "- Every event in the timeline names its source: hover over it to see it.")
