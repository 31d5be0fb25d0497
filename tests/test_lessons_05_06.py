"""Lessons 05 and 06: their question banks cover the essay's parts, answers taken from
the data still match the data, and every event they name exists."""

from __future__ import annotations

from collections import Counter

import pytest

import sinojapan

BANKS = ("05", "06")
MIN_PER_PART = 3
COVERAGE = {
    "05": ["wider-perception", "wider-exchange", "wider-multilateral", "wider-rise"],
    "06": ["next-step-structure", "rec-1-dialogue", "rec-2-actions", "rec-3-coordination",
           "cooperative-multilateralism"],
}


def by_year(series_id: str, column: str, **keys) -> dict[int, float]:
    """One value column of a series as {year: value}, for the rows matching `keys`."""
    frame = sinojapan.series(series_id)
    year = sinojapan.series_info(series_id)["time"]
    for key, value in keys.items():
        frame = frame[frame[key] == value]
    return dict(zip(frame[year].astype(int), frame[column], strict=True))


def first_year_ahead(series_id: str, column: str, leader: str, other: str) -> int:
    """The first year in which `leader`'s value exceeds `other`'s (by iso3)."""
    ahead, behind = (by_year(series_id, column, iso3=code) for code in (leader, other))
    return min(y for y in ahead.keys() & behind.keys() if ahead[y] > behind[y])


def pct_change(values: dict[int, float], start: int, end: int) -> float:
    return round((values[end] / values[start] - 1) * 100, 1)


def years_between(first: str, last: str) -> float:
    dates = sinojapan.events()["date"]
    return round((dates[last] - dates[first]).days / 365.25, 1)


# Every numeric question of the two banks, recomputed from the data its answer comes from.
RECOMPUTE = {
    "s05-affinity-2012": lambda: by_year("affinity", "feel_affinity_pct")[2012],
    "s05-visitors-growth": lambda: pct_change(
        by_year("visitors", "visitors_from_china_persons"), 2009, 2010),
    "s05-milex-rise": lambda: pct_change(
        by_year("milex", "milex_constant2023_usd_million", iso3="USA"), 2001, 2010),
    "s05-gdp-cross": lambda: first_year_ahead("gdp", "gdp_current_usd", "CHN", "JPN"),
    "s06-milex-ratio": lambda: round(
        by_year("milex", "milex_constant2023_usd_million", iso3="CHN")[2012]
        / by_year("milex", "milex_constant2023_usd_million", iso3="JPN")[2012], 1),
    "s06-scrambles-ratio": lambda: round(
        by_year("scrambles", "scrambles_vs_chinese_aircraft")[2011]
        / by_year("scrambles", "scrambles_vs_chinese_aircraft")[2009], 1),
    "s06-hotline-years": lambda: years_between(
        "1998-11-26-third-political-document-government",
        "2023-03-31-japan-china-defense-hotline"),
}

# Figures that questions quote in their text, with the data they come from.
QUOTED = {
    "s05-visitors-growth": lambda: [by_year("visitors", "visitors_from_china_persons")[y]
                                    for y in (2009, 2010)],
    "s05-visitors-2011": lambda: [by_year("visitors", column)[y]
                                  for column in ("visitors_from_china_persons",
                                                 "all_visitors_persons")
                                  for y in (2010, 2011)],
    "s05-milex-rise": lambda: [by_year("milex", "milex_constant2023_usd_million",
                                       iso3="USA")[y] for y in (2001, 2010)],
    "s06-scrambles-ratio": lambda: [by_year("scrambles", "scrambles_vs_chinese_aircraft")[y]
                                    for y in (2009, 2011)],
}


def questions(bank_id: str) -> list:
    return sinojapan.quiz_bank(bank_id).questions


def all_questions() -> list:
    return [q for bank_id in BANKS for q in questions(bank_id)]


@pytest.mark.parametrize("bank_id", BANKS)
def test_bank_covers_each_part_of_its_section(bank_id):
    counts = Counter(q.essay_part for q in questions(bank_id))
    for part in COVERAGE[bank_id]:
        assert counts[part] >= MIN_PER_PART, f"{bank_id}: {part} has {counts[part]} question(s)"
    assert set(counts) <= set(COVERAGE[bank_id]), f"{bank_id}: parts outside its section"


@pytest.mark.parametrize("bank_id", BANKS)
def test_bank_mixes_types_and_ends_with_a_reflection(bank_id):
    bank = questions(bank_id)
    assert len({q.TYPE for q in bank}) >= 4
    assert bank[-1].TYPE == "reflection"
    assert bank[-1].model_answer and bank[-1].rubric


@pytest.mark.parametrize("question", all_questions(), ids=lambda q: q.id)
def test_explanation_cites_a_paragraph(question):
    assert "paragraph" in question.explanation.lower()


def test_every_numeric_question_is_recomputed():
    numeric = {q.id for q in all_questions() if q.TYPE == "numeric"}
    assert numeric == set(RECOMPUTE)


@pytest.mark.parametrize("question_id", sorted(RECOMPUTE))
def test_numeric_answer_matches_the_data(question_id):
    question = next(q for q in all_questions() if q.id == question_id)
    assert question.answer == RECOMPUTE[question_id]()


@pytest.mark.parametrize("question_id", sorted(QUOTED))
def test_figures_quoted_in_a_question_match_the_data(question_id):
    question = next(q for q in all_questions() if q.id == question_id)
    text = " ".join([question.prompt, question.explanation, *question.hints])
    for value in QUOTED[question_id]():
        figure = f"{value:,.1f}".removesuffix(".0")
        assert figure in text, f"{question_id}: {figure} not quoted"


def test_every_event_id_exists():
    known = set(sinojapan.events().index)
    for question in all_questions():
        missing = set(question.events) - known
        assert not missing, f"{question.id}: unknown events {sorted(missing)}"
        if question.TYPE == "placement":
            assert question.event in known
