"""The student's saved attempts and reflections: storage only, durable, never lost.

One JSON file (default: the user's data folder; $SINOJAPAN_PROGRESS overrides it with a
file path, or a folder to hold progress.json, e.g. on a class's shared drive).

- Every change is a read-modify-write of one question's record under an exclusive lock,
  so two notebooks open at once keep each other's answers.
- Writes go to a temporary file that replaces the old one atomically: a crash leaves the
  old file or the new one, never half of one.
- A file that cannot be read is moved aside (never overwritten or dropped) with a visible
  warning, and a fresh file is started.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import warnings
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

PROGRESS_ENV = "SINOJAPAN_PROGRESS"
FORMAT_VERSION = 1
LOCK_TIMEOUT = 10.0  # seconds; a save waits this long for another notebook's save


class ProgressWarning(UserWarning):
    """Something happened to the progress file that the student should know about."""


def default_path() -> Path:
    override = os.environ.get(PROGRESS_ENV)
    if override:
        path = Path(override).expanduser()
        return path / "progress.json" if path.is_dir() or not path.suffix else path
    from platformdirs import user_data_dir

    return Path(user_data_dir("sinojapan-lessons", appauthor=False)) / "progress.json"


class ProgressLocked(OSError):
    """Another program has held the progress file's lock for longer than LOCK_TIMEOUT."""


def _lock_class():
    """filelock's OS lock (fcntl.flock on POSIX, msvcrt on Windows); where neither exists
    (e.g. Pyodide), its soft lock: a lock file that exists while a save runs."""
    with warnings.catch_warnings():  # filelock warns at import when only a soft lock exists
        warnings.simplefilter("ignore")
        import filelock
    if os.name == "nt":
        return filelock.WindowsFileLock
    return filelock.UnixFileLock if filelock.has_fcntl else filelock.SoftFileLock


@contextlib.contextmanager
def _locked(path: Path, timeout: float | None = None) -> Iterator[None]:
    """An exclusive lock held across processes, on a sidecar file next to `path`."""
    from filelock import Timeout

    path.parent.mkdir(parents=True, exist_ok=True)
    lock_path = path.with_name(path.name + ".lock")
    lock = _lock_class()(lock_path, timeout=LOCK_TIMEOUT if timeout is None else timeout)
    try:
        lock.acquire()
    except Timeout:
        raise ProgressLocked(f"Your progress file {path} is busy: another program has held "
                             f"its lock ({lock_path.name}) for over {lock.timeout:g} s. "
                             "Nothing was saved or lost; try again in a moment.") from None
    try:
        yield
    finally:
        lock.release()


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Progress:
    """Saved answers: progress.record_attempt(bank, question, ...) and
    progress.get(bank, question). Reports on them are in progress_report.py."""

    def __init__(self, path: Path | str | None = None):
        self.path = Path(path) if path else default_path()
        self.notices: list[str] = []  # what the student should be told (shown by widgets)

    # -- reading and writing the file
    def _read(self) -> dict:
        """The file's content; a corrupt file is moved aside. Call with the lock held."""
        if not self.path.exists():
            return {"version": FORMAT_VERSION, "answers": {}}
        try:
            content = json.loads(self.path.read_text(encoding="utf-8"))
            if not isinstance(content, dict) or not isinstance(content.get("answers"), dict):
                raise ValueError("not a progress file (no 'answers' mapping)")
            return content
        except (ValueError, UnicodeDecodeError) as error:
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
            aside = self.path.with_name(f"{self.path.stem}.unreadable-{stamp}{self.path.suffix}")
            os.replace(self.path, aside)
            notice = (f"Your progress file {self.path} could not be read ({error}). It was "
                      f"kept as {aside.name} (nothing was deleted) and a new one was started; "
                      "your instructor can help recover it.")
            self.notices.append(notice)
            warnings.warn(notice, ProgressWarning, stacklevel=3)
            return {"version": FORMAT_VERSION, "answers": {}}

    def _write(self, content: dict) -> None:
        """Atomic: write a temporary file beside the target, flush it, then replace."""
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".progress-",
                                             suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump(content, stream, ensure_ascii=False, indent=1, sort_keys=True)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, self.path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
            raise

    def load(self) -> dict:
        with _locked(self.path):
            return self._read()

    # -- questions
    def get(self, bank: str, question: str) -> dict | None:
        return self.load()["answers"].get(bank, {}).get(question)

    def bank(self, bank: str) -> dict[str, dict]:
        return self.load()["answers"].get(bank, {})

    def _change(self, bank: str, question: str, change) -> dict:
        """Apply `change` to one question's record, under the lock; returns the record."""
        with _locked(self.path):
            content = self._read()
            record = content["answers"].setdefault(bank, {}).setdefault(question, {
                "attempts": 0, "history": [], "hints_shown": 0, "revealed": False})
            change(record)
            record["updated"] = now()
            self._write(content)
            return record

    def update(self, bank: str, question: str, **changes: Any) -> dict:
        return self._change(bank, question, lambda record: record.update(changes))

    def record_attempt(self, bank: str, question: str, answer: Any, score: float,
                       correct: bool, feedback: str, essay_part: str, kind: str = "",
                       details: list[str] | None = None) -> dict:
        def attempt(record: dict) -> None:
            record["attempts"] += 1
            record.update(answer=answer, score=score, correct=correct, feedback=feedback,
                          essay_part=essay_part, kind=kind, details=details or [])
            record["best_score"] = max(score, record.get("best_score", 0.0))
            record["history"].append({"time": now(), "answer": answer, "score": score})

        return self._change(bank, question, attempt)

    def forget(self, bank: str, question: str) -> dict:
        """Start a question over; its history of attempts is kept."""
        def reset(record: dict) -> None:
            for key in ("answer", "score", "correct", "feedback", "details", "self_check"):
                record.pop(key, None)
            record.update(attempts=0, hints_shown=0, revealed=False)

        return self._change(bank, question, reset)
