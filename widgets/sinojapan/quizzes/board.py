"""The quiz component: a lesson's quiz, or the final review, as one anywidget model
(components/quiz.js draws it). Each question's state comes from its `QuestionView`; each
action from the browser carries the question's id and the answer it shows."""

from __future__ import annotations

from collections.abc import Callable

from sinojapan.components.base import Component
from sinojapan.quizzes.view import QuestionView

ACTIONS = ("check", "hint", "answer", "reset")


class QuizBoard(Component):
    SCRIPT = "quiz.js"
    STYLE = "quiz.css"

    def __init__(self, views: list[QuestionView], parts: Callable[[], dict],
                 filters: dict[str, Callable[[], object]] | None = None,
                 classes: str = "sj-quiz"):
        """`parts()` gives the header, notice, score and filter state around the questions;
        `filters` the "missed" and "all" actions, if the quiz has them."""
        super().__init__(classes=classes)
        self.views, self._parts = views, parts
        self._holding = False
        for view in views:
            view.changed = self.refresh
        for action in ACTIONS:
            self.on(action, self._question_action(action))
        self.on("tick", self._tick)
        for action, handler in (filters or {}).items():
            self.on(action, lambda _message, handler=handler: handler())
        self.refresh()

    def _view(self, message: dict) -> QuestionView | None:
        wanted = message.get("question")
        return next((v for v in self.views if v.question.id == wanted), None)

    def _tick(self, message: dict) -> None:
        ticked = message.get("ticked")
        if isinstance(ticked, list):  # else not from this page's self-check: ignored
            self._view(message).tick([i for i in ticked if type(i) is int])

    def _question_action(self, action: str):
        def handle(message: dict) -> None:
            view = self._view(message)
            if action != "reset" and not view.receive(message.get("answer")):
                return
            {"check": view.submit, "hint": view.show_hint, "answer": view.show_answer,
             "reset": view.reset}[action]()
        return handle

    def _received(self, widget, content, buffers) -> None:
        self._holding = True  # one state message for all a handler changes
        try:
            if isinstance(content, dict) and content.get("action") in (*ACTIONS, "tick") \
                    and self._view(content) is None:
                return  # a question this quiz does not show (an older page), or none named
            super()._received(widget, content, buffers)
        finally:
            self._holding = False
            self.refresh()

    def refresh(self) -> None:
        if not self._holding:
            self.state = {**self._parts(), "questions": [v.state() for v in self.views]}
