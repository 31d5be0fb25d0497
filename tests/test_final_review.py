"""The final review (lesson 09, `sj.final_review()`): which questions it draws from the
saved progress, that the draw is stable, that every drawn question can be answered, and
the score by part of the essay."""

from __future__ import annotations

import random

import pytest

import sinojapan as sj
from sinojapan.progress import scoring
from sinojapan.progress.store import Progress
from sinojapan.quizzes import reviews

BANKS = reviews.review_banks()
POOL = reviews.candidates(BANKS)


@pytest.fixture
def store(tmp_path):
    return Progress(tmp_path / "progress.json")


def record(credit: float) -> dict:
    """A saved record as the quiz writes it after one check."""
    return {"score": credit, "credit": credit, "correct": credit >= 1,
            "history": [{"answer": None, "score": credit}]}


def records_where(missed: set[tuple[str, str]]) -> dict:
    """Every reviewable question answered: right, except those in `missed` (no credit)."""
    out: dict[str, dict] = {}
    for bank, question in POOL:
        out.setdefault(bank, {})[question] = record(0.0 if (bank, question) in missed else 1.0)
    return out


def keys(drawn) -> list[tuple[str, str]]:
    return [(d.bank, d.question) for d in drawn]


def test_the_review_draws_from_lessons_00_to_08_only_graded_questions_it_can_ask():
    assert BANKS == ["00", "01", "02", "03", "04", "05", "06", "07", "08"]
    kinds = {sj.quiz_bank(b).question(q).TYPE for b, q in POOL}
    assert "reflection" not in kinds and "code" not in kinds
    assert len(kinds) >= 8


def test_weights_follow_the_one_scoring_rule():
    assert reviews.weight(None) == reviews.WEIGHT_UNTRIED
    assert reviews.weight(record(1.0)) == reviews.WEIGHT_CORRECT
    assert reviews.weight(record(0.0)) == reviews.WEIGHT_MISSED
    assert reviews.WEIGHT_CORRECT < reviews.weight(record(0.5)) < reviews.WEIGHT_MISSED
    # credit, not the last score: a question right once stays right after a wrong retry
    retried = {**record(1.0), "score": 0.0, "correct": False}
    assert reviews.weight(retried) == reviews.WEIGHT_CORRECT
    # an answer shown before any right check earns nothing, so it counts as missed
    shown = {"score": 1.0, "revealed": True, "history": [{"score": 1.0}]}
    assert reviews.weight(shown) == reviews.WEIGHT_MISSED


def test_a_student_with_no_progress_gets_a_full_review_with_every_lesson():
    drawn = reviews.draw({})
    assert 15 <= len(drawn) <= 20 and len(drawn) == reviews.REVIEW_SIZE
    assert {d.bank for d in drawn} == set(BANKS)
    assert len(set(keys(drawn))) == len(drawn)
    assert keys(drawn) == [k for k in POOL if k in set(keys(drawn))]  # in lesson order


def test_the_same_progress_draws_the_same_questions_and_other_progress_others():
    missed = set(POOL[::7])
    first = reviews.draw(records_where(missed))
    assert keys(first) == keys(reviews.draw(records_where(missed)))
    assert keys(reviews.draw({})) == keys(reviews.draw({}))
    assert keys(first) != keys(reviews.draw(records_where(set(POOL[3::7]))))


def test_missed_questions_come_up_far_more_often_than_their_share():
    rng = random.Random(12)
    drawn_missed = drawn_total = pool_missed = 0
    for _ in range(40):
        missed = set(rng.sample(POOL, 20))
        drawn = keys(reviews.draw(records_where(missed)))
        drawn_missed += sum(k in missed for k in drawn)
        drawn_total += len(drawn)
        pool_missed += len(missed)
    share_in_pool = pool_missed / (40 * len(POOL))
    share_in_review = drawn_missed / drawn_total
    assert share_in_review > 2 * share_in_pool, (share_in_review, share_in_pool)


def test_a_student_who_missed_few_questions_sees_most_of_them():
    missed = {POOL[2], POOL[20], POOL[40], POOL[60]}
    drawn = set(keys(reviews.draw(records_where(missed))))
    assert len(drawn & missed) >= 3


@pytest.mark.parametrize("bank,question", POOL, ids=[f"{b}/{q}" for b, q in POOL])
def test_every_question_the_review_may_draw_is_answerable(bank, question):
    item = sj.quiz_bank(bank).question(question)
    result = item.check(item.solution())
    assert result.correct and result.score == pytest.approx(1.0)


def test_answering_in_the_review_saves_in_the_lesson_and_scores_by_essay_part(store):
    review = sj.final_review(progress=store)
    assert len(review.views) == reviews.REVIEW_SIZE
    view = review.views[0]
    first = review.drawn[0]
    view.submit(view.question.solution())
    saved = store.get(first.bank, first.question)
    assert scoring.counts_correct(saved)
    part = view.question.essay_part
    scores = review.by_part()
    assert scores[part].correct == 1
    assert sum(t.questions for t in scores.values()) == reviews.REVIEW_SIZE
    assert sum(t.correct for t in scores.values()) == 1
    title = sj.essay_parts().loc[part, "title"]
    assert "1 of 18 correct" in review.widget.state["score"]
    assert title.replace('"', "&quot;").replace("'", "&#x27;") in review.widget.state["score"]


def test_a_new_kernel_shows_the_review_drawn_from_the_saved_progress(store):
    before = sj.final_review(progress=store)
    wrong = next(v for v in before.views if v.question.TYPE == "true_false")
    wrong.submit({"value": not wrong.question.answer, "justification": "my reason"})
    assert wrong.record["history"], "the wrong answer was not checked"
    again = sj.final_review(progress=Progress(store.path))
    assert keys(again.drawn) == keys(reviews.draw(reviews.saved_records(store, BANKS)))
    missed = next(d for d in before.drawn if d.question == wrong.question.id)
    assert reviews.weight(store.get(missed.bank, missed.question)) == reviews.WEIGHT_MISSED


def test_the_static_review_shows_questions_and_no_answers(store):
    review = sj.final_review(progress=store)
    page = review.static_html()
    assert page.count('class="sj-static-question"') == reviews.REVIEW_SIZE
    for view in review.views:
        assert f'id="q-{view.question.id}"' in page
        assert view.question.explanation not in page


def test_lesson_09_and_its_teaching_notes_state_the_reviews_real_size():
    from helpers import REPO

    lesson = (REPO / "lessons" / "09-after-2012.ipynb").read_text(encoding="utf-8")
    assert f"The review draws {reviews.REVIEW_SIZE} questions" in lesson
    assert "sj.final_review()" in lesson
    notes = (REPO / "data" / "teaching.yaml").read_text(encoding="utf-8")
    assert f"It covers {reviews.REVIEW_SIZE} questions drawn toward those missed" in notes
