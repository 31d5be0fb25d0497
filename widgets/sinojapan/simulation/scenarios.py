"""Crisis scenarios (data/scenarios/*.yaml): read, checked against their schema and
every rule of data/README.md (so that `sj.load_all()` is the whole check), and built
into Scenario objects (engine.py) with the events they cite. A new scenario needs only
a new file."""

from __future__ import annotations

import re
from collections.abc import Iterator

from sinojapan.content import catalog, dates
from sinojapan.content.files import DataError, cached, data_dir, read_yaml
from sinojapan.content.spelling import ADDRESS, BRITISH, american
from sinojapan.simulation.engine import EventFact, Fail, Scenario, ScenarioContext, build

# The sides every scenario is played from, and the country each one's role must name.
SIDES = {"tokyo": "Japan", "beijing": "China"}


# The islands: each side's path first names them by both names, as the lessons do.
NAME = re.compile(r"Senkaku|Diaoyu")
BOTH = re.compile(r"Senkaku/Diaoyu|Diaoyu/Senkaku")


def scenario_ids() -> list[str]:
    """The scenarios in data/scenarios/, by id (the file name without .yaml)."""
    return sorted(p.stem for p in (data_dir() / "scenarios").glob("*.yaml"))


@cached
def scenario_context() -> ScenarioContext:
    events = catalog.events()
    facts = {
        event_id: EventFact(event_id, f"{row['date']:%Y-%m-%d}",
                            dates.format_date(row["date"], row["date_precision"]),
                            str(row["title"]), tuple(row["sources"]), str(row["confidence"]))
        for event_id, row in events.iterrows()}
    return ScenarioContext(facts, dates.day_date)


@cached
def _load(scenario_id: str) -> Scenario:
    path = data_dir() / "scenarios" / f"{scenario_id}.yaml"
    if not path.is_file():
        raise DataError(path, f"no scenario '{scenario_id}'; scenarios: "
                        + ", ".join(scenario_ids()))
    raw = read_yaml(path, "scenario.schema.json")

    def fail(where: str, field: str, problem: str) -> None:
        raise DataError(path, problem, row=where, field=field)

    if raw["id"] != scenario_id:
        fail("top level", "id", f"the id '{raw['id']}' differs from the file name "
             f"'{scenario_id}.yaml'")
    if raw["essay_part"] not in catalog.essay_parts().index:
        fail("top level", "essay_part", f"unknown essay part '{raw['essay_part']}'")
    _check_sides(raw["sides"], fail)
    for node in raw["nodes"]:  # a real calendar day, before anything compares dates
        problem = dates.period(str(node["date"]), "day")
        if isinstance(problem, str):
            fail(f"node {node['id']}", "date", f"{problem}; give the day as YYYY-MM-DD")
    _check_reflection(raw.get("reflection", {}), fail)
    scenario = build(raw, scenario_context(), fail)
    _check_spelling(raw, fail)
    _check_naming(scenario, fail)
    return scenario


def _check_sides(sides: list[dict], fail: Fail) -> None:
    """Both governments, once each, and each side's role names its country."""
    ids = [side["id"] for side in sides]
    for side in sides:
        where = f"side {side['id']}"
        if side["id"] not in SIDES:
            fail(where, "id", f"unknown side '{side['id']}'; a scenario's sides are 'tokyo' "
                 "(Japan's government) and 'beijing' (China's government)")
        if ids.count(side["id"]) > 1:
            fail(where, "id", f"two sides share the id '{side['id']}'; keep one")
        if SIDES[side["id"]] not in side["role"]:
            fail(where, "role", f"the role does not name {SIDES[side['id']]}: say whose "
                 f"government the student advises (\"You advise {SIDES[side['id']]}'s "
                 "government, ...\")")
    for side_id in SIDES:
        if side_id not in ids:
            fail("top level", "sides", f"no side '{side_id}': every scenario is played from "
                 "both sides, 'tokyo' (Japan's government) and 'beijing' (China's "
                 "government); add it with its own nodes")


def _check_spelling(raw: dict, fail: Fail) -> None:
    """Every text of the file (addresses aside) is in American spelling."""
    for where, field, text in _texts(raw):
        match = BRITISH.search(ADDRESS.sub(" ", text))
        if match:
            fail(where, field, f"British spelling '{match.group(0)}': write "
                 f"'{american(match.group(0))}' (the course uses American spelling)")


def _texts(raw: dict) -> Iterator[tuple[str, str, str]]:
    """(where, field, text) for every string of a scenario file."""
    named = {"sides": "side", "recommendations": "recommendation", "nodes": "node"}
    for key, value in raw.items():
        if key in named:
            for item in value:
                where = f"{named[key]} {item['id']}"
                for field, text in _strings(item, ""):
                    yield where, field, text
                for choice in item.get("options", []):  # only nodes have options
                    for field, text in _strings(choice, ""):
                        yield f"{where}, option {choice['id']}", field, text
        elif isinstance(value, dict):  # the reflection, named by its key
            yield from ((key, field, text) for field, text in _strings(value, ""))
        else:
            yield from (("top level", field, text) for field, text in _strings(value, key))


def _strings(value, field: str) -> Iterator[tuple[str, str]]:
    """(field, text) for every string in `value` (options are read on their own)."""
    if isinstance(value, str):
        yield field, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key != "options":
                yield from _strings(item, f"{field}.{key}" if field else key)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, f"{field}[{i}]")


def _check_naming(scenario: Scenario, fail: Fail) -> None:
    """On each side's path (in the order a reader meets its nodes), the first naming of
    the islands is 'Senkaku/Diaoyu' or 'Diaoyu/Senkaku'; after that either name may stand."""
    for side in scenario.sides:
        for node, field in ((n, f) for n in scenario.side_nodes(side) for f in ("title", "text")):
            text = getattr(node, field)
            first = NAME.search(text)
            if first is None:
                continue
            if not any(m.start() <= first.start() < m.end() for m in BOTH.finditer(text)):
                fail(f"node {node.id}", field, f"side {side} first names the islands "
                     f"'{first.group(0)}': name them 'Senkaku/Diaoyu' (or 'Diaoyu/Senkaku') "
                     "the first time each side's path does; either name may stand after that")
            break


def _check_reflection(reflection: dict, fail) -> None:
    """The debrief's reflection may name the lesson question where it is saved."""
    if "bank" not in reflection:
        return
    from sinojapan.course.banks import quiz_bank

    try:
        question = quiz_bank(reflection["bank"]).question(reflection.get("question", ""))
    except (DataError, KeyError) as error:
        question, problem = None, str(error).strip('"')
    if question is None:
        fail("reflection", "question", problem)
    if question.GRADED:
        fail("reflection", "question", f"question '{question.id}' is graded; the debrief "
             "points to a reflection")


def load_scenario(scenario_id: str) -> Scenario:
    """A scenario, validated (raises DataError naming the file, the node and the field)."""
    return _load(str(scenario_id))
