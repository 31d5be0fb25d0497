"""The timeline explorer: filter the events, walk through them one by one, read each.

    sj.explorer()                                 everything
    sj.explorer(stage="3")                        start with stage 3
    sj.explorer(questions={"event-id": ["..."]})  show quiz questions about each event

The filters, the list, Previous / Next and the details are one component
(`ExplorerPanel`, drawn by components/explorer.js): what the student reads is in its
`state`, so a test drives the explorer headless with `next()`, `previous()`,
`select(id)`, `filter_by(...)` (or `panel.act(...)`, as the browser does) and reads
`details`. The timeline under it is re-drawn for the matching events, with the current
one ringed."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

import pandas as pd

from sinojapan.components.base import Component, shared_layout
from sinojapan.content import catalog
from sinojapan.content.dates import format_date
from sinojapan.content.html_text import bullets, esc, markup_list
from sinojapan.course.banks import questions_by_event
from sinojapan.pictures.display import (
    as_figure,
    as_outputs,
    figure_bundle,
    show_interactive,
    static_export,
    widget_bundle,
)
from sinojapan.pictures.timelines import MAX_KEYWORD_WORDS, select_events, timeline_spec

QuestionsHook = Callable[[str], Iterable[str]] | Mapping[str, Iterable[str]]
ALL = "all"
FIGURE_HEIGHT = 480  # components/explorer.css keeps the figure's place this tall


def questions_for(hook: QuestionsHook | None, event_id: str) -> list[str]:
    """The quiz questions that concern an event, from the hook (none by default).
    The hook is a mapping from event id to questions, or a callable taking an event id."""
    if hook is None:
        return []
    if callable(hook):
        found = hook(event_id)
    else:
        found = hook.get(event_id, [])
    return [str(q) for q in (found or [])]


def list_label(event_id: str, event: Mapping) -> str:
    """One line of the event list: date at its precision and title."""
    return catalog.event_line(event)


def source_html(source: str) -> str:
    """A source as a link if it is an http(s) address (with any note after it as text),
    else as escaped text."""
    address, rest = catalog.source_parts(source)
    if address is None:
        return esc(rest)
    return (f'<a href="{esc(address)}" target="_blank" rel="noopener noreferrer">'
            f"{esc(address)}</a>{esc(rest)}")


def details_html(event_id: str, event: Mapping, questions: Iterable[str] = ()) -> str:
    """The details panel for one event: full summary, sources as links, confidence, the
    essay parts it relates to, and the quiz questions about it."""
    categories, stages, parts = catalog.categories(), catalog.stages(), catalog.essay_parts()
    precision = event["date_precision"]
    when = format_date(event["date"], precision)
    if precision != "day":
        when += f" ({precision} only)"
    stage = stages.loc[event["stage"], "title"]
    sources = markup_list(source_html(source) for source in event["sources"])
    essay = bullets(
        f"{parts.loc[p, 'title']} ({parts.loc[p, 'section']}, paragraph"
        f"{'s' if len(parts.loc[p, 'paragraphs']) > 1 else ''} "
        f"{', '.join(map(str, parts.loc[p, 'paragraphs']))})"
        for p in event["essay_parts"]) or \
        "<p>None: the essay does not discuss this event directly.</p>"
    questions = list(questions)
    quiz = bullets(questions) or "<p>No quiz questions about this event yet.</p>"
    return (
        '<div class="sinojapan-event" role="region" aria-label="Event details" '
        'style="max-width: 60em; overflow-wrap: anywhere; line-height: 1.4;">'
        f"<h3 style='margin-top: 0.3em'>{esc(str(event['title']))}</h3>"
        f"<p><strong>Date:</strong> {esc(when)} · <strong>Category:</strong> "
        f"{esc(categories.loc[event['category'], 'label'])} · <strong>Stage:</strong> "
        f"{esc(stage)}</p>"
        f"<p>{esc(str(event['summary']))}</p>"
        f"<p><strong>Confidence:</strong> {esc(str(event['confidence']))}</p>"
        f"<p><strong>Source{'s' if len(event['sources']) > 1 else ''}:</strong></p>"
        f"{sources}"
        f"<p><strong>Essay part:</strong></p>{essay}"
        f"<p><strong>Quiz questions:</strong></p>{quiz}"
        f"<p style='color: #555; font-size: 0.85em'>id: {esc(event_id)}</p></div>"
    )


class ExplorerPanel(Component):
    """The explorer's filters, list, Previous / Next and details: one model, drawn by
    components/explorer.js. Each message from the browser carries a number (`seq`) that
    the state sent back repeats, so the browser knows which state answers its last
    action; one state goes back per message, whatever the handler changed."""

    SCRIPT = "explorer.js"
    STYLE = "explorer.css"

    def __init__(self, refresh: Callable[[], None]):
        super().__init__(classes="sj-explorer-panel")
        self.seq, self.holding, self._refresh = 0, False, refresh

    def _received(self, widget, content, buffers) -> None:
        if isinstance(content, dict) and isinstance(content.get("seq"), int):
            self.seq = content["seq"]
        self.holding = True
        try:
            super()._received(widget, content, buffers)
        finally:
            self.holding = False
            self._refresh()


class Explorer:
    """Filters (stage, category, keyword), the matching events as a list, previous /
    next buttons, a details panel and a timeline of the matches, all in step."""

    def __init__(self, *, stage: str | None = None, category: str | None = None,
                 keyword: str = "", questions: QuestionsHook | None = None,
                 show_figure: bool = True):
        import ipywidgets as w

        self.questions = questions
        self.show_figure = show_figure
        self.events = catalog.events()
        stages, categories = catalog.stages(), catalog.categories()
        self.menus = {
            "stages": [{"value": ALL, "text": "All stages"}]
            + [{"value": str(i), "text": title} for i, title in stages["title"].items()],
            "categories": [{"value": ALL, "text": "All categories"}]
            + [{"value": str(i), "text": label} for i, label in categories["label"].items()]}
        self.filters = {"stage": ALL, "category": ALL, "keyword": ""}
        self.matches = self.events.iloc[:0]
        self._listed: list[dict] = []  # the list as the panel shows it, made per filter
        self._current: str | None = None
        self.figure_spec: dict | None = None
        self._figure_drawn: tuple | None = None
        self.panel = ExplorerPanel(self._refresh)
        # plotly.js draws only in the notebook's own output renderer, not inside an
        # anywidget: the timeline stays a plotly output, in an Output under the panel
        self.plot = w.Output(layout=shared_layout())
        self.widget = w.VBox([self.panel, self.plot], layout=shared_layout())
        self.widget.add_class("sj-explorer")
        self.panel.on("filter", self._filter_message)
        self.panel.on("select", self._select_message)
        self.panel.on("next", lambda _message: self.next())
        self.panel.on("previous", lambda _message: self.previous())
        self.filter_by(stage=ALL if stage is None else str(stage),
                       category=ALL if category is None else category, keyword=keyword)

    # ------------------------------------------------------------ state

    @property
    def current(self) -> str | None:
        """The id of the event shown in the details panel (None if nothing matches)."""
        return self._current

    @property
    def index(self) -> int | None:
        return None if self.current is None else list(self.matches.index).index(self.current)

    stage = property(lambda self: self.filters["stage"],
                     lambda self, value: self.filter_by(stage=value),
                     doc="The stage filter: a stage id, or 'all'.")
    category = property(lambda self: self.filters["category"],
                        lambda self, value: self.filter_by(category=value),
                        doc="The category filter: a category id, or 'all'.")
    keyword = property(lambda self: self.filters["keyword"],
                       lambda self, value: self.filter_by(keyword=value),
                       doc="The keyword filter: words that must all appear.")

    def filter(self, filters: Mapping[str, str] | None = None) -> pd.DataFrame:
        """The events that match the filters (by default, the ones in force)."""
        filters = filters or self.filters
        return select_events(
            self.events,
            stage=None if filters["stage"] == ALL else filters["stage"],
            categories=None if filters["category"] == ALL else [filters["category"]],
            keyword=filters["keyword"])

    def filter_by(self, *, stage: str | None = None, category: str | None = None,
                  keyword: str | None = None) -> None:
        """Change the filters given (the others stay); the current event stays if it still
        matches, else the first match is shown. An unknown stage or category: KeyError."""
        wanted = {**self.filters, **{name: str(value) for name, value in
                                     (("stage", stage), ("category", category),
                                      ("keyword", keyword)) if value is not None}}
        self.matches = self.filter(wanted)  # raises before anything changed
        self.filters = wanted
        self._listed = [{"id": i, "label": list_label(i, e)} for i, e in self.matches.iterrows()]
        if self._current not in self.matches.index:
            self._current = self.matches.index[0] if len(self.matches) else None
        self._refresh()

    @property
    def options(self) -> list[tuple[str, str]]:
        """The list as shown: (line, event id) for each matching event."""
        return [(e["label"], e["id"]) for e in self._listed]

    def _count_html(self) -> str:
        n = len(self.matches)
        cut = (f" (only the first {MAX_KEYWORD_WORDS} words of the keyword are used)"
               if len(self.filters["keyword"].split()) > MAX_KEYWORD_WORDS else "")
        return (f"<b>{n}</b> event{'s' if n != 1 else ''} match{cut}." if n
                else f"<b>No events match{cut}.</b> Widen the filters.")

    def _state(self) -> dict:
        """What the panel draws (it writes "Event 3 of 9" from the list and the current)."""
        event_id = self.current
        details = "" if event_id is None else details_html(
            event_id, self.matches.loc[event_id], questions_for(self.questions, event_id))
        return {**self.menus, "seq": self.panel.seq, "filters": dict(self.filters),
                "count": self._count_html(),
                "events": self._listed,
                "current": event_id, "details": details}

    def _refresh(self) -> None:
        """Send the panel's state (once per browser message) and draw the figure again
        if the matches or the current event changed."""
        if self.panel.holding:
            return
        self.panel.state = self._state()
        drawn = (self.current, tuple(self.matches.index), self.filters["stage"])
        if drawn == self._figure_drawn:
            return
        self._figure_drawn = drawn
        self.figure_spec = None if self.current is None else timeline_spec(
            events=self.matches, highlight=[self.current], highlight_name="Current event",
            stage=None if self.filters["stage"] == ALL else self.filters["stage"],
            height=FIGURE_HEIGHT)
        if self.show_figure:
            self.plot.outputs = () if self.figure_spec is None else \
                as_outputs(figure_bundle(self.figure_spec))

    @property
    def details(self) -> str:
        """The details panel's HTML ('' when nothing matches)."""
        return self.panel.state["details"]

    @property
    def figure(self):
        """The current event's timeline as a plotly Figure (None before one is chosen)."""
        return None if self.figure_spec is None else as_figure(self.figure_spec)

    # ------------------------------------------------------------ actions

    def select(self, event_id: str) -> None:
        if event_id not in self.matches.index:
            raise KeyError(f"event '{event_id}' is not among the matching events")
        self._current = event_id
        self._refresh()

    def next(self) -> None:
        index = self.index
        if index is not None and index < len(self.matches) - 1:
            self.select(self.matches.index[index + 1])

    def previous(self) -> None:
        index = self.index
        if index is not None and index > 0:
            self.select(self.matches.index[index - 1])

    def _select_message(self, message: dict) -> None:
        # an event of a list the browser showed before its last filter: not chosen
        if message.get("id") in self.matches.index:
            self.select(message["id"])

    def _filter_message(self, message: dict) -> None:
        """All three filters, as the browser shows them when the change was sent."""
        try:
            self.filter_by(**{name: str(message.get(name, self.filters[name]))
                              for name in ("stage", "category", "keyword")})
        except KeyError:
            pass  # a stage or category no longer in the data: the filters stay

    def _repr_mimebundle_(self, **kwargs):
        # With no kernel (a static export), the matching events as a list instead.
        listing = bullets(label for label, _ in self.options)
        return widget_bundle(self.widget, "<div class='sj-static-explorer'><p><em>The "
                             "explorer needs a running kernel; here are the events it lists."
                             f"</em></p>{listing}</div>",
                             f"Event explorer: {len(self.matches)} events match")

    def _ipython_display_(self) -> None:
        show_interactive(self._repr_mimebundle_())


def explorer(*, stage: str | None = None, category: str | None = None, keyword: str = "",
             questions: QuestionsHook | None = None) -> Explorer:
    """The timeline explorer. `questions` is the quiz engine's hook: a mapping from event
    id to question texts, or a callable taking an event id; by default, the lesson
    questions that name the event (`sinojapan.course.banks.questions_by_event()`)."""
    if questions is None:
        questions = questions_by_event()
    return Explorer(stage=stage, category=category, keyword=keyword, questions=questions,
                    show_figure=not static_export())
