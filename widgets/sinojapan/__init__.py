"""Teaching module on Ming Wan's essay "Improving Sino-Japanese Security Relations" (2012).

Importing the package is cheap: each public name loads its module (and pandas, Plotly
or ipywidgets) only when first used. Public functions live in modules with other names
(`sj.timeline` in `sinojapan.pictures.timelines`), so importing a module never hides a function.
See ARCHITECTURE.md for the module map.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

_PUBLIC = {
    "DataError": "content.files",
    "clear_cache": "content.files",
    "data_dir": "content.files",
    "events": "content.catalog",
    "stages": "content.catalog",
    "stage_note": "content.catalog",
    "categories": "content.catalog",
    "essay_parts": "content.catalog",
    "essay_citation": "content.catalog",
    "series": "content.series_data",
    "series_ids": "content.series_data",
    "series_info": "content.series_data",
    "chart_ids": "content.series_data",
    "load_all": "loading",
    "quiz_bank": "course.banks",
    "quiz_bank_ids": "course.banks",
    "quiz": "quizzes.lesson_quiz",
    "final_review": "quizzes.reviews",
    "Progress": "progress.store",
    "export_progress": "progress.report",
    "progress_table": "progress.report",
    "progress_chart": "progress.report",
    "stage_table": "pictures.tables",
    "table": "pictures.tables",
    "essay_map": "pictures.tables",
    "further_reading": "pictures.tables",
    "compare_texts": "pictures.text_comparison",
    "contested_text_ids": "content.contested_texts",
    "timeline": "pictures.timelines",
    "timeline_text": "pictures.timelines",
    "chart": "pictures.charts",
    "chart_text": "pictures.charts",
    "explorer": "pictures.event_explorer",
    "export_html": "instructor.export",
    "about": "progress.hosting",
    "keep_progress": "progress.transfer",
    "import_progress": "progress.transfer",
    "fresh_copy": "progress.lesson_copies",
    "scenario": "simulation.view",
    "scenario_ids": "simulation.scenarios",
    "load_scenario": "simulation.scenarios",
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
