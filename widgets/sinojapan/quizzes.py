"""A lesson's quiz: its questions (see quiz_view.py), a running score, feedback by score
band, and retry.

    sj.quiz("02")                        every question of lesson 02's bank
    sj.quiz("02", "s02-turning-point")   one question
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from .progress import Progress
from .quiz_banks import quiz_bank
from .quiz_view import QuestionView, feedback_html

# Long option labels must wrap beside their own radio button or checkbox, not overflow
# into the next row (ipywidgets sets one-line labels of fixed height).
QUIZ_CSS = """<style>
.sj-quiz .widget-radio-box label, .sj-quiz .widget-checkbox label {
  white-space: normal; height: auto; line-height: 1.4; display: flex;
  align-items: flex-start; gap: 0.4em; margin-bottom: 0.3em; }
.sj-quiz .widget-radio-box input, .sj-quiz .widget-checkbox input { margin-top: 0.25em; }
.sj-quiz .widget-radio-box label { flex-direction: row-reverse; justify-content: flex-end; }
.sj-quiz .widget-radio-box { height: auto; }
.sj-quiz .widget-checkbox { height: auto; }
</style>"""


class Quiz:
    """A lesson's questions with a running score, feedback by score band, and retry."""

    def __init__(self, bank_id: str, question_ids: list[str] | None = None,
                 progress: Progress | None = None):
        self.bank = quiz_bank(bank_id)
        self.progress = progress or Progress()
        chosen = ([self.bank.question(q) for q in question_ids] if question_ids
                  else self.bank.questions)
        self.notice = widgets.HTML()
        self.views = [QuestionView(self.bank, q, self.progress, number=i + 1,
                                   on_change=self._update_score)
                      for i, q in enumerate(chosen)]
        self.score = widgets.HTML()
        self.band = widgets.HTML()
        self.retry_button = widgets.Button(description="Retry the ones I missed", icon="repeat",
                                           tooltip="Clear and show only the questions not "
                                                   "yet answered correctly")
        self.all_button = widgets.Button(description="Show all questions", icon="list",
                                         tooltip="Show the questions answered correctly too")
        self.retry_button.on_click(lambda _: self.retry_missed())
        self.all_button.on_click(lambda _: self.show_all())
        self.all_button.layout.display = "none"
        footer = [self.score, self.band]
        if len(self.views) > 1:
            footer.append(widgets.HBox([self.retry_button, self.all_button]))
        header = widgets.HTML(f"<h3>{html.escape(self.bank.title)}</h3>") \
            if len(self.views) > 1 else widgets.HTML()
        self.widget = widgets.VBox([widgets.HTML(QUIZ_CSS), header, self.notice,
                                    *[v.widget for v in self.views], *footer])
        self.widget.add_class("sj-quiz")
        if self.progress.notices:
            self.notice.value = feedback_html("partial", "About your saved progress:",
                                              " ".join(self.progress.notices))
        self._update_score()

    def graded(self) -> list[QuestionView]:
        return [v for v in self.views if v.question.GRADED]

    def _update_score(self) -> None:
        graded = self.graded()
        answered = [v for v in graded if v.result]
        right = sum(v.result.correct for v in answered)
        points = sum(v.result.score for v in answered)
        total = len(graded)
        if not total:
            self.score.value = ""
            return
        self.score.value = (
            f'<div class="sj-score" role="status" aria-live="polite">'
            f"<strong>{right} of {total} correct</strong> \u00b7 {len(answered)} answered "
            f"\u00b7 score {points:.3g} of {total} "
            f'<progress value="{points:.3f}" max="{total}" '
            f'aria-label="Score: {points:.3g} of {total}"></progress></div>')
        self.band.value = (feedback_html("info", "", self.bank.band(points / total))
                           if len(answered) == total else "")

    def retry_missed(self) -> list[str]:
        """Start over the questions not answered correctly, and show only those."""
        missed = [v for v in self.graded() if not (v.result and v.result.correct)]
        for view in self.views:
            view.widget.layout.display = None if view in missed else "none"
        for view in missed:
            if view.result:
                view.reset()
        self.all_button.layout.display = None
        return [v.question.id for v in missed]

    def show_all(self) -> None:
        for view in self.views:
            view.widget.layout.display = None
        self.all_button.layout.display = "none"

    def view(self, question_id: str) -> QuestionView:
        return next(v for v in self.views if v.question.id == question_id)

    def static_html(self) -> str:
        questions_html = "".join(v.question.static_html() for v in self.views)
        return (f'<div class="sj-static-quiz"><h3>{html.escape(self.bank.title)}</h3>'
                "<p><em>This is the static version of the quiz: run the notebook in "
                f"JupyterLab to answer and save.</em></p>{questions_html}</div>")

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs) or {}
        if isinstance(bundle, tuple):
            bundle = bundle[0]
        return {**bundle, "text/html": self.static_html(),
                "text/plain": f"Quiz: {self.bank.title} ({len(self.views)} questions)"}


def quiz(bank_id: str, *question_ids: str, progress: Progress | None = None) -> Quiz:
    """A lesson's quiz, e.g. `quiz("02")`, or some of its questions by id."""
    return Quiz(str(bank_id), list(question_ids) or None, progress=progress)
