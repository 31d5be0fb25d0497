"""Contested texts from data/contested_texts.yaml: a document or exchange as each
government's own English wording, quoted exactly, with where the module read it, a short
note on where the texts differ, and how each side later read them.

The schema checks the shape; this module checks what a schema cannot: one side for each
government, passages unless a side's wording is marked as not available (and then why,
and what a cited report says), real calendar days, events that exist, and a later
reading from each government. Every mistake is one `DataError` naming the file, the text
and the field. `pictures/text_comparison.py` shows a text side by side (`sj.compare_texts`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from sinojapan.content import catalog
from sinojapan.content.files import DataError, cached, data_dir, read_yaml, require_unique_ids

FILE = "contested_texts.yaml"
GOVERNMENTS = {"china": "China", "japan": "Japan"}
KINDS = {  # how the English words reached the module, as a reader is told it
    "official": "the government's own English text",
    "official-provisional": "the government's own provisional English translation",
    "official-as-quoted": "the government's own English text, as quoted by the publisher "
                          "named (its own page was not read)",
    "state-media": "a state news agency's English report of the words, not a transcript",
    "press-translation": "a newspaper's English translation: no English text from the "
                         "government was available to the module",
    "not-available": "no English wording of this side was available to the module",
}


@dataclass(frozen=True)
class Passage:
    words: str  # verbatim
    speaker: str = ""  # our words


@dataclass(frozen=True)
class Side:
    government: str  # "china" or "japan"
    author: str
    document: str
    date: datetime.date
    kind: str
    passages: tuple[Passage, ...]
    publisher: str
    published: datetime.date
    url: str
    note: str = ""
    unavailable: str = ""
    reported: str = ""

    @property
    def country(self) -> str:
        return GOVERNMENTS[self.government]

    @property
    def kind_text(self) -> str:
        return KINDS[self.kind]

    @property
    def available(self) -> bool:
        return self.kind != "not-available"


@dataclass(frozen=True)
class Reading:
    government: str
    reading: str
    publisher: str
    published: datetime.date
    url: str

    @property
    def country(self) -> str:
        return GOVERNMENTS[self.government]


@dataclass(frozen=True)
class ContestedText:
    id: str
    title: str
    date: datetime.date
    lesson: str
    events: tuple[str, ...]
    sides: tuple[Side, ...]  # China's, then Japan's
    differences: str
    later: tuple[Reading, ...]
    look_for: str = ""

    def side(self, government: str) -> Side:
        return next(s for s in self.sides if s.government == government)


def _day(text: str, fail, field: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        fail(field, f"'{text}' is not a real calendar date (expected YYYY-MM-DD)")
        raise  # fail always raises; this keeps type checkers content


def _side(raw: dict, index: int, fail) -> Side:
    where = f"sides[{index}]"
    available = raw["kind"] != "not-available"
    if available and "passages" not in raw:
        fail(f"{where}.passages", "is missing: quote the side's words exactly, or set kind "
             "to not-available and say why in 'unavailable'")
    if not available:
        if "passages" in raw:
            fail(f"{where}.passages", "must be left out when kind is not-available")
        for field in ("unavailable", "reported"):
            if field not in raw:
                fail(f"{where}.{field}", "is required when kind is not-available: say why "
                     "the wording is missing, and what the cited report says, in our words")
    else:
        for field in ("unavailable", "reported"):
            if field in raw:
                fail(f"{where}.{field}", "belongs only to a side whose kind is not-available")
    passages = tuple(Passage(p["words"].strip(), p.get("speaker", ""))
                     for p in raw.get("passages", []))
    return Side(raw["government"], raw["author"], raw["document"],
                _day(raw["date"], fail, f"{where}.date"), raw["kind"], passages,
                raw["publisher"], _day(raw["published"], fail, f"{where}.published"),
                raw["url"], raw.get("note", ""), raw.get("unavailable", ""),
                raw.get("reported", ""))


def _text(raw: dict, fail, known_events) -> ContestedText:
    governments = [s["government"] for s in raw["sides"]]
    if sorted(governments) != sorted(GOVERNMENTS):
        fail("sides", f"needs exactly one side for each government, china and japan "
             f"(found: {', '.join(governments)})")
    for index, event in enumerate(raw["events"]):
        if event not in known_events:
            fail(f"events[{index}]", f"unknown event '{event}' (ids are in events.csv)")
    sides = sorted((_side(s, i, fail) for i, s in enumerate(raw["sides"])),
                   key=lambda side: side.government)
    later = tuple(Reading(r["government"], r["reading"], r["publisher"],
                          _day(r["published"], fail, f"later[{i}].published"), r["url"])
                  for i, r in enumerate(raw["later"]))
    missing = [g for g in GOVERNMENTS if g not in {r.government for r in later}]
    if missing:
        fail("later", f"gives no later reading from {', '.join(missing)}: give at least one "
             "reading per government, so that both sides are heard")
    return ContestedText(raw["id"], raw["title"], _day(raw["date"], fail, "date"),
                         raw["lesson"], tuple(raw["events"]), tuple(sides),
                         " ".join(raw["differences"].split()), later,
                         raw.get("look_for", ""))


@cached
def _contested_texts() -> dict[str, ContestedText]:
    path = data_dir() / FILE
    items = read_yaml(path, "contested_texts.schema.json")["texts"]
    require_unique_ids(path, items)
    known_events = set(catalog.events().index)
    texts = {}
    for number, raw in enumerate(items, start=1):
        row = f"item {number} (id {raw['id']})"

        def fail(field: str, problem: str, row=row) -> None:
            raise DataError(path, problem, row=row, field=field)

        texts[raw["id"]] = _text(raw, fail, known_events)
    return texts


def contested_texts() -> dict[str, ContestedText]:
    """Every contested text, by id, in the file's order."""
    return dict(_contested_texts())


def contested_text_ids() -> list[str]:
    return list(_contested_texts())


def contested_text(text_id: str) -> ContestedText:
    """One contested text; an unknown id is a KeyError that lists the known ids."""
    texts = _contested_texts()
    if text_id not in texts:
        raise KeyError(f"no contested text '{text_id}'; known texts: {', '.join(texts)} "
                       f"(they are in data/{FILE})")
    return texts[text_id]
