"""A student's progress as a readable page to hand in: each lesson's questions in order,
with the question, the student's answer and its result (never the correct answer), then
scores by lesson and by part of the essay, all counted by scoring.py."""

from __future__ import annotations

from sinojapan import __version__
from sinojapan.content import catalog
from sinojapan.content.files import DataError
from sinojapan.content.html_pages import Markup, page, table
from sinojapan.content.html_text import bullets, esc
from sinojapan.course.banks import QuizBank, quiz_bank
from sinojapan.progress import scoring
from sinojapan.progress.store import now
from sinojapan.question_types import Question

BALLOT, TICKED = "\u2610", "\u2611"


def latest_answer(record: dict):
    """The answer on screen, or after Start over the last one checked."""
    if "answer" in record:
        return record["answer"]
    history = [h for h in record.get("history", []) if isinstance(h, dict)]
    return history[-1].get("answer") if history else None


def result_text(question: Question | None, record: dict | None) -> tuple[str, str]:
    """(what the answer earned, in words; a CSS class): by the scoring rule."""
    if not scoring.answered(record):
        return "not answered", "note"
    if question is not None and not question.GRADED:
        return "written (not graded)", "note"
    earned = scoring.credit(record)
    shown = "; answer shown, so later checks earn nothing" if record.get("revealed") else ""
    if scoring.counts_correct(record):
        first = " on the first try" if record.get("first_try_correct") else ""
        return f"\u2713 right{first}", "right"
    if earned > 0:
        return f"partly right: {earned:.0%} earned{shown}", "wrong"
    if record.get("revealed") and record.get("correct"):
        return "right after the answer was shown, so it earns nothing", "wrong"
    return f"\u2717 not right yet{shown}", "wrong"


def answer_cell(question: Question, record: dict) -> Markup:
    """The student's answer in words; for a reflection, the rubric points ticked or not."""
    stored = latest_answer(record)
    if stored is None:
        return Markup("")
    text = Markup(esc(question.stored_answer_text(stored)))
    rubric = getattr(question, "rubric", None) if not question.GRADED else None
    if not rubric:
        return text
    ticked = set(record.get("self_check", []))
    return Markup(f"<blockquote>{text}</blockquote>Rubric points ticked:" + bullets(
        f"{TICKED if i in ticked else BALLOT} {point}" for i, point in enumerate(rubric)))


def lesson_section(bank: QuizBank, records: dict[str, dict]) -> str:
    rows = []
    for number, question in enumerate(bank.questions, start=1):
        record = records.get(question.id) or {}
        result, style = result_text(question, record)
        rows.append((number, question.prompt, answer_cell(question, record),
                     Markup(f'<span class="{style}">{esc(result)}</span>'),
                     record.get("total_attempts", len(record.get("history", []))) or "",
                     max(record.get("hints_used", 0), record.get("hints_shown", 0)) or ""))
    tally = scoring.tally(((q.id, q.GRADED) for q in bank.questions), records)
    summary = (f"<p>Score {tally.score:g} of {tally.questions} graded questions "
               f"({tally.share:.0%}); {tally.answered} answered, {tally.correct} right; "
               f"{tally.written} of {tally.reflections} reflections written.</p>")
    return (f"<h2>{esc(lesson_label(bank.id))}: {esc(bank.title)}</h2>{summary}"
            + table(["#", "Question", "Your answer", "Result", "Tries", "Hints"], rows,
                    numeric=(0, 4, 5)))


def lesson_label(bank_id: str) -> str:
    return f"Lesson {bank_id}" if bank_id.isdigit() else f"Quiz '{bank_id}'"


def summary_section(banks: list[QuizBank], answers: dict) -> str:
    """Scores by lesson and by part of the essay (graded questions only)."""
    parts = catalog.essay_parts()["title"].to_dict()
    by_part: dict[str, list] = {}
    flat: dict = {}
    lesson_rows = []
    for bank in banks:
        records = answers.get(bank.id, {})
        tally = scoring.tally(((q.id, q.GRADED) for q in bank.questions), records)
        lesson_rows.append((lesson_label(bank.id), bank.title, f"{tally.score:g}",
                            tally.questions, f"{tally.share:.0%}"))
        for question in bank.questions:
            if question.GRADED:
                by_part.setdefault(question.essay_part, []).append(((bank.id, question.id),
                                                                    True))
        flat.update({(bank.id, q): r for q, r in records.items()})
    part_rows = []
    for part, pairs in by_part.items():
        tally = scoring.tally(pairs, flat)
        part_rows.append((parts.get(part, part), f"{tally.score:g}", tally.questions,
                          f"{tally.share:.0%}"))
    return ("<h2>Summary</h2>"
            + table(["Lesson", "Title", "Score", "Graded questions", "Percent"], lesson_rows,
                    caption="By lesson", numeric=(2, 3, 4))
            + table(["Part of the essay", "Score", "Graded questions", "Percent"], part_rows,
                    caption="By part of the essay", numeric=(1, 2, 3)))


def other_records(answers: dict, banks: dict[str, QuizBank]) -> str:
    """Saved answers to questions the lessons no longer have, so nothing is hidden."""
    rows = []
    for bank_id, records in sorted(answers.items()):
        known = {q.id for q in banks[bank_id].questions} if bank_id in banks else set()
        for question_id, record in sorted(records.items()):
            if question_id not in known and scoring.answered(record):
                stored = latest_answer(record)
                rows.append((bank_id, question_id, "" if stored is None else str(stored),
                             result_text(None, record)[0]))
    if not rows:
        return ""
    return ("<h2>Other saved answers</h2><p>Answers to questions the lessons no longer "
            "have (changed or removed since).</p>"
            + table(["Lesson", "Question id", "Your answer", "Result"], rows))


def progress_page(answers: dict, student: str = "") -> str:
    """The whole page for a progress document's `answers`."""
    banks = {}
    for bank_id in sorted(answers):
        try:
            banks[bank_id] = quiz_bank(bank_id)
        except DataError:  # a bank removed since: its answers are listed at the end
            continue
    title = "Progress report" + (f": {student}" if student else "")
    intro = (f'<p class="note">Lessons on {esc(catalog.essay_citation())} '
             f"Written {esc(now())} by sinojapan-lessons {esc(__version__)}. Each lesson's "
             "questions are in the order the lesson shows them.</p>")
    if not banks and not answers:
        return page(title, intro + "<p>No answers saved yet.</p>")
    body = (intro + summary_section(list(banks.values()), answers)
            + "".join(lesson_section(bank, answers.get(bank.id, {}))
                      for bank in banks.values())
            + other_records(answers, banks))
    return page(title, body)
