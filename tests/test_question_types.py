"""Pure grading: every question type, from the demonstration bank's real questions."""

from __future__ import annotations

import html

import pytest
from hypothesis import given
from hypothesis import strategies as st

import sinojapan as sj
from sinojapan import question_types as questions
from sinojapan.course import banks as quiz_banks
from sinojapan.question_types import AnswerError

BANK = sj.quiz_bank("demo")


def q(question_id: str):
    return BANK.question(question_id)


def test_demo_bank_has_every_type_once():
    assert sorted(x.TYPE for x in BANK.questions) == sorted(questions.TYPES)


@pytest.mark.parametrize("question", BANK.questions, ids=lambda x: x.TYPE)
def test_solution_is_graded_correct_and_round_trips_through_json(question):
    solution = question.solution()
    result = question.check(solution)
    assert result.correct and result.score == 1.0
    stored = question.answer_to_json(solution)
    assert question.check(question.answer_from_json(stored)).correct
    assert question.solution_text()


@pytest.mark.parametrize("question", BANK.questions, ids=lambda x: x.TYPE)
def test_empty_answer_gets_a_message_not_a_traceback(question):
    empty = {"multiple": set(), "evidence": set(), "true_false": {}, "matching": {},
             "cloze": [], "ordering": []}.get(question.TYPE, "")
    with pytest.raises(AnswerError) as caught:
        question.check(empty)
    assert str(caught.value).endswith((".", ")"))


def test_single_choice_gives_the_chosen_options_feedback():
    question = q("demo-single-non-issue")
    wrong = next(i for i, o in enumerate(question.options) if not o.correct)
    result = question.check(wrong)
    assert not result.correct and result.score == 0
    assert result.feedback == question.options[wrong].feedback
    with pytest.raises(AnswerError, match="not one of the options"):
        question.check(99)


def test_multiple_select_partial_credit_and_penalty():
    question = q("demo-multiple-stage-two")
    right = set(question.solution())
    wrong = set(range(len(question.options))) - right
    one_right = {min(right)}
    assert question.check(one_right).score == pytest.approx(1 / len(right), abs=1e-4)
    with_penalty = one_right | {min(wrong)}
    assert question.check(with_penalty).score == 0
    everything = right | wrong
    result = question.check(everything)
    assert not result.correct and result.score == pytest.approx(
        max(0, (len(right) - len(wrong)) / len(right)), abs=1e-4)
    assert "should not be" in result.feedback


def test_true_false_requires_a_justification_when_asked():
    question = q("demo-true-false-boundaries")
    with pytest.raises(AnswerError, match="justification"):
        question.check({"value": False, "justification": "  "})
    assert question.check({"value": False, "justification": "early 1990s is vague"}).correct
    assert not question.check({"value": True, "justification": "x"}).correct


@pytest.mark.parametrize("text, correct", [("6.26", True), ("6.25", True), ("6.28", True),
                                           ("6.3", False), (" 6.24 ", True), ("7", False),
                                           (6.26, True)])
def test_numeric_tolerance(text, correct):
    assert q("demo-numeric-seven-years").check(text).correct is correct


@pytest.mark.parametrize("text, value", [("6,26", 6.26), ("1,412,875", 1412875.0),
                                         ("-3,5", -3.5), ("12%", 12.0), ("\u22122", -2.0)])
def test_numbers_as_students_type_them(text, value):
    assert questions.parse_number(text) == pytest.approx(value)


def test_numeric_explains_direction_and_rejects_words():
    question = q("demo-numeric-seven-years")
    assert "too high" in question.check("7").feedback
    assert "too low" in question.check("6").feedback
    with pytest.raises(AnswerError, match="not a number"):
        question.check("about six")


def test_numeric_range():
    question = questions.Numeric(id="r", prompt="p", explanation="e", essay_part="x",
                                 range=(1990.0, 1993.0), answer=1992.0)
    assert question.check("1990").correct and question.check("1993").correct
    assert not question.check("1994").correct
    assert "1990 to 1993" in question.solution_text()


@pytest.mark.parametrize("text, correct", [("India", True), ("india", True), (" INDIA. ", True),
                                           ("Inida", False), ("Indiaa", True), ("China", False)])
def test_short_text_normalises_and_tolerates_small_misspellings(text, correct):
    assert q("demo-text-partner").check(text).correct is correct


def test_short_text_tells_about_a_misspelling():
    assert "spelling" in q("demo-text-partner").check("Indiaa").feedback


def test_ordering_partial_credit_by_pairs():
    question = q("demo-ordering-2010")
    assert question.check([0, 1, 2, 3]).score == 1
    assert question.check([3, 2, 1, 0]).score == 0
    swapped = question.check([1, 0, 2, 3])
    assert swapped.score == pytest.approx(5 / 6, abs=1e-4) and not swapped.correct
    assert question.display_order() != [0, 1, 2, 3]
    assert question.display_order() == question.display_order()  # seeded, reproducible


def test_matching_counts_each_pair():
    question = q("demo-matching-actors")
    answer = question.solution()
    answer[0], answer[1] = answer[1], answer[0]
    result = question.check(answer)
    assert result.score == pytest.approx(0.5, abs=1e-4)
    assert result.details[0].startswith(questions.WRONG)
    assert result.details[2].startswith(questions.RIGHT)
    assert set(question.choices()) >= {r for _, r in question.pairs}


def test_cloze_blanks_and_dropdowns():
    question = q("demo-cloze-pivot")
    assert question.check(["Pivot", "Tokyo", "Beijing"]).correct
    result = question.check(["pivot", "Beijing", "Tokyo"])
    assert result.score == pytest.approx(1 / 3, abs=1e-4)
    with pytest.raises(AnswerError, match="1 empty"):
        question.check(["pivot", "Tokyo", ""])
    assert "pivot to Asia was welcomed by Tokyo" in question.solution_text()


def test_a_typed_cloze_blank_forgives_a_misspelling_and_says_so():
    quotes = sj.quiz_bank("07").question("s07-cloze-quotes")  # blank 1 typed, blank 2 a menu
    assert not quotes.blanks[0].options and quotes.blanks[1].options
    result = quotes.check(["posible", "limit"])
    assert result.correct and result.score == 1
    assert result.feedback == ("2 of 2 blanks right. Check the spelling of blank 1: "
                               "\u201cpossible\u201d.")
    assert result.details == ["Blank 1: \u2713 right, misspelled", "Blank 2: \u2713 right"]
    exact = quotes.check(["Possible!", "limit"])
    assert exact.correct and exact.feedback == "2 of 2 blanks right."
    wrong = quotes.check(["probable", "limit"])
    assert wrong.score == 0.5 and "spelling" not in wrong.feedback
    structure = sj.quiz_bank("06").question("s06-structure-cloze")  # three accepted words
    taken = structure.check(["structural", "predestind", "stable"])
    assert taken.correct and "\u201cpredestined\u201d" in taken.feedback


SPELLINGS = ["India", "india", " INDIA. ", "Indiaa", "Inda", "Inida", "Indian", "Idnia",
             "China", "Indonesia", "nonindia", "India 2"]


@pytest.mark.parametrize("typed", SPELLINGS)
def test_a_typed_blank_and_a_short_answer_follow_one_spelling_rule(typed):
    short = q("demo-text-partner")  # accepts India
    planted = questions.Cloze(id="p", prompt="p", explanation="e", essay_part="x",
                              text="A partner: {1}.", blanks=[questions.Blank(["India"], [])])
    as_short, in_blank = short.check(typed), planted.check([typed])
    assert as_short.correct == in_blank.correct
    forgiven = as_short.correct and bool(as_short.feedback)  # a misspelling, forgiven
    assert (as_short.feedback == "Check the spelling: \u201cIndia\u201d.") is forgiven
    assert in_blank.feedback.endswith("Check the spelling of blank 1: \u201cIndia\u201d.") \
        is forgiven


@pytest.mark.parametrize("typed, counts", [
    ("posible", True), ("possibel", True), ("impossible", False), ("possible 2", False)])
def test_a_negated_word_or_another_number_is_never_a_typo(typed, counts):
    quotes = sj.quiz_bank("07").question("s07-cloze-quotes")
    assert quotes.check([typed, "limit"]).correct is counts
    article = questions.ShortText(id="a", prompt="p", explanation="e", essay_part="x",
                                  accept=["Article 9"])
    assert article.check("Artcle 9").correct and not article.check("Article 8").correct


def test_a_dropdown_blank_is_exact():
    planted = questions.Cloze(id="p", prompt="p", explanation="e", essay_part="x",
                              text="Welcomed by {1}.",
                              blanks=[questions.Blank(["Tokyo"], ["Tokyo", "Beijing"])])
    assert planted.check(["Tokyo"]).correct and not planted.check(["Tokio"]).correct
    typed = questions.Cloze(id="p", prompt="p", explanation="e", essay_part="x",
                            text="Welcomed by {1}.", blanks=[questions.Blank(["Tokyo"], [])])
    assert typed.check(["Tokio"]).correct is False  # 0.8 alike: below 0.85
    assert typed.check(["Tokyoo"]).correct


def test_evidence_is_scored_like_multiple_select_in_passage_order():
    question = q("demo-evidence-exchange")
    assert question.display_order() == list(range(len(question.options)))
    assert question.check({2, 3}).correct
    assert question.check({2}).score == pytest.approx(0.5, abs=1e-4)


def test_placement_takes_its_answer_from_the_events_data():
    question = q("demo-placement-australia")
    events = sj.events()
    assert question.solution() == events.loc[question.event, "stage"] == "2"
    assert not question.check("4").correct
    year = questions.Placement.from_dict(
        {"id": "y", "prompt": "p", "explanation": "e", "essay_part": "stage-4",
         "event": question.event, "ask": "year", "tolerance": 1}, fail=pytest.fail,
        context=quiz_banks.bank_context())
    assert year.check("2008").correct and not year.check("2009").correct
    assert "2005 is 2 years early" in year.check("2005").feedback
    year.tolerance = 0
    assert "2006 is 1 year early" in year.check("2006").feedback


def test_placement_is_pure_it_reads_its_event_from_the_context_it_is_given():
    context = questions.BankContext(event_titles={"e1": "An event"}, event_years={"e1": 1990},
                                    event_stages={"e1": "1"}, stage_names={"1": "First",
                                                                           "2": "Second"})
    raw = {"id": "p", "prompt": "p", "explanation": "e", "essay_part": "x", "event": "e1"}
    question = questions.Placement.from_dict(raw, fail=pytest.fail, context=context)
    assert question.check("1").correct and not question.check("2").correct
    assert question.solution_text() == "stage 1 (First)"
    assert question.timeline_event() == "e1" and question.events_concerned() == ["e1"]

    def fail(field, problem):
        raise ValueError(f"{field}: {problem}")

    with pytest.raises(ValueError, match="event: no event 'e2'"):
        questions.Placement.from_dict({**raw, "event": "e2"}, fail=fail, context=context)


def test_reflection_needs_enough_words_and_is_then_saved():
    question = q("demo-reflection-2010")
    with pytest.raises(AnswerError, match="at least 10 words"):
        question.check("Too short.")
    assert question.check(" ".join(["word"] * 12)).correct
    assert question.rubric and question.model_answer


def test_static_html_shows_the_prompt_and_no_answer_and_the_key_shows_both():
    for question in BANK.questions:
        page, key = question.static_html(3), question.answer_key_html(3)
        assert "Question 3." in page and question.prompt.split()[0] in page
        assert "<details" not in page and 'class="sj-key"' not in page
        assert html.escape(question.explanation) not in page
        assert html.escape(question.explanation) in key and 'class="sj-key"' in key


@given(st.text())
def test_normalise_is_idempotent(text):
    assert questions.normalise(questions.normalise(text)) == questions.normalise(text)


@given(st.permutations(list(range(6))))
def test_ordering_score_is_in_range_and_full_only_when_sorted(order):
    question = questions.Ordering(id="o", prompt="p", explanation="e", essay_part="x",
                                  items=[f"item {i}" for i in range(6)])
    result = question.check(order)
    assert 0 <= result.score <= 1
    assert (result.score == 1) == (order == sorted(order)) == result.correct


@given(st.sets(st.integers(min_value=0, max_value=4), min_size=1))
def test_multiple_select_score_is_bounded(picked):
    result = q("demo-multiple-stage-two").check(picked)
    assert 0 <= result.score <= 1
    assert result.correct == (result.score == 1)


# ------------------------------------------------------------------ odd and hostile answers

@pytest.mark.parametrize("typed", ["nan", "inf", "-inf", "1e309", "x" * 10_000_000, "12 34"])
def test_numbers_that_are_not_ordinary_numbers_are_refused_kindly(typed):
    with pytest.raises(AnswerError) as caught:
        q("demo-numeric-seven-years").check(typed)
    assert len(str(caught.value)) < 120  # never echoes a huge answer back


@pytest.mark.parametrize(("typed", "value"), [("4.10 times", 4.1), ("6.26 years", 6.26),
                                               ("30 %", 30.0), ("\u22123", -3.0)])
def test_a_number_with_its_unit_is_read(typed, value):
    assert questions.parse_number(typed) == value


def test_long_text_answers_are_refused_quickly():
    import time

    started = time.perf_counter()
    with pytest.raises(AnswerError, match="longer than this question needs"):
        q("demo-text-partner").check("word " * 2_000_000)
    with pytest.raises(AnswerError, match="not saved"):
        q("demo-reflection-2010").check("word " * 10_000)
    assert time.perf_counter() - started < 1.0


def test_wrong_text_and_placement_answers_say_more_than_not_quite():
    assert "not an answer this question accepts" in q("demo-text-partner").check(
        "Korea").feedback
    placement = q("demo-placement-australia")
    wrong = next(s for s in placement.stage_names if s != placement.event_stage)
    feedback = placement.check(wrong).feedback
    assert f"Not stage {wrong}" in feedback and placement.event_stage not in feedback.split(
        "Not stage")[1][:3]
