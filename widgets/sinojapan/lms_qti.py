"""Questions as QTI 1.2 in the flavor Canvas writes and reads back (Canvas: Settings ->
Import course content -> "QTI .zip file"); other QTI 1.2 readers take the plain parts.

Each item says its Canvas question type in its metadata (`question_type`); `MAPPING`
says which type each of the module's types becomes and how. Per-option feedback is the
option's `<ident>_fb`, and the general feedback (`general_fb`, shown after answering)
holds the explanation, the related events and the lesson's hints, which Canvas quizzes
have no place for otherwise."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable

from .lms_text import (
    CODE_NOTE,
    ORDERING_NOTE,
    Entry,
    claim_html,
    code_solution_html,
    event_html,
    explanation_html,
    hints_html,
    model_answer_html,
    number_text,
    paragraph,
    position_label,
    stage_label,
    unit_html,
)
from .question_types import (
    Cloze,
    Code,
    Evidence,
    Matching,
    MultipleSelect,
    Numeric,
    Ordering,
    Placement,
    Question,
    Reflection,
    ShortText,
    SingleChoice,
    TrueFalse,
    normalise,
)

QTI_NAMESPACE = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
QTI_SCHEMA = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2p1.xsd"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
MATCH_OFFSET = 500  # answer ids: 1000 x question number + option; matches from +500


def sub(parent: ET.Element, tag: str, text: str | None = None, **attributes) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    if text is not None:
        element.text = text
    return element


def material(parent: ET.Element, content: str, html: bool = True) -> None:
    kind = {"texttype": "text/html"} if html else {"texttype": "text/plain"}
    sub(sub(parent, "material"), "mattext", content, **kind)


class Item:
    """One QTI item being built: metadata, presentation, response processing, then the
    feedback it refers to (QTI wants them in that order)."""

    def __init__(self, entry: Entry, canvas_type: str, stem: str = ""):
        question = self.question = entry.question
        self.base = 1000 * entry.number
        self.answer_ids: list[str] = []
        self.feedback: dict[str, str] = {}
        self.element = ET.Element("item", ident=question.id, title=question.id)
        meta = sub(sub(self.element, "itemmetadata"), "qtimetadata")
        self.fields = {"question_type": canvas_type, "points_possible": number_text(
            entry.points), "original_answer_ids": "",
            "assessment_question_identifierref": f"{question.id}-bank"}
        self.meta = meta
        self.presentation = sub(self.element, "presentation")
        material(self.presentation, paragraph(question.prompt) + stem)
        self.processing = sub(self.element, "resprocessing")
        sub(sub(self.processing, "outcomes"), "decvar", maxvalue="100", minvalue="0",
            varname="SCORE", vartype="Decimal")
        general = explanation_html(entry) + hints_html(question)
        self.general(general)

    def general(self, content: str) -> None:
        self.feedback["general_fb"] = content
        self.condition(None, None, feedback="general_fb", proceed=True)

    def answer_id(self, offset: int) -> str:
        ident = str(self.base + offset)
        self.answer_ids.append(ident)
        return ident

    def choice(self, respident: str, labels: list[tuple[str, str]], several: bool = False,
               prompt: str | None = None) -> None:
        """A response_lid: one (or several) of the labels (ident, plain text, as Canvas
        writes answers: a typed blank is compared with it)."""
        lid = sub(self.presentation, "response_lid", ident=respident,
                  rcardinality="Multiple" if several else "Single")
        if prompt is not None:
            sub(sub(lid, "material"), "mattext", prompt)
        render = sub(lid, "render_choice")
        for ident, content in labels:
            material(sub(render, "response_label", ident=ident), content, html=False)

    def typed(self, decimal: bool = False) -> None:
        lid = sub(self.presentation, "response_str", ident="response1", rcardinality="Single")
        render = sub(lid, "render_fib", **({"fibtype": "Decimal"} if decimal else {}))
        sub(render, "response_label", ident="answer1", **({} if decimal else {"rshuffle": "No"}))

    def condition(self, respident: str | None, value, *, score: str | None = None,
                  add: bool = False, feedback: str | None = None, proceed: bool = False,
                  test: Callable[[ET.Element], None] | None = None) -> None:
        """A respcondition: when the response equals `value` (or `test` fills the
        condition, or always if neither), set or add `score` and show `feedback`."""
        attributes = {} if add else {"continue": "Yes" if proceed else "No"}
        condition = sub(self.processing, "respcondition", **attributes)
        variables = sub(condition, "conditionvar")
        if test:
            test(variables)
        elif respident is None:
            sub(variables, "other")
        else:
            sub(variables, "varequal", str(value), respident=respident)
        if score is not None:
            sub(condition, "setvar", score, action="Add" if add else "Set", varname="SCORE")
        if feedback:
            sub(condition, "displayfeedback", feedbacktype="Response", linkrefid=feedback)

    def option_feedback(self, ident: str, text: str, respident: str = "response1") -> None:
        if text:
            self.feedback[f"{ident}_fb"] = paragraph(text)
            self.condition(respident, ident, feedback=f"{ident}_fb", proceed=True)

    def finish(self) -> ET.Element:
        self.fields["original_answer_ids"] = ",".join(self.answer_ids)
        for label, entry in self.fields.items():
            field = sub(self.meta, "qtimetadatafield")
            sub(field, "fieldlabel", label)
            sub(field, "fieldentry", entry)
        for ident, content in self.feedback.items():
            flow = sub(sub(self.element, "itemfeedback", ident=ident), "flow_mat")
            material(flow, content)
        return self.element


def choices(entry: Entry, stem: str = "") -> ET.Element:
    """single, multiple, evidence: one or several options."""
    question = entry.question
    several = isinstance(question, MultipleSelect)
    item = Item(entry, "multiple_answers_question" if several else "multiple_choice_question",
                stem)
    ids = {i: item.answer_id(i + 1) for i in range(len(question.options))}
    item.choice("response1", [(ids[i], question.options[i].text)
                              for i in question.display_order()], several)
    for i, option in enumerate(question.options):
        item.option_feedback(ids[i], option.feedback)
    right = [ids[i] for i, o in enumerate(question.options) if o.correct]
    if several:
        def all_and_only_right(variables: ET.Element) -> None:
            both = sub(variables, "and")
            for i, ident in ids.items():
                parent = both if question.options[i].correct else sub(both, "not")
                sub(parent, "varequal", ident, respident="response1")
        item.condition(None, None, score="100", test=all_and_only_right)
    else:
        item.condition("response1", right[0], score="100")
    return item.finish()


def evidence(entry: Entry) -> ET.Element:
    return choices(entry, claim_html(entry.question.claim))


def true_false(entry: Entry) -> ET.Element:
    question = entry.question
    item = Item(entry, "true_false_question")
    true, false = item.answer_id(1), item.answer_id(2)
    item.choice("response1", [(true, "True"), (false, "False")])
    item.option_feedback(true, question.feedback_true)
    item.option_feedback(false, question.feedback_false)
    item.condition("response1", true if question.answer else false, score="100")
    return item.finish()


def numerical(entry: Entry, low: float, high: float, exact: float | None,
              stem: str = "") -> ET.Element:
    """Right from `low` to `high`; with `exact`, written as Canvas writes an exact answer
    with a margin, otherwise as a range."""
    item = Item(entry, "numerical_question", stem)
    item.typed(decimal=True)

    def within(variables: ET.Element) -> None:
        parent = variables
        if exact is not None:
            parent = sub(variables, "or")
            sub(parent, "varequal", number_text(exact), respident="response1")
            if low == high:
                return
            parent = sub(parent, "and")
        sub(parent, "vargte", number_text(low), respident="response1")
        sub(parent, "varlte", number_text(high), respident="response1")
    item.condition(None, None, score="100", test=within)
    return item.finish()


def numeric(entry: Entry) -> ET.Element:
    question = entry.question
    low, high = question.bounds()
    return numerical(entry, low, high, None if question.range else question.answer,
                     unit_html(question.unit))


def short_text(entry: Entry) -> ET.Element:
    question = entry.question
    item = Item(entry, "short_answer_question")
    item.typed()

    def any_accepted(variables: ET.Element) -> None:  # Canvas reads these as alternatives
        for accepted in question.accept:
            sub(variables, "varequal", accepted, respident="response1")
    item.condition(None, None, score="100", test=any_accepted)
    return item.finish()


def matching(entry: Entry, lefts: list[str], rights: list[str], choices_shown: list[str],
             stem: str = "") -> ET.Element:
    item = Item(entry, "matching_question", stem)
    match_ids = {text: str(item.base + MATCH_OFFSET + n) for n, text in enumerate(choices_shown)}
    share = f"{100 / len(lefts):.2f}"
    for n, (left, right) in enumerate(zip(lefts, rights, strict=True)):
        respident = f"response_{item.answer_id(n + 1)}"
        item.choice(respident, [(ident, text) for text, ident in match_ids.items()],
                    prompt=left)
        item.condition(respident, match_ids[right], score=share, add=True)
    return item.finish()


def ordering(entry: Entry) -> ET.Element:
    question = entry.question
    items = question.items
    return matching(entry, [position_label(i) for i in range(len(items))], items,
                    [items[i] for i in question.display_order()], paragraph(ORDERING_NOTE))


def match_pairs(entry: Entry) -> ET.Element:
    question = entry.question
    return matching(entry, [left for left, _ in question.pairs],
                    [right for _, right in question.pairs], question.choices())


def cloze(entry: Entry) -> ET.Element:
    """Every blank a dropdown: multiple dropdowns; otherwise fill in multiple blanks (a
    dropdown's options then follow its blank in the text, and any of them may be typed)."""
    question = entry.question
    dropdowns = all(blank.options for blank in question.blanks)
    segments = question.segments()
    text = segments[0]
    for number, (blank, after) in enumerate(zip(question.blanks, segments[1:], strict=True), 1):
        listed = "" if dropdowns or not blank.options else f" ({' / '.join(blank.options)})"
        text += f"[blank{number}]{listed}{after}"
    item = Item(entry, "multiple_dropdowns_question" if dropdowns
                else "fill_in_multiple_blanks_question", paragraph(text))
    share = f"{100 / len(question.blanks):.2f}"
    for number, blank in enumerate(question.blanks, 1):
        accepted = {normalise(a) for a in blank.accept}
        answers = blank.options if dropdowns else blank.accept
        respident = f"response_blank{number}"
        ids = [item.answer_id(100 * number + n) for n in range(len(answers))]
        item.choice(respident, list(zip(ids, answers, strict=True)), prompt=f"blank{number}")
        for ident, text in zip(ids, answers, strict=True):
            if normalise(text) in accepted:
                item.condition(respident, ident, score=share, add=True)
    return item.finish()


def placement(entry: Entry) -> ET.Element:
    question = entry.question
    stem = event_html(question.event_title)
    if question.ask == "year":
        return numerical(entry, question.event_year - question.tolerance,
                         question.event_year + question.tolerance, question.event_year, stem)
    item = Item(entry, "multiple_choice_question", stem)
    ids = {stage: item.answer_id(n + 1) for n, stage in enumerate(question.stage_names)}
    item.choice("response1", [(ids[s], stage_label(s, name))
                              for s, name in question.stage_names.items()])
    for stage, ident in ids.items():
        if stage != question.event_stage:
            item.option_feedback(ident, question.check(stage).feedback)
    item.condition("response1", ids[question.event_stage], score="100")
    return item.finish()


def essay(entry: Entry) -> ET.Element:
    item = Item(entry, "essay_question")
    item.feedback["general_fb"] += model_answer_html(entry.question)
    item.typed()
    item.condition(None, None)
    return item.finish()


def code_essay(entry: Entry) -> ET.Element:
    """A code exercise as an essay marked by hand: the code and its value are pasted in."""
    item = Item(entry, "essay_question", paragraph(CODE_NOTE))
    item.feedback["general_fb"] += code_solution_html(entry.question)
    item.typed()
    item.condition(None, None)
    return item.finish()


Writer = Callable[[Entry], ET.Element]
MAPPING: dict[type[Question], tuple[Writer, str]] = {
    SingleChoice: (choices, "multiple_choice_question; each option keeps its feedback"),
    MultipleSelect: (choices, "multiple_answers_question (Canvas gives partial credit its "
                              "own way)"),
    Evidence: (evidence, "multiple_answers_question: the claim in the question text, the "
                         "passage's sentences as options in their order"),
    TrueFalse: (true_false, "true_false_question, with the feedback for each answer (the "
                            "lesson's one-line justification is not asked)"),
    Numeric: (numeric, "numerical_question: an exact answer with its margin, or a range"),
    ShortText: (short_text, "short_answer_question: every accepted answer"),
    Ordering: (ordering, "matching_question: Position 1, 2, ... each matched to its item"),
    Matching: (match_pairs, "matching_question; distractors as extra answers"),
    Cloze: (cloze, "multiple_dropdowns_question when every blank is a dropdown, otherwise "
                   "fill_in_multiple_blanks_question with a dropdown's options shown after "
                   "its blank"),
    Placement: (placement, "ask: stage: multiple_choice_question of the stages; ask: year: "
                           "numerical_question, the year with its tolerance as margin"),
    Reflection: (essay, "essay_question, marked by hand; model answer and rubric in the "
                        "general feedback"),
    Code: (code_essay, "essay_question, marked by hand: the student pastes the code and its "
                       "value; the expected value and the worked solution in the general "
                       "feedback"),
}


def writer_for(question: Question) -> Writer:
    for cls in type(question).__mro__:
        if cls in MAPPING:
            return MAPPING[cls][0]
    raise TypeError(f"question {question.id}: no QTI form for {type(question).__name__}")


def assessment_xml(ident: str, title: str, entries: list[Entry],
                   max_attempts: int | None) -> ET.ElementTree:
    root = ET.Element("questestinterop", {
        "xmlns": QTI_NAMESPACE, "xmlns:xsi": XSI,
        "xsi:schemaLocation": f"{QTI_NAMESPACE} {QTI_SCHEMA}"})
    root.append(ET.Comment(mapping_comment()))
    assessment = sub(root, "assessment", ident=ident, title=title)
    field = sub(sub(assessment, "qtimetadata"), "qtimetadatafield")
    sub(field, "fieldlabel", "cc_maxattempts")
    sub(field, "fieldentry", str(max_attempts or "unlimited"))
    section = sub(assessment, "section", ident="root_section")
    section.extend(writer_for(entry.question)(entry) for entry in entries)
    ET.indent(root)
    return ET.ElementTree(root)


def mapping_comment() -> str:
    lines = [f"  {cls.TYPE}: {says}" for cls, (_, says) in MAPPING.items()]
    return ("\nHow the module's question types are written as Canvas question types\n"
            + "\n".join(lines).replace("--", "-") + "\n")
