"""The module's final review (lesson 09): graded questions drawn from the banks of lessons
00-08, more often those the student missed, with a score by part of the essay.

    sj.final_review()            18 questions, drawn from the saved progress

The draw is a pure function of the saved records (`draw`): the same progress gives the same
questions, and a student with no progress gets one. Each question is answered and saved in
its own lesson's bank, so the review and the lessons never disagree about a question.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Mapping
from dataclasses import dataclass

from sinojapan.content import catalog
from sinojapan.content.html_pages import table
from sinojapan.course.banks import quiz_bank, quiz_bank_ids
from sinojapan.pictures.display import show_interactive, widget_bundle
from sinojapan.progress import scoring
from sinojapan.progress.store import Progress
from sinojapan.question_types.base import STATIC_CSS
from sinojapan.quizzes.board import QuizBoard
from sinojapan.quizzes.view import QuestionView

REVIEW_SIZE = 18
# How much more often a question comes up: never tried counts twice a correct answer, a
# question with no credit four times; partial credit falls in between.
WEIGHT_CORRECT, WEIGHT_UNTRIED, WEIGHT_MISSED = 1.0, 2.0, 4.0
# Questions a review cannot ask: a reflection is not graded, and a code question reads
# values the student's own code left in lesson 08's kernel.
NOT_REVIEWED = {"reflection", "code"}


@dataclass(frozen=True)
class Drawn:
    bank: str
    question: str
    weight: float


def review_banks() -> list[str]:
    """The banks of the lessons before this one: 00 to 08."""
    return [b for b in quiz_bank_ids() if b.isdigit() and b < "09"]


def weight(record: Mapping | None) -> float:
    """How strongly a question is drawn, from its saved record (the one scoring rule)."""
    if not scoring.answered(record):
        return WEIGHT_UNTRIED
    missed = 1.0 - scoring.credit(record)
    return WEIGHT_CORRECT + (WEIGHT_MISSED - WEIGHT_CORRECT) * missed


def candidates(banks: list[str]) -> list[tuple[str, str]]:
    """(bank, question id) of every question the review may ask, in lesson order."""
    return [(b, q.id) for b in banks for q in quiz_bank(b).questions
            if q.TYPE not in NOT_REVIEWED]


def draw(records: Mapping[str, Mapping[str, Mapping]], banks: list[str] | None = None,
         size: int = REVIEW_SIZE) -> list[Drawn]:
    """The questions of a review, given the saved records by bank and question id.

    One question from every bank first, then the rest by weight, without repeats
    (weighted sampling: each question's key is u ** (1 / weight), highest keys win). The
    random numbers are seeded by the weights, so a progress state always draws the same
    set, in lesson order."""
    banks = banks or review_banks()
    pool = [Drawn(b, q, weight(records.get(b, {}).get(q))) for b, q in candidates(banks)]
    state = json.dumps([[d.bank, d.question, round(d.weight, 6)] for d in pool])
    rng = random.Random(hashlib.sha256(state.encode()).hexdigest())
    keys = {d: rng.random() ** (1.0 / d.weight) for d in pool}
    chosen: list[Drawn] = []
    for bank in banks:
        in_bank = [d for d in pool if d.bank == bank]
        if in_bank:
            chosen.append(max(in_bank, key=keys.__getitem__))
    rest = sorted((d for d in pool if d not in chosen), key=keys.__getitem__, reverse=True)
    chosen += rest[:max(size - len(chosen), 0)]
    order = {d: i for i, d in enumerate(pool)}
    return sorted(chosen[:size], key=order.__getitem__)


def saved_records(progress: Progress, banks: list[str]) -> dict[str, dict[str, dict]]:
    answers = progress.load()["answers"]
    return {b: answers.get(b, {}) for b in banks}


def scores_by_part(drawn: list[Drawn], records: Mapping[str, Mapping[str, Mapping]]
                   ) -> dict[str, scoring.Tally]:
    """A tally per essay part (in the essay's order) of the drawn questions."""
    by_part: dict[str, list[tuple[str, str]]] = {}
    for d in drawn:
        part = quiz_bank(d.bank).question(d.question).essay_part
        by_part.setdefault(part, []).append((d.bank, d.question))
    order = list(catalog.essay_parts().index)
    flat = {f"{b}/{q}": r for b, rs in records.items() for q, r in rs.items()}
    return {part: scoring.tally(((f"{b}/{q}", True) for b, q in pairs), flat)
            for part, pairs in sorted(by_part.items(),
                                      key=lambda item: order.index(item[0])
                                      if item[0] in order else len(order))}


def scores_table(scores: Mapping[str, scoring.Tally]) -> str:
    titles = catalog.essay_parts()["title"]
    rows = [[str(titles.get(part, part)), f"{t.correct} of {t.questions}",
             f"{t.score:.3g} of {t.questions}"] for part, t in scores.items()]
    return str(table(["part of the essay", "correct", "score"], rows,
                     caption="Your review score by part of the essay"))


class FinalReview:
    """The drawn questions, each with Check, Hint, Show answer and Start over, and under
    them the score by part of the essay, updated as the student answers."""

    def __init__(self, progress: Progress | None = None, size: int = REVIEW_SIZE):
        self.progress = progress or Progress()
        self.banks = review_banks()
        saved = saved_records(self.progress, self.banks)  # one read for every question
        self.drawn = draw(saved, self.banks, size)
        self.views = [QuestionView(quiz_bank(d.bank), quiz_bank(d.bank).question(d.question),
                                   self.progress, number=i,
                                   saved=saved[d.bank].get(d.question, {}),
                                   on_change=self._update_scores,
                                   origin=f"From lesson {d.bank}")
                      for i, d in enumerate(self.drawn, start=1)]
        self.scores = ""
        self.intro = (
            f"<h3>Final review: {len(self.views)} questions from lessons "
            f"{self.banks[0]} to {self.banks[-1]}</h3><p>Each question says which lesson "
            "it comes from; answering it here saves it there too. A question you answered "
            "before shows your last answer: press Start over to try it again (what you "
            "earned is kept).</p>")
        self.widget = QuizBoard(self.views, lambda: {"header": self.intro, "notice": "",
                                                     "score": self.scores, "filter": None},
                                classes="sj-quiz sj-final-review")
        self._update_scores()

    def records(self) -> dict[str, dict[str, dict]]:
        """The drawn questions' records as the views hold them now."""
        out: dict[str, dict[str, dict]] = {}
        for d, view in zip(self.drawn, self.views, strict=True):
            out.setdefault(d.bank, {})[d.question] = view.record
        return out

    def by_part(self) -> dict[str, scoring.Tally]:
        return scores_by_part(self.drawn, self.records())

    def _update_scores(self) -> None:
        scores = self.by_part()
        total = scoring.Tally()
        for t in scores.values():
            total.questions += t.questions
            total.correct += t.correct
            total.score += t.score
        self.scores = (
            f'<div class="sj-score" role="status" aria-live="polite"><strong>'
            f"{total.correct} of {total.questions} correct</strong> \u00b7 score "
            f"{total.score:.3g} of {total.questions}</div>{scores_table(scores)}")
        self.widget.refresh()

    def static_html(self) -> str:
        """The review on a static page (no progress there): the questions, no answers."""
        questions = "".join(v.question.static_html(i) for i, v in enumerate(self.views, 1))
        return (f"{STATIC_CSS}<div class=\"sj-static-quiz\"><h3>Final review</h3><p><em>"
                "The static version draws from no progress: run the notebook in JupyterLab "
                f"to get questions weighted to the ones you missed.</em></p>{questions}</div>")

    def _repr_mimebundle_(self, **kwargs):
        return widget_bundle(self.widget, self.static_html(),
                             f"Final review ({len(self.views)} questions)")

    def _ipython_display_(self) -> None:
        show_interactive(self._repr_mimebundle_())


def final_review(progress: Progress | None = None, size: int = REVIEW_SIZE) -> FinalReview:
    """The module's final review: `size` graded questions from lessons 00-08, weighted
    toward those missed in the saved progress, with a score by part of the essay."""
    return FinalReview(progress, size)
