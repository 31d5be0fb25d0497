"""Questions as Moodle XML (Moodle's question bank: Import, format "Moodle XML").

Only core Moodle question types are used, so no plugin is needed: `MAPPING` says which
Moodle type each of the module's types becomes and how. A question's explanation is its
general feedback, each option's feedback stays with its option, hints are Moodle hints
(shown between tries in the "Interactive with multiple tries" behaviour), and the
penalty per try is 0, as in the lessons, where retrying costs nothing."""

from __future__ import annotations

import html
import math
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import replace

from sinojapan.lms.text import (
    Entry,
    explanation_html,
    number_text,
    paragraph,
    require_writers,
    type_notes,
    unit_html,
    write_entry,
)
from sinojapan.question_types import Question, lms_forms

# The grades Moodle accepts for an answer (question_bank::fraction_options_full); an
# import stops on any other. Written as percentages with five decimals, as Moodle does.
MOODLE_FRACTIONS = (1.0, 0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333,
                    0.3, 0.25, 0.2, 0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05, 0.0)
# Characters that end an answer or its feedback inside a cloze blank's {...}: written as
# character references, which Moodle decodes after it has split the blank.
CLOZE_SPECIAL = {"~": "&#126;", "#": "&#35;", "}": "&#125;", "{": "&#123;"}


def fraction(share: float) -> str:
    """A share of the mark as Moodle's percentage, e.g. 1/3 -> '33.33333'."""
    for allowed in MOODLE_FRACTIONS:
        if abs(abs(share) - allowed) < 1e-6:
            percent = f"{100 * allowed:.5f}".rstrip("0").rstrip(".")
            return ("-" if share < 0 and allowed else "") + percent
    raise ValueError(f"Moodle cannot give {share:.4f} of the mark to one answer "
                     "(it allows 1/2 to 1/10, 1/20 and a few more)")


def text_element(parent: ET.Element, tag: str, content: str, fmt: str | None = "html",
                 **attributes) -> ET.Element:
    element = ET.SubElement(parent, tag, {**({"format": fmt} if fmt else {}), **attributes})
    ET.SubElement(element, "text").text = content
    return element


def simple(parent: ET.Element, tag: str, value) -> None:
    ET.SubElement(parent, tag).text = str(value)


def answer(parent: ET.Element, share: str, content: str, feedback: str = "",
           fmt: str = "html") -> ET.Element:
    element = text_element(parent, "answer", content, fmt, fraction=share)
    text_element(element, "feedback", paragraph(feedback))
    return element


def start(entry: Entry, moodle_type: str, stem: str = "") -> ET.Element:
    question = entry.question
    element = ET.Element("question", type=moodle_type)
    text_element(element, "name", question.id, fmt=None)
    text_element(element, "questiontext", paragraph(question.prompt) + stem)
    text_element(element, "generalfeedback", explanation_html(entry))
    simple(element, "defaultgrade", number_text(entry.points))
    simple(element, "penalty", 0)
    simple(element, "hidden", 0)
    simple(element, "idnumber", question.id)
    return element


def add_hints(element: ET.Element, question: Question) -> ET.Element:
    for hint in question.hints:
        text_element(element, "hint", paragraph(hint))
    return element


def choices(entry: Entry, form: lms_forms.Choice) -> ET.Element:
    """Moodle multichoice, one answer or several."""
    question = entry.question
    element = start(entry, "multichoice", form.stem_html)
    simple(element, "single", "false" if form.several else "true")
    simple(element, "shuffleanswers", int(form.shuffle))
    simple(element, "answernumbering", "abc" if form.numbered else "none")
    simple(element, "showstandardinstruction", 1)
    for tag in ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback"):
        text_element(element, tag, "")
    if form.several:
        ET.SubElement(element, "shownumcorrect")
    right = sum(o.correct for o in form.options)
    for index in form.order:
        option = form.options[index]
        # several: right picks minus wrong picks over the right ones, as in the lessons
        share = (1 / right if option.correct else -1 / right) if form.several else float(
            option.correct)
        answer(element, fraction(share), esc_text(option.text),
               option.feedback)
    return add_hints(element, question)


def true_false(entry: Entry, form: lms_forms.TrueOrFalse) -> ET.Element:
    question = entry.question
    element = start(entry, "truefalse")
    answer(element, fraction(float(form.answer)), "true",
           form.feedback_true, fmt="moodle_auto_format")
    answer(element, fraction(float(not form.answer)), "false",
           form.feedback_false, fmt="moodle_auto_format")
    return add_hints(element, question)


def numerical(entry: Entry, form: lms_forms.Number) -> ET.Element:
    """The middle of the range with half its width as tolerance; the unit optional."""
    element = start(entry, "numerical", form.stem_html + unit_html(form.unit))
    given = answer(element, "100", number_text((form.low + form.high) / 2),
                   fmt="moodle_auto_format")
    simple(given, "tolerance", number_text((form.high - form.low) / 2))
    if form.unit:  # optional: '6.26' and '6.26 years' both count, as in the lessons
        units = ET.SubElement(element, "units")
        one = ET.SubElement(units, "unit")
        simple(one, "multiplier", 1)
        simple(one, "unit_name", form.unit)
    simple(element, "unitgradingtype", 0)
    simple(element, "unitpenalty", "0.1000000")
    simple(element, "showunits", 0 if form.unit else 3)
    simple(element, "unitsleft", 0)
    return add_hints(element, entry.question)


def short_text(entry: Entry, form: lms_forms.Text) -> ET.Element:
    question = entry.question
    element = start(entry, "shortanswer")
    simple(element, "usecase", 0)
    for accepted in form.accepted:
        answer(element, "100", literal_star(accepted), fmt="moodle_auto_format")
    return add_hints(element, question)


def matching(entry: Entry, form: lms_forms.Match) -> ET.Element:
    element = start(entry, "matching", form.stem_html)
    simple(element, "shuffleanswers", 0)  # prompts in their order; Moodle shuffles choices
    for tag in ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback"):
        text_element(element, tag, "")
    ET.SubElement(element, "shownumcorrect")
    used = {right for _, right in form.pairs}
    extra = [choice for choice in dict.fromkeys(form.shown) if choice not in used]
    for left, right in form.pairs + [("", d) for d in extra]:  # an empty prompt: a distractor
        sub = text_element(element, "subquestion", esc_text(left) if left else "")
        ET.SubElement(ET.SubElement(sub, "answer"), "text").text = right
    return add_hints(element, entry.question)


def cloze_part(text: str) -> str:
    return "".join(CLOZE_SPECIAL.get(c) or html.escape(c) for c in text)


def cloze_blank(blank: lms_forms.Blank, weight: int, shuffle: bool) -> str:
    if blank.options:
        parts = [("%100%" if right else "%0%") + cloze_part(option)
                 for option, right in blank.options]
        kind = "MULTICHOICE_S" if shuffle else "MULTICHOICE"  # _S: Moodle shuffles it too
        return f"{{{weight}:{kind}:" + "~".join(parts) + "}"
    parts = ["%100%" + cloze_part(literal_star(a)) for a in blank.accepted]
    return f"{{{weight}:SHORTANSWER:" + "~".join(parts) + "}"


def blank_weight(entry: Entry, blanks: int) -> int:
    """Moodle's importer makes a cloze question's mark the sum of its blanks' weights,
    which are whole numbers (qtype_multianswer_extract_question): each blank gets an
    equal share of the question's marks, which `quiz_xml` makes divisible."""
    weight = entry.points / blanks
    if weight != int(weight) or weight < 1:
        raise ValueError(f"Moodle gives whole marks per cloze blank: {entry.points:g} marks "
                         f"cannot be shared by {blanks} blanks")
    return int(weight)


def cloze(entry: Entry, form: lms_forms.Blanks) -> ET.Element:
    question = entry.question
    weight = blank_weight(entry, len(form.blanks))
    text = cloze_part(form.segments[0]) + "".join(
        cloze_blank(blank, weight, form.shuffle) + cloze_part(after)
        for blank, after in zip(form.blanks, form.segments[1:], strict=True))
    element = start(entry, "cloze")
    element.find("questiontext/text").text = paragraph(question.prompt) + f"<p>{text}</p>"
    return add_hints(element, question)


def essay(entry: Entry, form: lms_forms.Essay) -> ET.Element:
    """Marked by hand; what graders read is also the general feedback, as the lesson
    shows it once the answer is saved."""
    element = start(entry, "essay", form.stem_html)
    element.find("generalfeedback/text").text += form.grader_html
    simple(element, "responseformat", "monospaced" if form.monospace else "editor")
    simple(element, "responserequired", 1)
    simple(element, "responsefieldlines", 15 if form.monospace else 10)
    if form.min_words:
        simple(element, "minwordlimit", form.min_words)
    simple(element, "attachments", 0)
    simple(element, "attachmentsrequired", 0)
    text_element(element, "graderinfo", form.grader_html)
    text_element(element, "responsetemplate", "")
    return add_hints(element, entry.question)


def esc_text(text: str) -> str:
    return html.escape(text, quote=False)


def literal_star(text: str) -> str:
    """Moodle short answers read '*' as 'anything'; a star in an answer is a star."""
    return text.replace("*", "\\*")


# For each neutral form: how it is written, and what the file says about it.
WRITERS: dict[type, tuple[Callable, str]] = {
    lms_forms.Choice: (choices, "multichoice, one answer; or several answers, each right "
                                "option 1/n of the mark and each wrong one -1/n (right picks "
                                "minus wrong picks); each option keeps its feedback"),
    lms_forms.TrueOrFalse: (true_false, "truefalse, with the feedback for each answer"),
    lms_forms.Number: (numerical, "numerical: the middle of the right range with half its "
                                  "width as tolerance; the unit optional"),
    lms_forms.Text: (short_text, "shortanswer, case ignored: every accepted answer is worth "
                                 "100%"),
    lms_forms.Match: (matching, "matching; distractors as extra answers"),
    lms_forms.Blanks: (cloze, "cloze (multianswer): a text blank as SHORTANSWER with every "
                              "accepted answer, a dropdown blank as MULTICHOICE_S (its options "
                              "in the lesson's order, shuffled by Moodle); each blank an equal "
                              "whole share of the question's marks"),
    lms_forms.Essay: (essay, "essay, marked by hand: what graders need (model answer and "
                             "rubric, or the expected value and worked solution) as "
                             "information for graders and in the general feedback"),
}
require_writers(WRITERS, "lms/moodle.py")


def question_xml(entry: Entry) -> ET.Element:
    return write_entry(entry, WRITERS, "Moodle XML")


def category_xml(path: list[str]) -> ET.Element:
    """A category question: the questions after it go into $course$/top/<path...>. A '/'
    inside a name is doubled, as Moodle reads it."""
    element = ET.Element("question", type="category")
    names = "/".join(name.replace("/", "//") for name in path)
    text_element(element, "category", f"$course$/top/{names}", fmt=None)
    return element


def whole_marks(entries: list[Entry]) -> int:
    """The marks every question of a file is worth, so that each cloze blank gets whole
    marks and every question still weighs the same: the least common multiple of the
    cloze questions' blank counts (1 with no cloze question)."""
    counts = [len(form.blanks) for form in (e.question.lms_form() for e in entries)
              if isinstance(form, lms_forms.Blanks)]
    return math.lcm(1, *counts)


def quiz_xml(sections: list[tuple[list[str], list[Entry]]]) -> ET.ElementTree:
    """A Moodle XML file: for each (category path, entries), its category, then its
    questions, each worth `whole_marks` times its points. The file begins with a comment
    saying how each type is mapped and what a question is worth."""
    marks = whole_marks([entry for _, entries in sections for entry in entries])
    root = ET.Element("quiz")
    root.append(ET.Comment(mapping_comment(marks)))
    for path, entries in sections:
        root.append(category_xml(path))
        root.extend([question_xml(replace(entry, points=entry.points * marks))
                     for entry in entries])
    ET.indent(root)
    return ET.ElementTree(root)


def mapping_comment(marks: int = 1) -> str:
    worth = (f"\nEvery graded question here is worth {marks} marks (Moodle gives whole marks "
             "per cloze blank; a quiz's maximum grade rescales the total)\n" if marks > 1
             else "\nEvery graded question here is worth 1 mark\n")
    return ("\nHow the module's question types are written as Moodle question types\n"
            + "\n".join(f"  {line}" for line in type_notes(WRITERS)).replace("--", "-")
            + worth)
