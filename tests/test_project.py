"""The promises the README makes about the project itself."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

import sinojapan as sj

from helpers import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_readme_gives_two_commands_that_tasks_py_knows():
    commands = re.findall(r"^python3 tasks\.py (\w+)", README, flags=re.M)
    assert commands[:2] == ["lab", "test"]
    usage = subprocess.run([sys.executable, str(REPO / "tasks.py")], capture_output=True,
                           text=True)
    assert usage.returncode == 2
    for command in ("lab", "test"):
        assert f"tasks.py {command}" in usage.stdout


def test_ci_runs_exactly_the_readme_test_command():
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    commands = [line for line in script.splitlines()
                if line.strip() and not line.startswith(("#", "set ", "cd "))]
    assert commands == ["python3 tasks.py test"]


def test_binder_badge_opens_lesson_00_in_jupyterlab():
    links = re.findall(r"\((https://mybinder\.org/v2/gh/[^)]+)\)", README)
    assert links, "no Binder badge"
    path = re.search(r"urlpath=lab/tree/(\S+)$", links[0]).group(1)
    assert (REPO / path).is_file()


def test_readme_cites_the_essay_in_full():
    citation = ('Ming Wan, "Improving Sino-Japanese Security Relations: Dialogue, Crisis '
                'Management,\n> and Policy Coordination," The Tokyo Foundation for Policy '
                'Research, November 16, 2012.')
    assert citation in README


def test_project_files_exist():
    for name in ("LICENSE", "LICENSE-CONTENT.md", "CITATION.cff", ".pre-commit-config.yaml",
                 ".github/workflows/tests.yml", "binder/runtime.txt", "data/README.md"):
        assert (REPO / name).is_file(), name


def test_code_and_notebook_cells_pass_the_linter():
    ruff = REPO / ".venv" / "bin" / "ruff"
    command = [str(ruff)] if ruff.exists() else [sys.executable, "-m", "ruff"]
    out = subprocess.run([*command, "check", "--no-cache", str(REPO)], capture_output=True,
                         text=True, cwd=REPO)
    assert out.returncode == 0, out.stdout


def test_a_lesson_cell_that_writes_to_stderr_fails_its_nbval_test(tmp_path):
    import nbformat

    lesson = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("print('fine')"),
        nbformat.v4.new_code_cell("import warnings; warnings.warn('careful')"),
    ])
    lesson.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                     "language": "python"}
    nbformat.write(lesson, tmp_path / "99-noisy.ipynb")
    (tmp_path / "conftest.py").write_text((REPO / "conftest.py").read_text(encoding="utf-8"))
    out = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval-lax", "--nbval-current-env", "-p",
         "no:cacheprovider", "-p", "no:xdist", "-q", "--rootdir", str(tmp_path),
         "-c", "/dev/null", str(tmp_path)],
        capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert out.returncode == 1, out.stdout
    assert "1 failed, 1 passed" in out.stdout
    assert "wrote to stderr" in out.stdout and "careful" in out.stdout


def test_nbval_formats_a_kernel_message_only_when_its_debug_log_is_written(caplog):
    import logging

    import nbval.kernel

    class Message(dict):
        formatted = 0

        def __repr__(self):
            Message.formatted += 1
            return dict.__repr__(self)

    class Client:
        def get_iopub_msg(self, timeout=None):
            return Message(msg_type="display_data", content={"data": {"text/plain": "a chart"}})

    kernel = nbval.kernel.RunningKernel.__new__(nbval.kernel.RunningKernel)
    kernel.kc = Client()
    with caplog.at_level(logging.INFO, logger="nbval"):
        assert kernel.get_message("iopub")["msg_type"] == "display_data"
    assert Message.formatted == 0
    with caplog.at_level(logging.DEBUG, logger="nbval"):
        kernel.get_message("iopub")
    assert Message.formatted >= 1  # once for each handler that writes it
    assert "'text/plain': 'a chart'" in caplog.text


def test_further_reading_lists_the_essay_and_the_four_earlier_works():
    import sinojapan as sj

    text = sj.further_reading().data
    assert "Improving Sino-Japanese Security Relations" in text
    for title in ("Interaction, Logic, and Transformation", "Japanese Strategic Thinking toward "
                  "Taiwan", "Structure or Management?", "Adrift in a Changing World"):
        assert title in text


@pytest.mark.slow
def test_the_readme_lab_command_serves_lesson_00(tmp_path):
    import os
    import socket
    import time
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(tmp_path), JUPYTER_CONFIG_DIR=str(tmp_path))
    server = subprocess.Popen(
        [sys.executable, str(REPO / "tasks.py"), "lab", "--no-browser",
         f"--ServerApp.port={port}", "--IdentityProvider.token=t"],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/api/contents/00-start-here.ipynb?content=0&token=t"
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    assert json.loads(response.read())["name"] == "00-start-here.ipynb"
                break
            except OSError:
                assert server.poll() is None, "tasks.py lab exited"
                assert time.monotonic() < deadline, "JupyterLab did not start"
                time.sleep(0.5)
    finally:
        server.terminate()  # SIGTERM to tasks.py, as a process manager would send
        server.wait(timeout=30)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:  # JupyterLab itself must stop with it
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status?token=t", timeout=1)
        except OSError:
            break
        time.sleep(0.5)
    else:
        pytest.fail("JupyterLab kept running after tasks.py lab was terminated")


def test_the_readme_worked_example_names_the_files_the_commands_write(tmp_path, monkeypatch):
    from sinojapan.instructor import teacher_guide

    monkeypatch.setenv("SINOJAPAN_PROGRESS", str(tmp_path / "progress.json"))
    for student in ("a.lee", "b.kim", "c.diaz"):
        written = sj.export_progress(folder=tmp_path, student=student)["submission"]
        assert f"`{written.name}`" in README
    teacher_guide.write_guide(tmp_path / "instructor")
    assert "build/instructor/lesson-03.html" in README
    assert (tmp_path / "instructor" / "lesson-03.html").is_file()
    assert "python3 tasks.py class-report hand-ins --lessons 03" in README
