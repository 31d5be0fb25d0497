"""A student's progress.html reads as a report: each lesson's questions in order, the
question, the student's answer in words and its result, and no correct answers."""

from __future__ import annotations

import html

import pytest

import sinojapan as sj
from sinojapan.progress.report import export_report
from sinojapan.progress.store import Progress

from helpers import check_answer


@pytest.fixture
def page(tmp_path) -> str:
    store = Progress(tmp_path / "progress.json")
    check_answer(store, "03", "s03-characterization", 1)  # wrong, and left wrong
    check_answer(store, "03", "s03-placement-ecs", "2")
    check_answer(store, "03", "s03-placement-ecs", "3")
    check_answer(store, "03", "s03-alliance", "treaty")
    store.reveal("03", "s03-alliance")
    check_answer(store, "03", "s03-alliance", "alliance")
    check_answer(store, "03", "s03-reflection", "For me the third stage begins in 2008 <b>with"
                                                " survey ships</b> in the territorial waters.")
    store.update("03", "s03-reflection", self_check=[1])
    store.forget("03", "s03-reflection")  # Start over: the text stays in the history
    path = export_report(store, tmp_path / "out", student="Ann <Lee>")["html"]
    return path.read_text(encoding="utf-8")


def test_questions_appear_in_the_lessons_order_with_their_text(page):
    bank = sj.quiz_bank("03")
    positions = [page.index(html.escape(q.prompt)) for q in bank.questions]
    assert positions == sorted(positions)
    assert "Lesson 03: " + html.escape(bank.title) in page
    assert "<h1>Progress report: Ann &lt;Lee&gt;</h1>" in page


def test_each_answer_is_in_words_with_its_result(page):
    question = sj.quiz_bank("03").question("s03-characterization")
    assert html.escape(question.options[1].text) in page
    assert "\u2717 not right yet" in page
    assert "stage 3 (Open security tension)" in page and "\u2713 right<" in page
    assert "right after the answer was shown, so it earns nothing" in page
    assert "not answered" in page  # s03-tension-events and s03-warm-years
    assert "&lt;b&gt;with survey ships&lt;/b&gt;" in page and "<b>with" not in page
    rubric = sj.quiz_bank("03").question("s03-reflection").rubric
    assert f"\u2610 {html.escape(rubric[0])}" in page


def test_the_page_gives_away_no_correct_answer_or_explanation(page):
    bank = sj.quiz_bank("03")
    characterization = bank.question("s03-characterization")
    assert html.escape(characterization.options[0].text) not in page
    for question in bank.questions:
        assert html.escape(question.explanation) not in page
    assert html.escape(bank.question("s03-reflection").model_answer) not in page


def test_scores_by_lesson_and_part_follow_the_scoring_rule(page):
    graded = sum(q.GRADED for q in sj.quiz_bank("03").questions)
    # placement right on the second try earns 1; alliance checked after "Show answer", 0
    assert f"Score 1 of {graded} graded questions ({1 / graded:.0%})" in page


@pytest.mark.parametrize("bank_id, question_id, stored, words", [
    ("03", "s03-characterization", 2, "Security has become an area of close cooperation."),
    ("03", "s03-warm-years", {"value": False, "justification": "no"}, "False: no"),
    ("03", "s03-placement-ecs", "4", "stage 4 (Multilateralization)"),
    ("04", "s04-placement-india", "2008", "2008"),
    ("04", "s04-scrambles", "300", "300"),
    ("demo", "demo-numeric-seven-years", "6.3", "6.3 years"),
    ("04", "s04-ordering-partners", [1, 0, 2, 3], None),
    ("demo", "demo-matching-actors", {"0": "focused on trade disputes with Japan"}, None),
    ("demo", "demo-cloze-pivot", ["pivot", "", "Beijing"], None),
    ("03", "s03-characterization", 99, "99"),  # no longer fits the question: as saved
])
def test_every_type_says_an_answer_in_words(bank_id, question_id, stored, words):
    question = sj.quiz_bank(bank_id).question(question_id)
    text = question.stored_answer_text(stored)
    if words is not None:
        assert text == words
    elif isinstance(stored, list) and all(isinstance(i, int) for i in stored):  # ordering
        assert text == " \u2192 ".join(question.items[i] for i in stored)
    elif isinstance(stored, dict):  # matching: every prompt, answered or not
        left = [left for left, _ in question.pairs]
        assert text.startswith(f"{left[0]} \u2192 focused on trade disputes with Japan; ")
        assert text.endswith(f"{left[-1]} \u2192 (none)")
    else:  # cloze: the sentence with the student's words in brackets
        assert "[pivot]" in text and "[...]" in text and "[Beijing]" in text


@pytest.mark.parametrize("question", sj.quiz_bank("demo").questions, ids=lambda q: q.TYPE)
def test_no_type_shows_its_answers_raw_in_a_report(question):
    """A new type with answers that are not plain text must say them in words."""
    stored = question.answer_to_json(question.solution())
    text = question.stored_answer_text(stored)
    assert text and "{" not in text and "[0" not in text
    if not isinstance(stored, str):
        assert text != str(stored)
