"""Check every content file at once: `sinojapan.load_all()`."""

from __future__ import annotations

from typing import Any

from . import (
    charts,
    content,
    lesson_outline,
    quiz_banks,
    scenario_data,
    series_data,
    teaching_notes,
)
from .files import data_dir


def load_all() -> dict[str, Any]:
    """Load and validate every content file; raises DataError on the first problem."""
    loaded: dict[str, Any] = {
        "events": content.events(), "stages": content.stages(),
        "categories": content.categories(), "essay_parts": content.essay_parts(),
        "reading": content.reading(), "quiz_defaults": content.quiz_defaults()}
    loaded.update({f"series/{sid}": series_data.series(sid) for sid in series_data.series_ids()})
    loaded.update({f"charts/{cid}": charts.line_values(cid) for cid in series_data.chart_ids()})
    loaded.update({f"quizzes/{bid}": quiz_banks.quiz_bank(bid)
                   for bid in quiz_banks.quiz_bank_ids()})
    loaded.update({f"scenarios/{sid}": scenario_data.load_scenario(sid)
                   for sid in scenario_data.scenario_ids()})
    if (data_dir().parent / "lessons").is_dir():  # a checkout, not an installed wheel
        loaded["lessons"] = lesson_outline.outlines()
        loaded["teaching"] = teaching_notes.teaching_notes()
    return loaded
