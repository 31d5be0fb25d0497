"""A crisis scenario as data: its sides, decision points, options and endings; the checks
that make it playable; and walking it. Pure, like question_types: no files, no widgets.

A scenario (data/scenarios/<id>.yaml, read by scenarios.py) has sides (the
government the student advises), each with a first node. A node is a decision point
(2-4 options, exactly one of them what the government actually did) or an ending. Each
option leads to a next node of the same side. `build` checks that every decision can
reach an ending (no dead end, no cycle without an exit), every node is reachable, dates
never go backward along a path, every side has as many decision points as the others,
and every event cited exists and was known by the node's date; `walk` replays a path of
chosen option ids.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

MIN_OPTIONS, MAX_OPTIONS = 2, 4
ESSAY_PARAGRAPHS = 16  # the essay's body paragraphs as essay_parts.yaml counts them

Fail = Callable[[str, str, str], None]  # fail(where, field, problem) raises


class PathError(ValueError):
    """A saved path that no longer fits the scenario (it changed since)."""


@dataclass(frozen=True)
class EventFact:
    """What a node shows of an event in events.csv."""
    id: str
    date: str  # YYYY-MM-DD (or the first day of a month or year)
    label: str  # the date as pages write it
    title: str
    sources: tuple[str, ...]
    confidence: str


@dataclass(frozen=True)
class ScenarioContext:
    events: dict[str, EventFact]
    day_label: Callable[[str], str]  # "2010-09-07" -> "7 Sep 2010"


@dataclass(frozen=True)
class Option:
    id: str
    text: str
    next: str
    historical: bool
    consequence: str
    paragraphs: tuple[int, ...] = ()
    events: tuple[str, ...] = ()


@dataclass(frozen=True)
class Node:
    id: str
    side: str
    date: str
    date_label: str
    title: str
    text: str  # a decision's situation, or an ending's outcome
    known: tuple[str, ...] = ()  # events known by `date`
    options: tuple[Option, ...] = ()
    actual: str = ""  # what the government actually did here
    actual_events: tuple[str, ...] = ()
    lessons: dict[str, str] = field(default_factory=dict)  # recommendation id -> how
    ending: bool = False
    historical: bool = False  # an ending: whether it is where the record went

    def option(self, option_id: str) -> Option:
        for option in self.options:
            if option.id == option_id:
                return option
        raise PathError(f"node '{self.id}' has no option '{option_id}'")

    def historical_option(self) -> Option:
        return next(o for o in self.options if o.historical)


@dataclass(frozen=True)
class Side:
    id: str
    label: str
    role: str
    start: str


@dataclass(frozen=True)
class Recommendation:
    id: str
    title: str
    paragraphs: tuple[int, ...]
    summary: str


@dataclass(frozen=True)
class Step:
    """One node of a path, with the option chosen there (None at an ending)."""
    node: Node
    option: Option | None


@dataclass
class Scenario:
    id: str
    title: str
    period: str
    intro: str
    essay_part: str
    sides: dict[str, Side]
    recommendations: dict[str, Recommendation]
    nodes: dict[str, Node]
    events: dict[str, EventFact]
    reflection: dict = field(default_factory=dict)  # prompt, and where it is saved

    def __len__(self) -> int:
        """How many nodes (decisions and endings) the scenario has, like a bank's length."""
        return len(self.nodes)

    def node(self, node_id: str) -> Node:
        if node_id not in self.nodes:
            raise PathError(f"scenario '{self.id}' has no node '{node_id}'")
        return self.nodes[node_id]

    def side(self, side_id: str) -> Side:
        if side_id not in self.sides:
            raise PathError(f"scenario '{self.id}' has no side '{side_id}'; its sides are: "
                            + ", ".join(self.sides))
        return self.sides[side_id]

    def side_nodes(self, side_id: str) -> list[Node]:
        """The side's nodes, in the order a reader meets them (breadth first)."""
        return [self.nodes[n] for n in reachable(self, [self.side(side_id).start])]


# ------------------------------------------------------------------ walking

def walk(scenario: Scenario, side_id: str, choices: list[str]) -> list[Step]:
    """The steps of a path: each chosen option at its node, then the node reached (with
    no option: the next decision, or an ending). Raises PathError if a choice does not fit."""
    node = scenario.node(scenario.side(side_id).start)
    steps = []
    for choice in choices:
        if node.ending:
            raise PathError(f"the path goes on after the ending '{node.id}'")
        option = node.option(choice)
        steps.append(Step(node, option))
        node = scenario.node(option.next)
    steps.append(Step(node, None))
    return steps


def historical_choices(scenario: Scenario, side_id: str) -> list[str]:
    """The options the government actually took, from the side's first node to its end."""
    node, choices = scenario.node(scenario.side(side_id).start), []
    while not node.ending and len(choices) <= len(scenario.nodes):
        option = node.historical_option()
        choices.append(option.id)
        node = scenario.node(option.next)
    return choices


def reachable(scenario: Scenario, starts: list[str]) -> list[str]:
    """Node ids reachable from `starts` (known nodes only), breadth first."""
    order, queue = [], [s for s in starts if s in scenario.nodes]
    while queue:
        node_id = queue.pop(0)
        if node_id in order:
            continue
        order.append(node_id)
        queue += [o.next for o in scenario.nodes[node_id].options if o.next in scenario.nodes]
    return order


# ------------------------------------------------------------------ building and checking

def build(raw: dict, context: ScenarioContext, fail: Fail) -> Scenario:
    """A Scenario from a file's content (already checked against its JSON Schema);
    `fail(where, field, problem)` raises with the file named."""
    sides = {s["id"]: Side(s["id"], s["label"], s["role"], s["start"]) for s in raw["sides"]}
    recommendations = {r["id"]: Recommendation(r["id"], r["title"], tuple(r["paragraphs"]),
                                               r["summary"])
                       for r in raw["recommendations"]}
    nodes: dict[str, Node] = {}
    for item in raw["nodes"]:
        where = f"node {item['id']}"
        if item["id"] in nodes:
            fail(where, "id", f"duplicate node id '{item['id']}'")
        nodes[item["id"]] = _node(item, sides, recommendations, context, fail)
    scenario = Scenario(raw["id"], raw["title"], raw["period"], raw["intro"],
                        raw["essay_part"], sides, recommendations, nodes, context.events,
                        raw.get("reflection", {}))
    check_graph(scenario, fail)
    check_balance(scenario, fail)
    return scenario


def _cited(ids, where: str, name: str, context: ScenarioContext, fail: Fail,
           by: str | None = None) -> tuple[str, ...]:
    for event_id in ids:
        if event_id not in context.events:
            fail(where, name, f"cites event '{event_id}', which is not in events.csv")
        if by is not None and context.events[event_id].date > by:
            fail(where, name, f"event '{event_id}' ({context.events[event_id].label}) was not "
                 f"known yet on {context.day_label(by)}, the node's date")
    return tuple(ids)


def _node(item: dict, sides: dict, recommendations: dict, context: ScenarioContext,
          fail: Fail) -> Node:
    where = f"node {item['id']}"
    if item["side"] not in sides:
        fail(where, "side", f"unknown side '{item['side']}' (sides: {', '.join(sides)})")
    known = _cited(item.get("known", []), where, "known", context, fail, by=item["date"])
    options = tuple(_option(raw, where, context, fail) for raw in item.get("options", []))
    ending = bool(item.get("ending"))
    if ending and options:
        fail(where, "options", "an ending has no options")
    if not ending and not options:
        fail(where, "options", "dead end: the node has no options and is not marked "
             "'ending: true'")
    if not ending:
        if not MIN_OPTIONS <= len(options) <= MAX_OPTIONS:
            fail(where, "options", f"{len(options)} options; a decision offers "
                 f"{MIN_OPTIONS} to {MAX_OPTIONS}")
        if sum(o.historical for o in options) != 1:
            fail(where, "options", "exactly one option must be marked 'historical: true' "
                 "(what the government actually did)")
        if not item.get("actual"):
            fail(where, "actual", "a decision must say what the government actually did")
        seen = [o.id for o in options]
        if len(set(seen)) != len(seen):
            fail(where, "options", f"two options share an id ({', '.join(seen)})")
    for rec_id in item.get("lessons", {}):
        if rec_id not in recommendations:
            fail(where, "lessons", f"unknown recommendation '{rec_id}' (known: "
                 f"{', '.join(recommendations)})")
    return Node(item["id"], item["side"], item["date"], context.day_label(item["date"]),
                item["title"], item["text"], known, options, item.get("actual", ""),
                _cited(item.get("actual_events", []), where, "actual_events", context, fail),
                dict(item.get("lessons", {})), ending, bool(item.get("historical")))


def _option(raw: dict, where: str, context: ScenarioContext, fail: Fail) -> Option:
    place = f"{where}, option {raw['id']}"
    paragraphs = tuple(raw.get("paragraphs", []))
    for number in paragraphs:
        if not 1 <= number <= ESSAY_PARAGRAPHS:
            fail(place, "paragraphs", f"the essay has paragraphs 1 to {ESSAY_PARAGRAPHS}, "
                 f"not {number}")
    if not raw.get("historical") and not paragraphs:
        fail(place, "paragraphs", "an option that did not happen is a hypothesis: name the "
             "essay paragraphs it is argued from")
    return Option(raw["id"], raw["text"], raw["next"], bool(raw.get("historical")),
                  raw["consequence"], paragraphs,
                  _cited(raw.get("events", []), place, "events", context, fail))


def check_graph(scenario: Scenario, fail: Fail) -> None:
    """Every next and start names a node of its side; from every node an ending can be
    reached (a cycle with no exit is reported as such, even where it also leaves nodes
    unreachable); every node is reachable; dates never go backward along a path; the
    record's path ends at the historical ending."""
    _check_links(scenario, fail)
    trapped = _cannot_end(scenario)
    if trapped:
        cycle = _a_cycle(scenario, trapped)
        fail(f"node {cycle[0]}", "options", "cycle with no exit: "
             + " -> ".join([*cycle, cycle[0]]) + " never reaches an ending; give one of "
             "these nodes an option that leads out of the loop to an ending")
    found = set(reachable(scenario, [s.start for s in scenario.sides.values()]))
    for node_id in scenario.nodes:
        if node_id not in found:
            fail(f"node {node_id}", "id", "unreachable node: no side's path leads to it")
    check_dates(scenario, fail)
    for side in scenario.sides.values():
        end = walk(scenario, side.id, historical_choices(scenario, side.id))[-1].node
        if not end.historical:
            fail(f"side {side.id}", "start", "following the historical options does not "
                 f"reach an ending marked 'historical: true' (it reaches '{end.id}')")


def _check_links(scenario: Scenario, fail: Fail) -> None:
    """Every start and every next names a node of the same side."""
    for side in scenario.sides.values():
        if side.start not in scenario.nodes:
            fail(f"side {side.id}", "start", f"unknown node '{side.start}'")
        if scenario.nodes[side.start].side != side.id:
            fail(f"side {side.id}", "start", f"node '{side.start}' belongs to side "
                 f"'{scenario.nodes[side.start].side}'")
    for node in scenario.nodes.values():
        for option in node.options:
            place = f"node {node.id}, option {option.id}"
            if option.next not in scenario.nodes:
                fail(place, "next", f"unknown node '{option.next}'")
            if scenario.nodes[option.next].side != node.side:
                fail(place, "next", f"node '{option.next}' belongs to another side "
                     f"('{scenario.nodes[option.next].side}')")


def check_dates(scenario: Scenario, fail: Fail) -> None:
    """Dates move forward (or stay) along every path: each node, ending or decision, is
    dated on or after every node with an option leading to it."""
    for node in scenario.nodes.values():
        for option in node.options:
            later = scenario.nodes[option.next]
            if later.date < node.date:
                fail(f"node {later.id}", "date", f"'{later.date}' is before '{node.date}', "
                     f"the date of node {node.id}, whose option '{option.id}' leads here; "
                     f"dates never go backward along a path: date this node on or after "
                     f"'{node.date}'")


def check_balance(scenario: Scenario, fail: Fail) -> None:
    """Every side has the same number of decision points (nodes with options), counted
    over all of the side's nodes, so that no government is played in less depth."""
    counts = {side: sum(1 for n in scenario.nodes.values() if n.side == side and n.options)
              for side in scenario.sides}
    most = max(counts, key=counts.get)
    for side, count in counts.items():
        if count != counts[most]:
            fail(f"side {side}", "nodes", f"{count} decision point{'s' * (count != 1)}, but "
                 f"side {most} has {counts[most]}; every side needs the same number of "
                 f"decision points (nodes with options): add to side {side} or take from "
                 f"side {most}")


def _cannot_end(scenario: Scenario) -> set[str]:
    """Nodes from which no ending can be reached."""
    can_end = {n.id for n in scenario.nodes.values() if n.ending}
    changed = True
    while changed:
        changed = False
        for node in scenario.nodes.values():
            if node.id not in can_end and any(o.next in can_end for o in node.options):
                can_end.add(node.id)
                changed = True
    return set(scenario.nodes) - can_end


def _a_cycle(scenario: Scenario, trapped: set[str]) -> list[str]:
    """A cycle among `trapped` nodes (each has options, all leading to trapped nodes, so
    following first options from any of them must come back round)."""
    trail = [min(trapped)]
    while True:
        following = next(o.next for o in scenario.nodes[trail[-1]].options
                         if o.next in trapped)
        if following in trail:
            return trail[trail.index(following):]
        trail.append(following)
