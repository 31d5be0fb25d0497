"""A lesson's quiz: its questions (see view.py), a running score, feedback by score
band, and retry.

    sj.quiz("02")                        every question of lesson 02's bank
    sj.quiz("02", "s02-turning-point")   one question
"""

from __future__ import annotations

import html

from sinojapan.content import catalog
from sinojapan.course.banks import quiz_bank
from sinojapan.course.rules import rules_html
from sinojapan.pictures.display import show_interactive, static_with_answers, widget_bundle
from sinojapan.progress import hosting, scoring
from sinojapan.progress.store import Progress
from sinojapan.question_types.base import KEY_CSS, STATIC_CSS
from sinojapan.quizzes.board import QuizBoard
from sinojapan.quizzes.feedback import feedback_html
from sinojapan.quizzes.view import QuestionView


class Quiz:
    """A lesson's questions with a running score, feedback by score band, and retry."""

    def __init__(self, bank_id: str, question_ids: list[str] | None = None,
                 progress: Progress | None = None):
        self.bank = quiz_bank(bank_id)
        self.progress = progress or Progress()
        chosen = ([self.bank.question(q) for q in question_ids] if question_ids
                  else self.bank.questions)
        saved = self.progress.bank(self.bank.id)  # one read of the file for every question
        alone = len(chosen) == 1  # one question beside an exercise: no quiz title above it,
        # so its heading is one level below the lesson's sections, and it has no number
        self.views = [QuestionView(self.bank, q, self.progress,
                                   number=None if alone else i + 1,
                                   on_change=self._update_score, saved=saved.get(q.id, {}),
                                   heading="h3" if alone else "h4")
                      for i, q in enumerate(chosen)]
        self.notice = self.score = self.band = ""
        self.showing_missed = False
        self.widget = QuizBoard(self.views, self._parts, classes="sj-quiz",
                                filters={"missed": self.retry_missed, "all": self.show_all}
                                if len(self.views) > 1 else None)
        self._update_score()

    def _parts(self) -> dict:
        """What the quiz component draws around the questions."""
        missed = self._missed()
        filters = {"missed_disabled": not missed, "showing_missed": self.showing_missed,
                   "missed_tooltip": "Every question is answered correctly" if not missed
                   else "Show only the questions not yet answered correctly; your answers "
                        "stay"} if len(self.views) > 1 else None
        # the rules in force for this course, stated here and nowhere in the lessons
        header = (f"<h3>{html.escape(self.bank.title)}</h3>{rules_html(self.bank)}"
                  if len(self.views) > 1 else "")
        return {"header": header, "notice": self.notice, "score": self.score + self.band,
                "filter": filters}

    def _missed(self) -> list[QuestionView]:
        return [v for v in self.graded() if not scoring.counts_correct(v.record)]

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
        self.notice = "".join(notices)

    def _update_score(self) -> None:
        self._show_notices()
        count = self.tally()
        total, points = count.questions, count.score
        if not total:
            self.score = ""
            self.widget.refresh()
            return
        written = (f" \u00b7 reflections written: {count.written} of {count.reflections}"
                   if count.reflections else "")
        self.score = (
            f'<div class="sj-score" role="status" aria-live="polite">'
            f"<strong>{count.correct} of {total} correct</strong> \u00b7 {count.answered} "
            f"answered \u00b7 score {points:.3g} of {total}{written} "
            f'<progress value="{points:.3f}" max="{total}" '
            f'aria-label="Score: {points:.3g} of {total}"></progress></div>')
        self.band = (feedback_html("info", "", self.bank.band(count.share))
                     if count.answered == total else "")
        self.widget.refresh()

    def retry_missed(self) -> list[str]:
        """Show only the questions not yet answered correctly, as they are (nothing is
        cleared: each has its own Start over)."""
        missed = self._missed()
        if not missed:
            return []
        for view in self.views:
            view.hidden = view not in missed
        self.showing_missed = True
        self.widget.refresh()
        return [v.question.id for v in missed]

    def show_all(self) -> None:
        for view in self.views:
            view.hidden = False
        self.showing_missed = False
        self.widget.refresh()

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
