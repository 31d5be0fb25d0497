"""Checked content kept on disk between kernels (`sinojapan.content.stored`): a second
kernel reads it instead of checking every file again, and never sees a stale or broken
copy. Each test stands for a new kernel with `files.clear_cache()`, which forgets what
this process holds in memory, so the next call reads the disk layer or the files."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from sinojapan.content import catalog, files, series_data, stored
from sinojapan.course import banks
from sinojapan.pictures import charts, timelines
from sinojapan.pictures.display import plain_json

from helpers import REPO

TITLE = "Japan-China Joint Communique normalizes relations"
EVENT = "1972-09-29-japan-china-joint-communique"


@pytest.fixture
def cache(tmp_path, monkeypatch, data_copy):
    """The disk layer switched on (the suite keeps it off in its own process), in a
    folder of the test's own, over a writable copy of data/."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(stored.CACHE_ENV, str(folder))
    monkeypatch.setattr(stored, "enabled", True)
    monkeypatch.delenv(files.SETTINGS_ENV, raising=False)
    files.clear_cache()
    yield folder
    files.clear_cache()


def new_kernel() -> None:
    files.clear_cache()


def stored_files(folder):
    return sorted(folder.rglob("*.pickle"))


def test_a_second_kernel_reads_checked_content_from_disk_not_the_files(cache, monkeypatch):
    assert catalog.events().loc[EVENT, "title"] == TITLE
    assert stored_files(cache), "nothing was stored"
    new_kernel()

    def unread(*_args, **_kwargs):
        raise AssertionError("events.csv was read and checked again")

    monkeypatch.setattr(catalog, "read_csv_rows", unread)
    assert catalog.events().loc[EVENT, "title"] == TITLE


def test_an_edited_file_is_read_and_checked_again(cache, data_copy):
    catalog.events()
    path = data_copy / "events.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(TITLE, "A retitled communique"),
                    encoding="utf-8")
    new_kernel()
    assert catalog.events().loc[EVENT, "title"] == "A retitled communique"


def test_a_malformed_edit_raises_its_error_though_a_good_copy_was_stored(cache, data_copy):
    catalog.events()
    path = data_copy / "events.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(f"{EVENT},1972-09-29,day", f"{EVENT},1972-13-29,day"),
                    encoding="utf-8")
    new_kernel()
    with pytest.raises(files.DataError) as error:
        catalog.events()
    assert error.value.file == str(path)
    assert EVENT in error.value.row and error.value.field == "date"


def test_a_corrupt_stored_file_is_replaced_not_believed(cache):
    expected = catalog.events()
    for path in stored_files(cache):
        path.write_bytes(b"not a pickle")
    new_kernel()
    assert catalog.events().equals(expected)
    assert all(p.read_bytes() != b"not a pickle" for p in stored_files(cache))


def test_course_settings_are_part_of_what_is_stored_against(cache, tmp_path, monkeypatch):
    assert banks.quiz_bank("03").show_answer_after is not None
    settings = tmp_path / "course-settings.yaml"
    settings.write_text("show_answer: never\n", encoding="utf-8")
    monkeypatch.setenv(files.SETTINGS_ENV, str(settings))
    new_kernel()
    assert banks.quiz_bank("03").show_answer_after is None


@pytest.mark.parametrize("where", ["off", "a file", "no home folder"])
def test_no_usable_cache_folder_costs_only_the_speed(where, tmp_path, monkeypatch, data_copy):
    monkeypatch.setattr(stored, "enabled", True)
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the cache folder would be")
    if where == "no home folder":
        monkeypatch.delenv(stored.CACHE_ENV, raising=False)
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)

        def no_home():
            raise RuntimeError("Could not determine home directory.")

        monkeypatch.setattr(stored.Path, "home", no_home)
    else:
        monkeypatch.setenv(stored.CACHE_ENV,
                           "off" if where == "off" else str(blocker / "cache"))
    new_kernel()
    try:
        assert catalog.events().loc[EVENT, "title"] == TITLE
        assert banks.quiz_bank("03").questions
    finally:
        new_kernel()
    assert blocker.read_text() == "a file where the cache folder would be"
    assert not list(tmp_path.rglob("*.pickle"))


def test_only_the_newest_fingerprints_are_kept(cache, data_copy):
    path = data_copy / "events.csv"
    for number in range(stored.KEEP_FINGERPRINTS + 2):
        path.write_text(path.read_text(encoding="utf-8").replace(
            TITLE if number == 0 else f"Edit {number - 1}", f"Edit {number}"), encoding="utf-8")
        new_kernel()
        assert catalog.events().loc[EVENT, "title"] == f"Edit {number}"
    assert len([p for p in cache.iterdir() if p.is_dir()]) == stored.KEEP_FINGERPRINTS


def test_two_processes_share_the_checked_content(tmp_path, data_copy):
    """As two kernels would: the first stores, the second reads the same content."""
    code = ("import sinojapan as sj; from sinojapan.course import banks; "
            "e = sj.events(); b = banks.quiz_bank('09'); "
            "print(len(e), e.iloc[-1].name, len(b.questions))")
    env = {**__import__("os").environ, stored.CACHE_ENV: str(tmp_path / "cache"),
           files.DATA_ENV: str(data_copy)}
    said = [subprocess.run([sys.executable, "-c", code], env=env, cwd=REPO, check=True,
                           capture_output=True, text=True) for _ in range(2)]
    assert said[0].stdout == said[1].stdout and said[0].stdout.strip()
    assert not said[1].stderr
    assert list((tmp_path / "cache").rglob("*.pickle"))


def test_a_failed_write_leaves_no_half_written_file(cache, monkeypatch):
    def disk_full(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(stored.os, "replace", disk_full)
    assert catalog.events().loc[EVENT, "title"] == TITLE
    assert list(cache.rglob("*")) and not [p for p in cache.rglob("*") if p.is_file()]


def sent(figure: dict) -> str:
    """A figure spec as the notebook receives it (specs hold numpy arrays)."""
    return json.dumps(plain_json(figure), sort_keys=True)


TIMELINES = [{}, {"stage": "2", "highlight": [EVENT]}, {"start": "2008", "end": "2011"},
             {"categories": "security"}, {"stage": 4, "range_slider": True}]


def test_a_second_kernel_draws_charts_and_timelines_from_disk_as_drawn(cache, monkeypatch):
    chart_ids = series_data.chart_ids()
    first = [(sent(c._figure), c.text) for c in map(charts.chart, chart_ids)]
    lines = [(sent(t._figure), t.text) for t in (timelines.timeline(**o) for o in TIMELINES)]
    new_kernel()

    def undrawn(*_args, **_kwargs):
        raise AssertionError("drawn again")

    for module, name in ((charts, "chart_figure_spec"), (charts, "chart_text"),
                         (timelines, "timeline_spec"), (timelines, "timeline_text")):
        monkeypatch.setattr(module, name, undrawn)
    assert [(sent(c._figure), c.text) for c in map(charts.chart, chart_ids)] == first
    assert [(sent(t._figure), t.text) for t in (timelines.timeline(**o) for o in TIMELINES)
            ] == lines


def test_a_kept_drawing_is_what_drawing_it_afresh_gives(cache):
    for chart_id in series_data.chart_ids():
        for crossing in (True, False):
            kept = charts.chart(chart_id, mark_crossing=crossing)
            assert sent(kept._figure) == sent(
                charts.chart_figure_spec(chart_id, mark_crossing=crossing))
            assert kept.text == charts.chart_text(chart_id, mark_crossing=crossing)
    for options in TIMELINES:
        kept = timelines.timeline(**options)
        options = {**options, "stage": None if "stage" not in options else str(options["stage"])}
        assert sent(kept._figure) == sent(timelines.timeline_spec(**options))
        assert kept.text == timelines.timeline_text(
            **{k: v for k, v in options.items() if k != "range_slider"})


def test_changing_a_drawn_figure_leaves_the_kept_drawing_alone(cache):
    zoomed = charts.chart("visitors", years=(2003, 2014))
    whole = charts.chart("visitors")
    assert zoomed._figure["layout"]["xaxis"]["range"] != whole._figure["layout"]["xaxis"]["range"]
    timelines.timeline(stage="2")._figure["layout"]["title"]["text"] = "changed by a student"
    assert timelines.timeline(stage="2")._figure["layout"]["title"]["text"] != (
        "changed by a student")


def test_a_timeline_that_cannot_be_kept_is_still_drawn_and_errors_still_raised(cache):
    events = catalog.events().head(5)
    assert len(timelines.timeline(events=events)._figure["data"]) >= 1
    with pytest.raises(KeyError, match="no event with id not-an-event"):
        timelines.timeline(highlight=["not-an-event"])
    with pytest.raises(KeyError, match="no event with id not-an-event"):
        timelines.timeline(highlight=["not-an-event"])  # not kept as drawn either
