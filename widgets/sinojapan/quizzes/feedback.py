"""What a question shows besides its input, as data: feedback in a tone (`feedback_html`),
the parts of its messages (`Slot`), its buttons (`Control`) and a reflection's self-check
points (`Tick`)."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from sinojapan.content.html_text import bullets
from sinojapan.question_types import RIGHT, WRONG


def tone(kind: str) -> str:
    """Theme-aware colours from JupyterLab's CSS variables, for light and dark themes."""
    colour = {"right": "--jp-success-color1", "wrong": "--jp-error-color1",
              "partial": "--jp-warn-color1", "info": "--jp-brand-color1"}[kind]
    return (f"border-left: 4px solid var({colour}); padding: 4px 8px; margin: 4px 0; "
            f"color: var(--jp-ui-font-color1); background: var(--jp-layout-color2);")


def feedback_html(kind: str, title: str, body: str = "", details: list[str] | None = None) -> str:
    symbol = {"right": RIGHT, "wrong": WRONG, "partial": "\u25d0", "info": "\u2139"}[kind]
    return (f'<div class="sj-feedback sj-{kind}" style="{tone(kind)}"><strong>'
            f'<span aria-hidden="true">{symbol}</span> '
            f"{html.escape(title)}</strong> {html.escape(body)}"
            + bullets(details or []) + "</div>")


class Slot:
    """One part of a question's messages (status, feedback, hints or solution), shown in
    order in one live region."""

    def __init__(self):
        self.value = ""


class Control:
    """A button of a question as data: what it says, whether it can be pressed, and what
    pressing it does (`click()`, as the browser's message does)."""

    def __init__(self, action: str, description: str, tooltip: str,
                 on_click: Callable[[], Any], primary: bool = False):
        self.action, self.description, self.tooltip = action, description, tooltip
        self.on_click, self.primary, self.disabled = on_click, primary, False

    def click(self):
        return None if self.disabled else self.on_click()

    def spec(self) -> dict:
        return {"action": self.action, "label": self.description, "tooltip": self.tooltip,
                "disabled": self.disabled, "primary": self.primary}


class Tick:
    """One point of a reflection's self-check."""

    def __init__(self, description: str, value: bool):
        self.description, self.value = description, value
