"""Dates at the precision a source gives them: parsing a content file's date, and the one
way every page writes a date ('7 Sep 2010', 'Sep 2010' or '2010')."""

from __future__ import annotations

import re

import pandas as pd

PRECISIONS = {  # precision -> (the date's shape, how to write it, pandas period frequency)
    "day": (re.compile(r"^\d{4}-\d{2}-\d{2}$"), "YYYY-MM-DD", "D"),
    "month": (re.compile(r"^\d{4}-\d{2}$"), "YYYY-MM", "M"),
    "year": (re.compile(r"^\d{4}$"), "YYYY", "Y"),
}


def period(text: str, precision: str) -> tuple[pd.Timestamp, pd.Timestamp] | str:
    """(first day, last day) of the period a date names, or a message saying what is
    wrong with it."""
    if precision not in PRECISIONS:
        return f"unknown precision '{precision}'"
    shape, written, frequency = PRECISIONS[precision]
    if not shape.match(text):
        return f"'{text}' does not match precision '{precision}' (expected {written})"
    try:
        span = pd.Period(text, freq=frequency)
    except ValueError:
        return f"'{text}' is not a real calendar date"
    return span.start_time, span.end_time.normalize()


def day_date(when) -> str:
    """'7 Sep 2010'."""
    when = pd.Timestamp(when)
    return f"{when.day} {when:%b %Y}"


def format_date(when, precision: str = "day") -> str:
    """A date at its true precision: '7 Sep 2010', 'Sep 2010' or '2010'."""
    when = pd.Timestamp(when)
    if precision == "year":
        return f"{when.year}"
    if precision == "month":
        return f"{when:%b %Y}"
    return day_date(when)
