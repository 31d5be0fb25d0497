"""Escaped HTML for the few shapes every page uses: text and bullet lists."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable


def esc(text) -> str:
    return html.escape(str(text))


def shortened(text, length: int = 90) -> str:
    """One line of at most `length` characters, cut at a word with an ellipsis."""
    text = " ".join(str(text).split())
    return text if len(text) <= length else text[:length].rsplit(" ", 1)[0] + "\u2026"


def bullets(texts: Iterable, *, ordered: bool = False) -> str:
    """Texts as an escaped <ul> (or <ol>); empty texts are left out; no texts, no list."""
    return markup_list((esc(t) for t in texts if t), ordered=ordered)


def markup_list(items: Iterable[str], *, ordered: bool = False) -> str:
    """Items that are HTML already (each escaped by whoever built it) as a list."""
    joined = "".join(f"<li>{item}</li>" for item in items if item)
    tag = "ol" if ordered else "ul"
    return f"<{tag}>{joined}</{tag}>" if joined else ""



INLINE_CODE = re.compile(r"(`+)(.+?)\1")
STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
EMPHASIS = re.compile(r"(?<![\w*])[*_](?=\S)(.+?)(?<=\S)[*_](?![\w*])")
LINK = re.compile(r"\[([^\]]+)\]\((https?://[^)\s]+)\)")


def inline_markdown(text) -> str:
    """One line of Markdown (a lesson's objective, say) as escaped HTML: `code`, **bold**,
    *emphasis* and [links](https://...); everything else is escaped text."""
    parts = []
    for index, piece in enumerate(INLINE_CODE.split(str(text))):
        if index % 3 == 1:  # the backticks themselves
            continue
        if index % 3 == 2:
            parts.append(f"<code>{esc(piece.strip())}</code>")
            continue
        piece = esc(piece)
        piece = LINK.sub(r'<a href="\2">\1</a>', piece)
        piece = STRONG.sub(r"<strong>\1</strong>", piece)
        parts.append(EMPHASIS.sub(r"<em>\1</em>", piece))
    return "".join(parts)
