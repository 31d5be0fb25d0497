"""One question: its input, Check, Hint, Show answer and Start over, the feedback, and the
saved record behind them, as the data the quiz component draws (`state()`).

Grading lives in question_types; saving in progress. What a student sees is kept here as
text (`feedback.value`, `status.value`, ...), so tests drive a question headless with
`submit(...)` and read exactly the feedback a student would see. A question shown in two
places (lesson 08's final quiz, the final review) is one record: when one view saves, the
others show it at once (`LIVE`).
"""

from __future__ import annotations

import functools
import html
import time
import weakref
from collections.abc import Callable
from typing import Any

from sinojapan.content.catalog import event_label
from sinojapan.content.html_text import bullets
from sinojapan.course.banks import QuizBank
from sinojapan.progress import scoring
from sinojapan.progress.store import Progress, ProgressError
from sinojapan.question_types import AnswerError, Question, Result
from sinojapan.quizzes.answer_input import BrowserValueError
from sinojapan.quizzes.feedback import Control, Slot, Tick, feedback_html, tone
from sinojapan.quizzes.inputs import input_for

SEPARATOR = " \u00b7 "
LIVE: weakref.WeakSet[QuestionView] = weakref.WeakSet()


class QuestionView:
    """A question with Check, Hint, Show answer and Start over; restores saved progress."""

    def __init__(self, bank: QuizBank, question: Question, progress: Progress,
                 number: int | None = None, on_change=None, saved: dict | None = None,
                 heading: str = "h4", origin: str = ""):
        self.bank, self.question, self.progress = bank, question, progress
        self.record: dict = {}
        self.on_change = on_change or (lambda: None)
        self.changed: Callable[[], None] = lambda: None  # set by the component showing it
        self.max_attempts = bank.attempts_limit(question)
        self.number, self.heading, self.origin = number, heading, origin
        self.hidden = False  # by "Show only the ones I missed"
        self.check_button = (Control("check", "Check", "Check your answer",
                                     lambda: self.submit(), primary=True) if question.GRADED
                             else Control("check", "Save", "Save your answer (earlier "
                                          "versions are kept)", lambda: self.submit(),
                                          primary=True))
        # A button is made when the question can first use it, as H5P does: each is a
        # model the browser renders, and a greyed-out button is one more Tab stop.
        # "Show answer" comes when unlocked ("unlocks after ..." says when; a reflection's
        # model answer comes with saving it); "Start over" once there is work to clear.
        # Once shown, a button stays (Show answer greyed again after Start over).
        self.hint_button = (Control("hint", "Hint", "Show the next hint", self.show_hint)
                            if question.hints and bank.course.hints else None)
        self.answer_button: Control | None = None
        self.reset_button: Control | None = None
        self.status, self.feedback, self.hints, self.solution = (Slot() for _ in range(4))
        self.self_check: list[Tick] = []
        # For placement questions: the event on the timeline (an SVG), once answered.
        self.on_timeline: str | None = None
        self.last_feedback_seconds: float | None = None
        self.restore(saved)
        LIVE.add(self)

    def state(self) -> dict:
        """What the browser draws of this question (components/quiz.js)."""
        label = f"Question {self.number}" if self.number else "Question"
        return {"id": self.question.id, "label": label, "heading": self.heading,
                "prompt": self.question.prompt, "origin": self.origin,
                "input": self.input.spec(), "buttons": [b.spec() for b in self._buttons()],
                "messages": "".join(s.value for s in (self.status, self.feedback, self.hints,
                                                      self.solution)),
                "self_check": [{"text": t.description, "checked": t.value}
                               for t in self.self_check],
                "timeline": self.on_timeline or "", "hidden": self.hidden,
                "graded": self.question.GRADED,
                "correct": scoring.counts_correct(self.record) if self.question.GRADED
                else bool(self.record.get("answer"))}

    def receive(self, value: Any) -> bool:
        """Take what the browser's input holds (sent with every action); False, with a
        message, if it does not fit this question's input."""
        try:
            self.input.receive(value)
        except BrowserValueError as problem:
            self.feedback.value = feedback_html("info", "Not checked yet:", "your answer "
                                                f"could not be read ({problem}); try again.")
            return False
        return True

    # -- state
    @property
    def attempts(self) -> int:
        return self.record.get("attempts", 0)

    @property
    def result(self) -> Result | None:
        if "score" not in self.record:
            return None
        return Result(self.record["score"], self.record["correct"], self.record["feedback"])

    @property
    def used_up(self) -> bool:
        return self.max_attempts is not None and self.attempts >= self.max_attempts

    @property
    def answer_available(self) -> bool:
        """Show answer may be used: the course allows it and, for a graded question, the
        attempts it asks for are made (or none are left, or it is answered or shown)."""
        unlock = self.bank.show_answer_after  # None: never, by the course settings
        return unlock is not None and (
            unlock == 0 or self.attempts >= unlock or self.used_up
            or bool(self.record.get("revealed")) or self.locked)

    @property
    def hint_available(self) -> bool:
        return self.bank.course.hints and (self.record.get("hints_shown", 0)
                                           < len(self.question.hints))

    @property
    def locked(self) -> bool:
        """Answered correctly: the answer stands until Start over, so a later check cannot
        replace it. A reflection never locks: it can be edited and saved again, each
        version kept in its history."""
        return self.question.GRADED and self.result is not None and self.result.correct

    def restore(self, saved: dict | None = None) -> None:
        """Show the saved record: `saved` when the caller read it already (a quiz reads its
        bank's records once), else this question's record from the progress file."""
        self.record = (saved if saved is not None
                       else self.progress.get(self.bank.id, self.question.id)) or {}
        self.input = input_for(self.question)  # drawn afresh from the record
        for slot in (self.feedback, self.hints, self.solution):
            slot.value = ""
        self.on_timeline, self.self_check = None, []
        if "answer" in self.record and not self._put_back(self.record["answer"]):
            # Shown as unanswered; the saved record (and what it earned) stays untouched.
            self.record = {k: v for k, v in self.record.items()
                           if k not in scoring.ROUND_FIELDS}
            self.feedback.value = feedback_html(
                "partial", "Your saved answer no longer fits this question,",
                "which has changed since you answered it. Your earlier record is kept; "
                "answer again.")
            self._refresh()
            return
        result = self.result
        if result:
            self._show_result(result, self.record.get("details", []))
        for _ in range(self.record.get("hints_shown", 0)):
            self._reveal_hint(save=False)
        if self.record.get("solution_shown", self.record.get("revealed")):
            self._show_solution()
        self._refresh()

    def _put_back(self, stored) -> bool:
        """Show a saved answer in the inputs; False if it no longer fits the question."""
        try:
            answer = self.question.answer_from_json(stored)
            self.input.set(answer)
            self.question.check(answer)
        except Exception:  # any way a stored answer fails to fit (TraitError, KeyError,
            # AnswerError, ...) means the same to the student: the question has changed
            self.input = input_for(self.question)
            return False
        return True

    def _save(self, action, *args) -> bool:
        """Run a save on the progress store; on failure, say so and keep what is shown."""
        try:
            self.record = action(self.bank.id, self.question.id, *args)
        except ProgressError as problem:
            self.status.value = feedback_html("partial", "Not saved:", str(problem))
            return False
        return True

    def _refresh(self) -> None:
        limit, used_up = self.max_attempts, self.used_up
        course = self.bank.course
        done = self.locked and course.lock_when_correct
        self.check_button.disabled = used_up or done
        self.input.disable(used_up or done)
        unlock = self.bank.show_answer_after  # None: never, by the course settings
        offers_answer = self.question.GRADED and unlock is not None
        if offers_answer and self.answer_available and self.answer_button is None:
            self.answer_button = Control("answer", "Show answer", "Show a correct answer "
                                         "and the explanation", self.show_answer)
        if self.record and self.reset_button is None:
            self.reset_button = Control("reset", "Start over", "Clear your answer and try "
                                        "again", self.reset)
        if self.answer_button is not None:  # kept after Start over, greyed until unlocked
            self.answer_button.disabled = not self.answer_available
        if self.hint_button is not None:
            self.hint_button.disabled = not self.hint_available
        parts = [f"Attempts: {self.attempts}" + (f" of {limit}" if limit else "")
                 if self.question.GRADED else
                 f"Saved {self.attempts} time{'s' if self.attempts != 1 else ''}"
                 + (": edit it and save again, every version is kept" if self.attempts
                    else "")]
        if offers_answer and not self.answer_available:
            left = unlock - self.attempts
            parts.append(f"\u201cShow answer\u201d unlocks after {left} more attempt"
                         + ("s" if left != 1 else ""))
        if used_up:
            parts.append("no attempts left")
        elif not scoring.within_limit(self.record, limit) and self.question.GRADED:
            parts.append("practice: the checks that earn credit are used")
        if self.locked and self.question.GRADED and course.lock_when_correct:
            kept = ("what you earned is kept" if scoring.credit(self.record) > 0
                    else "no credit was earned: the feedback says why")
            parts.append(f"answered correctly: \u201cStart over\u201d to practise again ({kept})")
        self.status.value = f"<small>{SEPARATOR.join(parts)}</small>"

    def _buttons(self) -> list[Control]:
        # In the order they first appear, so a button never moves under the pointer (a
        # click meant for Start over must not reveal the answer).
        return [b for b in (self.check_button, self.hint_button, self.reset_button,
                            self.answer_button) if b is not None]

    # -- the contract: check, show solution, reset
    def submit(self, answer: Any = None) -> Result | None:
        """Check the answer in the inputs (or `answer`, put into the inputs first)."""
        started = time.perf_counter()
        if answer is not None:
            self.input.put(answer)
        self._catch_up()
        if self.check_button.disabled:
            return None
        answer = self.input.get()
        try:
            result = self.question.check(answer)
        except AnswerError as problem:
            self.feedback.value = feedback_html("info", "Not checked yet:", str(problem))
            return None
        if not self._save(functools.partial(self.progress.record_attempt,
                                            limit=self.max_attempts),
                          self.question.answer_to_json(answer), result.score, result.correct,
                          result.feedback, self.question.essay_part, self.question.TYPE,
                          result.details):
            return None
        self.input.checked(answer)
        self._show_result(result, result.details)
        self._refresh()
        self._saved()
        self.last_feedback_seconds = time.perf_counter() - started
        return result

    def _saved(self) -> None:
        """After a save: the quiz's score, this view, and every other view of the same
        question (shown in another cell) show the new record."""
        self.on_change()
        self.changed()
        for other in list(LIVE):
            if (other is not self and other.question.id == self.question.id
                    and other.bank.id == self.bank.id
                    and other.progress.path == self.progress.path):
                other.restore()
                other.on_change()
                other.changed()

    def _catch_up(self) -> None:
        """Take the saved record if another view of this question saved since this one was
        drawn (lesson 08 shows its exercises again in the final quiz; a student may open a
        lesson twice), so a check never overwrites a correct answer it cannot see."""
        try:
            fresh = self.progress.get(self.bank.id, self.question.id) or {}
        except ProgressError:
            return
        if fresh == self.record:
            return
        self.record = fresh
        if self.locked and self.bank.course.lock_when_correct:
            self.restore(fresh)
            self.feedback.value = feedback_html(
                "info", "Already answered:", "this question was answered correctly in "
                "another cell, and that answer stands.") + self.feedback.value
        else:
            self._refresh()

    def _related_events(self) -> str:
        if not self.question.events:
            return ""
        items = bullets(event_label(e) for e in self.question.events)
        return f"<div><small>Related events in the chronology:</small>{items}</div>"

    def _show_result(self, result: Result, details: list[str]) -> None:
        if not self.question.GRADED:
            self.feedback.value = feedback_html("right", "Saved.", result.feedback)
            self._show_solution(save=False)
            return
        kind = "right" if result.correct else ("partial" if result.score > 0 else "wrong")
        title = {"right": "Correct.", "partial": "Partly right.", "wrong": "Not quite."}[kind]
        score = f"Score {result.score:.2g} of 1." if kind == "partial" else ""
        explanation = self.question.explanation if result.correct else ""
        last = (self.record.get("history") or [{}])[-1]
        cost = ""
        if scoring.credit(self.record) < result.score:
            if last.get("revealed_before"):
                cost = "No credit: the answer had been shown before this check."
            elif last.get("beyond_limit"):
                cost = "No credit: the checks this question allows had all been made."
        body = " ".join(p for p in (result.feedback, score, cost, explanation) if p)
        self.feedback.value = feedback_html(kind, title, body, details) + (
            self._related_events() if result.correct else "")
        if result.correct:
            self._place_on_timeline()

    def _place_on_timeline(self) -> None:
        """Draw the question's event (a placement's), ringed, on a timeline strip, once."""
        event = self.question.timeline_event()
        if event is None or self.on_timeline is not None:
            return
        from sinojapan.pictures.event_strip import event_strip

        self.on_timeline = event_strip(event)

    def show_hint(self) -> str | None:
        if not self.hint_available:  # hints used up, or off for this course
            return None
        return self._reveal_hint(save=True)

    def _reveal_hint(self, save: bool) -> str | None:
        shown = self.hints.value.count("<li>")
        if shown >= len(self.question.hints):
            return None
        items = bullets(self.question.hints[:shown + 1], ordered=True)
        self.hints.value = f'<div style="{tone("info")}"><strong>Hints</strong>{items}</div>'
        if save:
            self._save(self.progress.hint, shown + 1)
            self._refresh()
            self.changed()
        return self.question.hints[shown]

    def show_answer(self) -> str:
        if self.answer_available and self._save(self.progress.reveal):
            self._show_solution()
            self._refresh()
            self._saved()
        return self.solution.value

    def _show_solution(self, save: bool = True) -> None:
        question = self.question
        if not question.GRADED:
            self.solution.value = (
                f'<div style="{tone("info")}"><strong>A model answer</strong>'
                f"<p>{html.escape(question.model_answer)}</p>"
                f"<p>{html.escape(question.explanation)}</p>"
                "<p>Tick each point your answer meets (saved):</p></div>")
            ticked = set(self.record.get("self_check", []))
            self.self_check = [Tick(point, i in ticked) for i, point in enumerate(question.rubric)]
            return
        self._place_on_timeline()
        self.solution.value = (
            f'<div style="{tone("info")}"><strong>Answer:</strong> '
            f"{question.solution_html()}<br>{html.escape(question.explanation)}"
            f"{self._related_events()}</div>")

    def tick(self, ticked: list[int]) -> None:
        """The self-check's points the student ticked (by index), saved."""
        if not self.self_check:  # none shown now (a tick from a page drawn before a
            return               # Start over): nothing to save, no record to make
        for i, point in enumerate(self.self_check):
            point.value = i in set(ticked)
        chosen = [i for i, point in enumerate(self.self_check) if point.value]
        if self._save(lambda bank, question: self.progress.update(bank, question,
                                                                  self_check=chosen)):
            self._saved()

    def reset(self) -> None:
        """Clear the answer and feedback so the student can try again; what was earned,
        revealed and hinted, and the history, are kept (see scoring.py)."""
        if not self._save(self.progress.forget):
            return
        self.input = input_for(self.question)
        for output in (self.feedback, self.hints, self.solution):
            output.value = ""
        self.on_timeline = None
        self.self_check = []
        self._refresh()
        self._saved()
