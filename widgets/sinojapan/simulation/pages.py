"""What a scenario shows, as escaped HTML: a decision point with what was known then, the
outcome of a choice (the record, and a hypothesis for what did not happen), an ending,
the debrief (the student's path beside the record, and where the essay's
recommendations bear on each step), and the whole tree as a static outline. Pure: no
files, no widgets."""

from __future__ import annotations

from datetime import date

from sinojapan.content.catalog import source_parts
from sinojapan.content.html_pages import table
from sinojapan.content.html_text import esc, markup_list
from sinojapan.simulation.engine import Node, Option, Scenario, Step, historical_choices, walk

HYPOTHESIS = "Hypothesis: this did not happen."
BOX = ("border-left: 4px solid var(--jp-brand-color1, #0072B2); padding: 4px 10px; "
       "margin: 6px 0; background: var(--jp-layout-color2, #f4f6f8); "
       "color: var(--jp-ui-font-color1, #1a1a1a);")
RECORD_COLOUR, YOURS_COLOUR = "#0072B2", "#D55E00"  # Okabe-Ito blue and vermilion


def source_link(source: str) -> str:
    address, rest = source_parts(source)
    if address is None:
        return esc(rest)
    return (f'<a href="{esc(address)}" target="_blank" rel="noopener noreferrer">'
            f"{esc(address)}</a>{esc(rest)}")


def event_items(scenario: Scenario, event_ids) -> str:
    """Events as a list: date, title, confidence when not high, and sources as links."""
    items = []
    for event_id in event_ids:
        fact = scenario.events[event_id]
        caution = f" ({fact.confidence} confidence)" if fact.confidence != "high" else ""
        sources = "; ".join(source_link(s) for s in fact.sources)
        items.append(f"<strong>{esc(fact.label)}</strong>: {esc(fact.title)}{esc(caution)}"
                     f'<br><small>Sources: {sources}</small>')
    return markup_list(items)


def paragraphs_text(numbers) -> str:
    numbers = list(numbers)
    if not numbers:
        return ""
    return ("paragraph " if len(numbers) == 1 else "paragraphs ") + ", ".join(map(str, numbers))


def node_html(scenario: Scenario, node: Node, number: int | None = None) -> str:
    """A decision point (or an ending) as the student meets it."""
    if node.ending:
        return ending_html(node)
    label = f"Decision {number}: " if number else ""
    known = event_items(scenario, node.known)
    return (f'<div class="sj-node" data-node="{esc(node.id)}">'
            f"<h4>{esc(label)}{esc(node.date_label)}, {esc(node.title)}</h4>"
            f"<p>{esc(node.text)}</p>"
            + (f"<p><strong>What was known on {esc(node.date_label)}</strong> (from this "
               f"module's chronology):</p>{known}" if known else "")
            + "</div>")


def outcome_html(scenario: Scenario, node: Node, option: Option) -> str:
    """After a choice: what the student chose, what the government actually did, and
    the consequence of the choice (the record, or a hypothesis)."""
    actual = event_items(scenario, node.actual_events)
    if option.historical:
        yours = (f"<p><strong>Your choice is what the government did.</strong> What followed, "
                 f"from the record: {esc(option.consequence)}</p>")
    else:
        basis = paragraphs_text(option.paragraphs)
        yours = (f'<p><strong class="sj-hypothesis">{esc(HYPOTHESIS)}</strong> '
                 f"{esc(option.consequence)} <em>(Argued from the essay, {esc(basis)}, and "
                 "the record; not a fact.)</em></p>")
    return (f'<div class="sj-outcome" style="{BOX}">'
            f"<p><strong>You chose:</strong> {esc(option.text)}</p>"
            f"<p><strong>What the government actually did:</strong> {esc(node.actual)}</p>"
            f"{actual}{yours}"
            + event_items(scenario, option.events) + "</div>")


def ending_html(node: Node) -> str:
    kind = ("Where the record went" if node.historical
            else "Where your path ends (a hypothesis, not a fact)")
    return (f'<div class="sj-ending" data-node="{esc(node.id)}" style="{BOX}">'
            f"<h4>{esc(kind)}: {esc(node.title)}</h4><p>{esc(node.text)}</p></div>")


# ------------------------------------------------------------------ the debrief

def _lane(steps: list[Step], y: int, colour: str, x_of, record: set[str]) -> str:
    marks = []
    decisions = [s for s in steps if s.option is not None]
    for number, step in enumerate(decisions, start=1):
        x = x_of(step.node.date)
        same = step.option.id in record
        fill = colour if same else "white"
        marks.append(f'<circle cx="{x:.0f}" cy="{y}" r="9" fill="{fill}" stroke="{colour}" '
                     f'stroke-width="3"><title>{esc(step.node.date_label)}: '
                     f"{esc(step.option.text)}</title></circle>"
                     f'<text x="{x:.0f}" y="{y - 14}" text-anchor="middle" '
                     f'font-size="12">{number}</text>')
    return "".join(marks)


# The debrief's time axis inside its 640-wide frame: a date's label (up to "30 Sep 2010",
# some 70 units at font size 11) is centered on its date, so the last date sits far
# enough in for its label to end before the frame does.
AXIS_LEFT, AXIS_RIGHT, FRAME_WIDTH = 150, 555, 640


def path_svg(scenario: Scenario, record: list[Step], yours: list[Step]) -> str:
    """Two lanes on one time axis: the record's decisions and the student's (a hollow
    mark is a choice the government did not make)."""
    days = [date.fromisoformat(s.node.date) for s in record + yours]
    first, last = min(days), max(days)
    span = max((last - first).days, 1)

    def x_of(text: str) -> float:  # the last date's label, centered, ends inside the frame
        return AXIS_LEFT + (AXIS_RIGHT - AXIS_LEFT) * (date.fromisoformat(text) - first).days / span

    taken = {s.option.id for s in record if s.option}
    label = (f"Timeline of {len([s for s in yours if s.option])} decisions on your path "
             f"and {len([s for s in record if s.option])} in the record, from "
             f"{record[0].node.date_label} to {record[-1].node.date_label}; the table below "
             "gives the same in words.")
    # Dates a day apart would overprint: alternate the labels between two rows.
    axis = "".join(f'<text x="{x_of(s.node.date):.0f}" y="{128 + 16 * (i % 2)}" '
                   f'text-anchor="middle" font-size="11">{esc(s.node.date_label)}</text>'
                   for i, s in enumerate(s for s in record if s.option))
    return (f'<svg class="sj-path-timeline" role="img" aria-label="{esc(label)}" '
            f'viewBox="0 0 {FRAME_WIDTH} 150" width="100%" style="max-width: 44em">'
            f'<text x="0" y="49" font-size="13" fill="{RECORD_COLOUR}">The record</text>'
            f'<text x="0" y="104" font-size="13" fill="{YOURS_COLOUR}">Your path</text>'
            '<line x1="140" y1="45" x2="620" y2="45" stroke="#999"/>'
            '<line x1="140" y1="100" x2="620" y2="100" stroke="#999"/>'
            + _lane(record, 45, RECORD_COLOUR, x_of, taken)
            + _lane(yours, 100, YOURS_COLOUR, x_of, taken) + axis + "</svg>")


def debrief_html(scenario: Scenario, side_id: str, choices: list[str]) -> str:
    """The student's path beside the record, where the essay's recommendations bear on
    each step of the record, and the reflection to write."""
    yours, record = walk(scenario, side_id, choices), walk(
        scenario, side_id, historical_choices(scenario, side_id))
    rows = [(s.node.date_label, s.node.title, s.option.text,
             "the same" if s.option.historical else s.node.historical_option().text)
            for s in yours if s.option]
    same = sum(s.option.historical for s in yours if s.option)
    end = yours[-1].node
    lessons = []
    for step in record:
        for rec_id, how in step.node.lessons.items():
            rec = scenario.recommendations[rec_id]
            lessons.append(f"<strong>{esc(step.node.date_label)}, {esc(step.node.title)}"
                           f"</strong>: {esc(rec.title)} ({esc(paragraphs_text(rec.paragraphs))})"
                           f". {esc(how)}")
    reflection = scenario.reflection
    where = (" Write it in the reflection question of the quiz below, where it is saved."
             if reflection.get("question") else "")
    return (f'<div class="sj-debrief"><h4>Debrief: your path beside the record</h4>'
            f"<p>You made {len(rows)} decision{'s' if len(rows) != 1 else ''}; {same} "
            f"matched what the government did. Your path ended at: {esc(end.title)}.</p>"
            + path_svg(scenario, record, yours)
            + table(["Date", "Decision", "Your choice", "What the government did"], rows,
                    caption="Your path and the record, step by step")
            + "<p><strong>Where the essay's recommendations bear on the record</strong> "
              "(our reading of paragraphs 13 and 14, not the essay's own application):</p>"
            + markup_list(lessons)
            + (f"<p><strong>Reflect:</strong> {esc(reflection.get('prompt', ''))}{where}</p>"
               if reflection.get("prompt") else "")
            + "</div>")


# ------------------------------------------------------------------ the static outline

def outline_html(scenario: Scenario) -> str:
    """Every side's whole decision tree as a readable outline: each node with what was
    known, its options, what each leads to, and what the government actually did."""
    parts = [f'<div class="sj-static-scenario"><h3>{esc(scenario.title)}</h3>'
             f"<p>{esc(scenario.intro)}</p><p><em>This is the static version of the "
             "simulation: run the notebook in JupyterLab to play it and save your path."
             "</em></p>"]
    for side in scenario.sides.values():
        parts.append(f"<h4>Advising {esc(side.label)}</h4><p>{esc(side.role)}</p>")
        items = [_outline_node(scenario, node) for node in scenario.side_nodes(side.id)]
        parts.append(markup_list(items))
    return "".join(parts) + "</div>"


def _outline_node(scenario: Scenario, node: Node) -> str:
    anchor = f'id="sj-{esc(scenario.id)}-{esc(node.id)}"'
    if node.ending:
        kind = "Ending (the record)" if node.historical else "Ending (a hypothesis)"
        return f"<p {anchor}><strong>{esc(kind)}: {esc(node.title)}.</strong> {esc(node.text)}</p>"
    options = []
    for option in node.options:
        target = scenario.nodes[option.next]
        label = "what the government did" if option.historical else HYPOTHESIS
        options.append(f"{esc(option.text)} <em>({esc(label)})</em> {esc(option.consequence)}"
                       f' Leads to: <a href="#sj-{esc(scenario.id)}-{esc(target.id)}">'
                       f"{esc(target.title)}</a>.")
    return (f"<p {anchor}><strong>{esc(node.date_label)}, {esc(node.title)}.</strong> "
            f"{esc(node.text)}</p>"
            + (f"<p>Known then:</p>{event_items(scenario, node.known)}" if node.known else "")
            + f"<p>Options:</p>{markup_list(options)}"
            f"<p>What the government actually did: {esc(node.actual)}</p>")
