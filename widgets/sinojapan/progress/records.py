"""The one check of a stored answer record (one question's entry in a progress file), used
wherever a record comes from outside this session: reading the student's own file
(store.salvage), `sj.import_progress` (which refuses a file with any problem, naming it and
the record), merging two copies (merge.py) and the class report (submissions.py).

A record is a mapping; each field the module computes with must have its type and range:

- `credit`, `score`, `best_score` and every history entry's `score`: a finite number from
  0 to 1 (NaN, 1e300 or -5 are refused);
- `attempts`, `total_attempts`, `hints_shown`, `hints_used`, `rounds`: a whole number from
  0 to MAX_COUNT;
- `history`: a list of records; `self_check`: a list of rubric point numbers;
- `revealed`, `first_try_correct`, `correct`, `solution_shown`: true or false;
  `updated`: text.

`checked_record` returns a copy with each bad field made safe (left out, or set to the
nearest safe value) and a one-line problem for each, naming the record and the field.
"""

from __future__ import annotations

import math
from typing import Any

SCORE_FIELDS = ("credit", "score", "best_score")
COUNT_FIELDS = ("attempts", "total_attempts", "hints_shown", "hints_used", "rounds")
FLAG_FIELDS = ("revealed", "first_try_correct", "correct", "solution_shown")
MAX_COUNT = 1_000_000  # checks, hints or rounds of one question; more is not a real record
MAX_RUBRIC_POINT = 1_000


def shown(value: Any) -> str:
    """A stored value as a problem quotes it: short, on one line."""
    text = repr(value)
    return text if len(text) <= 40 else f"{text[:37]}..."


def is_share(value: Any) -> bool:
    """A finite number from 0 to 1 (true/false is not one)."""
    return (isinstance(value, int | float) and not isinstance(value, bool)
            and math.isfinite(value) and -1e-9 <= value <= 1 + 1e-9)


def is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_COUNT


def _history(entries: Any, where: str, problems: list[str]) -> list:
    if not isinstance(entries, list):
        problems.append(f"the history of {where} is not a list")
        return []
    kept = []
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            problems.append(f"record {where}: 'history' entry {number} is not a record "
                            f"({shown(entry)})")
            continue
        if "score" in entry and not is_share(entry["score"]):
            problems.append(f"record {where}: 'history' entry {number}'s 'score' is not a "
                            f"number from 0 to 1 ({shown(entry['score'])})")
            entry = {k: v for k, v in entry.items() if k != "score"}
        kept.append(entry)
    return kept


def checked_record(record: dict, where: str) -> tuple[dict, list[str]]:
    """`record` (a mapping) made safe to compute with, and what was wrong in it; `where`
    names it, e.g. "03/s03-alliance"."""
    problems: list[str] = []
    record = dict(record)
    if "history" in record:
        record["history"] = _history(record["history"], where, problems)
    for name in SCORE_FIELDS:
        if name in record and not is_share(record[name]):
            problems.append(f"record {where}: '{name}' is not a number from 0 to 1 "
                            f"({shown(record.pop(name))})")
    for name in COUNT_FIELDS:
        if name in record and not is_count(record[name]):
            problems.append(f"record {where}: '{name}' is not a number from 0 to "
                            f"{MAX_COUNT:,} ({shown(record[name])})")
            record[name] = 0
    for name in FLAG_FIELDS:
        if name in record and not isinstance(record[name], bool):
            problems.append(f"record {where}: '{name}' is not true or false "
                            f"({shown(record[name])})")
            record[name] = bool(record[name]) if name == "revealed" else False
    ticks = record.get("self_check", [])
    if not isinstance(ticks, list) or not all(
            is_count(t) and t <= MAX_RUBRIC_POINT for t in ticks):
        problems.append(f"record {where}: 'self_check' is not a list of rubric points "
                        f"({shown(ticks)})")
        record["self_check"] = []
    if "updated" in record and not isinstance(record["updated"], str):
        problems.append(f"record {where}: 'updated' is not a time ({shown(record['updated'])})")
        record.pop("updated")
    return record, problems


def checked_run(run: Any, scenario: str) -> tuple[dict | None, list[str]]:
    """A saved simulation run made safe, or None (with the problem) when it cannot be used:
    its side must be a side's id (or none yet), its path a list of option ids."""
    if not isinstance(run, dict):
        return None, [f"the saved run of simulation {scenario} is not a record"]
    path = run.get("path", [])
    if not isinstance(path, list) or not all(isinstance(step, str) for step in path):
        return None, [f"the saved path of simulation {scenario} is not a list of choices"]
    side = run.get("side")
    if side is not None and not isinstance(side, str):
        return None, [f"the saved side of simulation {scenario} is not a side's id "
                      f"({shown(side)})"]
    if not isinstance(run.get("history", []), list):
        return {**run, "history": []}, [f"the history of simulation {scenario} is not a list"]
    return run, []
