"""The timeline explorer: filter the events, walk through them one by one, read each.

    sj.explorer()                                 everything
    sj.explorer(stage="3")                        start with stage 3
    sj.explorer(questions={"event-id": ["..."]})  show quiz questions about each event

Everything the student reads lives in widget values (HTML `.value`, Select options),
so a test can drive the explorer headless: call `next()`, `previous()`, `select(id)`
or set a filter's `.value`, then read `details.value`. The timeline next to the list is
re-drawn for the matching events, with the current one ringed."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

import pandas as pd

from sinojapan.content import catalog
from sinojapan.content.dates import format_date
from sinojapan.content.html_text import bullets, esc, markup_list
from sinojapan.course.banks import questions_by_event
from sinojapan.pictures.display import (
    KEYBOARD_CSS,
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
        style = {"description_width": "initial"}
        self.stage = w.Dropdown(
            options=[("All stages", ALL)] + [(title, i) for i, title in
                                             stages["title"].items()],
            value=ALL if stage is None else str(stage), description="Stage:", style=style)
        self.category = w.Dropdown(
            options=[("All categories", ALL)] + list(zip(categories["label"], categories.index,
                                                         strict=True)),
            value=ALL if category is None else category, description="Category:",
            style=style)
        self.keyword = w.Text(value=keyword, description="Keyword:", style=style,
                              placeholder="e.g. Senkaku, then Enter",
                              continuous_update=False)  # filter on Enter, not every key
        self.count = w.HTML()
        self.listing = w.Select(options=[], rows=8, description="Events:", style=style,
                                layout=w.Layout(width="95%"))
        self.previous_button = w.Button(description="◀ Previous", icon="",
                                        tooltip="Show the previous event (earlier in time)")
        self.next_button = w.Button(description="Next ▶",
                                    tooltip="Show the next event (later in time)")
        self.position = w.HTML()
        self.details = w.HTML(layout=w.Layout(width="95%"))
        self.plot = w.Output()
        self.figure_spec: dict | None = None
        self.matches = self.events.iloc[:0]
        self._updating = False
        help_text = w.HTML(
            "<p>Choose a stage, a category or a keyword (then Enter); the list and the "
            "timeline show the events that match. Walk through them with <b>Previous</b> / "
            "<b>Next</b>, or in the list with the arrow keys or a click. With the keyboard: "
            "Tab moves between the controls, Enter or Space presses a button. The timeline's "
            "own buttons need a mouse; everything it shows is in the list and the "
            "details.</p>")
        self.widget = w.VBox([
            w.HTML(KEYBOARD_CSS), help_text,
            w.HBox([self.stage, self.category, self.keyword]),
            self.count, self.listing,
            w.HBox([self.previous_button, self.next_button, self.position]),
            self.details, self.plot,
        ])
        self.widget.add_class("sj-explorer")
        for control in (self.stage, self.category, self.keyword):
            control.observe(self._filters_changed, names="value")
        self.listing.observe(self._selection_changed, names="value")
        self.previous_button.on_click(lambda _: self.previous())
        self.next_button.on_click(lambda _: self.next())
        self._filters_changed()

    # ------------------------------------------------------------ state

    @property
    def current(self) -> str | None:
        """The id of the event shown in the details panel (None if nothing matches)."""
        return self.listing.value

    @property
    def index(self) -> int | None:
        return None if self.current is None else list(self.matches.index).index(self.current)

    def filter(self) -> pd.DataFrame:
        return select_events(
            self.events,
            stage=None if self.stage.value == ALL else self.stage.value,
            categories=None if self.category.value == ALL else [self.category.value],
            keyword=self.keyword.value)

    def _filters_changed(self, _change=None) -> None:
        previous = self.current
        self.matches = self.filter()
        n = len(self.matches)
        cut = (f" (only the first {MAX_KEYWORD_WORDS} words of the keyword are used)"
               if len(self.keyword.value.split()) > MAX_KEYWORD_WORDS else "")
        self.count.value = (f"<p><b>{n}</b> event{'s' if n != 1 else ''} match{cut}.</p>" if n
                            else f"<p><b>No events match{cut}.</b> Widen the filters.</p>")
        options = [(list_label(i, e), i) for i, e in self.matches.iterrows()]
        keep = previous if previous in self.matches.index else (
            options[0][1] if options else None)
        self._updating = True
        try:
            self.listing.options = options
            self.listing.value = keep
        finally:
            self._updating = False
        self._show()

    def _selection_changed(self, _change=None) -> None:
        if not self._updating:
            self._show()

    def _show(self) -> None:
        n = len(self.matches)
        index = self.index
        self.previous_button.disabled = index is None or index == 0
        self.next_button.disabled = index is None or index >= n - 1
        if index is None:
            self.position.value = ""
            self.details.value = ""
            self.figure_spec = None
            self.plot.outputs = ()
            return
        event_id = self.current
        event = self.matches.loc[event_id]
        self.position.value = f"<span aria-live='polite'>Event {index + 1} of {n}</span>"
        self.details.value = details_html(event_id, event,
                                          questions_for(self.questions, event_id))
        self.figure_spec = timeline_spec(
            events=self.matches, highlight=[event_id], highlight_name="Current event",
            stage=None if self.stage.value == ALL else self.stage.value, height=480)
        if self.show_figure:
            self.plot.outputs = as_outputs(figure_bundle(self.figure_spec))

    @property
    def figure(self):
        """The current event's timeline as a plotly Figure (None before one is chosen)."""
        return None if self.figure_spec is None else as_figure(self.figure_spec)

    # ------------------------------------------------------------ actions

    def select(self, event_id: str) -> None:
        if event_id not in self.matches.index:
            raise KeyError(f"event '{event_id}' is not among the matching events")
        self.listing.value = event_id

    def next(self) -> None:
        index = self.index
        if index is not None and index < len(self.matches) - 1:
            self.listing.value = self.matches.index[index + 1]

    def previous(self) -> None:
        index = self.index
        if index is not None and index > 0:
            self.listing.value = self.matches.index[index - 1]

    def _repr_mimebundle_(self, **kwargs):
        # With no kernel (a static export), the matching events as a list instead.
        listing = bullets(label for label, _ in self.listing.options)
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
