"""Small tables and text that lessons show, built from data/."""

from __future__ import annotations

import pandas as pd

from . import data

ESSAY_CITATION = (
    'Ming Wan, "Improving Sino-Japanese Security Relations: Dialogue, Crisis Management, '
    'and Policy Coordination," The Tokyo Foundation for Policy Research, November 16, 2012.'
)


def essay_citation() -> str:
    """The essay's full citation, as lessons give it."""
    return ESSAY_CITATION


def stage_table() -> pd.DataFrame:
    """The stages as a readable table: name, the module's dates, the essay's gist, events."""
    stages = data.stages()
    counts = data.events()["stage"].value_counts()
    end = stages["end"].dt.strftime("%b %Y").fillna("(open)")
    return pd.DataFrame(
        {
            "Stage": stages["name"],
            "From": stages["start"].dt.strftime("%b %Y"),
            "To": end,
            "In the essay's terms (our paraphrase)": stages["characterization"],
            "Events in the module": counts.reindex(stages.index).fillna(0).astype(int),
        }
    ).rename_axis("")
