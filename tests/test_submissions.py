"""A student's submission file: what it carries, and reading a folder of them without
ever stopping on a bad file."""

from __future__ import annotations

import json
import os
from datetime import datetime

import pytest

import sinojapan as sj
from sinojapan.progress import store as progress_module
from sinojapan.progress.store import Progress
from sinojapan.progress.submissions import (
    FORMAT,
    UnreadableWork,
    read_folder,
    read_work,
    submission_name,
)

from helpers import check_answer as answer


@pytest.fixture
def student_store(tmp_path, monkeypatch):
    """The student's own progress file (where sj.export_progress reads it), with a wrong
    then right answer, a hint, a reveal, and a reflection with rubric points ticked."""
    monkeypatch.setenv(progress_module.PROGRESS_ENV, str(tmp_path / "mine" / "progress.json"))
    store = Progress()
    answer(store, "03", "s03-characterization", 1)
    answer(store, "03", "s03-characterization", 0)
    store.hint("03", "s03-alliance", 1)
    answer(store, "03", "s03-alliance", "treaty")
    store.reveal("03", "s03-alliance")
    answer(store, "03", "s03-reflection", "I would start stage 3 in December 2008, when "
                                          "survey ships stayed in the territorial waters.")
    store.update("03", "s03-reflection", self_check=[0, 2])
    answer(store, "04", "s04-scrambles", "306")
    return store


def test_the_submission_names_the_student_and_carries_every_record(student_store, tmp_path):
    paths = sj.export_progress(tmp_path / "hand-in", student="Ann Lee")
    assert paths["submission"].name == "submission-Ann-Lee.json"
    assert paths["html"].name == "progress.html" and paths["html"].parent == \
        paths["submission"].parent
    handed = json.loads(paths["submission"].read_text(encoding="utf-8"))
    assert handed["format"] == FORMAT and handed["format_version"] == 1
    assert handed["student"] == "Ann Lee"
    assert handed["lessons"] == ["03", "04"]
    assert handed["module_version"] == sj.__version__
    assert datetime.fromisoformat(handed["created"]).tzinfo is not None
    assert handed["progress"] == student_store.load()  # the document itself, unchanged
    first = handed["progress"]["answers"]["03"]["s03-characterization"]
    assert first["first_try_correct"] is False and first["total_attempts"] == 2
    alliance = handed["progress"]["answers"]["03"]["s03-alliance"]
    assert alliance["revealed"] is True and alliance["hints_used"] == 1
    assert handed["progress"]["answers"]["03"]["s03-reflection"]["self_check"] == [0, 2]


def test_a_submission_needs_the_students_name(student_store, tmp_path):
    with pytest.raises(ValueError, match="Give your name"):
        sj.export_progress(tmp_path, student="  ")
    assert not list(tmp_path.glob("submission-*"))


def test_lessons_can_be_named_and_file_names_keep_only_safe_characters(student_store,
                                                                        tmp_path):
    path = sj.export_progress(tmp_path, student="Zoë O'Brien / 王", lessons=["04"])[
        "submission"]
    assert path.name == "submission-Zoë-O-Brien-王.json"
    assert json.loads(path.read_text(encoding="utf-8"))["lessons"] == ["04"]
    assert submission_name("../../etc") == "submission-etc.json"
    assert submission_name("") == "submission-student.json"


def test_a_submission_reads_back_as_the_students_work(student_store, tmp_path):
    path = sj.export_progress(tmp_path, student="Ann Lee")["submission"]
    work = read_work(path)
    assert work.student == "Ann Lee" and work.lessons == ["03", "04"]
    assert work.answers == student_store.load()["answers"] and not work.notes


def test_hand_ins_on_a_shared_drive_can_be_read_by_the_instructors_account(student_store,
                                                                           tmp_path):
    # Temporary files are made owner-only; a hand-in and the progress file must not be.
    previous = os.umask(0o022)
    try:
        paths = sj.export_progress(tmp_path / "hand-in", student="Ann Lee")
        student_store.record_attempt("03", "s03-extra", "x", 0.0, False, "no", "p1")
    finally:
        os.umask(previous)
    assert paths["submission"].stat().st_mode & 0o777 == 0o644
    assert student_store.path.stat().st_mode & 0o777 == 0o644
    student_store.path.chmod(0o640)  # a mode someone chose is kept across saves
    student_store.record_attempt("03", "s03-extra", "y", 0.0, False, "no", "p1")
    assert student_store.path.stat().st_mode & 0o777 == 0o640


def test_a_file_this_account_may_not_read_is_named_as_such(tmp_path, monkeypatch):
    path = tmp_path / "progress.json"
    path.write_text("{}", encoding="utf-8")

    def refused(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(type(path), "read_text", refused)
    with pytest.raises(UnreadableWork, match="may not read it .permission denied."):
        read_work(path)


def write(path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_a_folder_is_read_whatever_is_in_it_and_bad_files_are_listed(student_store,
                                                                       tmp_path):
    folder = tmp_path / "class"
    sj.export_progress(folder, student="Ann Lee")
    good = json.loads((folder / "submission-Ann-Lee.json").read_text(encoding="utf-8"))
    progress_file = json.dumps(student_store.load())
    write(folder / "alice" / "progress.json", progress_file)  # named by its folder
    write(folder / "bob.json", progress_file)  # named by the file
    damaged = json.loads(progress_file)
    damaged["answers"]["04"]["s04-scrambles"] = "not a record"
    write(folder / "carol.json", json.dumps(damaged))
    bad = {
        "broken.json": "{not json",
        "empty.json": "",
        "a-list.json": "[1, 2]",
        "newer.json": json.dumps({**good, "format_version": 2}),
        "no-progress.json": json.dumps({**good, "progress": [1]}),
        "nameless.json": json.dumps({**good, "student": 42}),
        "lessons.json": json.dumps({**good, "student": "Dan", "lessons": "03"}),
        "settings.json": json.dumps({"theme": "dark"}),
        "progress.unreadable-20240501T101010123456.json": "{",
    }
    for name, text in bad.items():
        write(folder / name, text)
    (folder / "binary.json").write_bytes(b"\xff\xfe\x00garbage")
    (folder / "notes.txt").write_text("not JSON, not read", encoding="utf-8")

    works, skipped = read_folder(folder)
    assert [w.student for w in works] == ["alice", "Ann Lee", "bob", "carol"]
    assert sorted(p.name for p, _ in skipped) == sorted([*bad, "binary.json"])
    reasons = {p.name: reason for p, reason in skipped}
    assert "not readable as JSON" in reasons["broken.json"]
    assert "not readable as JSON" in reasons["binary.json"]
    assert "neither a submission nor a progress file" in reasons["a-list.json"]
    assert "neither a submission nor a progress file" in reasons["settings.json"]
    assert "format_version 2" in reasons["newer.json"]
    assert "'progress' is not a progress file" in reasons["no-progress.json"]
    assert "'student' is not a name" in reasons["nameless.json"]
    assert "'lessons' is not a list" in reasons["lessons.json"]
    assert "copy the module kept" in reasons["progress.unreadable-20240501T101010123456.json"]
    carol = works[-1]
    assert "s04-scrambles" not in carol.answers["04"] and carol.notes  # the rest is kept
    assert carol.answers["03"] == student_store.load()["answers"]["03"]


def test_a_student_who_hands_in_twice_counts_once_with_the_newest_file(student_store,
                                                                       tmp_path):
    folder = tmp_path / "class"
    path = sj.export_progress(folder / "monday", student="Ann Lee")["submission"]
    older = json.loads(path.read_text(encoding="utf-8"))
    older["created"] = "2024-01-01T00:00:00+00:00"
    older["progress"]["answers"].pop("04")
    path.write_text(json.dumps(older), encoding="utf-8")
    sj.export_progress(folder / "friday", student=" ann  lee ")
    works, skipped = read_folder(folder)
    assert len(works) == 1 and "04" in works[0].answers
    assert skipped == [(path, "an older hand-in by Ann Lee; friday/submission-ann-lee.json "
                              "is used")]


def test_a_link_to_nothing_is_listed_not_silently_left_out(student_store, tmp_path):
    hand_in = tmp_path / "hand-in"
    sj.export_progress(hand_in, student="Ann Lee")
    (hand_in / "ben.json").symlink_to(tmp_path / "moved-away.json")
    (hand_in / "folder.json").mkdir()  # a folder with a .json name is only a folder
    works, skipped = read_folder(hand_in)
    assert [w.student for w in works] == ["Ann Lee"]
    assert [(p.name, r.split(" (")[0]) for p, r in skipped] == [
        ("ben.json", "a link to a file that does not exist")]


def test_a_record_with_numbers_out_of_range_is_read_with_them_left_out(tmp_path):
    path = tmp_path / "a.json"
    path.write_text('{"version": 1, "answers": {"03": {"q": {"credit": NaN, "score": -5, '
                    '"best_score": 1e300, "history": [1], "attempts": 2}}}}')
    work = read_work(path)
    assert work.answers["03"]["q"] == {"history": [], "attempts": 2}
    assert work.notes == [
        "record 03/q: 'history' entry 1 is not a record (1)",
        "record 03/q: 'credit' is not a number from 0 to 1 (nan)",
        "record 03/q: 'score' is not a number from 0 to 1 (-5)",
        "record 03/q: 'best_score' is not a number from 0 to 1 (1e+300)"]
