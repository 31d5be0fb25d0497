"""A lesson's quiz: its questions (see view.py), a running score, feedback by score
band, and retry.

    sj.quiz("02")                        every question of lesson 02's bank
    sj.quiz("02", "s02-turning-point")   one question
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from sinojapan.content import catalog
from sinojapan.course.banks import quiz_bank
from sinojapan.course.rules import rules_html
from sinojapan.pictures.display import (
    KEYBOARD_CSS,
    show_interactive,
    static_with_answers,
    widget_bundle,
)
from sinojapan.progress import hosting, scoring
from sinojapan.progress.store import Progress
from sinojapan.question_types.base import KEY_CSS, STATIC_CSS
from sinojapan.quizzes.answer_input import shared_html
from sinojapan.quizzes.view import QuestionView, feedback_html

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
.sj-quiz .sj-hidden { display: none !important; }
</style>"""


class Quiz:
    """A lesson's questions with a running score, feedback by score band, and retry."""

    def __init__(self, bank_id: str, question_ids: list[str] | None = None,
                 progress: Progress | None = None):
        self.bank = quiz_bank(bank_id)
        self.progress = progress or Progress()
        chosen = ([self.bank.question(q) for q in question_ids] if question_ids
                  else self.bank.questions)
        self.notice = shared_html()
        saved = self.progress.bank(self.bank.id)  # one read of the file for every question
        alone = len(chosen) == 1  # one question beside an exercise: no quiz title above it,
        # so its heading is one level below the lesson's sections, and it has no number
        self.views = [QuestionView(self.bank, q, self.progress,
                                   number=None if alone else i + 1,
                                   on_change=self._update_score, saved=saved.get(q.id, {}),
                                   heading="h3" if alone else "h4")
                      for i, q in enumerate(chosen)]
        self.score = shared_html()
        self.band = shared_html()
        self.retry_button = widgets.Button(description="Show only the ones I missed",
                                           icon="filter", layout=widgets.Layout(width="auto"),
                                           tooltip="Show only the questions not yet answered "
                                                   "correctly; your answers stay")
        self.all_button = widgets.Button(description="Show all questions", icon="list",
                                         layout=widgets.Layout(width="auto"),
                                         tooltip="Show the questions answered correctly too")
        self.retry_button.on_click(lambda _: self.retry_missed())
        self.all_button.on_click(lambda _: self.show_all())
        self.all_button.layout.display = "none"
        footer = [self.score, self.band]
        if len(self.views) > 1:
            footer.append(widgets.HBox([self.retry_button, self.all_button]))
        # the rules in force for this course, stated here and nowhere in the lessons
        header = shared_html(f"<h3>{html.escape(self.bank.title)}</h3>{rules_html(self.bank)}"
                             if len(self.views) > 1 else "")
        self.widget = widgets.VBox([shared_html(QUIZ_CSS + KEYBOARD_CSS), header, self.notice,
                                    *[v.widget for v in self.views], *footer])
        self.widget.add_class("sj-quiz")
        self._update_score()

    def graded(self) -> list[QuestionView]:
        return [v for v in self.views if v.question.GRADED]

    def tally(self) -> scoring.Tally:
        """The footer's count, by the one scoring rule (scoring.py)."""
        return scoring.tally(((v.question.id, v.question.GRADED) for v in self.views),
                             {v.question.id: v.record for v in self.views})

    def _show_notices(self) -> None:
        notices = [feedback_html("partial", "About your saved progress:",
                                 " ".join(self.progress.notices))] if self.progress.notices else []
        temporary = hosting.temporary_notice(self.progress.path)
        if temporary:
            notices.append(feedback_html("info", "Your progress is temporary here.", temporary))
        self.notice.value = "".join(notices)

    def _update_score(self) -> None:
        self._show_notices()
        count = self.tally()
        total, points = count.questions, count.score
        missed = [v for v in self.graded() if not scoring.counts_correct(v.record)]
        self.retry_button.disabled = not missed
        self.retry_button.tooltip = ("Every question is answered correctly" if not missed else
                                     "Show only the questions not yet answered correctly; "
                                     "your answers stay")
        if not total:
            self.score.value = ""
            return
        written = (f" \u00b7 reflections written: {count.written} of {count.reflections}"
                   if count.reflections else "")
        self.score.value = (
            f'<div class="sj-score" role="status" aria-live="polite">'
            f"<strong>{count.correct} of {total} correct</strong> \u00b7 {count.answered} "
            f"answered \u00b7 score {points:.3g} of {total}{written} "
            f'<progress value="{points:.3f}" max="{total}" '
            f'aria-label="Score: {points:.3g} of {total}"></progress></div>')
        self.band.value = (feedback_html("info", "", self.bank.band(count.share))
                           if count.answered == total else "")

    def retry_missed(self) -> list[str]:
        """Show only the questions not yet answered correctly, as they are (nothing is
        cleared: each has its own Start over)."""
        missed = [v for v in self.graded() if not scoring.counts_correct(v.record)]
        if not missed:
            return []
        for view in self.views:  # by class: the questions share one layout model
            if view in missed:
                view.widget.remove_class("sj-hidden")
            else:
                view.widget.add_class("sj-hidden")
        self.all_button.layout.display = None
        return [v.question.id for v in missed]

    def show_all(self) -> None:
        for view in self.views:
            view.widget.remove_class("sj-hidden")
        self.all_button.layout.display = "none"

    def view(self, question_id: str) -> QuestionView:
        return next(v for v in self.views if v.question.id == question_id)

    def static_html(self, with_answers: bool | None = None) -> str:
        """The quiz on a static page, numbered as in JupyterLab: what a student would
        answer and no answer anywhere; with answers (the instructor's version, and by
        default while `sinojapan.instructor.export` writes one), each question's answer key."""
        if with_answers is None:
            with_answers = static_with_answers()
        if with_answers:
            parts = catalog.essay_parts()["title"]
            questions_html = "".join(
                v.question.answer_key_html(i, parts.get(v.question.essay_part, ""))
                for i, v in enumerate(self.views, start=1))
            note = "Instructor's version, with the answers: not for students."
            style = STATIC_CSS + KEY_CSS
        else:
            questions_html = "".join(v.question.static_html(i)
                                     for i, v in enumerate(self.views, start=1))
            note = ("This is the static version of the quiz: run the notebook in JupyterLab "
                    "to answer, get feedback and save.")
            style = STATIC_CSS
        return (f'{style}<div class="sj-static-quiz"><h3>{html.escape(self.bank.title)}'
                f"</h3><p><em>{note}</em></p>{questions_html}</div>")

    def _repr_mimebundle_(self, **kwargs):
        return widget_bundle(self.widget, self.static_html(),
                             f"Quiz: {self.bank.title} ({len(self.views)} questions)")

    def _ipython_display_(self) -> None:
        show_interactive(self._repr_mimebundle_())


def quiz(bank_id: str, *question_ids: str, progress: Progress | None = None) -> Quiz:
    """A lesson's quiz, e.g. `quiz("02")`, or some of its questions by id."""
    return Quiz(str(bank_id), list(question_ids) or None, progress=progress)
