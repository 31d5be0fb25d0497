"""The promises the README makes about the project itself."""

from __future__ import annotations

import re
import subprocess
import sys

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
