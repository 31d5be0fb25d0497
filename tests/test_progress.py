"""Progress is never lost: atomic writes, corrupt files kept aside, concurrent writers."""

from __future__ import annotations

import html
import json
import multiprocessing
import os
import time

import pytest

from sinojapan.progress import report as progress_report
from sinojapan.progress import store as progress_module
from sinojapan.progress.store import Progress, ProgressWarning


def test_location_follows_the_environment_variable(tmp_path, monkeypatch):
    monkeypatch.setenv(progress_module.PROGRESS_ENV, str(tmp_path / "class-drive"))
    assert progress_module.default_path() == tmp_path / "class-drive" / "progress.json"
    monkeypatch.setenv(progress_module.PROGRESS_ENV, str(tmp_path / "alice.json"))
    assert progress_module.default_path() == tmp_path / "alice.json"
    monkeypatch.delenv(progress_module.PROGRESS_ENV)
    assert progress_module.default_path().name == "progress.json"


def test_attempts_are_saved_at_once_and_survive_a_new_session(tmp_path):
    path = tmp_path / "progress.json"
    Progress(path).record_attempt("02", "q1", "6.3", 0.0, False, "too high", "stage-1")
    Progress(path).record_attempt("02", "q1", "6.26", 1.0, True, "", "stage-1")
    record = Progress(path).get("02", "q1")  # a fresh object, as after a kernel restart
    assert record["attempts"] == 2 and record["answer"] == "6.26" and record["correct"]
    assert [h["answer"] for h in record["history"]] == ["6.3", "6.26"]
    assert json.loads(path.read_text())["version"] == 1


def test_corrupt_file_is_moved_aside_with_a_warning_never_overwritten(tmp_path):
    path = tmp_path / "progress.json"
    path.write_text('{"answers": {"02": {"q1": {"attempts": 3', encoding="utf-8")
    store = Progress(path)
    with pytest.warns(ProgressWarning, match="could not be read"):
        assert store.get("02", "q1") is None
    kept = list(tmp_path.glob("progress.unreadable-*.json"))
    assert len(kept) == 1
    assert kept[0].read_text(encoding="utf-8").startswith('{"answers": {"02"')
    assert "nothing was deleted" in store.notices[0]
    store.record_attempt("02", "q2", "x", 1.0, True, "", "stage-2")
    assert Progress(path).get("02", "q2")["answer"] == "x"
    assert kept[0].exists()


def test_a_file_that_is_not_a_progress_file_is_kept_too(tmp_path):
    path = tmp_path / "progress.json"
    path.write_text("[1, 2, 3]", encoding="utf-8")
    with pytest.warns(ProgressWarning):
        Progress(path).load()
    assert len(list(tmp_path.glob("progress.unreadable-*.json"))) == 1


def test_a_failed_write_leaves_the_old_file_whole_and_says_so(tmp_path, monkeypatch):
    path = tmp_path / "progress.json"
    store = Progress(path)
    store.record_attempt("01", "q1", "a", 1.0, True, "", "stage-1")
    before = path.read_text(encoding="utf-8")

    def crash(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(progress_module.os, "fsync", crash)  # the disk fills mid-save
    with pytest.warns(ProgressWarning, match="cannot be saved.*No space left"):
        record = store.record_attempt("01", "q2", "b", 1.0, True, "", "stage-1")
    assert record["answer"] == "b"  # kept for this session, and the student is told
    assert store.get("01", "q2")["answer"] == "b" and not store.saving
    assert path.read_text(encoding="utf-8") == before
    assert not list(tmp_path.glob(".progress*.tmp"))  # no temporary file left behind


def test_temporary_files_of_killed_saves_are_removed_at_the_next_save(tmp_path):
    path = tmp_path / "progress.json"
    for n in range(3):
        (tmp_path / f".progress.json-killed{n}.tmp").write_text("{", encoding="utf-8")
    (tmp_path / ".other.json-x.tmp").write_text("{", encoding="utf-8")  # not ours
    Progress(path).record_attempt("01", "q1", "a", 1.0, True, "", "stage-1")
    assert sorted(p.name for p in tmp_path.glob(".*.tmp")) == [".other.json-x.tmp"]


def test_two_corrupt_files_in_one_second_are_both_kept(tmp_path):
    path = tmp_path / "progress.json"
    for text in ("{broken one", "{broken two"):
        path.write_text(text, encoding="utf-8")
        with pytest.warns(ProgressWarning):
            Progress(path).load()
    kept = sorted(p.read_text(encoding="utf-8") for p in tmp_path.glob("progress.unreadable-*"))
    assert kept == ["{broken one", "{broken two"]


@pytest.mark.parametrize(("damage", "left_out"), [
    ({"01": ["not", "a", "mapping"]}, "lesson 01 is not a mapping"),
    ({"01": {"q1": "a string"}}, "the record of 01/q1 is not a mapping"),
    ({"01": {"q1": {"attempts": 1, "history": "oops"}}}, "the history of 01/q1"),
    ({"01": {"q1": {"attempts": 1, "credit": "lots"}}}, "'credit' is not a number"),
    ({"01": {"q1": {"attempts": "three"}}}, "'attempts' is not a number"),
], ids=["lesson-list", "record-string", "history-string", "credit-text", "attempts-text"])
def test_inner_damage_keeps_the_rest_and_a_copy_of_the_whole(tmp_path, damage, left_out):
    from sinojapan.quizzes import lesson_quiz as quizzes

    path = tmp_path / "progress.json"
    good = {"02": {"q9": {"attempts": 1, "history": [], "answer": "kept", "score": 1.0,
                          "correct": True}}}
    path.write_text(json.dumps({"version": 1, "answers": {**good, **damage}}),
                    encoding="utf-8")
    store = Progress(path)
    with pytest.warns(ProgressWarning, match="damaged"):
        quiz = quizzes.quiz("demo", progress=store)  # the quiz opens
    assert left_out in html.unescape(quiz.widget.state["notice"])
    assert store.get("02", "q9")["answer"] == "kept"
    kept = list(tmp_path.glob("progress.damaged-*.json"))
    assert len(kept) == 1 and json.loads(kept[0].read_text())["answers"]["01"] == damage["01"]


def test_json_nested_too_deep_is_kept_aside_not_a_crash(tmp_path):
    path = tmp_path / "progress.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.warns(ProgressWarning, match="could not be read"):
        assert Progress(path).load()["answers"] == {}
    assert len(list(tmp_path.glob("progress.unreadable-*"))) == 1


@pytest.mark.parametrize("where", ["a-folder", "parent-is-a-file", "read-only"])
def test_a_place_that_cannot_hold_progress_keeps_answers_for_the_session(tmp_path, where):
    from sinojapan.quizzes import lesson_quiz as quizzes

    if where == "a-folder":
        path = tmp_path / "progress.json"
        path.mkdir()
    elif where == "parent-is-a-file":
        (tmp_path / "drive").write_text("a file", encoding="utf-8")
        path = tmp_path / "drive" / "progress.json"
    else:
        if os.geteuid() == 0:
            pytest.skip("root can write to a read-only folder")
        (tmp_path / "ro").mkdir()
        os.chmod(tmp_path / "ro", 0o500)
        path = tmp_path / "ro" / "progress.json"
    store = Progress(path)
    with pytest.warns(ProgressWarning, match="cannot be saved"):
        quiz = quizzes.quiz("demo", progress=store)
    view = quiz.view("demo-numeric-seven-years")
    assert view.submit("6.26").correct
    assert "kept only until this notebook" in quiz.widget.state["notice"]
    assert store.get("demo", "demo-numeric-seven-years")["answer"] == "6.26"


def test_a_copied_file_in_a_read_only_folder_opens_with_its_answers(tmp_path, monkeypatch):
    """A progress.json copied into a folder this account cannot write to, with no .lock
    beside it: the lock cannot be made, yet the answers show (read-only), with a notice."""
    from sinojapan.quizzes import lesson_quiz as quizzes

    saved = Progress(tmp_path / "saved.json")
    saved.record_attempt("demo", "demo-numeric-seven-years", "6.26", 1.0, True, "", "intro")
    (tmp_path / "ro").mkdir()
    path = tmp_path / "ro" / "progress.json"
    path.write_bytes(saved.path.read_bytes())
    before = path.read_bytes()
    real_lock = progress_module._lock_class()

    class ReadOnlyFolder(real_lock):  # what the OS says when the .lock cannot be created
        def acquire(self, *args, **kwargs):
            raise PermissionError(13, "Permission denied", self.lock_file)

    monkeypatch.setattr(progress_module, "_lock_class", lambda: ReadOnlyFolder)
    if os.geteuid() != 0:  # and, where the OS enforces it, a folder that is really read-only
        os.chmod(tmp_path / "ro", 0o500)
    store = Progress(path)
    with pytest.warns(ProgressWarning, match="saved answers are shown"):
        quiz = quizzes.quiz("demo", progress=store)
    assert store.get("demo", "demo-numeric-seven-years")["answer"] == "6.26"  # not empty
    notice = quiz.widget.state["notice"]  # what the quiz shows above its questions
    assert "read-only" in notice and "kept only until" in notice
    assert quiz.view("demo-text-partner").submit("India").correct  # kept for the session
    assert path.read_bytes() == before and not list((tmp_path / "ro").glob("*.lock"))
    os.chmod(tmp_path / "ro", 0o700)


def test_a_file_corrupted_while_the_quiz_is_open_is_reported_in_the_quiz(tmp_path):
    from sinojapan.quizzes import lesson_quiz as quizzes

    path = tmp_path / "progress.json"
    quiz = quizzes.quiz("demo", progress=Progress(path))
    quiz.view("demo-numeric-seven-years").submit("6.26")
    path.write_text("{ not json", encoding="utf-8")  # another program breaks it
    with pytest.warns(ProgressWarning):
        quiz.view("demo-text-partner").submit("India")
    notice = quiz.widget.state["notice"]
    assert "could not be read" in notice and "kept as" in notice


def test_a_trailing_slash_or_a_dotted_folder_name_means_a_folder(tmp_path, monkeypatch):
    monkeypatch.setenv(progress_module.PROGRESS_ENV, str(tmp_path / "class.2024") + os.sep)
    assert progress_module.default_path() == tmp_path / "class.2024" / "progress.json"
    monkeypatch.setenv(progress_module.PROGRESS_ENV, str(tmp_path / "class.2024"))
    assert progress_module.default_path() == tmp_path / "class.2024" / "progress.json"


def _write_many(path: str, bank: str, count: int) -> None:
    store = Progress(path)
    for number in range(count):
        store.record_attempt(bank, f"q{number}", number, 1.0, True, "", "stage-1")


@pytest.mark.skipif(os.name == "nt", reason="uses fork-safe POSIX locking")
def test_two_notebooks_writing_at_once_lose_nothing(tmp_path):
    path = str(tmp_path / "progress.json")
    context = multiprocessing.get_context("spawn")
    writers = [context.Process(target=_write_many, args=(path, bank, 40))
               for bank in ("lesson-a", "lesson-b")]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(timeout=120)
        assert writer.exitcode == 0
    answers = Progress(path).load()["answers"]
    assert len(answers["lesson-a"]) == 40 and len(answers["lesson-b"]) == 40


@pytest.mark.skipif(os.name == "nt", reason="POSIX flock")
def test_a_save_waits_for_the_lock_then_says_clearly_that_the_file_is_busy(tmp_path,
                                                                           monkeypatch):
    import filelock

    path = tmp_path / "progress.json"
    store = Progress(path)
    store.record_attempt("01", "q1", "a", 1.0, True, "", "stage-1")
    before = path.read_text(encoding="utf-8")
    monkeypatch.setattr(progress_module, "LOCK_TIMEOUT", 0.3)
    holder = filelock.UnixFileLock(str(path) + ".lock")  # another notebook, mid-save
    with holder:
        started = time.perf_counter()
        with pytest.raises(progress_module.ProgressLocked, match="busy.*Nothing was saved"):
            store.record_attempt("01", "q2", "b", 1.0, True, "", "stage-1")
        assert 0.25 < time.perf_counter() - started < 5
    assert path.read_text(encoding="utf-8") == before
    store.record_attempt("01", "q2", "b", 1.0, True, "", "stage-1")  # free again: saved
    assert set(store.load()["answers"]["01"]) == {"q1", "q2"}


def test_without_flock_a_soft_lock_is_used_and_nothing_is_left_behind(tmp_path, monkeypatch):
    """As in Pyodide (JupyterLite), where fcntl.flock does not exist."""
    import filelock

    monkeypatch.setattr(filelock, "has_fcntl", False)
    assert progress_module._lock_class() is filelock.SoftFileLock
    store = Progress(tmp_path / "progress.json")
    store.record_attempt("01", "q1", "a", 1.0, True, "", "stage-1")
    assert store.get("01", "q1")["answer"] == "a"
    assert not (tmp_path / "progress.json.lock").exists()  # a soft lock removes its file


def test_forget_keeps_the_history(tmp_path):
    store = Progress(tmp_path / "p.json")
    store.record_attempt("01", "q1", "a", 0.0, False, "", "stage-1")
    record = store.forget("01", "q1")
    assert record["attempts"] == 0 and "answer" not in record and len(record["history"]) == 1


def test_overview_and_export(tmp_path):
    import sinojapan as sj

    store = Progress(tmp_path / "p.json")
    store.record_attempt("01", "q1", "a", 1.0, True, "", "stage-1")
    store.record_attempt("01", "q2", "b", 0.5, False, "", "stage-1")
    store.record_attempt("02", "q1", "c", 0.0, False, "", "stage-2")
    store.record_attempt("02", "r1", "I think the stages blur.", 1.0, True, "", "stage-2",
                         kind="reflection")
    overview = progress_report.overview(store)
    assert overview["by_lesson"].loc["01", "score"] == 1.5
    assert overview["by_lesson"].loc["01", "correct"] == 1
    assert overview["by_essay_part"].loc["stage-2", "answered"] == 1  # not the reflection
    assert overview["by_lesson"].loc["02", "reflections"] == 1
    assert overview["by_lesson"].loc["02", "questions"] == len(
        [q for q in sj.quiz_bank("02").questions if q.GRADED])
    paths = progress_report.export_report(store, tmp_path / "report", student="Student A")
    csv_text = paths["csv"].read_text(encoding="utf-8")
    assert csv_text.splitlines()[0].startswith(
        "lesson,question,essay_part,graded,scored,answered,credit,correct,first_try_correct")
    assert len(csv_text.splitlines()) == 5
    page = paths["html"].read_text(encoding="utf-8")
    assert "Progress report: Student A" in page and "I think the stages blur." in page


def test_progress_chart_shows_numbers_not_only_bars(tmp_path):
    import sinojapan as sj

    store = Progress(tmp_path / "p.json")
    store.record_attempt("01", "q1", "a", 1.0, True, "", "stage-1")
    store.record_attempt("02", "q1", "b", 0.5, False, "", "stage-2")
    chart = progress_report.progress_chart(store)
    by_lesson, by_part = chart.figure.data
    size_01, size_02 = (sum(q.GRADED for q in sj.quiz_bank(b).questions) for b in ("01", "02"))
    assert list(by_lesson.y) == ["Lesson 01", "Lesson 02"]
    assert list(by_lesson.x) == [round(100 / size_01, 1), round(50 / size_02, 1)]
    assert by_lesson.text[0] == f"{100 / size_01:.0f}% (1 of {size_01})"
    assert "Stage 1: security as a non-issue" in by_part.y
    assert f"01: {100 / size_01:.0f}% (score 1 of {size_01} questions; 1 answered, 1 correct)" \
        in chart.text


def test_empty_progress_chart_says_so(tmp_path):
    chart = progress_report.progress_chart(Progress(tmp_path / "none.json"))
    assert chart.text == "No answers saved yet."
    assert "No answers saved yet" in chart.figure.layout.annotations[-1].text
    assert not chart.figure.layout.xaxis.visible and not chart.figure.layout.yaxis2.visible


def test_the_progress_chart_is_laid_out_as_plotly_s_subplots_would_be(tmp_path):
    """The chart is a plain spec; Plotly's checked Figure of it must accept every property
    and put the panels and their titles where make_subplots does."""
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    store = Progress(tmp_path / "p.json")
    store.record_attempt("01", "q1", "a", 1.0, True, "", "stage-1")
    spec = progress_report.progress_figure_spec(store)
    checked = go.Figure(spec)  # raises ValueError on any property Plotly does not know
    grid = make_subplots(rows=1, cols=2, horizontal_spacing=0.35,
                         subplot_titles=("By lesson", "By part of the essay")).layout
    for axis in ("xaxis", "yaxis", "xaxis2", "yaxis2"):
        assert checked.layout[axis].domain == grid[axis].domain
        assert checked.layout[axis].anchor == grid[axis].anchor
    assert [(a.text, a.x, a.y) for a in checked.layout.annotations] == \
        [(a.text, a.x, a.y) for a in grid.annotations]
    assert [t.xaxis for t in checked.data] == ["x", "x2"]


def test_a_first_check_after_show_answer_is_not_right_first_try():
    """A class report once showed a question 100% right first try but 52% right in the
    end: a first check made after "Show answer" counted as right first try."""
    import sinojapan as sj
    from sinojapan.instructor.regrade import Grader, regraded
    from sinojapan.progress import scoring

    question = sj.quiz_bank("demo").question("demo-text-partner")
    record: dict = {}
    scoring.after_reveal(record)
    scoring.after_attempt(record, answer="India", score=1.0, correct=True, feedback="",
                          details=[], kept_answer="India")
    assert record["first_try_correct"] is False and scoring.credit(record) == 0
    again, _ = regraded(record, Grader(question), None)
    assert again["first_try_correct"] is False and again["credit"] == 0
