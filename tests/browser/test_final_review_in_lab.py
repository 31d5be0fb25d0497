"""Lesson 09 in JupyterLab with the keyboard alone: one question of every type in its quiz,
then a question of the final review answered and scored by essay part; after a kernel
restart the quiz is restored and the review is the one drawn from the saved progress."""

from __future__ import annotations

from playwright.sync_api import expect
from test_keyboard_in_lab import (
    ANSWER,
    answer_quiz_by_keyboard,
    check_by_keyboard,
    first_focus,
    tab_to,
)

import sinojapan as sj
from sinojapan.progress import scoring
from sinojapan.progress.store import Progress
from sinojapan.quizzes import reviews

from lab import error_outputs, open_lesson, restart_and_run_all, run_all_cells, screenshot

LESSON = "09-after-2012.ipynb"


def answer_placement(page, box, question):
    """A placement by year is typed; by stage, chosen as in the other lessons."""
    if question.ask != "year":
        return ANSWER["PlacementInput"](page, box, question)
    field = box.get_by_placeholder("Four-digit year")
    tab_to(page, field)
    page.keyboard.type(question.solution_text())


def answer_closing_essay(page, box, question):
    """The closing essay asks for 150 words: the student's text here is the model's."""
    tab_to(page, box.locator("textarea"))
    page.keyboard.insert_text(question.model_answer)
    page.keyboard.type(" ")


ANSWER_09 = {**ANSWER, "PlacementInput": answer_placement,
             "ReflectionInput": answer_closing_essay}


def shown_review(page) -> list[str]:
    """The question ids the review shows, top to bottom."""
    boxes = page.locator(".sj-final-review .sj-question")
    ids = []
    for i in range(boxes.count()):
        classes = boxes.nth(i).get_attribute("class").split()
        ids.append(next(c for c in classes if c.startswith("sj-q-"))[len("sj-q-"):])
    return ids


def expected_review(server) -> tuple[list[str], int]:
    """What the saved progress should draw: the ids, and how many count correct."""
    store = Progress(server["root"] / "progress.json")
    records = reviews.saved_records(store, reviews.review_banks())
    drawn = reviews.draw(records)
    correct = sum(scoring.counts_correct(records[d.bank].get(d.question)) for d in drawn)
    return [d.question for d in drawn], correct


def test_lesson_09_quiz_and_final_review_by_keyboard_and_after_restart(lab_server, page):
    open_lesson(page, lab_server, LESSON)
    run_all_cells(page)
    assert error_outputs(page) == []

    graded = answer_quiz_by_keyboard(page, "09", ANSWER_09)
    lesson_quiz = page.locator(".sj-quiz").first.locator(".sj-score")
    expect(lesson_quiz).to_contain_text(f"{graded} of {graded} correct")

    ids, correct = expected_review(lab_server)
    assert shown_review(page) == ids
    score = page.locator(".sj-final-review .sj-score")
    expect(score).to_contain_text(f"{correct} of {len(ids)} correct")
    banks = {q.id: b for b in reviews.review_banks() for q in sj.quiz_bank(b).questions}
    target = next(i for i in ids if not scoring.counts_correct(
        Progress(lab_server["root"] / "progress.json").get(banks[i], i)))
    question = sj.quiz_bank(banks[target]).question(target)
    box = page.locator(f".sj-final-review .sj-q-{target}")
    box.scroll_into_view_if_needed()
    first_focus(box, "input, select, textarea, button")
    ANSWER_09[question.INPUT](page, box, question)
    check_by_keyboard(page, box)
    expect(score).to_contain_text(f"{correct + 1} of {len(ids)} correct")
    part = sj.essay_parts().loc[question.essay_part, "title"]
    expect(page.locator(".sj-final-review table")).to_contain_text(part)
    saved = Progress(lab_server["root"] / "progress.json").get(banks[target], target)
    assert scoring.counts_correct(saved)  # saved in its own lesson's bank
    screenshot(page, "lesson-09-final-review")

    restart_and_run_all(page, ".sj-final-review")
    expect(lesson_quiz).to_contain_text(f"{graded} of {graded} correct", timeout=30_000)
    ids_after, correct_after = expected_review(lab_server)
    expect(page.locator(".sj-final-review .sj-question")).to_have_count(len(ids_after))
    assert shown_review(page) == ids_after
    expect(page.locator(".sj-final-review .sj-score")).to_contain_text(
        f"{correct_after} of {len(ids_after)} correct")
