"""Shared pytest hooks. A lesson cell that writes to stderr (a warning, a log line)
fails its nbval test: students should see a clean notebook."""

from __future__ import annotations

import os
import tempfile

import pytest


def pytest_configure(config):
    # Tests and the kernels they start never touch the user's real progress file.
    if "SINOJAPAN_PROGRESS" not in os.environ:
        folder = tempfile.mkdtemp(prefix="sinojapan-progress-")
        os.environ["SINOJAPAN_PROGRESS"] = os.path.join(folder, "progress.json")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    result = yield  # re-raises if the cell itself failed
    outputs = getattr(item, "test_outputs", None) or []  # set by nbval's IPyNbCell.runtest
    stderr = "".join(o.get("text", "") for o in outputs
                     if o.get("output_type") == "stream" and o.get("name") == "stderr")
    if stderr:
        pytest.fail(f"{item.name} wrote to stderr:\n{stderr}", pytrace=False)
    return result
