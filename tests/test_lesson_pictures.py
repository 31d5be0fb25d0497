"""No picture a lesson draws before a question states that question's answer (issue 19).

Each lesson's code cells are run in order, as a student runs them, except those that show
an interactive (a quiz, a simulation, the final review, the progress widgets, which are
read from the banks instead); what each cell shows is kept. A question is asked at the
first quiz cell that shows it (a later `sj.quiz("08")` shows answered ones again), and the
final review of lesson 09 asks any graded question of lessons 00-08 it can draw.

The rule, for every graded question whose answer is a value (a number, a year, a word):

1. A picture (a chart, a timeline, the explorer's timeline, a table or a DataFrame) drawn
   before the question must not SAY its answer: not in the words drawn on the figure
   (its title, annotations and menus), not in its caption (source, caveats), not in the
   sentences of its text alternative, and not in a table's caption or headers. The values
   a chart plots and its text version lists year by year, and the events a timeline lists
   by date, are the material the question asks the student to read or recall: they are
   not counted. A computed crossing ("China's GDP first exceeds Japan's in 2010") is a
   statement, and is counted.
2. A code exercise asks the student to compute its answer, so the output of its own
   starter cells (the code cells between the previous quiz cell and its quiz) must not
   show the answer anywhere, table cells and index included.

Sentences about which years a series covers (a source's "Coverage: ...", a caveat naming
the missing years) list years, not answers, and are not compared. A statement that holds
an answer's value by coincidence (a year that is an answer elsewhere) is listed in
COINCIDENCES with the reason it answers nothing; the test fails if one is no longer found,
so the list cannot go stale.

An answer matches as a question would accept it: a number anywhere in its accepted range
(followed by its unit when the question has one, e.g. "18%", not "Ages 18+"), a year
within a placement's tolerance, an accepted text or blank as a whole word (any case),
or a code exercise's computed values at the precision shown. Answers that are a choice, an
order, a match or a stage are relations among what the question shows, not values, and
are not compared."""

from __future__ import annotations

import ast
import json
import re
import warnings
from functools import cache

import pandas as pd
import pytest

import sinojapan as sj
from sinojapan.pictures.display import Chart
from sinojapan.pictures.event_explorer import Explorer
from sinojapan.pictures.tables import Table
from sinojapan.quizzes.reviews import candidates, review_banks

from helpers import LESSONS

NOT_RUN = ("sj.quiz(", "sj.scenario(", "sj.final_review(", "sj.progress_chart(",
           "sj.keep_progress(")
COVERAGE = re.compile(r"\bCoverage:|\bmissing\b", re.IGNORECASE)
SENTENCE_END = re.compile(r"(?<=[.;])\s+")
# (question id, the statement's words): why the number in it is not the answer.
COINCIDENCES = {
    ("s08-code-scrambles-peak", "Ages 18+ from FY2016"):
        "the affinity survey's method change: a year of the Cabinet Office survey, not "
        "the fiscal year of the scramble peak",
    ("s08-code-scrambles-peak", "fielded in January 2016 and is labeled 2016"):
        "the affinity survey's fieldwork date, not the fiscal year of the scramble peak",
}
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
DATA_LINE = re.compile(r"^.+?: (?:FY)?\d{4}: ")  # a chart's values, year by year
EVENT_LINE = re.compile(r"^- ")  # a timeline's events, by date
EVENT_HEAD = re.compile(r"^Events from .* in date order \(\d+ events?\):$")  # their span


# ------------------------------------------------------------------ running a lesson

def _quiz_call(node: ast.AST) -> tuple[str, tuple[str, ...]] | None:
    """(bank, question ids) of a `sj.quiz(...)` cell; ("review", ()) for the final review."""
    for call in ast.walk(node):
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute):
            if call.func.attr == "final_review":
                return "review", ()
            if call.func.attr == "quiz":
                args = [ast.literal_eval(a) for a in call.args]
                return str(args[0]), tuple(args[1:])
    return None


@cache
def lesson_run(name: str) -> list[tuple[str, object]]:
    """What a lesson's cells show, in order: ("picture", value), ("starter", value) for a
    picture of the code cells since the last quiz, and ("quiz", (bank, ids))."""
    path = next(p for p in LESSONS if p.name == name)
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    namespace: dict = {}
    shown: list[tuple[str, object]] = []
    since_quiz: list[object] = []
    for cell in cells:
        if cell["cell_type"] != "code":
            continue
        code = "".join(cell["source"])
        tree = ast.parse(code)
        if any(call in code for call in NOT_RUN):
            quiz = _quiz_call(tree)
            if quiz:
                shown.append(("quiz", (quiz, tuple(since_quiz))))
                since_quiz = []
            continue
        last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            exec(compile(tree, str(path), "exec"), namespace)  # noqa: S102 - our lessons
            if last is not None:
                value = eval(compile(ast.Expression(last.value), str(path), "eval"),  # noqa: S307
                             namespace)
                if isinstance(value, (Chart, Table, pd.DataFrame, Explorer)):
                    shown.append(("picture", value))
                if isinstance(value, (Table, pd.DataFrame)):
                    since_quiz.append(value)
    return shown


def asked(name: str) -> list[tuple[object, list[object], list[object]]]:
    """(question, pictures before it, its starter pictures) for every question the lesson
    asks, at the first cell that asks it."""
    found, pictures, done = [], [], set()
    for kind, value in lesson_run(name):
        if kind == "picture":
            pictures.append(value)
            continue
        (bank_id, ids), starters = value
        if bank_id == "review":
            questions = [sj.quiz_bank(b).question(q) for b, q in candidates(review_banks())]
        else:
            bank = sj.quiz_bank(bank_id)
            questions = [bank.question(q) for q in ids] if ids else bank.questions
        for question in questions:
            key = (bank_id, question.id)
            if key not in done and question.GRADED:
                done.add(key)
                found.append((question, list(pictures), list(starters)))
    return found


# ------------------------------------------------------------------ what a picture says

def _figure_words(spec: dict) -> list[str]:
    layout = spec.get("layout", {})
    title = layout.get("title", {})
    words = [title.get("text", "") if isinstance(title, dict) else str(title)]
    words += [a.get("text", "") for a in layout.get("annotations", [])]
    words += [b.get("label", "") for m in layout.get("updatemenus", [])
              for b in m.get("buttons", [])]
    return words


def statements(picture) -> list[str]:
    """What a picture says in words (rule 1): not the values or events it lists."""
    if isinstance(picture, Chart):
        spec = picture._figure if isinstance(picture._figure, dict) \
            else picture.figure.to_plotly_json()
        sentences = [line for line in picture.text.splitlines()
                     if not any(p.match(line) for p in (DATA_LINE, EVENT_LINE, EVENT_HEAD))]
        return _figure_words(spec) + [picture.source, *picture.caveats, *sentences]
    if isinstance(picture, Explorer):
        return _figure_words(picture.figure_spec or {})
    frame = picture.data if isinstance(picture, Table) else picture
    caption = [picture.caption] if isinstance(picture, Table) else []
    names = [frame.index.name, frame.columns.name, *frame.columns]
    return caption + [str(n) for n in names if n is not None]


def everything(picture) -> list[str]:
    """All a picture shows (rule 2), a table's cells and index included."""
    if isinstance(picture, (Table, pd.DataFrame)):
        frame = picture.data if isinstance(picture, Table) else picture
        return statements(picture) + [frame.to_string()]
    return statements(picture) + ([picture.text] if isinstance(picture, Chart) else [])


# ------------------------------------------------------------------ what an answer is

def _numbers(text: str):
    for match in NUMBER.finditer(text):
        yield match, float(match[0].replace(",", ""))


def _says_number(text: str, low: float, high: float, unit: str = "") -> bool:
    for match, value in _numbers(text):
        after = text[match.end():].lstrip()
        if low - 1e-9 <= value <= high + 1e-9 and (
                not unit or after.startswith(unit) or (unit == "%" and after.startswith(
                    "percent"))):
            return True
    return False


def _says_value(text: str, value: float) -> bool:
    """A computed value as shown: an integer exactly, a decimal at its shown precision."""
    for match, shown in _numbers(text):
        decimals = len(match[0].split(".")[1]) if "." in match[0] else 0
        if float(value).is_integer() and decimals == 0:
            if shown == abs(value):
                return True
        elif decimals and round(abs(value), decimals) == shown:
            return True
    return False


def _says_words(text: str, words: list[str]) -> bool:
    return any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text, re.IGNORECASE) for w in words)


def _values(expected) -> list[float]:
    if isinstance(expected, dict):
        return [float(v) for v in expected.values()]
    return [float(expected)]


def states_answer(question, text: str) -> bool:
    """Whether `text` states the question's answer (see the module's docstring); False for
    answers that are relations among what the question shows."""
    kind = question.TYPE
    if kind == "numeric":
        low, high = question.bounds()
        return _says_number(text, low, high, question.unit)
    if kind == "placement" and question.ask == "year":
        year, off = question.event_year, question.tolerance
        return _says_number(text, year - off, year + off)
    if kind == "text":
        return _says_words(text, question.accept)
    if kind == "cloze":
        return any(_says_words(text, blank.accept) for blank in question.blanks
                   if not blank.options)  # a dropdown's options are shown anyway
    if kind == "code":
        return any(_says_value(text, v) for v in _values(question.expected))
    return False


def sentences(texts: list[str]) -> list[str]:
    """The sentences of a picture's statements, without those about coverage."""
    return [s for text in texts for s in SENTENCE_END.split(text) if not COVERAGE.search(s)]


def coincidence(question, text: str) -> bool:
    hit = [key for key in COINCIDENCES if key[0] == question.id and key[1] in text]
    USED.update(hit)
    return bool(hit)


USED: set[tuple[str, str]] = set()


def giveaways(name: str) -> list[str]:
    found = []
    for question, pictures, starters in asked(name):
        for picture in pictures:
            for text in sentences(statements(picture)):
                if states_answer(question, text) and not coincidence(question, text):
                    found.append(f"{name}: {question.id} is answered by a "
                                 f"{type(picture).__name__} before it: {text[:120]!r}")
        if question.TYPE == "code":
            for picture in starters:
                for text in everything(picture):
                    if states_answer(question, text):
                        found.append(f"{name}: {question.id}'s starter cell shows its "
                                     f"answer: {text[:200]!r}")
    return found


# ------------------------------------------------------------------ the tests

@pytest.mark.parametrize("name", [p.name for p in LESSONS])
def test_no_picture_states_the_answer_of_a_question_after_it(name):
    assert giveaways(name) == []


def test_every_listed_coincidence_is_still_found():
    for path in LESSONS:
        giveaways(path.name)
    assert USED == set(COINCIDENCES), f"no longer found: {set(COINCIDENCES) - USED}"


def test_the_walk_reads_every_lesson_quiz_and_picture():
    """The walk itself: every lesson's bank is asked, pictures are found, and the charts
    whose crossing the lessons ask for are among them."""
    for path in LESSONS:
        banks = {question.id.split("-")[0] for question, _, _ in asked(path.name)}
        assert f"s{path.name[:2]}" in banks, path.name
    charts = [p for kind, p in lesson_run("05-wider-relationship.ipynb")
              if kind == "picture" and isinstance(p, Chart)]
    assert len(charts) >= 8
    review = [q for q, _, _ in asked("09-after-2012.ipynb")]
    assert "s02-milex-crossing" in {q.id for q in review}


@pytest.mark.parametrize(("question_id", "picture", "said"), [
    ("s05-gdp-cross", sj.chart("gdp"), True),
    ("s05-gdp-cross", sj.chart("gdp", mark_crossing=False), False),
    ("s05-affinity-2012", sj.chart("affinity"), False),  # "Ages 18+" is not "18%"
    ("s05-gdp-cross", sj.table(pd.DataFrame({"GDP": [1.0]}), "passes in 2010"), True),
], ids=["crossing-marked", "crossing-left-out", "unit", "caption"])
def test_the_rule_catches_a_stated_answer_and_only_that(question_id, picture, said):
    question = sj.quiz_bank(question_id[1:3]).question(question_id)
    assert any(states_answer(question, t) for t in statements(picture)) is said


def test_a_code_exercise_starter_must_not_show_the_computed_answer():
    question = sj.quiz_bank("08").question("s08-code-milex-crossing")
    spend = sj.series("milex").pivot(index="year", columns="iso3",
                                     values="milex_constant2023_usd_million")
    around = sj.table(spend[["CHN", "JPN"]].loc[1995:2002], "Million constant 2023 US dollars")
    before = sj.table(spend[["CHN", "JPN"]].loc[1989:1993], "Million constant 2023 US dollars")
    assert any(states_answer(question, t) for t in everything(around))
    assert not any(states_answer(question, t) for t in everything(before))
