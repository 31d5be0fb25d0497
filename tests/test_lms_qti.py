"""The QTI 1.2 package for Canvas, read back: the manifest and the zip agree, every
question of every bank is an item of its lesson's assessment, and its response processing,
run as Canvas reads it, marks right what the lesson marks right, with the same feedback."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET
import zipfile

import pytest
from lms_readback import assert_in, awkward_bank, collapse, plain

from sinojapan.course.banks import quiz_bank, quiz_bank_ids
from sinojapan.lms import qti as lms_qti
from sinojapan.lms import text as lms_text
from sinojapan.lms.export import assessment_id, export_lms, write_lms
from sinojapan.lms.qti import QTI_NAMESPACE
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
    normalise,
)

CP = "{http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1}"
Q = f"{{{QTI_NAMESPACE}}}"


@pytest.fixture(scope="module")
def package(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lms")
    export_lms(folder, quiz_bank_ids())
    return zipfile.ZipFile(folder / "canvas-qti.zip")


def assessment_items(package: zipfile.ZipFile, bank_id: str) -> list[ET.Element]:
    ident = assessment_id(quiz_bank(bank_id)) if bank_id != "odd" else "sinojapan-lessons-odd"
    root = ET.fromstring(package.read(f"{ident}/{ident}.xml"))
    return root.findall(f"{Q}assessment/{Q}section/{Q}item")


class Item:
    """An item as Canvas reads it: its metadata, its choices, and its conditions."""

    def __init__(self, element: ET.Element):
        self.element = element
        self.meta = {f.findtext(f"{Q}fieldlabel"): f.findtext(f"{Q}fieldentry")
                     for f in element.iter(f"{Q}qtimetadatafield")}
        self.lids = {lid.get("ident"): (lid.findtext(f"{Q}material/{Q}mattext"), {
            label.get("ident"): label.findtext(f"{Q}material/{Q}mattext")
            for label in lid.iter(f"{Q}response_label")})
            for lid in element.iter(f"{Q}response_lid")}
        self.feedback = {f.get("ident"): plain(f.findtext(f".//{Q}mattext"))
                         for f in element.findall(f"{Q}itemfeedback")}

    def label(self, respident: str, text: str) -> str:
        return next(i for i, t in self.lids[respident][1].items() if t == text)

    def run(self, response: dict) -> tuple[float, list[str]]:
        """SCORE and the feedback shown for a response ({respident: value or set}).
        A condition that adds to the score never stops the others, as Canvas reads it."""
        score, shown = 0.0, []
        for condition in self.element.iter(f"{Q}respcondition"):
            tests = list(condition.find(f"{Q}conditionvar"))
            # several varequal side by side are alternatives (short answers), as Canvas
            # writes and reads them; vargte beside varlte is a range
            either = all(t.tag == f"{Q}varequal" for t in tests)
            if not (any if either else all)(holds(t, response) for t in tests):
                continue
            for setvar in condition.findall(f"{Q}setvar"):
                value = float(setvar.text)
                score = score + value if setvar.get("action") == "Add" else value
            shown += [d.get("linkrefid") for d in condition.findall(f"{Q}displayfeedback")]
            if condition.get("continue") == "No":
                break
        return score, shown


def holds(test: ET.Element, response: dict) -> bool:
    tag = test.tag.removeprefix(Q)
    if tag == "other":
        return True
    if tag in ("and", "or", "not"):
        results = [holds(t, response) for t in test]
        return {"and": all, "or": any}[tag](results) if tag != "not" else not results[0]
    given = response.get(test.get("respident"))
    if tag == "varequal":
        if isinstance(given, set):
            return test.text in given
        try:  # a numerical question compares numbers: '1999' is '1999.0'
            return float(given) == float(test.text)
        except ValueError:
            return given == test.text
    number = float(given)
    return {"vargte": number >= float(test.text), "varlte": number <= float(test.text)}[tag]


def check_item(question, item: Item) -> None:  # long: one branch per type
    where = question.id
    assert item.element.get("ident") == question.id
    assert_in(question.prompt, plain(item.element.findtext(f"{Q}presentation/{Q}material/"
                                                           f"{Q}mattext")), where)
    general = item.feedback["general_fb"]
    for text in [question.explanation, *question.hints]:
        assert_in(text, general, where)
    kind = item.meta["question_type"]
    if isinstance(question, Placement) and question.ask == "stage":
        assert kind == "multiple_choice_question", where
        for stage, name in question.stage_names.items():
            ident = item.label("response1", lms_forms.stage_label(stage, name))
            score, shown = item.run({"response1": ident})
            assert (score == 100) == question.check(stage).correct, where
            feedback = [item.feedback[f] for f in shown if f != "general_fb"]
            assert feedback == ([collapse(question.check(stage).feedback)]
                                if score == 0 else []), where
    elif isinstance(question, SingleChoice):
        several = isinstance(question, MultipleSelect)
        assert kind == ("multiple_answers_question" if several else "multiple_choice_question")
        ids = [item.label("response1", o.text) for o in question.options]
        for size in range(1, len(ids) + 1) if several else [1]:
            for chosen in itertools.combinations(range(len(ids)), size):
                response = {ids[i] for i in chosen} if several else ids[chosen[0]]
                score, shown = item.run({"response1": response})
                right = question.check(set(chosen) if several else chosen[0]).correct
                assert (score == 100) == right, f"{where}: {chosen}"
                said = {item.feedback[f] for f in shown if f != "general_fb"}
                assert said == {collapse(question.options[i].feedback) for i in chosen
                                if question.options[i].feedback}, where
    elif isinstance(question, TrueFalse):
        assert kind == "true_false_question"
        for value, text in ((True, "True"), (False, "False")):
            score, shown = item.run({"response1": item.label("response1", text)})
            assert (score == 100) == question.check({"value": value,
                                                     "justification": "x"}).correct
            said = question.feedback_true if value else question.feedback_false
            assert [item.feedback[f] for f in shown if f != "general_fb"] == [collapse(said)]
    elif isinstance(question, Numeric | Placement):
        assert kind == "numerical_question", where
        low, high = (question.bounds() if isinstance(question, Numeric) else
                     (question.event_year - question.tolerance,
                      question.event_year + question.tolerance))
        # The shape Canvas's own export writes (and its importer reads): an exact answer
        # as <or><varequal/><and><vargte/><varlte/></and></or>, even with no margin; a
        # range as <vargte/><varlte/> alone.
        exact = isinstance(question, Placement) or not question.range
        scoring = next(c for c in item.element.iter(f"{Q}respcondition")
                       if c.findtext(f"{Q}setvar") == "100")
        shape = [child.tag.removeprefix(Q) for child in scoring.find(f"{Q}conditionvar")]
        if exact:
            assert shape == ["or"], where
            inner = scoring.find(f"{Q}conditionvar/{Q}or")
            assert [c.tag.removeprefix(Q) for c in inner] == ["varequal", "and"], where
            assert [c.tag.removeprefix(Q) for c in inner.find(f"{Q}and")] == [
                "vargte", "varlte"], where
        else:
            assert shape == ["vargte", "varlte"], where
        step = max(high - low, 1) / 10
        for value in (low, (low + high) / 2, high, low - step, high + step):
            score, _ = item.run({"response1": lms_text.number_text(value)})  # as typed
            assert (score == 100) == question.check(value).correct, f"{where}: {value}"
    elif isinstance(question, ShortText):
        assert kind == "short_answer_question"
        for typed in [*question.accept, "certainly not this"]:
            assert (item.run({"response1": typed})[0] == 100) == question.check(typed).correct
    elif isinstance(question, Ordering | Matching):
        assert kind == "matching_question", where
        rights = (question.items if isinstance(question, Ordering)
                  else [right for _, right in question.pairs])
        lefts = [prompt for prompt, _ in item.lids.values()]
        expected = ([lms_forms.position_label(i) for i in range(len(rights))]
                    if isinstance(question, Ordering) else [left for left, _ in question.pairs])
        assert lefts == expected, where
        response = {respident: item.label(respident, right)
                    for respident, right in zip(item.lids, rights, strict=True)}
        assert item.run(response)[0] == pytest.approx(100, abs=0.05), where
        offered = set(next(iter(item.lids.values()))[1].values())
        assert offered == set(rights) | set(getattr(question, "distractors", [])), where
        first, second = list(response)[:2]
        response[first], response[second] = response[second], response[first]
        assert item.run(response)[0] < 99, where
    elif isinstance(question, Cloze):
        dropdowns = all(b.options for b in question.blanks)
        assert kind == ("multiple_dropdowns_question" if dropdowns
                        else "fill_in_multiple_blanks_question"), where
        response, typed = {}, []
        for number, blank in enumerate(question.blanks, 1):
            respident = f"response_blank{number}"
            labels = item.lids[respident][1]
            assert list(labels.values()) == (question.shown_options(number) if dropdowns
                                             else blank.accept), where
            accepted = {normalise(a) for a in blank.accept}
            ident, text = next((i, t) for i, t in labels.items() if normalise(t) in accepted)
            response[respident] = ident
            typed.append(text)
            assert f"[blank{number}]" in item.element.findtext(f".//{Q}mattext"), where
        assert item.run(response)[0] == pytest.approx(100, abs=0.05), where
        assert question.check(typed).correct, where
        for number in range(1, len(question.blanks) + 1):  # any other choice loses marks
            respident = f"response_blank{number}"
            for ident, text in item.lids[respident][1].items():
                full = item.run({**response, respident: ident})[0] > 99.9
                assert full == question.check(typed[:number - 1] + [text]
                                              + typed[number:]).correct, f"{where}: {text}"
    elif isinstance(question, Reflection):
        assert kind == "essay_question"
        for line in [question.model_answer, *question.rubric]:
            assert_in(line, general, where)
    elif isinstance(question, Code):  # marked by hand: the value and the code as feedback
        assert kind == "essay_question" and item.meta["points_possible"] == "1", where
        assert_in(question.worked_solution, plain(general), where)
        assert_in(question.solution_text().split(". A worked")[0], plain(general), where)
    else:
        pytest.fail(f"{where}: no read-back for {type(question).__name__}")


def assert_assessment(bank, elements: list[ET.Element]) -> None:
    assert [e.get("ident") for e in elements] == [q.id for q in bank.questions], \
        f"bank {bank.id}: questions missing, extra or out of order"
    for question, element in zip(bank.questions, elements, strict=True):
        item = Item(element)
        referenced = {d.get("linkrefid") for d in element.iter(f"{Q}displayfeedback")}
        assert referenced == set(item.feedback), f"{question.id}: feedback and references"
        assert float(item.meta["points_possible"]) == (1.0 if question.GRADED else 0.0)
        check_item(question, item)


@pytest.mark.parametrize("bank_id", quiz_bank_ids())
def test_every_question_is_an_item_marked_as_in_the_lesson(package, bank_id):
    assert_assessment(quiz_bank(bank_id), assessment_items(package, bank_id))


def test_the_check_fails_when_an_item_is_missing_or_its_key_is_wrong(package):
    bank, items = quiz_bank("demo"), assessment_items(package, "demo")
    with pytest.raises(AssertionError, match="missing"):
        assert_assessment(bank, items[:-1])
    single = items[0]
    correct = [c for c in single.iter(f"{Q}respcondition") if c.find(f"{Q}setvar") is not None]
    correct[0].find(f".//{Q}varequal").text = "0"
    with pytest.raises(AssertionError):
        assert_assessment(bank, items)


def test_the_manifest_lists_every_file_of_the_zip_and_nothing_else(package):
    manifest = ET.fromstring(package.read("imsmanifest.xml"))
    resources = manifest.findall(f"{CP}resources/{CP}resource")
    listed = {f.get("href") for f in manifest.iter(f"{CP}file")}
    assert listed == set(package.namelist()) - {"imsmanifest.xml"}
    identifiers = {r.get("identifier") for r in resources}
    assert {d.get("identifierref") for d in manifest.iter(f"{CP}dependency")} <= identifiers
    quizzes = [r for r in resources if r.get("type") == "imsqti_xmlv1p2"]
    assert [r.get("identifier") for r in quizzes] == [assessment_id(quiz_bank(b))
                                                      for b in quiz_bank_ids()]
    for name in package.namelist():
        ET.fromstring(package.read(name))  # well-formed


# The order QTI 1.2 (ASI information model) gives the children of the elements written
ORDER = {"item": ["itemmetadata", "presentation", "resprocessing", "itemfeedback"],
         "respcondition": ["conditionvar", "setvar", "displayfeedback"],
         "resprocessing": ["outcomes", "respcondition"],
         "response_lid": ["material", "render_choice"],
         "assessment": ["qtimetadata", "section"]}


def test_elements_come_in_the_order_qti_1_2_prescribes(package):
    for name in package.namelist():
        root = ET.fromstring(package.read(name))
        for element in root.iter():
            tag = element.tag.removeprefix(Q)
            if tag in ORDER:
                ranks = [ORDER[tag].index(child.tag.removeprefix(Q)) for child in element
                         if isinstance(child.tag, str)]
                assert ranks == sorted(ranks), f"{name}: {tag} children out of order"


def test_every_type_has_a_qti_form():
    assert {form for cls in TYPES.values() for form in cls.LMS_FORMS} <= set(lms_qti.WRITERS)


def test_texts_that_xml_and_html_treat_specially_come_back_unchanged(tmp_path):
    bank = awkward_bank()
    write_lms(tmp_path, [bank])
    package = zipfile.ZipFile(tmp_path / "canvas-qti.zip")
    assert_assessment(bank, assessment_items(package, "odd"))
