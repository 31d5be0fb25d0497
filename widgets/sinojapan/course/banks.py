"""Question banks (data/quizzes/*.yaml): loaded, validated, and built into question
objects. The loader gives each question what it needs from the rest of the content (a
`BankContext`), so question types never read files themselves."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from sinojapan.content import catalog, exercise_answers
from sinojapan.content.files import DataError, cached, data_dir, read_yaml, require_unique
from sinojapan.course.settings import CourseSettings, course_settings
from sinojapan.question_types import TYPES, BankContext, Question


@dataclass
class QuizBank:
    id: str
    title: str
    file: Path
    questions: list[Question]
    show_answer_after: int | None = 2  # None: never (the course settings say so)
    max_attempts: int | None = None
    score_bands: list[dict] = field(default_factory=list)
    course: CourseSettings = field(default_factory=CourseSettings)

    def __len__(self) -> int:
        return len(self.questions)

    def question(self, question_id: str) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(f"no question '{question_id}' in bank '{self.id}'; its questions are: "
                       + ", ".join(q.id for q in self.questions))

    def attempts_limit(self, question: Question) -> int | None:
        """Checks that earn credit for a question, over every round: the course
        settings', else the question's, else the bank's (None: unlimited)."""
        return self.course.attempts_limit(question.max_attempts or self.max_attempts)

    def band(self, share: float) -> str:
        eligible = [b for b in self.score_bands if share >= b["from"] - 1e-9]
        return max(eligible, key=lambda b: b["from"])["text"] if eligible else ""


def quiz_bank_ids() -> list[str]:
    return sorted(p.stem for p in (data_dir() / "quizzes").glob("*.yaml"))


@cached
def bank_context() -> BankContext:
    events = catalog.events()
    return BankContext(event_titles=events["title"].astype(str).to_dict(),
                       event_years=events["date"].dt.year.astype(int).to_dict(),
                       event_stages=events["stage"].astype(str).to_dict(),
                       stage_names=catalog.stages()["name"].to_dict())


@cached
def _quiz_bank(bank_id: str) -> QuizBank:
    path = data_dir() / "quizzes" / f"{bank_id}.yaml"
    if not path.is_file():
        raise DataError(path, f"no question bank '{bank_id}'; banks: "
                        + ", ".join(quiz_bank_ids()))
    bank = read_yaml(path, "quiz.schema.json")
    settings = {**catalog.quiz_defaults(), **bank.get("settings", {})}
    require_unique(path, ((raw["id"], f"question {raw['id']} (number {number})")
                          for number, raw in enumerate(bank["questions"], start=1)))
    parts, context = catalog.essay_parts(), bank_context()
    questions = []
    for raw in bank["questions"]:
        def fail(field_name: str, problem: str, where=f"question {raw['id']}") -> None:
            raise DataError(path, problem, row=where, field=field_name)

        if raw["essay_part"] not in parts.index:
            fail("essay_part", f"unknown essay part '{raw['essay_part']}' "
                 f"(known: {', '.join(parts.index)})")
        for event in raw.get("events", []):
            if event not in context.event_titles:
                fail("events", f"no event '{event}' in events.csv")
        kind = TYPES[raw["type"]]
        needs = kind.computed_names(raw)
        given = (replace(context, computed=exercise_answers.computed_answers(needs),
                         known_answers=tuple(exercise_answers.ANSWERS)) if needs else context)
        questions.append(kind.from_dict(raw, fail, given, shuffle=settings["shuffle"]))
    bands = sorted(settings["score_bands"], key=lambda b: b["from"])
    if bands[0]["from"] != 0:
        raise DataError(path, "the first score band must start from 0", row="settings",
                        field="score_bands")
    course = course_settings()
    return QuizBank(bank_id, bank["title"], path, questions,
                    show_answer_after=course.answer_unlock(settings["show_answer_after"]),
                    max_attempts=settings["max_attempts"], score_bands=bands, course=course)


def quiz_bank(bank_id: str) -> QuizBank:
    """A lesson's question bank, validated (raises DataError naming question and field)."""
    return _quiz_bank(str(bank_id))


@cached
def questions_by_event() -> dict[str, list[str]]:
    """For each event id, the lesson questions that concern it, as 'Lesson 02, question
    s02-turning-point: <prompt>' (see `Question.events_concerned`)."""
    found: dict[str, list[str]] = {}
    for bank_id in quiz_bank_ids():
        if not bank_id.isdigit():
            continue
        for question in quiz_bank(bank_id).questions:
            for event_id in question.events_concerned():
                found.setdefault(event_id, []).append(
                    f"Lesson {bank_id}, question {question.id}: {question.prompt}")
    return found


def lessons_option(argv: list[str]) -> tuple[list[str] | None, list[str]]:
    """`--lessons 3,05` as ['03', '05'] (None without it) and the rest of `argv`; a lesson
    with no quiz is a ValueError that lists the quizzes, so a typo writes nothing over a
    good report (the class report and the marking sheet both take the option)."""
    if "--lessons" not in argv:
        return None, argv
    at = argv.index("--lessons")
    if at + 1 >= len(argv):
        raise ValueError("--lessons needs a list such as 01,03")
    lessons = [x.zfill(2) if x.isdigit() else x  # 3 means lesson 03
               for x in (x.strip() for x in argv[at + 1].split(",")) if x]
    known = quiz_bank_ids()
    unknown = [x for x in lessons if x not in known]
    if unknown or not lessons:
        raise ValueError(f"--lessons: no quiz '{', '.join(unknown)}'; the quizzes are "
                         f"{', '.join(known)}. Nothing was written.")
    return lessons, argv[:at] + argv[at + 2:]
