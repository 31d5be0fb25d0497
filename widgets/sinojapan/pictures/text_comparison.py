"""Contested texts side by side: `sj.compare_texts("2014-four-points")`.

A `TextComparison` shows as one HTML output: a two-column table (China's wording, Japan's
wording: who wrote it, the words, where the module read them and how the English reached
it), the module's note on where the texts differ (folded, so that a student compares the
columns first: a lesson's quiz may ask what differs), how each side later read them, and a
collapsible text version. Every text from the data file is escaped. It is an ordinary
notebook output (text/html with a text/plain twin), so the static site and print keep it;
`text=True`, or `str()`, gives the text version alone, for screen readers.
"""

from __future__ import annotations

import html

from sinojapan.content.contested_texts import ContestedText, Side, contested_text
from sinojapan.content.dates import day_date
from sinojapan.content.html_text import esc

STYLE = ("<style>table.sinojapan-texts { border-collapse: collapse; width: 100%;"
         " table-layout: fixed; } table.sinojapan-texts caption { caption-side: top;"
         " text-align: left; font-weight: 600; padding-bottom: 0.4em; }"
         " table.sinojapan-texts th, table.sinojapan-texts td { border: 1px solid #bbb;"
         " padding: 0.4em 0.6em; text-align: left !important; vertical-align: top;"
         " overflow-wrap: anywhere; word-break: break-word; }"
         " table.sinojapan-texts th *, table.sinojapan-texts td * {"
         " text-align: left !important; }"
         " table.sinojapan-texts blockquote { margin: 0.3em 0; padding-left: 0.6em;"
         " border-left: 3px solid #888; } .sinojapan-texts-small { font-size: 0.9em; }"
         " .sinojapan-compare { overflow-wrap: anywhere; }</style>")


def _link(url: str, label: str) -> str:
    return f'<a href="{html.escape(url, quote=True)}">{esc(label)}</a>'


def _quoted(words: str) -> str:
    return f"\u201c{words}\u201d"


def side_html(side: Side) -> str:
    """One column: the document, the words (or why they are missing), the source."""
    parts = [f"<p><strong>{esc(side.document)}</strong>, {esc(day_date(side.date))}</p>"]
    if side.available:
        for passage in side.passages:
            speaker = f"<strong>{esc(passage.speaker)}:</strong> " if passage.speaker else ""
            parts.append(f"<blockquote>{speaker}{esc(_quoted(passage.words))}</blockquote>")
    else:
        parts.append(f"<p><em>The text is not available to this module:</em> "
                     f"{esc(side.unavailable)}</p><p><em>What is known, from the report "
                     f"named below (our words):</em> {esc(side.reported)}</p>")
    source = (f"{esc(side.publisher)}, {esc(day_date(side.published))}: "
              f"{_link(side.url, side.url)}")
    parts.append(f'<p class="sinojapan-texts-small"><strong>Read in:</strong> {source}<br>'
                 f"<strong>The words are:</strong> {esc(side.kind_text)}.</p>")
    if side.note:
        parts.append(f'<p class="sinojapan-texts-small"><strong>Note:</strong> '
                     f"{esc(side.note)}</p>")
    return "".join(parts)


def comparison_html(text: ContestedText) -> str:
    head = "".join(f'<th scope="col">{esc(s.country)}: {esc(s.author)}</th>'
                   for s in text.sides)
    cells = "".join(f"<td>{side_html(s)}</td>" for s in text.sides)
    later = "".join(f"<li><strong>{esc(r.country)}:</strong> {esc(r.reading)} "
                    f'<span class="sinojapan-texts-small">({esc(r.publisher)}, '
                    f"{esc(day_date(r.published))}: {_link(r.url, r.url)})</span></li>"
                    for r in text.later)
    look = (f"<p><strong>Look for:</strong> {esc(text.look_for)}</p>"
            if text.look_for else "")
    return (f'{STYLE}<div class="sinojapan-compare">'
            f'<table class="sinojapan-texts"><caption>{esc(text.title)}: each '
            f"government's wording side by side, as its source gives it</caption>"
            f"<thead><tr>{head}</tr></thead><tbody><tr>{cells}</tr></tbody></table>"
            f"{look}<details><summary><strong>Where the texts differ</strong>: this module's "
            "note (compare the two columns yourself first)</summary>"
            f"<p>{esc(text.differences)}</p></details>"
            f'<p style="margin-top: 0.8em"><strong>How each side later read them:</strong></p>'
            f"<ul>{later}</ul>"
            "<details><summary>Text version of this comparison</summary>"
            f'<div style="white-space: pre-wrap;">{esc(comparison_text(text))}</div>'
            "</details></div>")


def _side_lines(side: Side) -> list[str]:
    lines = [f"{side.country}: {side.author}",
             f"  {side.document}, {day_date(side.date)}"]
    if side.available:
        lines += [f"  {p.speaker + ': ' if p.speaker else ''}{_quoted(p.words)}"
                  for p in side.passages]
    else:
        lines += [f"  Not available to this module: {side.unavailable}",
                  f"  What is known (our words): {side.reported}"]
    lines += [f"  Read in: {side.publisher}, {day_date(side.published)}: {side.url}",
              f"  The words are: {side.kind_text}."]
    if side.note:
        lines.append(f"  Note: {side.note}")
    return lines


def comparison_text(text: ContestedText) -> str:
    """The text alternative: both sides in full, one after the other, then the notes."""
    lines = [f"{text.title}: each government's wording side by side, as its source gives it",
             ""]
    for side in text.sides:
        lines += [*_side_lines(side), ""]
    if text.look_for:
        lines += [f"Look for: {text.look_for}", ""]
    lines += [f"Where the texts differ (this module's note): {text.differences}", "",
              "How each side later read them:"]
    lines += [f"- {r.country}: {r.reading} ({r.publisher}, {day_date(r.published)}: {r.url})"
              for r in text.later]
    return "\n".join(lines)


class TextComparison:
    """A contested text, shown side by side. `text` is its text version; `html` the HTML."""

    def __init__(self, text: ContestedText):
        self.contested = text
        self.text = comparison_text(text)
        self.html = comparison_html(text)

    def _repr_html_(self) -> str:
        return self.html

    def __str__(self) -> str:
        return self.text

    __repr__ = __str__


def compare_texts(text_id: str, *, text: bool = False) -> TextComparison | str:
    """Two governments' wording of one contested text, side by side, with where it was
    read, the module's note on the differences and each side's later reading, e.g.
    `sj.compare_texts("2014-four-points")`. `text=True` returns the text version only.
    The texts are entries of data/contested_texts.yaml; an unknown id names the known ones."""
    contested = contested_text(text_id)
    comparison = TextComparison(contested)
    return comparison.text if text else comparison
