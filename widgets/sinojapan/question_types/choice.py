"""Choosing among given options: single, multiple, evidence and true_false."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import ClassVar

from sinojapan.content.html_text import shortened

from . import lms_forms as lms
from .base import (
    KEY_LINE_LENGTH,
    RIGHT,
    WRONG,
    AnswerError,
    Question,
    Result,
    answer_line,
    choice_list,
    esc,
    letter,
    list_field,
    normalise,
    shuffled,
    text_field,
    within,
)


@dataclass
class Option:
    text: str
    correct: bool = False
    feedback: str = ""


def read_options(raw: dict, fail, key: str = "options") -> list[Option]:
    options = []
    for index, item in enumerate(list_field(raw, key, fail, minimum=2)):
        if not isinstance(item, dict):
            fail(f"{key}[{index}]", "should be a mapping with text, correct and feedback")
        text = text_field(item, "text", within(fail, f"{key}[{index}]"))
        correct = item.get("correct", item.get("supports", False))
        if not isinstance(correct, bool):
            fail(f"{key}[{index}].correct", "should be true or false")
        options.append(Option(text, correct, str(item.get("feedback", "")).strip()))
    texts = [normalise(o.text) for o in options]
    for text in texts:
        if texts.count(text) > 1:
            fail(key, f"two options read the same: '{text}'")
    return options


@dataclass
class SingleChoice(Question):
    TYPE: ClassVar[str] = "single"
    INPUT: ClassVar[str] = "ChoiceInput"
    LMS_FORMS: ClassVar[tuple[type, ...]] = (lms.Choice,)
    options: list[Option] = field(default_factory=list)

    @classmethod
    def specific(cls, raw, fail, context):
        options = read_options(raw, fail)
        if sum(o.correct for o in options) != 1:
            fail("options", "exactly one option must be marked correct: true")
        return {"options": options}

    def display_order(self) -> list[int]:
        return shuffled(len(self.options), self.id, self.shuffle)

    def key_texts(self):
        return [o.feedback for o in self.options]

    def rekeyed(self):
        flags = [o.correct for o in self.options]
        flags = flags[1:] + flags[:1] if len(set(flags)) > 1 else [not f for f in flags]
        flags[0] = flags[0] or not any(flags)
        return replace(self, options=[Option(o.text, flag, "other feedback")
                                      for o, flag in zip(self.options, flags, strict=True)])

    def key_line(self):
        """The letters of the right options, as the static site letters them, then their
        text shortened."""
        right = [(position, self.options[index].text)
                 for position, index in enumerate(self.display_order())
                 if self.options[index].correct]
        return shortened(", ".join(letter(p) for p, _ in right) + ": "
                         + "; ".join(text.rstrip(".") for _, text in right), KEY_LINE_LENGTH)

    def lms_form(self):
        return lms.Choice([lms.ChoiceOption(o.text, o.correct, o.feedback) for o in self.options],
                          self.display_order(), shuffle=self.shuffle)

    def check(self, answer):
        if answer is None or answer == "":
            raise AnswerError("Choose one of the options first.")
        if not isinstance(answer, int) or not 0 <= answer < len(self.options):
            raise AnswerError("That is not one of the options.")
        chosen = self.options[answer]
        return Result(float(chosen.correct), chosen.correct, chosen.feedback)

    def solution(self):
        return next(i for i, o in enumerate(self.options) if o.correct)

    def solution_text(self):
        return self.options[self.solution()].text

    def answer_text(self, answer):
        return self.options[answer].text

    CHOOSE: ClassVar[str] = "Choose one."
    MARK: ClassVar[str] = "\u25cb"  # a circle to mark, as on a worksheet

    def static_body(self):
        said = self.prompt.rstrip().endswith(self.CHOOSE)  # the bank's prompt says it already
        return (("" if said else f"<p><em>{self.CHOOSE}</em></p>")
                + choice_list((self.options[i].text for i in self.display_order()), self.MARK))

    def key_body(self):
        """Every option in the order students see, lettered alike, marked right or wrong,
        with its feedback: for a wrong one, why it is wrong."""
        rows = []
        for position, index in enumerate(self.display_order()):
            option = self.options[index]
            verdict = f"{RIGHT} correct" if option.correct else f"{WRONG} wrong"
            why = f" \u2014 {esc(option.feedback)}" if option.feedback else ""
            rows.append(f"<li><strong>{letter(position)}. {verdict}:</strong> "
                        f"{esc(option.text)}{why}</li>")
        return (f"<p><strong>Answer:</strong> {esc(self.solution_text())}</p>"
                f"<ul>{''.join(rows)}</ul>")


@dataclass
class MultipleSelect(SingleChoice):
    """Score: right picks minus wrong picks, over the number of right options, >= 0."""

    TYPE: ClassVar[str] = "multiple"
    INPUT: ClassVar[str] = "ManyInput"
    CHOOSE: ClassVar[str] = "Select all that apply."
    MARK: ClassVar[str] = "\u2610"  # a box to tick

    @classmethod
    def specific(cls, raw, fail, context):
        options = read_options(raw, fail)
        if not any(o.correct for o in options):
            fail("options", "mark at least one option correct: true")
        return {"options": options}

    def lms_form(self):
        return replace(super().lms_form(), several=True)

    def check(self, answer):
        picked = set(answer or [])
        if not picked:
            raise AnswerError("Select at least one option first.")
        if not picked <= set(range(len(self.options))):
            raise AnswerError("That is not one of the options.")
        right = {i for i, o in enumerate(self.options) if o.correct}
        hits, wrong = len(picked & right), len(picked - right)
        score = (hits - wrong) / len(right)
        correct = picked == right
        if correct:
            summary = {1: "The right option and nothing else.",
                       2: "Both right options and nothing else."}.get(
                len(right), f"All {len(right)} right options and nothing else.")
        else:
            summary = (f"{hits} of {len(right)} right options selected"
                       + (f", and {wrong} that should not be" if wrong else "") + ".")
        details = [self.options[i].feedback for i in sorted(picked) if self.options[i].feedback]
        return Result(score, correct, summary, details)

    def solution(self):
        return sorted(i for i, o in enumerate(self.options) if o.correct)

    def solution_text(self):
        return "; ".join(self.options[i].text for i in self.solution())

    def answer_text(self, answer):
        return "; ".join(self.options[i].text for i in sorted(answer))

    def answer_to_json(self, answer):
        return sorted(answer or [])

    def answer_from_json(self, stored):
        return set(stored or [])


@dataclass
class Evidence(MultipleSelect):
    """Mark the evidence: choose the sentences of a passage that support a claim."""

    TYPE: ClassVar[str] = "evidence"
    INPUT: ClassVar[str] = "ManyInput"
    CHOOSE: ClassVar[str] = "Select each sentence that supports the claim."
    LMS_NOTE: ClassVar[str] = ("the claim in the question text, the passage's sentences as "
                               "options in their order")
    claim: str = ""

    @classmethod
    def specific(cls, raw, fail, context):
        options = read_options(raw, fail, key="passage")
        if not any(o.correct for o in options):
            fail("passage", "mark at least one sentence supports: true")
        return {"options": options, "claim": text_field(raw, "claim", fail)}

    def display_order(self):
        return list(range(len(self.options)))  # a passage keeps its order

    def lms_form(self):
        return replace(super().lms_form(), shuffle=False,
                       stem_html=lms.labelled("Claim", self.claim))

    def answer_text(self, answer):
        return " / ".join(self.options[i].text for i in sorted(answer))  # whole sentences

    def check(self, answer):
        if not answer:
            raise AnswerError("Select at least one sentence first.")
        return super().check(answer)

    def static_body(self):
        return f"<p><em>Claim:</em> {esc(self.claim)}</p>" + super().static_body()

    def key_body(self):
        return f"<p><em>Claim:</em> {esc(self.claim)}</p>" + super().key_body()


@dataclass
class TrueFalse(Question):
    TYPE: ClassVar[str] = "true_false"
    INPUT: ClassVar[str] = "TrueFalseInput"
    LMS_FORMS: ClassVar[tuple[type, ...]] = (lms.TrueOrFalse,)
    LMS_NOTE: ClassVar[str] = "the lesson's one-line justification is not asked"
    answer: bool = True
    justify: bool = False
    feedback_true: str = ""
    feedback_false: str = ""

    @classmethod
    def specific(cls, raw, fail, context):
        if not isinstance(raw.get("answer"), bool):
            fail("answer", "should be true or false")
        return {"answer": raw["answer"], "justify": bool(raw.get("justify", False)),
                "feedback_true": str(raw.get("feedback_true", "")),
                "feedback_false": str(raw.get("feedback_false", ""))}

    def check(self, answer):
        answer = answer or {}
        value = answer.get("value")
        if not isinstance(value, bool):
            raise AnswerError("Choose True or False first.")
        justification = str(answer.get("justification") or "").strip()
        if self.justify and not justification:
            raise AnswerError("Add a one-line justification before checking.")
        correct = value == self.answer
        note = self.feedback_true if value else self.feedback_false
        return Result(float(correct), correct, note)

    def solution(self):
        return {"value": self.answer, "justification": self.explanation}

    def key_texts(self):
        return [self.feedback_true, self.feedback_false]

    def rekeyed(self):
        return replace(self, answer=not self.answer, feedback_true="x", feedback_false="y")

    def lms_form(self):
        return lms.TrueOrFalse(self.answer, self.feedback_true, self.feedback_false)

    def solution_text(self):
        return "True" if self.answer else "False"

    def answer_text(self, answer):
        value = answer.get("value")
        said = "True" if value is True else "False" if value is False else "(no choice)"
        justification = str(answer.get("justification") or "").strip()
        return f"{said}: {justification}" if justification else said

    def answer_choice(self, answer):
        return self.answer_text({"value": answer.get("value")})

    def static_body(self):
        because = answer_line("Because (one line)") if self.justify else ""
        circles = choice_list(["True", "False"], SingleChoice.MARK, lettered=False)
        return f"<p><em>True or false?</em></p>{circles}{because}"

    def key_body(self):
        rows = [f"<li>If a student answers <strong>{label}</strong>: {esc(note)}</li>"
                for label, note in (("True", self.feedback_true), ("False", self.feedback_false))
                if note]
        justify = ("<p>The student must add a one-line justification, which is saved.</p>"
                   if self.justify else "")
        return (f"<p><strong>Answer:</strong> {self.solution_text()}</p>"
                + (f"<ul>{''.join(rows)}</ul>" if rows else "") + justify)
