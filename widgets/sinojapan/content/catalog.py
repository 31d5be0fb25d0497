"""The module's content from data/: events, stages, categories, essay parts, reading,
quiz defaults. Each loader validates its file (see files.py for the error style) and
returns pandas DataFrames with proper dtypes; the public functions return copies."""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from sinojapan.content import dates
from sinojapan.content.files import (
    DataError,
    cached,
    data_dir,
    read_csv_rows,
    read_yaml,
    require_unique,
    require_unique_ids,
)

EVENT_COLUMNS = (
    "id", "date", "date_precision", "title", "summary", "category",
    "stage", "essay_parts", "sources", "confidence",
)
REQUIRED_EVENT_CELLS = [c for c in EVENT_COLUMNS if c != "essay_parts"]
CONFIDENCE_LEVELS = ("high", "medium", "low")
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
WEB_LINK = re.compile(r"^(https?://[^\s<>\"]+)(.*)$", re.DOTALL)  # an address, then a note
OTHER_SCHEME = re.compile(r"^\s*[a-zA-Z][a-zA-Z0-9+.-]*:")  # javascript:, data:, file:, ...


# ---------------------------------------------------------------- small files

@cached
def _categories() -> pd.DataFrame:
    path = data_dir() / "categories.yaml"
    items = read_yaml(path, "categories.schema.json")["categories"]
    require_unique_ids(path, items)
    frame = pd.DataFrame(items).set_index("id")
    frame["order"] = range(len(frame))
    return frame


@cached
def _essay_parts() -> pd.DataFrame:
    path = data_dir() / "essay_parts.yaml"
    items = read_yaml(path, "essay_parts.schema.json")["parts"]
    require_unique_ids(path, items)
    return pd.DataFrame(items).set_index("id")


@cached
def _stages() -> tuple[pd.DataFrame, str]:
    path = data_dir() / "stages.yaml"
    content = read_yaml(path, "stages.schema.json")
    items = content["stages"]
    require_unique_ids(path, items)
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
    frame["title"] = [name if name == label else f"{label}: {name}"
                      for label, name in zip(frame["label"], frame["name"], strict=True)]
    return frame, content["note"]


@cached
def _reading() -> dict:
    return read_yaml(data_dir() / "reading.yaml", "reading.schema.json")


@cached
def _quiz_defaults() -> dict:
    path = data_dir() / "quiz_defaults.yaml"
    defaults = read_yaml(path, "quiz_defaults.schema.json")
    defaults["score_bands"] = sorted(defaults["score_bands"], key=lambda b: b["from"])
    if defaults["score_bands"][0]["from"] != 0:
        raise DataError(path, "the first score band must start from 0", row="score_bands",
                        field="from")
    return defaults


# ---------------------------------------------------------------- events

def _check_event(row: dict[str, str], fail, categories, stage_table, parts) -> dict:
    """One row of events.csv as a record, or `fail(field, problem)`."""
    for field in REQUIRED_EVENT_CELLS:
        if not row[field]:
            fail(field, "is empty")
    if not ID_PATTERN.match(row["id"]):
        fail("id", f"'{row['id']}' must be lower-case letters, digits and hyphens")
    span = dates.period(row["date"], row["date_precision"])
    if isinstance(span, str):
        fail("date", span + "; the precision is day, month or year")
    if row["category"] not in categories.index:
        fail("category", f"unknown category '{row['category']}' (allowed: "
             f"{', '.join(categories.index)})")
    if row["stage"] not in stage_table.index:
        fail("stage", f"unknown stage '{row['stage']}' (allowed: "
             f"{', '.join(stage_table.index)})")
    stage = stage_table.loc[row["stage"]]
    first, last = span
    if last < stage["start"] or (pd.notna(stage["end"]) and first > stage["end"]):
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
    for source in sources:
        if OTHER_SCHEME.match(source) and not WEB_LINK.match(source):
            fail("sources", f"'{source[:60]}' is not a web address: a source is an http:// "
                 "or https:// address (a note may follow it) or a citation in words")
    return {**row, "date": first, "date_end": last, "essay_parts": event_parts,
            "sources": sources}


@cached
def _events() -> pd.DataFrame:
    path = data_dir() / "events.csv"
    rows = read_csv_rows(path, EVENT_COLUMNS)
    require_unique(path, ((row["id"], f"line {line}") for line, row in rows if row["id"]))
    categories, parts = _categories(), _essay_parts()
    stage_table, _ = _stages()
    records = []
    for line, row in rows:
        where = f"line {line}" + (f" (id {row['id']})" if row["id"] else "")

        def fail(field: str, problem: str, where=where) -> None:
            raise DataError(path, problem, row=where, field=field)

        records.append(_check_event(row, fail, categories, stage_table, parts))
    frame = pd.DataFrame.from_records(records).set_index("id")
    frame = frame[["date", "date_end", "date_precision", "title", "summary", "category",
                   "stage", "essay_parts", "sources", "confidence"]]
    for column, values in (("category", categories.index), ("stage", stage_table.index),
                           ("date_precision", list(dates.PRECISIONS)),
                           ("confidence", CONFIDENCE_LEVELS)):
        frame[column] = pd.Categorical(frame[column], categories=list(values))
    for column in ("title", "summary"):
        frame[column] = frame[column].astype("string")
    return frame.sort_values("date", kind="stable")


# ---------------------------------------------------------------- public API

def events() -> pd.DataFrame:
    """All events, indexed by id, in date order. `date` is the first day of the period
    the event is known to (see `date_precision`); `date_end` the last."""
    return _events().copy()


def source_parts(source: str) -> tuple[str | None, str]:
    """(web address, the rest) of a source: ('https://...', ' (Kyodo)'), or (None, text)
    for a citation in words. Only an http(s) address is ever made a link."""
    match = WEB_LINK.match(source)
    return (match[1], match[2]) if match else (None, source)


def event_line(event) -> str:
    """An event row as one line: '7 Sep 2010: Chinese trawler collides with ...'."""
    return f"{dates.format_date(event['date'], event['date_precision'])}: {event['title']}"


def event_label(event_id: str) -> str:
    """The line for an event, by id (see `event_line`)."""
    return event_line(_events().loc[event_id])


def stages() -> pd.DataFrame:
    """The essay's four stages and 'after the essay', indexed by id ("1".."4", "post"),
    with their labels and titles. Their boundaries are this module's reading of the
    essay: see `stage_note()`."""
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


def essay_citation() -> str:
    """The essay's full citation, as lessons give it."""
    return _reading()["citation"]


def reading() -> dict:
    """The essay's citation, its bibliography entry and the author's earlier works."""
    return dict(_reading())


def quiz_defaults() -> dict[str, Any]:
    """What every question bank uses unless its settings say otherwise."""
    return dict(_quiz_defaults())
