"""Shared pytest hooks. A lesson cell that writes to stderr (a warning, a log line)
fails its nbval test: students should see a clean notebook. nbval formats a kernel
message for its debug log only when that log is written."""

from __future__ import annotations

import os
import pprint
import tempfile

import pytest


class PrettyWhenLogged:
    """A kernel message that is pretty-printed only if it is logged. nbval formats every
    message it receives for its debug log, logged or not: over the ten lessons (forty
    Plotly figures) that took about 2 s of a 25 s run."""

    __slots__ = ("message",)

    def __init__(self, message):
        self.message = message

    def __str__(self) -> str:
        return pprint.pformat(self.message)


def format_nbval_messages_only_when_logged() -> None:
    import nbval.kernel

    if getattr(nbval.kernel, "pformat", None) is pprint.pformat:
        nbval.kernel.pformat = PrettyWhenLogged


def pytest_configure(config):
    format_nbval_messages_only_when_logged()
    # Tests and the kernels they start never touch the user's real progress file.
    if "SINOJAPAN_PROGRESS" not in os.environ:
        folder = tempfile.mkdtemp(prefix="sinojapan-progress-")
        os.environ["SINOJAPAN_PROGRESS"] = os.path.join(folder, "progress.json")
    # Kernels and tools started by the tests keep checked content in a folder of the run's
    # own (never the user's ~/.cache); this process keeps it in memory only, because tests
    # patch loaders and their inputs, which a stored result would not see.
    if "SINOJAPAN_CACHE" not in os.environ:
        os.environ["SINOJAPAN_CACHE"] = tempfile.mkdtemp(prefix="sinojapan-cache-")
    from sinojapan.content import stored

    stored.enabled = False


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    result = yield  # re-raises if the cell itself failed
    outputs = getattr(item, "test_outputs", None) or []  # set by nbval's IPyNbCell.runtest
    stderr = "".join(o.get("text", "") for o in outputs
                     if o.get("output_type") == "stream" and o.get("name") == "stderr")
    if stderr:
        pytest.fail(f"{item.name} wrote to stderr:\n{stderr}", pytrace=False)
    return result
