"""Questions as Moodle XML (Moodle's question bank: Import, format "Moodle XML").

Only core Moodle question types are used, so no plugin is needed: `MAPPING` says which
Moodle type each of the module's types becomes and how. A question's explanation is its
general feedback, each option's feedback stays with its option, hints are Moodle hints
(shown between tries in the "Interactive with multiple tries" behaviour), and the
penalty per try is 0, as in the lessons, where retrying costs nothing."""

from __future__ import annotations

import html
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

# The grades Moodle accepts for an answer (question_bank::fraction_options_full); an
# import stops on any other. Written as percentages with five decimals, as Moodle does.
MOODLE_FRACTIONS = (1.0, 0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333,
                    0.3, 0.25, 0.2, 0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05, 0.0)
# Characters that end an answer or its feedback inside a cloze blank's {...}: written as
# character references, which Moodle decodes after it has split the blank.
CLOZE_SPECIAL = {"~": "&#126;", "#": "&#35;", "}": "&#125;", "{": "&#123;"}


def fraction(share: float, where: str) -> str:
    """A share of the mark as Moodle's percentage, e.g. 1/3 -> '33.33333'."""
    for allowed in MOODLE_FRACTIONS:
        if abs(abs(share) - allowed) < 1e-6:
            percent = f"{100 * allowed:.5f}".rstrip("0").rstrip(".")
            return ("-" if share < 0 and allowed else "") + percent
    raise ValueError(f"{where}: Moodle cannot give {share:.4f} of the mark to one answer "
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


def choices(entry: Entry, stem: str = "", shuffle: bool | None = None) -> ET.Element:
    """single, multiple and evidence: Moodle multichoice, one or several answers."""
    question = entry.question
    several = isinstance(question, MultipleSelect)
    element = start(entry, "multichoice", stem)
    simple(element, "single", "false" if several else "true")
    simple(element, "shuffleanswers", int(question.shuffle if shuffle is None else shuffle))
    simple(element, "answernumbering", "abc")
    simple(element, "showstandardinstruction", 1)
    for tag in ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback"):
        text_element(element, tag, "")
    if several:
        ET.SubElement(element, "shownumcorrect")
    right = sum(o.correct for o in question.options)
    for index in question.display_order():
        option = question.options[index]
        # multiple: right picks minus wrong picks over the right ones, as in the lessons
        share = (1 / right if option.correct else -1 / right) if several else float(
            option.correct)
        answer(element, fraction(share, f"question {question.id}"), esc_text(option.text),
               option.feedback)
    return add_hints(element, question)


def evidence(entry: Entry) -> ET.Element:
    return choices(entry, claim_html(entry.question.claim), shuffle=False)


def true_false(entry: Entry) -> ET.Element:
    question = entry.question
    element = start(entry, "truefalse")
    answer(element, fraction(float(question.answer), question.id), "true",
           question.feedback_true, fmt="moodle_auto_format")
    answer(element, fraction(float(not question.answer), question.id), "false",
           question.feedback_false, fmt="moodle_auto_format")
    return add_hints(element, question)


def numerical(entry: Entry, value: float, tolerance: float, unit: str = "",
              stem: str = "") -> ET.Element:
    element = start(entry, "numerical", stem + unit_html(unit))
    given = answer(element, "100", number_text(value), fmt="moodle_auto_format")
    simple(given, "tolerance", number_text(tolerance))
    if unit:  # optional: '6.26' and '6.26 years' both count, as in the lessons
        units = ET.SubElement(element, "units")
        one = ET.SubElement(units, "unit")
        simple(one, "multiplier", 1)
        simple(one, "unit_name", unit)
    simple(element, "unitgradingtype", 0)
    simple(element, "unitpenalty", "0.1000000")
    simple(element, "showunits", 0 if unit else 3)
    simple(element, "unitsleft", 0)
    return add_hints(element, entry.question)


def numeric(entry: Entry) -> ET.Element:
    low, high = entry.question.bounds()
    return numerical(entry, (low + high) / 2, (high - low) / 2, entry.question.unit)


def short_text(entry: Entry) -> ET.Element:
    question = entry.question
    element = start(entry, "shortanswer")
    simple(element, "usecase", 0)
    for accepted in question.accept:
        answer(element, "100", literal_star(accepted), fmt="moodle_auto_format")
    return add_hints(element, question)


def matching(entry: Entry, pairs: list[tuple[str, str]], extra: list[str],
             stem: str = "") -> ET.Element:
    element = start(entry, "matching", stem)
    simple(element, "shuffleanswers", 0)  # prompts in their order; Moodle shuffles choices
    for tag in ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback"):
        text_element(element, tag, "")
    ET.SubElement(element, "shownumcorrect")
    for left, right in pairs + [("", d) for d in extra]:  # an empty prompt: a distractor
        sub = text_element(element, "subquestion", esc_text(left) if left else "")
        ET.SubElement(ET.SubElement(sub, "answer"), "text").text = right
    return add_hints(element, entry.question)


def ordering(entry: Entry) -> ET.Element:
    items = entry.question.items
    return matching(entry, [(position_label(i), item) for i, item in enumerate(items)], [],
                    paragraph(ORDERING_NOTE))


def match_pairs(entry: Entry) -> ET.Element:
    question = entry.question
    used = {right for _, right in question.pairs}
    return matching(entry, list(question.pairs),
                    [d for d in dict.fromkeys(question.distractors) if d not in used])


def cloze_part(text: str) -> str:
    return "".join(CLOZE_SPECIAL.get(c) or html.escape(c) for c in text)


def cloze_blank(blank) -> str:
    accepted = {normalise(a) for a in blank.accept}
    if blank.options:
        parts = [("%100%" if normalise(o) in accepted else "%0%") + cloze_part(o)
                 for o in blank.options]
        return "{1:MULTICHOICE:" + "~".join(parts) + "}"
    parts = ["%100%" + cloze_part(literal_star(a)) for a in blank.accept]
    return "{1:SHORTANSWER:" + "~".join(parts) + "}"


def cloze(entry: Entry) -> ET.Element:
    question = entry.question
    segments = question.segments()
    text = cloze_part(segments[0]) + "".join(
        cloze_blank(blank) + cloze_part(after)
        for blank, after in zip(question.blanks, segments[1:], strict=True))
    element = start(entry, "cloze")
    element.find("questiontext/text").text = paragraph(question.prompt) + f"<p>{text}</p>"
    return add_hints(element, question)


def placement(entry: Entry) -> ET.Element:
    question = entry.question
    stem = event_html(question.event_title)
    if question.ask == "year":
        return numerical(entry, question.event_year, question.tolerance, stem=stem)
    element = start(entry, "multichoice", stem)
    simple(element, "single", "true")
    simple(element, "shuffleanswers", 0)  # stages in their order
    simple(element, "answernumbering", "none")
    for stage_id, name in question.stage_names.items():
        right = stage_id == question.event_stage
        feedback = "" if right else question.check(stage_id).feedback
        answer(element, fraction(float(right), question.id),
               esc_text(stage_label(stage_id, name)), feedback)
    return add_hints(element, question)


def essay(entry: Entry) -> ET.Element:
    question = entry.question
    element = start(entry, "essay")
    general = element.find("generalfeedback/text")
    general.text += model_answer_html(question)  # the lesson shows it once saved, too
    simple(element, "responseformat", "editor")
    simple(element, "responserequired", 1)
    simple(element, "responsefieldlines", 10)
    simple(element, "minwordlimit", question.min_words)
    simple(element, "attachments", 0)
    simple(element, "attachmentsrequired", 0)
    text_element(element, "graderinfo", model_answer_html(question))
    text_element(element, "responsetemplate", "")
    return add_hints(element, question)


def code_essay(entry: Entry) -> ET.Element:
    """A code exercise as an essay marked by hand: the code and its value are pasted in."""
    question = entry.question
    element = start(entry, "essay", paragraph(CODE_NOTE))
    element.find("generalfeedback/text").text += code_solution_html(question)
    simple(element, "responseformat", "monospaced")
    simple(element, "responserequired", 1)
    simple(element, "responsefieldlines", 15)
    simple(element, "attachments", 0)
    simple(element, "attachmentsrequired", 0)
    text_element(element, "graderinfo", code_solution_html(question))
    text_element(element, "responsetemplate", "")
    return add_hints(element, question)


def esc_text(text: str) -> str:
    return html.escape(text, quote=False)


def literal_star(text: str) -> str:
    """Moodle short answers read '*' as 'anything'; a star in an answer is a star."""
    return text.replace("*", "\\*")


Writer = Callable[[Entry], ET.Element]
# For each type: how it is written, and what the file says about it.
MAPPING: dict[type[Question], tuple[Writer, str]] = {
    SingleChoice: (choices, "multichoice, one answer; each option keeps its feedback"),
    MultipleSelect: (choices, "multichoice, several answers: each right option 1/n of the "
                              "mark, each wrong one -1/n (right picks minus wrong picks)"),
    Evidence: (evidence, "multichoice, several answers: the claim in the question text, the "
                         "passage's sentences as options in their order"),
    TrueFalse: (true_false, "truefalse, with the feedback for each answer (the lesson's "
                            "one-line justification is not asked)"),
    Numeric: (numeric, "numerical: the answer with its tolerance (a range becomes its middle "
                       "with half its width); the unit optional"),
    ShortText: (short_text, "shortanswer, case ignored: every accepted answer is worth 100%"),
    Ordering: (ordering, "matching (core Moodle has no ordering type): Position 1, 2, ... "
                         "each matched to its item"),
    Matching: (match_pairs, "matching; distractors as extra answers"),
    Cloze: (cloze, "cloze (multianswer): a text blank as SHORTANSWER with every accepted "
                   "answer, a dropdown blank as MULTICHOICE"),
    Placement: (placement, "ask: stage: multichoice of the stages; ask: year: numerical, "
                           "the event's year with the tolerance in years"),
    Reflection: (essay, "essay, marked by hand: model answer and rubric as information for "
                        "graders (and in the general feedback)"),
    Code: (code_essay, "essay (monospaced), marked by hand: the student pastes the code and "
                       "its value; the expected value and the worked solution as information "
                       "for graders (and in the general feedback)"),
}


def writer_for(question: Question) -> Writer:
    for cls in type(question).__mro__:
        if cls in MAPPING:
            return MAPPING[cls][0]
    raise TypeError(f"question {question.id}: no Moodle form for {type(question).__name__}")


def question_xml(entry: Entry) -> ET.Element:
    return writer_for(entry.question)(entry)


def category_xml(path: list[str]) -> ET.Element:
    """A category question: the questions after it go into $course$/top/<path...>. A '/'
    inside a name is doubled, as Moodle reads it."""
    element = ET.Element("question", type="category")
    names = "/".join(name.replace("/", "//") for name in path)
    text_element(element, "category", f"$course$/top/{names}", fmt=None)
    return element


def quiz_xml(sections: list[tuple[list[str], list[Entry]]]) -> ET.ElementTree:
    """A Moodle XML file: for each (category path, entries), its category, then its
    questions. The file begins with a comment saying how each type is mapped."""
    root = ET.Element("quiz")
    root.append(ET.Comment(mapping_comment()))
    for path, entries in sections:
        root.append(category_xml(path))
        root.extend(question_xml(entry) for entry in entries)
    ET.indent(root)
    return ET.ElementTree(root)


def mapping_comment() -> str:
    lines = [f"  {cls.TYPE}: {says}" for cls, (_, says) in MAPPING.items()]
    return ("\nHow the module's question types are written as Moodle question types\n"
            + "\n".join(lines).replace("--", "-") + "\n")
