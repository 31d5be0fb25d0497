"""Keeping progress beyond a session: Binder is recognized and says so, a copy downloads,
and a saved file (progress.json or a submission) merges back without losing newer answers
on either side."""

from __future__ import annotations

import base64
import html
import json
import re

import pytest

from sinojapan.components.base import source
from sinojapan.progress import hosting
from sinojapan.progress import store as progress_module
from sinojapan.progress import transfer as progress_transfer
from sinojapan.progress.merge import merge_answers, merge_record
from sinojapan.progress.store import Progress
from sinojapan.progress.transfer import ProgressImportError, import_progress
from sinojapan.quizzes import lesson_quiz as quizzes

NUMERIC = "demo-numeric-seven-years"
TEXT = "demo-text-partner"


@pytest.fixture
def not_binder(monkeypatch):
    for name in hosting.BINDER_VARIABLES + hosting.HUB_VARIABLES:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def on_binder(not_binder, monkeypatch):
    monkeypatch.setenv("BINDER_LAUNCH_HOST", "https://binder.example/")
    monkeypatch.setenv("BINDER_REQUEST", "v2/gh/owner/repo/HEAD")


def upload(keep, name: str, raw: bytes) -> None:
    """What the browser sends when a file is chosen: one message, the bytes as a buffer
    (components/keep_progress.js)."""
    keep.widget.act("upload", name=name, buffers=[memoryview(raw)])


def shown(keep, part: str) -> str:
    return html.unescape(keep.widget.state[part])


def test_binder_and_a_hub_are_recognized_by_their_variables(not_binder, monkeypatch):
    assert hosting.place() == "computer"
    monkeypatch.setenv("JUPYTERHUB_USER", "alice")
    assert hosting.place() == "jupyterhub"
    monkeypatch.setenv("BINDER_REQUEST", "v2/gh/owner/repo/HEAD")  # Binder runs on a hub
    assert hosting.place() == "binder"


def test_on_binder_every_quiz_says_progress_is_temporary_and_how_to_keep_it(on_binder,
                                                                              tmp_path):
    quiz = quizzes.quiz("demo", progress=Progress(tmp_path / "progress.json"))
    shown = html.unescape(quiz.widget.state["notice"])
    assert "You are on Binder" in shown and str(tmp_path / "progress.json") in shown
    assert "deleted" in shown and "sj.keep_progress()" in shown
    assert "sj.import_progress(" in shown
    quiz.view(NUMERIC).submit("6.26")  # the notice stays after an answer
    assert "You are on Binder" in html.unescape(quiz.widget.state["notice"])


def test_elsewhere_no_binder_notice(not_binder, tmp_path):
    quiz = quizzes.quiz("demo", progress=Progress(tmp_path / "progress.json"))
    assert quiz.widget.state["notice"] == ""
    keep = progress_transfer.keep_progress(Progress(tmp_path / "p.json"), folder=tmp_path)
    assert "Binder" not in shown(keep, "place")
    assert "kept between sessions" in shown(keep, "place")


def test_binder_round_trip_download_then_upload_in_a_new_session(on_binder, tmp_path):
    first_session = Progress(tmp_path / "session-1" / "progress.json")
    quiz = quizzes.quiz("demo", progress=first_session)
    quiz.view(NUMERIC).submit("6.3")
    quiz.view(NUMERIC).submit("6.26")
    quiz.view(TEXT).submit("India")
    keep = progress_transfer.keep_progress(first_session, folder=tmp_path / "lessons-1")
    (tmp_path / "lessons-1").mkdir()
    assert "Your progress is temporary here" in shown(keep, "place")
    assert "press Prepare my progress file below" in shown(keep, "place")  # its own button
    assert "Bring back a saved file" in shown(keep, "place")  # and its file chooser
    script = source("keep_progress.js")
    assert '"Prepare my progress file"' in script and '"Bring back a saved file: "' in script
    keep.widget.act("prepare")  # what the button does
    copy = next((tmp_path / "lessons-1").glob("sinojapan-progress-*.json"))
    link = re.search(r'download="([^"]+)" href="data:application/json;base64,([^"]+)"',
                     keep.widget.state["download"])
    assert link and link.group(1) == copy.name
    downloaded = base64.b64decode(link.group(2))
    assert json.loads(downloaded) == first_session.load()

    # The session ends; a new one starts empty and the student uploads the file.
    second_session = Progress(tmp_path / "session-2" / "progress.json")
    keep2 = progress_transfer.keep_progress(second_session, folder=tmp_path)
    upload(keep2, copy.name, downloaded)
    assert "2 question(s) added" in shown(keep2, "result")
    restored = quizzes.quiz("demo", progress=second_session)
    assert restored.view(NUMERIC).record["answer"] == "6.26"
    assert [h["answer"] for h in restored.view(NUMERIC).record["history"]] == ["6.3", "6.26"]
    assert restored.widget.state["score"] == quiz.widget.state["score"]  # the same score as before
    answered = keep2.widget.state["answered"]
    upload(keep2, copy.name, downloaded)  # the same file again: said again, nothing added
    assert keep2.widget.state["answered"] == answered + 1
    assert "0 question(s) added" in shown(keep2, "result")


def _record(answer, updated, history, **extra):
    return {"answer": answer, "updated": updated, "attempts": len(history),
            "history": history, "hints_shown": 0, "revealed": False, **extra}


def _attempt(answer, time, score):
    return {"answer": answer, "score": score, "round": 1, "revealed_before": False,
            "time": time}


def test_merge_keeps_the_newer_answer_of_each_side_and_every_attempt():
    a1 = _attempt("x", "2024-03-01T10:00:00+00:00", 0.0)
    a2 = _attempt("y", "2024-03-02T10:00:00+00:00", 1.0)
    b2 = _attempt("z", "2024-03-03T10:00:00+00:00", 0.0)
    ours = {"01": {"q1": _record("y", "2024-03-02T10:00:00+00:00", [a1, a2], credit=1.0,
                                 total_attempts=2, first_try_correct=False),
                   "q2": _record("new here", "2024-03-05T00:00:00+00:00", [])}}
    theirs = {"01": {"q1": _record("z", "2024-03-03T10:00:00+00:00", [a1, b2], credit=0.0,
                                   total_attempts=2, first_try_correct=False),
                     "q2": _record("old there", "2024-03-01T00:00:00+00:00", []),
                     "q3": _record("only there", "2024-03-01T00:00:00+00:00", [])},
              "02": {"q1": _record("a", "2024-03-01T00:00:00+00:00", [])}}
    merged, counts = merge_answers(ours, theirs)
    q1 = merged["01"]["q1"]
    assert q1["answer"] == "z"  # theirs was newer
    assert [h["answer"] for h in q1["history"]] == ["x", "y", "z"]  # a1 once, in time order
    assert q1["credit"] == 1.0 and q1["total_attempts"] == 3  # earned here, kept
    assert merged["01"]["q2"]["answer"] == "new here"  # ours was newer
    assert merged["01"]["q3"]["answer"] == "only there" and merged["02"]["q1"]["answer"] == "a"
    assert counts == {"added": 2, "newer": 1, "kept": 1}
    assert ours["01"]["q1"]["answer"] == "y"  # the inputs are not changed


def test_merge_keeps_reveals_and_hints_used_of_either_side():
    ours = _record(None, "2024-01-02T00:00:00+00:00", [], revealed=True, hints_used=1)
    theirs = _record("b", "2024-01-03T00:00:00+00:00", [], hints_used=3, hints_shown=0)
    merged = merge_record(ours, theirs)
    assert merged["revealed"] and merged["hints_used"] == 3 and merged["answer"] == "b"


def test_merging_is_the_same_whichever_side_is_ours():
    a = {"01": {"q1": _record("a", "2024-01-01T00:00:00+00:00",
                              [_attempt("a", "2024-01-01T00:00:00+00:00", 0.5)])}}
    b = {"01": {"q1": _record("b", "2024-01-02T00:00:00+00:00",
                              [_attempt("b", "2024-01-02T00:00:00+00:00", 1.0)])}}
    assert merge_answers(a, b)[0] == merge_answers(b, a)[0]


def test_import_merges_a_saved_file_into_newer_work_without_losing_either(tmp_path):
    saved_path = tmp_path / "saved.json"
    saved = Progress(saved_path)
    saved.record_attempt("01", "q-old-there", "a", 1.0, True, "", "stage-1")
    saved.record_attempt("01", "q-both", "first", 0.0, False, "", "stage-1")
    here = Progress(tmp_path / "here.json")
    here.record_attempt("01", "q-here", "b", 1.0, True, "", "stage-1")
    here.record_attempt("01", "q-both", "later", 1.0, True, "", "stage-1")
    before = saved_path.read_bytes()
    result = import_progress(saved_path, progress=here)
    assert (result.added, result.newer, result.kept) == (1, 0, 1)
    answers = Progress(tmp_path / "here.json").load()["answers"]["01"]
    assert set(answers) == {"q-old-there", "q-here", "q-both"}
    assert answers["q-both"]["answer"] == "later"
    assert [h["answer"] for h in answers["q-both"]["history"]] == ["first", "later"]
    assert saved_path.read_bytes() == before  # the imported file is only read
    assert "Imported" in str(result) and "1 question(s) added" in result._repr_html_()


def test_import_takes_the_progress_out_of_a_submission_file(tmp_path):
    source = Progress(tmp_path / "p.json")
    source.record_attempt("02", "q1", "6.26", 1.0, True, "", "stage-2")
    submission = {"format": "sinojapan-submission", "format_version": 1, "student": "A",
                  "lessons": ["02"], "module_version": "0.1.0",
                  "created": "2024-05-01T10:00:00+00:00", "progress": source.load()}
    path = tmp_path / "alice-submission.json"
    path.write_text(json.dumps(submission), encoding="utf-8")
    here = Progress(tmp_path / "here.json")
    import_progress(path, progress=here)
    assert here.get("02", "q1")["answer"] == "6.26"


def test_import_brings_back_a_simulation_path_and_keeps_the_newer_run(tmp_path):
    saved = Progress(tmp_path / "saved.json")
    saved.save_scenario_run("2010-trawler", "tokyo", ["arrest"], finished=False)
    here = Progress(tmp_path / "here.json")
    import_progress(saved.path, progress=here)
    assert here.scenario_run("2010-trawler")["path"] == ["arrest"]
    here.save_scenario_run("2010-trawler", "tokyo", ["arrest", "extend"], finished=False)
    import_progress(saved.path, progress=here)  # the file's run is older: ours stays
    assert here.scenario_run("2010-trawler")["path"] == ["arrest", "extend"]


@pytest.mark.parametrize(("content", "message"), [
    ("{not json", "not valid JSON"),
    ("[1, 2]", "not a progress file (no 'answers' mapping) or a submission file"),
    ('{"format": "sinojapan-submission", "format_version": 1, "progress": [1]}',
     "field 'progress': not a progress file"),
    ('{"format": "sinojapan-submission", "format_version": 7, "progress": {}}',
     "field 'format_version': 7"),
    ('{"answers": {"01": {"q1": {"attempts": "three"}}}}', "'attempts' is not a number"),
], ids=["broken-json", "a-list", "submission-without-progress", "newer-format",
        "damaged-record"])
def test_a_file_that_is_neither_gets_one_clear_line_naming_it(tmp_path, content, message):
    path = tmp_path / "odd.json"
    path.write_text(content, encoding="utf-8")
    here = Progress(tmp_path / "here.json")
    here.record_attempt("01", "q1", "a", 1.0, True, "", "stage-1")
    before = (tmp_path / "here.json").read_bytes()
    with pytest.raises(ProgressImportError) as caught:
        import_progress(path, progress=here)
    text = str(caught.value)
    assert text.startswith(str(path)) and message in text and "\n" not in text
    assert (tmp_path / "here.json").read_bytes() == before  # nothing changed


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(ProgressImportError, match=r"nowhere\.json: cannot be read"):
        import_progress(tmp_path / "nowhere.json", progress=Progress(tmp_path / "p.json"))


def test_a_bad_upload_is_reported_in_the_widget_and_nothing_changes(tmp_path, not_binder):
    store = Progress(tmp_path / "p.json")
    keep = progress_transfer.keep_progress(store, folder=tmp_path)
    upload(keep, "notes.json", b"[1]")
    result = shown(keep, "result")
    assert 'class="sj-problem"' in result and "notes.json: not a progress file" in result
    assert store.load()["answers"] == {}
    keep.widget.act("upload", name="empty.json")  # no bytes came with it
    assert "empty.json did not arrive whole" in shown(keep, "result")
    assert store.load()["answers"] == {}


def test_a_folder_that_cannot_hold_the_copy_is_reported(tmp_path, not_binder):
    keep = progress_transfer.keep_progress(Progress(tmp_path / "p.json"),
                                           folder=tmp_path / "missing")
    assert keep.prepare_download() is None
    assert "No copy could be written" in keep.widget.state["download"]


def test_two_copies_in_one_second_get_two_names(tmp_path):
    store = Progress(tmp_path / "p.json")
    first = progress_transfer.write_copy(store, tmp_path)
    second = progress_transfer.write_copy(store, tmp_path)
    assert first != second and first.exists() and second.exists()


def test_the_static_page_shows_no_one_s_progress_path(tmp_path, monkeypatch, on_binder):
    from sinojapan.pictures.display import STATIC_EXPORT_ENV

    keep = progress_transfer.keep_progress(Progress(tmp_path / "p.json"), folder=tmp_path)
    assert str(tmp_path) in keep._repr_mimebundle_()["text/html"]
    monkeypatch.setenv(STATIC_EXPORT_ENV, "1")
    bundle = keep._repr_mimebundle_()
    assert str(tmp_path) not in bundle["text/html"] + bundle["text/plain"]
    assert "When you run this notebook in JupyterLab" in bundle["text/html"]


def saved_with(record_fields: dict) -> bytes:
    """A progress file whose one record carries `record_fields` over a good record."""
    record = {"attempts": 1, "history": [{"answer": "7", "score": 1.0}], "credit": 1.0,
              "updated": "2024-05-01T10:00:00+00:00"} | record_fields
    return json.dumps({"version": 1, "answers": {"demo": {NUMERIC: record}}}).encode()


@pytest.mark.parametrize(("fields", "message"), [
    ({"credit": "lots"}, "record demo/demo-numeric-seven-years: 'credit' is not a number "
                         "from 0 to 1 ('lots')"),
    ({"history": [1]}, "record demo/demo-numeric-seven-years: 'history' entry 1 is not a "
                       "record (1)"),
    ({"credit": float("nan")}, "'credit' is not a number from 0 to 1 (nan)"),
    ({"credit": -5}, "'credit' is not a number from 0 to 1 (-5)"),
    ({"history": [{"answer": "7", "score": 1e300}]}, "entry 1's 'score' is not a number"),
], ids=["credit-text", "history-number", "credit-nan", "credit-negative", "score-huge"])
def test_a_record_of_the_wrong_kind_is_refused_in_one_line_naming_file_and_record(
        tmp_path, not_binder, fields, message):
    here = Progress(tmp_path / "here.json")
    here.record_attempt("01", "q1", "a", 1.0, True, "", "stage-1")
    before = here.path.read_bytes()
    path = tmp_path / "odd.json"
    path.write_bytes(saved_with(fields))
    with pytest.raises(ProgressImportError) as caught:
        import_progress(path, progress=here)
    text = str(caught.value)
    assert text.startswith(f"{path}: ") and message in text and "\n" not in text
    assert text.endswith("nothing was imported")
    assert here.path.read_bytes() == before  # nothing lost, nothing half-merged
    keep = progress_transfer.keep_progress(here, folder=tmp_path)
    upload(keep, "odd.json", saved_with(fields))  # the upload button says the same
    result = shown(keep, "result")
    assert 'class="sj-problem"' in result and "odd.json: " in result and message in result
    assert here.path.read_bytes() == before


def test_an_imported_simulation_run_with_a_side_that_is_not_an_id_is_refused(tmp_path):
    import sinojapan as sj

    here = Progress(tmp_path / "here.json")
    path = tmp_path / "run.json"
    path.write_text(json.dumps({"version": 1, "answers": {}, "scenarios": {
        "2010-trawler": {"side": ["tokyo"], "path": [], "finished": False}}}))
    with pytest.raises(ProgressImportError, match=r"run\.json: the saved side of simulation "
                                                  r"2010-trawler is not a side's id"):
        import_progress(path, progress=here)
    assert here.scenario_run("2010-trawler") is None
    view = sj.scenario("2010-trawler", progress=here)  # later plays are unaffected
    assert view.side is None
    view.choose_side("tokyo")
    assert here.scenario_run("2010-trawler")["side"] == "tokyo"


def test_a_run_with_a_bad_side_in_ones_own_file_is_set_aside_not_a_crash(tmp_path):
    import sinojapan as sj

    path = tmp_path / "progress.json"
    path.write_text(json.dumps({"version": 1, "answers": {}, "scenarios": {
        "2010-trawler": {"side": ["tokyo"], "path": [], "finished": False}}}))
    store = Progress(path)
    with pytest.warns(progress_module.ProgressWarning, match="is not a side's id"):
        view = sj.scenario("2010-trawler", progress=store)
    assert view.side is None and list(tmp_path.glob("progress.damaged-*.json"))


def test_merging_leaves_out_a_field_of_the_wrong_kind_on_either_side():
    ours = {"01": {"q": {"credit": "lots", "history": [1, {"answer": "a", "score": 0.5}],
                         "updated": "2024-01-01T00:00:00+00:00"}}}
    theirs = {"01": {"q": {"credit": 0.5, "history": [{"answer": "b", "score": 1.0}],
                           "updated": "2024-02-01T00:00:00+00:00"}}}
    merged, counts = merge_answers(ours, theirs)
    assert counts["newer"] == 1 and merged["01"]["q"]["credit"] == 0.5
    assert [h["answer"] for h in merged["01"]["q"]["history"]] == ["a", "b"]
