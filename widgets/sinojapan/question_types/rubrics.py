"""Rubric levels with points, for the questions an instructor marks by hand (reflections,
the closing essay, code exercises): the bank's optional `rubric_levels`, each a level's
points and what an answer at that level does, from the most points down:

    rubric_levels:
      - {points: 3, label: Full, description: "Meets every point of the rubric ..."}
      - {points: 0, label: Not yet, description: "..."}

`tasks.py marking` puts them beside every student's answer; `--marks` then checks each
mark against them (from 0 to the top level's points)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from .base import Fail, esc, text_field, within

MAX_POINTS = 100


@dataclass(frozen=True)
class RubricLevel:
    points: float
    label: str
    description: str

    def text(self) -> str:
        return f"{self.points:g} ({self.label}): {self.description}"


def rubric_levels_field(raw: dict, fail: Fail) -> list[RubricLevel]:
    """The bank entry's `rubric_levels` ([] when absent), checked: at least two levels,
    each with points from 0 to MAX_POINTS, a label and a description, listed from the
    most points down, with no two levels worth the same."""
    value = raw.get("rubric_levels")
    if value is None:
        return []
    if not isinstance(value, list) or len(value) < 2:
        fail("rubric_levels", "should be a list of at least 2 levels")
    levels = []
    for number, item in enumerate(value):
        where = f"rubric_levels[{number}]"
        if not isinstance(item, dict):
            fail(where, "should be a mapping with points, label and description")
        unknown = set(item) - {"points", "label", "description"}
        if unknown:
            fail(where, f"has unknown field(s) {', '.join(sorted(map(str, unknown)))}")
        points = item.get("points")
        if (not isinstance(points, int | float) or isinstance(points, bool)
                or not math.isfinite(points) or not 0 <= points <= MAX_POINTS):
            fail(f"{where}.points", f"should be a number from 0 to {MAX_POINTS}, not {points!r}")
        at = within(fail, where)
        levels.append(RubricLevel(float(points), text_field(item, "label", at),
                                  text_field(item, "description", at)))
    points = [level.points for level in levels]
    if points != sorted(set(points), reverse=True):
        fail("rubric_levels", "should list the levels from the most points down, each "
             "worth a different number of points")
    return levels


def max_points(levels: list[RubricLevel]) -> float:
    return levels[0].points if levels else 0.0


def levels_html(levels: list[RubricLevel]) -> str:
    """The levels as a table, for the answer key and the marking page."""
    if not levels:
        return ""
    rows = "".join(f"<tr><td>{level.points:g}</td><td>{esc(level.label)}</td>"
                   f"<td>{esc(level.description)}</td></tr>" for level in levels)
    return ('<table class="sj-levels"><caption>Marking levels (points)</caption><thead><tr>'
            '<th scope="col">Points</th><th scope="col">Level</th><th scope="col">An answer '
            f"at this level</th></tr></thead><tbody>{rows}</tbody></table>")


__all__ = ["RubricLevel", "levels_html", "max_points", "rubric_levels_field"]
