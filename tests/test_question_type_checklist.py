"""Every registered question type has every piece CONTRIBUTING.md lists, each missing one
named in plain words with the file to change. A planted type with none of them shows
that the checklist can fail."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import ClassVar

import pytest

from sinojapan.course.banks import quiz_bank
from sinojapan.lms import moodle, qti
from sinojapan.question_types import TYPES, Question, Result
from sinojapan.question_types import lms_forms as forms
from sinojapan.question_types.base import REGISTRY
from sinojapan.quizzes.inputs import INPUTS, input_for

from helpers import REPO

SCHEMA = REPO / "data" / "schemas" / "quiz.schema.json"
KEYBOARD_TEST = REPO / "tests" / "browser" / "test_keyboard_in_lab.py"
QUIZ_SCRIPT = REPO / "widgets" / "sinojapan" / "components" / "quiz.js"


def undrawn_kinds(questions) -> list[str]:
    """The controls (an input's KIND) that components/quiz.js has no drawing for."""
    script = QUIZ_SCRIPT.read_text(encoding="utf-8")
    kinds = {(input_for(q).KIND, q.INPUT) for q in questions}
    return [f"widgets/sinojapan/components/quiz.js: inputPart draws no '{kind}' control "
            f"(the KIND of {input_name})" for kind, input_name in sorted(kinds)
            if f'case "{kind}":' not in script]


def missing_pieces(name: str, cls: type[Question]) -> list[str]:
    """What question type `name` still lacks, one line each."""
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    enum = schema["properties"]["questions"]["items"]["properties"]["type"]["enum"]
    demo = [q for q in quiz_bank("demo").questions if q.TYPE == name]
    type_table = (REPO / "data" / "README.md").read_text(encoding="utf-8")
    lms_table = (REPO / "docs" / "lms-export.md").read_text(encoding="utf-8")
    own_file = REPO / "tests" / f"test_{name}_questions.py"  # a type with many tests
    type_tests = (REPO / "tests" / "test_question_types.py").read_text(encoding="utf-8") + (
        own_file.read_text(encoding="utf-8") if own_file.exists() else "")
    gaps = []
    if name not in enum:
        gaps.append(f"data/schemas/quiz.schema.json: type enum lacks '{name}'")
    if cls.INPUT not in INPUTS:
        gaps.append(f"widgets/sinojapan/quizzes/*_inputs.py: no input class '{cls.INPUT}' "
                    f"(the INPUT that '{name}' names)")
    else:
        if f'"{cls.INPUT}"' not in KEYBOARD_TEST.read_text(encoding="utf-8"):
            gaps.append(f"tests/browser/test_keyboard_in_lab.py: ANSWER has no way to answer "
                        f"its input '{cls.INPUT}' by keyboard")
        gaps += undrawn_kinds(demo)
    for writer, where in ((moodle.WRITERS, "moodle"), (qti.WRITERS, "qti")):
        gaps += [f"widgets/sinojapan/lms/{where}.py: no writer for the {form.__name__} form "
                 f"that '{name}' gives" for form in cls.LMS_FORMS if form not in writer]
    if not demo:
        gaps.append(f"data/quizzes/demo.yaml has no '{name}' question")
    for question in demo:
        if type(question.lms_form()) not in cls.LMS_FORMS:
            gaps.append(f"{cls.__name__}.lms_form() of {question.id} gives "
                        f"{type(question.lms_form()).__name__}, not one of its LMS_FORMS")
        if question.check(question.solution()).score != 1:
            gaps.append(f"{question.id}: its own solution() does not score 1")
    if not any(f"`{name}`" in line for line in type_table.splitlines()
               if line.startswith("|")):
        gaps.append(f"data/README.md: the question type table has no row for '{name}'")
    if f"| `{name}`" not in lms_table:
        gaps.append(f"docs/lms-export.md: the type table has no row for '{name}'")
    for readback in ("test_lms_moodle.py", "test_lms_qti.py"):
        oracle = (REPO / "tests" / readback).read_text(encoding="utf-8")
        if not any(f"isinstance(question, {base.__name__}" in oracle
                   or f"| {base.__name__}" in oracle for base in cls.__mro__[:-2]):
            gaps.append(f"tests/{readback}: check_question has no read-back for "
                        f"{cls.__name__} (or a type it subclasses)")
    if not (f'"{name}"' in type_tests or any(f'"{q.id}"' in type_tests for q in demo)):
        gaps.append(f"tests/test_question_types.py (or tests/test_{name}_questions.py): no "
                    f"test names '{name}' or its demo question")
    return gaps


@pytest.mark.parametrize("name", sorted(TYPES))
def test_every_type_has_every_piece(name):
    assert missing_pieces(name, TYPES[name]) == []


@pytest.fixture
def planted_type():
    """A type with its class only, registered for the test and taken away after it."""
    @dataclass
    class Planted(Question):
        TYPE: ClassVar[str] = "planted"
        INPUT: ClassVar[str] = "PlantedInput"
        LMS_FORMS: ClassVar[tuple[type, ...]] = (forms.Text,)

        def check(self, answer):
            return Result(1.0, True, "")

        def solution(self):
            return "x"

        def solution_text(self):
            return "x"

        def key_texts(self):
            return []

        def rekeyed(self):
            return None

        def lms_form(self):
            return forms.Text(["x"])

    yield Planted
    REGISTRY.pop("planted", None)


def test_a_type_with_only_its_class_is_told_each_missing_piece(planted_type):
    assert missing_pieces("planted", planted_type) == [
        "data/schemas/quiz.schema.json: type enum lacks 'planted'",
        "widgets/sinojapan/quizzes/*_inputs.py: no input class 'PlantedInput' (the INPUT "
        "that 'planted' names)",
        "data/quizzes/demo.yaml has no 'planted' question",
        "data/README.md: the question type table has no row for 'planted'",
        "docs/lms-export.md: the type table has no row for 'planted'",
        "tests/test_lms_moodle.py: check_question has no read-back for Planted (or a type "
        "it subclasses)",
        "tests/test_lms_qti.py: check_question has no read-back for Planted (or a type it "
        "subclasses)",
        "tests/test_question_types.py (or tests/test_planted_questions.py): no test names "
        "'planted' or its demo question",
    ]


def test_an_input_whose_control_the_browser_cannot_draw_is_named(monkeypatch):
    from sinojapan.quizzes.answer_input import AnswerInput

    question = next(q for q in quiz_bank("demo").questions if q.TYPE == "text")

    class SliderInput(AnswerInput):  # registers itself: taken out again below
        KIND = "slider"

    try:
        monkeypatch.setitem(INPUTS, question.INPUT, SliderInput)
        assert undrawn_kinds([question]) == [
            "widgets/sinojapan/components/quiz.js: inputPart draws no 'slider' control (the "
            "KIND of TextInput)"]
    finally:
        INPUTS.pop("SliderInput")


def test_a_type_without_part_of_its_contract_fails_when_defined_naming_it():
    with pytest.raises(TypeError) as raised:
        @dataclass
        class Unfinished(Question):
            TYPE: ClassVar[str] = "unfinished"

            def check(self, answer):
                return Result(1.0, True, "")
    assert str(raised.value) == (
        "question type 'unfinished' (Unfinished) lacks solution(); solution_text(); "
        "lms_form(); key_texts(); rekeyed(); INPUT (the name of its input class in "
        "quizzes/*_inputs.py); LMS_FORMS (the lms_forms it gives an LMS)")
    assert "unfinished" not in TYPES


def test_a_form_no_writer_can_write_fails_when_the_writer_loads(planted_type, monkeypatch):
    from sinojapan.lms.text import require_writers

    @dataclass(frozen=True)
    class Drawing:
        strokes: int

    monkeypatch.setattr(planted_type, "LMS_FORMS", (Drawing,))
    with pytest.raises(TypeError, match="lms/moodle.py cannot write question type 'planted': "
                                        "it has no writer for the Drawing form"):
        require_writers(moodle.WRITERS, "lms/moodle.py")
