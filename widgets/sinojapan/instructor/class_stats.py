"""What a class's submissions say, question by question and student by student: the
numbers behind the class report (class_report.py writes them out). Every score comes
from scoring.py, the one rule for what an answer earns."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sinojapan.content import catalog
from sinojapan.course.banks import QuizBank
from sinojapan.progress import scoring
from sinojapan.progress.submissions import StudentWork
from sinojapan.question_types import Question

TOP_WRONG = 3  # wrong answers listed per question


@dataclass
class QuestionStats:
    bank: str
    number: int  # 1-based, in the bank's order (the order the lesson shows)
    question: Question
    answered: int = 0
    first_try_correct: int = 0
    correct: int = 0  # full credit earned, by the scoring rule
    credit: float = 0.0
    attempts: int = 0
    revealed: int = 0
    hinted: int = 0
    wrong_answers: list[tuple[str, int]] = field(default_factory=list)  # (answer, students)
    disagreed: int = 0  # students whose stored result disagreed with re-grading (regrade.py)

    def share(self, count: float) -> float | None:
        """`count` as a percentage of the students who answered, or None if none did."""
        return round(100 * count / self.answered, 1) if self.answered else None

    @property
    def label(self) -> str:
        return f"{self.bank}.{self.number}"


@dataclass
class Reflection:
    student: str
    text: str
    ticked: list[int]  # indices of the rubric points the student ticked
    updated: str


@dataclass
class StudentSummary:
    work: StudentWork
    by_lesson: dict[str, scoring.Tally]
    by_part: dict[str, scoring.Tally]
    overall: scoring.Tally
    first_try_correct: int
    attempts: int
    hints_used: int
    revealed: int


def flat_records(work: StudentWork) -> dict[tuple[str, str], dict]:
    """A student's records keyed by (lesson bank, question id)."""
    return {(bank, question): record for bank, questions in work.answers.items()
            if isinstance(questions, dict)
            for question, record in questions.items() if isinstance(record, dict)}


def same_answer(text: str) -> str:
    """Case and spacing aside, answers that read the same are the same answer."""
    return " ".join(text.casefold().split())


def wrong_choices(question: Question, record: dict) -> dict[str, str]:
    """The distinct answers a student checked that did not earn full credit, in words, by
    `same_answer`; one that earned part of it says so ("(partly right)"), lest a right but
    incomplete choice read as a wrong one."""
    checks = record.get("history") or ([{"answer": record["answer"], "score": record.get(
        "score", 0)}] if "answer" in record else [])
    found = {}
    for check in checks:
        score = check.get("score") if isinstance(check, dict) else None
        if isinstance(score, int | float) and not isinstance(score, bool) and score < 1 - 1e-9:
            text = question.stored_answer_text(check.get("answer"), choice_only=True)
            text += " (partly right)" if score > 1e-9 else ""
            found.setdefault(same_answer(text), text)
    return found


def question_stats(works: list[StudentWork], banks: list[QuizBank]) -> list[QuestionStats]:
    """Per graded question: how many answered, were right on the first try, earned full
    credit, saw the answer, used hints; and the wrong answers given by most students."""
    records = [flat_records(work) for work in works]
    found = []
    for bank in banks:
        for number, question in enumerate(bank.questions, start=1):
            if not question.GRADED:
                continue
            stats = QuestionStats(bank.id, number, question)
            wrong: Counter[str] = Counter()
            wording: dict[str, str] = {}  # the first wording met of each wrong answer
            for student_records in records:
                record = student_records.get((bank.id, question.id))
                if not scoring.answered(record):
                    continue
                stats.answered += 1
                stats.first_try_correct += bool(record.get("first_try_correct"))
                stats.correct += scoring.counts_correct(record)
                stats.credit += scoring.credit(record)
                stats.attempts += int(record.get("total_attempts") or
                                      len(record.get("history", [])))
                stats.revealed += bool(record.get("revealed"))
                stats.hinted += bool(max(record.get("hints_used", 0),
                                         record.get("hints_shown", 0)))
                choices = wrong_choices(question, record)
                wrong.update(choices.keys())
                for key, text in choices.items():
                    wording.setdefault(key, text)
            stats.wrong_answers = [(wording[key], n) for key, n in wrong.most_common(TOP_WRONG)]
            found.append(stats)
    return found


def hardest(stats: list[QuestionStats], count: int = 10) -> list[QuestionStats]:
    """The questions fewest students got right in the end, then on the first try."""
    answered = [s for s in stats if s.answered]
    return sorted(answered, key=lambda s: (s.share(s.correct), s.share(s.first_try_correct),
                                           s.label))[:count]


def _kinds(banks: list[QuizBank]) -> tuple[dict[str, list], dict[str, list]]:
    """(question key, graded) pairs by lesson and by essay part, keys being (bank, id)."""
    by_lesson: dict[str, list] = {}
    by_part: dict[str, list] = {}
    for bank in banks:
        for question in bank.questions:
            pair = ((bank.id, question.id), question.GRADED)
            by_lesson.setdefault(bank.id, []).append(pair)
            if question.GRADED:
                by_part.setdefault(question.essay_part, []).append(pair)
    order = list(catalog.essay_parts().index)
    by_part = dict(sorted(by_part.items(), key=lambda item: (
        order.index(item[0]) if item[0] in order else len(order), item[0])))
    return by_lesson, by_part


def student_summaries(works: list[StudentWork], banks: list[QuizBank]) -> list[StudentSummary]:
    """Per student: the tally of each lesson, each essay part and all of them (scoring.py),
    and first-try correct answers, attempts, hints and reveals over graded questions."""
    by_lesson, by_part = _kinds(banks)
    every = [pair for pairs in by_lesson.values() for pair in pairs]
    graded = {key for key, is_graded in every if is_graded}
    summaries = []
    for work in works:
        records = flat_records(work)
        mine = [records[key] for key in graded if key in records]
        summaries.append(StudentSummary(
            work=work,
            by_lesson={bank: scoring.tally(pairs, records) for bank, pairs in by_lesson.items()},
            by_part={part: scoring.tally(pairs, records) for part, pairs in by_part.items()},
            overall=scoring.tally(every, records),
            first_try_correct=sum(bool(r.get("first_try_correct")) for r in mine),
            attempts=sum(int(r.get("total_attempts") or len(r.get("history", [])))
                         for r in mine),
            hints_used=sum(max(r.get("hints_used", 0), r.get("hints_shown", 0)) for r in mine),
            revealed=sum(bool(r.get("revealed")) for r in mine)))
    return summaries


def mastery(summaries: list[StudentSummary], by: str) -> tuple[list[str], list[str], list]:
    """(students, columns, percentages) for a heatmap `by` 'lesson' or 'part'; a cell is
    None where the student answered none of its questions."""
    columns = list(summaries[0].by_lesson if by == "lesson" else summaries[0].by_part) \
        if summaries else []
    rows = []
    for summary in summaries:
        tallies = summary.by_lesson if by == "lesson" else summary.by_part
        rows.append([round(100 * tallies[c].share, 1) if tallies[c].answered else None
                     for c in columns])
    return [s.work.student for s in summaries], columns, rows


def reflections(works: list[StudentWork],
                banks: list[QuizBank]) -> list[tuple[str, Question, list[Reflection]]]:
    """Every reflection question with what each student wrote and the rubric points they
    ticked, in lesson order."""
    records = [(work, flat_records(work)) for work in works]
    found = []
    for bank in banks:
        for question in bank.questions:
            if question.GRADED:
                continue
            written = []
            for work, student_records in records:
                record = student_records.get((bank.id, question.id)) or {}
                text = record.get("answer") or next(  # after Start over: the history
                    (h.get("answer") for h in reversed(record.get("history", []))
                     if isinstance(h, dict) and isinstance(h.get("answer"), str)), "")
                if text and isinstance(text, str):
                    ticked = [i for i in record.get("self_check", []) if isinstance(i, int)]
                    written.append(Reflection(work.student, str(text), ticked,
                                              str(record.get("updated", ""))))
            found.append((bank.id, question, written))
    return found
