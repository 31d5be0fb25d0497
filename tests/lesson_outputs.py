"""Run a lesson in a fresh kernel as nbclient does for nbval and the static export, and
read what it leaves: its outputs' MIME types and the widget models of its stored widget
state. Shared by tests/test_lesson_outputs.py and tests/benchmark.py."""

from __future__ import annotations

import subprocess
from pathlib import Path

WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def executed(path: Path):
    """The lesson, run top to bottom in a fresh kernel with its widget state stored."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, kernel_name="python3", timeout=300,
                            store_widget_state=True,
                            resources={"metadata": {"path": str(path.parent)}})
    with client.setup_kernel(stderr=subprocess.DEVNULL):
        for index, cell in enumerate(notebook.cells):
            client.execute_cell(cell, index)
        client.set_widgets_metadata()
    return notebook


def widget_models(notebook) -> dict[str, int]:
    """The stored widget models by model name (AnyModel, LayoutModel, ...)."""
    state = notebook.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    counts: dict[str, int] = {}
    for model in state.values():
        counts[model["model_name"]] = counts.get(model["model_name"], 0) + 1
    return counts


def output_types(notebook) -> set[str]:
    """Every MIME type of every output (and 'stream:stderr', 'error' for those)."""
    found = set()
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output["output_type"] == "stream":
                found.add(f"stream:{output['name']}")
            elif output["output_type"] == "error":
                found.add("error")
            else:
                found.update(output.get("data", {}))
    return found
