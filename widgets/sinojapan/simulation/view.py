"""The crisis simulation as widgets: choose a side, decide at each point, read what the
government actually did and what your choice might have led to, then the debrief.

    sj.scenario("2010-trawler")

The path is saved in the progress file at every decision (progress/store.py, beside the quiz
answers) and replayed when the cell runs again, after a kernel restart too; "Start over"
keeps the earlier run in the record's history. What a student sees is kept in HTML
widgets' values, so tests can play it headless with `choose_side` and `decide`. Exported
as a static page, it shows the whole decision tree as an outline.
"""

from __future__ import annotations

import html
import random

import ipywidgets as widgets

from sinojapan.pictures.display import KEYBOARD_CSS, show_interactive, widget_bundle
from sinojapan.progress.store import Progress, ProgressError
from sinojapan.quizzes.feedback import feedback_html
from sinojapan.simulation.engine import PathError, Step, walk
from sinojapan.simulation.pages import debrief_html, node_html, outcome_html, outline_html
from sinojapan.simulation.scenarios import load_scenario

# Long option labels wrap beside their radio button (ipywidgets sets one-line labels).
SCENARIO_CSS = """<style>
.sj-scenario .widget-radio-box label { white-space: normal; height: auto; line-height: 1.4;
  display: flex; flex-direction: row-reverse; justify-content: flex-end;
  align-items: flex-start; gap: 0.4em; margin-bottom: 0.4em; }
.sj-scenario .widget-radio-box input { margin-top: 0.25em; }
.sj-scenario .widget-radio-box { height: auto; }
.sj-scenario .widget-html-content { line-height: 1.45; }
</style>"""


def shown_options(scenario_id: str, node) -> list[tuple[str, str]]:
    """A node's options as (text, id), in a fixed order of their own that does not give
    away which one the government took."""
    options = [(o.text, o.id) for o in node.options]
    random.Random(f"{scenario_id}/{node.id}").shuffle(options)
    return options


class ScenarioView:
    """A scenario to play: a side, the decisions so far with their outcomes, the current
    decision, and the debrief at an ending."""

    def __init__(self, scenario_id: str, progress: Progress | None = None):
        self.scenario = load_scenario(scenario_id)
        self.progress = progress or Progress()
        self.side: str | None = None
        self.path: list[str] = []
        sides = list(self.scenario.sides.values())
        self.side_buttons = widgets.ToggleButtons(
            options=[(f"Advise {s.label}", s.id) for s in sides], value=None,
            tooltips=[s.role for s in sides], style={"button_width": "auto"})
        self.side_buttons.observe(self._side_chosen, names="value")
        self.log = widgets.HTML()  # the decisions made, each with its outcome
        self.current = widgets.HTML()  # the decision to make now, or the ending
        self.options = widgets.RadioButtons(options=[], value=None,
                                            layout=widgets.Layout(width="auto"))
        self.decide_button = widgets.Button(description="Decide", button_style="primary",
                                            icon="check", tooltip="Take the chosen option")
        self.restart_button = widgets.Button(description="Start over", icon="undo",
                                             tooltip="Play again from the start; your "
                                                     "earlier path stays in your record")
        self.decide_button.on_click(lambda _: self.decide())
        self.restart_button.on_click(lambda _: self.start_over())
        self.message = widgets.HTML()
        self.debrief = widgets.HTML()
        intro = (f"<h3>{html.escape(self.scenario.title)}</h3>"
                 f"<p>{html.escape(self.scenario.intro)}</p>"
                 "<p>Choose the government you advise:</p>")
        self.widget = widgets.VBox([
            widgets.HTML(SCENARIO_CSS + KEYBOARD_CSS + intro), self.side_buttons, self.log,
            self.current, self.options,
            widgets.HBox([self.decide_button, self.restart_button]), self.message,
            self.debrief])
        self.widget.add_class("sj-scenario")
        self.widget.add_class(f"sj-scenario-{self.scenario.id}")
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
                self.message.value = feedback_html(
                    "partial", "Your saved path no longer fits this simulation,",
                    "which has changed since you played it. It is kept in your record; "
                    "start again.")
                side, path = None, []
        self.side, self.path = side, path
        self._show()
        self._show_notices()

    def _save(self, action, *args) -> bool:
        try:
            action(*args)
        except ProgressError as problem:
            self.message.value = feedback_html("partial", "Not saved:", str(problem))
            return False
        return True

    def _save_run(self) -> None:
        if self._save(self.progress.save_scenario_run, self.scenario.id, self.side,
                      self.path, self.finished):
            self.message.value = ""
        self._show_notices()

    def _show_notices(self) -> None:
        if self.progress.notices:
            self.message.value += feedback_html("partial", "About your saved progress:",
                                                " ".join(self.progress.notices))

    # -- what the student does
    def _side_chosen(self, change) -> None:
        if change["new"] and not self.side:
            self.choose_side(change["new"])

    def choose_side(self, side_id: str) -> None:
        """Start advising `side_id` (only before the first decision of a run)."""
        if self.side:
            return
        self.scenario.side(side_id)  # an unknown side raises PathError, naming the sides
        self.side, self.path = side_id, []
        self._save_run()
        self._show()

    def decide(self, option_id: str | None = None) -> str | None:
        """Take the chosen option (or `option_id`); returns the outcome shown, or None."""
        if option_id is not None:
            self.options.value = option_id
        if not self.side or self.finished:
            return None
        if self.options.value is None:
            self.message.value = feedback_html("info", "Choose an option first,",
                                               "then press Decide.")
            return None
        node = self.steps[-1].node
        option = node.option(self.options.value)
        self.path.append(option.id)
        self._save_run()
        self._show()
        return outcome_html(self.scenario, node, option)

    def start_over(self) -> None:
        """Clear the run on screen and in the record; the run so far stays in its history."""
        if not self._save(self.progress.start_scenario_over, self.scenario.id):
            return
        self.side, self.path = None, []
        self.message.value = ""
        self._show()

    # -- what the student sees
    def _show(self) -> None:
        self.side_buttons.unobserve(self._side_chosen, names="value")
        self.side_buttons.value = self.side
        self.side_buttons.observe(self._side_chosen, names="value")
        self.side_buttons.disabled = bool(self.side)
        if not self.side:
            self.log.value = self.current.value = self.debrief.value = ""
            self._offer([])
            return
        steps = self.steps
        side = self.scenario.sides[self.side]
        self.log.value = (f"<p><strong>You advise {html.escape(side.label)}.</strong> "
                          f"{html.escape(side.role)}</p>"
                          + "".join(node_html(self.scenario, s.node, number)
                                    + outcome_html(self.scenario, s.node, s.option)
                                    for number, s in enumerate(steps[:-1], start=1)))
        last = steps[-1].node
        self.current.value = node_html(self.scenario, last, len(steps))
        if last.ending:
            self._offer([])
            self.debrief.value = debrief_html(self.scenario, self.side, self.path)
        else:
            self._offer(shown_options(self.scenario.id, last))
            self.debrief.value = ""

    def _offer(self, options: list[tuple[str, str]]) -> None:
        self.options.options = options
        self.options.value = None
        self.options.layout.display = None if options else "none"
        self.decide_button.disabled = not options

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

