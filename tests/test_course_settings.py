"""The instructor's course settings (lessons/course-settings.yaml or $SINOJAPAN_SETTINGS):
read with one-line errors, and followed by every quiz and every score."""

from __future__ import annotations

import html
import json
import re

import pytest

import sinojapan as sj
from sinojapan.content import files
from sinojapan.course import settings as course_settings
from sinojapan.progress import report as progress_report
from sinojapan.progress.store import Progress
from sinojapan.quizzes import lesson_quiz as quiz_module

from helpers import LESSONS, REPO, buttons

REFLECTION = ("The arrest on 8 September and the suspension of exchanges on 19 September "
              "each raised the stakes; a hotline might have helped.")


@pytest.fixture
def settings(tmp_path, monkeypatch):
    """Write course settings and make them the ones in force."""
    def write(text: str):
        path = tmp_path / "course-settings.yaml"
        path.write_text(text, encoding="utf-8")
        monkeypatch.setenv(course_settings.SETTINGS_ENV, str(path))
        files.clear_cache()
        return course_settings.course_settings()

    yield write
    files.clear_cache()


@pytest.fixture
def store(tmp_path):
    return Progress(tmp_path / "progress.json")


def test_the_shipped_file_changes_nothing_and_is_found_beside_the_lessons(monkeypatch):
    monkeypatch.delenv(course_settings.SETTINGS_ENV, raising=False)
    files.clear_cache()
    found = course_settings.course_settings()
    assert found.file == files.data_dir().parent / "lessons" / "course-settings.yaml"
    assert found == course_settings.CourseSettings(file=found.file)  # every line commented
    bank = sj.quiz_bank("demo")
    assert bank.show_answer_after == 2 and bank.course.hints


@pytest.mark.parametrize(("text", "field"), [
    ("show_answer: sometimes\n", "show_answer"),
    ("max_attempts: 0\n", "max_attempts"),
    ("hints: maybe\n", "hints"),
    ("reflection_count: true\n", "reflection_count"),
    ("lock_when_correct: 1\n", "lock_when_correct"),
])
def test_a_bad_setting_is_a_one_line_error_naming_the_file_and_field(settings, text, field):
    with pytest.raises(files.DataError) as error:
        settings(text)
    message = str(error.value)
    assert "course-settings.yaml" in message and f"field '{field}'" in message
    assert "\n" not in message


def test_a_missing_settings_file_is_named(monkeypatch, tmp_path):
    monkeypatch.setenv(course_settings.SETTINGS_ENV, str(tmp_path / "nowhere.yaml"))
    files.clear_cache()
    with pytest.raises(files.DataError, match="nowhere.yaml.*does not exist"):
        course_settings.course_settings()
    files.clear_cache()


def test_show_answer_never_has_no_button_even_when_attempts_run_out(settings, store):
    settings("show_answer: never\nmax_attempts: 1\n")
    quiz = quiz_module.quiz("demo", progress=store)
    view = quiz.view("demo-numeric-seven-years")
    assert view.answer_button is None
    assert "Show answer" not in buttons(quiz.widget, view.question.id)
    view.submit("7")
    assert view.check_button.disabled and not view.answer_available
    assert "Show answer" not in buttons(quiz.widget, view.question.id)
    assert "Correct answer" not in view.show_answer() and not view.record.get("revealed")
    assert "unlocks" not in view.status.value


def test_show_answer_always_and_after_one_attempt(settings, store):
    settings("show_answer: always\n")
    assert quiz_module.quiz("demo", progress=store).view(
        "demo-numeric-seven-years").answer_button is not None
    settings("show_answer: 1\n")
    quiz = quiz_module.quiz("demo", progress=Progress(store.path))
    view = quiz.view("demo-text-partner")
    assert view.answer_button is None and "unlocks after 1 more attempt" in view.status.value
    assert "Show answer" not in buttons(quiz.widget, view.question.id)
    view.submit("China")
    assert view.answer_button is not None and not view.answer_button.disabled
    assert "Show answer" in buttons(quiz.widget, view.question.id)


def test_max_attempts_limits_every_question(settings, store):
    settings("max_attempts: 2\n")
    view = quiz_module.quiz("demo", progress=store).view("demo-numeric-seven-years")
    view.submit("7")
    view.submit("8")
    assert view.check_button.disabled and "Attempts: 2 of 2" in view.status.value
    assert view.submit("6.26") is None


def test_start_over_gives_practice_not_the_checks_back(settings, store):
    # max_attempts: 1 is one try for a grade; Start over leaves room to practise only.
    settings("max_attempts: 1\nshow_answer: never\n")
    quiz = quiz_module.quiz("demo", progress=store)
    view = quiz.view("demo-numeric-seven-years")
    view.submit("7")
    view.reset()
    assert not view.check_button.disabled and "practice" in view.status.value
    view.submit("6.26")
    assert "Correct." in view.feedback.value and "checks this question allows" in \
        view.feedback.value
    assert view.record["credit"] == 0.0 and view.record["history"][-1]["beyond_limit"]
    assert "no credit was earned" in view.status.value
    assert "what you earned is kept" not in view.status.value
    assert quiz.tally().score == 0.0
    again = quiz_module.quiz("demo", progress=Progress(store.path)).view(
        "demo-numeric-seven-years")  # and so it reads after a restart
    assert "checks this question allows" in again.feedback.value


def test_without_the_lock_a_correct_answer_can_be_checked_again_and_keeps_its_credit(
        settings, store):
    settings("lock_when_correct: false\n")
    quiz = quiz_module.quiz("demo", progress=store)
    view = quiz.view("demo-numeric-seven-years")
    view.submit("6.26")
    assert not view.check_button.disabled
    view.submit("9")
    assert quiz.tally().score >= 1.0  # credit once earned is kept
    settings("lock_when_correct: true\n")
    locked = quiz_module.quiz("demo", progress=Progress(store.path)).view(
        "demo-numeric-seven-years")
    locked.submit("6.26")
    assert locked.check_button.disabled


def test_hints_off_removes_the_hint_button(settings, store):
    settings("hints: false\n")
    quiz = quiz_module.quiz("demo", progress=store)
    view = quiz.view("demo-single-non-issue")
    assert view.question.hints and view.hint_button is None
    assert "Hint" not in buttons(quiz.widget, view.question.id)
    assert view.show_hint() is None and view.hints.value == ""


def test_reflections_count_in_the_footer_and_the_report_alike(settings, store):
    def scores():
        quiz = quiz_module.quiz("demo", progress=Progress(store.path))
        by_lesson = progress_report.overview(Progress(store.path))["by_lesson"].loc["demo"]
        return quiz.tally(), by_lesson

    quiz = quiz_module.quiz("demo", progress=store)
    quiz.view("demo-reflection-2010").submit(REFLECTION)
    quiz.view("demo-numeric-seven-years").submit("6.26")
    settings("reflections_count: false\n")
    tally, row = scores()
    assert (tally.questions, tally.score) == (row["questions"], row["score"])
    graded = tally.questions
    settings("reflections_count: true\n")
    tally, row = scores()
    assert tally.questions == graded + 1 and tally.score == 2.0 and tally.correct == 2
    assert (tally.questions, tally.score) == (row["questions"], row["score"])


def test_describe_states_every_setting_in_force(settings):
    lines = settings("show_answer: never\nmax_attempts: 3\nhints: false\n").describe()
    text = "\n".join(lines)
    assert "course-settings.yaml" in text and "Show answer: never" in text
    assert "Attempts per question: 3" in text and "Hints: off" in text
    assert "Reflections count toward the score: no" in text


def test_the_lms_export_gives_reflections_points_only_when_they_count(settings, tmp_path):
    from sinojapan.lms import export as lms_export

    def reflection_points(out) -> str:
        xml = (out / "moodle" / "demo.xml").read_text(encoding="utf-8")
        essay = xml[xml.index("demo-reflection-2010"):]
        return essay[essay.index("<defaultgrade>"):essay.index("</defaultgrade>")]

    from sinojapan.lms.export import entries
    from sinojapan.lms.moodle import whole_marks

    marks = whole_marks(entries(sj.quiz_bank("demo")))  # what any graded question is worth

    settings("reflections_count: false\n")
    lms_export.export_lms(tmp_path / "off", ["demo"])
    settings("reflections_count: true\n")
    lms_export.export_lms(tmp_path / "on", ["demo"])
    assert reflection_points(tmp_path / "off") == "<defaultgrade>0"
    assert reflection_points(tmp_path / "on") == f"<defaultgrade>{marks}"


def test_about_names_the_settings_file_and_the_settings_in_force(settings):
    settings("hints: false\n")
    line = dict(sj.about().lines)["course settings"]
    assert "course-settings.yaml" in line and "Hints: off" in line


def test_the_teacher_guide_states_the_course_settings_in_force(settings):
    from sinojapan.instructor.teacher_guide import settings_lines

    settings("show_answer: never\nmax_attempts: unlimited\nhints: false\n"
             "reflections_count: true\nlock_when_correct: false\n")
    text = "\n".join(settings_lines(sj.quiz_bank("demo")))
    assert "turned off for this course" in text and "attempts are unlimited (set by" in text
    assert "hints are turned off" in text and "counts as one correct question" in text
    assert "can be checked again" in text and "course-settings.yaml" in text


def test_the_canvas_quizzes_follow_the_course_settings(settings, tmp_path):
    import zipfile

    from sinojapan.lms.export import export_lms

    def canvas_settings() -> str:
        """Both files Canvas reads a quiz's settings from: assessment_meta.xml, then the
        QTI file's own cc_maxattempts (the demo bank: it has hints)."""
        export_lms(tmp_path / "lms", ["demo"])
        with zipfile.ZipFile(tmp_path / "lms" / "canvas-qti.zip") as package:
            (meta,) = [n for n in package.namelist() if n.endswith("assessment_meta.xml")]
            (qti,) = [n for n in package.namelist() if n.endswith(".xml") and "/" in n
                      and n.split("/")[0] + ".xml" == n.split("/")[1]]
            return package.read(meta).decode("utf-8") + package.read(qti).decode("utf-8")

    def max_attempts(text: str) -> str:
        return re.search(r"<fieldlabel>cc_maxattempts</fieldlabel>\s*<fieldentry>([^<]*)",
                         text).group(1)

    settings("max_attempts: 3\nshow_answer: never\nhints: false\n")
    strict = canvas_settings()
    assert "<allowed_attempts>3</allowed_attempts>" in strict and max_attempts(strict) == "3"
    assert "<show_correct_answers>false</show_correct_answers>" in strict
    assert "Hints from the lesson" not in strict  # hints off: none in the feedback either
    settings("max_attempts: unlimited\n")
    open_ = canvas_settings()
    assert "<allowed_attempts>-1</allowed_attempts>" in open_
    assert max_attempts(open_) == "unlimited"
    assert "<show_correct_answers>true</show_correct_answers>" in open_
    assert "Hints from the lesson" in open_


# A sentence that states a quiz rule the course settings decide (Show answer after N
# attempts, the number of attempts, hints, the lock): only the settings may state one.
RULE = re.compile(r"after (?:one|two|three|\d+) attempts?|(?:appears|unlocks) after|"
                  r"attempts are unlimited|unlimited attempts|one at a time|stands until|"
                  r"is available at once|hints are on\b|Hint and Show answer", re.IGNORECASE)
STRICT = ("show_answer: never\nmax_attempts: 2\nhints: false\nlock_when_correct: false\n")


def sentences(text: str) -> list[str]:
    return [" ".join(s.split()) for s in re.split(r"(?<=[.;!?])\s+|\n\s*\n", text)
            if s.strip()]


def lesson_markdown() -> list[tuple[str, str]]:
    found = []
    for path in LESSONS:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        found += [(path.name, "".join(c["source"])) for c in cells
                  if c["cell_type"] == "markdown"]
    return found


def page_text(path) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")))


def test_no_lesson_states_a_quiz_rule_itself():
    """The lessons leave the rules to each quiz's own line (course/rules.py)."""
    stated = [(name, sentence) for name, text in lesson_markdown()
              for sentence in sentences(text) if RULE.search(sentence)]
    assert stated == []


def test_the_readme_gives_the_rules_only_as_defaults_a_course_may_change():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    stated = [s for s in sentences(readme) if RULE.search(s)]
    assert stated, "the README should still give the defaults"
    assert [s for s in stated if "default" not in s.lower()] == []
    assert "depends on the course settings" in " ".join(readme.split())


def test_each_quiz_states_the_rules_in_force_under_its_title(settings):
    from sinojapan.course.rules import quiz_rules

    settings("hints: true\n")
    default = quiz_module.quiz("03").widget.state["header"]
    assert "Rules in your course" in default and "unlocks after 2 attempts" in default
    assert "attempts are unlimited" in default and "one at a time" in default
    settings(STRICT)
    strict = quiz_module.quiz("03").widget.state["header"]
    assert "\u201cShow answer\u201d is off in this course" in strict
    assert "the first 2 checks of each question can earn credit" in strict
    assert "hints are off" in strict and "may check a right answer again" in strict
    assert not RULE.search(strict)
    settings("max_attempts: unlimited\nshow_answer: always\nreflections_count: true\n")
    assert quiz_rules(sj.quiz_bank("03"))[0] == "\u201cShow answer\u201d is there from the start"


def test_with_strict_settings_no_lesson_readme_or_guide_page_states_a_rule_switched_off(
        settings, tmp_path):
    from sinojapan.instructor.teacher_guide import write_guide

    settings(STRICT)
    pages = {path.name: page_text(path) for path in write_guide(tmp_path / "guide")}
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    texts = ([(name, text) for name, text in pages.items()] + lesson_markdown()
             + [("README.md", s) for s in sentences(readme) if "default" not in s.lower()])
    stated = [(name, sentence) for name, text in texts for sentence in sentences(text)
              if RULE.search(sentence)]
    assert stated == []
    # with "Show answer" off, the guide does not tell what an answer after it earns
    assert not [name for name, text in pages.items() if "after \u201cShow answer\u201d" in text]
    assert "turned off for this course" in pages["lesson-08.html"]  # the guide states it
