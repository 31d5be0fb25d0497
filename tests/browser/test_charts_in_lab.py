"""A student uses the timeline and the explorer in JupyterLab, and an exported lesson in
a browser with no kernel."""

from __future__ import annotations

import re

import pandas as pd
from playwright.sync_api import Locator, Page, expect

import sinojapan as sj
from sinojapan.content import catalog

from helpers import REPO
from lab import error_outputs, open_lesson, run_all_cells, scratch_notebook, screenshot

EVENTS = sj.events()


def x_range(plot: Locator) -> tuple[pd.Timestamp, pd.Timestamp]:
    start, end = plot.evaluate("el => el._fullLayout.xaxis.range")
    return pd.Timestamp(start), pd.Timestamp(end)


def hover_first_point(page: Page, plot: Locator, trace: int = 0) -> str:
    traces = plot.locator(".cartesianlayer .scatterlayer .trace")  # not the range slider's
    point = traces.nth(trace).locator(".points path").first
    box = point.bounding_box()
    assert box, "the point is not drawn"
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    label = plot.locator(".hoverlayer .hovertext")
    expect(label).to_have_count(1, timeout=10_000)
    return label.text_content()


def click_stage(plot: Locator, label: str, before) -> tuple[pd.Timestamp, pd.Timestamp]:
    plot.locator(".updatemenu-button", has_text=re.compile(f"^{label}$")).click()
    for _ in range(50):
        now = x_range(plot)
        if now != before:
            return now
        plot.page.wait_for_timeout(100)
    return x_range(plot)


def check_stage_3_zoom(plot: Locator) -> None:
    before = x_range(plot)
    start, end = click_stage(plot, "Stage 3", before)
    assert (start, end) != before
    assert start < pd.Timestamp("2008-01-01") and pd.Timestamp("2010-09-06") < end
    assert end - start < pd.Timedelta(days=4 * 365)


def test_lesson_00_timeline_hover_and_stage_buttons(lab_server, page):
    open_lesson(page, lab_server, "00-start-here.ipynb")
    run_all_cells(page)
    assert error_outputs(page) == []
    plots = page.locator(".jp-OutputArea-output.jp-RenderedPlotly")  # by jupyterlab-plotly
    expect(plots).to_have_count(2, timeout=30_000)  # the timeline, then the progress chart
    plot = plots.first
    expect(plot).to_be_visible()
    expect(plot.locator(".cartesianlayer .scatterlayer .trace")).to_have_count(len(sj.categories()))
    caption = page.locator(".jp-OutputArea-output .sinojapan-caption").first
    expect(caption).to_contain_text("Source:")
    plot.scroll_into_view_if_needed()
    screenshot(page, "lesson-00-timeline")

    first = EVENTS[EVENTS["category"] == "security"].iloc[0]
    hover = hover_first_point(page, plot)
    assert first["title"].split()[0] in hover
    assert "Source:" in hover and first["sources"][0] in hover
    assert "Confidence:" in hover
    screenshot(page, "lesson-00-timeline-hover")

    page.mouse.move(5, 5)
    check_stage_3_zoom(plot)
    screenshot(page, "lesson-00-timeline-stage-3")


def test_explorer_walks_with_next_and_previous(lab_server, page):
    name = scratch_notebook(lab_server, "zz-explorer-check", "import sinojapan as sj",
                            "sj.explorer()")
    open_lesson(page, lab_server, name)
    run_all_cells(page)
    assert error_outputs(page) == []
    details = page.locator(".sinojapan-event")
    position = page.locator(".sj-explorer-panel .sj-position")
    expect(details).to_contain_text(EVENTS.iloc[0]["title"], timeout=30_000)
    expect(position).to_have_text(f"Event 1 of {len(EVENTS)}")
    next_button = page.get_by_role("button", name="Next", exact=True)
    previous_button = page.get_by_role("button", name="Previous", exact=True)
    expect(previous_button).to_be_disabled()

    next_button.click()
    expect(details).to_contain_text(EVENTS.iloc[1]["title"])
    expect(position).to_have_text(f"Event 2 of {len(EVENTS)}")
    next_button.focus()
    page.keyboard.press("Enter")  # keyboard: Tab to the button, Enter
    expect(details).to_contain_text(EVENTS.iloc[2]["title"])
    previous_button.click()
    expect(details).to_contain_text(EVENTS.iloc[1]["title"])
    expect(position).to_have_text(f"Event 2 of {len(EVENTS)}")
    page.get_by_role("option", name=catalog.event_label(EVENTS.index[4]), exact=True).click()
    expect(details).to_contain_text(EVENTS.iloc[4]["title"])  # a click in the list
    expect(position).to_have_text(f"Event 5 of {len(EVENTS)}")
    page.get_by_role("option", name=catalog.event_label(EVENTS.index[1]), exact=True).click()
    expect(details).to_contain_text(EVENTS.iloc[1]["title"])
    previous_button.focus()
    page.keyboard.press("Tab")  # Tab moves from Previous to Next
    page.keyboard.press("Space")
    expect(details).to_contain_text(EVENTS.iloc[2]["title"])
    previous_button.click()
    expect(details).to_contain_text(EVENTS.iloc[1]["title"])
    link = details.locator("a").first  # the event's first source that is an address
    addresses = [catalog.source_parts(s)[0] for s in EVENTS.iloc[1]["sources"]]
    expect(link).to_have_attribute("href", next(a for a in addresses if a))

    # the timeline under the list follows: the current event is ringed
    plot = page.locator(".jupyter-widgets .jp-RenderedPlotly")
    expect(plot).to_be_visible(timeout=30_000)
    script = ("el => el.data.filter(t => t.meta === 'highlight')"
              ".map(t => Array.from(t.customdata))")
    for _ in range(100):  # the kernel redraws the figure after each click
        if plot.count() == 1 and plot.evaluate(script) == [[EVENTS.index[1]]]:
            break
        page.wait_for_timeout(100)
    assert plot.evaluate(script) == [[EVENTS.index[1]]]
    plot.scroll_into_view_if_needed()
    screenshot(page, "explorer-figure")


def test_exported_lesson_draws_the_timeline_with_no_kernel(browser, tmp_path):
    from sinojapan.instructor.export import export_html

    out = export_html(REPO / "lessons" / "00-start-here.ipynb", tmp_path / "lesson-00.html")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, offline=True)
    page = context.new_page()
    problems = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(out.as_uri())
    plots = page.locator(".js-plotly-plot")
    expect(plots).to_have_count(2, timeout=30_000)  # the timeline, then the progress chart
    plot = plots.first
    quiz = page.locator(".sj-static-quiz")
    expect(quiz.locator(".sj-static-question")).to_have_count(len(sj.quiz_bank("00").questions))
    expect(quiz).to_contain_text("Question 1.")
    for question in sj.quiz_bank("00").questions:  # no answer: not even the explanation
        expect(quiz).not_to_contain_text(question.explanation)
    expect(plot.locator(".cartesianlayer .scatterlayer .trace")).to_have_count(len(sj.categories()))
    plot.scroll_into_view_if_needed()
    hover = hover_first_point(page, plot)
    assert "Source:" in hover
    page.mouse.move(5, 5)
    check_stage_3_zoom(plot)
    screenshot(page, "export-lesson-00-stage-3")
    assert problems == []
    context.close()


def test_a_data_chart_shows_its_gaps_marks_source_and_caveats(lab_server, page):
    name = scratch_notebook(lab_server, "zz-chart-check", "import sinojapan as sj",
                            'sj.chart("affinity")')
    open_lesson(page, lab_server, name)
    run_all_cells(page)
    assert error_outputs(page) == []
    plot = page.locator(".jp-OutputArea-output.jp-RenderedPlotly")
    expect(plot).to_have_count(1, timeout=30_000)
    expect(plot.locator(".annotation-text", has_text="Postal survey from 2020")).to_have_count(1)
    caption = page.locator(".jp-OutputArea-output .sinojapan-caption").first
    expect(caption).to_contain_text("Cabinet Office")
    expect(caption).to_contain_text("missing years are gaps, not estimates")
    caption.locator("summary").click()  # open the text version
    expect(caption).to_contain_text("Missing: 1981-1988")
    plot.scroll_into_view_if_needed()
    screenshot(page, "chart-affinity")
