"""The content in data/: it loads with the right shapes and types, and a broken file
gives one clear error naming the file, the row and the field."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from pathlib import Path

import pandas as pd
import pytest

import sinojapan as sj
from sinojapan.content import files

REPO = Path(__file__).resolve().parents[1]
REFERENCE = REPO.parent / "shared" / "reference" / "chronology.csv"


@pytest.fixture(autouse=True)
def fresh_cache():
    files.clear_cache()
    yield
    files.clear_cache()


def edit_events(folder: Path, change) -> None:
    path = folder / "events.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    fields = list(rows[0])
    rows, fields = change(rows, fields) or (rows, fields)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def load_error(loader=sj.load_all) -> files.DataError:
    with pytest.raises(files.DataError) as caught:
        loader()
    return caught.value


# ------------------------------------------------------------------ the real content

PINNED = ("title", "date", "sources", "stage", "confidence", "summary")
ADDED = "added"  # an event verified after the reference chronology: project_value is its title
REFERENCE_EVENTS = 82
DATE_SHAPES = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}


def differences_from_reference(events, reference, updates):
    """Every (id, field) -> (reference value, project value) where the project differs from
    the reference chronology in a pinned field. A reference event is found by its title,
    or, when data/source_updates.csv records a new title, through that record."""
    renamed = {u["reference_value"]: u["id"] for u in updates if u["field"] == "title"}
    by_title = {title: id_ for id_, title in events["title"].items()}
    found, differences = set(), {}
    for row in reference:
        id_ = renamed.get(row["title"], by_title.get(row["title"]))
        assert id_ in events.index, f"reference event missing from events.csv: {row['title']!r}"
        assert id_ not in found, f"two reference events map to {id_}"
        found.add(id_)
        event = events.loc[id_]
        project = {"title": event["title"], "sources": " ; ".join(event["sources"]),
                   "summary": event["summary"],
                   "stage": event["stage"], "confidence": event["confidence"],
                   "date": event["date"].strftime(DATE_SHAPES[event["date_precision"]])}
        ref = {"title": row["title"], "sources": row["source"], "stage": row["stage"],
               "summary": row["summary"],
               "confidence": row["confidence"], "date": row["date"]}
        for field in PINNED:
            if project[field] != ref[field]:
                differences[(id_, field)] = (ref[field], project[field])
    return differences, found


def test_every_reference_event_is_kept_with_its_source():
    """The project may differ from the reference chronology only as recorded, with a
    reason, in data/source_updates.csv: one row per changed field of an event (summaries
    included), and one 'added' row for each event verified after the reference."""
    events = sj.events()
    with (files.data_dir() / "source_updates.csv").open(encoding="utf-8", newline="") as handle:
        updates = list(csv.DictReader(handle))
    columns = ["id", "field", "reference_value", "project_value", "reason"]
    assert updates and list(updates[0]) == columns
    recorded = {}
    added = {u["id"]: u for u in updates if u["field"] == ADDED}
    for u in added.values():
        assert u["reference_value"] == "" and u["project_value"] == events.loc[u["id"], "title"], u
        assert u["reason"].strip(), u
    assert len(events) == REFERENCE_EVENTS + len(added)
    updates = [u for u in updates if u["field"] != ADDED]
    for u in updates:
        assert u["field"] in PINNED, u
        assert u["id"] in events.index, u
        assert u["reason"].strip(), u
        assert u["reference_value"] != u["project_value"], u
        assert (u["id"], u["field"]) not in recorded, u
        recorded[(u["id"], u["field"])] = (u["reference_value"], u["project_value"])
    if REFERENCE.exists():  # beside the checkout in development and CI
        with REFERENCE.open(encoding="utf-8") as handle:
            reference = list(csv.DictReader(handle))
        assert len(reference) == REFERENCE_EVENTS
        differences, found = differences_from_reference(events, reference, updates)
        assert set(events.index) - found == set(added), \
            "an event not in the reference must be recorded as added"
        unrecorded = {k: v for k, v in differences.items() if recorded.get(k) != v}
        assert not unrecorded, f"differences not recorded in source_updates.csv: {unrecorded}"
        stale = {k: v for k, v in recorded.items() if differences.get(k) != v}
        assert not stale, f"source_updates.csv records changes that are not in the data: {stale}"


def test_events_have_proper_dtypes():
    events = sj.events()
    assert pd.api.types.is_datetime64_any_dtype(events["date"])
    for column in ("category", "stage", "confidence", "date_precision"):
        assert isinstance(events[column].dtype, pd.CategoricalDtype), column
    assert list(events["stage"].cat.categories) == ["1", "2", "3", "4", "post"]
    assert events["date"].is_monotonic_increasing
    assert events.index.is_unique


def test_event_precision_spans_the_right_period():
    events = sj.events()
    textbook = events.loc["1982-history-textbook-controversy"]
    assert textbook["date_precision"] == "year"
    assert (textbook["date"], textbook["date_end"]) == (
        pd.Timestamp("1982-01-01"), pd.Timestamp("1982-12-31"))
    carriers = events.loc["1996-03-us-sends-two-carrier"]
    assert carriers["date_end"] == pd.Timestamp("1996-03-31")


def test_stage_counts_match_the_chronology_notes():
    """The notes' counts (section 6), plus the events verified after the reference and
    recorded as added in data/source_updates.csv."""
    events = sj.events()
    counts = events["stage"].value_counts().to_dict()
    expected = {"1": 12, "2": 21, "3": 9, "4": 16, "post": 24}
    with (files.data_dir() / "source_updates.csv").open(encoding="utf-8", newline="") as handle:
        for u in csv.DictReader(handle):
            if u["field"] == ADDED:
                expected[events.loc[u["id"], "stage"]] += 1
    assert counts == expected


def test_stages_are_ordered_and_the_note_says_they_are_a_reading():
    stages = sj.stages()
    assert list(stages.index) == ["1", "2", "3", "4", "post"]
    assert (stages["start"].iloc[1:].to_numpy() > stages["end"].iloc[:-1].to_numpy()).all()
    assert stages.loc["4", "end"] == pd.Timestamp("2012-11-16")  # the essay's date
    assert "interpretation" in sj.stage_note()


def test_every_series_loads_with_numbers_and_gaps_left_missing():
    for series_id in sj.series_ids():
        frame = sj.series(series_id)
        meta = sj.series_info(series_id)
        assert frame[meta["time"]].dtype == "int64"
        for column in meta["values"]:
            assert frame[column].dtype == "float64", (series_id, column)
        assert meta["caveats"] and meta["source"] and meta["publisher"]
    visitors = sj.series("visitors")
    assert not set(visitors["year"]) & {2000, 2001, 2002}  # missing years stay missing
    impressions = sj.series("impressions")
    assert impressions["favorable_pct"].isna().any()  # blank cells stay NaN


def test_a_series_frame_is_a_fresh_copy_without_metadata_to_drag_along():
    # pandas deep-copies `attrs` on every operation: metadata kept there made each chart
    # and each student's own pandas step copy the series' sources and caveats again.
    frame = sj.series("milex")
    assert frame.attrs == {}
    frame.loc[:, "year"] = 0
    assert (sj.series("milex")["year"] > 1900).all()


def test_data_is_found_from_any_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(files.DATA_ENV, raising=False)
    assert files.data_dir() == REPO / "data"
    assert len(sj.events()) >= 82


def test_essay_parts_cover_the_essay():
    parts = sj.essay_parts()
    paragraphs = sorted({p for ps in parts["paragraphs"] for p in ps})
    assert paragraphs == list(range(1, 17))
    used = {p for ps in sj.events()["essay_parts"] for p in ps}
    assert used <= set(parts.index)


# ------------------------------------------------------------------ broken files

def message_names(error: files.DataError, *fragments: str) -> None:
    text = str(error)
    for fragment in fragments:
        assert fragment in text, f"{fragment!r} not in {text!r}"


def test_wrong_date_names_file_line_id_and_field(data_copy):
    def change(rows, fields):
        rows[14]["date"] = "1995-13-15"
    edit_events(data_copy, change)
    error = load_error()
    message_names(error, "events.csv", "line 16", "1995-05-15-chinese-nuclear-test-prompts",
                  "field 'date'", "not a real calendar date")


def test_date_that_disagrees_with_its_precision(data_copy):
    def change(rows, fields):
        rows[6]["date"] = "1982-06"  # the textbook row says precision 'year'
    edit_events(data_copy, change)
    message_names(load_error(), "line 8", "field 'date'", "precision 'year'", "expected YYYY")


def test_unknown_category_lists_the_allowed_ones(data_copy):
    def change(rows, fields):
        rows[0]["category"] = "diplomatic"
    edit_events(data_copy, change)
    message_names(load_error(), "events.csv", "line 2", "field 'category'", "'diplomatic'",
                  "security, diplomacy")


def test_duplicate_id_points_at_the_first_use(data_copy):
    def change(rows, fields):
        rows[3]["id"] = rows[2]["id"]
    edit_events(data_copy, change)
    message_names(load_error(), "line 5", "field 'id'", "already used on line 4")


def test_stage_must_agree_with_the_date(data_copy):
    def change(rows, fields):
        rows[0]["stage"] = "3"
    edit_events(data_copy, change)
    message_names(load_error(), "line 2", "field 'stage'", "outside stage 3")


def test_empty_source_is_refused(data_copy):
    def change(rows, fields):
        rows[10]["sources"] = "  "
    edit_events(data_copy, change)
    message_names(load_error(), "line 12", "field 'sources'", "is empty")


def test_missing_column_names_it(data_copy):
    def change(rows, fields):
        for row in rows:
            del row["confidence"]
        return rows, [f for f in fields if f != "confidence"]
    edit_events(data_copy, change)
    message_names(load_error(), "events.csv", "line 1", "missing column(s) confidence")


def test_empty_file(data_copy):
    (data_copy / "events.csv").write_text("", encoding="utf-8")
    message_names(load_error(), "events.csv", "the file is empty")


def test_header_without_rows(data_copy):
    path = data_copy / "events.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    message_names(load_error(), "events.csv", "no rows")


def test_wrong_encoding_names_the_line(data_copy):
    path = data_copy / "events.csv"
    text = path.read_text(encoding="utf-8").replace("Kaifu visits Beijing", "Kaifu visits Pékin")
    path.write_bytes(text.encode("latin-1"))
    error = load_error()
    message_names(error, "events.csv", "not valid UTF-8", "line 13")


def test_unknown_essay_part(data_copy):
    def change(rows, fields):
        rows[1]["essay_parts"] = "stage-one"
    edit_events(data_copy, change)
    message_names(load_error(), "line 3", "field 'essay_parts'", "'stage-one'")


def test_stray_comma_in_a_row(data_copy):
    path = data_copy / "events.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[4] += ",extra"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    message_names(load_error(), "line 5", "11 cells but the header has 10 columns")


def test_yaml_syntax_error_names_the_line(data_copy):
    path = data_copy / "stages.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  - id: \"2\"", "  - id: [\"2\""),
                    encoding="utf-8")
    message_names(load_error(sj.stages), "stages.yaml", "not valid YAML", "line ")


def test_schema_error_names_the_stage_and_field(data_copy):
    path = data_copy / "stages.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('"#56B4E9"', "light blue"),
                    encoding="utf-8")
    error = load_error(sj.stages)
    message_names(error, "stages.yaml", "(id 2)", "field 'colour'", "light blue")


def test_overlapping_stages(data_copy):
    path = data_copy / "stages.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        'start: "2008-01-01"', 'start: "2007-06-01"'), encoding="utf-8")
    message_names(load_error(sj.stages), "stages.yaml", "id 3", "field 'start'", "overlap")


def test_series_value_that_is_not_a_number(data_copy):
    path = data_copy / "series" / "visitors_china_to_japan_jnto.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("448782", "448,782 approx", 1), encoding="utf-8")
    error = load_error(lambda: sj.series("visitors"))
    message_names(error, "visitors_china_to_japan_jnto.csv", "line 2")


def test_series_duplicate_year(data_copy):
    path = data_copy / "series" / "trade_japan_china_mof_jpy_2001_2019.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.append(lines[1])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    error = load_error(lambda: sj.series("trade_mof"))
    message_names(error, "trade_japan_china_mof_jpy_2001_2019.csv", "line 21",
                  "duplicate row for 2001", "already used on line 2")


def test_series_metadata_naming_a_missing_column(data_copy):
    path = data_copy / "series" / "series.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "gdp_current_usd: {label", "gdp_usd: {label"), encoding="utf-8")
    error = load_error(lambda: sj.series("gdp"))
    message_names(error, "gdp_current_usd_china_japan_usa_worldbank.csv",
                  "missing column(s) gdp_usd")


def test_unknown_series_lists_the_known_ones():
    with pytest.raises(KeyError, match=re.escape("known series: affinity")):
        sj.series("tourists")


def test_missing_data_folder_is_explained(tmp_path, monkeypatch):
    monkeypatch.setenv(files.DATA_ENV, str(tmp_path / "nowhere"))
    message_names(load_error(), "nowhere", "does not exist")


# ------------------------------------------------------------------ the schemas

SCHEMAS = sorted((REPO / "data" / "schemas").glob("*.schema.json"))


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_schemas_are_valid_json_schema_and_accept_the_real_files(path):
    import json

    import jsonschema
    import yaml

    schema = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    for target in schema_targets(path):
        document = yaml.safe_load((REPO / "data" / target).read_text(encoding="utf-8"))
        assert list(jsonschema.Draft202012Validator(schema).iter_errors(document)) == [], target


def schema_targets(path: Path) -> list[str]:
    """The content files that a schema describes."""
    targets = {"series.schema.json": ["series/series.yaml"],
               "course_settings.schema.json": ["../tests/course-settings-example.yaml",
                                               "../lessons/course-settings.yaml"],
               "quiz.schema.json": sorted(str(p.relative_to(REPO / "data"))
                                          for p in (REPO / "data/quizzes").glob("*.yaml")),
               "scenario.schema.json": sorted(str(p.relative_to(REPO / "data")) for p in
                                              (REPO / "data/scenarios").glob("*.yaml"))}
    return targets.get(path.name, [path.name.replace(".schema.json", ".yaml")])


def breakages(document, path=()):
    """Ways to break a document, one change each: at every node, a value of the wrong
    type, and in every mapping a missing key and an unknown one; every list emptied."""
    yield path, "wrong type", lambda node: 12345 if isinstance(node, str) else "text"
    if isinstance(document, dict):
        for key, value in document.items():
            yield path, f"drop {key}", lambda node, k=key: {n: v for n, v in node.items()
                                                             if n != k}
            yield from breakages(value, (*path, key))
        yield path, "unknown key", lambda node: {**node, "unexpected_key": 1}
    elif isinstance(document, list):
        yield path, "empty list", lambda node: []
        for index, value in enumerate(document[:3]):
            yield from breakages(value, (*path, index))


def changed(document, path, change):
    if not path:
        return change(document)
    copy = json.loads(json.dumps(document))
    node = copy
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = change(node[path[-1]])
    return copy


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_our_schema_checker_agrees_with_jsonschema_on_broken_documents(path):
    import jsonschema
    import yaml

    from sinojapan.content.schema_check import first_problem

    schema = json.loads(path.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    checked = 0
    for target in schema_targets(path)[:2]:
        good = yaml.safe_load((REPO / "data" / target).read_text(encoding="utf-8"))
        good = json.loads(json.dumps(good, default=str))
        assert first_problem(good, schema) is None, target
        for where, what, change in breakages(good):
            document = changed(good, where, change)
            ours = first_problem(document, schema)
            theirs = list(validator.iter_errors(document))
            assert (ours is None) == (not theirs), (target, where, what, ours, theirs[:1])
            if ours:
                paths = [list(e.absolute_path) for e in theirs]
                assert ours.path in paths or any(ours.path[:len(p)] == p for p in paths), \
                    (target, where, what, ours.path, paths)
            checked += 1
    assert checked >= 10


def test_stage_labels_come_from_stages_yaml(data_copy):
    path = data_copy / "stages.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("label: Stage 2", "label: Phase 2")
                    .replace('short_label: "2"', "short_label: P2"), encoding="utf-8")
    stages = sj.stages()
    assert stages.loc["2", "title"] == "Phase 2: Concerns emerge"
    assert stages.loc["post", "title"] == "After the essay"  # the label is its name
    figure = sj.timeline().figure
    bands = [a.text for a in figure.layout.annotations if (a.name or "") == "stage 2"]
    assert bands in (["Phase 2"], ["P2"])
    buttons = [b.label for b in figure.layout.updatemenus[0].buttons]
    assert "Phase 2" in buttons and "Stage 2" not in buttons
    assert "Phase 2: Concerns emerge" in sj.timeline(text=True)


def test_the_citation_comes_from_reading_yaml(data_copy):
    path = data_copy / "reading.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("November 16, 2012.\nessay",
                                                             "16 November 2012.\nessay"),
                    encoding="utf-8")
    assert sj.essay_citation().endswith("Policy Research, 16 November 2012.")


# ------------------------------------------------------------------ hostile or odd input

def test_a_script_address_in_sources_is_refused(data_copy):
    def change(rows, fields):
        rows[0]["sources"] = "javascript:alert(document.cookie)"
    edit_events(data_copy, change)
    message_names(load_error(), "line 2", "field 'sources'", "not a web address")


def test_markup_in_content_is_shown_as_text_in_tables(data_copy):
    path = data_copy / "stages.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "name: Concerns emerge", 'name: "<img src=x onerror=alert(1)>"'), encoding="utf-8")
    parts = data_copy / "essay_parts.yaml"
    text = parts.read_text(encoding="utf-8")
    first_summary = re.search(r"summary: (.+)", text)
    parts.write_text(text.replace(first_summary[0], 'summary: "<b onmouseover=x>hi</b>"', 1),
                     encoding="utf-8")
    for table in (sj.stage_table(), sj.essay_map()):
        rendered = table.to_html()
        assert "<img" not in rendered and "<b onmouseover" not in rendered
    assert "&lt;img src=x" in sj.stage_table().to_html()


def test_a_line_break_inside_a_quoted_cell_is_kept(data_copy):
    def change(rows, fields):
        rows[0]["summary"] = "First line.\nSecond line."
    edit_events(data_copy, change)
    first = sj.events().iloc[0]
    assert first["summary"] == "First line.\nSecond line."
    with (data_copy / "events.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))

    def later(rows, fields):
        rows[5]["date"] = "1999-99-99"
    edit_events(data_copy, later)
    files.clear_cache()
    message_names(load_error(), "line 8", f"(id {rows[5]['id']})")  # physical line numbers


def test_a_key_given_twice_in_yaml_is_refused(data_copy):
    path = data_copy / "stages.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    name: Concerns emerge\n",
                                 "    name: Concerns emerge\n    name: Second name\n"),
                    encoding="utf-8")
    message_names(load_error(), "stages.yaml", "line", "'name' appears twice")


@pytest.mark.parametrize("cell", ["NaN", "inf", "1_000", "\uff11\uff12\uff13", "12,5", "n/a"])
def test_series_cells_must_be_plain_numbers(data_copy, cell):
    path = data_copy / "series" / "visitors_china_to_japan_jnto.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    column = header.index("visitors_from_china_persons")
    cells = next(csv.reader([lines[1]]))
    cells[column] = cell
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(cells)
    lines[1] = buffer.getvalue()
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    error = load_error(lambda: sj.series("visitors"))
    message_names(error, "visitors_china_to_japan_jnto.csv", "line 2",
                  "field 'visitors_from_china_persons'", "is not a number")


def test_a_table_shows_every_cell_in_full_and_escaped():
    long_title = "A title longer than the fifty characters pandas shows in a cell <b>x</b>"
    frame = pd.DataFrame({"date": [pd.Timestamp("1998-11-26")], "title": [long_title],
                          "years": [0.0]}).set_index("date")
    rendered = sj.table(frame, "caption & more").to_html()
    assert html.escape(long_title) in rendered and "<b>x</b>" not in rendered
    assert "<th scope=\"col\">date</th>" in rendered and "26 Nov 1998" in rendered
    assert "<caption>caption &amp; more</caption>" in rendered
    assert long_title in str(sj.table(frame))


def test_lesson_06_milestones_table_shows_the_titles_in_full():
    notebook = json.loads((REPO / "lessons" / "06-next-step.ipynb").read_text(encoding="utf-8"))
    cell = next("".join(c["source"]) for c in notebook["cells"]
                if "".join(c["source"]).startswith("steps = sj.events()"))
    namespace = {"sj": sj}
    lines = cell.strip().splitlines()
    start = max(i for i, line in enumerate(lines) if line.startswith("sj.table("))
    exec("\n".join(lines[:start]), namespace)
    shown = eval("\n".join(lines[start:]), namespace).to_html()
    titles = list(namespace["steps"]["title"])
    assert max(map(len, titles)) > 50  # longer than a plain DataFrame display shows
    for title in titles:
        assert html.escape(title) in shown
