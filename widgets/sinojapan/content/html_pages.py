"""Standalone HTML pages for reports (a student's progress page, the class report): one
readable, printable style, and tables whose every cell is escaped unless it is `Markup`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sinojapan.content.html_text import esc

STYLE = """
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
       color: #1a1a1a; max-width: 72rem; margin: 1.5rem auto; padding: 0 1rem; }
h1 { font-size: 1.7rem; } h2 { font-size: 1.35rem; margin-top: 2.2rem;
     border-bottom: 2px solid #0072B2; } h3 { font-size: 1.1rem; margin-top: 1.6rem; }
table { border-collapse: collapse; width: 100%; margin: 0.6rem 0 1.2rem; }
th, td { border: 1px solid #bbb; padding: 0.3rem 0.5rem; text-align: left;
         vertical-align: top; }
th { background: #eef3f8; } tbody tr:nth-child(even) { background: #f7f7f7; }
td.num, th.num { text-align: right; white-space: nowrap; }
caption { text-align: left; font-weight: 600; padding: 0.3rem 0; }
.right { color: #0b6e2f; } .wrong { color: #a4161a; } .note { color: #555; }
.problems { border-left: 4px solid #a4161a; padding: 0.2rem 0.8rem; background: #fff5f5; }
blockquote { margin: 0.4rem 0 0.8rem; padding: 0.4rem 0.8rem; border-left: 4px solid #ccc;
             background: #fafafa; white-space: pre-wrap; }
.wide { overflow-x: auto; } .wide table { width: auto; }
.mark { border-bottom: 1px solid #888; min-width: 8rem; display: inline-block; }
@media print { body { max-width: none; font-size: 11pt; } h2 { break-after: avoid; }
               tr, blockquote { break-inside: avoid; } }
"""


class Markup(str):
    """HTML built, and escaped, by whoever made it: a table puts it in as it is."""


def cell_html(value) -> str:
    if isinstance(value, Markup):
        return value
    if isinstance(value, float):
        return f"{value:g}"
    return esc("" if value is None else value)


def table(headers: Sequence[str], rows: Iterable[Sequence], *, caption: str = "",
          numeric: Iterable[int] = ()) -> Markup:
    """A table with a header row; cells are escaped text (or Markup); columns listed in
    `numeric` are right-aligned."""
    numeric = set(numeric)

    def tag(name: str, index: int) -> str:
        return f'<{name} class="num">' if index in numeric else f"<{name}>"

    head = "".join(f'{tag("th", i)[:-1]} scope="col">{esc(h)}</th>'
                   for i, h in enumerate(headers))
    body = "".join("<tr>" + "".join(f"{tag('td', i)}{cell_html(v)}</td>"
                                    for i, v in enumerate(row)) + "</tr>" for row in rows)
    title = f"<caption>{esc(caption)}</caption>" if caption else ""
    return Markup(f"<table>{title}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def page(title: str, body: str, *, head: str = "") -> str:
    """A whole HTML document: `title` is text (escaped here), `body` and `head` are HTML."""
    return (f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{esc(title)}</title><style>{STYLE}</style>{head}</head>"
            f"<body><main><h1>{esc(title)}</h1>{body}</main></body></html>\n")
