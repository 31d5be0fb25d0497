"""Reading the LMS exports back as an LMS would, for tests/test_lms_*.py: the texts
without their markup, and a cloze question's blanks by Moodle's own grammar."""

from __future__ import annotations

import html
import itertools
import re
from html.parser import HTMLParser

from sinojapan.question_types import Question


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)


def plain(markup: str | None) -> str:
    """What a reader sees of some HTML: its text, entities decoded, spacing collapsed."""
    parser = _Text()
    parser.feed(markup or "")
    parser.close()
    return " ".join("".join(parser.parts).split())


def collapse(text: str) -> str:
    return " ".join(str(text).split())


# Moodle's cloze grammar (question/type/multianswer/questiontype.php), with its
# variable-width look-behind written as three fixed-width ones.
FRACTION = r"=|%(-?[0-9]+(?:[.,][0-9]*)?)%"
ANSWER = r".+?(?<!\\)(?<!&)(?<!&amp;)(?=[~#}]|$)"
FEEDBACK = r".*?(?<!\\)(?=[~}]|$)"
ALTERNATIVE = f"({FRACTION})?({ANSWER})(#({FEEDBACK}))?"
# ANSWER_START_REGEX: a blank's weight (whole marks; 1 when empty), then its type.
BLANK = re.compile(r"\{([0-9]*):(SHORTANSWER|SA|MW|MULTICHOICE_S|MCS|MULTICHOICE|MC|"
                   r"NUMERICAL|NM):(" + ALTERNATIVE + "(?:~" + ALTERNATIVE + r")*)\}", re.S)


def moodle_unescape(text: str) -> str:
    return html.unescape(text).replace("\\}", "}").replace("\\#", "#")


def cloze_blanks(questiontext: str) -> tuple[list[dict], str]:
    """The blanks Moodle finds in a cloze question's text, each {'type', 'weight',
    'answers': [(fraction, text, feedback)]}, and the text left with '{#n}' for each
    blank (qtype_multianswer_extract_question; the question's mark is the sum of the
    weights, whatever <defaultgrade> says)."""
    blanks, text = [], questiontext
    for number in itertools.count(1):
        found = BLANK.search(text)
        if not found:
            return blanks, text
        answers, remaining = [], found.group(3)
        while alt := re.search("~?" + ALTERNATIVE, remaining, re.S):
            share = 1.0 if alt.group(1) == "=" else float(alt.group(2) or 0) / 100
            answers.append((share, moodle_unescape(alt.group(3)),
                            moodle_unescape(alt.group(5) or "")))
            remaining = remaining.split(alt.group(0), 1)[1]
        blanks.append({"type": found.group(2), "answers": answers,
                       "weight": int(found.group(1) or 1)})
        text = text.replace(found.group(0), f"{{#{number}}}", 1)


def shortanswer_text(text: str) -> str:
    """A Moodle short answer as the student must type it: '\\*' is a literal star, and a
    bare one a wildcard that would accept what the lesson does not."""
    assert not re.search(r"(?<!\\)\*", text), f"{text!r}: Moodle reads * as any text"
    return text.replace("\\*", "*")


def graded_right(question: Question, answer) -> bool:
    return question.check(answer).correct


def assert_in(needle: str, haystack: str, where: str) -> None:
    assert collapse(needle) in collapse(haystack), f"{where}: {needle!r} not in {haystack!r}"


AWKWARD = "<b>A & B</b> {1} {x} #3 ~ok~ 50% \"quoted\" 'single' a*b \\ back}slash"


def awkward_bank():
    """A bank whose every text holds what XML, HTML and Moodle's cloze syntax treat
    specially, one question of each type (the demo bank's, with its texts replaced)."""
    from pathlib import Path

    from sinojapan.course.banks import QuizBank, bank_context
    from sinojapan.question_types import TYPES

    def fail(field, problem):
        raise AssertionError(f"{field}: {problem}")

    odd = AWKWARD.replace("{1}", "(1)")  # a text field other than a cloze's may not hold {1}
    common = {"prompt": odd, "explanation": odd + " explained", "essay_part": "stage-1",
              "hints": [odd + " hint"]}
    raws = [
        {"type": "single", "options": [{"text": odd, "correct": True, "feedback": odd + "!"},
                                       {"text": "plain", "feedback": "<i>no</i> & ~"}]},
        {"type": "multiple", "options": [{"text": odd, "correct": True},
                                         {"text": "b & c", "correct": True},
                                         {"text": "<no>", "feedback": "#not ~this}"}]},
        {"type": "evidence", "claim": odd, "passage": [{"text": odd, "supports": True},
                                                       {"text": "x < y", "feedback": "}{"}]},
        {"type": "true_false", "answer": True, "feedback_true": odd, "feedback_false": "<&>"},
        {"type": "numeric", "answer": 12.5, "tolerance": 0.25, "unit": "% & <units>"},
        {"type": "text", "accept": ["a*b", "x & y", "C#~}"]},
        {"type": "ordering", "items": [odd, "second <2>", "third & last"]},
        {"type": "matching", "pairs": [{"left": odd, "right": "r & 1"},
                                       {"left": "l2", "right": "<r2>"}],
         "distractors": ["d ~ # }"]},
        {"type": "cloze", "text": "Start <{1}> & {2}#~} end",
         "blanks": [{"accept": ["a}b#c~d", "&amp; *", "it's &#35;"]},
                    {"accept": ["B & C"], "options": ["B & C", "<D>", "E~#}"]}]},
        {"type": "cloze", "text": "Only {1} dropdowns {2}.",
         "blanks": [{"accept": ["x<y"], "options": ["x<y", "y&z"]},
                    {"accept": ["1}"], "options": ["1}", "2#"]}]},
        {"type": "placement", "event": "2007-03-13-japan-australia-joint-declaration",
         "ask": "stage"},
        {"type": "placement", "event": "2007-03-13-japan-australia-joint-declaration",
         "ask": "year", "tolerance": 1},
        {"type": "reflection", "model_answer": odd, "rubric": [odd, "<rubric> & 2"],
         "min_words": 3},
    ]
    context = bank_context()
    questions = [TYPES[raw["type"]].from_dict({**common, **raw, "id": f"odd-{n}-{raw['type']}"},
                                              fail, context)
                 for n, raw in enumerate(raws, 1)]
    return QuizBank("odd", "Odd / awkward & <texts>", Path("odd.yaml"), questions)
