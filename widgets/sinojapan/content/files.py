"""Finding and reading the content files in data/, with one error style for all of them.

Every problem raises one `DataError` naming the file, the row (a line or an id) and the
field, and saying what was expected, so an instructor who edits a file sees at once what
to fix. Loaders elsewhere (content, series_data, quiz_banks) build on these readers.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import os
import re
from collections.abc import Callable, Hashable, Iterable
from pathlib import Path
from typing import Any

DATA_ENV = "SINOJAPAN_DATA"
SETTINGS_ENV = "SINOJAPAN_SETTINGS"
SETTINGS_FILE_NAME = "course-settings.yaml"
_CACHED: list[Callable] = []


class DataError(ValueError):
    """A content file is missing or malformed. The message says where and what."""

    def __init__(self, file: Path | str, problem: str, *, row: str | None = None,
                 field: str | None = None):
        self.file, self.row, self.field, self.problem = str(file), row, field, problem
        where = ", ".join(p for p in (self.file, row, f"field '{field}'" if field else None) if p)
        super().__init__(f"{where}: {problem}")


def cached(loader: Callable | None = None, *, on_disk: bool = True) -> Callable:
    """`functools.cache`, registered so that `clear_cache()` forgets it too. With
    `on_disk` (the default) the result is also kept between kernels (see `stored`): only
    for a loader whose result depends on data/, the course settings and the code alone."""
    if loader is None:
        return functools.partial(cached, on_disk=on_disk)
    if not on_disk:
        wrapped = functools.cache(loader)
    else:
        from sinojapan.content import stored

        @functools.cache
        @functools.wraps(loader)
        def wrapped(*args):
            name = f"{loader.__module__}.{loader.__qualname__}{args!r}"
            try:
                sources = (data_dir(), settings_path())
            except DataError:
                return loader(*args)  # which says what is wrong
            value = stored.load(name, sources)
            if value is stored.MISSING:
                value = loader(*args)
                stored.save(name, value, sources)
            return value
    _CACHED.append(wrapped)
    return wrapped


def clear_cache() -> None:
    """Forget loaded content, e.g. after editing a data file in a running kernel."""
    from sinojapan.content import stored

    stored.forget()
    for loader in _CACHED:
        loader.cache_clear()


def checkout_root() -> Path | None:
    """The nearest folder at or above the working directory that holds data/events.csv
    and lessons/: a copy of this module's repository (a clone, a fork, an nbgitpuller
    copy, a Binder checkout), or None."""
    try:
        here = Path.cwd()
    except OSError:  # the working directory was removed
        return None
    for folder in (here, *here.parents):
        if (folder / "data" / "events.csv").is_file() and (folder / "lessons").is_dir():
            return folder
    return None


def data_source() -> tuple[Path, str]:
    """The data/ folder in use, and which rule chose it. The first that applies wins:

    1. $SINOJAPAN_DATA, when it is set (an error if it names no folder);
    2. the checkout a lesson runs from: the nearest folder at or above the working
       directory that holds both data/events.csv and lessons/ (a kernel starts in its
       notebook's folder, so a lesson in a clone, a fork or an nbgitpuller copy uses that
       copy's data/, even when the package itself is installed from a wheel);
    3. the copy inside the installed package (a wheel carries data/ with it);
    4. the checkout the package is imported from (an editable install).
    docs/deploying.md explains this for instructors and hub admins.
    """
    override = os.environ.get(DATA_ENV)
    if override:
        path = Path(override).expanduser()
        if not path.is_dir():
            raise DataError(path, f"${DATA_ENV} points at a folder that does not exist")
        return path, f"${DATA_ENV}"
    checkout = checkout_root()
    if checkout:
        return checkout / "data", "the checkout the lesson runs from"
    package = Path(__file__).resolve().parents[1]  # sinojapan/, above content/
    for candidate, rule in ((package / "data", "the installed package"),
                            (package.parents[1] / "data", "the package's own checkout")):
        if (candidate / "events.csv").is_file():
            return candidate, rule
    raise DataError(package, "cannot find the data/ folder: reinstall the package, "
                    f"or set ${DATA_ENV} to the folder holding events.csv")


def data_dir() -> Path:
    """The data/ folder in use (see `data_source` for the order of the rules)."""
    return data_source()[0]


def settings_path() -> Path | None:
    """The course settings file in use, or None when there is none."""
    override = os.environ.get(SETTINGS_ENV)
    if override:
        path = Path(override).expanduser()
        if not path.is_file():
            raise DataError(path, f"${SETTINGS_ENV} points at a file that does not exist")
        return path
    beside_lessons = data_dir().parent / "lessons" / SETTINGS_FILE_NAME
    return beside_lessons if beside_lessons.is_file() else None


def read_text(path: Path) -> str:
    if not path.is_file():
        raise DataError(path, "file not found")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise DataError(path, f"not valid UTF-8 text (byte {error.start}); "
                        "save the file with UTF-8 encoding", row=f"line {line}") from None
    if not text.strip():
        raise DataError(path, "the file is empty")
    unsafe = UNSHOWABLE.search(text)
    if unsafe:
        line = text.count("\n", 0, unsafe.start()) + 1
        raise DataError(path, unshowable(unsafe.group()), row=f"line {line}")
    return text


# Characters XML 1.0 forbids (control characters, U+FFFE, U+FFFF, lone surrogates): a
# page or an LMS file holding one is broken, so content may not. YAML can spell them
# with escapes ("\x01"), so loaded texts are checked as well as raw files.
UNSHOWABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def unshowable(character: str) -> str:
    return (f"character U+{ord(character):04X} cannot be shown on a page or written for an "
            "LMS (a control or non-character); delete it")


def check_showable(path: Path, content: Any, where: str = "") -> None:
    """Every text in loaded YAML is showable; the first that is not is named by place."""
    if isinstance(content, str):
        found = UNSHOWABLE.search(content)
        if found:
            raise DataError(path, unshowable(found.group()), row=f"at {where or 'top level'}")
    elif isinstance(content, dict):
        for key, value in content.items():
            check_showable(path, value, f"{where}.{key}".lstrip("."))
    elif isinstance(content, list):
        for index, item in enumerate(content):
            label = item.get("id") if isinstance(item, dict) else None
            check_showable(path, item, f"{where}[{index}]" + (f" (id {label})" if label else ""))


def read_csv_rows(path: Path, required: Iterable[str]) -> list[tuple[int, dict[str, str]]]:
    """Rows as (line number, {column: text}), after checking the header."""
    required = list(required)
    # newline="" keeps a line break inside a quoted cell; line_num counts physical lines.
    reader = csv.DictReader(io.StringIO(read_text(path), newline=""))
    header = reader.fieldnames or []
    missing = [c for c in required if c not in header]
    if missing:
        raise DataError(path, f"missing column(s) {', '.join(missing)}; "
                        f"the header must name: {', '.join(required)}", row="line 1")
    rows = []
    for row in reader:
        line = reader.line_num
        if None in row:
            raise DataError(path, f"{len(header) + len(row[None])} cells but the header has "
                            f"{len(header)} columns (quote text containing commas)",
                            row=f"line {line}")
        rows.append((line, {k: (v or "").strip() for k, v in row.items()}))
    if not rows:
        raise DataError(path, "the file has a header but no rows")
    return rows


@functools.cache
def _yaml_loader():
    """A safe YAML loader (libyaml's C parser when installed: about nine times faster on a
    large bank) that refuses a key given twice in one mapping instead of keeping the last."""
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class StrictLoader(base):
        def construct_mapping(self, node, deep=False):
            seen = {}
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=True)
                if isinstance(key, Hashable) and key in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"the key '{key}' appears twice in one mapping "
                        f"(first on line {seen[key] + 1})", key_node.start_mark)
                seen[key] = key_node.start_mark.line
            return super().construct_mapping(node, deep=deep)

    return StrictLoader


def read_yaml(path: Path, schema_name: str) -> Any:
    """A YAML file, checked against data/schemas/<schema_name>."""
    import yaml

    try:
        content = yaml.load(read_text(path), Loader=_yaml_loader())  # noqa: S506 (safe loader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        row = f"line {mark.line + 1}" if mark else None
        problem = getattr(error, "problem", None) or str(error)
        raise DataError(path, f"not valid YAML: {problem}", row=row) from None
    check_schema(path, content, schema_name)
    check_showable(path, content)
    return content


def check_schema(path: Path, content: Any, schema_name: str) -> None:
    from sinojapan.content.schema_check import first_problem

    schema = json.loads((data_dir() / "schemas" / schema_name).read_text(encoding="utf-8"))
    problem = first_problem(content, schema)
    if problem is None:
        return
    location, node = [], content
    for step in problem.path:
        node = node[step]
        if isinstance(step, int):
            label = node.get("id") if isinstance(node, dict) else None
            location.append(f"[{step}]" + (f" (id {label})" if label else ""))
        else:
            location.append(f".{step}")
    where = "".join(location).lstrip(".") or "top level"
    message = problem.message
    if problem.description:
        message += f" (expected {problem.description})"
    raise DataError(path, message, row=f"at {where}", field=problem.field_name())


def require_unique(path: Path, entries: Iterable[tuple[Hashable, str]], *,
                   field: str = "id", what: str = "id") -> None:
    """`entries` are (key, where) pairs, e.g. ("some-id", "line 7"). The second use of a key
    raises a DataError at that place, naming where the key was first used."""
    first: dict[Hashable, str] = {}
    for key, where in entries:
        if key in first:
            shown = ", ".join(key) if isinstance(key, tuple) else key
            raise DataError(path, f"duplicate {what} {shown}; it is already used on "
                            f"{first[key]}", row=where, field=field)
        first[key] = where


def require_unique_ids(path: Path, items: list[dict]) -> None:
    """Items of a YAML list, each with an `id`."""
    require_unique(path, ((item["id"], f"item {number} (id {item['id']})")
                          for number, item in enumerate(items, start=1)))
