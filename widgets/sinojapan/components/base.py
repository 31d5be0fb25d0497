"""What every interactive component shares: one anywidget model, drawn by an ES module
shipped in this folder (no build step, nothing fetched), and a message for each action.

A component's ES module is `keyboard.js` (shortcuts kept inside the component, Escape
back to the notebook, focus kept through a redraw) followed by the component's own file;
its style is `component.css` and the component's own. The browser sends an action with
everything it needs in one message (`{"action": "check", "answer": ...}`), so the kernel
never grades a value that is still on its way.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

import anywidget
import ipywidgets
import traitlets

HERE = Path(__file__).parent
Handler = Callable[[dict], None]


@functools.cache
def source(*names: str) -> str:
    """The files of this folder, in order, as one text (read once per process)."""
    return "\n".join((HERE / name).read_text(encoding="utf-8") for name in names)


@functools.cache
def shared_layout() -> ipywidgets.Layout:
    """One layout model for every component: each widget otherwise makes its own."""
    return ipywidgets.Layout()


class Component(anywidget.AnyWidget):
    """A component: `state` is what the browser draws; `on(action, handler)` answers a
    message from it. Subclasses name their files in `SCRIPT` and `STYLE`."""

    SCRIPT = ""
    STYLE = ""
    state = traitlets.Dict().tag(sync=True)
    classes = traitlets.Unicode("").tag(sync=True)  # on the root, for tests and styles

    def __init_subclass__(cls, **kwargs):
        if "SCRIPT" in cls.__dict__:  # not again in the subclass anywidget makes of each
            cls._esm = source("keyboard.js", cls.SCRIPT)
            cls._css = source("component.css", *([cls.STYLE] if cls.STYLE else []))
        super().__init_subclass__(**kwargs)

    def __init__(self, **kwargs):
        super().__init__(layout=shared_layout(), **kwargs)
        self._handlers: dict[str, Handler] = {}
        self.on_msg(self._received)

    def on(self, action: str, handler: Handler) -> None:
        self._handlers[action] = handler

    def act(self, action: str, buffers: list | tuple = (), **content) -> None:
        """Do what a message from the browser asks (tests call it as the browser would),
        with the binary `buffers` sent along (a file's bytes)."""
        self._received(self, {"action": action, **content}, list(buffers))

    def _received(self, _widget, content, buffers) -> None:
        if not isinstance(content, dict) or content.get("action") not in self._handlers:
            return  # not ours (anywidget's own messages) or from an older page
        self._handlers[content["action"]]({**content, "buffers": buffers or []})
