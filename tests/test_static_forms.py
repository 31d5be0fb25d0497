"""A question's two static forms: the student's (what they would answer, and nothing that
gives the answer away, in the text or the markup) and the answer key (everything)."""

from __future__ import annotations

import dataclasses
import html
import re

import pytest

import sinojapan as sj
from sinojapan import question_types as types

from helpers import answer_texts

QUESTIONS = [q for bank in sj.quiz_bank_ids() for q in sj.quiz_bank(bank).questions]


def shown_text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.id)
def test_the_student_form_holds_no_answer_hint_feedback_or_explanation(question):
    page = question.static_html(1)
    for text in answer_texts(question):
        assert text not in page and html.escape(text) not in page, text
        assert text not in shown_text(page), text
    assert 'class="sj-key"' not in page and "Answer:</strong>" not in page


KEYED = [q for q in QUESTIONS if q.rekeyed() is not None]


@pytest.mark.parametrize("question", KEYED, ids=lambda q: q.id)
def test_the_student_form_is_the_same_whatever_the_answer_key(question):
    changed = dataclasses.replace(question.rekeyed(), explanation="other", hints=["other"])
    assert changed.static_html(2) == question.static_html(2)
    assert changed.answer_key_html(2) != question.answer_key_html(2)


def test_the_key_independence_check_covers_every_type_but_ordering_and_matching():
    assert {q.TYPE for q in KEYED} == set(types.TYPES) - {"ordering", "matching"}


@pytest.mark.parametrize("question", [q for q in QUESTIONS if isinstance(q, types.Ordering)],
                         ids=lambda q: q.id)
def test_an_ordering_shows_every_item_out_of_order_and_the_key_in_order(question):
    page = shown_text(question.static_html())
    positions = [page.index(item) for item in question.items]
    assert positions != sorted(positions)
    key = shown_text(question.answer_key_html())
    answer = key[key.index("Answer:"):]
    key_positions = [answer.index(item) for item in question.items]
    assert key_positions == sorted(key_positions)


@pytest.mark.parametrize("question", [q for q in QUESTIONS if isinstance(q, types.Matching)],
                         ids=lambda q: q.id)
def test_a_matching_shows_items_and_choices_apart_and_the_key_pairs_them(question):
    page = question.static_html()
    for left, right in question.pairs:
        assert html.escape(left) in page and html.escape(right) in page
        assert f"{html.escape(left)} \u2192 {html.escape(right)}" not in page
        assert (f"<tr><td>{html.escape(left)}</td><td>{html.escape(right)}</td></tr>"
                in question.answer_key_html())


def test_every_type_shows_what_the_student_would_answer():
    demo = {q.TYPE: q for q in sj.quiz_bank("demo").questions}
    form = {name: shown_text(q.static_html(1)) for name, q in demo.items()}
    assert "Choose one." in form["single"] and "A. " in form["single"]
    assert "Select all that apply." in form["multiple"]
    assert "True" in form["true_false"] and "Because (one line):" in form["true_false"]
    assert "Answer: ____" in form["numeric"] and "years" in form["numeric"]
    assert "Answer: ____" in form["text"]
    assert "write 1 beside the first" in form["ordering"]
    assert "Choices:" in form["matching"]
    assert "(1) ______" in form["cloze"]
    assert f"Blank 2: choose from {', '.join(demo['cloze'].shown_options(2))}" in form["cloze"]
    assert "Claim:" in form["evidence"]
    assert "Choose its stage." in form["placement"] and "2: Concerns emerge" in form["placement"]
    assert "Write at least" in form["reflection"]
    year = dataclasses.replace(demo["placement"], ask="year")
    assert "Year (four digits): ____" in shown_text(year.static_html())


def test_the_key_states_tolerances_and_why_each_wrong_option_is_wrong():
    demo = {q.TYPE: q for q in sj.quiz_bank("demo").questions}
    numeric = shown_text(demo["numeric"].answer_key_html())
    assert "from 6.24 to 6.28 (tolerance \u00b10.02)" in numeric
    single = shown_text(demo["single"].answer_key_html())
    for option in demo["single"].options:
        verdict = "\u2713 correct" if option.correct else "\u2717 wrong"
        assert re.search(rf"{verdict}: {re.escape(option.text)} \u2014 "
                         rf"{re.escape(option.feedback)}", single), option.text
    year = dataclasses.replace(demo["placement"], ask="year", tolerance=1)
    assert "(tolerance \u00b11 year)" in shown_text(year.answer_key_html())


def test_cited_paragraphs_are_read_from_the_explanation():
    cite = types.base.cited_paragraphs
    assert cite("as paragraph 5 says") == [5]
    assert cite("paragraphs 13 and 15; see also paragraph 2") == [2, 13, 15]
    assert cite("paragraphs 13-14") == [13, 14]
    assert cite("in paragraph 5, 2010 was") == [5]


@pytest.mark.parametrize("question", [q for q in QUESTIONS if hasattr(q, "CHOOSE")],
                         ids=lambda q: q.id)
def test_the_instruction_to_choose_is_said_once(question):
    page = shown_text(question.static_html())
    assert page.count(question.CHOOSE) == 1, page
