"""Quizzes as ipywidgets: collect answers, show results, save progress.

Grading lives in questions.py. What a student sees is kept in widget values (HTML
widgets' `value`), so tests can drive a quiz headless with `submit(...)` and read exactly
the feedback a student would see.
"""

from __future__ import annotations

import html
import time
from typing import Any

import ipywidgets as widgets

from . import data, questions
from .progress import Progress
from .questions import RIGHT, WRONG, AnswerError, Question, Result

FULL = widgets.Layout(width="auto")
SEPARATOR = " \u00b7 "


def _tone(kind: str) -> str:
    """Theme-aware colours from JupyterLab's CSS variables, for light and dark themes."""
    colour = {"right": "--jp-success-color1", "wrong": "--jp-error-color1",
              "partial": "--jp-warn-color1", "info": "--jp-brand-color1"}[kind]
    return (f"border-left: 4px solid var({colour}); padding: 4px 8px; margin: 4px 0; "
            f"color: var(--jp-ui-font-color1); background: var(--jp-layout-color2);")


def feedback_html(kind: str, title: str, body: str = "", details: list[str] | None = None) -> str:
    symbol = {"right": RIGHT, "wrong": WRONG, "partial": "\u25d0", "info": "\u2139"}[kind]
    items = "".join(f"<li>{html.escape(d)}</li>" for d in details or [] if d)
    return (f'<div class="sj-feedback sj-{kind}" role="status" aria-live="polite" '
            f'style="{_tone(kind)}"><strong><span aria-hidden="true">{symbol}</span> '
            f"{html.escape(title)}</strong> {html.escape(body)}"
            + (f"<ul>{items}</ul>" if items else "") + "</div>")


# ---------------------------------------------------------------- inputs, one per type
# Each input has `.widget`, `.get()` (the answer), `.set(answer)` and `.disable(flag)`.

class _Input:
    def disable(self, flag: bool) -> None:
        for child in self.controls():
            child.disabled = flag

    def controls(self) -> list[widgets.Widget]:
        return [self.widget]


class ChoiceInput(_Input):
    def __init__(self, question: questions.SingleChoice):
        self.order = question.display_order()
        self.widget = widgets.RadioButtons(
            options=[(question.options[i].text, i) for i in self.order], index=None,
            layout=FULL, description="Answer", style={"description_width": "initial"})

    def get(self):
        return self.widget.value

    def set(self, answer):
        self.widget.value = answer


class ManyInput(_Input):
    def __init__(self, question: questions.MultipleSelect):
        self.order = question.display_order()
        self.boxes = {i: widgets.Checkbox(description=question.options[i].text, value=False,
                                          indent=False, layout=FULL)
                      for i in self.order}
        header = [widgets.HTML(f"<em>Claim:</em> {html.escape(question.claim)}")] \
            if isinstance(question, questions.Evidence) else []
        self.widget = widgets.VBox(header + [self.boxes[i] for i in self.order])

    def controls(self):
        return list(self.boxes.values())

    def get(self):
        return {i for i, box in self.boxes.items() if box.value}

    def set(self, answer):
        for i, box in self.boxes.items():
            box.value = i in set(answer or ())


class TrueFalseInput(_Input):
    def __init__(self, question: questions.TrueFalse):
        self.choice = widgets.ToggleButtons(options=[("True", True), ("False", False)],
                                            index=None, description="Answer",
                                            style={"description_width": "initial"})
        self.why = widgets.Text(placeholder="One line: why?", description="Because",
                                layout=widgets.Layout(width="90%"))
        self.widget = widgets.VBox([self.choice] + ([self.why] if question.justify else []))

    def controls(self):
        return [self.choice, self.why]

    def get(self):
        return {"value": self.choice.value, "justification": self.why.value}

    def set(self, answer):
        answer = answer or {}
        self.choice.value = answer.get("value")
        self.why.value = answer.get("justification") or ""


class TextInput(_Input):
    def __init__(self, question: Question, placeholder: str = "Type your answer"):
        unit = getattr(question, "unit", "")
        self.widget = widgets.Text(placeholder=placeholder, description="Answer",
                                   layout=widgets.Layout(width="60%"))
        self.unit = widgets.Label(unit)
        self.box = widgets.HBox([self.widget, self.unit]) if unit else self.widget

    def get(self):
        return self.widget.value

    def set(self, answer):
        self.widget.value = "" if answer is None else str(answer)


class OrderingInput(_Input):
    """Items with move-up / move-down buttons: usable with Tab and Enter alone."""

    def __init__(self, question: questions.Ordering):
        self.items = question.items
        self.order = question.display_order()
        self.labels, self.buttons, rows = [], [], []
        for position in range(len(self.order)):
            up = widgets.Button(description="\u2191", layout=widgets.Layout(width="3em"))
            down = widgets.Button(description="\u2193", layout=widgets.Layout(width="3em"))
            up.on_click(lambda _, p=position: self.move(p, -1))
            down.on_click(lambda _, p=position: self.move(p, +1))
            label = widgets.Label(layout=FULL)
            label.add_class("sj-order-item")
            self.labels.append(label)
            self.buttons += [up, down]
            rows.append(widgets.HBox([widgets.Label(f"{position + 1}."), up, down, label]))
        self.widget = widgets.VBox(rows)
        self.moved = False  # checking before arranging anything is not an answer
        self._relabel()

    def _relabel(self):
        for position, (label, item) in enumerate(zip(self.labels, self.order, strict=True)):
            label.value = self.items[item]
            up, down = self.buttons[2 * position], self.buttons[2 * position + 1]
            up.tooltip = f"Move \u201c{self.items[item]}\u201d up"
            down.tooltip = f"Move \u201c{self.items[item]}\u201d down"

    def move(self, position: int, step: int):
        target = position + step
        if 0 <= target < len(self.order):
            self.order[position], self.order[target] = self.order[target], self.order[position]
            self.moved = True
            self._relabel()

    def controls(self):
        return self.buttons

    def get(self):
        return list(self.order) if self.moved else []

    def set(self, answer):
        if answer and sorted(answer) == list(range(len(self.items))):
            self.order = list(answer)
            self.moved = True
            self._relabel()


class MatchingInput(_Input):
    def __init__(self, question: questions.Matching):
        choices = [("Choose\u2026", None)] + [(c, c) for c in question.choices()]
        self.menus = [widgets.Dropdown(options=choices, value=None, layout=FULL,
                                       description=f"{i + 1}", tooltip=left,
                                       style={"description_width": "2em"})
                      for i, (left, _) in enumerate(question.pairs)]
        self.widget = widgets.VBox([
            widgets.VBox([widgets.Label(left), menu])
            for (left, _), menu in zip(question.pairs, self.menus, strict=True)])

    def controls(self):
        return self.menus

    def get(self):
        return {i: menu.value for i, menu in enumerate(self.menus) if menu.value}

    def set(self, answer):
        for i, menu in enumerate(self.menus):
            value = (answer or {}).get(i)
            menu.value = value if value in [v for _, v in menu.options] else None


class ClozeInput(_Input):
    def __init__(self, question: questions.Cloze):
        self.fields = []
        parts: list[widgets.Widget] = []
        segments = question.segments()
        for number, blank in enumerate(question.blanks, start=1):
            parts.append(widgets.HTML(html.escape(segments[number - 1])))
            if blank.options:
                field = widgets.Dropdown(options=[("\u2026", "")] + [(o, o) for o in blank.options],
                                         value="", description=f"blank {number}",
                                         style={"description_width": "0px"},
                                         layout=widgets.Layout(width="10em"))
            else:
                field = widgets.Text(placeholder=f"blank {number}", description=f"blank {number}",
                                     style={"description_width": "0px"},
                                     layout=widgets.Layout(width="10em"))
            self.fields.append(field)
            parts.append(field)
        parts.append(widgets.HTML(html.escape(segments[-1])))
        self.widget = widgets.HBox(parts, layout=widgets.Layout(flex_flow="row wrap",
                                                                align_items="center"))

    def controls(self):
        return self.fields

    def get(self):
        return [f.value for f in self.fields]

    def set(self, answer):
        for field, value in zip(self.fields, answer or [], strict=False):
            allowed = [v for _, v in field.options] if isinstance(field, widgets.Dropdown) else None
            field.value = value if allowed is None or value in allowed else ""


class PlacementInput(_Input):
    def __init__(self, question: questions.Placement):
        if question.ask == "year":
            self.widget = widgets.Text(placeholder="Four-digit year", description="Year")
        else:
            self.widget = widgets.Dropdown(
                options=[("Choose a stage\u2026", None)]
                + [(f"{sid}: {name}", sid) for sid, name in question.stage_names.items()],
                value=None, description="Stage", layout=FULL)
        self.event = widgets.HTML(f"<p><em>Event:</em> {html.escape(question.event_title)}</p>")
        self.box = widgets.VBox([self.event, self.widget])

    def get(self):
        return self.widget.value

    def set(self, answer):
        self.widget.value = answer if answer is not None else (
            "" if isinstance(self.widget, widgets.Text) else None)


class ReflectionInput(_Input):
    def __init__(self, question: questions.Reflection):
        self.widget = widgets.Textarea(placeholder="Write your answer here.",
                                       layout=widgets.Layout(width="95%", height="8em"),
                                       description="Your answer",
                                       style={"description_width": "initial"})

    def get(self):
        return self.widget.value

    def set(self, answer):
        self.widget.value = answer or ""


INPUTS = {
    "single": ChoiceInput, "multiple": ManyInput, "evidence": ManyInput,
    "true_false": TrueFalseInput, "numeric": TextInput, "text": TextInput,
    "ordering": OrderingInput, "matching": MatchingInput, "cloze": ClozeInput,
    "placement": PlacementInput, "reflection": ReflectionInput,
}
assert set(INPUTS) == set(questions.TYPES), "every question type needs an input"


# ---------------------------------------------------------------- one question

class QuestionView:
    """A question with Check, Hint, Show answer and Start over; restores saved progress."""

    def __init__(self, bank: data.QuizBank, question: Question, progress: Progress,
                 number: int | None = None, on_change=None):
        self.bank, self.question, self.progress = bank, question, progress
        self.on_change = on_change or (lambda: None)
        self.max_attempts = question.max_attempts or bank.max_attempts
        self.input = INPUTS[question.TYPE](question)
        label = f"Question {number}" if number else "Question"
        self.prompt = widgets.HTML(
            f"<h4 style='margin-bottom:4px'>{label}</h4><p>{html.escape(question.prompt)}</p>")
        self.check_button = widgets.Button(description="Check", button_style="primary",
                                           tooltip="Check your answer", icon="check")
        self.hint_button = widgets.Button(description="Hint", tooltip="Show the next hint",
                                          icon="lightbulb-o")
        self.answer_button = widgets.Button(description="Show answer", icon="eye",
                                            tooltip="Show a correct answer and the explanation")
        self.reset_button = widgets.Button(description="Start over", icon="undo",
                                           tooltip="Clear your answer and try again")
        self.feedback = widgets.HTML()
        self.hints = widgets.HTML()
        self.solution = widgets.HTML()
        self.status = widgets.HTML()
        self.self_check: list[widgets.Checkbox] = []
        self.self_check_box = widgets.VBox()
        # For placement questions: the event on the timeline, once answered or revealed.
        self.on_timeline = widgets.Output()
        self.placed = False
        self.check_button.on_click(lambda _: self.submit())
        self.hint_button.on_click(lambda _: self.show_hint())
        self.answer_button.on_click(lambda _: self.show_answer())
        self.reset_button.on_click(lambda _: self.reset())
        if not question.hints:
            self.hint_button.layout.display = "none"
        if question.TYPE == "reflection":  # its model answer comes with submitting
            self.answer_button.layout.display = "none"
        answer_box = getattr(self.input, "box", self.input.widget)
        buttons = widgets.HBox([self.check_button, self.hint_button, self.answer_button,
                                self.reset_button])
        self.widget = widgets.VBox(
            [self.prompt, answer_box, buttons, self.status, self.feedback, self.hints,
             self.solution, self.self_check_box, self.on_timeline],
            layout=widgets.Layout(border="1px solid var(--jp-border-color2)",
                                  padding="4px 12px", margin="8px 0"))
        self.widget.add_class("sj-question")
        self.widget.add_class(f"sj-q-{question.id}")  # lets browser tests find a question
        self.record: dict = {}
        self.last_feedback_seconds: float | None = None
        self.restore()

    # -- state
    @property
    def attempts(self) -> int:
        return self.record.get("attempts", 0)

    @property
    def result(self) -> Result | None:
        if "score" not in self.record:
            return None
        return Result(self.record["score"], self.record["correct"], self.record["feedback"])

    def restore(self) -> None:
        self.record = self.progress.get(self.bank.id, self.question.id) or {}
        if "answer" in self.record:
            self.input.set(self.question.answer_from_json(self.record["answer"]))
        result = self.result
        if result:
            self._show_result(result, self.record.get("details", []))
        for _ in range(self.record.get("hints_shown", 0)):
            self._reveal_hint(save=False)
        if self.record.get("revealed"):
            self._show_solution()
        self._refresh()

    def _refresh(self) -> None:
        limit = self.max_attempts
        used_up = limit is not None and self.attempts >= limit
        done = self.question.TYPE == "reflection" and self.result is not None
        self.check_button.disabled = used_up or done
        self.input.disable(used_up or done)
        unlock = self.bank.show_answer_after
        self.answer_button.disabled = not (unlock == 0 or self.attempts >= unlock
                                           or used_up)
        self.hint_button.disabled = self.record.get("hints_shown", 0) >= len(self.question.hints)
        parts = [f"Attempts: {self.attempts}" + (f" of {limit}" if limit else "")]
        if self.answer_button.disabled and self.answer_button.layout.display != "none":
            left = unlock - self.attempts
            parts.append(f"\u201cShow answer\u201d unlocks after {left} more attempt"
                         + ("s" if left != 1 else ""))
        if used_up:
            parts.append("no attempts left")
        self.status.value = f"<small>{SEPARATOR.join(parts)}</small>"

    # -- the contract: check, show solution, reset
    def submit(self, answer: Any = None) -> Result | None:
        """Check the answer in the inputs (or `answer`, put into the inputs first)."""
        started = time.perf_counter()
        if answer is not None:
            self.input.set(answer)
        if self.check_button.disabled:
            return None
        answer = self.input.get()
        try:
            result = self.question.check(answer)
        except AnswerError as problem:
            self.feedback.value = feedback_html("info", "Not checked yet:", str(problem))
            return None
        self.record = self.progress.record_attempt(
            self.bank.id, self.question.id, self.question.answer_to_json(answer),
            result.score, result.correct, result.feedback, self.question.essay_part,
            kind=self.question.TYPE, details=result.details)
        self._show_result(result, result.details)
        self._refresh()
        self.on_change()
        self.last_feedback_seconds = time.perf_counter() - started
        return result

    def _related_events(self) -> str:
        if not self.question.events:
            return ""
        items = "".join(f"<li>{html.escape(data.event_label(e))}</li>"
                        for e in self.question.events)
        return f"<div><small>Related events in the chronology:</small><ul>{items}</ul></div>"

    def _show_result(self, result: Result, details: list[str]) -> None:
        if self.question.TYPE == "reflection":
            self.feedback.value = feedback_html("right", "Saved.", result.feedback)
            self._show_solution(save=False)
            return
        kind = "right" if result.correct else ("partial" if result.score > 0 else "wrong")
        title = {"right": "Correct.", "partial": "Partly right.", "wrong": "Not quite."}[kind]
        score = f"Score {result.score:.2g} of 1." if kind == "partial" else ""
        explanation = self.question.explanation if result.correct else ""
        body = " ".join(p for p in (result.feedback, score, explanation) if p)
        self.feedback.value = feedback_html(kind, title, body, details) + (
            self._related_events() if result.correct else "")
        if result.correct:
            self._place_on_timeline()

    def _place_on_timeline(self) -> None:
        """Draw a placement question's event, ringed, on the whole timeline (once)."""
        if self.question.TYPE != "placement" or self.placed:
            return
        from IPython.display import display

        from .timeline import timeline

        self.placed = True
        with self.on_timeline:
            display(timeline(highlight=[self.question.event]))

    def show_hint(self) -> str | None:
        return self._reveal_hint(save=True)

    def _reveal_hint(self, save: bool) -> str | None:
        shown = self.hints.value.count("<li>")
        if shown >= len(self.question.hints):
            return None
        items = "".join(f"<li>{html.escape(h)}</li>" for h in self.question.hints[:shown + 1])
        self.hints.value = (f'<div style="{_tone("info")}"><strong>Hints</strong>'
                            f"<ol>{items}</ol></div>")
        if save:
            self.record = self.progress.update(self.bank.id, self.question.id,
                                               hints_shown=shown + 1)
            self._refresh()
        return self.question.hints[shown]

    def show_answer(self) -> str:
        if not self.answer_button.disabled:
            self.record = self.progress.update(self.bank.id, self.question.id, revealed=True)
            self._show_solution()
            self._refresh()
        return self.solution.value

    def _show_solution(self, save: bool = True) -> None:
        question = self.question
        if question.TYPE == "reflection":
            self.solution.value = (
                f'<div style="{_tone("info")}"><strong>A model answer</strong>'
                f"<p>{html.escape(question.model_answer)}</p>"
                f"<p>{html.escape(question.explanation)}</p>"
                "<p>Tick each point your answer meets (saved):</p></div>")
            ticked = set(self.record.get("self_check", []))
            self.self_check = [widgets.Checkbox(description=point, value=i in ticked,
                                                indent=False, layout=FULL)
                               for i, point in enumerate(question.rubric)]
            for box in self.self_check:
                box.observe(lambda _: self._save_self_check(), names="value")
            self.self_check_box.children = self.self_check
            return
        self._place_on_timeline()
        self.solution.value = (
            f'<div style="{_tone("info")}"><strong>Answer:</strong> '
            f"{html.escape(question.solution_text())}<br>{html.escape(question.explanation)}"
            f"{self._related_events()}</div>")

    def _save_self_check(self) -> None:
        ticked = [i for i, box in enumerate(self.self_check) if box.value]
        self.record = self.progress.update(self.bank.id, self.question.id, self_check=ticked)

    def reset(self) -> None:
        """Clear the answer and feedback so the student can try again (history is kept)."""
        self.record = self.progress.forget(self.bank.id, self.question.id)
        self.input = INPUTS[self.question.TYPE](self.question)
        self.widget.children = (self.widget.children[0], getattr(self.input, "box",
                                                                   self.input.widget),
                                *self.widget.children[2:])
        for output in (self.feedback, self.hints, self.solution):
            output.value = ""
        self.on_timeline.clear_output()
        self.placed = False
        self.self_check_box.children = ()
        self._refresh()
        self.on_change()


# ---------------------------------------------------------------- a set of questions

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
        self.bank = data.quiz_bank(bank_id)
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
        return [v for v in self.views if v.question.TYPE != "reflection"]

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
