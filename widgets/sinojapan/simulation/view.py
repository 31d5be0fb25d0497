"""The crisis simulation as one component: choose a side, decide at each point, read what
the government actually did and what your choice might have led to, then the debrief.

    sj.scenario("2010-trawler")

The path is saved in the progress file at every decision (progress/store.py, beside the quiz
answers) and replayed when the cell runs again, after a kernel restart too; "Start over"
keeps the earlier run in the record's history. What a student sees is the component's
`state` (components/scenario.js draws it), so tests play it headless with `choose_side`
and `decide`, or with `widget.act("decide", option=...)` as the browser does, and read
`widget.state`. Exported as a static page, it shows the whole decision tree as an outline.
"""

from __future__ import annotations

import html
import random

from sinojapan.components.base import Component
from sinojapan.pictures.display import show_interactive, widget_bundle
from sinojapan.progress.store import Progress, ProgressError
from sinojapan.quizzes.feedback import feedback_html
from sinojapan.simulation.engine import Node, Option, PathError, Step, walk
from sinojapan.simulation.pages import (
    HYPOTHESIS,
    debrief_html,
    node_html,
    outcome_html,
    outline_html,
)
from sinojapan.simulation.scenarios import load_scenario


def shown_options(scenario_id: str, node) -> list[tuple[str, str]]:
    """A node's options as (text, id), in a fixed order of their own that does not give
    away which one the government took."""
    options = [(o.text, o.id) for o in node.options]
    random.Random(f"{scenario_id}/{node.id}").shuffle(options)
    return options


def outcome_text(node: Node, option: Option) -> str:
    """An outcome in words, for the announcement after Decide (the page shows it whole)."""
    yours = ("Your choice is what the government did." if option.historical
             else HYPOTHESIS)
    return (f"You chose: {option.text} What the government actually did: {node.actual} "
            f"{yours} {option.consequence}")


class ScenarioBoard(Component):
    """The simulation's one model: the browser sends `side` ({"side": id}), `decide`
    ({"option": id}, the option checked when Decide or Enter was pressed) and `restart`."""

    SCRIPT = "scenario.js"
    STYLE = "scenario.css"


class ScenarioView:
    """A scenario to play: a side, the decisions so far with their outcomes, the current
    decision, and the debrief at an ending."""

    def __init__(self, scenario_id: str, progress: Progress | None = None):
        self.scenario = load_scenario(scenario_id)
        self.progress = progress or Progress()
        self.side: str | None = None
        self.path: list[str] = []
        self.message = ""  # what the status line shows (a problem, a notice)
        self.said = 0  # counts messages, so the same one said twice is announced twice
        self.announce = ""  # what screen readers hear after a side or a decision
        self.widget = ScenarioBoard(classes=f"sj-scenario sj-scenario-{self.scenario.id}")
        self.widget.on("side", lambda message: self._browser_side(message.get("side")))
        self.widget.on("decide", lambda message: self._browser_decide(message.get("option")))
        self.widget.on("restart", lambda _message: self.start_over())
        self.restore()

    # -- state
    @property
    def steps(self) -> list[Step]:
        return walk(self.scenario, self.side, self.path) if self.side else []

    @property
    def finished(self) -> bool:
        return bool(self.side) and self.steps[-1].node.ending

    def restore(self) -> None:
        """Show the saved run, if any; a path that no longer fits is kept in history."""
        record = self.progress.scenario_run(self.scenario.id) or {}
        side, path = record.get("side"), list(record.get("path", []))
        if side and not isinstance(side, str):  # store.salvage refuses one; never crash
            side = None
        if side:
            try:
                walk(self.scenario, side, path)
            except PathError:
                self._save(self.progress.start_scenario_over, self.scenario.id)
                self._say(feedback_html(
                    "partial", "Your saved path no longer fits this simulation,",
                    "which has changed since you played it. It is kept in your record; "
                    "start again."))
                side, path = None, []
        self.side, self.path = side, path
        self.message += self._notices()
        self._show()

    def _say(self, message: str, again: bool = True) -> None:
        """Show `message`; said `again` even when it is the one already shown (Decide
        pressed twice with nothing chosen), else only when it is new."""
        if again or message != self.message:
            self.said += 1
        self.message = message

    def _save(self, action, *args) -> bool:
        try:
            action(*args)
        except ProgressError as problem:
            self._say(feedback_html("partial", "Not saved:", str(problem)))
            return False
        return True

    def _save_run(self) -> None:
        if self._save(self.progress.save_scenario_run, self.scenario.id, self.side,
                      self.path, self.finished):
            self._say(self._notices(), again=False)  # a notice kept is not said again
        else:
            self.message += self._notices()

    def _notices(self) -> str:
        return (feedback_html("partial", "About your saved progress:",
                              " ".join(self.progress.notices)) if self.progress.notices
                else "")

    # -- what the student does
    def _browser_side(self, side_id) -> None:
        if isinstance(side_id, str) and side_id in self.scenario.sides:
            self.choose_side(side_id)  # anything else is from an older page: ignored

    def choose_side(self, side_id: str) -> None:
        """Start advising `side_id` (only before the first decision of a run)."""
        if self.side:
            return
        side = self.scenario.side(side_id)  # an unknown side raises PathError, naming them
        self.side, self.path = side_id, []
        self._save_run()
        first = self.steps[-1].node
        self.announce = (f"You advise {side.label}. Decision 1, {first.date_label}: "
                         f"{first.title}.")
        self._show()

    def _browser_decide(self, option_id) -> None:
        node = self.steps[-1].node if self.side else None
        if option_id is not None and (node is None or not isinstance(option_id, str) or
                                      option_id not in {o.id for o in node.options}):
            return  # an option of a step already passed (an older page): nothing to take
        self.decide(option_id)

    def decide(self, option_id: str | None = None) -> str | None:
        """Take the option `option_id` at the current step (what Decide sends); returns
        the outcome shown, or None when there is nothing to decide or nothing chosen."""
        if not self.side or self.finished:
            return None
        if option_id is None:
            self._say(feedback_html("info", "Choose an option first,", "then press Decide."))
            self._show()
            return None
        node = self.steps[-1].node
        option = node.option(option_id)  # one that is not offered here raises PathError
        self.path.append(option.id)
        self._save_run()
        after = self.steps[-1].node
        self.announce = outcome_text(node, option) + (
            f" The simulation has ended: {after.title}. Your debrief follows."
            if after.ending else
            f" Next, decision {len(self.path) + 1}, {after.date_label}: {after.title}.")
        self._show()
        return outcome_html(self.scenario, node, option)

    def start_over(self) -> None:
        """Clear the run on screen and in the record; the run so far stays in its history."""
        if not self._save(self.progress.start_scenario_over, self.scenario.id):
            self._show()
            return
        self.side, self.path = None, []
        self._say(self._notices(), again=False)
        self.announce = "Started over: choose the government you advise."
        self._show()

    # -- what the student sees
    def state(self) -> dict:
        """What the component draws: the intro and sides, the decisions so far with their
        outcomes (`log`), the current decision or ending, its options, the debrief."""
        sides = [{"id": s.id, "label": f"Advise {s.label}", "role": s.role}
                 for s in self.scenario.sides.values()]
        state = {"intro": (f"<h3>{html.escape(self.scenario.title)}</h3>"
                           f"<p>{html.escape(self.scenario.intro)}</p>"),
                 "sides": sides, "side": self.side, "steps": len(self.path),
                 "message": self.message, "said": self.said, "announce": self.announce,
                 "log": "", "current": "", "node": None, "legend": "", "options": [],
                 "finished": False, "debrief": ""}
        if not self.side:
            return state
        steps = self.steps
        side = self.scenario.sides[self.side]
        last = steps[-1].node
        state |= {"node": last.id, "finished": last.ending,
                  "log": (f"<p><strong>You advise {html.escape(side.label)}.</strong> "
                          f"{html.escape(side.role)}</p>"
                          + "".join(node_html(self.scenario, s.node, number)
                                    + outcome_html(self.scenario, s.node, s.option)
                                    for number, s in enumerate(steps[:-1], start=1))),
                  "current": node_html(self.scenario, last, len(steps))}
        if last.ending:
            state["debrief"] = debrief_html(self.scenario, self.side, self.path)
        else:
            state["legend"] = f"Decision {len(steps)}: what do you advise?"
            state["options"] = [{"id": option_id, "text": text} for text, option_id
                                in shown_options(self.scenario.id, last)]
        return state

    def _show(self) -> None:
        self.widget.state = self.state()

    # -- output
    def static_html(self) -> str:
        return outline_html(self.scenario)

    def _repr_mimebundle_(self, **kwargs):
        return widget_bundle(self.widget, self.static_html(),
                             f"Simulation: {self.scenario.title}")

    def _ipython_display_(self) -> None:
        show_interactive(self._repr_mimebundle_())


def scenario(scenario_id: str, *, progress: Progress | None = None) -> ScenarioView:
    """A crisis simulation to play, e.g. `scenario("2010-trawler")`."""
    return ScenarioView(str(scenario_id), progress=progress)
