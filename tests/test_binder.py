"""The Binder environment: repo2docker accepts the config, and an environment built
from binder/ alone runs every lesson."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import REPO, fresh_venv, install

BINDER = REPO / "binder"


def runtime_version() -> str:
    return (BINDER / "runtime.txt").read_text().strip().removeprefix("python-")


def test_runtime_is_pinned_and_supported():
    major, minor = map(int, runtime_version().split("."))
    assert (major, minor) >= (3, 11)


def test_requirements_pin_every_package_exactly():
    lines = [line.strip() for line in (BINDER / "requirements.txt").read_text().splitlines()
             if line.strip() and not line.startswith("#")]
    assert lines and all("==" in line for line in lines), lines
    names = {line.split("==")[0].lower() for line in lines}
    assert {"jupyterlab", "ipywidgets", "plotly", "pandas", "nbval"} <= names


def test_repo2docker_accepts_the_config_offline():
    repo2docker = Path(sys.executable).with_name("jupyter-repo2docker")
    out = subprocess.run([str(repo2docker), "--no-build", "--debug", str(REPO)],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    dockerfile = out.stdout + out.stderr
    assert f"python={runtime_version()}" in dockerfile
    assert 'pip install --no-cache-dir -r "binder/requirements.txt"' in dockerfile
    assert "./binder/postBuild" in dockerfile


@pytest.mark.slow
def test_environment_from_binder_alone_runs_every_lesson(tmp_path):
    python_name = f"python{runtime_version()}"
    python = shutil.which(python_name)
    if python is None:
        pytest.skip(f"{python_name} is not installed here")
    checkout = tmp_path / "repo"
    shutil.copytree(REPO, checkout, ignore=shutil.ignore_patterns(".venv", ".git", "__pycache__"))
    venv_python = fresh_venv(tmp_path / "venv", python)
    install(venv_python, "-r", str(BINDER / "requirements.txt"))
    env = dict(os.environ, PATH=f"{venv_python.parent}{os.pathsep}{os.environ['PATH']}")
    env.pop("SINOJAPAN_DATA", None)
    subprocess.run(["bash", "binder/postBuild"], cwd=checkout, env=env, check=True,
                   capture_output=True)
    overrides = (tmp_path / "venv" / "share" / "jupyter" / "lab" / "settings" / "overrides.d"
                 / "sinojapan-lessons.json")  # no pop-up about Jupyter news on Binder
    assert overrides.read_bytes() == (BINDER / "jupyterlab-overrides.json").read_bytes()
    # Run from outside the checkout, so the installed package (not the source tree) is used.
    out = subprocess.run(
        [str(venv_python), "-m", "pytest", "--nbval-lax", "-p", "no:cacheprovider",
         "-o", "addopts=", "-q", str(checkout / "lessons")],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stdout[-3000:]
    assert " passed" in out.stdout
