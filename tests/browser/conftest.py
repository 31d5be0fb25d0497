"""A JupyterLab server on loopback and a headless Chromium page for browser tests.

Lessons are copied to a temporary folder first, so nothing the browser does (autosave,
checkpoints) can touch the committed notebooks.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path
from urllib.parse import urlparse

import pytest

from lab import end_sessions, jupyter_lab

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = Path(os.environ.get("SINOJAPAN_BROWSER", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-dev-shm-usage"]

pytestmark = pytest.mark.browser


@contextlib.contextmanager
def lessons_served(tmp_path_factory, name: str, app: str = "lab", prepare=None):
    """A copy of lessons/ (and whatever `prepare(root)` adds) served by JupyterLab or, with
    app="notebook", Jupyter Notebook 7; skipped without Chromium."""
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (set SINOJAPAN_BROWSER)")
    root = tmp_path_factory.mktemp(name)
    shutil.copytree(REPO / "lessons", root / "lessons")
    if prepare is not None:
        prepare(root)
    try:
        with jupyter_lab(root, app=app) as server:
            yield server
    except RuntimeError as problem:
        pytest.fail(str(problem))


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory):
    with lessons_served(tmp_path_factory, "lab") as server:
        yield server


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                              args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})

    def only_loopback(route):
        host = urlparse(route.request.url).hostname
        if host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", only_loopback)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(autouse=True)
def fresh_progress(request):
    """Each browser test starts with no saved answers and no running kernels, whatever ran
    before it."""
    if "lab_server" not in request.fixturenames:
        yield
        return
    server = request.getfixturevalue("lab_server")
    end_sessions(server)
    root = server["root"]
    for leftover in root.glob("progress*.json*"):
        leftover.unlink()
    yield
