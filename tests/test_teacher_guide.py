"""The teacher guide (tasks.py guide): built from the content files, every answer in it,
and clear one-line errors when the instructor-only notes or a notebook are malformed."""

from __future__ import annotations

import html
import json
import shutil
import subprocess
import sys

import pytest
import yaml

import sinojapan as sj
from sinojapan.content import files
from sinojapan.course.banks import QuizBank
from sinojapan.course.outline import outline, outlines, shown_by
from sinojapan.course.teaching_notes import teaching_notes
from sinojapan.instructor.teacher_guide import settings_lines, write_guide

from helpers import LESSONS, REPO, answer_texts


@pytest.fixture(autouse=True)
def fresh_cache():
    files.clear_cache()
    yield
    files.clear_cache()


@pytest.fixture
def checkout_copy(tmp_path, monkeypatch):
    """A writable copy of data/ and lessons/ side by side, which the package reads."""
    shutil.copytree(REPO / "data", tmp_path / "data")
    shutil.copytree(REPO / "lessons", tmp_path / "lessons")
    monkeypatch.setenv(files.DATA_ENV, str(tmp_path / "data"))
    return tmp_path


@pytest.fixture(scope="module")
def guide(tmp_path_factory):
    folder = tmp_path_factory.mktemp("instructor")
    files.clear_cache()
    write_guide(folder)
    return {path.name: path.read_text(encoding="utf-8") for path in folder.glob("*.html")}


def test_the_guide_has_an_index_and_a_page_per_lesson_linked_from_it(guide):
    assert set(guide) == ({"index.html"} | {f"lesson-{p.name[:2]}.html" for p in LESSONS}
                          | {f"lesson-{p.name[:2]}-key.html" for p in LESSONS})
    for name in guide:
        if name != "index.html" and not name.endswith("-key.html"):
            assert f'href="{name}"' in guide["index.html"]
            assert "contains the answers" in guide[name]


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.name[:2])
def test_every_answer_hint_and_explanation_of_the_lesson_is_in_its_page(guide, lesson):
    page = guide[f"lesson-{lesson.name[:2]}.html"]
    bank = sj.quiz_bank(lesson.name[:2])
    for number, question in enumerate(bank.questions, start=1):
        assert f"Question {number}. </strong>{html.escape(question.prompt)}" in page
        for text in answer_texts(question):
            assert html.escape(text) in page, (question.id, text)
    assert page.count('class="sj-key"') == len(bank)


def test_a_page_gives_objectives_plans_paragraphs_what_it_shows_and_the_settings(guide):
    page = guide["lesson-03.html"]
    for objective in outline("03").objectives:
        assert html.escape(objective) in page
    notes = teaching_notes()["03"]
    for length, steps in notes.plans.items():
        assert f"A {length}-minute class" in page
        assert all(html.escape(activity) in page for _, activity in steps)
    assert all(html.escape(prompt) in page for prompt in notes.discussion)
    assert all(html.escape(m) in page and html.escape(c) in page
               for m, c in notes.misconceptions)
    assert "Stage 3: open security tension" in page and "<td>2, 5</td>" in page
    assert "Timeline: stage 3, highlighting 6 events" in page
    assert "8 Dec 2008: Chinese survey ships linger" in page and "(medium confidence)" in page
    assert 'Visitors from mainland China to Japan (sj.chart(&quot;visitors&quot;), 2003-2013)' \
        in page
    assert "unlocks after 2 attempts" in page
    # numeric questions state their tolerance
    numeric = guide["lesson-01.html"]
    assert "tolerance \u00b1" in numeric


def test_every_lesson_has_plans_that_fill_its_class_and_prompts_and_misconceptions():
    notes = teaching_notes()
    assert set(notes) == set(outlines())
    for lesson_id, lesson in notes.items():
        assert sum(m for m, _ in lesson.plans[50]) == 50, lesson_id
        assert sum(m for m, _ in lesson.plans[90]) == 90, lesson_id
        assert len(lesson.discussion) >= 3 and len(lesson.misconceptions) >= 3, lesson_id


def test_objectives_come_from_the_notebook_not_a_copy(checkout_copy, tmp_path):
    path = checkout_copy / "lessons" / "03-stage-3-open-tension.ipynb"
    notebook = json.loads(path.read_text(encoding="utf-8"))
    first = notebook["cells"][0]
    first["source"] = "".join(first["source"]).replace(
        "- argue for a start date for the third stage.",
        "- argue for a start date for the third stage;\n- compare two <b>sources</b>.")
    path.write_text(json.dumps(notebook), encoding="utf-8")
    write_guide(tmp_path / "out")
    page = (tmp_path / "out" / "lesson-03.html").read_text(encoding="utf-8")
    assert "<li>compare two &lt;b&gt;sources&lt;/b&gt;.</li>" in page  # read, and escaped


def test_what_a_lesson_shows_is_read_from_its_code_cells():
    collision, talks = ("2010-09-07-chinese-trawler-collides-japan",
                        "2008-04-21-talks-open-maritime-communication")
    events = {collision, talks}
    shown = shown_by(f'sj.timeline(stage="4", highlight=["{collision}"])\n'
                     'sj.chart("gdp", years=(2000, 2012))', events)
    assert [(s.kind, s.option("stage"), s.events) for s in shown[:1]] == \
        [("timeline", "4", (collision,))]
    assert shown[1].args == ("gdp",) and shown[1].option("years") == (2000, 2012)
    table = shown_by(f'steps = sj.events().loc[["{talks}"]]', events)
    assert table[0].kind == "data table" and table[0].events == (talks,)
    assert shown_by("%time x = 1", events) == []  # not plain Python: nothing read
    assert outline("04").banks == ["04"] and any(s.kind == "explorer" for s in outline("04").shown)


def rewrite_notes(folder, change):
    path = folder / "data" / "teaching.yaml"
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(document["lessons"])
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")


def notes_error() -> str:
    with pytest.raises(files.DataError) as caught:
        teaching_notes()
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_a_plan_that_does_not_fill_the_class_names_the_lesson_and_field(checkout_copy):
    rewrite_notes(checkout_copy, lambda lessons: lessons[3]["plan_50"][0].update(minutes=1))
    message = notes_error()
    assert "teaching.yaml, item 4 (id 03), field 'plan_50'" in message
    assert "not 50" in message


def test_a_missing_or_unknown_lesson_is_named(checkout_copy):
    rewrite_notes(checkout_copy, lambda lessons: lessons.pop(5))
    assert "no notes for lesson(s) 05" in notes_error()
    files.clear_cache()
    rewrite_notes(checkout_copy, lambda lessons: lessons.append({**lessons[0], "id": "42"}))
    assert "there is no lesson 42 in lessons/" in notes_error()


def test_a_schema_mistake_names_the_place_and_field(checkout_copy):
    rewrite_notes(checkout_copy, lambda lessons: lessons[0]["plan_90"][1].update(minutes="ten"))
    message = notes_error()
    assert "teaching.yaml, at lessons[0] (id 00).plan_90[1].minutes" in message
    assert "field 'minutes'" in message


def test_a_notebook_without_objectives_is_named(checkout_copy):
    path = checkout_copy / "lessons" / "02-stage-2-concerns-emerge.ipynb"
    text = path.read_text(encoding="utf-8").replace("By the end of this lesson", "Today")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(files.DataError, match=r"02-stage-2-concerns-emerge\.ipynb, cell 1, "
                                              r"field 'objectives'"):
        outlines()


def test_settings_are_stated_as_the_bank_has_them():
    demo = sj.quiz_bank("demo")
    strict = QuizBank("x", "x", demo.file, demo.questions, show_answer_after=0, max_attempts=3)
    assert "\u201cShow answer\u201d is available at once" in settings_lines(strict)
    assert any("at most 3 attempts" in line for line in settings_lines(strict))
    assert any("unlocks after 2 attempts" in line for line in settings_lines(demo))


def test_the_command_writes_the_guide_and_reports_a_broken_file(checkout_copy, tmp_path):
    out = tmp_path / "guide"
    done = subprocess.run([sys.executable, "-m", "sinojapan.instructor.teacher_guide", str(out)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert (out / "lesson-06.html").exists() and "wrote the teacher guide" in done.stdout
    rewrite_notes(checkout_copy, lambda lessons: lessons[0].pop("discussion"))
    done = subprocess.run([sys.executable, "-m", "sinojapan.instructor.teacher_guide", str(out)],
                          capture_output=True, text=True)
    assert done.returncode == 1
    assert done.stderr.startswith("teacher guide not written:") and "teaching.yaml" in done.stderr


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.name[:2])
def test_each_lesson_has_a_one_page_answer_key_number_to_answer(guide, lesson):
    from sinojapan.question_types.base import KEY_LINE_LENGTH as KEY_ANSWER_LENGTH

    lesson_id = lesson.name[:2]
    key = guide[f"lesson-{lesson_id}-key.html"]
    assert f'href="lesson-{lesson_id}-key.html"' in guide["index.html"]
    assert f'href="lesson-{lesson_id}-key.html"' in guide[f"lesson-{lesson_id}.html"]
    assert "@page { size: A4" in key
    for bank_id in outline(lesson_id).banks:
        for number, question in enumerate(sj.quiz_bank(bank_id).questions, start=1):
            answer = question.key_line()
            if hasattr(question, "options"):  # letters, then the options' text, shortened
                assert len(answer) <= KEY_ANSWER_LENGTH + 1
            elif question.GRADED and question.TYPE != "code":  # the whole answer, never cut
                assert answer == " ".join(question.solution_text().split())
            assert (f'<td class="num">{number}</td><td>{question.TYPE.replace("_", " ")}'
                    f"</td><td>{html.escape(answer)}</td>") in key
            if question.TYPE == "single":  # the letter students see on the static site
                from sinojapan.question_types.base import letter

                position = question.display_order().index(question.solution())
                assert answer.startswith(f"{letter(position)}: ")


def test_lesson_08_gives_each_code_checks_tolerance_and_known_slips(guide):
    from sinojapan.question_types.code import Code, value_text

    page = guide["lesson-08.html"]
    codes = [q for q in sj.quiz_bank("08").questions if isinstance(q, Code)]
    assert codes and any(q.mistakes for q in codes) and any(q.tolerance for q in codes)
    section = page.split("tolerances and known slips", 1)[1]
    for question in codes:
        assert f"<code>{question.variable}</code>" in section
        assert (f"\u00b1 {question.tolerance:g}" if question.tolerance else "exact") in section
        for mistake in question.mistakes:
            assert (f"<code>{html.escape(value_text(mistake.value, question.unit))}</code>: "
                    f"{html.escape(mistake.feedback)}") in section


def test_lesson_07_maps_each_scenario_from_its_file(guide):
    from sinojapan.simulation.scenarios import load_scenario

    page = guide["lesson-07.html"]
    ids = [s.args[0] for s in outline("07").shown if s.kind == "scenario"]
    assert ids
    section = page.split("<h2>The simulation's map</h2>", 1)[1]
    for scenario_id in ids:
        scenario = load_scenario(scenario_id)
        for node in scenario.nodes.values():
            assert html.escape(node.title) in section
            if node.ending:
                continue
            assert f"What the government actually did: {html.escape(node.actual)}" in section
            for option in node.options:
                assert html.escape(option.text) in section
                if not option.historical and option.paragraphs:
                    assert "hypothesis (argued from paragraph" in section
        assert "<td>the record</td>" in section


def test_objectives_are_rendered_from_markdown(guide):
    page = guide["lesson-08.html"]
    objectives = page.split("<h2>Objectives</h2>", 1)[1].split("<h2>", 1)[0]
    assert "<code>sj.series(...)</code>" in objectives and "`" not in objectives


def test_the_guide_lists_every_contested_text_with_the_source_of_each_side(guide):
    from sinojapan.content.contested_texts import contested_texts

    index = guide["index.html"]
    assert "<h2>Contested texts</h2>" in index
    for text in contested_texts().values():
        assert html.escape(text.title) in index
        assert f"sj.compare_texts(&quot;{text.id}&quot;)" in index
        for side in text.sides:
            assert f'href="{html.escape(side.url)}"' in index, (text.id, side.government)
            assert html.escape(side.publisher) in index and html.escape(side.author) in index
            assert html.escape(side.kind_text) in index
        page = guide[f"lesson-{text.lesson}.html"]
        assert "Contested text, each government&#x27;s wording side by side: " \
               f"{html.escape(text.title)}" in page
