"""The quiz rules in force for a bank, in the words a student reads: from the bank's own
settings as the course settings (settings.py, docs/course-settings.md) change them. This
is the one place a rule is stated to students; the lessons and the README state none
themselves (tests/test_course_settings.py scans them), so a stricter course never reads
of a rule it switched off."""

from __future__ import annotations

import html

from sinojapan.course.banks import QuizBank

SHOW = "\u201cShow answer\u201d"


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


def show_answer_rule(bank: QuizBank) -> str:
    after = bank.show_answer_after
    if after is None:
        return f"{SHOW} is off in this course"
    if after == 0:
        return f"{SHOW} is there from the start"
    return f"{SHOW} unlocks after {plural(after, 'attempt')}, or once you have it right"


def attempts_rule(bank: QuizBank) -> str:
    limits = sorted({bank.attempts_limit(q) or 0 for q in bank.questions if q.GRADED})
    if limits in ([], [0]):
        return "attempts are unlimited"
    if len(limits) == 1:
        return f"the first {plural(limits[0], 'check')} of each question can earn credit"
    counted = [n for n in limits if n]
    return ("the checks that can earn credit differ by question: "
            + ("unlimited for some, " if 0 in limits else "")
            + f"{' or '.join(map(str, counted))} for others (each question says so)")


def quiz_rules(bank: QuizBank) -> list[str]:
    """Each rule of the bank's quiz in force, as a short clause."""
    course = bank.course
    rules = [show_answer_rule(bank), attempts_rule(bank),
             "a right answer stays until you press \u201cStart over\u201d"
             if course.lock_when_correct else
             "you may check a right answer again (credit once earned stays)",
             "\u201cHint\u201d shows a question's hints one at a time" if course.hints
             else "hints are off in this course"]
    if course.reflections_count:
        rules.append("a written reflection counts as one right answer")
    return rules


def rules_html(bank: QuizBank) -> str:
    """The rules as one line under a quiz's title (escaped HTML)."""
    clauses = quiz_rules(bank)
    text = "; ".join(clauses)
    return (f'<p class="sj-rules"><strong>Rules in your course:</strong> '
            f"{html.escape(text[0].upper() + text[1:])}.</p>")
