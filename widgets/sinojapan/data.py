"""Finding, loading and validating the module's content in data/.

Every loader checks its file and raises one `DataError` naming the file, the row
(or id) and the field, and saying what was expected, so an instructor who edits a
file sees at once what to fix. Loaders return pandas DataFrames with proper dtypes.
"""

from __future__ import annotations

import calendar
import csv
import functools
import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

DATA_ENV = "SINOJAPAN_DATA"
EVENT_COLUMNS = (
    "id", "date", "date_precision", "title", "summary", "category",
    "stage", "essay_parts", "sources", "confidence",
)
CONFIDENCE_LEVELS = ("high", "medium", "low")
DATE_FORMATS = {
    "day": (re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"), "YYYY-MM-DD"),
    "month": (re.compile(r"^(\d{4})-(\d{2})$"), "YYYY-MM"),
    "year": (re.compile(r"^(\d{4})$"), "YYYY"),
}
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class DataError(ValueError):
    """A content file is missing or malformed. The message says where and what."""

    def __init__(self, file: Path | str, problem: str, *, row: str | None = None,
                 field: str | None = None):
        self.file, self.row, self.field, self.problem = str(file), row, field, problem
        where = ", ".join(p for p in (self.file, row, f"field '{field}'" if field else None) if p)
        super().__init__(f"{where}: {problem}")


def data_dir() -> Path:
    """The data/ folder: $SINOJAPAN_DATA, else inside an installed wheel, else the checkout."""
    override = os.environ.get(DATA_ENV)
    if override:
        path = Path(override).expanduser()
        if not path.is_dir():
            raise DataError(path, f"${DATA_ENV} points at a folder that does not exist")
        return path
    package = Path(__file__).resolve().parent
    for candidate in (package / "data", package.parents[1] / "data"):
        if (candidate / "events.csv").is_file():
            return candidate
    raise DataError(package, "cannot find the data/ folder: reinstall the package, "
                    f"or set ${DATA_ENV} to the folder holding events.csv")


def clear_cache() -> None:
    """Forget loaded content, e.g. after editing a data file in a running kernel."""
    for loader in (_events, _stages, _categories, _essay_parts, _series_catalogue, _series,
                   _quiz_bank, questions_by_event):
        loader.cache_clear()


# ---------------------------------------------------------------- reading files

def _read_text(path: Path) -> str:
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
    return text


def _read_csv_rows(path: Path, required: Iterable[str]) -> list[tuple[int, dict[str, str]]]:
    """Rows as (line number, {column: text}), after checking the header."""
    reader = csv.DictReader(_read_text(path).splitlines())
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


def _read_yaml(path: Path, schema_name: str) -> Any:
    import yaml

    try:
        content = yaml.safe_load(_read_text(path))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        row = f"line {mark.line + 1}" if mark else None
        problem = getattr(error, "problem", None) or str(error)
        raise DataError(path, f"not valid YAML: {problem}", row=row) from None
    _check_schema(path, content, schema_name)
    return content


def _check_schema(path: Path, content: Any, schema_name: str) -> None:
    from .schema import first_problem

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
    field = problem.field_name()
    message = problem.message
    if problem.description:
        message += f" (expected {problem.description})"
    raise DataError(path, message, row=f"at {where}", field=field)


def _require_unique_ids(path: Path, items: list[dict]) -> None:
    seen: set[str] = set()
    for item in items:
        if item["id"] in seen:
            raise DataError(path, f"duplicate id '{item['id']}'", row=f"id {item['id']}",
                            field="id")
        seen.add(item["id"])


# ---------------------------------------------------------------- small files

@functools.cache
def _categories() -> pd.DataFrame:
    path = data_dir() / "categories.yaml"
    items = _read_yaml(path, "categories.schema.json")["categories"]
    _require_unique_ids(path, items)
    frame = pd.DataFrame(items).set_index("id")
    frame["order"] = range(len(frame))
    return frame


@functools.cache
def _essay_parts() -> pd.DataFrame:
    path = data_dir() / "essay_parts.yaml"
    items = _read_yaml(path, "essay_parts.schema.json")["parts"]
    _require_unique_ids(path, items)
    return pd.DataFrame(items).set_index("id")


@functools.cache
def _stages() -> tuple[pd.DataFrame, str]:
    path = data_dir() / "stages.yaml"
    content = _read_yaml(path, "stages.schema.json")
    items = content["stages"]
    _require_unique_ids(path, items)
    parts = _essay_parts()
    previous_end = None
    for item in items:
        row = f"id {item['id']}"
        start, end = item["start"], item["end"]
        if end is not None and end < start:
            raise DataError(path, f"ends ({end}) before it starts ({start})", row=row,
                            field="end")
        if previous_end is not None and start <= previous_end:
            raise DataError(path, f"starts ({start}) before the previous stage ends "
                            f"({previous_end}); stages must be in order and not overlap",
                            row=row, field="start")
        if item["essay_part"] is not None and item["essay_part"] not in parts.index:
            raise DataError(path, f"unknown essay part '{item['essay_part']}'; known parts are "
                            f"listed in essay_parts.yaml", row=row, field="essay_part")
        previous_end = end if end is not None else "9999-12-31"
    frame = pd.DataFrame(items).set_index("id")
    frame["start"] = pd.to_datetime(frame["start"])
    frame["end"] = pd.to_datetime(frame["end"])
    frame["order"] = range(len(frame))
    return frame, content["note"]


# ---------------------------------------------------------------- events

def _parse_event_date(text: str, precision: str) -> tuple[date, date] | str:
    """(first day, last day) of the period, or a message saying what is wrong."""
    if precision not in DATE_FORMATS:
        return f"unknown precision '{precision}'"
    pattern, shape = DATE_FORMATS[precision]
    match = pattern.match(text)
    if not match:
        return f"'{text}' does not match precision '{precision}' (expected {shape})"
    year, month, day = (*(int(p) for p in match.groups()), 1, 1)[:3]
    try:
        if precision == "year":
            return date(year, 1, 1), date(year, 12, 31)
        if precision == "month":
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        return (date(year, month, day),) * 2
    except ValueError:
        return f"'{text}' is not a real calendar date"


@functools.cache
def _events() -> pd.DataFrame:
    path = data_dir() / "events.csv"
    rows = _read_csv_rows(path, EVENT_COLUMNS)
    categories, parts = _categories(), _essay_parts()
    stage_table, _ = _stages()
    seen: dict[str, int] = {}
    records = []
    for line, row in rows:
        where = f"line {line}" + (f" (id {row['id']})" if row["id"] else "")

        def fail(field: str, problem: str, where=where) -> None:
            raise DataError(path, problem, row=where, field=field)

        for field in ("id", "date", "date_precision", "title", "summary", "category",
                      "stage", "sources", "confidence"):
            if not row[field]:
                fail(field, "is empty")
        if not ID_PATTERN.match(row["id"]):
            fail("id", f"'{row['id']}' must be lower-case letters, digits and hyphens")
        if row["id"] in seen:
            fail("id", f"duplicate id; it is already used on line {seen[row['id']]}")
        seen[row["id"]] = line
        period = _parse_event_date(row["date"], row["date_precision"])
        if isinstance(period, str):
            fail("date", period + "; the precision is day, month or year")
        if row["category"] not in categories.index:
            fail("category", f"unknown category '{row['category']}' (allowed: "
                 f"{', '.join(categories.index)})")
        if row["stage"] not in stage_table.index:
            fail("stage", f"unknown stage '{row['stage']}' (allowed: "
                 f"{', '.join(stage_table.index)})")
        stage = stage_table.loc[row["stage"]]
        first, last = period
        stage_end = stage["end"].date() if pd.notna(stage["end"]) else date.max
        if last < stage["start"].date() or first > stage_end:
            fail("stage", f"{row['date']} lies outside stage {row['stage']} "
                 f"({stage['start'].date()} to "
                 f"{stage['end'].date() if pd.notna(stage['end']) else 'open'})")
        if row["confidence"] not in CONFIDENCE_LEVELS:
            fail("confidence", f"'{row['confidence']}' must be one of "
                 f"{', '.join(CONFIDENCE_LEVELS)}")
        event_parts = [p.strip() for p in row["essay_parts"].split(";") if p.strip()]
        for part in event_parts:
            if part not in parts.index:
                fail("essay_parts", f"unknown essay part '{part}' (see essay_parts.yaml)")
        sources = [s.strip() for s in row["sources"].split(" ; ") if s.strip()]
        records.append({**row, "date": pd.Timestamp(first), "date_end": pd.Timestamp(last),
                        "essay_parts": event_parts, "sources": sources})
    frame = pd.DataFrame.from_records(records).set_index("id")
    frame = frame[["date", "date_end", "date_precision", "title", "summary", "category",
                   "stage", "essay_parts", "sources", "confidence"]]
    for column, values in (("category", categories.index), ("stage", stage_table.index),
                           ("date_precision", list(DATE_FORMATS)),
                           ("confidence", CONFIDENCE_LEVELS)):
        frame[column] = pd.Categorical(frame[column], categories=list(values))
    for column in ("title", "summary"):
        frame[column] = frame[column].astype("string")
    return frame.sort_values("date", kind="stable")


# ---------------------------------------------------------------- series

@functools.cache
def _series_catalogue() -> dict[str, dict]:
    path = data_dir() / "series" / "series.yaml"
    items = _read_yaml(path, "series.schema.json")["series"]
    _require_unique_ids(path, items)
    return {item["id"]: item for item in items}


@functools.cache
def _series(series_id: str) -> pd.DataFrame:
    meta = _series_catalogue()[series_id]
    path = data_dir() / "series" / meta["file"]
    time, keys, values = meta["time"], meta["keys"], list(meta["values"])
    rows = _read_csv_rows(path, [time, *keys, *values])
    seen: dict[tuple, int] = {}
    for line, row in rows:
        where = f"line {line}"
        if not re.fullmatch(r"\d{4}", row[time]):
            raise DataError(path, f"'{row[time]}' is not a year (expected YYYY)", row=where,
                            field=time)
        key = tuple(row[k] for k in (time, *keys))
        if key in seen:
            raise DataError(path, f"duplicate row for {', '.join(key)}; first on line "
                            f"{seen[key]}", row=where, field=time)
        seen[key] = line
        for column in values:
            try:
                if row[column]:
                    float(row[column])
            except ValueError:
                raise DataError(path, f"'{row[column]}' is not a number (leave the cell empty "
                                "for a missing value)", row=where, field=column) from None
    frame = pd.DataFrame([row for _, row in rows])
    frame[time] = frame[time].astype("int64")
    for column in values:
        frame[column] = pd.to_numeric(frame[column].replace("", None), errors="raise")
        frame[column] = frame[column].astype("float64")
    for column in keys:
        frame[column] = frame[column].astype("category")
    frame.attrs["meta"] = meta
    return frame


# ---------------------------------------------------------------- question banks

DEFAULT_SCORE_BANDS = [
    {"from": 0.0, "text": "A start. Re-read the parts of the essay the explanations point "
                          "to, then retry the ones you missed."},
    {"from": 0.5, "text": "Good progress. Retry the ones you missed to close the gaps."},
    {"from": 0.9, "text": "Excellent: you have this part of the essay well in hand."},
]


@dataclass
class QuizBank:
    id: str
    title: str
    file: Path
    questions: list  # of sinojapan.questions.Question
    show_answer_after: int = 2
    max_attempts: int | None = None
    score_bands: list[dict] = dataclass_field(default_factory=lambda: list(DEFAULT_SCORE_BANDS))

    def __len__(self) -> int:
        return len(self.questions)

    def question(self, question_id: str):
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(f"no question '{question_id}' in bank '{self.id}'; its questions are: "
                       + ", ".join(q.id for q in self.questions))

    def band(self, share: float) -> str:
        eligible = [b for b in self.score_bands if share >= b["from"] - 1e-9]
        return max(eligible, key=lambda b: b["from"])["text"] if eligible else ""


def quiz_bank_ids() -> list[str]:
    return sorted(p.stem for p in (data_dir() / "quizzes").glob("*.yaml"))


@functools.cache
def _quiz_bank(bank_id: str) -> QuizBank:
    from .questions import TYPES

    path = data_dir() / "quizzes" / f"{bank_id}.yaml"
    if not path.is_file():
        raise DataError(path, f"no question bank '{bank_id}'; banks: "
                        + ", ".join(quiz_bank_ids()))
    content = _read_yaml(path, "quiz.schema.json")
    settings = content.get("settings", {})
    shuffle = settings.get("shuffle", True)
    parts, events = _essay_parts(), _events()
    seen: set[str] = set()
    questions = []
    for raw in content["questions"]:
        where = f"question {raw['id']}"

        def fail(field_name: str, problem: str, where=where) -> None:
            raise DataError(path, problem, row=where, field=field_name)

        if raw["id"] in seen:
            fail("id", "duplicate id; every question in a bank needs its own")
        seen.add(raw["id"])
        if raw["essay_part"] not in parts.index:
            fail("essay_part", f"unknown essay part '{raw['essay_part']}' "
                 f"(known: {', '.join(parts.index)})")
        for event in raw.get("events", []):
            if event not in events.index:
                fail("events", f"no event '{event}' in events.csv")
        questions.append(TYPES[raw["type"]].from_dict(raw, fail, shuffle=shuffle))
    bands = sorted(settings.get("score_bands", DEFAULT_SCORE_BANDS), key=lambda b: b["from"])
    if bands[0]["from"] != 0:
        raise DataError(path, "the first score band must start from 0", row="settings",
                        field="score_bands")
    return QuizBank(bank_id, content["title"], path, questions,
                    show_answer_after=settings.get("show_answer_after", 2),
                    max_attempts=settings.get("max_attempts"), score_bands=bands)


@functools.cache
def questions_by_event() -> dict[str, list[str]]:
    """For each event id, the lesson questions that concern it, as 'Lesson 02, question
    s02-turning-point: <prompt>' (questions name events in `events:` or as a placement)."""
    found: dict[str, list[str]] = {}
    for bank_id in quiz_bank_ids():
        if not bank_id.isdigit():
            continue
        for question in quiz_bank(bank_id).questions:
            ids = list(question.events) + ([question.event] if hasattr(question, "event") else [])
            for event_id in dict.fromkeys(ids):
                found.setdefault(event_id, []).append(
                    f"Lesson {bank_id}, question {question.id}: {question.prompt}")
    return found


def quiz_bank(bank_id: str) -> QuizBank:
    """A lesson's question bank, validated (raises DataError naming question and field)."""
    return _quiz_bank(str(bank_id))


# ---------------------------------------------------------------- public API

def events() -> pd.DataFrame:
    """All events, indexed by id, in date order. `date` is the first day of the period
    the event is known to (see `date_precision`); `date_end` the last."""
    return _events().copy()


def format_event_date(date: pd.Timestamp, precision: str) -> str:
    """A date at its true precision: '7 Sep 2010', 'Mar 1996' or '1982'."""
    date = pd.Timestamp(date)
    if precision == "year":
        return f"{date.year}"
    if precision == "month":
        return date.strftime("%b %Y")
    return f"{date.day} {date.strftime('%b %Y')}"


def event_line(event) -> str:
    """An event row as one line: '7 Sep 2010: Chinese trawler collides with ...'."""
    return f"{format_event_date(event['date'], event['date_precision'])}: {event['title']}"


def event_label(event_id: str) -> str:
    """The line for an event, by id (see `event_line`)."""
    return event_line(_events().loc[event_id])


def stages() -> pd.DataFrame:
    """The essay's four stages and 'after the essay', indexed by id ("1".."4", "post").
    Their boundaries are this module's reading of the essay: see `stage_note()`."""
    return _stages()[0].copy()


def stage_note() -> str:
    """Why the stage boundaries are an interpretation, in one paragraph."""
    return _stages()[1]


def categories() -> pd.DataFrame:
    """Event categories in lane order, with a label and a marker symbol each."""
    return _categories().copy()


def essay_parts() -> pd.DataFrame:
    """The parts of the essay that lessons teach and questions check."""
    return _essay_parts().copy()


def series_ids() -> list[str]:
    return list(_series_catalogue())


def series_info(series_id: str) -> dict:
    """A series' metadata: title, publisher, units, coverage, source and caveats."""
    catalogue = _series_catalogue()
    if series_id not in catalogue:
        raise KeyError(f"no series '{series_id}'; known series: {', '.join(catalogue)}")
    return json.loads(json.dumps(catalogue[series_id], default=str))


def series(series_id: str) -> pd.DataFrame:
    """One data series as a DataFrame; missing values stay missing (NaN).
    Its metadata is in `frame.attrs["meta"]` and `series_info(series_id)`."""
    series_info(series_id)
    frame = _series(series_id).copy()
    frame.attrs["meta"] = series_info(series_id)
    return frame


def load_all() -> dict[str, Any]:
    """Load and validate every content file; raises DataError on the first problem."""
    loaded = {"events": events(), "stages": stages(), "categories": categories(),
              "essay_parts": essay_parts()}
    loaded.update({f"series/{sid}": series(sid) for sid in series_ids()})
    loaded.update({f"quizzes/{bid}": quiz_bank(bid) for bid in quiz_bank_ids()})
    return loaded
