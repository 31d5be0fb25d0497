"""Crisis scenarios (data/scenarios/*.yaml): read, checked against their schema, and
built into Scenario objects (scenario_engine.py) with the events they cite. A new
scenario needs only a new file."""

from __future__ import annotations

from sinojapan.content import catalog, dates
from sinojapan.content.files import DataError, cached, data_dir, read_yaml
from sinojapan.simulation.engine import EventFact, Scenario, ScenarioContext, build


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
    _check_reflection(raw.get("reflection", {}), fail)
    return build(raw, scenario_context(), fail)


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
