"""Contested texts side by side (data/contested_texts.yaml, sj.compare_texts): the file
loads, every quoted side says where its words were read, a malformed entry is one line
naming the file, the entry and the field, the comparison shows both sides escaped with a
text version, the lessons show their texts, and bank 09 asks what differs."""

from __future__ import annotations

import html
import json
import re

import pytest
import yaml

import sinojapan as sj
from sinojapan.content import contested_texts as ct
from sinojapan.content import files

from helpers import REPO

REQUIRED = {"1972-tanaka-zhou": "01", "2010-collision-statements": "04",
            "2012-purchase": "05", "2014-four-points": "09"}


@pytest.fixture(autouse=True)
def fresh_cache():
    files.clear_cache()
    yield
    files.clear_cache()


def raw_texts() -> dict:
    return yaml.safe_load((REPO / "data" / ct.FILE).read_text(encoding="utf-8"))


def write(data_dir, document) -> None:
    (data_dir / ct.FILE).write_text(yaml.safe_dump(document, allow_unicode=True,
                                                   sort_keys=False), encoding="utf-8")


def entry(document, text_id) -> dict:
    return next(t for t in document["texts"] if t["id"] == text_id)


# ------------------------------------------------------------------ the file

def test_the_file_loads_with_the_four_texts_the_issue_asks_for():
    texts = ct.contested_texts()
    assert set(REQUIRED) <= set(texts)
    assert "contested_texts" in sj.load_all()
    assert sj.contested_text_ids() == list(texts)
    for text_id, lesson in REQUIRED.items():
        assert texts[text_id].lesson == lesson


def test_every_text_has_one_side_per_government_china_first():
    for text in ct.contested_texts().values():
        assert [s.government for s in text.sides] == ["china", "japan"], text.id
        assert {r.government for r in text.later} == {"china", "japan"}, text.id


def test_every_quoted_side_has_its_words_publisher_date_and_address():
    for text in ct.contested_texts().values():
        for side in text.sides:
            where = f"{text.id}, {side.government}"
            assert side.publisher.strip() and side.author.strip(), where
            assert side.published and side.date, where
            assert re.match(r"^https?://\S+$", side.url), where
            assert side.kind in ct.KINDS, where
            if side.available:
                assert side.passages and all(p.words.strip() for p in side.passages), where
            else:
                assert side.unavailable and side.reported and not side.passages, where
        for reading in text.later:
            assert reading.publisher and reading.published, text.id
            assert re.match(r"^https?://\S+$", reading.url), text.id


def test_the_2014_texts_agree_word_for_word_with_lesson_09s_quotations():
    """Lesson 09 quoted both texts before this file existed: the two must not drift."""
    cells = json.loads((REPO / "lessons" / "09-after-2012.ipynb").read_text(encoding="utf-8"))
    lesson = " ".join("".join(c["source"]) for c in cells["cells"]
                      if c["cell_type"] == "markdown")
    text = ct.contested_text("2014-four-points")
    china = text.side("china").passages[0].words
    china = china[china.index("have acknowledged"):china.index("East China Sea") + 14]
    japan = text.side("japan").passages[0].words
    assert f'"{china}"' in lesson
    assert f'"{japan}"' in lesson


def test_each_side_says_how_its_english_reached_the_module():
    texts = ct.contested_texts()
    assert texts["1972-tanaka-zhou"].side("japan").kind == "press-translation"
    assert texts["2012-purchase"].side("china").kind == "state-media"
    assert texts["2010-collision-statements"].side("japan").kind == "official"


# ------------------------------------------------------------------ one-line errors

def load_error(data_dir, document) -> str:
    write(data_dir, document)
    files.clear_cache()
    with pytest.raises(files.DataError) as caught:
        ct.contested_texts()
    message = str(caught.value)
    assert "\n" not in message, message
    assert "contested_texts.yaml" in message, message
    return message


def broken(change):
    document = raw_texts()
    change(document)
    return document


@pytest.mark.parametrize(("change", "entry_id", "field", "problem"), [
    (lambda d: entry(d, "2014-four-points")["sides"][1].pop("url"),
     "2014-four-points", "url", "required"),
    (lambda d: entry(d, "2014-four-points")["sides"][0].pop("publisher"),
     "2014-four-points", "publisher", "required"),
    (lambda d: entry(d, "2012-purchase")["sides"][0].update(url="javascript:alert(1)"),
     "2012-purchase", "url", "does not match"),
    (lambda d: entry(d, "2010-collision-statements")["sides"][1].update(government="china"),
     "2010-collision-statements", "sides", "one side for each government"),
    (lambda d: entry(d, "1972-tanaka-zhou")["events"].append("1972-09-31-no-such-day"),
     "1972-tanaka-zhou", "events[1]", "unknown event"),
    (lambda d: entry(d, "2014-four-points")["sides"][1].pop("passages"),
     "2014-four-points", "sides[1].passages", "quote the side's words exactly"),
    (lambda d: entry(d, "2014-four-points")["sides"][1].update(kind="not-available"),
     "2014-four-points", "sides[1].passages", "not-available"),
    (lambda d: (entry(d, "2014-four-points")["sides"][1].pop("passages"),
                entry(d, "2014-four-points")["sides"][1].update(kind="not-available")),
     "2014-four-points", "sides[1].unavailable", "say why"),
    (lambda d: entry(d, "2012-purchase").update(
        later=[r for r in entry(d, "2012-purchase")["later"] if r["government"] == "china"]
        * 2),
     "2012-purchase", "later", "no later reading from japan"),
    (lambda d: entry(d, "2014-four-points").update(date="2014-11-31"),
     "2014-four-points", "date", "not a real calendar date"),
    (lambda d: entry(d, "2014-four-points")["sides"][0]["passages"][0].update(words=""),
     "2014-four-points", "words", "non-empty"),
    (lambda d: entry(d, "2014-four-points").update(mood="calm"),
     "2014-four-points", "mood", "unknown property"),
], ids=["no-url", "no-publisher", "not-an-address", "two-chinas", "unknown-event",
        "no-words", "words-and-not-available", "not-available-without-why", "one-side-heard",
        "no-such-day", "empty-words", "unknown-field"])
def test_a_malformed_entry_is_one_line_naming_file_entry_and_field(
        data_copy, change, entry_id, field, problem):
    message = load_error(data_copy, broken(change))
    assert f"id {entry_id}" in message, message
    assert f"field '{field}'" in message, message
    assert problem in message, message


def test_a_repeated_id_names_both_places(data_copy):
    document = raw_texts()
    document["texts"].append(json.loads(json.dumps(document["texts"][0])))
    message = load_error(data_copy, document)
    assert "duplicate id 1972-tanaka-zhou" in message and "field 'id'" in message


def test_a_side_marked_not_available_is_shown_as_missing_not_quoted(data_copy):
    document = raw_texts()
    side = entry(document, "2014-four-points")["sides"][1]
    side.pop("passages")
    side.update(kind="not-available", unavailable="Japan's page was not found.",
                reported="A newspaper says Japan's text speaks of views.")
    write(data_copy, document)
    files.clear_cache()
    shown = sj.compare_texts("2014-four-points")
    assert "not available to this module" in shown.html
    assert "not available to this module" in shown.text.lower()
    assert "\u201cA newspaper says" not in shown.text  # a report is never made a quotation
    assert "A newspaper says Japan&#x27;s text speaks of views." in shown.html


# ------------------------------------------------------------------ the display

@pytest.mark.parametrize("text_id", list(REQUIRED))
def test_compare_texts_shows_both_sides_wording_escaped_and_a_text_version(text_id):
    shown = sj.compare_texts(text_id)
    contested = ct.contested_text(text_id)
    whole, text = shown._repr_html_(), str(shown)
    assert "Text version of this comparison" in whole
    assert "compare the two columns yourself first" in whole  # the note waits, folded
    page = whole.split("<details><summary>Text version")[0]  # not the text version
    assert page.count("<td>") == 2 and 'scope="col">China: ' in page and \
        'scope="col">Japan: ' in page
    for side in contested.sides:
        for passage in side.passages:
            assert html.escape(passage.words) in page, (text_id, passage.words[:40])
            assert passage.words in text, (text_id, passage.words[:40])
        assert html.escape(side.url, quote=True) in page and side.url in text
        assert html.escape(side.publisher) in page and side.publisher in text
    assert html.escape(contested.differences) in page and contested.differences in text
    for reading in contested.later:
        assert html.escape(reading.reading) in page and reading.reading in text
    assert sj.compare_texts(text_id, text=True) == text


def test_quotation_marks_and_markup_in_a_text_are_escaped(data_copy):
    document = raw_texts()
    words = entry(document, "2014-four-points")["sides"][0]["passages"][0]
    words["words"] = '<script>alert("x")</script> & "positions"'
    write(data_copy, document)
    files.clear_cache()
    page = sj.compare_texts("2014-four-points").html
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;positions&quot;" in page


def test_the_comparison_is_an_ordinary_output_that_a_static_export_keeps():
    from IPython.core.formatters import format_display_data

    bundle, _ = format_display_data(sj.compare_texts("2014-four-points"))
    assert "different positions exist between them" in bundle["text/html"]
    assert "different views as to the emergence" in bundle["text/plain"]
    assert "<script" not in bundle["text/html"]  # nothing a static page would have to run


def test_an_unknown_id_is_a_clear_error_listing_the_known_ids():
    with pytest.raises(KeyError) as caught:
        sj.compare_texts("2014-four-point")
    message = str(caught.value)
    assert "no contested text '2014-four-point'" in message
    assert all(text_id in message for text_id in ct.contested_text_ids())


# ------------------------------------------------------------------ lessons and the quiz

def code_cells(lesson: str) -> list[str]:
    path = next((REPO / "lessons").glob(f"{lesson}-*.ipynb"))
    notebook = json.loads(path.read_text(encoding="utf-8"))
    return ["".join(c["source"]).strip() for c in notebook["cells"] if c["cell_type"] == "code"]


def test_each_text_is_shown_by_its_lesson_in_one_call():
    for text in ct.contested_texts().values():
        assert f'sj.compare_texts("{text.id}")' in code_cells(text.lesson), text.id


def test_every_compare_texts_call_in_the_lessons_names_a_known_text():
    calls = [re.fullmatch(r'sj\.compare_texts\("([^"]+)"\)', cell)
             for path in sorted((REPO / "lessons").glob("*.ipynb"))
             for cell in code_cells(path.name[:2]) if "compare_texts" in cell]
    assert len(calls) >= len(REQUIRED) and all(calls)  # thin cells: one call each
    assert {c[1] for c in calls} <= set(ct.contested_text_ids())


def test_lesson_outlines_read_the_call_as_a_text_comparison():
    from sinojapan.course.outline import outline

    shown = [s for s in outline("09").shown if s.kind == "texts"]
    assert [s.args for s in shown] == [("2014-four-points",)]


def test_bank_09_asks_what_differs_between_the_two_2014_texts_and_grades_it():
    question = next(q for q in sj.quiz_bank("09").questions if q.id == "s09-two-texts")
    assert question.TYPE == "multiple"
    right = [i for i, o in enumerate(question.options) if o.correct]
    wrong = [i for i, o in enumerate(question.options) if not o.correct]
    assert len(right) == 3 and wrong
    assert question.check(right).score == 1
    assert question.check(right[:2]).score == pytest.approx(2 / 3, abs=1e-3)
    assert question.check([*right, wrong[0]]).score < 1
    assert question.check(wrong).score == 0
    text = ct.contested_text("2014-four-points")
    for government in ("china", "japan"):  # the explanation cites both texts' words
        words = text.side(government).passages[0].words
        fragment = words[words.index("different"):][:60]
        assert fragment in question.explanation, government
    assert "Japan Times, 23 February 2015" in question.explanation


def test_the_columns_read_left_to_right_and_long_addresses_wrap():
    """JupyterLab right-aligns table cells and a long address overflowed its column (a
    walk of lessons 01-09): the comparison's own style wins, and anything wraps."""
    from sinojapan.pictures.text_comparison import STYLE

    assert "text-align: left !important" in STYLE and "overflow-wrap: anywhere" in STYLE
