"""Every lesson's question bank, checked by one set of rules: each lesson calls its bank,
every part of the essay is checked, banks mix types and end with a reflection,
explanations cite the essay, and every figure taken from the data matches the data."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest

import sinojapan as sj

from helpers import LESSONS

LESSON_BANKS = sorted(b for b in sj.quiz_bank_ids() if re.fullmatch(r"\d\d", b))
MIN_QUESTIONS, MIN_TYPES, MIN_PER_PART = 5, 4, 3
# Questions whose answer is a fact about the essay or the data, not an argument in a
# paragraph: their explanations cite where the fact comes from instead.
CITES_NO_PARAGRAPH = {
    "s00-publisher": "the essay's publication",
    "s00-dates-ours": "the module's own reading of the stages",
    "s00-last-section": "the essay's section headings",
    "s01-ordering": "dates from events.csv",
    "s04-ordering-partners": "dates from events.csv",
    "s04-scrambles": "a Joint Staff series",
    "s07-affinity-2010": "a Cabinet Office series",
}


def lesson_questions() -> list:
    return [q for bank_id in LESSON_BANKS for q in sj.quiz_bank(bank_id).questions]


def by_year(series_id: str, column: str, **keys) -> dict[int, float]:
    """One value column of a series as {year: value}, for the rows matching `keys`."""
    frame = sj.series(series_id)
    year = sj.series_info(series_id)["time"]
    for key, value in keys.items():
        frame = frame[frame[key] == value]
    return dict(zip(frame[year].astype(int), frame[column], strict=True))


def first_year_ahead(series_id: str, column: str, leader: str, other: str) -> int:
    """The first year in which `leader`'s value exceeds `other`'s (by iso3)."""
    ahead, behind = (by_year(series_id, column, iso3=code) for code in (leader, other))
    return min(y for y in ahead.keys() & behind.keys() if ahead[y] > behind[y])


def pct_change(values: dict[int, float], start: int, end: int) -> float:
    return round((values[end] / values[start] - 1) * 100, 1)


def years_between(first: str, last: str, digits: int = 1) -> float:
    dates = sj.events()["date"]
    return round((dates[last] - dates[first]).days / 365.25, digits)


MILEX = "milex_constant2023_usd_million"
SCRAMBLES = "scrambles_vs_chinese_aircraft"
# Every numeric question of every lesson, recomputed from the data its answer comes from.
RECOMPUTE = {
    "s01-seven-years": lambda: years_between("1972-09-29-japan-china-joint-communique",
                                             "1979-01-01-united-states-prc-establish", 2),
    "s02-milex-crossing": lambda: first_year_ahead("milex", MILEX, "CHN", "JPN"),
    "s04-scrambles": lambda: by_year("scrambles", SCRAMBLES)[2012],
    "s05-affinity-2012": lambda: by_year("affinity", "feel_affinity_pct")[2012],
    "s05-visitors-growth": lambda: pct_change(
        by_year("visitors", "visitors_from_china_persons"), 2009, 2010),
    "s05-milex-rise": lambda: pct_change(by_year("milex", MILEX, iso3="USA"), 2001, 2010),
    "s05-gdp-cross": lambda: first_year_ahead("gdp", "gdp_current_usd", "CHN", "JPN"),
    "s06-milex-ratio": lambda: round(by_year("milex", MILEX, iso3="CHN")[2012]
                                     / by_year("milex", MILEX, iso3="JPN")[2012], 1),
    "s06-scrambles-ratio": lambda: round(by_year("scrambles", SCRAMBLES)[2011]
                                         / by_year("scrambles", SCRAMBLES)[2009], 1),
    "s06-mechanism-years": lambda: years_between(
        "2008-04-21-talks-open-maritime-communication",
        "2018-06-08-maritime-aerial-communication-mechanism"),
    "s07-affinity-2010": lambda: by_year("affinity", "feel_affinity_pct")[2010],
    "s09-scramble-peak": lambda: max(
        (count, year) for year, count in by_year("scrambles", SCRAMBLES).items())[1],
    "s09-milex-2024": lambda: round(by_year("milex", MILEX, iso3="CHN")[2024]
                                    / by_year("milex", MILEX, iso3="JPN")[2024], 1),
}

# Figures that questions quote in their text, with the data they come from.
QUOTED = {
    "s04-scrambles": lambda: [by_year("scrambles", SCRAMBLES)[y] for y in (2009, 2012)],
    "s05-visitors-growth": lambda: [by_year("visitors", "visitors_from_china_persons")[y]
                                    for y in (2009, 2010)],
    "s05-visitors-2011": lambda: [by_year("visitors", column)[y]
                                  for column in ("visitors_from_china_persons",
                                                 "all_visitors_persons")
                                  for y in (2010, 2011)],
    "s05-milex-rise": lambda: [by_year("milex", MILEX, iso3="USA")[y] for y in (2001, 2010)],
    "s06-scrambles-ratio": lambda: [by_year("scrambles", SCRAMBLES)[y] for y in (2009, 2011)],
    "s07-affinity-2010": lambda: [by_year("affinity", "feel_affinity_pct")[y]
                                  for y in (2009, 2010)],
    "s09-scramble-peak": lambda: [by_year("scrambles", SCRAMBLES)[y] for y in (2012, 2016)],
}


def find(question_id: str):
    return next(q for q in lesson_questions() if q.id == question_id)


def test_every_lesson_has_a_bank_and_calls_it():
    for path in LESSONS:
        number = path.name[:2]
        assert number in LESSON_BANKS, f"no data/quizzes/{number}.yaml"
        source = "\n".join("".join(c["source"]) for c in json.loads(path.read_text())["cells"]
                           if c["cell_type"] == "code")
        assert f'sj.quiz("{number}")' in source, path.name


def test_every_part_of_the_essay_has_enough_questions():
    counts = Counter(q.essay_part for q in lesson_questions())
    thin = {part: counts[part] for part in sj.essay_parts().index
            if counts[part] < MIN_PER_PART}
    assert thin == {}, thin


@pytest.mark.parametrize("bank_id", LESSON_BANKS)
def test_bank_mixes_types_and_ends_with_a_reflection(bank_id):
    questions = sj.quiz_bank(bank_id).questions
    assert len(questions) >= MIN_QUESTIONS
    assert len({q.TYPE for q in questions}) >= MIN_TYPES
    last = questions[-1]
    assert not last.GRADED and last.model_answer and last.rubric


@pytest.mark.parametrize("question", lesson_questions(), ids=lambda q: q.id)
def test_explanation_cites_a_paragraph_or_its_source(question):
    cites = "paragraph" in question.explanation.lower()
    assert cites != (question.id in CITES_NO_PARAGRAPH), question.explanation


def test_every_numeric_question_is_recomputed_from_the_data():
    numeric = {q.id for q in lesson_questions() if q.TYPE == "numeric"}
    assert numeric == set(RECOMPUTE)


@pytest.mark.parametrize("question_id", sorted(RECOMPUTE))
def test_numeric_answer_matches_the_data(question_id):
    assert find(question_id).answer == RECOMPUTE[question_id]()


@pytest.mark.parametrize("question_id", sorted(QUOTED))
def test_figures_quoted_in_a_question_match_the_data(question_id):
    question = find(question_id)
    text = " ".join([question.prompt, question.explanation, *question.hints])
    for value in QUOTED[question_id]():
        figure = f"{value:,.1f}".removesuffix(".0")
        assert figure in text or f"{value:.0f}" in text, f"{question_id}: {figure} not quoted"


def test_placement_answers_come_from_the_events():
    events = sj.events()
    placements = [q for q in lesson_questions() if q.timeline_event()]
    assert placements
    for question in placements:
        assert question.event_stage == events.loc[question.event, "stage"]
        assert question.event_year == events.loc[question.event, "date"].year


def test_lesson_09_asks_about_each_of_the_three_recommendations_after_2012():
    questions = sj.quiz_bank("09").questions
    parts = {q.essay_part for q in questions}
    assert {"rec-1-dialogue", "rec-2-actions", "rec-3-coordination"} <= parts
    events = sj.events()
    cited = {e for q in questions for e in q.events}
    assert any(events.loc[e, "stage"] == "post" for e in cited)


def test_the_right_option_of_a_dropdown_blank_is_not_always_in_one_place():
    """Cloze dropdowns are shuffled once per question and blank, as choice options are,
    and every surface (widget, static page, guide, LMS) shows that one order."""
    positions = []
    for question in lesson_questions():
        if question.TYPE != "cloze":
            continue
        for number, (blank, right) in enumerate(zip(question.blanks, question.solution(),
                                                    strict=True), start=1):
            if blank.options:
                shown = question.shown_options(number)
                assert sorted(shown) == sorted(blank.options), question.id
                positions.append(shown.index(right))
    assert len(positions) >= 3, "the lessons' dropdown blanks were not found"
    assert len(set(positions)) >= 2, f"the right option's positions: {positions}"
    assert positions.count(0) <= len(positions) // 2, f"mostly first: {positions}"
