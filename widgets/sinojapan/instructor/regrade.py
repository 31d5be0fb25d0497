"""Every answer in a class's hand-ins graded again with the current bank, for the class
report: the stored `credit`, `score`, `correct` and `first_try_correct` are never trusted.

Each saved check is graded by the question type's own `check` (the answer read back with
`answer_from_json`), and what the question earned follows scoring.py's one rule
(`credit_from_checks`: checks after "Show answer", and beyond the attempts the bank and
course settings allow, earn nothing). A record whose stored result disagrees with the new
one is flagged: it was edited, or it comes from another version of the bank.

What this cannot catch: the checks' order, count and "answer shown" marks are the
student's own file's word (docs/class-report.md, "What a submission does not prove").
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sinojapan.course.banks import QuizBank
from sinojapan.progress import scoring
from sinojapan.progress.submissions import StudentWork
from sinojapan.question_types import AnswerError, Question

REASON = "edited, or from another version of the bank"
OMITTED = "omitted_characters"  # store.py keeps this in place of a very long answer


@dataclass
class Disagreement:
    """A record whose stored result is not what its answers earn with the current bank."""

    student: str
    bank: str
    number: int  # the question's place in its bank, 1-based
    question: Question
    stored: float  # the stored credit (by scoring.credit: a refused one is left out)
    regraded: float
    what: str  # which stored results disagree, in words

    @property
    def label(self) -> str:
        return f"{self.bank}.{self.number}"


class Grader:
    """One question's `check`, remembered per answer (a class gives the same answers)."""

    def __init__(self, question: Question):
        self.question = question
        self.known: dict[str, tuple[float, str]] = {}

    def score(self, answer: Any) -> tuple[float, str]:
        """(the score, 0 to 1; a problem in words, '' if none). An answer the type cannot
        read (empty, a number of 400 digits, another bank's shape) earns 0, said kindly."""
        key = json.dumps(answer, sort_keys=True, ensure_ascii=False, default=str)
        if key not in self.known:
            self.known[key] = self._check(answer)
        return self.known[key]

    def _check(self, answer: Any) -> tuple[float, str]:
        if isinstance(answer, dict) and set(answer) == {OMITTED}:
            return 0.0, "an answer too long to keep in the history was not graded again"
        try:
            return self.question.check(self.question.answer_from_json(answer)).score, ""
        except AnswerError as problem:
            return 0.0, f"an answer earns nothing: {str(problem)[:160]}"
        except Exception as error:  # noqa: BLE001  a saved answer this bank cannot read
            return 0.0, (f"an answer this bank cannot read earns nothing "
                         f"({type(error).__name__}: {str(error)[:120]})")


def regraded(record: dict, grader: Grader, limit: int | None) -> tuple[dict, list[str]]:
    """The record with every check's score, `credit`, `correct` and `first_try_correct`
    computed again, and any problems met (answers the bank cannot read)."""
    history = [dict(h) for h in record.get("history", []) if isinstance(h, dict)]
    if not history and "answer" in record:  # saved before histories were kept
        history = [{"answer": record["answer"]}]
    problems = []
    for number, check in enumerate(history):
        answer = check.get("answer")
        if (isinstance(answer, dict) and set(answer) == {OMITTED} and "answer" in record
                and number == len(history) - 1):
            answer = record["answer"]  # the last check's whole answer is on the record
        check["score"], problem = grader.score(answer)
        if problem:
            problems.append(problem)
    new = dict(record, history=history)
    new["credit"] = scoring.credit_from_checks(history, limit, bool(record.get("revealed")))
    new["best_score"] = max((c["score"] for c in history), default=0.0)
    if history:
        new["first_try_correct"] = (history[0]["score"] >= 1 - 1e-9  # as scoring says:
                                    and not history[0].get("revealed_before"))  # not shown
        new["correct"] = history[-1]["score"] >= 1 - 1e-9
        new["score"] = history[-1]["score"]
    return new, list(dict.fromkeys(problems))


def differences(stored: dict, new: dict) -> list[str]:
    """Which stored results disagree with the new ones, in words."""
    found = []
    if abs(scoring.credit(stored) - new["credit"]) > 1e-6:
        found.append(f"credit {scoring.credit(stored):g}, re-graded {new['credit']:g}")
    for name in ("first_try_correct", "correct"):
        if name in stored and name in new and bool(stored[name]) != new[name]:
            found.append(f"{name} {str(stored[name]).lower()}, re-graded "
                         f"{str(new[name]).lower()}")
    old_scores = [h.get("score") for h in stored.get("history", []) if isinstance(h, dict)]
    new_scores = [h["score"] for h in new["history"]]
    if len(old_scores) == len(new_scores) and any(
            isinstance(a, int | float) and abs(a - b) > 1e-6
            for a, b in zip(old_scores, new_scores, strict=True)):
        found.append("a check's stored score")
    return found


def regrade_class(works: list[StudentWork], banks: list[QuizBank]) -> list[Disagreement]:
    """Grade every graded question's record of every student again, replacing the records
    in `works` with the re-graded ones; returns each record whose stored result disagreed.
    Answers a bank cannot read are named in the student's notes and earn nothing."""
    flagged = []
    for bank in banks:
        for number, question in enumerate(bank.questions, start=1):
            if not question.GRADED:
                continue
            grader, limit = Grader(question), bank.attempts_limit(question)
            for work in works:
                records = work.answers.get(bank.id)
                record = records.get(question.id) if isinstance(records, dict) else None
                if not isinstance(record, dict) or not scoring.answered(record):
                    continue
                new, problems = regraded(record, grader, limit)
                records[question.id] = new
                work.notes += [f"{bank.id}.{number}: {p}" for p in problems]
                changed = differences(record, new)
                if changed:
                    flagged.append(Disagreement(work.student, bank.id, number, question,
                                                scoring.credit(record), new["credit"],
                                                "; ".join(changed)))
    return flagged
