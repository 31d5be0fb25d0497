"""The real data series (data/series/) and the charts drawn from them (data/charts.yaml),
validated on load with the same one-line errors as every content file."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

import pandas as pd

from sinojapan.content.files import (
    DataError,
    cached,
    data_dir,
    read_csv_rows,
    read_yaml,
    require_unique,
    require_unique_ids,
)


@cached
def _catalogue() -> dict[str, dict]:
    path = data_dir() / "series" / "series.yaml"
    items = read_yaml(path, "series.schema.json")["series"]
    require_unique_ids(path, items)
    return {item["id"]: item for item in items}


# Plain decimal numbers only: Python's float() would also take "NaN", "inf", "1_000" and
# full-width digits, which pandas then refuses or which are not data.
NUMBER = re.compile(r"^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$")


def _check_numbers(path, rows, columns: list[str]) -> None:
    for line, row in rows:
        for column in columns:
            if row[column] and not NUMBER.match(row[column]):
                raise DataError(path, f"'{row[column][:40]}' is not a number: write digits "
                                "with a decimal point, e.g. 1234.5 (leave the cell empty for a "
                                "missing value)", row=f"line {line}", field=column)


@cached
def _series(series_id: str) -> pd.DataFrame:
    meta = _catalogue()[series_id]
    path = data_dir() / "series" / meta["file"]
    time, keys, values = meta["time"], meta["keys"], list(meta["values"])
    rows = read_csv_rows(path, [time, *keys, *values])
    for line, row in rows:
        if not re.fullmatch(r"\d{4}", row[time]):
            raise DataError(path, f"'{row[time]}' is not a year (expected YYYY)",
                            row=f"line {line}", field=time)
    require_unique(path, ((tuple(row[k] for k in (time, *keys)), f"line {line}")
                          for line, row in rows), field=time, what="row for")
    _check_numbers(path, rows, values)
    frame = pd.DataFrame([row for _, row in rows])
    frame[time] = frame[time].astype("int64")
    for column in values:
        frame[column] = pd.to_numeric(frame[column].replace("", None), errors="raise")
        frame[column] = frame[column].astype("float64")
    for column in keys:
        frame[column] = frame[column].astype("category")
    return frame


def series_ids() -> list[str]:
    return list(_catalogue())


def series_info(series_id: str) -> dict:
    """A series' metadata: title, publisher, units, coverage, source and caveats."""
    return json.loads(json.dumps(_known(series_id), default=str))


def _known(series_id: str) -> dict:
    catalogue = _catalogue()
    if series_id not in catalogue:
        raise KeyError(f"no series '{series_id}'; known series: {', '.join(catalogue)}")
    return catalogue[series_id]


def series(series_id: str) -> pd.DataFrame:
    """One data series as a DataFrame; missing values stay missing (NaN).
    Its metadata (title, units, source, caveats) is `series_info(series_id)`: not kept in
    `frame.attrs`, which pandas deep-copies on every operation on the frame."""
    _known(series_id)
    return _series(series_id).copy()


# ---------------------------------------------------------------- chart definitions

@dataclass(frozen=True)
class Line:
    column: str
    label: str
    where: dict = field(default_factory=dict)  # key column -> value, for grouped series


@dataclass(frozen=True)
class ChartSpec:
    id: str
    series: str
    title: str
    unit: str
    lines: tuple[Line, ...]
    scale: float = 1.0  # values are divided by this (and `unit` says so)
    digits: int = 1
    first_year: int | None = None
    crossing: tuple[str, str] | None = None  # labels: (passed, passing)
    crossing_text: str = ""


def _chart_spec(path, item: dict) -> ChartSpec:
    def fail(field_name: str, problem: str) -> None:
        raise DataError(path, problem, row=f"chart {item['id']}", field=field_name)

    catalogue = _catalogue()
    if item["series"] not in catalogue:
        fail("series", f"no series '{item['series']}' (known: {', '.join(catalogue)})")
    meta = catalogue[item["series"]]
    lines = []
    for index, raw in enumerate(item["lines"]):
        if raw["column"] not in meta["values"]:
            fail(f"lines[{index}].column", f"'{raw['column']}' is not a value column of "
                 f"series {meta['id']} (its columns: {', '.join(meta['values'])})")
        unknown = [k for k in raw.get("where", {}) if k not in meta["keys"]]
        if unknown or bool(raw.get("where")) != bool(meta["keys"]):
            fail(f"lines[{index}].where", f"series {meta['id']} has key columns "
                 f"{meta['keys'] or 'none'}: `where` must name "
                 f"{'a value for each' if meta['keys'] else 'none'}")
        lines.append(Line(raw["column"], raw["label"], dict(raw.get("where", {}))))
    labels = [line.label for line in lines]
    if len(set(labels)) != len(labels):
        fail("lines", "two lines have the same label")
    crossing = item.get("crossing")
    if crossing:
        for role in ("passed", "passing"):
            if crossing[role] not in labels:
                fail(f"crossing.{role}", f"'{crossing[role]}' is not the label of a line "
                     f"(labels: {', '.join(labels)})")
    return ChartSpec(item["id"], item["series"], item["title"], item["unit"], tuple(lines),
                     scale=float(item.get("scale", 1)), digits=item.get("digits", 1),
                     first_year=item.get("first_year"),
                     crossing=(crossing["passed"], crossing["passing"]) if crossing else None,
                     crossing_text=crossing["text"] if crossing else "")


@cached
def _chart_specs() -> dict[str, ChartSpec]:
    path = data_dir() / "charts.yaml"
    items = read_yaml(path, "charts.schema.json")["charts"]
    require_unique_ids(path, items)
    return {item["id"]: _chart_spec(path, item) for item in items}


def chart_ids() -> list[str]:
    """The charts `chart()` can draw."""
    return list(_chart_specs())


def chart_spec(chart_id: str) -> ChartSpec:
    specs = _chart_specs()
    if chart_id not in specs:
        raise KeyError(f"no chart '{chart_id}'; known charts: {', '.join(specs)}")
    return specs[chart_id]
