"""The one rule for what an answer earns, used by the quiz footer, the progress chart,
the report and the export (data/README.md, "How answers count", says it in words):

- A graded question earns its best score (0 to 1) from checks made before its answer was
  shown. Once "Show answer" is used, later checks are saved but earn nothing more.
- It counts as correct when it has earned full credit. Credit, once earned, is kept:
  "Start over" clears the answer on screen, never the credit, the reveal, the hints used
  or the history of attempts.
- Hints cost nothing, but how many were used is kept.
- A reflection is not graded: it counts as written once saved, and in a score only when
  the course settings say reflections count (then as one question, full credit once
  written).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sinojapan.course.settings import course_settings
from sinojapan.question_types import TYPES

ROUND_FIELDS = ("answer", "score", "correct", "feedback", "details", "self_check",
                "solution_shown")


def credit(record: Mapping | None) -> float:
    """What a question has earned, 0 to 1 (records saved before this rule: the best score,
    or nothing once revealed)."""
    if not record:
        return 0.0
    if "credit" in record:
        return float(record["credit"])
    if record.get("revealed"):
        return 0.0
    return float(record.get("best_score", record.get("score")) or 0.0)


def credit_from_checks(checks: list[Mapping], limit: int | None = None,
                       revealed: bool = False) -> float:
    """What a question earned by the rule above, from its checks in order, each with the
    `score` it earns (the class report grades each saved answer again for it): the best
    score of the checks made before the answer was shown and within `limit` checks. A
    record saved before checks said whether the answer had been shown (`revealed`, and no
    check has `revealed_before`) earns nothing once revealed, as `credit` says."""
    if revealed and not any("revealed_before" in check for check in checks):
        return 0.0
    counted = [float(check.get("score") or 0.0) for number, check in enumerate(checks)
               if not check.get("revealed_before") and not check.get("beyond_limit")
               and (limit is None or number < limit)]
    return round(max(counted, default=0.0), 4)


def counts_correct(record: Mapping | None) -> bool:
    return credit(record) >= 1.0 - 1e-9


def answered(record: Mapping | None) -> bool:
    """Checked at least once, ever (Start over does not undo it)."""
    return bool(record) and bool(record.get("history") or "score" in record)


def graded_kind(kind: str) -> bool:
    """Whether records of this question type are graded (unknown types: yes)."""
    cls = TYPES.get(kind)
    return cls is None or cls.GRADED


def counts_in_score(graded: bool) -> bool:
    """Graded questions always; reflections when the course settings say they count."""
    return graded or course_settings().reflections_count


def earned(record: Mapping | None, graded: bool) -> float:
    """What a question adds to a score: its credit, or for a reflection that counts, 1
    once written."""
    if graded:
        return credit(record)
    return 1.0 if answered(record) else 0.0


def within_limit(record: Mapping, limit: int | None) -> bool:
    """Whether a further check may still earn credit: under the course's or bank's limit of
    checks, counted over every round (Start over does not give the checks back)."""
    return limit is None or record.get("total_attempts", record.get("attempts", 0)) < limit


def after_attempt(record: dict, *, answer, score: float, correct: bool, feedback: str,
                  details: list[str], kept_answer, limit: int | None = None) -> None:
    """Apply a checked answer to a record. `kept_answer` is what the history keeps;
    `limit`, the checks allowed: a check beyond it is saved and marked but earns nothing."""
    first = not record.get("history")
    counts = not record.get("revealed") and within_limit(record, limit)
    record["attempts"] = record.get("attempts", 0) + 1
    record["total_attempts"] = record.get("total_attempts", 0) + 1
    record.update(answer=answer, score=score, correct=correct, feedback=feedback,
                  details=details)
    if first:  # right first try only if it earned credit: not after "Show answer"
        record["first_try_correct"] = bool(correct) and counts
    if counts:
        record["credit"] = max(score, credit(record))
    else:
        record.setdefault("credit", credit(record))
    record["best_score"] = max(score, record.get("best_score", 0.0))
    record.setdefault("history", []).append(
        {"answer": kept_answer, "score": score, "round": record.get("rounds", 1),
         "revealed_before": bool(record.get("revealed"))}
        | ({} if counts or record.get("revealed") else {"beyond_limit": True}))


def after_reveal(record: dict) -> None:
    record.setdefault("credit", credit(record))
    record.update(revealed=True, solution_shown=True)


def after_hint(record: dict, shown: int) -> None:
    record["hints_shown"] = shown
    record["hints_used"] = max(shown, record.get("hints_used", 0))


def after_start_over(record: dict) -> None:
    """A new round: the answer on screen goes; what was earned and used stays."""
    record.setdefault("credit", credit(record))
    record["hints_used"] = max(record.get("hints_shown", 0), record.get("hints_used", 0))
    for key in ROUND_FIELDS:
        record.pop(key, None)
    record.update(attempts=0, hints_shown=0, rounds=record.get("rounds", 1) + 1)


@dataclass
class Tally:
    questions: int = 0  # graded questions
    answered: int = 0
    correct: int = 0
    score: float = 0.0
    reflections: int = 0
    written: int = 0

    @property
    def share(self) -> float:
        return self.score / self.questions if self.questions else 0.0


def tally(kinds: Iterable[tuple[str, bool]], records: Mapping[str, Mapping]) -> Tally:
    """Count a set of questions, given as (question id, graded) pairs, against their
    records (by question id)."""
    result = Tally()
    for question_id, graded in kinds:
        record = records.get(question_id)
        if not graded:
            result.reflections += 1
            result.written += answered(record)
        if counts_in_score(graded):
            points = earned(record, graded)
            result.questions += 1
            result.answered += answered(record)
            result.correct += points >= 1.0 - 1e-9
            result.score += points
    result.score = round(result.score, 4)
    return result
