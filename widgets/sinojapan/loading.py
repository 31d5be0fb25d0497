"""Check every content file at once: `sinojapan.load_all()`."""

from __future__ import annotations

from typing import Any

from sinojapan.content import catalog, contested_texts, series_data
from sinojapan.content.files import data_dir
from sinojapan.course import banks, outline, teaching_notes
from sinojapan.pictures import charts
from sinojapan.simulation import scenarios


def load_all() -> dict[str, Any]:
    """Load and validate every content file; raises DataError on the first problem."""
    loaded: dict[str, Any] = {
        "events": catalog.events(), "stages": catalog.stages(),
        "categories": catalog.categories(), "essay_parts": catalog.essay_parts(),
        "reading": catalog.reading(), "quiz_defaults": catalog.quiz_defaults(),
        "contested_texts": contested_texts.contested_texts()}
    loaded.update({f"series/{sid}": series_data.series(sid) for sid in series_data.series_ids()})
    loaded.update({f"charts/{cid}": charts.line_values(cid) for cid in series_data.chart_ids()})
    loaded.update({f"quizzes/{bid}": banks.quiz_bank(bid)
                   for bid in banks.quiz_bank_ids()})
    loaded.update({f"scenarios/{sid}": scenarios.load_scenario(sid)
                   for sid in scenarios.scenario_ids()})
    if (data_dir().parent / "lessons").is_dir():  # a checkout, not an installed wheel
        loaded["lessons"] = outline.outlines()
        loaded["teaching"] = teaching_notes.teaching_notes()
    return loaded
