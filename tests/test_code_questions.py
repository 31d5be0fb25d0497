"""Code exercises: the `code` type's pure grading, its input that reads the kernel's
namespace, saving and restoring, and lesson 08's checks run against their worked
solutions and against plausible wrong answers."""

from __future__ import annotations

import math
import re
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
import yaml
from test_quiz_banks import bank_folder, broken, says  # noqa: F401  (fixture)

import sinojapan as sj
from sinojapan.content import exercise_answers, files
from sinojapan.instructor import guide_parts
from sinojapan.progress.store import Progress
from sinojapan.question_types import AnswerError, NotAnswered
from sinojapan.question_types import code as code_type
from sinojapan.quizzes import lesson_quiz as quiz_module

from helpers import REPO

CODE_QUESTIONS = [q for q in sj.quiz_bank("08").questions if q.TYPE == "code"]
DEMO = "demo-code-milex-crossing"


def question(question_id: str = DEMO):
    bank = "demo" if question_id.startswith("demo") else "08"
    return sj.quiz_bank(bank).question(question_id)


def run_worked_solution(q) -> object:
    """Run a question's worked solution as a student's cell would, and return what it
    leaves under the question's name."""
    namespace = {"sj": sj}
    exec(q.worked_solution, namespace)  # the bank's own text, shown to students
    return namespace[q.variable]


def student_value(q, value):
    """What the quiz's input hands over for `value`: a function is called as it would be."""
    if q.call_with:
        return {argument: value(argument) for argument in q.call_with}
    return value


# ------------------------------------------------------------------ pure grading

@pytest.mark.parametrize("given", [1999, 1999.0, np.int64(1999), np.float64(1999), np.array(1999),
                                   pd.Series([1999]).iloc[0]], ids=repr)
def test_one_number_in_any_numeric_class_is_read(given):
    assert question().check(given).correct


def test_a_wrong_year_says_which_way_and_a_known_slip_says_what_went_wrong():
    q = question()
    assert q.check(1998).feedback == "1998 is too low." and not q.check(1998).correct
    slip = q.check(exercise_answers.ANSWERS["milex-crossing-current"]())
    assert not slip.correct and "current US dollars" in slip.feedback


@pytest.mark.parametrize("given, says_", [
    (float("nan"), "NaN (a missing value)"),
    (float("inf"), "infinite"),
    (np.float64("nan"), "NaN"),
    (None, "is None"),
    (True, "is True, not a number"),
    ("1999", "is text"),
    ([1999, 2006], "holds 2 values"),
    (pd.Series([1999, 2006]), "holds 2 values"),
    (pd.DataFrame({"CHN": [1.0], "JPN": [2.0]}), "is a table"),
    (np.array([1999, 2006]), "holds 2 values"),
    (pd.Series([1999]), "holds 1 value;"),
    (object(), "is of type object, not one number"),
    (NotAnswered("Not answered yet: run your cell."), "Not answered yet"),
], ids=lambda v: type(v).__name__ if not isinstance(v, str) else v[:12])
def test_values_that_are_not_one_number_are_refused_with_a_reason(given, says_):
    with pytest.raises(AnswerError) as caught:
        question().check(given)
    assert says_ in str(caught.value)


def test_a_mapping_is_graded_key_by_key_with_partial_credit():
    q = question("s08-code-ships-per-month")
    right = dict(q.expected)
    assert q.check(pd.Series({2012: right["2012"], 2013: right["2013"]})).correct
    assert q.check({2012.0: right["2012"] + 0.04, "2013": right["2013"]}).correct  # tolerance
    half = q.check({2012: right["2012"] + 1, 2013: right["2013"]})
    assert half.score == 0.5 and not half.correct
    assert any("2012" in d and "too high" in d for d in half.details)


@pytest.mark.parametrize("given, says_", [
    ({2012: 19.75}, "none for 2013"),
    ({2012: 19.75, 2013: 19.3, 2014: 20.0}, "also has 2014"),
    ({2012: float("nan"), 2013: 19.3}, "value for 2012 is NaN"),
    ({2012: 19.75, 2013: float("inf")}, "infinite"),
    (19.75, "one value per key"),
    ([19.75, 19.3], "not a single list"),
    (pd.Series(range(300)), "holds 300 values"),
], ids=["missing", "extra", "nan", "inf", "number", "list", "huge"])
def test_a_mapping_of_the_wrong_shape_is_refused(given, says_):
    with pytest.raises(AnswerError) as caught:
        question("s08-code-ships-per-month").check(given)
    assert says_ in str(caught.value)


def test_answers_are_saved_as_plain_json_and_read_back():
    q = question("s08-code-visitors-share")
    series = pd.Series(q.expected).rename(index=int)
    stored = q.answer_to_json(series)
    assert stored == q.expected and all(isinstance(k, str) for k in stored)
    assert q.check(q.answer_from_json(stored)).correct
    assert q.answer_text(stored).startswith("china_share = 2009: 14.82; 2010: 16.41")


def test_the_static_form_and_solution_show_the_code_escaped():
    q = question("s08-code-trade-change")
    page = q.static_html()  # the student's form: what to write, never the solution
    assert "<code>trade_change</code>" in page and "calls it with 2009, 2011, 2012, 2013" in page
    assert "def trade_change(year):" not in page
    key = q.answer_key_html()  # the guide's: the worked solution, escaped
    assert "def trade_change(year):" in key and "&quot;trade_mof&quot;" in key
    assert "sj.series(\"trade_mof\")" not in key


# ------------------------------------------------------------------ one rounding

NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.(\d+))?(?![\w.])")


def decimals_shown(text: str) -> set[int]:
    """How many decimals each number of `text` that is not a whole number has."""
    return {len(match[1]) for match in NUMBER.finditer(text) if match[1]}


@pytest.mark.parametrize("q", CODE_QUESTIONS, ids=lambda q: q.id)
def test_a_wrong_answer_shows_given_and_expected_with_the_same_rounding(q):
    def wrong(value):
        return value + 3 * q.tolerance + 0.123456

    given = ({k: wrong(v) for k, v in q.expected.items()} if isinstance(q.expected, dict)
             else wrong(q.expected))
    result = q.check(given)
    assert not result.correct
    decimals = code_type.tolerance_decimals(q.tolerance)
    expected_text, given_text = q.solution_text().split(". A worked")[0], q.answer_text(given)
    feedback = " ".join([result.feedback, *result.details])
    for text in (expected_text, given_text, feedback):
        assert decimals_shown(text) <= {decimals}, text
    assert decimals_shown(given_text) == decimals_shown(feedback) == {decimals}
    first = next(iter(q.expected)) if isinstance(q.expected, dict) else None
    shown = q.figure(given[first] if first else given)
    assert shown in feedback and shown in given_text  # the same number, the same way


def test_a_tolerance_sets_the_decimals_of_every_number_the_question_shows():
    planted = replace(question(), expected=2.7812, tolerance=0.05, mistakes=[])
    assert planted.check(3.14159).feedback == "3.14 is too high."
    assert planted.check(2.5).feedback == "2.50 is too low."
    assert planted.key_line() == "crossing_year = 2.78"
    assert planted.answer_text(3.14159) == "crossing_year = 3.14"
    exact = replace(question(), expected=2.78, tolerance=0, mistakes=[])
    assert exact.check(2.781).feedback == "2.781 is too high."  # never shown as 2.78
    assert question().check(1998.0).feedback == "1998 is too low."  # a year stays a year


@pytest.mark.parametrize("tolerance, decimals", [(0, 2), (0.05, 2), (0.01, 2), (0.5, 1),
                                                 (2, 0), (0.25, 2), (0.001, 3)])
def test_the_decimals_are_those_the_tolerance_is_written_with(tolerance, decimals):
    assert code_type.tolerance_decimals(tolerance) == decimals


@pytest.mark.parametrize("value, text", [(19.3, "19.30"), (19.0, "19"), (-0.001, "0.00"),
                                         (-21.987, "-21.99"), (3.2e13, "3.200e+13")])
def test_one_number_is_written_one_way(value, text):
    assert code_type.number_text(value, 2) == text


def test_the_teacher_guide_shows_the_code_checks_with_the_same_rounding():
    section = guide_parts.code_checks_section([sj.quiz_bank("08")])
    assert "2012: 19.75; 2013: 19.33" in section and "2012: 6.58; 2013: 19.33" in section
    assert "\u00b1 0.05" in section and "\u00b1 0.01" in section and "exact" in section


# ------------------------------------------------------------------ lesson 08's checks

@pytest.mark.parametrize("q", CODE_QUESTIONS, ids=lambda q: q.id)
def test_each_check_accepts_its_worked_solution(q):
    result = q.check(student_value(q, run_worked_solution(q)))
    assert result.correct and result.score == 1.0


@pytest.mark.parametrize("q", CODE_QUESTIONS, ids=lambda q: q.id)
def test_each_check_refuses_its_known_slips_with_their_feedback(q):
    assert q.mistakes, f"{q.id}: no known slip to teach from"
    for mistake in q.mistakes:
        result = q.check(mistake.value)
        assert not result.correct and result.feedback == mistake.feedback


@pytest.mark.parametrize("q", CODE_QUESTIONS, ids=lambda q: q.id)
def test_each_check_refuses_a_near_miss_and_a_rounded_value_of_the_wrong_size(q):
    def shifted(value, by):
        return ({k: v + by for k, v in value.items()} if isinstance(value, dict)
                else value + by)

    assert not q.check(shifted(q.expected, max(1.0, 3 * q.tolerance))).correct
    assert q.check(shifted(q.expected, q.tolerance * 0.9)).correct
    if isinstance(q.expected, dict):  # one wrong value is partly right, never right
        key = next(iter(q.expected))
        result = q.check({**q.expected, key: q.expected[key] * 2 + 1})
        assert 0 < result.score < 1 and not result.correct


def test_the_expected_answers_are_the_datas_not_typed_numbers():
    milex = sj.series("milex").pivot(index="year", columns="iso3",
                                     values="milex_constant2023_usd_million")
    ahead = milex.index[milex["CHN"] > milex["JPN"]]
    assert question("s08-code-milex-crossing").expected == ahead[0]
    months = sj.series("senkaku_ships_monthly").query("year == 2012")
    assert math.isclose(question("s08-code-ships-per-month").expected["2012"],
                        months["contiguous_zone_days"].sum() / len(months))
    bank = (REPO / "data" / "quizzes" / "08.yaml").read_text(encoding="utf-8")
    for q in CODE_QUESTIONS:
        entry = next(e for e in yaml.safe_load(bank)["questions"] if e["id"] == q.id)
        assert not {"answer", "expected", "range"} & set(entry), q.id


# ------------------------------------------------------------------ bank errors

def test_a_corrected_series_changes_the_answers_after_a_reload(bank_folder):  # noqa: F811
    # Answers are computed once per load (a bank may ask for one many times), never kept
    # past `clear_cache()`, which is how a corrected data file reaches a running kernel.
    name = "affinity-change-points"

    def change_into_2004() -> float:
        return exercise_answers.computed_answers([name])[name]["2004"]

    before = change_into_2004()
    path = bank_folder / "series" / "japan_affinity_toward_china_cabinet_office.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("\n2004,2004-10,37.6,",
                                                             "\n2004,2004-10,40.6,"),
                    encoding="utf-8")
    assert change_into_2004() == before
    files.clear_cache()
    assert change_into_2004() == pytest.approx(before + 3)
    exercise_answers.computed_answers([name])[name]["2004"] = 0  # a caller's own copy
    assert change_into_2004() == pytest.approx(before + 3)


def test_an_unknown_computed_answer_is_named(bank_folder):  # noqa: F811
    message = broken(bank_folder, lambda b, q: q[DEMO].update(answer_from="milex-crossing"))
    says(message, "demo.yaml", DEMO, "field 'answer_from'", "no computed answer "
         "'milex-crossing'", "milex-crossing-constant")


def test_an_unknown_slip_names_its_place_in_the_list(bank_folder):  # noqa: F811
    message = broken(bank_folder, lambda b, q: q[DEMO]["mistakes"][0].update(
        answer_from="nothing"))
    says(message, DEMO, "field 'mistakes[0].answer_from'", "'nothing'")


@pytest.mark.parametrize("change, field, fragment", [
    (lambda e: e.update(variable="crossing year"), "variable", "not a Python name"),
    (lambda e: e.pop("solution"), "solution", "missing"),
    (lambda e: e.update(call_with=[2010]), "answer_from", "one value for each of call_with"),
    (lambda e: e.update(tolerance=-1), "tolerance", "0 or more"),
])
def test_a_malformed_code_question_names_the_field(bank_folder, change, field,  # noqa: F811
                                                   fragment):
    message = broken(bank_folder, lambda b, q: change(q[DEMO]))
    says(message, DEMO, f"field '{field}'", fragment)


# ------------------------------------------------------------------ the widget

@pytest.fixture
def store(tmp_path):
    return Progress(tmp_path / "progress.json")


def view_of(question_id: str, store: Progress, namespace: dict):
    bank = "demo" if question_id.startswith("demo") else "08"
    view = quiz_module.quiz(bank, question_id, progress=store).views[0]
    view.input.namespace = namespace
    return view


def test_check_before_the_code_has_run_says_not_answered_yet_and_counts_nothing(store):
    view = view_of(DEMO, store, {})
    assert view.submit() is None
    assert "Not answered yet" in view.feedback.value and "crossing_year" in view.feedback.value
    assert view.attempts == 0 and store.get("demo", DEMO) is None


def test_the_students_variable_is_read_checked_shown_and_saved(store):
    namespace = {}
    view = view_of(DEMO, store, namespace)
    namespace["crossing_year"] = np.int64(2006)  # the current-dollar slip
    view.submit()
    assert "Not quite." in view.feedback.value and "current US dollars" in view.feedback.value
    assert "crossing_year = 2006" in view.state()["input"]["last"]  # shown under the question
    namespace["crossing_year"] = 1999
    view.submit()
    assert "Correct." in view.feedback.value and "1999" in view.feedback.value
    record = store.get("demo", DEMO)
    assert record["answer"] == 1999.0 and record["attempts"] == 2 and record["correct"]


def test_a_function_is_called_and_its_failure_is_reported(store):
    namespace = {}
    view = view_of("s08-code-trade-change", store, namespace)
    namespace["trade_change"] = 12
    view.submit()
    assert "should be a function" in view.feedback.value
    namespace["trade_change"] = lambda year: 1 / 0
    view.submit()
    assert "Calling trade_change(2009) raised ZeroDivisionError" in view.feedback.value
    namespace["sj"] = sj
    exec(view.question.worked_solution, namespace)
    assert view.submit().correct and view.attempts == 1


def test_a_restart_restores_the_result_and_the_feedback_without_the_kernels_names(store):
    first = view_of("s08-code-ships-per-month", store, {"days_per_month": {2012: 6.58,
                                                                           2013: 19.33}})
    first.submit()
    assert "only four months" in first.feedback.value
    again = view_of("s08-code-ships-per-month", Progress(store.path), {})  # a new kernel
    assert again.feedback.value == first.feedback.value
    assert "2012: 6.58" in again.state()["input"]["last"] and again.attempts == 1
    assert again.submit() is None and "Not answered yet" in again.feedback.value


def test_show_answer_reveals_the_worked_solution_as_code(store):
    view = view_of(DEMO, store, {"crossing_year": 1990})
    view.submit()
    view.submit()
    shown = view.show_answer()
    assert "crossing_year</code> = 1999" in shown
    assert "white-space: pre-wrap" in shown and "dropna()" in shown


def test_the_saved_answer_reads_as_words_in_the_class_report(store):
    view = view_of("s08-code-scrambles-peak", store, {
        "scramble_peak": {"fiscal_year": 2016, "scrambles": 851, "times_fy2012": 0.36}})
    view.submit()
    stored = store.get("08", "s08-code-scrambles-peak")["answer"]
    assert view.question.stored_answer_text(stored) == (
        "scramble_peak = fiscal_year: 2016; scrambles: 851; times_fy2012: 0.36")


def test_answers_reach_the_namespace_only_through_the_students_code(store):
    namespace = {"crossing_year": 1999}
    view_of(DEMO, store, namespace).submit()
    view_of(DEMO, Progress(store.path), namespace)  # re-running the quiz cell
    assert namespace == {"crossing_year": 1999}
    files.clear_cache()


def figure(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{abs(value):.1f}"


@pytest.mark.parametrize("q", CODE_QUESTIONS, ids=lambda q: q.id)
def test_the_figures_an_explanation_gives_are_the_computed_ones(q):
    values = q.expected.values() if isinstance(q.expected, dict) else [q.expected]
    for value in values:
        assert figure(value) in q.explanation, f"{q.id}: {figure(value)} not in the explanation"


def test_a_question_shown_on_its_own_has_a_section_heading_and_no_number(store):
    alone = quiz_module.quiz("08", "s08-code-milex-crossing", progress=store).views[0]
    drawn = alone.state()
    assert (drawn["heading"], drawn["label"]) == ("h3", "Question")
    drawn = quiz_module.quiz("08", progress=store).views[0].state()
    assert (drawn["heading"], drawn["label"]) == ("h4", "Question 1")
