"""The explorer, driven headless: what the student reads lives in widget values."""

from __future__ import annotations

import html

import pytest

import sinojapan as sj
from sinojapan.course.banks import questions_by_event
from sinojapan.pictures.event_explorer import questions_for

EVENTS = sj.events()


def text(widget) -> str:
    return html.unescape(widget.value)


def highlighted(explorer) -> list[str]:
    return [i for t in explorer.figure.data if t.meta == "highlight" for i in t.customdata]


def test_starts_on_the_first_event_with_everything_listed():
    e = sj.explorer()
    assert len(e.listing.options) == len(EVENTS)
    assert e.current == EVENTS.index[0]
    assert f"{len(EVENTS)}</b> events match" in e.count.value
    assert f"Event 1 of {len(EVENTS)}" in e.position.value
    assert e.previous_button.disabled and not e.next_button.disabled
    assert highlighted(e) == [EVENTS.index[0]]


def test_next_and_previous_walk_the_events_one_by_one():
    e = sj.explorer()
    e.next_button.click()  # what a click or Enter on the focused button does
    assert e.current == EVENTS.index[1]
    e.next()
    assert e.current == EVENTS.index[2]
    assert f"Event 3 of {len(EVENTS)}" in e.position.value
    e.previous()
    assert e.current == EVENTS.index[1]
    assert highlighted(e) == [EVENTS.index[1]]  # the figure follows the list
    e.select(EVENTS.index[-1])
    assert e.next_button.disabled
    e.next()
    assert e.current == EVENTS.index[-1]


def test_details_panel_shows_summary_source_links_confidence_and_essay_part():
    event_id = "1972-09-29-japan-china-joint-communique"
    e = sj.explorer()
    e.select(event_id)
    event = EVENTS.loc[event_id]
    details = text(e.details)
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
    assert "No quiz questions about this event yet." in e.details.value


def test_static_form_lists_the_matching_events():
    e = sj.explorer(stage="3")
    page = e._repr_mimebundle_()["text/html"]
    assert page.count("<li>") == (EVENTS["stage"] == "3").sum()


def test_year_only_event_says_so():
    event_id = EVENTS.index[EVENTS["date_precision"] == "year"][0]
    e = sj.explorer()
    e.select(event_id)
    assert f"{EVENTS.loc[event_id, 'date'].year} (year only)" in text(e.details)


def test_filters_by_stage_category_and_keyword_and_the_figure_stays_in_step():
    e = sj.explorer()
    e.stage.value = "3"
    ids = [value for _, value in e.listing.options]
    assert ids == list(EVENTS.index[EVENTS["stage"] == "3"])
    assert e.current == ids[0]
    shown = sorted(i for t in e.figure.data if not str(t.meta).startswith("highlight")
                   for i in t.customdata)
    assert shown == sorted(ids)
    e.category.value = "security"
    assert all(EVENTS.loc[i, "category"] == "security" for _, i in e.listing.options)
    e.stage.value, e.category.value = "all", "all"
    e.keyword.value = "Trawler COLLIDES"
    assert [i for _, i in e.listing.options] == ["2010-09-07-chinese-trawler-collides-japan"]
    assert "Minjinyu" in text(e.details)
    assert e.previous_button.disabled and e.next_button.disabled
    e.keyword.value = "no such words anywhere"
    assert e.current is None and e.details.value == "" and e.figure is None
    assert "No events match" in e.count.value


def test_current_event_survives_a_filter_that_keeps_it():
    e = sj.explorer()
    e.select("2010-09-07-chinese-trawler-collides-japan")
    e.stage.value = "4"
    assert e.current == "2010-09-07-chinese-trawler-collides-japan"


def test_quiz_questions_hook_mapping_or_callable():
    event_id = EVENTS.index[3]
    e = sj.explorer(questions={event_id: ["Which treaty entered into force?"]})
    e.select(event_id)
    assert "Which treaty entered into force?" in text(e.details)
    e = sj.explorer(questions=lambda i: [f"A question about {i}"])
    assert f"A question about {EVENTS.index[0]}" in text(e.details)
    assert questions_for(None, event_id) == []
    assert questions_for({}, event_id) == []


def test_every_control_is_labelled():
    e = sj.explorer()
    for control in (e.stage, e.category, e.keyword, e.listing):
        assert control.description.endswith(":")
    for button in (e.previous_button, e.next_button):
        assert button.description and button.tooltip
    assert e._repr_mimebundle_()["application/vnd.jupyter.widget-view+json"]["model_id"]


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
    assert e.keyword.continuous_update is False
    started = time.perf_counter()
    e.keyword.value = "senkaku " + "x" * 100_000 + " y" * 5_000
    assert time.perf_counter() - started < 2.0
    assert "only the first 10 words" in e.count.value


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
    e.keyword.value = "no event says this"
    assert e.plot.outputs == ()
