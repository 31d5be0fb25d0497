"""Escaped HTML for the few shapes every page uses: text and bullet lists."""

from __future__ import annotations

import html
from collections.abc import Iterable


def esc(text) -> str:
    return html.escape(str(text))


def bullets(texts: Iterable, *, ordered: bool = False) -> str:
    """Texts as an escaped <ul> (or <ol>); empty texts are left out; no texts, no list."""
    items = "".join(f"<li>{esc(t)}</li>" for t in texts if t)
    tag = "ol" if ordered else "ul"
    return f"<{tag}>{items}</{tag}>" if items else ""
