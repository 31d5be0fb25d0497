"""Small helpers shared by the tests."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LESSONS = sorted((REPO / "lessons").glob("*.ipynb"))


def fresh_venv(path: Path, python: str = sys.executable) -> Path:
    """A new virtual environment with pip; returns its python."""
    subprocess.run([python, "-m", "venv", str(path)], check=True)
    return path / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def install(venv_python: Path, *args: str) -> None:
    """Install into a venv with uv when there is one (seconds), else pip."""
    uv = shutil.which("uv") or str(Path(sys.executable).with_name("uv"))
    if Path(uv).exists():
        command = [uv, "pip", "install", "--python", str(venv_python), "--compile-bytecode", *args]
    else:
        command = [str(venv_python), "-m", "pip", "install", "--quiet", *args]
    subprocess.run(command, check=True, cwd=REPO)
