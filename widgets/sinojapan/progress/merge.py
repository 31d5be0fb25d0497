"""Merging two copies of a student's progress (e.g. a file downloaded from Binder last week
and the answers saved since), question by question. Pure: no files.

The rules never lose work on either side:
- a question saved on one side only is taken as it is;
- a question saved on both sides keeps the newer record's current state (its answer,
  feedback, hints shown, round), by the time it was last updated;
- the attempts of both are kept: the histories are joined (an attempt in both is kept
  once), in the order they were made;
- what was earned, revealed or used is the most of either side (scoring.py's rule: credit
  once earned is kept, a reveal stays, hints used only grow);
- a field of the wrong kind on either side is left out first, by records.checked_record,
  the check the import and the class report use (an import refuses such a file outright).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sinojapan.progress import scoring
from sinojapan.progress.records import checked_record

COUNTED_MOST = ("hints_used", "rounds", "best_score")


def _time(record: dict) -> float:
    """When a record was last updated (a time without a zone is UTC, as saved); the
    earliest possible time if it does not say."""
    try:
        moment = datetime.fromisoformat(str(record.get("updated", "")))
    except ValueError:
        return float("-inf")
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()


def is_newer(record: dict, than: dict) -> bool:
    return _time(record) > _time(than)


def _joined_history(*histories: list) -> list:
    seen, joined = set(), []
    for entry in (e for history in histories for e in history):
        key = json.dumps(entry, sort_keys=True, ensure_ascii=False)
        if key not in seen:
            seen.add(key)
            joined.append(entry)
    # Stable: entries without a time keep their place before the timed ones.
    return sorted(joined, key=lambda e: str(e.get("time", "")) if isinstance(e, dict) else "")


def merge_record(ours: dict, theirs: dict) -> dict:
    """One question's records from two copies, merged by the rules above."""
    newer, older = (theirs, ours) if is_newer(theirs, ours) else (ours, theirs)
    merged = json.loads(json.dumps(newer))
    merged["history"] = _joined_history(older.get("history", []), newer.get("history", []))
    merged["credit"] = max(scoring.credit(ours), scoring.credit(theirs))
    merged["revealed"] = bool(ours.get("revealed") or theirs.get("revealed"))
    for field in COUNTED_MOST:
        values = [r[field] for r in (ours, theirs) if isinstance(r.get(field), int | float)]
        if values:
            merged[field] = max(values)
    merged["hints_used"] = max(merged.get("hints_used", 0), ours.get("hints_shown", 0),
                               theirs.get("hints_shown", 0))
    merged["total_attempts"] = max(
        len(merged["history"]),
        *(r.get("total_attempts", len(r.get("history", []))) for r in (ours, theirs)))
    first = [r for r in (ours, theirs) if "first_try_correct" in r and r.get("history")]
    if first:  # from the side whose first attempt came first
        earliest = min(first, key=lambda r: str(r["history"][0].get("time", "")))
        merged["first_try_correct"] = earliest["first_try_correct"]
    return merged


def merge_answers(ours: dict, theirs: dict) -> tuple[dict, dict[str, int]]:
    """Two `answers` mappings (lesson -> question -> record) merged, and what happened:
    `added` (only in theirs), `newer` (theirs was newer), `kept` (ours was newer or the
    same), counted in questions."""
    merged = json.loads(json.dumps(ours))
    counts = {"added": 0, "newer": 0, "kept": 0}
    for bank, questions in theirs.items():
        target = merged.setdefault(bank, {})
        for question, record in questions.items():
            record = checked_record(record, f"{bank}/{question}")[0]  # never computed
            if question in target:  # with a field of the wrong kind, from either side
                target[question] = checked_record(target[question], f"{bank}/{question}")[0]
            if question not in target:
                target[question] = json.loads(json.dumps(record))
                counts["added"] += 1
                continue
            counts["newer" if is_newer(record, target[question]) else "kept"] += 1
            target[question] = merge_record(target[question], record)
    return merged, counts
