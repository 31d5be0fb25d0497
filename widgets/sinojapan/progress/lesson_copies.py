"""A fresh copy of a lesson, as the course's repository stores it, beside the student's own
(which is never changed):

    sj.fresh_copy("03")   writes lessons/03-<name>-fresh.ipynb and links to it

Why: on a JupyterHub, nbgitpuller merges an update into the student's folder keeping the
student's side of any line both changed, so a fix to a lesson the student has saved can be
silently left out. Answers live in the progress file, not in the notebook: run the quiz
cells of the fresh copy and they come back. The stored version is the upstream branch's
(what the last pull fetched), else the checkout's HEAD.
"""

from __future__ import annotations

import html
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from sinojapan.content.files import checkout_root


class LessonCopyError(ValueError):
    """No stored version of the lesson could be found; the message says why."""


def _git(root: Path, *args: str) -> str:
    out = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                         encoding="utf-8", check=False)
    if out.returncode:
        raise subprocess.CalledProcessError(out.returncode, args, out.stdout, out.stderr)
    return out.stdout


def stored_ref(root: Path) -> str:
    """The upstream branch (e.g. origin/main) if the checkout tracks one, else HEAD."""
    try:
        return _git(root, "rev-parse", "--abbrev-ref", "--symbolic-full-name",
                    "@{upstream}").strip() or "HEAD"
    except subprocess.CalledProcessError:
        return "HEAD"


def lesson_id(lesson: str | int) -> str:
    text = str(lesson).strip()
    return text.zfill(2) if text.isdigit() else text


def stored_lesson(root: Path, lesson: str | int) -> tuple[str, str, bytes]:
    """(ref, file name, content) of the lesson as the repository stores it."""
    wanted = lesson_id(lesson)
    try:
        ref = stored_ref(root)
        names = _git(root, "ls-tree", "--name-only", f"{ref}:lessons").split()
    except FileNotFoundError:
        raise LessonCopyError(f"lesson {wanted}: git is not installed here, so the stored "
                              "version cannot be read") from None
    except subprocess.CalledProcessError:
        raise LessonCopyError(f"lesson {wanted}: {root} is not a git checkout, so it keeps no "
                              "stored version; download the lesson again from the course's "
                              "repository") from None
    matches = [n for n in names if n.endswith(".ipynb")
               and (Path(n).stem == wanted or n.startswith(wanted + "-"))]
    if len(matches) != 1:
        known = ", ".join(n.split("-")[0] for n in names if n.endswith(".ipynb"))
        raise LessonCopyError(f"lesson {wanted}: no such lesson in {ref} (lessons: {known})")
    content = subprocess.run(["git", "-C", str(root), "show", f"{ref}:lessons/{matches[0]}"],
                             capture_output=True, check=True).stdout
    return ref, matches[0], content


@dataclass
class FreshCopy:
    path: Path
    ref: str
    same_as_yours: bool | None  # None: you have no copy of the lesson

    @property
    def message(self) -> str:
        yours = {None: "You had no copy of this lesson.",
                 True: "Your own copy is the same as the stored one.",
                 False: "Your own copy differs from it and is unchanged."}[self.same_as_yours]
        return (f"Wrote {self.path.name}: the lesson as stored in {self.ref}. {yours} Your "
                "answers are in your progress file, not in the notebook: run the quiz cells "
                "of the fresh copy and they come back.")

    def __str__(self) -> str:
        return self.message

    __repr__ = __str__

    def _repr_html_(self) -> str:
        try:
            link = os.path.relpath(self.path, Path.cwd()).replace(os.sep, "/")
        except ValueError:  # another drive
            link = self.path.as_posix()
        return (f'<p role="status">{html.escape(self.message)} <a href="{quote(link)}">Open '
                f"{html.escape(self.path.name)}</a></p>")


def fresh_copy(lesson: str | int) -> FreshCopy:
    """Write the stored version of a lesson beside yours, e.g. `sj.fresh_copy("03")`."""
    root = checkout_root()
    if root is None:
        raise LessonCopyError(f"lesson {lesson_id(lesson)}: run this from a notebook inside "
                              "the course's folder (the one holding lessons/ and data/)")
    ref, name, content = stored_lesson(root, lesson)
    yours = root / "lessons" / name
    stem = Path(name).stem
    for number in range(1, 1000):
        target = yours.with_name(f"{stem}-fresh{'' if number == 1 else f'-{number}'}.ipynb")
        try:
            with open(target, "xb") as stream:
                stream.write(content)
            break
        except FileExistsError:
            continue
    else:
        raise LessonCopyError(f"lesson {lesson_id(lesson)}: no free name beside {yours}")
    same = yours.read_bytes() == content if yours.exists() else None
    return FreshCopy(path=target, ref=ref, same_as_yours=same)
