"""A JupyterHub class with nbgitpuller, on this machine: the package installed as a wheel
(as in a hub image), the course pulled by nbgitpuller's own server endpoint into a
temporary home from a local bare repository, with the link `tasks.py hub-link` prints.
A lesson run there must read the pulled data/, and an upstream fix that nbgitpuller's
merge leaves out must reach the student through sj.fresh_copy."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from helpers import REPO, fresh_venv, install

pytestmark = pytest.mark.slow

FIRST_TITLE = "Tanaka raises the Senkaku/Diaoyu question with Zhou Enlai"
FORK_TITLE = "Tanaka and Zhou on the islands (title edited in the fork)"
STUDENT_LINE = "Estimated time:** 20 minutes (my own note)"
GIT_ENV = {"GIT_AUTHOR_NAME": "instructor", "GIT_AUTHOR_EMAIL": "i@example.org",
           "GIT_COMMITTER_NAME": "instructor", "GIT_COMMITTER_EMAIL": "i@example.org"}


def git(folder: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True,
                   env={**os.environ, **GIT_ENV})


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def hub_python(tmp_path_factory):
    """A fresh environment as a hub image has it: binder/requirements.txt, nbgitpuller and
    the package from a wheel (no checkout on its path)."""
    folder = tmp_path_factory.mktemp("image")
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(folder / "dist"),
                    str(REPO)], check=True, capture_output=True)
    python = fresh_venv(folder / "venv")
    install(python, "-r", str(REPO / "binder" / "requirements.txt"), "nbgitpuller")
    install(python, "--no-deps", str(next((folder / "dist").glob("*.whl"))))
    return python


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """The instructor's working copy and the bare repository students pull from."""
    folder = tmp_path_factory.mktemp("course")
    work = folder / "work"
    for part in ("data", "lessons", "widgets", "binder"):
        shutil.copytree(REPO / part, work / part)
    for name in ("pyproject.toml", "README.md", "tasks.py"):
        shutil.copy(REPO / name, work / name)
    git(work, "init", "-q", "-b", "main")
    git(work, "add", "-A")
    git(work, "commit", "-qm", "the course")
    bare = folder / "course.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(work), str(bare)], check=True)
    git(work, "remote", "add", "origin", str(bare))
    return {"work": work, "bare": bare}


@pytest.fixture(scope="module")
def server(hub_python, tmp_path_factory):
    """A student's single-user server (jupyter server with nbgitpuller) on a fresh home."""
    home = tmp_path_factory.mktemp("home")
    port, token = _free_port(), secrets.token_hex(8)
    bin_dir = hub_python.parent
    env = {**os.environ, "HOME": str(home), "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
           "JUPYTER_CONFIG_DIR": str(home / ".jupyter"), "JUPYTER_RUNTIME_DIR": str(home / ".rt"),
           "SINOJAPAN_PROGRESS": str(home / "progress.json")}
    env.pop("SINOJAPAN_DATA", None)
    log = (home.parent / "server.log").open("w")
    process = subprocess.Popen(
        [str(bin_dir / "jupyter"), "server", "--no-browser", "--allow-root",
         "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
         f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={home}"],
        cwd=home, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                break
            except OSError:
                assert process.poll() is None, (home.parent / "server.log").read_text()
                time.sleep(0.3)
        yield {"base": base, "token": token, "home": home, "env": env, "bin": bin_dir}
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        log.close()


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def follow_link(server: dict, link: str) -> str:
    """What the hub does with the link for one student: open nbgitpuller's page, then run
    the pull it starts (its event stream) to the end; returns the page."""
    query = urlsplit(link).query
    token = f"&token={server['token']}"
    page = urllib.request.urlopen(f"{server['base']}/git-pull?{query}{token}",
                                  timeout=30).read().decode()
    events = urllib.request.urlopen(f"{server['base']}/git-pull/api?{query}{token}",
                                    timeout=300).read().decode()
    phases = [json.loads(line[len("data: "):]).get("phase") for line in events.splitlines()
              if line.startswith("data: ")]
    assert phases and phases[-1] == "finished", events[-2000:]
    return page


def run_in(server: dict, folder: Path, code: str) -> str:
    out = subprocess.run([str(server["bin"] / "python"), "-c", code], cwd=folder,
                         env=server["env"], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_nbgitpuller_class_reads_the_pulled_data_and_gets_fixes_without_losing_answers(
        course, server):
    out = subprocess.run([sys.executable, str(REPO / "tasks.py"), "hub-link", "--hub",
                          "https://hub.example.edu", "--repo", str(course["bare"]),
                          "--branch", "main", "--lesson", "00"],
                         capture_output=True, text=True, check=True)
    link = out.stdout.strip()
    page = follow_link(server, link)
    assert 'data-path="lab/tree/course/lessons/00-start-here.ipynb"' in page  # it opens
    pulled = server["home"] / "course"
    assert (pulled / "lessons" / "00-start-here.ipynb").is_file()  # the urlpath exists

    # The student saves lesson 00 with a line of their own, and answers a question.
    lesson = pulled / "lessons" / "00-start-here.ipynb"
    replace_in(lesson, "Estimated time:** 15 minutes", STUDENT_LINE)
    run_in(server, pulled / "lessons",
           "from sinojapan.progress.store import Progress\n"
           "Progress().record_attempt('00', 'q-kept', 'mine', 1.0, True, '', 'stage-1')")

    # The instructor's fork edits an event and fixes the same line of lesson 00.
    work = course["work"]
    replace_in(work / "data" / "events.csv", FIRST_TITLE, FORK_TITLE)
    replace_in(work / "lessons" / "00-start-here.ipynb", "Estimated time:** 15 minutes",
               "Estimated time:** 25 minutes")
    git(work, "commit", "-qam", "a fork's edit and a fix")
    git(work, "push", "-q", "origin", "main")
    follow_link(server, link)
    assert FORK_TITLE in (pulled / "data" / "events.csv").read_text(encoding="utf-8")
    assert STUDENT_LINE in lesson.read_text(encoding="utf-8")  # -Xours kept the student's

    # From the pulled lessons/, the wheel's code reads the pulled data/.
    probe = run_in(server, pulled / "lessons",
                   "import json, sinojapan as sj\n"
                   "print(json.dumps({'code': sj.__file__, 'about': dict(sj.about().lines),"
                   " 'title': sj.events()['title'].iloc[0]}))")
    found = json.loads(probe)
    assert "site-packages" in found["code"]
    assert found["about"]["data folder"] == f"{pulled / 'data'} (the checkout the lesson runs from)"
    assert found["title"] == FORK_TITLE

    # The fix reaches the student beside their copy; the answer is still there.
    fresh = json.loads(run_in(server, pulled / "lessons",
                              "import json, sinojapan as sj\n"
                              "c = sj.fresh_copy('00')\n"
                              "from sinojapan.progress.store import Progress\n"
                              "print(json.dumps({'path': str(c.path), 'ref': c.ref,"
                              " 'kept': Progress().get('00', 'q-kept')['answer']}))"))
    assert fresh["ref"] == "origin/main" and fresh["kept"] == "mine"
    fixed = Path(fresh["path"]).read_text(encoding="utf-8")
    assert "Estimated time:** 25 minutes" in fixed and STUDENT_LINE not in fixed


    # The whole of lesson 00, run there as nbclient runs it, shows the fork's event.
    run_in(server, pulled / "lessons",
           "import nbclient, nbformat\n"
           "nb = nbformat.read('00-start-here.ipynb', as_version=4)\n"
           "nbclient.NotebookClient(nb, timeout=300, kernel_name='python3',"
           " resources={'metadata': {'path': '.'}}).execute()\n"
           "nbformat.write(nb, '../ran.ipynb')")
    ran = json.loads((pulled / "ran.ipynb").read_text(encoding="utf-8"))
    outputs = json.dumps([c.get("outputs", []) for c in ran["cells"]], ensure_ascii=False)
    assert FORK_TITLE in outputs and FIRST_TITLE not in outputs
    assert '"output_type": "error"' not in outputs
