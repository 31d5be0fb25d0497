"""JupyterLab as Binder and tasks.py lab start it: the settings shipped in binder/ keep the
pop-up about Jupyter news away (without them it covers the bottom-right corner), and on
Binder a student sees that progress is temporary, downloads it and brings it back."""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from helpers import REPO
from lab import open_lesson, run_all_cells, screenshot

pytestmark = pytest.mark.browser
NEWS = "Would you like to get notified about official Jupyter news?"


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def install_lab_overrides(app_dir: Path) -> Path:
    """What tasks.py lab does (and binder/postBuild, into the environment's app folder)."""
    spec = importlib.util.spec_from_file_location("tasks", REPO / "tasks.py")
    tasks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tasks)
    return tasks.install_lab_overrides(app_dir)


@contextlib.contextmanager
def jupyterlab(root: Path, *, overrides: bool, env: dict | None = None):
    """A JupyterLab with no user settings at all (as a new student has), with or without
    the shipped overrides in its application settings folder."""
    settings = root / ".app" / "settings"
    settings.mkdir(parents=True)
    if overrides:
        install_lab_overrides(root / ".app")
    port, token = free_port(), secrets.token_hex(16)
    environment = {**os.environ, **(env or {}),
                   "JUPYTER_CONFIG_DIR": str(root / ".config"),
                   "JUPYTER_RUNTIME_DIR": str(root / ".runtime"),
                   "JUPYTERLAB_SETTINGS_DIR": str(root / ".user-settings"),
                   "JUPYTERLAB_WORKSPACES_DIR": str(root / ".workspaces"),
                   "SINOJAPAN_PROGRESS": str(root / "progress.json")}
    log = (root / "server.log").open("w")
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("jupyter")), "lab", "--no-browser", "--allow-root",
         "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
         f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
         f"--LabApp.app_settings_dir={settings}"],
        stdout=log, stderr=subprocess.STDOUT, env=environment, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                break
            except OSError:
                assert server.poll() is None, (root / "server.log").read_text()
                time.sleep(0.3)
        yield {"base": base, "token": token, "root": root}
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        log.close()


def scratch(root: Path, name: str, *code: str) -> str:
    import nbformat

    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in code])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    (root / "lessons").mkdir(exist_ok=True)
    nbformat.write(notebook, root / "lessons" / f"{name}.ipynb")
    return f"{name}.ipynb"


def test_without_the_shipped_settings_the_news_pop_up_appears(page: Page, tmp_path):
    """The control: a new JupyterLab asks about news, so the test below can fail."""
    with jupyterlab(tmp_path, overrides=False) as server:
        open_lesson(page, server, scratch(tmp_path, "control", "1 + 1"))
        expect(page.get_by_text(NEWS)).to_be_visible(timeout=30_000)


def test_binder_no_news_pop_up_progress_downloads_and_comes_back(page: Page, tmp_path):
    binder = {"BINDER_LAUNCH_HOST": "https://binder.example/",
              "BINDER_REQUEST": "v2/gh/owner/repo/HEAD"}
    with jupyterlab(tmp_path, overrides=True, env=binder) as server:
        name = scratch(tmp_path, "keep", "import sinojapan as sj",
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

        # The session ends; a new one starts without the file; the student uploads it.
        (tmp_path / "progress.json").unlink()
        with page.expect_file_chooser() as chooser:
            keep.locator(".widget-upload").click()
        chooser.value.set_files(str(saved))
        expect(keep).to_contain_text("1 question(s) added", timeout=15_000)
        assert page.get_by_text(NEWS).count() == 0  # never appeared during all of this
    restored = json.loads((tmp_path / "progress.json").read_text(encoding="utf-8"))
    assert restored["answers"]["demo"]["demo-numeric-seven-years"]["answer"] == "6.26"
