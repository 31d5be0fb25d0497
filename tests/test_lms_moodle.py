"""The Moodle XML export, read back as Moodle's importer reads it: every question of every
bank is there, in its lesson's category, and what Moodle would mark right is what the
lesson marks right, with the same feedback, hints and explanation."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest
from lms_readback import (
    assert_in,
    awkward_bank,
    cloze_blanks,
    collapse,
    graded_right,
    plain,
    shortanswer_text,
)

from sinojapan.course.banks import quiz_bank, quiz_bank_ids
from sinojapan.lms import moodle as lms_moodle
from sinojapan.lms.export import COURSE_CATEGORY, bank_title, export_lms, write_lms
from sinojapan.lms.text import LmsError
from sinojapan.question_types import (
    TYPES,
    Cloze,
    Code,
    Matching,
    MultipleSelect,
    Numeric,
    Ordering,
    Placement,
    Reflection,
    ShortText,
    SingleChoice,
    TrueFalse,
    lms_forms,
)

# question_bank::fraction_options_full() in Moodle's source: the only grades an import takes
MOODLE_GRADES = {0.0, 1.0, 0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333,
                 0.3, 0.25, 0.2, 0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05}


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lms")
    export_lms(folder, quiz_bank_ids())  # every bank, the demonstration bank too
    return folder


def read(path) -> dict[str, list[ET.Element]]:
    """The file's questions by category (the text after $course$/top/), in file order."""
    categories: dict[str, list[ET.Element]] = {}
    current = None
    for element in ET.parse(path).getroot().findall("question"):
        if element.get("type") == "category":
            current = element.findtext("category/text").removeprefix("$course$/top/")
            categories[current] = []
        else:
            categories[current].append(element)
    return categories


def answers(element: ET.Element) -> list[tuple[float, str, str]]:
    return [(float(a.get("fraction")) / 100, a.findtext("text"), plain(a.findtext("feedback/text")))
            for a in element.findall("answer")]


def check_choices(question, element, label_of) -> None:
    """single, multiple, evidence, placement (stage): Moodle's mark for every choice (and,
    with several answers, every set of choices) is the lesson's."""
    found = {plain(text): (share, feedback) for share, text, feedback in answers(element)}
    assert sorted(found) == sorted(label_of), f"{question.id}: options differ"
    several = element.findtext("single") == "false"
    assert several == isinstance(question, MultipleSelect), question.id
    picks = list(label_of.items())
    sizes = range(1, len(picks) + 1) if several else [1]
    for size in sizes:
        for chosen in itertools.combinations(picks, size):
            moodle = min(1.0, max(0.0, sum(found[text][0] for text, _ in chosen)))
            answer = {value for _, value in chosen} if several else chosen[0][1]
            lesson = question.check(answer).score
            assert moodle == pytest.approx(lesson, abs=1e-4), f"{question.id}: {chosen}"


def check_question(question, element) -> None:  # long: one branch per type, read as Moodle does
    where = question.id
    assert element.findtext("idnumber") == question.id and element.findtext("name/text") == where
    assert_in(question.prompt, plain(element.findtext("questiontext/text")), where)
    assert_in(question.explanation, plain(element.findtext("generalfeedback/text")), where)
    assert [plain(h.findtext("text")) for h in element.findall("hint")] == [
        collapse(h) for h in question.hints], f"{where}: hints"
    assert element.findtext("penalty") == "0", where
    if isinstance(question, Placement) and question.ask == "stage":
        labels = {lms_forms.stage_label(s, n): s for s, n in question.stage_names.items()}
        check_choices(question, element, labels)
        for _, text, feedback in answers(element):
            assert feedback == collapse(question.check(labels[plain(text)]).feedback), where
    elif isinstance(question, SingleChoice):
        check_choices(question, element, {o.text: i for i, o in enumerate(question.options)})
        feedback = {plain(text): fb for _, text, fb in answers(element)}
        for option in question.options:
            assert feedback[option.text] == collapse(option.feedback), f"{where}: {option.text}"
    elif isinstance(question, TrueFalse):
        marks = {text: (share, fb) for share, text, fb in answers(element)}
        for value in (True, False):
            share, feedback = marks[str(value).lower()]
            assert (share == 1) == graded_right(question, {"value": value, "justification": "x"})
            said = question.feedback_true if value else question.feedback_false
            assert feedback == collapse(said), where
    elif isinstance(question, Numeric | Placement):  # numeric, placement by year
        (share, value, _), = answers(element)
        tolerance = float(element.find("answer/tolerance").text)
        low, high = float(value) - tolerance, float(value) + tolerance
        assert share == 1 and graded_right(question, low) and graded_right(question, high), where
        step = max(tolerance, 1.0) / 10
        assert not graded_right(question, low - step) and not graded_right(question, high + step)
        if getattr(question, "unit", ""):
            assert element.findtext("units/unit/unit_name") == question.unit, where
    elif isinstance(question, ShortText):
        typed = [shortanswer_text(text) for share, text, _ in answers(element) if share == 1]
        assert typed == question.accept and all(graded_right(question, t) for t in typed), where
        assert element.findtext("usecase") == "0"
    elif isinstance(question, Ordering | Matching):
        pairs = [(plain(s.findtext("text")), s.findtext("answer/text"))
                 for s in element.findall("subquestion")]
        asked = [(left, right) for left, right in pairs if left]
        if isinstance(question, Ordering):
            assert [left for left, _ in asked] == [lms_forms.position_label(i)
                                                   for i in range(len(question.items))]
            answer = [question.items.index(right) for _, right in asked]
        else:
            assert [left for left, _ in asked] == [left for left, _ in question.pairs], where
            answer = {i: right for i, (_, right) in enumerate(asked)}
            extra = {right for left, right in pairs if not left}
            assert extra == set(question.distractors) - {r for _, r in question.pairs}, where
        assert graded_right(question, answer), where
    elif isinstance(question, Cloze):
        blanks, rest = cloze_blanks(element.findtext("questiontext/text"))
        assert len(blanks) == len(question.blanks), where
        given = []
        # Moodle's mark for a cloze question is the sum of its blanks' weights
        assert sum(b["weight"] for b in blanks) == float(element.findtext("defaultgrade")), where
        assert len({b["weight"] for b in blanks}) == 1, f"{where}: blanks weigh unequally"
        for number, (found, blank) in enumerate(zip(blanks, question.blanks, strict=True), 1):
            right = [text for share, text, _ in found["answers"] if share == 1]
            if blank.options:
                assert found["type"] == "MULTICHOICE_S", where  # shuffled, as in the lesson
                assert [text for _, text, _ in found["answers"]] == question.shown_options(
                    number), where
            else:
                assert found["type"] == "SHORTANSWER", where
                right = [shortanswer_text(t) for t in right]
                assert right == blank.accept, where
            given.append(right[0])
        assert graded_right(question, given), where
        segments = question.segments()
        expected = segments[0] + "".join(f"{{#{n}}}{s}" for n, s in enumerate(segments[1:], 1))
        assert_in(expected, plain(rest), where)
    elif isinstance(question, Reflection):
        info = plain(element.findtext("graderinfo/text"))
        for line in [question.model_answer, *question.rubric]:
            assert_in(line, info, where)
        assert element.findtext("minwordlimit") == str(question.min_words)
    elif isinstance(question, Code):  # marked by hand: the grader sees the value and the code
        assert element.get("type") == "essay"
        assert element.findtext("responseformat") == "monospaced", where
        assert_in(lms_forms.CODE_NOTE, plain(element.findtext("questiontext/text")), where)
        for text in (element.findtext("graderinfo/text"),
                     element.findtext("generalfeedback/text")):
            assert_in(question.worked_solution, plain(text), where)
            assert_in(f"{question.variable} = ", plain(text), where)
            assert_in(question.solution_text().split(". A worked")[0], plain(text), where)
    else:
        pytest.fail(f"{where}: no read-back for {type(question).__name__}")


def moodle_marks(element: ET.Element) -> float:
    """What Moodle's importer makes a question worth: a cloze question the sum of its
    blanks' weights (it ignores <defaultgrade> there), any other its <defaultgrade>."""
    if element.get("type") == "cloze":
        return float(sum(b["weight"] for b in
                         cloze_blanks(element.findtext("questiontext/text"))[0]))
    return float(element.findtext("defaultgrade"))


def assert_bank_exported(bank, questions: list[ET.Element]) -> None:
    assert [e.findtext("idnumber") for e in questions] == [q.id for q in bank.questions], \
        f"bank {bank.id}: questions missing, extra or out of order"
    for question, element in zip(bank.questions, questions, strict=True):
        check_question(question, element)
    marks = {moodle_marks(e) for q, e in zip(bank.questions, questions, strict=True)
             if q.GRADED}
    assert len(marks) == 1, f"bank {bank.id}: graded questions are worth {sorted(marks)} marks"


@pytest.mark.parametrize("bank_id", quiz_bank_ids())
def test_every_question_is_in_its_lessons_category_and_marked_as_in_the_lesson(exported,
                                                                                bank_id):
    bank = quiz_bank(bank_id)
    everything = read(exported / "moodle" / "all-lessons.xml")
    category = "/".join(name.replace("/", "//") for name in (COURSE_CATEGORY, bank_title(bank)))
    assert_bank_exported(bank, everything[category])
    (single_file,) = read(exported / "moodle" / f"{bank_id}.xml").values()
    assert_bank_exported(bank, single_file)


def test_the_check_fails_when_a_question_is_missing_or_its_key_is_wrong(exported):
    bank = quiz_bank("demo")
    (questions,) = read(exported / "moodle" / "demo.xml").values()
    with pytest.raises(AssertionError, match="missing"):
        assert_bank_exported(bank, questions[:3] + questions[4:])
    right = next(a for a in questions[0].findall("answer") if a.get("fraction") == "100")
    wrong = next(a for a in questions[0].findall("answer") if a.get("fraction") == "0")
    right.set("fraction", "0")
    wrong.set("fraction", "100")
    with pytest.raises(AssertionError):
        assert_bank_exported(bank, questions)


def test_every_grade_is_one_moodle_accepts_and_every_type_is_a_core_type(exported):
    core = {"multichoice", "truefalse", "numerical", "shortanswer", "matching", "cloze", "essay"}
    root = ET.parse(exported / "moodle" / "all-lessons.xml").getroot()
    for question in root.findall("question[@type]"):
        assert question.get("type") in core | {"category"}
        for answer in question.findall("answer"):
            share = abs(float(answer.get("fraction")) / 100)
            assert any(abs(share - g) < 1e-5 for g in MOODLE_GRADES), answer.get("fraction")
    for question in root.findall("question[@type='cloze']"):
        for blank in cloze_blanks(question.findtext("questiontext/text"))[0]:
            assert all(share in (0.0, 1.0) for share, _, _ in blank["answers"])


def test_every_form_a_type_gives_has_a_moodle_writer():
    assert {form for cls in TYPES.values() for form in cls.LMS_FORMS} <= set(lms_moodle.WRITERS)


def test_a_grade_moodle_cannot_take_reaches_the_instructor_naming_the_question(tmp_path):
    bank = quiz_bank("demo")
    many = next(q for q in bank.questions if q.TYPE == "multiple")
    eleven = replace(many, id="s09-x", options=[replace(many.options[0], correct=True)] * 11)
    with pytest.raises(LmsError) as raised:
        write_lms(tmp_path, [replace(bank, questions=[eleven])])
    assert str(raised.value) == ("Moodle XML, question s09-x: Moodle cannot give 0.0909 of "
                                 "the mark to one answer (it allows 1/2 to 1/10, 1/20 and a "
                                 "few more)")


def test_texts_that_xml_html_and_cloze_syntax_treat_specially_come_back_unchanged(tmp_path):
    bank = awkward_bank()
    write_lms(tmp_path, [bank])
    (questions,) = read(tmp_path / "moodle" / "odd.xml").values()
    assert_bank_exported(bank, questions)
    assert "Odd // awkward & <texts>" in next(iter(read(tmp_path / "moodle" / "odd.xml")))
