"""The class report from a folder of submissions: per-question difficulty, wrong answers,
mastery, students, reflections, the gradebook; every student string escaped."""

from __future__ import annotations

import csv
import html
import json
import re
import subprocess
import sys

import pytest

import sinojapan as sj
from sinojapan.instructor.class_report import write_class_report
from sinojapan.progress import store as progress_module
from sinojapan.progress.store import Progress

from helpers import REPO
from helpers import check_answer as answer

SCRIPT_NAME = "<script>alert('x')</script> Cy"
ESCAPED_NAME = "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; Cy"
IMG_REFLECTION = ("<img src=x onerror=alert(1)> I would start the third stage in 2008, "
                  "when survey ships stayed in the territorial waters for hours.")


def hand_in(folder, monkeypatch, student: str, steps) -> None:
    """A student answers in their own progress file, then hands in."""
    monkeypatch.setenv(progress_module.PROGRESS_ENV, str(folder / "own" / student.encode(
        "utf-8").hex() / "progress.json"))
    store = Progress()
    for step in steps:
        step(store)
    sj.export_progress(folder / "class", student=student)


def check(bank, question, stored):
    return lambda store: answer(store, bank, question, stored)


def reveal(bank, question):
    return lambda store: store.reveal(bank, question)


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report")
    with pytest.MonkeyPatch.context() as monkeypatch:
        hand_in(folder, monkeypatch, "Ann", [
            check("03", "s03-characterization", 0), check("03", "s03-alliance", "treaty"),
            reveal("03", "s03-alliance"),
            check("03", "s03-reflection", "For me stage 3 begins in December 2008 when "
                                          "survey ships stayed in the waters for hours."),
            lambda store: store.update("03", "s03-reflection", self_check=[0]),
            check("04", "s04-scrambles", "306")])
        hand_in(folder, monkeypatch, "Ben", [
            check("03", "s03-characterization", 1), check("03", "s03-characterization", 0),
            check("03", "s03-alliance", "Treaty "), check("03", "s03-alliance", "alliance"),
            check("03", "s03-placement-ecs", "2")])
        hand_in(folder, monkeypatch, SCRIPT_NAME, [
            check("03", "s03-characterization", 1), reveal("03", "s03-characterization"),
            check("03", "s03-characterization", 0),
            check("03", "s03-alliance", '=HYPERLINK("http://example.org")'),
            check("03", "s03-reflection", IMG_REFLECTION)])
        hand_in(folder, monkeypatch, "=Dee", [check("04", "s04-scrambles", "300")])
    (folder / "class" / "broken.json").write_text("{oops", encoding="utf-8")
    result = write_class_report(folder / "class", folder / "out")
    return result


def rows(path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.DictReader(stream))


def graded(bank: str) -> int:
    return sum(q.GRADED for q in sj.quiz_bank(bank).questions)


def test_bad_files_are_listed_and_the_rest_is_read(report):
    assert report.students == 4
    assert [(p.name, reason.split(" (")[0]) for p, reason in report.skipped] == [
        ("broken.json", "not readable as JSON")]
    page = report.paths["html"].read_text(encoding="utf-8")
    assert "broken.json: not readable as JSON" in page


def test_per_question_difficulty_first_try_and_final_and_wrong_answers(report):
    questions = {row["question_id"]: row for row in rows(report.paths["questions"])}
    first = questions["s03-characterization"]
    assert (first["answered"], first["first_try_correct_percent"],
            first["correct_percent"]) == ("3", "33.3", "66.7")  # Cy was shown the answer
    wrong = sj.quiz_bank("03").question("s03-characterization").options[1].text
    assert first["most_chosen_wrong"] == f"{wrong} (2)"
    assert first["answer_shown"] == "1" and first["mean_attempts"] == str(round(5 / 3, 2))
    alliance = questions["s03-alliance"]
    assert (alliance["first_try_correct_percent"], alliance["correct_percent"]) == ("0.0",
                                                                                     "33.3")
    # case and spacing aside, 'treaty' and 'Treaty ' are one wrong answer, given by two
    assert alliance["most_chosen_wrong"].startswith("treaty (2) | ")
    assert "s03-reflection" not in questions  # reflections are read, not graded
    assert len(questions) == graded("03") + graded("04")


def test_a_right_but_incomplete_choice_is_marked_partly_right_not_wrong():
    from sinojapan.instructor.class_stats import wrong_choices

    question = sj.quiz_bank("03").question("s03-tension-events")
    one_right = question.answer_to_json({0})
    one_wrong = question.answer_to_json({2})
    found = wrong_choices(question, {"history": [
        {"answer": one_right, "score": question.check({0}).score},
        {"answer": one_wrong, "score": question.check({2}).score}]})
    right, wrong = question.options[0].text, question.options[2].text
    assert sorted(found.values()) == sorted([f"{right} (partly right)", wrong])


def test_the_gradebook_has_one_row_per_student_in_moodles_csv_import_layout(report):
    table = rows(report.paths["gradebook"])
    g3, g4 = graded("03"), graded("04")
    every = g3 + g4
    assert list(table[0]) == ["Student", f"Lesson 03 quiz (points of {g3})",
                              "Lesson 03 quiz (%)", f"Lesson 04 quiz (points of {g4})",
                              "Lesson 04 quiz (%)", f"Overall (points of {every})",
                              "Overall (%)"]
    by_student = {row["Student"]: row for row in table}
    assert by_student["Ann"] == {"Student": "Ann",
                                 f"Lesson 03 quiz (points of {g3})": "1",
                                 "Lesson 03 quiz (%)": f"{100 / g3:.1f}",
                                 f"Lesson 04 quiz (points of {g4})": "1",
                                 "Lesson 04 quiz (%)": f"{100 / g4:.1f}",
                                 f"Overall (points of {every})": "2",
                                 "Overall (%)": f"{200 / every:.1f}"}
    assert by_student["Ben"]["Lesson 03 quiz (%)"] == f"{200 / graded('03'):.1f}"
    assert by_student["Ben"]["Lesson 04 quiz (%)"] == ""  # answered nothing there: no grade
    assert by_student[SCRIPT_NAME]["Lesson 03 quiz (%)"] == "0.0"  # answered, earned nothing
    assert "'=Dee" in by_student  # a spreadsheet does not run it as a formula


def figure_data(page: str, div_id: str) -> dict:
    call = re.search(rf'Plotly\.newPlot\(\s*"{div_id}",\s*(\[.*?\]),\s*\{{', page, re.S)
    return json.loads(call[1])[0]


def test_mastery_heatmaps_by_part_and_by_lesson_with_plotly_beside_the_page(report):
    page = report.paths["html"].read_text(encoding="utf-8")
    assert '<script src="plotly.min.js"' in page
    assert "cdn" not in page.lower() and not re.search(r'src="https?:', page)
    assert report.paths["plotly"].stat().st_size > 1_000_000
    by_lesson = figure_data(page, "mastery-lesson")
    assert by_lesson["type"] == "heatmap" and by_lesson["x"] == ["Lesson 03", "Lesson 04"]
    assert by_lesson["texttemplate"] == "%{z:.0f}"  # a small class: numbers in the cells
    assert by_lesson["y"] == [ESCAPED_NAME, "=Dee", "Ann", "Ben"]  # sorted by name
    assert by_lesson["z"] == [[0.0, None], [None, 0.0],
                              [round(100 / graded("03"), 1), round(100 / graded("04"), 1)],
                              [round(200 / graded("03"), 1), None]]
    by_part = figure_data(page, "mastery-part")
    titles = sj.essay_parts()["title"]
    assert titles["stage-3"] in by_part["x"] and len(by_part["z"]) == 4


def test_every_student_string_is_escaped(report):
    page = report.paths["html"].read_text(encoding="utf-8")
    assert "<script>alert" not in page and "<img src=x" not in page
    assert ESCAPED_NAME in page
    assert "&lt;img src=x onerror=alert(1)&gt; I would start" in page
    # Plotly shows labels as text after decoding entities: escaped, they show as typed
    assert figure_data(page, "mastery-lesson")["y"][0] == ESCAPED_NAME


def test_reflections_are_listed_per_question_with_the_rubric_ticks(report):
    page = report.paths["html"].read_text(encoding="utf-8")
    reflection = sj.quiz_bank("03").question("s03-reflection")
    section = page.split(reflection.prompt.replace("'", "&#x27;"), 1)[1]
    assert "2 written." in section
    assert section.index("<h4>Ann</h4>") < section.index("For me stage 3 begins")
    assert f"\u2611 {reflection.rubric[0]}" in section
    assert f"\u2610 {reflection.rubric[1]}" in section


def test_the_command_line_reports_skipped_files_and_a_missing_folder(report, tmp_path):
    out = subprocess.run([sys.executable, "-m", "sinojapan.instructor.class_report",
                          str(report.folder), str(tmp_path / "out")],
                         capture_output=True, text=True, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "skipped" in out.stdout and "broken.json" in out.stdout
    assert "read 4 student(s)" in out.stdout
    assert (tmp_path / "out" / "index.html").exists()
    missing = subprocess.run([sys.executable, "-m", "sinojapan.instructor.class_report",
                              str(tmp_path / "nowhere")], capture_output=True, text=True)
    assert missing.returncode == 1 and "no such folder" in missing.stderr
    usage = subprocess.run([sys.executable, str(REPO / "tasks.py"), "class-report"],
                           capture_output=True, text=True)
    assert usage.returncode == 2 and "class-report FOLDER" in usage.stdout


def test_lessons_can_be_chosen(report, tmp_path):
    only = write_class_report(report.folder, tmp_path / "only", lessons=["04"])
    assert only.questions == graded("04")
    assert [c for c in rows(only.paths["gradebook"])[0] if c.endswith("(%)")] == [
        "Lesson 04 quiz (%)", "Overall (%)"]
    unknown = write_class_report(report.folder, tmp_path / "unknown", lessons=["04", "99"])
    assert unknown.notes == ["Records for '99', which this module has no quiz for, are "
                             "left out."]


def test_the_command_line_takes_3_for_lesson_03_and_refuses_a_lesson_with_no_quiz(report,
                                                                               tmp_path):
    def command(lessons: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "sinojapan.instructor.class_report",
                               str(report.folder), str(tmp_path / "out"), "--lessons", lessons],
                              capture_output=True, text=True, cwd=tmp_path)

    assert command("4").returncode == 0
    assert list(rows(tmp_path / "out" / "gradebook.csv")[0])[2] == "Lesson 04 quiz (%)"
    typo = command("04,42")
    assert typo.returncode == 2 and "no quiz '42'" in typo.stderr and "00, 01" in typo.stderr
    assert list(rows(tmp_path / "out" / "gradebook.csv")[0])[2] == "Lesson 04 quiz (%)"


def test_a_lesson_few_students_answered_is_pointed_out(tmp_path):
    with pytest.MonkeyPatch.context() as monkeypatch:
        for student in ("Ann", "Ben", "Cy"):
            hand_in(tmp_path, monkeypatch, student, [check("03", "s03-characterization", 0)])
        hand_in(tmp_path, monkeypatch, "Dee", [check("03", "s03-characterization", 0),
                                               check("04", "s04-scrambles", "306")])
    written = write_class_report(tmp_path / "class", tmp_path / "out")
    assert [n for n in written.notes if n.startswith("Only")] == [
        "Only 1 of 4 students answered lesson 04, yet it counts in everyone's Overall: name "
        "the lessons the class did with --lessons (e.g. --lessons 01,03)."]
    chosen = write_class_report(tmp_path / "class", tmp_path / "out", lessons=["03"])
    assert not chosen.notes


JUNK = [None, "x", [], {}, [1, "a"], {"a": [1]}, -5, 1e308, True, "<b>"]
FIELDS = ["answer", "history", "credit", "score", "best_score", "first_try_correct",
          "revealed", "self_check", "total_attempts", "hints_used", "hints_shown", "updated",
          "history.score", "history.answer"]


def test_odd_values_in_any_field_of_any_record_never_stop_the_report(report, tmp_path):
    """A hand-edited file may hold anything: the report is still written, and what had to
    be left out is named in the students table."""
    source = next(report.folder.glob("submission-Ann.json"))
    good = json.loads(source.read_text(encoding="utf-8"))
    folder = tmp_path / "odd"
    folder.mkdir()
    for field in FIELDS:
        for number, junk in enumerate(JUNK):
            odd = json.loads(json.dumps(good))
            for questions in odd["progress"]["answers"].values():
                for record in questions.values():
                    if field.startswith("history."):
                        for entry in record["history"]:
                            entry[field.removeprefix("history.")] = junk
                    else:
                        record[field] = junk
            odd["student"] = f"{field} {number}"
            (folder / f"{field}-{number}.json").write_text(json.dumps(odd), encoding="utf-8")
    written = write_class_report(folder, tmp_path / "out")
    assert written.students == len(FIELDS) * len(JUNK) and not written.skipped
    page = written.paths["html"].read_text(encoding="utf-8")
    assert "&#x27;credit&#x27; is not a number" in page
    assert "&#x27;self_check&#x27; is not a list of rubric points" in page


# ---------------------------------------------------------------- re-grading (issue 20, part 3)
def class_of(tmp_path, banks=("03",), students=3) -> tuple:
    from helpers import synthetic_class

    folder = tmp_path / "class"
    synthetic_class(folder, [sj.quiz_bank(b) for b in banks], students, seed=3)
    return folder, sorted(folder.glob("*.json"))


def edit(path, change) -> None:
    document = json.loads(path.read_text(encoding="utf-8"))
    change(document["progress"]["answers"])
    path.write_text(json.dumps(document), encoding="utf-8")


def test_an_honest_class_agrees_with_re_grading(tmp_path):
    folder, _ = class_of(tmp_path, ("03", "08"), 6)
    written = write_class_report(folder, tmp_path / "out")
    assert written.flagged == [] and written.students == 6
    assert "Every stored result agrees" in written.paths["html"].read_text(encoding="utf-8")
    assert {row["stored_result_disagrees"] for row in rows(written.paths["questions"])} == {"0"}


def test_a_forged_result_earns_nothing_and_is_flagged_per_student_and_question(tmp_path):
    folder, files = class_of(tmp_path)
    question = sj.quiz_bank("03").question("s03-characterization")
    from helpers import wrong_answer

    wrong = wrong_answer(question)

    def forge(answers):  # a wrong answer, with "correct": true and full credit typed in
        answers["03"][question.id] = {
            "attempts": 1, "total_attempts": 1, "answer": wrong, "correct": True,
            "score": 1.0, "credit": 1.0, "best_score": 1.0, "first_try_correct": True,
            "revealed": False, "history": [{"answer": wrong, "score": 1.0}],
            "updated": "2024-05-01T10:00:00+00:00"}

    edit(files[0], forge)
    written = write_class_report(folder, tmp_path / "out")
    student = json.loads(files[0].read_text(encoding="utf-8"))["student"]
    assert [(f.student, f.question.id, f.stored, f.regraded) for f in written.flagged] == [
        (student, question.id, 1.0, 0.0)]
    row = {r["question_id"]: r for r in rows(written.paths["questions"])}[question.id]
    assert row["stored_result_disagrees"] == "1"
    page = html.unescape(written.paths["html"].read_text(encoding="utf-8"))
    assert "edited, or from another version of the bank" in page
    assert "credit 1, re-graded 0; first_try_correct true, re-graded false" in page
    mine = next(r for r in rows(written.paths["gradebook"]) if r["Student"] == student)
    others = sj.quiz_bank("03").questions
    earned = sum(1 for q in others if q.GRADED and q.id != question.id
                 and written_credit(files[0], q.id) >= 1)
    assert mine["Lesson 03 quiz (%)"] == f"{100 * earned / graded('03'):.1f}"


def written_credit(path, question_id: str) -> float:
    record = json.loads(path.read_text(encoding="utf-8"))["progress"]["answers"]["03"].get(
        question_id, {})
    return record.get("credit", 0.0)


@pytest.mark.parametrize("value", [float("nan"), 1e300, -5], ids=["nan", "huge", "negative"])
def test_an_out_of_range_stored_number_is_refused_with_the_file_named(tmp_path, value):
    folder, files = class_of(tmp_path)
    first = sorted(json.loads(files[0].read_text())["progress"]["answers"]["03"])[0]

    def spoil(answers):
        answers["03"][first]["credit"] = value

    edit(files[0], spoil)
    written = write_class_report(folder, tmp_path / "out")
    assert written.students == 3
    shown = f"{value!r}"
    assert f"{files[0].name}: record 03/{first}: 'credit' is not a number from 0 to 1 " \
           f"({shown})" in written.notes
    text = written.paths["gradebook"].read_text(encoding="utf-8-sig")
    assert "nan" not in text.lower() and "e+" not in text
    for row in rows(written.paths["gradebook"]):
        assert all(0 <= float(v) <= 100 for k, v in row.items() if k != "Student" and v
                   and "(%)" in k)


def test_a_400_digit_number_in_a_lesson_08_answer_is_answered_kindly(tmp_path):
    folder, files = class_of(tmp_path, ("08",))
    huge = 10 ** 400

    def big(answers):
        answers["08"]["s08-code-milex-crossing"] = {
            "attempts": 1, "answer": huge, "history": [{"answer": huge, "score": 1.0}],
            "credit": 1.0, "updated": "2024-05-01T10:00:00+00:00"}
        answers["08"]["s08-code-affinity-change"] = {
            "attempts": 1, "answer": {"2010": huge}, "history": [{"answer": {"2010": huge}}],
            "updated": "2024-05-01T10:00:00+00:00"}

    edit(files[0], big)
    written = write_class_report(folder, tmp_path / "out")
    assert written.students == 3 and written.paths["gradebook"].exists()
    said = [n for n in written.notes if n.startswith(files[0].name)]
    assert any("08.1: an answer earns nothing: `crossing_year` is a whole number of about "
               "401 digits, far too large to be an answer to this exercise" in n
               for n in said), said
    assert [f.question.id for f in written.flagged] == ["s08-code-milex-crossing"]


def test_links_to_nothing_and_unreadable_files_are_listed(tmp_path, monkeypatch):
    from pathlib import Path

    folder, files = class_of(tmp_path)
    (folder / "gone.json").symlink_to(tmp_path / "nowhere.json")
    locked = files[1]
    real = Path.read_text

    def read_text(self, *args, **kwargs):
        if self == locked:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", read_text)
    written = write_class_report(folder, tmp_path / "out")
    reasons = {p.name: r for p, r in written.skipped}
    assert reasons["gone.json"].startswith("a link to a file that does not exist")
    assert reasons[locked.name].startswith("this account may not read it")
    page = html.unescape(written.paths["html"].read_text(encoding="utf-8"))
    assert "gone.json: a link to a file that does not exist" in page
    assert written.students == 2
def outside_folds(page: str) -> str:
    """The text a reader sees before opening anything (every <details> but its <summary>
    left out), with <table>, <blockquote> and <h2> marked."""
    from html.parser import HTMLParser

    class Folded(HTMLParser):
        def __init__(self):
            super().__init__()
            self.depth, self.in_summary, self.kept = 0, 0, []

        def handle_starttag(self, tag, attrs):
            if tag == "details":
                self.depth += 1
            elif tag == "summary":
                self.in_summary += 1
            if (not self.depth or self.in_summary) and tag in ("table", "blockquote", "h2"):
                self.kept.append(f"<{tag}>")  # the landmarks the test looks for

        def handle_endtag(self, tag):
            if tag == "details":
                self.depth -= 1
            elif tag == "summary":
                self.in_summary -= 1

        def handle_data(self, data):
            if not self.depth or self.in_summary:
                self.kept.append(data)

    parser = Folded()
    parser.feed(page.split("<body>", 1)[1])
    return "".join(parser.kept)


def test_the_report_opens_on_a_summary_and_every_detail_folds_away(report):
    page = report.paths["html"].read_text(encoding="utf-8")
    seen = outside_folds(page)
    assert seen.index("Summary") < seen.index("The questions the class found hardest")
    summary = seen.split("Summary", 1)[1].split("The questions the class found hardest")[0]
    assert "Students4" in summary.replace(" ", "") and "Class average score" in summary
    assert "Lowest scores:" in summary and "Hardest questions:" in summary
    # what stays open is the summary's one small table: per-student and per-question
    # tables, heatmaps and reflections fold away (<details>, no script needed)
    assert seen.count("<table>") == 1 and "<blockquote>" not in seen
    assert "Files handed in" in seen and "Scores: every student (4)" in seen
    assert "\u2014 2 written" in seen and "For me stage 3 begins" not in seen
    for section in ("Mastery by part of the essay", "Every question", "Students",
                    "Reflections"):
        assert f"<h2>{section}" in seen  # headings stay in view, to navigate by
    assert 'id="mastery-lesson"' in page and "<summary>" in page


def test_the_report_prints_on_a4_with_every_fold_open(report):
    page = report.paths["html"].read_text(encoding="utf-8")
    style = page.split("@media print", 1)[1]
    assert "@page { size: A4" in page
    assert "details::details-content { content-visibility: visible" in style
    assert "break-inside: avoid" in style and ".wide { overflow: visible; }" in style
    assert "beforeprint" in page  # browsers without ::details-content open them by script
