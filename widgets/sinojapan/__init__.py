"""Teaching module on Ming Wan's essay "Improving Sino-Japanese Security Relations" (2012).

Importing the package is cheap: each public name loads its module (and pandas, Plotly
or ipywidgets) only when first used.
"""

from __future__ import annotations

import importlib
import sys
import types

__version__ = "0.1.0"

_PUBLIC = {
    "DataError": "data",
    "events": "data",
    "stages": "data",
    "stage_note": "data",
    "categories": "data",
    "essay_parts": "data",
    "series": "data",
    "series_ids": "data",
    "series_info": "data",
    "load_all": "data",
    "quiz_bank": "data",
    "quiz_bank_ids": "data",
    "quiz": "quizzes",
    "Progress": "progress",
    "export_progress": "progress",
    "progress_table": "progress",
    "progress_chart": "progress",
    "stage_table": "tables",
    "essay_citation": "tables",
    "essay_map": "tables",
    "further_reading": "tables",
    "timeline": "timeline",
    "timeline_text": "timeline",
    "chart": "charts",
    "chart_text": "charts",
    "chart_ids": "charts",
    "explorer": "explorer",
    "export_html": "export",
}

__all__ = sorted(_PUBLIC)


def __getattr__(name: str):
    if name not in _PUBLIC:
        raise AttributeError(f"module 'sinojapan' has no attribute '{name}'")
    value = getattr(importlib.import_module(f"{__name__}.{_PUBLIC[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_PUBLIC))


class _Package(types.ModuleType):
    """`sj.timeline` and `sj.explorer` are functions that live in modules of the same
    name. Python's import system sets `sinojapan.<module>` to the module whenever that
    module is imported (e.g. by another module), which would make `sj.timeline()` fail
    with "'module' object is not callable". Keep the public function instead."""

    def __setattr__(self, name: str, value) -> None:
        if name in _PUBLIC and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
