"""Questions as QTI 1.2 in the flavor Canvas writes and reads back (Canvas: Settings ->
Import course content -> "QTI .zip file"); other QTI 1.2 readers take the plain parts.

Each item says its Canvas question type in its metadata (`question_type`); `WRITERS`
says how each neutral form (`question_types/lms_forms.py`) becomes one. Per-option feedback is the
option's `<ident>_fb`, and the general feedback (`general_fb`, shown after answering)
holds the explanation, the related events and the lesson's hints, which Canvas quizzes
have no place for otherwise."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable

from sinojapan.lms.text import (
    Entry,
    explanation_html,
    hints_html,
    number_text,
    paragraph,
    require_writers,
    type_notes,
    unit_html,
    write_entry,
)
from sinojapan.question_types import lms_forms

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


def choices(entry: Entry, form: lms_forms.Choice) -> ET.Element:
    """One option, or several (right only when every right option and no wrong one)."""
    item = Item(entry, "multiple_answers_question" if form.several
                else "multiple_choice_question", form.stem_html)
    ids = {i: item.answer_id(i + 1) for i in range(len(form.options))}
    item.choice("response1", [(ids[i], form.options[i].text) for i in form.order],
                form.several)
    for i, option in enumerate(form.options):
        item.option_feedback(ids[i], option.feedback)
    right = [ids[i] for i, o in enumerate(form.options) if o.correct]
    if form.several:
        def all_and_only_right(variables: ET.Element) -> None:
            both = sub(variables, "and")
            for i, ident in ids.items():
                parent = both if form.options[i].correct else sub(both, "not")
                sub(parent, "varequal", ident, respident="response1")
        item.condition(None, None, score="100", test=all_and_only_right)
    else:
        item.condition("response1", right[0], score="100")
    return item.finish()


def true_false(entry: Entry, form: lms_forms.TrueOrFalse) -> ET.Element:
    item = Item(entry, "true_false_question")
    true, false = item.answer_id(1), item.answer_id(2)
    item.choice("response1", [(true, "True"), (false, "False")])
    item.option_feedback(true, form.feedback_true)
    item.option_feedback(false, form.feedback_false)
    item.condition("response1", true if form.answer else false, score="100")
    return item.finish()


def numerical(entry: Entry, form: lms_forms.Number) -> ET.Element:
    """Right from `low` to `high`; with `exact`, written as Canvas writes an exact answer
    with a margin, otherwise as a range."""
    item = Item(entry, "numerical_question", form.stem_html + unit_html(form.unit))
    item.typed(decimal=True)
    low, high, exact = form.low, form.high, form.exact

    def within(variables: ET.Element) -> None:
        parent = variables
        if exact is not None:  # Canvas writes an exact answer so, even with no margin
            parent = sub(variables, "or")
            sub(parent, "varequal", number_text(exact), respident="response1")
            parent = sub(parent, "and")
        sub(parent, "vargte", number_text(low), respident="response1")
        sub(parent, "varlte", number_text(high), respident="response1")
    item.condition(None, None, score="100", test=within)
    return item.finish()


def short_text(entry: Entry, form: lms_forms.Text) -> ET.Element:
    item = Item(entry, "short_answer_question")
    item.typed()

    def any_accepted(variables: ET.Element) -> None:  # Canvas reads these as alternatives
        for accepted in form.accepted:
            sub(variables, "varequal", accepted, respident="response1")
    item.condition(None, None, score="100", test=any_accepted)
    return item.finish()


def matching(entry: Entry, form: lms_forms.Match) -> ET.Element:
    item = Item(entry, "matching_question", form.stem_html)
    match_ids = {text: str(item.base + MATCH_OFFSET + n) for n, text in enumerate(form.shown)}
    share = f"{100 / len(form.pairs):.2f}"
    for n, (left, right) in enumerate(form.pairs):
        respident = f"response_{item.answer_id(n + 1)}"
        item.choice(respident, [(ident, text) for text, ident in match_ids.items()],
                    prompt=left)
        item.condition(respident, match_ids[right], score=share, add=True)
    return item.finish()


def cloze(entry: Entry, form: lms_forms.Blanks) -> ET.Element:
    """Every blank a dropdown: multiple dropdowns; otherwise fill in multiple blanks (a
    dropdown's options then follow its blank in the text, and any of them may be typed)."""
    dropdowns = all(blank.options for blank in form.blanks)
    text = form.segments[0]
    for number, (blank, after) in enumerate(zip(form.blanks, form.segments[1:], strict=True),
                                            1):
        listed = ("" if dropdowns or not blank.options
                  else f" ({' / '.join(option for option, _ in blank.options)})")
        text += f"[blank{number}]{listed}{after}"
    item = Item(entry, "multiple_dropdowns_question" if dropdowns
                else "fill_in_multiple_blanks_question", paragraph(text))
    share = f"{100 / len(form.blanks):.2f}"
    for number, blank in enumerate(form.blanks, 1):
        # a dropdown's options, or a typed blank's accepted answers (all right)
        answers = blank.options if dropdowns else [(a, True) for a in blank.accepted]
        respident = f"response_blank{number}"
        ids = [item.answer_id(100 * number + n) for n in range(len(answers))]
        item.choice(respident, [(ident, text) for ident, (text, _) in zip(ids, answers,
                                                                         strict=True)],
                    prompt=f"blank{number}")
        for ident, (_, right) in zip(ids, answers, strict=True):
            if right:
                item.condition(respident, ident, score=share, add=True)
    return item.finish()


def essay(entry: Entry, form: lms_forms.Essay) -> ET.Element:
    """Marked by hand; what graders need goes into the general feedback."""
    item = Item(entry, "essay_question", form.stem_html)
    item.feedback["general_fb"] += form.grader_html
    item.typed()
    item.condition(None, None)
    return item.finish()


WRITERS: dict[type, tuple[Callable, str]] = {
    lms_forms.Choice: (choices, "multiple_choice_question, or multiple_answers_question for "
                                "several answers (Canvas gives partial credit its own way); "
                                "each option keeps its feedback"),
    lms_forms.TrueOrFalse: (true_false, "true_false_question, with the feedback for each "
                                        "answer"),
    lms_forms.Number: (numerical, "numerical_question: an exact answer with its margin, or "
                                  "a range"),
    lms_forms.Text: (short_text, "short_answer_question: every accepted answer"),
    lms_forms.Match: (matching, "matching_question; distractors as extra answers"),
    lms_forms.Blanks: (cloze, "multiple_dropdowns_question when every blank is a dropdown, "
                              "otherwise fill_in_multiple_blanks_question with a dropdown's "
                              "options shown after its blank"),
    lms_forms.Essay: (essay, "essay_question, marked by hand; what graders need in the "
                             "general feedback"),
}
require_writers(WRITERS, "lms/qti.py")


def item_xml(entry: Entry) -> ET.Element:
    return write_entry(entry, WRITERS, "QTI for Canvas")


def assessment_xml(ident: str, title: str, entries: list[Entry],
                   max_attempts: int | None) -> ET.ElementTree:
    root = ET.Element("questestinterop", {
        "xmlns": QTI_NAMESPACE, "xmlns:xsi": XSI,
        "xsi:schemaLocation": f"{QTI_NAMESPACE} {QTI_SCHEMA}"})
    root.append(ET.Comment(mapping_comment()))
    assessment = sub(root, "assessment", ident=ident, title=title)
    field = sub(sub(assessment, "qtimetadata"), "qtimetadatafield")
    sub(field, "fieldlabel", "cc_maxattempts")
    sub(field, "fieldentry", str(max_attempts or "unlimited"))  # the course's limit, if set
    section = sub(assessment, "section", ident="root_section")
    section.extend([item_xml(entry) for entry in entries])
    ET.indent(root)
    return ET.ElementTree(root)


def mapping_comment() -> str:
    return ("\nHow the module's question types are written as Canvas question types\n"
            + "\n".join(f"  {line}" for line in type_notes(WRITERS)).replace("--", "-") + "\n")
