"""What a student does in JupyterLab, as Playwright steps."""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
_visits = itertools.count()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def jupyter_lab(root: Path, *, test_settings: bool = True, app_settings: Path | None = None,
                env: dict | None = None) -> Iterator[dict]:
    """A JupyterLab server on loopback serving `root`, with its own progress file; ended
    with the block, kernels included (its process group). `test_settings`: the settings
    students get (binder/jupyterlab-overrides.json) and every cell rendered, as user
    settings; without them, no user settings at all, as a new student has. `app_settings`:
    an application settings folder (where `tasks.py lab` installs the overrides). Yields
    its base URL, token and root; raises RuntimeError with the server's log if it fails."""
    port, token = free_port(), secrets.token_hex(16)
    settings = root / ".lab-settings"
    settings.mkdir(parents=True)
    if test_settings:
        # Render every cell, not only those in view, so tests can read all outputs.
        user = {"@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"}}
        user |= json.loads((REPO / "binder" / "jupyterlab-overrides.json").read_text())
        for plugin, values in user.items():
            package, name = plugin.split(":")
            path = settings / package / f"{name}.jupyterlab-settings"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values))
    environment = {**os.environ, **(env or {}),
                   "JUPYTER_CONFIG_DIR": str(root / ".jupyter-config"),
                   "JUPYTER_RUNTIME_DIR": str(root / ".jupyter-runtime"),
                   "JUPYTERLAB_SETTINGS_DIR": str(settings),
                   "JUPYTERLAB_WORKSPACES_DIR": str(root / ".jupyter-workspaces"),
                   "SINOJAPAN_PROGRESS": str(root / "progress.json"),
                   # the kernel imports the package of this checkout (a worktree's own),
                   # not whichever one the environment installed
                   "PYTHONPATH": os.pathsep.join(
                       filter(None, [str(REPO / "widgets"), os.environ.get("PYTHONPATH")]))}
    command = [str(Path(sys.executable).with_name("jupyter")), "lab", "--no-browser",
               "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
               f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
               "--allow-root"]
    if test_settings:  # and no fetching of news or updates (loopback only in tests)
        command += ["--LabApp.news_url=",
                    "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    if app_settings is not None:
        command.append(f"--LabApp.app_settings_dir={app_settings}")
    log = (root / "server.log").open("w")
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=environment,
                              start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("JupyterLab did not start:\n"
                                       + (root / "server.log").read_text()) from None
                time.sleep(0.3)
        yield {"base": base, "token": token, "root": root}
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        log.close()


def scratch_notebook(server: dict, name: str, *code: str) -> str:
    """A notebook of the given code cells beside the lessons (in the server's copy), for a
    test of one function as a student would call it; returns its file name."""
    import nbformat

    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in code])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    path = server["root"] / "lessons" / f"{name}.ipynb"
    path.parent.mkdir(exist_ok=True)
    nbformat.write(notebook, path)
    return path.name


def end_sessions(server: dict) -> None:
    """Shut down every notebook session's kernel, so the next lesson opened starts a fresh
    kernel instead of joining one an earlier test left busy, restarting or stalled."""
    auth = {"Authorization": f"token {server['token']}"}
    listing = urllib.request.Request(f"{server['base']}/api/sessions", headers=auth)
    with urllib.request.urlopen(listing, timeout=10) as response:
        sessions = json.load(response)
    for session in sessions:
        ending = urllib.request.Request(f"{server['base']}/api/sessions/{session['id']}",
                                        headers=auth, method="DELETE")
        urllib.request.urlopen(ending, timeout=30).close()


def open_lesson(page: Page, server: dict, name: str, workspace: str | None = None) -> None:
    """Open a lesson in a fresh JupyterLab workspace (named, or numbered per visit), so no
    notebook from an earlier test is restored alongside it."""
    workspace = workspace or f"w{next(_visits)}"
    page.goto(f"{server['base']}/lab/workspaces/{workspace}/tree/lessons/{name}"
              f"?reset&token={server['token']}")
    expect(page.locator(".jp-NotebookPanel .jp-Cell").first).to_be_visible(timeout=60_000)
    kernel_idle = page.locator(".jp-StatusBar-Widget", has_text=re.compile(r"\| Idle"))
    expect(kernel_idle).to_have_count(1, timeout=60_000)


def run_all_cells(page: Page) -> None:
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()
    prompts = page.locator(".jp-CodeCell .jp-InputPrompt")
    not_done = prompts.filter(has_text=re.compile(r"^\[( |\*)\]:$"))
    expect(prompts.first).not_to_have_text("[ ]:", timeout=60_000)
    expect(not_done).to_have_count(0, timeout=120_000)


def error_outputs(page: Page) -> list[str]:
    selector = (".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr'], "
                ".jp-OutputArea-output.jp-RenderedText[data-mime-type*='error']")
    return page.locator(selector).all_inner_texts()


def screenshot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path


def settled_order(page: Page, rows: Locator, items: list[str]) -> list[str]:
    """The items as shown, once every label has been redrawn after the last move (the
    kernel relabels the rows one by one)."""
    for _ in range(50):
        texts = rows.all_inner_texts()
        if sorted(texts) == sorted(items):
            return texts
        page.wait_for_timeout(100)
    raise AssertionError(f"the items never settled: {texts}")


def run_as_student(page: Page, cell: Locator, code: str) -> None:
    """Replace a code cell's text as a student would (click into it, select all, type)
    and run it with Shift+Enter; wait until it has run."""
    prompt = cell.locator(".jp-InputPrompt")
    before = prompt.inner_text()
    cell.scroll_into_view_if_needed()
    cell.locator(".jp-InputArea-editor").click()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text(code)
    page.keyboard.press("Shift+Enter")
    expect(prompt).not_to_have_text(before, timeout=30_000)
    expect(prompt).not_to_have_text(re.compile(r"^\[\*\]:$"), timeout=60_000)


def move_up_button(rows: Locator, position: int, item: str) -> Locator:
    """The up button of an ordering question's row at `position`, once its tooltip names
    the item shown there: the kernel relabels the rows one by one, labels before
    tooltips, so a button found by its tooltip alone can still belong to another row."""
    button = rows.nth(position).locator("xpath=..").locator("button").first
    expect(button).to_have_attribute("title", f"Move \u201c{item}\u201d up", timeout=15_000)
    return button


def restart_and_run_all(page: Page, output: str) -> None:
    """Kernel > Restart Kernel and Run All Cells, confirmed; returns once `output` (a CSS
    selector of the widget to watch) has gone with the old kernel and come back."""
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Kernel$")).click()
    page.locator(".lm-Menu-itemLabel",
                 has_text=re.compile(r"^Restart Kernel and Run All Cells")).click()
    page.locator(".jp-Dialog").get_by_role("button", name="Confirm Kernel Restart").click()
    expect(page.locator(output)).to_have_count(0, timeout=30_000)
    expect(page.locator(output)).to_have_count(1, timeout=60_000)

