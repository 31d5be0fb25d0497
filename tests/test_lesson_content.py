"""The lessons' content: every part of the essay is taught and checked, and answers taken
from data stay in step with the data."""

from __future__ import annotations

import json
import re
from collections import defaultdict

import pytest

import sinojapan as sj

from helpers import LESSONS

LESSON_BANKS = sorted(b for b in sj.quiz_bank_ids() if re.fullmatch(r"\d\d", b))


def lesson_number(path) -> str:
    return path.name[:2]


def test_every_lesson_has_a_bank_and_calls_it():
    for path in LESSONS:
        number = lesson_number(path)
        assert number in LESSON_BANKS, f"no data/quizzes/{number}.yaml"
        source = "\n".join("".join(c["source"]) for c in json.loads(path.read_text())["cells"]
                           if c["cell_type"] == "code")
        assert f'sj.quiz("{number}")' in source, path.name


def coverage() -> dict[str, list[str]]:
    table = defaultdict(list)
    for bank_id in LESSON_BANKS:
        for question in sj.quiz_bank(bank_id).questions:
            table[question.essay_part].append(f"{bank_id}/{question.id}")
    return table


def test_every_part_of_the_essay_has_at_least_three_questions():
    table = coverage()
    thin = {part: table.get(part, []) for part in sj.essay_parts().index
            if len(table.get(part, [])) < 3}
    assert thin == {}, thin


@pytest.mark.parametrize("bank_id", LESSON_BANKS)
def test_lesson_banks_use_several_types_and_end_with_a_reflection(bank_id):
    bank = sj.quiz_bank(bank_id)
    assert len(bank.questions) >= 5
    assert len({q.TYPE for q in bank.questions}) >= 3
    assert bank.questions[-1].TYPE == "reflection"


def test_answers_taken_from_data_match_the_data():
    milex = sj.series("milex").pivot(index="year", columns="iso3",
                                     values="milex_constant2023_usd_million")
    first_year_china_above_japan = int(milex[milex["CHN"] > milex["JPN"]].index.min())
    assert sj.quiz_bank("02").question("s02-milex-crossing").answer == \
        first_year_china_above_japan

    scrambles = sj.series("scrambles").set_index("fiscal_year_starting_april")
    assert sj.quiz_bank("04").question("s04-scrambles").answer == \
        scrambles.loc[2012, "scrambles_vs_chinese_aircraft"]

    events = sj.events()
    days = (events.loc["1979-01-01-united-states-prc-establish", "date"]
            - events.loc["1972-09-29-japan-china-joint-communique", "date"]).days
    assert days == 2285
    assert sj.quiz_bank("01").question("s01-seven-years").answer == round(days / 365.25, 2)
