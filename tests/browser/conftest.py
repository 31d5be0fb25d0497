"""A JupyterLab server on loopback and a headless Chromium page for browser tests.

Lessons are copied to a temporary folder first, so nothing the browser does (autosave,
checkpoints) can touch the committed notebooks.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = Path(os.environ.get("SINOJAPAN_BROWSER", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-dev-shm-usage"]

pytestmark = pytest.mark.browser


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory):
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (set SINOJAPAN_BROWSER)")
    root = tmp_path_factory.mktemp("lab")
    shutil.copytree(REPO / "lessons", root / "lessons")
    port, token = free_port(), secrets.token_hex(16)
    settings = root / ".lab-settings"
    tracker = settings / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings"
    tracker.parent.mkdir(parents=True)
    # Render every cell, not only those in view, so tests can read all outputs.
    tracker.write_text('{"windowingMode": "none"}')
    news = settings / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    news.parent.mkdir(parents=True)
    news.write_text('{"fetchNews": "false", "checkForUpdates": false}')
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(root / ".jupyter-config"),
               JUPYTER_RUNTIME_DIR=str(root / ".jupyter-runtime"),
               JUPYTERLAB_SETTINGS_DIR=str(settings),
               SINOJAPAN_PROGRESS=str(root / "progress.json"))
    command = [str(Path(sys.executable).with_name("jupyter")), "lab", "--no-browser",
               "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
               f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
               "--LabApp.news_url=",
               "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
               "--allow-root"]
    log = (root / "server.log").open("w")
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
            break
        except OSError:
            if server.poll() is not None:
                break
            time.sleep(0.3)
    else:
        server.kill()
        log.close()
        pytest.fail("JupyterLab did not start:\n" + (root / "server.log").read_text())
    yield {"base": base, "token": token, "root": root}
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
    log.close()


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
    """Each browser test starts with no saved answers, whatever ran before it."""
    if "lab_server" not in request.fixturenames:
        yield
        return
    root = request.getfixturevalue("lab_server")["root"]
    for leftover in root.glob("progress*.json*"):
        leftover.unlink()
    yield
