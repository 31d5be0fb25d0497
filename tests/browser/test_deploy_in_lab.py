"""JupyterLab as Binder and tasks.py lab start it: the settings shipped in binder/ keep the
pop-up about Jupyter news away (without them it covers the bottom-right corner), and on
Binder a student sees that progress is temporary, downloads it and brings it back."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from helpers import REPO
from lab import jupyter_lab, open_lesson, run_all_cells, scratch_notebook, screenshot

pytestmark = pytest.mark.browser
NEWS = "Would you like to get notified about official Jupyter news?"


def install_lab_overrides(app_dir: Path) -> Path:
    """What tasks.py lab does (and binder/postBuild, into the environment's app folder)."""
    spec = importlib.util.spec_from_file_location("tasks", REPO / "tasks.py")
    tasks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tasks)
    return tasks.install_lab_overrides(app_dir)


def jupyterlab(root: Path, *, overrides: bool, env: dict | None = None):
    """A JupyterLab with no user settings at all (as a new student has), with or without
    the shipped overrides in its application settings folder."""
    settings = root / ".app" / "settings"
    settings.mkdir(parents=True)
    if overrides:
        install_lab_overrides(root / ".app")
    return jupyter_lab(root, test_settings=False, app_settings=settings, env=env)


def test_without_the_shipped_settings_the_news_pop_up_appears(page: Page, tmp_path):
    """The control: a new JupyterLab asks about news, so the test below can fail."""
    with jupyterlab(tmp_path, overrides=False) as server:
        open_lesson(page, server, scratch_notebook(server, "control", "1 + 1"))
        expect(page.get_by_text(NEWS)).to_be_visible(timeout=30_000)


def test_binder_no_news_pop_up_progress_downloads_and_comes_back(page: Page, tmp_path):
    binder = {"BINDER_LAUNCH_HOST": "https://binder.example/",
              "BINDER_REQUEST": "v2/gh/owner/repo/HEAD"}
    with jupyterlab(tmp_path, overrides=True, env=binder) as server:
        name = scratch_notebook(server, "keep", "import sinojapan as sj",
                       'sj.quiz("demo", "demo-numeric-seven-years")', "sj.keep_progress()")
        open_lesson(page, server, name)
        run_all_cells(page)
        quiz = page.locator(".sj-quiz")
        expect(quiz).to_contain_text("Your progress is temporary here.")
        expect(quiz).to_contain_text("You are on Binder")
        box = page.locator(".sj-q-demo-numeric-seven-years")
        box.locator("input").fill("6.26")
        box.get_by_role("button", name="Check").click()
        expect(box.locator(".sj-feedback")).to_contain_text("Correct.")

        keep = page.locator(".sj-keep-progress")
        keep.scroll_into_view_if_needed()
        expect(keep).to_contain_text("Your progress is temporary here.")
        keep.get_by_role("button", name="Prepare my progress file").click()
        link = keep.locator("a.sj-download")
        expect(link).to_be_visible(timeout=15_000)
        with page.expect_download() as download:
            link.click()
        saved = tmp_path / "downloaded.json"
        download.value.save_as(saved)
        answers = json.loads(saved.read_text(encoding="utf-8"))["answers"]
        assert answers["demo"]["demo-numeric-seven-years"]["answer"] == "6.26"
        screenshot(page, "binder-keep-progress")

        # The session ends; a new one starts without the file; the student brings it back
        # with the file chooser (by keyboard: Tab to it, Space opens the system's dialog).
        (tmp_path / "progress.json").unlink()
        chooser = keep.get_by_label("Bring back a saved file")
        expect(chooser).to_have_attribute("type", "file")
        with page.expect_file_chooser() as dialog:
            chooser.press("Space")  # focuses it, then the key: a redraw between the two
                                    # took the focus away once in a loaded CI run
        dialog.value.set_files(str(saved))
        result = keep.locator(".sj-upload-result")
        expect(result).to_have_attribute("aria-live", "polite")
        expect(result).to_contain_text("1 question(s) added", timeout=15_000)
        (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
        chooser.set_input_files(str(tmp_path / "broken.json"))  # a corrupt file: one line
        expect(result).to_contain_text("broken.json: not a progress file or a submission "
                                       "file (not valid JSON", timeout=15_000)
        keep.scroll_into_view_if_needed()
        screenshot(page, "binder-keep-progress-upload")
        assert page.get_by_text(NEWS).count() == 0  # never appeared during all of this
    restored = json.loads((tmp_path / "progress.json").read_text(encoding="utf-8"))
    assert restored["answers"]["demo"]["demo-numeric-seven-years"]["answer"] == "6.26"
