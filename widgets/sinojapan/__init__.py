"""Teaching module on Ming Wan's essay "Improving Sino-Japanese Security Relations" (2012).

Importing the package is cheap: each public name loads its module (and pandas, Plotly
or ipywidgets) only when first used. Public functions live in modules with other names
(`sj.timeline` in `sinojapan.timelines`), so importing a module never hides a function.
See ARCHITECTURE.md for the module map.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

_PUBLIC = {
    "DataError": "files",
    "clear_cache": "files",
    "data_dir": "files",
    "events": "content",
    "stages": "content",
    "stage_note": "content",
    "categories": "content",
    "essay_parts": "content",
    "essay_citation": "content",
    "series": "series_data",
    "series_ids": "series_data",
    "series_info": "series_data",
    "chart_ids": "series_data",
    "load_all": "loading",
    "quiz_bank": "quiz_banks",
    "quiz_bank_ids": "quiz_banks",
    "quiz": "quizzes",
    "final_review": "reviews",
    "Progress": "progress",
    "export_progress": "progress_report",
    "progress_table": "progress_report",
    "progress_chart": "progress_report",
    "stage_table": "tables",
    "table": "tables",
    "essay_map": "tables",
    "further_reading": "tables",
    "timeline": "timelines",
    "timeline_text": "timelines",
    "chart": "charts",
    "chart_text": "charts",
    "explorer": "event_explorer",
    "export_html": "export",
    "about": "hosting",
    "keep_progress": "progress_transfer",
    "import_progress": "progress_transfer",
    "fresh_copy": "lesson_copies",
    "scenario": "scenario_view",
    "scenario_ids": "scenario_data",
    "load_scenario": "scenario_data",
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
