"""A student's work handed in as one file, and reading a folder of them for the class report.

A submission file is one JSON object (format agreed with `sj.import_progress`):

    {"format": "sinojapan-submission", "format_version": 1, "student": "Name",
     "lessons": ["01", "03"], "module_version": "0.1.0", "created": "<ISO time>",
     "progress": <the student's progress.json document itself, unchanged>}

It carries every record the student's progress file holds (first-try correctness, attempts,
hints, reveals, reflections and rubric ticks, the history of answers) and proves nothing
about who wrote it or whether it was edited: it is plain JSON, not signed (see
docs/class-report.md). A folder may also hold plain progress.json files, read the same way.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from sinojapan import __version__
from sinojapan.progress.store import Progress, now, salvage, write_atomically

FORMAT = "sinojapan-submission"
FORMAT_VERSION = 1
MAX_FILE_BYTES = 50_000_000  # a class's file is well under 1 MB; larger is not ours
KEPT_COPY = re.compile(r"\.(unreadable|damaged)-\d{8}T\d+(-\d+)?$")  # copies store.py keeps


class UnreadableWork(ValueError):
    """A file in the folder that is not a readable submission or progress file."""


@dataclass
class StudentWork:
    """One student's records, from a submission file or a progress.json file."""

    student: str
    source: Path
    answers: dict[str, dict[str, dict]]  # lesson bank id -> question id -> record
    lessons: list[str] = field(default_factory=list)
    module_version: str = ""
    created: str = ""
    notes: list[str] = field(default_factory=list)  # parts left out as damaged


def answered_lessons(document: dict) -> list[str]:
    """The lesson banks a progress document has records for, in order."""
    return sorted(bank for bank, questions in document.get("answers", {}).items() if questions)


def submission(document: dict, student: str, lessons: list[str] | None = None) -> dict:
    """The submission object for a progress document (kept as it is)."""
    return {"format": FORMAT, "format_version": FORMAT_VERSION, "student": str(student),
            "lessons": sorted(map(str, lessons)) if lessons else answered_lessons(document),
            "module_version": __version__, "created": now(), "progress": document}


def submission_name(student: str) -> str:
    """`submission-<name>.json`, with only letters, digits, '-' and '_' from the name."""
    slug = re.sub(r"[^\w-]+", "-", student, flags=re.UNICODE).strip("-_")
    return f"submission-{slug or 'student'}.json"


def write_submission(store: Progress, folder: Path | str = ".", student: str = "",
                     lessons: list[str] | None = None) -> Path:
    """Write the student's submission file to `folder`; returns its path. Written to a
    temporary file first, so a half-written submission never replaces a whole one."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / submission_name(student)
    text = json.dumps(submission(store.load(), student, lessons), ensure_ascii=False, indent=1)
    write_atomically(target, text, ".submission-")
    return target


def _text_list(value, name: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise UnreadableWork(f"its '{name}' is not a list of lesson ids")
    return value


def _from_submission(content: dict, path: Path) -> StudentWork:
    version = content.get("format_version")
    if version != FORMAT_VERSION:
        raise UnreadableWork(f"format_version {version!r} is not {FORMAT_VERSION} (written by "
                             "another version of the module?)")
    student = content.get("student")
    if not isinstance(student, str):
        raise UnreadableWork("its 'student' is not a name")
    document, problems = salvage(content.get("progress"))
    if problems and problems[0].startswith("it is not"):
        raise UnreadableWork("its 'progress' is not a progress file (no 'answers' mapping)")
    return StudentWork(student=student.strip() or path.stem, source=path,
                       answers=document["answers"],
                       lessons=_text_list(content.get("lessons", []), "lessons"),
                       module_version=str(content.get("module_version", "")),
                       created=str(content.get("created", "")), notes=problems)


def _from_progress_file(content: dict, path: Path, folder: Path) -> StudentWork:
    """A plain progress.json: the student is named by its folder (alice/progress.json),
    or by the file's own name (alice.json)."""
    document, problems = salvage(content)
    if problems and problems[0].startswith("it is not"):
        raise UnreadableWork("it is neither a submission nor a progress file")
    relative = path.relative_to(folder) if path.is_relative_to(folder) else Path(path.name)
    named_by_folder = path.stem == "progress" and len(relative.parts) > 1
    student = "/".join(relative.parts[:-1]) if named_by_folder else path.stem
    updated = [r.get("updated", "") for q in document["answers"].values() for r in q.values()]
    return StudentWork(student=student, source=path, answers=document["answers"],
                       lessons=answered_lessons(document),
                       created=max((u for u in updated if isinstance(u, str)), default=""),
                       notes=problems)


def read_work(path: Path | str, folder: Path | str | None = None) -> StudentWork:
    """One submission or progress file; raises UnreadableWork saying why it cannot be used."""
    path = Path(path)
    if KEPT_COPY.search(path.stem):
        raise UnreadableWork("a copy the module kept of a damaged progress file; the "
                             "student's current file is the one to hand in")
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise UnreadableWork(f"larger than {MAX_FILE_BYTES // 1_000_000} MB")
        content = json.loads(path.read_text(encoding="utf-8"))
    except PermissionError:
        raise UnreadableWork("this account may not read it (permission denied): ask the "
                             "student, or the drive's owner, to let it be read") from None
    except (OSError, ValueError, RecursionError) as error:  # UnicodeDecodeError is a ValueError
        reason = "nested too deep" if isinstance(error, RecursionError) else str(error)
        raise UnreadableWork(f"not readable as JSON ({reason[:160]})") from None
    if not isinstance(content, dict):
        raise UnreadableWork("it is neither a submission nor a progress file")
    if content.get("format") == FORMAT:
        return _from_submission(content, path)
    return _from_progress_file(content, path, Path(folder) if folder else path.parent)


def student_key(name: str) -> str:
    """A name as students are matched: case and spacing aside."""
    return " ".join(name.casefold().split())


def read_folder(folder: Path | str) -> tuple[list[StudentWork], list[tuple[Path, str]]]:
    """Every readable submission or progress file under `folder` (sub-folders too), one
    per student (the newest, when a student handed in twice), and the files skipped, each
    with its reason (unreadable ones and links to nothing too). Never stops on a bad file."""
    folder = Path(folder)
    works: dict[str, StudentWork] = {}
    skipped: list[tuple[Path, str]] = []
    for path in sorted(folder.rglob("*.json")):
        try:
            if path.is_symlink() and not path.exists():
                raise UnreadableWork(f"a link to a file that does not exist "
                                     f"({os.readlink(path)}): copy the file itself here")
            if path.is_dir():
                continue  # a folder named *.json: its files are read in turn
            work = read_work(path, folder)
        except UnreadableWork as problem:
            skipped.append((path, str(problem)))
            continue
        key = student_key(work.student)
        earlier = works.get(key)
        if earlier is not None:
            older, work = sorted((earlier, work), key=lambda w: w.created)
            newer = work.source.relative_to(folder).as_posix()
            skipped.append((older.source, f"an older hand-in by {older.student}; "
                                          f"{newer} is used"))
        works[key] = work
    return sorted(works.values(), key=lambda w: student_key(w.student)), skipped
