"""The explorer, driven headless: what the student reads is the component's state, and
each browser action is a message (`panel.act`), as components/explorer.js sends it."""

from __future__ import annotations

import html

import pytest

import sinojapan as sj
from sinojapan.content import catalog
from sinojapan.course.banks import questions_by_event
from sinojapan.pictures.event_explorer import questions_for

EVENTS = sj.events()


def text(explorer) -> str:
    return html.unescape(explorer.details)


def listed(explorer) -> list[str]:
    return [e["id"] for e in explorer.panel.state["events"]]


def highlighted(explorer) -> list[str]:
    return [i for t in explorer.figure.data if t.meta == "highlight" for i in t.customdata]


def test_starts_on_the_first_event_with_everything_listed():
    e = sj.explorer()
    state = e.panel.state
    assert listed(e) == list(EVENTS.index)
    assert state["events"][0]["label"] == catalog.event_label(EVENTS.index[0])
    assert e.current == state["current"] == EVENTS.index[0]
    assert f"{len(EVENTS)}</b> events match" in state["count"]
    assert highlighted(e) == [EVENTS.index[0]]


def test_next_and_previous_walk_the_events_one_by_one():
    e = sj.explorer()
    e.panel.act("select", id=EVENTS.index[1], seq=1)  # an arrow key, a click or Next
    assert e.current == EVENTS.index[1] and e.panel.state["seq"] == 1
    e.next()
    assert e.current == EVENTS.index[2]
    assert e.index == 2 and e.panel.state["current"] == EVENTS.index[2]
    e.panel.act("previous")
    assert e.current == EVENTS.index[1]
    assert highlighted(e) == [EVENTS.index[1]]  # the figure follows the list
    e.select(EVENTS.index[-1])
    e.next()
    assert e.current == EVENTS.index[-1]
    e.select(EVENTS.index[0])
    e.previous()
    assert e.current == EVENTS.index[0]


def test_details_panel_shows_summary_source_links_confidence_and_essay_part():
    event_id = "1972-09-29-japan-china-joint-communique"
    e = sj.explorer()
    e.select(event_id)
    event = EVENTS.loc[event_id]
    details = text(e)
    assert event["title"] in details and event["summary"] in details
    for source in event["sources"]:  # an address is a link; a citation without one is text
        address = source.split(" ")[0]
        if address.startswith("http"):
            assert f'<a href="{address}"' in details
        else:
            assert html.escape(source, quote=False) in details or source in details
    assert f"Confidence:</strong> {event['confidence']}" in details
    assert "29 Sep 1972" in details
    part = sj.essay_parts().loc[event["essay_parts"][0], "title"]
    assert part in details
    assert "Lesson 01, question s01-seven-years" in details  # from the banks, by default


def test_an_event_no_question_names_says_so():
    named = set(questions_by_event())
    event_id = next(i for i in EVENTS.index if i not in named)
    e = sj.explorer()
    e.select(event_id)
    assert "No quiz questions about this event yet." in e.details


def test_static_form_lists_the_matching_events():
    e = sj.explorer(stage="3")
    page = e._repr_mimebundle_()["text/html"]
    assert page.count("<li>") == (EVENTS["stage"] == "3").sum()


def test_year_only_event_says_so():
    event_id = EVENTS.index[EVENTS["date_precision"] == "year"][0]
    e = sj.explorer()
    e.select(event_id)
    assert f"{EVENTS.loc[event_id, 'date'].year} (year only)" in text(e)


def test_filters_by_stage_category_and_keyword_and_the_figure_stays_in_step():
    e = sj.explorer()
    e.stage = "3"
    ids = listed(e)
    assert ids == list(EVENTS.index[EVENTS["stage"] == "3"])
    assert e.current == ids[0]
    shown = sorted(i for t in e.figure.data if not str(t.meta).startswith("highlight")
                   for i in t.customdata)
    assert shown == sorted(ids)
    e.category = "security"
    assert all(EVENTS.loc[i, "category"] == "security" for i in listed(e))
    # the browser sends all three filters in one message, as they are shown
    e.panel.act("filter", stage="all", category="all", keyword="Trawler COLLIDES", seq=7)
    assert listed(e) == ["2010-09-07-chinese-trawler-collides-japan"]
    assert e.panel.state["filters"] == {"stage": "all", "category": "all",
                                        "keyword": "Trawler COLLIDES"}
    assert "Minjinyu" in text(e) and e.panel.state["seq"] == 7
    e.keyword = "no such words anywhere"
    state = e.panel.state
    assert e.current is None and state["current"] is None and e.details == ""
    assert state["events"] == [] and e.index is None and e.figure is None
    assert "No events match" in state["count"]


def test_current_event_survives_a_filter_that_keeps_it():
    e = sj.explorer()
    e.select("2010-09-07-chinese-trawler-collides-japan")
    e.stage = "4"
    assert e.current == "2010-09-07-chinese-trawler-collides-japan"


def test_a_message_from_an_older_list_or_with_an_unknown_filter_changes_nothing():
    e = sj.explorer(stage="4")
    before = e.current
    e.panel.act("select", id=EVENTS.index[0], seq=3)  # listed before the stage changed
    assert e.current == before and e.panel.state["seq"] == 3  # answered all the same
    e.panel.act("filter", stage="9", category="all", keyword="", seq=4)
    assert e.stage == "4" and e.current == before and e.panel.state["seq"] == 4
    with pytest.raises(KeyError, match="no stage '9'"):
        e.stage = "9"
    assert e.stage == "4"


def test_quiz_questions_hook_mapping_or_callable():
    event_id = EVENTS.index[3]
    e = sj.explorer(questions={event_id: ["Which treaty entered into force?"]})
    e.select(event_id)
    assert "Which treaty entered into force?" in text(e)
    e = sj.explorer(questions=lambda i: [f"A question about {i}"])
    assert f"A question about {EVENTS.index[0]}" in text(e)
    assert questions_for(None, event_id) == []
    assert questions_for({}, event_id) == []


def test_one_component_beside_the_figure_and_few_models():
    import ipywidgets

    from sinojapan.components.base import Component

    before = set(ipywidgets.widgets.widget._instances)
    e = sj.explorer()
    made = set(ipywidgets.widgets.widget._instances) - before
    assert len(made) <= 4  # the panel, the figure's Output, the box; the shared layout
    assert isinstance(e.panel, Component) and e.widget.children == (e.panel, e.plot)
    assert "sj-explorer" in e.widget._dom_classes
    state = e.panel.state
    assert [m["value"] for m in state["stages"]] == ["all", *map(str, sj.stages().index)]
    assert [m["value"] for m in state["categories"]] == ["all", *sj.categories().index]
    bundle = e._repr_mimebundle_()
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == e.widget.model_id


def test_the_browser_labels_every_control_and_the_list_is_a_listbox():
    from sinojapan.components.base import source

    script = source("explorer.js")
    for label in ('"Stage:"', '"Category:"', '"Keyword:"', '"Events:"'):
        assert label in script
    for piece in ('role: "listbox"', '"aria-activedescendant"', 'role: "option"',
                  '"aria-live": "polite"', "ArrowDown", "Home", "End", 'action: "filter"'):
        assert piece in script


def test_unknown_ids_are_refused():
    e = sj.explorer(stage="1")
    with pytest.raises(KeyError, match="not among the matching events"):
        e.select("2010-09-07-chinese-trawler-collides-japan")


def test_only_web_addresses_become_links_and_notes_stay_text():
    from sinojapan.pictures.event_explorer import source_html

    assert source_html("https://example.org/a?b=1 (Kyodo)") == (
        '<a href="https://example.org/a?b=1" target="_blank" rel="noopener noreferrer">'
        "https://example.org/a?b=1</a> (Kyodo)")
    book = "John Garver, China's Quest, p.496"
    assert source_html(book) == "John Garver, China&#x27;s Quest, p.496"
    assert "<a" not in source_html("<img src=x onerror=alert(1)>")
    assert "&lt;img" in source_html("<img src=x onerror=alert(1)>")


def test_the_keyword_filters_on_enter_and_a_huge_keyword_is_cut_short():
    import time

    e = sj.explorer()
    started = time.perf_counter()
    e.panel.act("filter", stage="all", category="all",
                keyword="senkaku " + "x" * 100_000 + " y" * 5_000)
    assert time.perf_counter() - started < 2.0
    assert "only the first 10 words" in e.panel.state["count"]


def shown_highlight(explorer) -> list[str]:
    """The ringed events in the figure the plot area shows (not the figure property)."""
    plotly = [o["data"]["application/vnd.plotly.v1+json"] for o in explorer.plot.outputs]
    assert len(plotly) == 1, explorer.plot.outputs
    return [i for t in plotly[0]["data"] if t.get("meta") == "highlight"
            for i in t["customdata"]]


def test_the_plot_area_shows_the_current_event_and_empties_when_nothing_matches():
    e = sj.explorer(stage="4")
    assert shown_highlight(e) == [e.current]
    e.next()
    assert shown_highlight(e) == [e.current]
    e.keyword = "no event says this"
    assert e.plot.outputs == ()


def test_the_figure_is_drawn_again_only_when_the_current_event_or_the_matches_change():
    e = sj.explorer(stage="4")
    drawn = e.plot.outputs
    e.panel.act("select", id=e.current, seq=2)  # the event already shown
    e.panel.act("filter", stage="4", category="all", keyword="", seq=3)
    assert e.plot.outputs is drawn and e.panel.state["seq"] == 3
