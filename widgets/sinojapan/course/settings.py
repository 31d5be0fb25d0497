"""The instructor's course settings: how strict the quizzes are for one class.

One optional YAML file: $SINOJAPAN_SETTINGS, else `course-settings.yaml` beside the lessons
(the checkout's lessons/ folder). Every setting is optional; one left out keeps what the
question banks say. The file is checked against data/schemas/course_settings.schema.json
with the same one-line errors as the content files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sinojapan.content.files import (  # noqa: F401 (SETTINGS_ENV: re-exported)
    SETTINGS_ENV,
    DataError,
    cached,
    read_yaml,
    settings_path,
)


@dataclass(frozen=True)
class CourseSettings:
    """The settings in force; `file` is where they came from (None: no file, defaults).

    show_answer:       "never", "always", a number of attempts, or None (the banks decide)
    max_attempts:      checks per question that earn credit, over every round,
                       "unlimited", or None (the questions and banks decide)
    lock_when_correct: a correct answer stands until "Start over"
    hints:             the Hint button is offered where a question has hints
    reflections_count: a written reflection counts as one full-credit question in scores
    """

    file: Path | None = None
    show_answer: str | int | None = None
    max_attempts: str | int | None = None
    lock_when_correct: bool = True
    hints: bool = True
    reflections_count: bool = False

    def answer_unlock(self, bank_value: int) -> int | None:
        """Attempts before "Show answer" unlocks (0: at once); None: never."""
        if self.show_answer is None:
            return bank_value
        return {"never": None, "always": 0}.get(self.show_answer, self.show_answer)

    def attempts_limit(self, question_value: int | None) -> int | None:
        """Checks that earn credit (None: unlimited), given the question's or bank's."""
        if self.max_attempts is None:
            return question_value
        return None if self.max_attempts == "unlimited" else int(self.max_attempts)

    def describe(self) -> list[str]:
        """The settings in force, in words (for the teacher guide and `sj.about()`)."""
        unlock = {None: "as each question bank says", "never": "never",
                  "always": "always, from the start"}.get(
            self.show_answer, f"after {self.show_answer} attempts")
        attempts = {None: "as each question and bank says",
                    "unlimited": "unlimited"}.get(self.max_attempts, str(self.max_attempts))
        return [
            f"Settings file: {self.file if self.file else 'none (the defaults)'}",
            f"Show answer: {unlock}",
            f"Attempts per question: {attempts}",
            "A correct answer is locked until Start over: "
            + ("yes" if self.lock_when_correct else "no"),
            f"Hints: {'on' if self.hints else 'off'}",
            "Reflections count toward the score: "
            + ("yes, a written reflection as one correct question" if self.reflections_count
               else "no"),
        ]


@cached
def course_settings() -> CourseSettings:
    """The settings in force (cached; `sj.clear_cache()` rereads the file)."""
    path = settings_path()
    if path is None:
        return CourseSettings()
    raw = read_yaml(path, "course_settings.schema.json") or {}
    return CourseSettings(file=path, **raw)
