"""Which plotly.js a static page loads: the partial bundle shipped in `vendor/`
(plotly.js-basic-dist-min: scatter, bar and pie traces, 1.2 MB) when it draws every trace
of the page's figures and is compatible with the plotly.js of the installed plotly package,
which wrote the figures; otherwise that package's full plotly.js (4.8 MB). The lessons'
charts are scatter and bar traces only. vendor/README.md says where the bundle comes from
and how to update it; nothing is fetched at run time."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

BASIC = "plotly-basic.min.js"  # the file name beside the pages, and the bundle's name here
FULL = "plotly.min.js"
BASIC_VERSION = "4.1.1"  # vendor/README.md: the npm package and how to update it
BASIC_TRACES = frozenset({"scatter", "bar", "pie"})
VENDOR = Path(__file__).parent / "vendor"
BASIC_PATH = VENDOR / BASIC
HEADER = re.compile(r"plotly\.js(?: \([a-z -]+\))? v(\d+\.\d+\.\d+)")


@cache
def bundle_text(name: str) -> str:
    """The text of plotly.js, `BASIC` (the partial bundle) or `FULL`."""
    if name == BASIC:
        return BASIC_PATH.read_text(encoding="utf-8")
    if name == FULL:
        from plotly.offline import get_plotlyjs

        return get_plotlyjs()
    raise ValueError(f"no plotly.js bundle called {name!r}: {BASIC} or {FULL}")


def bundle_version(text: str) -> str:
    """The version a plotly.js bundle states in its first lines ("4.1.1")."""
    found = HEADER.search(text[:300])
    if not found:
        raise ValueError("this is not a plotly.js bundle: its first lines state no version")
    return found.group(1)


def installed_version() -> str:
    """The plotly.js the installed plotly package embeds, and writes its figures for."""
    from plotly.offline import get_plotlyjs_version

    return get_plotlyjs_version()


def compatible(bundle: str, wanted: str) -> bool:
    """A bundle draws figures written for plotly.js `wanted` if it has the same major
    version and is not older (plotly.js follows semantic versioning)."""
    have = tuple(int(n) for n in bundle.split(".")[:3])
    need = tuple(int(n) for n in wanted.split(".")[:3])
    return have[0] == need[0] and have >= need


def trace_types(spec: dict) -> set[str]:
    """The trace types of a figure spec (plotly.js draws a trace without one as scatter)."""
    return {trace.get("type") or "scatter" for trace in spec.get("data", [])}


def bundle_for(types: set[str]) -> str:
    """`BASIC` if it draws traces of every type in `types` for the installed plotly,
    else `FULL`."""
    if types <= BASIC_TRACES and compatible(bundle_version(bundle_text(BASIC)),
                                            installed_version()):
        return BASIC
    return FULL


def place_beside(folder: Path, name: str) -> Path:
    """Write the bundle `name` into `folder`, unless the same file is already there."""
    target = Path(folder) / name
    text = bundle_text(name)
    if not (target.exists() and target.stat().st_size == len(text.encode("utf-8"))
            and target.read_text(encoding="utf-8") == text):
        target.write_text(text, encoding="utf-8")
    return target
