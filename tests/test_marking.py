"""Marking by hand: rubric levels with points in the banks, the marking sheet and page
(`tasks.py marking`), marks merged into the report and both gradebooks (`--marks`), and
the gradebooks' layouts (Moodle's with a BOM, Canvas's import layout)."""

from __future__ import annotations

import csv
import html
import json
import subprocess
import sys

import pytest

import sinojapan as sj
from sinojapan.content.files import DataError
from sinojapan.instructor.class_report import write_class_report
from sinojapan.instructor.marking import markable, write_marking

from helpers import REPO, synthetic_class

ESSAY = ("s03-reflection", "03")


def rows(path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.DictReader(stream))


@pytest.fixture(scope="module")
def hand_ins(tmp_path_factory):
    folder = tmp_path_factory.mktemp("marking") / "class"
    synthetic_class(folder, [sj.quiz_bank("03"), sj.quiz_bank("08")], 4, seed=5)
    first = sorted(folder.glob("*.json"))[0]  # a name Excel garbles without a BOM
    document = json.loads(first.read_text(encoding="utf-8"))
    document["student"] = "Zoë Müller-李"
    first.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return folder


def test_banks_give_rubric_levels_with_points_to_reflections_essays_and_code():
    levels = {(b, q.id): [level.points for level in q.rubric_levels]
              for b in ("03", "08", "09") for q in sj.quiz_bank(b).questions
              if getattr(q, "rubric_levels", None)}
    assert levels == {("03", "s03-reflection"): [3, 2, 1, 0],
                      ("08", "s08-code-affinity-change"): [2, 1, 0],
                      ("08", "s08-reflection"): [4, 3, 2, 1, 0],
                      ("09", "s09-closing-essay"): [5, 4, 3, 2, 1, 0]}
    essay = sj.quiz_bank("09").question("s09-closing-essay")
    assert len(essay.rubric) == 5 and "five points" in essay.rubric_levels[0].description
    guide = essay.answer_key_html(1)
    assert "Marking levels (points)" in guide and "Meets four of the five" in guide


@pytest.mark.parametrize(("levels", "message"), [
    ([{"points": 3, "label": "Full", "description": "All."}],
     "rubric_levels, field 'rubric_levels': needs at least 2 items"),
    ([{"points": "three", "label": "Full", "description": "All."},
      {"points": 0, "label": "None", "description": "None."}],
     "rubric_levels[0].points, field 'points': 'three' is not of type 'number'"),
    ([{"points": 0, "label": "None", "description": "None."},
      {"points": 3, "label": "Full", "description": "All."}],
     "field 'rubric_levels': should list the levels from the most points down"),
    ([{"points": 3, "label": "Full", "description": "All."},
      {"points": 0, "label": "", "description": "None."}],
     "rubric_levels[1].label, field 'label': should be non-empty"),
], ids=["one-level", "points-text", "upside-down", "no-label"])
def test_bad_rubric_levels_are_one_line_errors_naming_the_field(tmp_path, monkeypatch,
                                                               levels, message):
    import shutil

    import yaml

    from sinojapan.content import files

    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data)
    bank = yaml.safe_load((data / "quizzes" / "03.yaml").read_text(encoding="utf-8"))
    entry = next(q for q in bank["questions"] if q["id"] == "s03-reflection")
    entry["rubric_levels"] = levels
    (data / "quizzes" / "03.yaml").write_text(yaml.safe_dump(bank, allow_unicode=True),
                                              encoding="utf-8")
    monkeypatch.setenv(files.DATA_ENV, str(data))
    files.clear_cache()
    try:
        with pytest.raises(DataError) as caught:
            sj.quiz_bank("03")
    finally:
        monkeypatch.undo()
        files.clear_cache()
    text = str(caught.value)  # the schema's check, or the type's (levels' order)
    assert "03.yaml" in text and "s03-reflection" in text and message in text
    assert "\n" not in text


def test_the_marking_sheet_has_every_answer_in_full_the_rubric_and_an_empty_points_column(
        hand_ins, tmp_path):
    paths = write_marking(hand_ins, tmp_path / "marking")
    assert paths["sheet"].read_bytes().startswith(b"\xef\xbb\xbf")
    sheet = rows(paths["sheet"])
    assert list(sheet[0]) == ["student", "lesson", "question", "question_id", "prompt",
                              "answer", "rubric", "max_points", "points", "comment"]
    items = {(m.bank, m.question.id) for m in markable([sj.quiz_bank("03"),
                                                        sj.quiz_bank("08")])}
    assert {(r["lesson"], r["question_id"]) for r in sheet} <= items
    essay = sj.quiz_bank("03").question("s03-reflection")
    row = next(r for r in sheet if r["question_id"] == essay.id)
    assert row["answer"] == essay.model_answer  # the answer in full, not cut short
    assert row["max_points"] == "3" and row["points"] == ""
    assert essay.rubric[0] in row["rubric"] and "3 (Full): Names a specific" in row["rubric"]
    code = next(r for r in sheet if r["question_id"] == "s08-code-affinity-change")
    assert code["answer"].startswith("affinity_change = ") and "not the code" in code["answer"]
    page = paths["html"].read_text(encoding="utf-8")
    assert html.escape(sheet[0]["student"]) in page and "Marking levels (points)" in page
    assert page.count('class="sj-answer"') == len(sheet)


def write_marks(path, lines: list[list]) -> None:
    with path.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows([["student", "lesson", "question_id", "points"], *lines])


def test_marks_merge_into_the_report_and_both_gradebooks_with_totals(hand_ins, tmp_path):
    students = sorted(json.loads(p.read_text(encoding="utf-8"))["student"]
                      for p in hand_ins.glob("*.json"))
    zoe = "Zoë Müller-李"
    marks = tmp_path / "marks.csv"
    write_marks(marks, [[zoe, "03", "s03-reflection", "3"],
                        [zoe, "8", "s08-reflection", "2.5"],
                        [students[1], "08", "s08-code-affinity-change", "1"],
                        ["Nobody", "03", "s03-reflection", "2"],          # row 5
                        [zoe, "03", "s03-characterization", "1"],         # row 6
                        [students[1], "03", "s03-reflection", "7"],       # row 7
                        [students[1], "08", "s08-reflection", "lots"],    # row 8
                        [students[2], "03", "s03-reflection", ""]])       # not marked yet
    report = write_class_report(hand_ins, tmp_path / "out", marks=marks)
    assert [n for n in report.notes if "marks.csv" in n] == [
        f"{marks}, row 5, field 'student': no hand-in by 'Nobody'; the row is left out",
        f"{marks}, row 6, field 'question_id': 's03-characterization' of lesson '03' is not "
        "a question marked by hand; the row is left out",
        f"{marks}, row 7, field 'points': 7 is not from 0 to 3, the points 03.5 gives; the "
        "row is left out".replace("03.5", label("03", "s03-reflection")),
        f"{marks}, row 8, field 'points': 'lots' is not a number; the row is left out"]
    assert report.marks == {(zoe, "03", "s03-reflection"): 3.0,
                            (zoe, "08", "s08-reflection"): 2.5,
                            (students[1], "08", "s08-code-affinity-change"): 1.0}
    moodle = {r["Student"]: r for r in rows(report.paths["gradebook"])}
    assert moodle[zoe]["Lesson 03 marked by hand (points of 3)"] == "3"
    assert moodle[zoe]["Lesson 03 marked by hand (%)"] == "100.0"
    assert moodle[zoe]["Lesson 08 marked by hand (points of 6)"] == "2.5"
    assert moodle[students[2]]["Lesson 03 marked by hand (points of 3)"] == ""  # no mark
    possible = graded("03") + graded("08") + 9
    total = next(k for k in moodle[zoe] if k.startswith("Overall (points"))
    assert total == f"Overall (points of {possible})"
    quiz = sum(float(moodle[zoe][k]) for k in moodle[zoe]
               if k.startswith("Lesson") and "quiz (points" in k and moodle[zoe][k])
    assert float(moodle[zoe][total]) == pytest.approx(quiz + 5.5)
    assert moodle[zoe]["Overall (%)"] == f"{100 * (quiz + 5.5) / possible:.1f}"
    page = html.unescape(report.paths["html"].read_text(encoding="utf-8"))
    assert "Marked by hand" in page and "5.5 of 9" in page


def label(bank: str, question_id: str) -> str:
    ids = [q.id for q in sj.quiz_bank(bank).questions]
    return f"{bank}.{ids.index(question_id) + 1}"


def graded(bank: str) -> int:
    return sum(q.GRADED for q in sj.quiz_bank(bank).questions)


def test_the_gradebooks_open_in_excel_and_follow_moodle_and_canvas(hand_ins, tmp_path):
    report = write_class_report(hand_ins, tmp_path / "out")
    for name in ("gradebook", "canvas"):
        raw = report.paths[name].read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: Excel reads it as UTF-8
        assert "Zoë Müller-李".encode() in raw
    with report.paths["canvas"].open(encoding="utf-8-sig", newline="") as stream:
        table = list(csv.reader(stream))
    assert table[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section",
                        "Lesson 03 quiz", "Lesson 08 quiz"]
    assert table[1] == ["Points Possible", "", "", "", "", str(graded("03")),
                        str(graded("08"))]
    moodle = {r["Student"]: r for r in rows(report.paths["gradebook"])}
    for line in table[2:]:
        student, _id, sis, _login, _section, p03, p08 = line
        assert sis == student
        assert p03 == moodle[student][f"Lesson 03 quiz (points of {graded('03')})"]
        assert p08 == moodle[student][f"Lesson 08 quiz (points of {graded('08')})"]


def test_the_commands(hand_ins, tmp_path):
    out = subprocess.run([sys.executable, "-m", "sinojapan.instructor.marking", str(hand_ins),
                          str(tmp_path / "m")], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "m" / "marking-sheet.csv").exists()
    usage = subprocess.run([sys.executable, str(REPO / "tasks.py"), "marking"],
                           capture_output=True, text=True)
    assert usage.returncode == 2 and "marking FOLDER" in usage.stdout
    marks = tmp_path / "marks.csv"
    write_marks(marks, [["Zoë Müller-李", "03", "s03-reflection", "2"]])
    report = subprocess.run([sys.executable, "-m", "sinojapan.instructor.class_report",
                             str(hand_ins), str(tmp_path / "r"), "--marks", str(marks)],
                            capture_output=True, text=True)
    assert report.returncode == 0, report.stderr
    assert "1 mark(s) by hand" in report.stdout and "gradebook-canvas.csv" in report.stdout


def test_the_marking_command_refuses_a_lesson_with_no_quiz_as_the_class_report_does(tmp_path):
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "sinojapan.instructor.marking",
                           str(tmp_path), str(tmp_path / "out"), "--lessons", "04,42"],
                          capture_output=True, text=True)
    assert done.returncode == 2 and not (tmp_path / "out").exists()
    assert done.stderr.startswith("--lessons: no quiz '42'; the quizzes are 00, 01")
    assert done.stderr.strip().endswith("Nothing was written.")
