"""Escaped HTML for the few shapes every page uses: text and bullet lists."""

from __future__ import annotations

import html
from collections.abc import Iterable


def esc(text) -> str:
    return html.escape(str(text))


def bullets(texts: Iterable, *, ordered: bool = False) -> str:
    """Texts as an escaped <ul> (or <ol>); empty texts are left out; no texts, no list."""
    return markup_list((esc(t) for t in texts if t), ordered=ordered)


def markup_list(items: Iterable[str], *, ordered: bool = False) -> str:
    """Items that are HTML already (each escaped by whoever built it) as a list."""
    joined = "".join(f"<li>{item}</li>" for item in items if item)
    tag = "ol" if ordered else "ul"
    return f"<{tag}>{joined}</{tag}>" if joined else ""

