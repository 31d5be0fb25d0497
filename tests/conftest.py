"""Fixtures that several test files share."""

from __future__ import annotations

import shutil

import pytest

from helpers import REPO


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A writable copy of data/ that the loaders read instead of the real one."""
    from sinojapan.content import files

    copy = tmp_path / "data"
    shutil.copytree(REPO / "data", copy)
    monkeypatch.setenv(files.DATA_ENV, str(copy))
    return copy
