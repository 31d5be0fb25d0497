"""Validated content kept on disk between kernels, so a lesson does not parse and check
every data file again (measured: the events take 70 ms to check and 9 ms to load, the ten
question banks 140 ms and 4 ms), and the charts and timelines drawn from it (10-40 ms to
draw each, 1-3 ms to load).

A loader's result is stored under a fingerprint of everything it can depend on: the bytes
of every file in data/, the course settings file, the data folder's path, the package's
code (each file's size and time) and the versions of Python, numpy, pandas and PyYAML.
Change any of them and the fingerprint changes, so a stored result is never stale: an
edited file is read and checked again, and a malformed one raises its DataError as
before (only results that passed their checks are stored).

Where: $SINOJAPAN_CACHE, else $XDG_CACHE_HOME/sinojapan, else ~/.cache/sinojapan.
SINOJAPAN_CACHE=off keeps everything in memory. A folder that cannot be written, or a
stored file that cannot be read, costs only the speed: the loader runs as it would.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Any

CACHE_ENV = "SINOJAPAN_CACHE"
KEEP_FINGERPRINTS = 4  # the newest few, so switching between two checkouts stays fast
MISSING = object()
_fingerprints: dict[tuple[Path, Path | None], str] = {}
enabled = True  # the test suite turns it off in its own process (it patches loaders)


def cache_root() -> Path | None:
    chosen = os.environ.get(CACHE_ENV, "")
    if chosen.lower() == "off":
        return None
    if chosen:
        return Path(chosen).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "sinojapan"


def fingerprint(data: Path, settings: Path | None) -> str:
    """What every stored result depends on, as a short hash: the data folder `data` and
    the course settings file `settings` (computed once a process; `forget()` makes the
    next call look again)."""
    key = (data, settings)
    if key not in _fingerprints:
        import numpy
        import pandas
        import yaml

        digest = hashlib.blake2b(digest_size=16)
        for part in (sys.version, numpy.__version__, pandas.__version__, yaml.__version__,
                     str(data), str(settings)):
            digest.update(part.encode() + b"\0")
        for path in sorted(p for p in data.rglob("*") if p.is_file()):
            digest.update(path.relative_to(data).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
        if settings is not None:
            digest.update(settings.read_bytes())
        code = Path(__file__).resolve().parents[1]
        for folder, subfolders, names in os.walk(code):
            subfolders[:] = sorted(s for s in subfolders if s != "__pycache__")
            for name in sorted(n for n in names if n.endswith(".py")):
                stat = os.stat(os.path.join(folder, name))
                digest.update(f"{folder}/{name} {stat.st_size} {stat.st_mtime_ns}\0".encode())
        _fingerprints[key] = digest.hexdigest()
    return _fingerprints[key]


def forget() -> None:
    _fingerprints.clear()


def _folder(sources: tuple[Path, Path | None]) -> Path | None:
    if not enabled:
        return None
    try:
        root = cache_root()
        return None if root is None else root / fingerprint(*sources)
    except (OSError, RuntimeError):  # a data file vanished or cannot be read (the loader
        return None                  # will say which), or there is no home folder


def _file(folder: Path, name: str) -> Path:
    return folder / (hashlib.blake2b(name.encode(), digest_size=12).hexdigest() + ".pickle")


def load(name: str, sources: tuple[Path, Path | None]) -> Any:
    """The stored result named `name` (a loader and its arguments) for these sources (the
    data folder, the course settings file), or MISSING."""
    folder = _folder(sources)
    if folder is None:
        return MISSING
    try:
        # Written by this package from its own checked content, in the user's own cache.
        return pickle.loads(_file(folder, name).read_bytes())  # noqa: S301
    except Exception:  # noqa: BLE001 (absent, truncated, from another pandas: run the loader)
        return MISSING


def save(name: str, value: Any, sources: tuple[Path, Path | None]) -> None:
    """Store a loader's result; atomically, so a kernel reading at the same moment sees
    the old file or the new, never half of one. Any failure leaves only the speed."""
    folder = _folder(sources)
    if folder is None:
        return
    temporary = None
    try:
        blob = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        fresh = not folder.is_dir()
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".part-")
        with os.fdopen(handle, "wb") as out:
            out.write(blob)
        os.replace(temporary, _file(folder, name))
        if fresh:
            _prune(folder.parent)
    except Exception:  # noqa: BLE001 (read-only home, full disk, an unpicklable result)
        if temporary is not None:  # a full disk leaves no half-written file behind
            Path(temporary).unlink(missing_ok=True)


def _prune(root: Path) -> None:
    """Remove all but the newest KEEP_FINGERPRINTS folders (old content, old code)."""
    import shutil

    folders = sorted((p for p in root.iterdir() if p.is_dir()),
                     key=lambda p: p.stat().st_mtime, reverse=True)
    for old in folders[KEEP_FINGERPRINTS:]:
        shutil.rmtree(old, ignore_errors=True)
