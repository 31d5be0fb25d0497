"""Structured answers: ordering, matching and cloze (fill in the blanks)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import ClassVar

from . import lms_forms as lms
from .base import (
    RIGHT,
    WRONG,
    AnswerError,
    Question,
    Result,
    bullets,
    choice_list,
    esc,
    letter,
    list_field,
    normalise,
    shuffled,
    strings_field,
    text_field,
    within,
)
from .typed import CLOSENESS, spelling, spelling_note


@dataclass
class Ordering(Question):
    """Put items in order. Answer: the items' indices (in the correct order) as arranged.
    Score: the share of pairs of items that are in the right relative order."""

    TYPE: ClassVar[str] = "ordering"
    INPUT: ClassVar[str] = "OrderingInput"
    LMS_FORMS: ClassVar[tuple[type, ...]] = (lms.Match,)
    LMS_NOTE: ClassVar[str] = ("Position 1, 2, ... each matched to its item: core Moodle and "
                               "Canvas have no ordering type")
    items: list[str] = field(default_factory=list)

    @classmethod
    def specific(cls, raw, fail, context):
        items = strings_field(raw, "items", fail, minimum=3)
        if len({normalise(i) for i in items}) != len(items):
            fail("items", "two items read the same")
        return {"items": items}

    def display_order(self):
        order = shuffled(len(self.items), self.id, True)
        if order == sorted(order):  # never start out solved
            order = order[1:] + order[:1]
        return order

    def key_texts(self):
        return []  # the key is the order of the items shown

    def rekeyed(self):
        return None  # the key is the arrangement: tests check the order shown instead

    def lms_form(self):
        return lms.Match([(lms.position_label(i), item) for i, item in enumerate(self.items)],
                         [self.items[i] for i in self.display_order()],
                         lms.paragraph(lms.ORDERING_NOTE))

    def check(self, answer):
        order = list(answer or [])
        if sorted(order) != list(range(len(self.items))):
            raise AnswerError("Arrange the items first: move them with the \u2191 and "
                              "\u2193 buttons.")
        pairs = [(a, b) for i, a in enumerate(order) for b in order[i + 1:]]
        in_order = sum(a < b for a, b in pairs)
        correct = order == sorted(order)
        placed = sum(a == i for i, a in enumerate(order))
        feedback = ("Every item is in place." if correct else
                    f"{placed} of {len(order)} items in the right place; "
                    f"{in_order} of {len(pairs)} pairs in the right order.")
        return Result(in_order / len(pairs), correct, feedback)

    def solution(self):
        return list(range(len(self.items)))

    def solution_text(self):
        return " \u2192 ".join(self.items)

    def answer_text(self, answer):
        return " \u2192 ".join(self.items[i] for i in answer)

    def static_body(self):
        return ("<p><em>Put these in order: write 1 beside the first, 2 beside the next, and "
                "so on.</em></p>"
                + choice_list((self.items[i] for i in self.display_order()), "___"))

    def key_body(self):
        shown = {item: letter(position) for position, item in enumerate(self.display_order())}
        return ("<p><strong>Answer:</strong> in this order (the letters are those students "
                "see):</p>" + bullets((f"{shown[i]}. {text}" for i, text in enumerate(self.items)),
                                      ordered=True)
                + "<p>Partial credit: the share of pairs of items in the right order.</p>")


@dataclass
class Matching(Question):
    """Each prompt gets a dropdown of answers. Answer: {prompt index: chosen answer}."""

    TYPE: ClassVar[str] = "matching"
    INPUT: ClassVar[str] = "MatchingInput"
    LMS_FORMS: ClassVar[tuple[type, ...]] = (lms.Match,)
    pairs: list[tuple[str, str]] = field(default_factory=list)
    distractors: list[str] = field(default_factory=list)

    @classmethod
    def specific(cls, raw, fail, context):
        pairs = []
        for index, item in enumerate(list_field(raw, "pairs", fail, minimum=2)):
            where = f"pairs[{index}]"
            if not isinstance(item, dict):
                fail(where, "should be a mapping with left and right")
            pairs.append((text_field(item, "left", within(fail, where)),
                          text_field(item, "right", within(fail, where))))
        distractors = strings_field(raw, "distractors", fail, 0) if "distractors" in raw else []
        return {"pairs": pairs, "distractors": distractors}

    def choices(self) -> list[str]:
        unique = list(dict.fromkeys([r for _, r in self.pairs] + self.distractors))
        return [unique[i] for i in shuffled(len(unique), self.id, self.shuffle)]

    def key_texts(self):
        return []  # the key is which shown choice goes with which prompt

    def rekeyed(self):
        return None  # the key is the arrangement: tests check the choices shown instead

    def lms_form(self):
        return lms.Match(list(self.pairs), self.choices())

    def check(self, answer):
        answer = {int(k): v for k, v in (answer or {}).items() if v}
        if len(answer) < len(self.pairs):
            raise AnswerError(f"Match all {len(self.pairs)} items first "
                              f"({len(self.pairs) - len(answer)} left).")
        right = [answer.get(i) == r for i, (_, r) in enumerate(self.pairs)]
        details = [f"{RIGHT if ok else WRONG} {left}" for ok, (left, _) in
                   zip(right, self.pairs, strict=True)]
        return Result(sum(right) / len(right), all(right),
                      f"{sum(right)} of {len(right)} matched correctly.", details)

    def solution(self):
        return {i: r for i, (_, r) in enumerate(self.pairs)}

    def solution_text(self):
        return "; ".join(f"{left} \u2192 {right}" for left, right in self.pairs)

    def answer_text(self, answer):
        return "; ".join(f"{left} \u2192 {answer.get(i) or '(none)'}"
                         for i, (left, _) in enumerate(self.pairs))

    def answer_to_json(self, answer):
        return {str(k): v for k, v in (answer or {}).items()}

    def answer_from_json(self, stored):
        return {int(k): v for k, v in (stored or {}).items()}

    def static_body(self):
        rows = bullets((f"{left} \u2192 ______" for left, _ in self.pairs), ordered=True)
        return (f"<p><em>Match each item with one of the choices.</em></p>{rows}"
                f"<p><em>Choices:</em></p>{bullets(self.choices())}")

    def key_body(self):
        rows = "".join(f"<tr><td>{esc(left)}</td><td>{esc(right)}</td></tr>"
                       for left, right in self.pairs)
        unused = (f"<p>Choices that match nothing: {esc('; '.join(self.distractors))}</p>"
                  if self.distractors else "")
        return ('<p><strong>Answer:</strong></p><table class="sj-pairs"><thead><tr>'
                f"<th>item</th><th>its match</th></tr></thead><tbody>{rows}</tbody></table>"
                + unused + "<p>Partial credit: the share of items matched.</p>")


BLANK = re.compile(r"\{(\d+)\}")


@dataclass
class Blank:
    accept: list[str]
    options: list[str]  # empty: a text box; otherwise a dropdown


@dataclass
class Cloze(Question):
    """A sentence with blanks written {1}, {2}, ... Answer: a list of strings, one per blank."""

    TYPE: ClassVar[str] = "cloze"
    INPUT: ClassVar[str] = "ClozeInput"
    LMS_FORMS: ClassVar[tuple[type, ...]] = (lms.Blanks,)
    text: str = ""
    blanks: list[Blank] = field(default_factory=list)

    @classmethod
    def specific(cls, raw, fail, context):
        text = text_field(raw, "text", fail)
        blanks = []
        for index, item in enumerate(list_field(raw, "blanks", fail)):
            where = f"blanks[{index}]"
            if not isinstance(item, dict):
                fail(where, "needs accept: a list of accepted answers")
            accept = strings_field(item, "accept", within(fail, where))
            options = (strings_field(item, "options", within(fail, where), 2)
                       if "options" in item else [])
            if options and not any(normalise(a) == normalise(o) for a in accept
                                   for o in options):
                fail(f"{where}.options", "none of the options is an accepted answer")
            blanks.append(Blank(accept, options))
        numbers = [int(n) for n in BLANK.findall(text)]
        if numbers != list(range(1, len(blanks) + 1)):
            fail("text", f"should contain the blanks {{1}} to {{{len(blanks)}}} in order, "
                 f"once each; found {numbers or 'none'}")
        return {"text": text, "blanks": blanks}

    def segments(self) -> list[str]:
        """The text around the blanks: one more segment than there are blanks."""
        return BLANK.split(self.text)[::2]

    def shown_options(self, number: int) -> list[str]:
        """Blank `number`'s (1 = first) dropdown options in the order every surface shows
        them: shuffled once for the question and blank, as choice options are, so the
        right one is not always first."""
        options = self.blanks[number - 1].options
        return [options[i] for i in shuffled(len(options), f"{self.id}/{number}", self.shuffle)]

    def key_texts(self):
        return [self.solution_text()]

    def rekeyed(self):
        return replace(self, blanks=[Blank([b.options[-1] if b.options else "other"], b.options)
                                     for b in self.blanks])

    def lms_form(self):
        def blank(b: Blank, shown: list[str]) -> list[tuple[str, bool]]:
            accepted = {normalise(a) for a in b.accept}
            return [(option, normalise(option) in accepted) for option in shown]
        return lms.Blanks(self.segments(), [
            lms.Blank(list(b.accept), blank(b, self.shown_options(n)))
            for n, b in enumerate(self.blanks, start=1)], shuffle=self.shuffle)

    def check(self, answer):
        given = list(answer or [])
        given += [""] * (len(self.blanks) - len(given))
        empty = sum(not normalise(g) for g in given)
        if empty:
            raise AnswerError(f"Fill in every blank first ({empty} empty).")
        marks = [self.blank_counts(blank, g) for g, blank in zip(given, self.blanks, strict=False)]
        right = [ok for ok, _ in marks]
        details = [f"Blank {i}: {RIGHT + ' right' if ok else WRONG + ' not this'}"
                   + (", misspelled" if forgiven else "")
                   for i, (ok, forgiven) in enumerate(marks, start=1)]
        typos = [spelling_note(forgiven, f"blank {i}")
                 for i, (_, forgiven) in enumerate(marks, start=1) if forgiven]
        return Result(sum(right) / len(right), all(right),
                      " ".join([f"{sum(right)} of {len(right)} blanks right.", *typos]), details)

    @staticmethod
    def blank_counts(blank: Blank, given: str) -> tuple[bool, str]:
        """Whether one blank's answer counts, and the accepted word a forgiven misspelling
        was taken for: a typed blank forgives small misspellings as a short answer does (the
        same rule, `base.spelling`); a dropdown's choice is exact."""
        if blank.options:
            return normalise(given) in {normalise(a) for a in blank.accept}, ""
        return spelling(given, blank.accept)

    def solution(self):
        return [b.accept[0] if not b.options else
                next(o for o in b.options if normalise(o) in {normalise(a) for a in b.accept})
                for b in self.blanks]

    def solution_text(self):
        filled = self.text
        for number, value in enumerate(self.solution(), start=1):
            filled = filled.replace(f"{{{number}}}", value)
        return filled

    def answer_text(self, answer):
        given = list(answer) + [""] * (len(self.blanks) - len(answer))
        return BLANK.sub(lambda match: f"[{given[int(match[1]) - 1] or '...'}]", self.text)

    def static_body(self):
        text = esc(BLANK.sub(lambda m: f"({m[1]}) ______", self.text))
        menus = [f"Blank {number}: choose from {', '.join(self.shown_options(number))}"
                 for number, blank in enumerate(self.blanks, start=1) if blank.options]
        return f"<p>{text}</p>" + bullets(menus)

    def key_body(self):
        rows = []
        for number, blank in enumerate(self.blanks, start=1):
            menu = (f" (a menu of: {', '.join(self.shown_options(number))})" if blank.options
                    else "")
            rows.append(f"Blank {number}: {' or '.join(blank.accept)}{menu}")
        return (f"<p><strong>Answer:</strong> {esc(self.solution_text())}</p>" + bullets(rows)
                + "<p>Case, accents and punctuation are ignored, and in a typed blank so are small "
                f"misspellings (an answer at least {CLOSENESS:.0%} similar to an accepted one, as "
                "for short answers); partial credit by blank.</p>")
