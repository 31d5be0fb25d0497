"""The student's saved attempts and reflections: storage only, durable, never lost.

One JSON file (default: the user's data folder; $SINOJAPAN_PROGRESS overrides it with a
file path ending in .json, or a folder to hold progress.json, e.g. on a shared drive).

- Every change is a read-modify-write of one question's record under an exclusive lock,
  so two notebooks open at once keep each other's answers.
- Writes go to a temporary file that replaces the old one atomically (then the folder is
  synced): a crash leaves the old file or the new one, never half of one; temporary
  files a killed save left behind are removed at the next save.
- A file that cannot be read, or parts of it that are damaged, are kept (a copy beside
  it, never overwritten) with a notice, and what can be read is kept in use.
- Where nothing can be saved (a read-only folder, a path that is a folder), answers are
  kept for this session only, and the student is told so.
What an answer earns is scoring.py's business; reports are in report.py.
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

from sinojapan.progress import scoring
from sinojapan.progress.records import checked_record, checked_run

PROGRESS_ENV = "SINOJAPAN_PROGRESS"
FORMAT_VERSION = 1
LOCK_TIMEOUT = 10.0  # seconds; a save waits this long for another notebook's save
HISTORY_ANSWER_LIMIT = 2_000  # characters of an answer kept in each history entry


def write_atomically(path: Path, text: str, prefix: str) -> None:
    """Write a temporary file beside `path` (named `prefix`...`.tmp`), flush and sync it,
    replace `path` with it, and sync the folder: a reader sees the old file or the new one,
    never half of one. The file keeps the old one's permissions, or gets those of any new
    file (the umask), not the owner-only ones of a temporary file: an instructor's account
    must be able to read a class's files on a shared drive."""
    try:
        mode = path.stat().st_mode & 0o777
    except OSError:
        mode = 0o666 & ~_umask()
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=prefix, suffix=".tmp")
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(handle, mode)
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    if hasattr(os, "O_DIRECTORY"):  # make the rename itself durable
        folder = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)


def _umask() -> int:
    mask = os.umask(0o022)  # the only way to read it is to set it; put it straight back
    os.umask(mask)
    return mask


class ProgressWarning(UserWarning):
    """Something happened to the progress file that the student should know about."""


class ProgressError(OSError):
    """An answer could not be saved; the message says why and what was kept."""


class ProgressLocked(ProgressError):
    """Another program has held the progress file's lock for longer than LOCK_TIMEOUT."""


def default_path() -> Path:
    """$SINOJAPAN_PROGRESS as a file if it ends in .json, else as the folder for
    progress.json; without it, progress.json in the user's data folder."""
    override = os.environ.get(PROGRESS_ENV)
    if override:
        path = Path(override).expanduser()
        return path if path.suffix.lower() == ".json" else path / "progress.json"
    from platformdirs import user_data_dir

    return Path(user_data_dir("sinojapan-lessons", appauthor=False)) / "progress.json"


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


def _move_aside(path: Path, label: str) -> Path:
    """Move `path` to a new name beside it, `<stem>.<label>-<time><suffix>`, never
    replacing an existing file (a hard link fails if the name is taken; where links are
    not supported, an exclusive copy); returns the new path."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    for number in range(1, 1000):
        aside = path.with_name(f"{path.stem}.{label}-{stamp}"
                               f"{'' if number == 1 else f'-{number}'}{path.suffix}")
        try:
            try:
                os.link(path, aside)
            except (NotImplementedError, PermissionError, AttributeError):
                with open(aside, "xb") as target, open(path, "rb") as source:
                    target.write(source.read())
        except FileExistsError:
            continue
        path.unlink()
        return aside
    raise ProgressError(f"cannot find a free name beside {path}")


def salvage(content: Any) -> tuple[dict, list[str]]:
    """The readable part of a progress file's content, and what had to be left out."""
    problems: list[str] = []
    if not isinstance(content, dict) or not isinstance(content.get("answers"), dict):
        return {"version": FORMAT_VERSION, "answers": {}}, [
            "it is not a progress file (no 'answers' mapping)"]
    answers = {}
    for bank, questions in content["answers"].items():
        if not isinstance(questions, dict):
            problems.append(f"lesson {bank} is not a mapping of questions")
            continue
        kept = {}
        for question, record in questions.items():
            if not isinstance(record, dict):
                problems.append(f"the record of {bank}/{question} is not a mapping")
                continue
            kept[question], found = checked_record(record, f"{bank}/{question}")
            problems += found
        answers[bank] = kept
    content = {**content, "answers": answers}
    if "scenarios" in content:
        content["scenarios"] = _salvage_scenarios(content["scenarios"], problems)
    return content, problems


def _salvage_scenarios(runs: Any, problems: list[str]) -> dict:
    """The readable simulation runs (records.checked_run)."""
    if not isinstance(runs, dict):
        problems.append("'scenarios' is not a mapping of simulation paths")
        return {}
    kept = {}
    for scenario, run in runs.items():
        run, found = checked_run(run, scenario)
        problems += found
        if run is not None:
            kept[scenario] = run
    return kept


class Progress:
    """Saved answers: progress.record_attempt(bank, question, ...) and
    progress.get(bank, question). Reports on them are in report.py."""

    def __init__(self, path: Path | str | None = None):
        self.path = Path(path) if path else default_path()
        self.notices: list[str] = []  # what the student should be told (shown by widgets)
        self._session_only: dict | None = None  # set when nothing can be saved

    @property
    def saving(self) -> bool:
        return self._session_only is None

    def _tell(self, notice: str) -> None:
        self.notices.append(notice)
        warnings.warn(notice, ProgressWarning, stacklevel=4)

    # -- reading and writing the file
    def _read(self) -> dict:
        """The file's content; damage is kept aside with a notice. Call with the lock held."""
        if not self.path.exists():
            return {"version": FORMAT_VERSION, "answers": {}}
        try:
            content = json.loads(self.path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError, RecursionError) as error:
            reason = str(error) if not isinstance(error, RecursionError) else "nested too deep"
            aside = _move_aside(self.path, "unreadable")
            self._tell(f"Your progress file {self.path} could not be read ({reason[:200]}). "
                       f"It was kept as {aside.name} (nothing was deleted) and a new one was "
                       "started; your instructor can help recover it.")
            return {"version": FORMAT_VERSION, "answers": {}}
        content, problems = salvage(content)
        if problems and not content["answers"] and problems[0].startswith("it is not"):
            aside = _move_aside(self.path, "unreadable")
            self._tell(f"Your progress file {self.path} could not be read ({problems[0]}). "
                       f"It was kept as {aside.name} (nothing was deleted) and a new one was "
                       "started; your instructor can help recover it.")
        elif problems:
            aside = _move_aside(self.path, "damaged")
            self._write(content)
            self._tell(f"Parts of your progress file {self.path} were damaged and left out "
                       f"({'; '.join(problems[:3])}{'; ...' if len(problems) > 3 else ''}). "
                       f"The whole file was kept as {aside.name}; the rest is in use.")
        return content

    def _write(self, content: dict) -> None:
        prefix = f".{self.path.name}-"
        for stale in self.path.parent.glob(f"{prefix}*.tmp"):  # from killed saves: we hold
            with contextlib.suppress(OSError):                 # the lock, so none is live
                stale.unlink()
        write_atomically(self.path, json.dumps(content, ensure_ascii=False, indent=1,
                                               sort_keys=True), prefix)

    def _keep_in_session(self, content: dict | None, error: OSError) -> None:
        """Nothing can be saved: keep answers in this session. When the lock could not be
        made (a read-only folder, a copied file with no .lock beside it), the file is
        still read, without the lock, so the saved answers show (read-only)."""
        saved = self._read_unlocked() if content is None else None
        self._session_only = content or saved or {"version": FORMAT_VERSION, "answers": {}}
        shown = ("Your saved answers are shown, but this folder is read-only here: new "
                 "answers cannot be saved" if saved else "Your answers cannot be saved")
        self._tell(f"{shown} to {self.path} ({error.strerror or error}). "
                   "They are kept only until this notebook's kernel stops. Ask your "
                   f"instructor, or set {PROGRESS_ENV} to a folder you can write to.")

    def _read_unlocked(self) -> dict | None:
        """The file's readable content, read without its lock and never changed (None if
        there is none): for a file that may be read but not written beside."""
        try:
            content, problems = salvage(json.loads(self.path.read_text(encoding="utf-8")))
        except (OSError, ValueError, RecursionError):
            return None
        if problems:
            self._tell(f"Parts of your progress file {self.path} were damaged and left out "
                       f"({'; '.join(problems[:3])}); the file itself was not changed.")
        return content if content["answers"] or content.get("scenarios") else None

    def _transaction(self, change=None) -> Any:
        """Read the content under the lock, apply `change` (which returns a result), and
        write it back; without a change, only read. Where the file cannot be used at all,
        the content lives on in this session only (see `_keep_in_session`)."""
        if self._session_only is None:
            content, outcome = None, None
            try:
                with _locked(self.path):
                    content = self._read()
                    if change is None:
                        return content
                    outcome = (change(content),)
                    self._write(content)
                    return outcome[0]
            except ProgressLocked:
                raise
            except OSError as error:
                self._keep_in_session(content, error)
                if outcome is not None:  # applied, not written: kept in the session
                    return outcome[0]
        content = self._session_only
        return change(content) if change else content

    def load(self) -> dict:
        return self._transaction()

    # -- questions
    def get(self, bank: str, question: str) -> dict | None:
        return self.load()["answers"].get(bank, {}).get(question)

    def bank(self, bank: str) -> dict[str, dict]:
        return self.load()["answers"].get(bank, {})

    def _change(self, bank: str, question: str, change) -> dict:
        """Apply `change` to one question's record; returns a copy of the record."""
        def apply(content: dict) -> dict:
            record = content["answers"].setdefault(bank, {}).setdefault(question, {
                "attempts": 0, "history": [], "hints_shown": 0, "revealed": False})
            change(record)
            record["updated"] = now()
            return json.loads(json.dumps(record))

        return self._transaction(apply)

    def update(self, bank: str, question: str, **changes: Any) -> dict:
        return self._change(bank, question, lambda record: record.update(changes))

    def record_attempt(self, bank: str, question: str, answer: Any, score: float,
                       correct: bool, feedback: str, essay_part: str, kind: str = "",
                       details: list[str] | None = None, limit: int | None = None) -> dict:
        """Save a checked answer; `limit`: the checks allowed (see scoring.after_attempt)."""
        text = json.dumps(answer, ensure_ascii=False)
        kept = answer if len(text) <= HISTORY_ANSWER_LIMIT else {"omitted_characters":
                                                                 len(text)}

        def attempt(record: dict) -> None:
            record.update(essay_part=essay_part, kind=kind)
            scoring.after_attempt(record, answer=answer, score=score, correct=correct,
                                  feedback=feedback, details=details or [], kept_answer=kept,
                                  limit=limit)
            record["history"][-1]["time"] = now()

        return self._change(bank, question, attempt)

    def reveal(self, bank: str, question: str) -> dict:
        return self._change(bank, question, scoring.after_reveal)

    def hint(self, bank: str, question: str, shown: int) -> dict:
        return self._change(bank, question, lambda record: scoring.after_hint(record, shown))

    def forget(self, bank: str, question: str) -> dict:
        """Start a question over: what it earned, its reveals, hints and history stay."""
        return self._change(bank, question, scoring.after_start_over)

    def merge_in(self, answers: dict, scenarios: dict | None = None) -> dict[str, int]:
        """Merge another copy's answers (lesson -> question -> record) into this one under
        the lock, by progress_merge's rules (newer answers on either side are kept, and
        every attempt), and its simulation paths (the newer run of each is kept); returns
        what happened to the answers, in questions (added, newer, kept)."""
        from sinojapan.progress.merge import merge_answers

        def merge(content: dict) -> dict[str, int]:
            content["answers"], counts = merge_answers(content["answers"], answers)
            runs = content.setdefault("scenarios", {})
            for scenario, run in (scenarios or {}).items():
                mine = runs.get(scenario)
                if mine is None or str(run.get("updated", "")) > str(mine.get("updated", "")):
                    runs[scenario] = run
            return counts

        return self._transaction(merge)

    # -- simulation paths (simulation/view.py): beside the answers, since they are not graded
    def scenario_run(self, scenario: str) -> dict | None:
        """The saved run of a simulation: side, path (option ids), finished, history."""
        return self.load().get("scenarios", {}).get(scenario)

    def _change_run(self, scenario: str, change) -> dict:
        def apply(content: dict) -> dict:
            record = content.setdefault("scenarios", {}).setdefault(
                scenario, {"side": None, "path": [], "finished": False, "history": []})
            change(record)
            record["updated"] = now()
            return json.loads(json.dumps(record))

        return self._transaction(apply)

    def save_scenario_run(self, scenario: str, side: str | None, path: list[str],
                          finished: bool) -> dict:
        return self._change_run(scenario, lambda record: record.update(
            side=side, path=list(path), finished=finished))

    def start_scenario_over(self, scenario: str) -> dict:
        """Clear the current run; the run so far is kept in the record's history."""
        def restart(record: dict) -> None:
            if record.get("side"):
                record.setdefault("history", []).append(
                    {key: record.get(key) for key in ("side", "path", "finished", "updated")})
            record.update(side=None, path=[], finished=False)

        return self._change_run(scenario, restart)
