"""`tasks.py lms` and `python -m sinojapan.lms.export`: what an instructor runs, what it
writes, and what it says when a bank cannot be exported."""

from __future__ import annotations

import subprocess
import sys
import time
import zipfile

from sinojapan.course.banks import quiz_bank
from sinojapan.lms import moodle as lms_moodle
from sinojapan.lms import qti as lms_qti
from sinojapan.lms.export import export_lms, lesson_bank_ids
from sinojapan.question_types import TYPES

from helpers import REPO


def test_the_command_writes_every_lesson_for_moodle_and_canvas_in_seconds(tmp_path):
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "sinojapan.lms.export", str(tmp_path)],
                          capture_output=True, text=True, cwd=REPO)
    elapsed = time.perf_counter() - started
    assert done.returncode == 0, done.stderr
    total = sum(len(quiz_bank(b)) for b in lesson_bank_ids())
    assert f"wrote {total} questions of {len(lesson_bank_ids())} bank(s)" in done.stdout
    names = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()}
    assert names == {"moodle/all-lessons.xml", "canvas-qti.zip", "README.md",
                     *(f"moodle/{b}.xml" for b in lesson_bank_ids())}
    assert not any("demo" in n for n in zipfile.ZipFile(tmp_path / "canvas-qti.zip").namelist())
    readme = (tmp_path / "README.md").read_text(encoding="utf-8")
    for section, writers in (("Moodle", lms_moodle.WRITERS), ("Canvas (QTI 1.2)", lms_qti.WRITERS)):
        part = readme.split(f"## How each type becomes a {section} question", 1)[1]
        for name, cls in TYPES.items():
            line = part.split(f"- `{name}`:", 1)[1].split("\n")[0]
            assert all(writers[form][1] in line for form in cls.LMS_FORMS), (section, name)
    assert elapsed < 10, f"{elapsed:.1f} s"


def test_a_second_export_of_some_lessons_leaves_nothing_of_the_first(tmp_path):
    export_lms(tmp_path)
    export_lms(tmp_path, ["03", "05"])
    names = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()}
    assert names == {"moodle/lessons-03-05.xml", "moodle/03.xml", "moodle/05.xml",
                     "canvas-qti.zip", "README.md"}
    assert "`moodle/lessons-03-05.xml`" in (tmp_path / "README.md").read_text(encoding="utf-8")


def test_an_unknown_bank_is_a_one_line_error_naming_it(tmp_path):
    done = subprocess.run([sys.executable, "-m", "sinojapan.lms.export", str(tmp_path), "99"],
                          capture_output=True, text=True, cwd=REPO)
    assert done.returncode == 1
    (line,) = done.stderr.strip().splitlines()
    assert "no question bank '99'" in line and "LMS export failed" in line


def test_tasks_py_offers_the_lms_command_and_the_docs_map_every_type():
    usage = subprocess.run([sys.executable, str(REPO / "tasks.py")], capture_output=True,
                           text=True).stdout
    assert "tasks.py lms" in usage
    docs = (REPO / "docs" / "lms-export.md").read_text(encoding="utf-8")
    for name in TYPES:
        assert f"| `{name}`" in docs, f"docs/lms-export.md does not map {name}"
