"""The crisis simulation: scenario files are checked at load with one-line errors, both
sides can be played to an end, the path is saved and restored like quiz answers, and
the static page shows the whole tree."""

from __future__ import annotations

import html
import json
import re
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml

import sinojapan as sj
from sinojapan.content import files
from sinojapan.progress.store import Progress
from sinojapan.simulation.engine import PathError, historical_choices, walk
from sinojapan.simulation.view import shown_options

REPO = Path(__file__).resolve().parents[1]
TRAWLER = "2010-trawler"


def text_of(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


@pytest.fixture
def data_folder(tmp_path, monkeypatch):
    copy = tmp_path / "data"
    shutil.copytree(REPO / "data", copy)
    monkeypatch.setenv(files.DATA_ENV, str(copy))
    files.clear_cache()
    yield copy
    files.clear_cache()


def edit(folder: Path, change, scenario_id: str = TRAWLER) -> None:
    """Apply `change(raw, nodes_by_id)` to the scenario's file in `folder`."""
    path = folder / "scenarios" / f"{scenario_id}.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(raw, {n["id"]: n for n in raw["nodes"]})
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")


def broken(folder: Path, change, scenario_id: str = TRAWLER) -> str:
    """Load the scenario after `change(raw, nodes_by_id)`; the one-line error it gives,
    which `sj.load_all()`, the whole check of content, gives too."""
    edit(folder, change, scenario_id)
    with pytest.raises(files.DataError) as caught:
        sj.load_scenario(scenario_id)
    message = str(caught.value)
    assert "\n" not in message
    with pytest.raises(files.DataError) as whole:
        sj.load_all()
    assert str(whole.value) == message
    return message


def in_file(folder: Path, rest: str, scenario_id: str = TRAWLER) -> str:
    """The whole message of an error in the scenario's file: its path, then `rest`."""
    return f"{folder / 'scenarios' / f'{scenario_id}.yaml'}, {rest}"


def says(message: str, *fragments: str) -> None:
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in {message!r}"


def option(node: dict, option_id: str) -> dict:
    return next(o for o in node["options"] if o["id"] == option_id)


# ------------------------------------------------------------------ the files as shipped

def test_the_scenarios_the_lessons_play_are_shipped():
    assert {"2010-trawler", "2012-purchase"} <= set(sj.scenario_ids())


@pytest.mark.parametrize("scenario_id", sj.scenario_ids())  # a new file gets every check
def test_every_shipped_scenario_loads_and_each_side_reaches_the_record(scenario_id):
    scenario = sj.load_scenario(scenario_id)
    assert set(scenario.sides) == {"tokyo", "beijing"}
    for side in scenario.sides:
        steps = walk(scenario, side, historical_choices(scenario, side))
        assert steps[-1].node.ending and steps[-1].node.historical
        assert all(s.node.side == side for s in steps)


def test_the_2010_scenario_has_the_five_decision_points_of_the_record_for_both_sides():
    scenario = sj.load_scenario(TRAWLER)
    record = {"2010-09-07-chinese-trawler-collides-japan", "2010-09-08-trawler-captain-arrested",
              "2010-09-19-china-suspends-ministerial-level",
              "2010-09-21-rare-earth-shipments-japan", "2010-09-24-prosecutors-release-captain"}
    for side in ("tokyo", "beijing"):
        steps = walk(scenario, side, historical_choices(scenario, side))
        decisions = [s for s in steps if s.option]
        assert len(decisions) == 5
        cited = {e for s in decisions for e in (*s.node.known, *s.node.actual_events,
                                                 *s.option.events)}
        assert record <= cited, record - cited
        for step in decisions:
            assert 2 <= len(step.node.options) <= 4
            for choice in step.node.options:
                assert choice.historical or choice.paragraphs, choice.id


def test_a_second_scenario_needs_only_a_file(data_folder):
    source = yaml.safe_load((data_folder / "scenarios" / "2012-purchase.yaml")
                            .read_text(encoding="utf-8"))
    source["id"] = "copy-of-2012"
    source["title"] = "A copy, to show that a file is all a scenario needs"
    (data_folder / "scenarios" / "copy-of-2012.yaml").write_text(
        yaml.safe_dump(source, allow_unicode=True), encoding="utf-8")
    assert "copy-of-2012" in sj.scenario_ids()
    view = sj.scenario("copy-of-2012", progress=Progress(data_folder / "p.json"))
    assert "A copy, to show" in view.static_html()
    assert "scenarios/copy-of-2012" in sj.load_all()


# ------------------------------------------------------------------ one-line errors

def test_unknown_node(data_folder):
    message = broken(data_folder, lambda raw, nodes: option(nodes["t-detention"], "extend")
                     .update(next="t-suspensoin"))
    says(message, "2010-trawler.yaml", "node t-detention, option extend", "field 'next'",
         "unknown node 't-suspensoin'")


def test_unknown_start_node(data_folder):
    message = broken(data_folder, lambda raw, nodes: raw["sides"][1].update(start="b-nowhere"))
    says(message, "side beijing", "field 'start'", "unknown node 'b-nowhere'")


def test_unreachable_node(data_folder):
    def change(raw, nodes):
        option(nodes["t-collision"], "send-home")["next"] = "t-detention"
    says(broken(data_folder, change), "node t-end-no-arrest", "field 'id'", "unreachable node")


def test_dead_end(data_folder):
    message = broken(data_folder, lambda raw, nodes: nodes["t-end-standoff"].pop("ending"))
    says(message, "node t-end-standoff", "field 'options'", "dead end")


def test_cycle_with_no_exit(data_folder):
    def change(raw, nodes):
        option(nodes["b-extension"], "keep-talking")["next"] = "b-loop"
        raw["nodes"].append({
            "id": "b-loop", "side": "beijing", "date": "2010-09-20", "title": "round again",
            "text": "Talks go round.", "actual": "Nothing.", "options": [
                {"id": "again", "text": "Again", "next": "b-loop", "historical": True,
                 "consequence": "Round."},
                {"id": "back", "text": "Back", "next": "b-loop-2", "paragraphs": [13],
                 "consequence": "Round."}]})
        raw["nodes"].append({
            "id": "b-loop-2", "side": "beijing", "date": "2010-09-20", "title": "and again",
            "text": "Still round.", "actual": "Nothing.", "options": [
                {"id": "on", "text": "On", "next": "b-loop", "historical": True,
                 "consequence": "Round."},
                {"id": "stay", "text": "Stay", "next": "b-loop-2", "paragraphs": [13],
                 "consequence": "Round."}]})
    message = broken(data_folder, change)
    says(message, "field 'options'", "cycle with no exit", "b-loop", "never reaches an ending")


def test_a_cycle_with_an_exit_is_allowed(data_folder):
    # Talking on comes back to the same decision (a loop on one day), which can still be
    # left; the sides keep the same number of decisions.
    edit(data_folder, lambda raw, nodes: option(nodes["b-extension"], "keep-talking")
         .update(next="b-extension"))
    sj.load_all()
    scenario = sj.load_scenario(TRAWLER)
    steps = walk(scenario, "beijing",
                 ["protest", "summon", "keep-talking", "keep-talking", "suspend"])
    assert steps[-1].node.id == "b-rare-earth"


def test_an_event_id_that_does_not_exist(data_folder):
    message = broken(data_folder, lambda raw, nodes: nodes["b-arrest"]["known"].append(
        "2010-09-08-no-such-event"))
    says(message, "node b-arrest", "field 'known'", "'2010-09-08-no-such-event'",
         "not in events.csv")


def test_an_event_not_yet_known_on_the_nodes_date(data_folder):
    message = broken(data_folder, lambda raw, nodes: nodes["t-collision"]["known"].append(
        "2010-09-24-prosecutors-release-captain"))
    says(message, "node t-collision", "field 'known'", "was not known yet on 7 Sep 2010")


def test_a_hypothesis_must_name_its_paragraphs_and_one_option_is_the_record(data_folder):
    message = broken(data_folder, lambda raw, nodes: option(nodes["t-apology"], "apologize")
                     .pop("paragraphs"))
    says(message, "node t-apology, option apologize", "field 'paragraphs'", "hypothesis")
    files.clear_cache()
    message = broken(data_folder, lambda raw, nodes: option(nodes["t-apology"], "apologize")
                     .update(historical=True))
    says(message, "node t-apology", "field 'options'", "exactly one option")


def test_a_schema_mistake_names_the_node_and_field(data_folder):
    message = broken(data_folder, lambda raw, nodes: nodes["t-collision"].update(date="7 Sept"))
    says(message, "2010-trawler.yaml", "t-collision", "field 'date'")


def test_a_date_that_is_no_calendar_day_is_named_not_a_pandas_error(data_folder):
    message = broken(data_folder, lambda raw, nodes: nodes["t-collision"].update(
        date="2012-02-30"))
    assert message == in_file(data_folder, "node t-collision, field 'date': '2012-02-30' is "
                              "not a real calendar date; give the day as YYYY-MM-DD")


def test_a_cycle_with_no_exit_that_cuts_off_the_endings_is_reported_as_a_cycle(data_folder):
    # The shape: the loop leaves the endings after it unreachable, and the
    # message named one of those endings instead of the loop.
    def change(raw, nodes):
        for choice in nodes["t-rare-earth"]["options"]:
            choice["next"] = "t-apology"
        for choice in nodes["t-apology"]["options"]:
            choice["next"] = "t-rare-earth"
    assert broken(data_folder, change) == in_file(
        data_folder, "node t-apology, field 'options': cycle with no exit: t-apology -> "
        "t-rare-earth -> t-apology never reaches an ending; give one of these nodes an "
        "option that leads out of the loop to an ending")


def test_a_cycle_with_no_exit_that_no_path_reaches_is_reported_as_a_cycle(data_folder):
    def change(raw, nodes):
        for this, other in (("b-island", "b-island-2"), ("b-island-2", "b-island")):
            raw["nodes"].append({
                "id": this, "side": "beijing", "date": "2010-09-20", "title": "round",
                "text": "Talks go round.", "actual": "Nothing.", "options": [
                    {"id": "on", "text": "On", "next": other, "historical": True,
                     "consequence": "Round."},
                    {"id": "stay", "text": "Stay", "next": this, "paragraphs": [13],
                     "consequence": "Round."}]})
    assert broken(data_folder, change) == in_file(
        data_folder, "node b-island, field 'options': cycle with no exit: b-island -> "
        "b-island-2 -> b-island never reaches an ending; give one of these nodes an option "
        "that leads out of the loop to an ending")


@pytest.mark.parametrize(("moved", "later", "earlier", "option", "shift"), [
    # an ending dated the day before the decision that leads to it
    ("t-end-standoff", "t-end-standoff", "t-rare-earth", "ask-quietly", -1),
    # a decision dated the day after the decision it leads to
    ("b-extension", "b-rare-earth", "b-extension", "suspend", None)],
    ids=["ending", "decision"])
def test_dates_never_go_backward_along_a_path(data_folder, moved, later, earlier, option,
                                             shift):
    raw = yaml.safe_load((data_folder / "scenarios" / f"{TRAWLER}.yaml").read_text("utf-8"))
    dates = {n["id"]: date.fromisoformat(n["date"]) for n in raw["nodes"]}
    assert option in [o["id"] for o in next(n for n in raw["nodes"] if n["id"] == earlier)
                      ["options"] if o.get("next") == later], "the test's path changed"
    new = (dates[earlier] + timedelta(days=shift) if shift is not None
           else dates[later] + timedelta(days=1))
    message = broken(data_folder, lambda raw, nodes: nodes[moved].update(date=str(new)))
    after = str(new) if moved == earlier else str(dates[earlier])
    before = str(new) if moved == later else str(dates[later])
    assert message == in_file(
        data_folder, f"node {later}, field 'date': '{before}' is before '{after}', the date of "
        f"node {earlier}, whose option '{option}' leads here; dates never go backward along "
        f"a path: date this node on or after '{after}'")


def test_a_scenario_is_played_from_both_sides(data_folder):
    def change(raw, nodes):
        raw["sides"] = [side for side in raw["sides"] if side["id"] != "beijing"]
        raw["nodes"] = [node for node in raw["nodes"] if node["side"] != "beijing"]
    assert broken(data_folder, change) == in_file(
        data_folder, "top level, field 'sides': no side 'beijing': every scenario is played "
        "from both sides, 'tokyo' (Japan's government) and 'beijing' (China's government); "
        "add it with its own nodes")


def test_a_side_is_tokyo_or_beijing(data_folder):
    message = broken(data_folder, lambda raw, nodes: raw["sides"][1].update(id="seoul"))
    assert message == in_file(
        data_folder, "side seoul, field 'id': unknown side 'seoul'; a scenario's sides are "
        "'tokyo' (Japan's government) and 'beijing' (China's government)")


def test_each_sides_role_names_its_government(data_folder):
    message = broken(data_folder, lambda raw, nodes: raw["sides"][0].update(
        role="You advise the government in Tokyo."))
    assert message == in_file(
        data_folder, "side tokyo, field 'role': the role does not name Japan: say whose "
        "government the student advises (\"You advise Japan's government, ...\")")


def test_both_sides_have_the_same_number_of_decision_points(data_folder):
    def change(raw, nodes):  # a sixth decision for Tokyo only
        option(nodes["t-apology"], "refuse")["next"] = "t-statement"
        raw["nodes"].append({
            "id": "t-statement", "side": "tokyo", "date": "2010-09-25", "title": "a statement",
            "text": "Beijing asks again.", "actual": "Tokyo refused again.", "options": [
                {"id": "refuse-again", "text": "Refuse again", "next": "t-end-record",
                 "historical": True, "consequence": "As on the record."},
                {"id": "soften", "text": "Soften", "next": "t-end-other-answer",
                 "paragraphs": [13], "consequence": "A hypothesis."}]})
    assert broken(data_folder, change) == in_file(
        data_folder, "side beijing, field 'nodes': 5 decision points, but side tokyo has 6; "
        "every side needs the same number of decision points (nodes with options): add to "
        "side beijing or take from side tokyo")


@pytest.mark.parametrize(("change", "expected"), [
    (lambda raw, nodes: option(nodes["t-detention"], "extend").update(
        consequence="Tokyo's defence of the arrest hardens."),
     "node t-detention, option extend, field 'consequence': British spelling 'defence': "
     "write 'defense' (the course uses American spelling)"),
    (lambda raw, nodes: nodes["b-arrest"]["lessons"].update(
        channels="Neither side had a programme for talks."),
     "node b-arrest, field 'lessons.channels': British spelling 'programme': write "
     "'program' (the course uses American spelling)")], ids=["option", "nested-field"])
def test_scenario_text_uses_american_spelling_and_leaves_addresses_alone(data_folder, change,
                                                                        expected):
    edit(data_folder, lambda raw, nodes: raw.update(
        intro=raw["intro"] + " See https://example.org/defence-white-paper."))
    sj.load_all()  # an address is not ours to respell
    files.clear_cache()
    assert broken(data_folder, change) == in_file(data_folder, expected)


def test_each_side_first_names_the_islands_by_both_names(data_folder):
    message = broken(data_folder, lambda raw, nodes: nodes["t-collision"].update(
        text=nodes["t-collision"]["text"].replace("Senkaku/Diaoyu", "Senkaku")))
    assert message == in_file(
        data_folder, "node t-collision, field 'text': side tokyo first names the islands "
        "'Senkaku': name them 'Senkaku/Diaoyu' (or 'Diaoyu/Senkaku') the first time each "
        "side's path does; either name may stand after that")


def test_the_reflection_must_be_a_question_of_its_bank(data_folder):
    message = broken(data_folder, lambda raw, nodes: raw["reflection"].update(
        question="s07-nothing"))
    says(message, "field 'question'", "no question 's07-nothing' in bank '07'")


# ------------------------------------------------------------------ playing it

def play(view, side: str, choices: list[str]) -> None:
    view.choose_side(side)
    for choice in choices:
        assert view.decide(choice) is not None


def shown(view) -> dict:
    """What the component draws (its one synced state)."""
    return view.widget.state


@pytest.mark.parametrize("side", ["tokyo", "beijing"])
def test_each_side_played_to_the_record_shows_the_record_and_the_debrief(tmp_path, side):
    view = sj.scenario(TRAWLER, progress=Progress(tmp_path / "progress.json"))
    assert shown(view)["current"] == "" and shown(view)["options"] == []
    record = historical_choices(view.scenario, side)
    play(view, side, record)
    state = shown(view)
    assert view.finished and state["finished"] and state["options"] == []
    text = text_of(state["log"] + state["current"])
    assert "What the government actually did" in text
    assert "Where the record went" in text and "Hypothesis" not in text
    debrief = text_of(state["debrief"])
    assert "You made 5 decisions; 5 matched" in debrief
    assert "Where the essay's recommendations bear on the record" in debrief
    assert "paragraph 14" in debrief and "Reflect:" in debrief
    assert "the reflection question of the quiz below" in debrief
    assert "s07-" not in debrief  # students see question numbers, never internal ids
    assert state["debrief"].count("<circle") == 10  # five decisions in each lane
    assert "The simulation has ended" in state["announce"]


def test_the_browser_plays_it_by_messages_each_carrying_its_choice(tmp_path):
    """The component's messages, as the page sends them: a side, then each decision with
    the option checked when Decide (or Enter) was pressed; after each, the state names
    the next decision and says what happened."""
    store = Progress(tmp_path / "progress.json")
    view = sj.scenario(TRAWLER, progress=store)
    assert [s["label"] for s in shown(view)["sides"]] == ["Advise Tokyo", "Advise Beijing"]
    view.widget.act("side", side="beijing")
    state = shown(view)
    assert state["side"] == "beijing" and state["node"] == "b-collision" and state["steps"] == 0
    assert state["legend"] == "Decision 1: what do you advise?"
    assert {o["id"] for o in state["options"]} == {o.id for o in view.scenario.nodes[
        "b-collision"].options}
    assert state["announce"].startswith("You advise Beijing. Decision 1, 7 Sep 2010")
    view.widget.act("side", side="tokyo")  # a second side is refused once a run began
    assert shown(view)["side"] == "beijing"
    view.widget.act("decide", option="protest")
    state = shown(view)
    assert state["steps"] == 1 and store.scenario_run(TRAWLER)["path"] == ["protest"]
    assert 'data-node="b-collision"' in state["log"] and "sj-outcome" in state["log"]
    assert state["announce"].startswith("You chose: Protest to Japan")
    assert "Your choice is what the government did." in state["announce"]
    assert "Next, decision 2, 8 Sep 2010" in state["announce"]
    view.widget.act("decide", option="protest")  # from a page a step behind: nothing taken
    view.widget.act("decide", option=["not", "an", "id"])
    view.widget.act("side", side={"not": "a side"})
    assert view.path == ["protest"]
    view.widget.act("restart")
    assert shown(view)["side"] is None and shown(view)["log"] == ""
    assert shown(view)["announce"].startswith("Started over")


def test_the_simulation_is_one_model():
    import ipywidgets

    before = set(ipywidgets.widgets.widget._instances)
    view = sj.scenario(TRAWLER, progress=Progress(Path("/nonexistent/p.json")))
    made = set(ipywidgets.widgets.widget._instances) - before
    assert view.widget.model_id in made
    assert len(made - {view.widget.layout.model_id}) == 1  # the layout is every component's


def test_a_choice_that_did_not_happen_is_labeled_a_hypothesis(tmp_path):
    view = sj.scenario(TRAWLER, progress=Progress(tmp_path / "progress.json"))
    view.choose_side("tokyo")
    outcome = text_of(view.decide("send-home"))
    assert "Hypothesis: this did not happen." in outcome
    assert "Argued from the essay, paragraphs 13, 14" in outcome
    assert "What the government actually did: Early the next day Japan arrested" in outcome
    assert view.finished
    assert "a hypothesis, not a fact" in text_of(shown(view)["current"])
    assert "You made 1 decision; 0 matched" in text_of(shown(view)["debrief"])
    assert "Hypothesis: this did not happen." in shown(view)["announce"]


def test_deciding_without_a_choice_says_so_each_time_and_saves_nothing(tmp_path):
    store = Progress(tmp_path / "progress.json")
    view = sj.scenario(TRAWLER, progress=store)
    view.choose_side("beijing")
    assert view.decide() is None
    assert "Choose an option first" in shown(view)["message"]
    said = shown(view)["said"]
    view.widget.act("decide", option=None)  # Decide pressed again with nothing checked
    assert shown(view)["said"] == said + 1  # so the live region says it again
    assert store.scenario_run(TRAWLER)["path"] == []


def test_options_are_shown_in_a_fixed_order_that_does_not_always_put_the_record_first():
    scenario = sj.load_scenario(TRAWLER)
    firsts = []
    for node in scenario.nodes.values():
        if node.options:
            order = shown_options(TRAWLER, node)
            assert order == shown_options(TRAWLER, node)
            assert sorted(order) == sorted((o.text, o.id) for o in node.options)
            firsts.append(order[0][1] == node.historical_option().id)
    assert not all(firsts)


def test_the_path_is_saved_at_each_decision_and_restored_after_a_restart(tmp_path):
    path = tmp_path / "progress.json"
    view = sj.scenario(TRAWLER, progress=Progress(path))
    play(view, "beijing", ["protest", "firm-but-quiet"])
    saved = json.loads(path.read_text(encoding="utf-8"))["scenarios"][TRAWLER]
    assert saved["side"] == "beijing" and saved["path"] == ["protest", "firm-but-quiet"]
    files.clear_cache()  # as a new kernel would
    again = sj.scenario(TRAWLER, progress=Progress(path))
    assert again.side == "beijing" and again.path == ["protest", "firm-but-quiet"]
    before, after = shown(view), shown(again)
    assert after["side"] == "beijing" and after["steps"] == 2
    assert after["log"] == before["log"] and after["current"] == before["current"]
    assert {o["id"] for o in after["options"]} == {"suspend", "keep-talking"}
    assert after["announce"] == ""  # nothing new happened: nothing to say


def test_start_over_clears_the_run_and_keeps_it_in_history(tmp_path):
    store = Progress(tmp_path / "progress.json")
    view = sj.scenario(TRAWLER, progress=store)
    play(view, "tokyo", historical_choices(view.scenario, "tokyo"))
    view.start_over()
    state = shown(view)
    assert view.side is None and state["log"] == "" and state["debrief"] == ""
    assert state["side"] is None and not state["finished"]
    record = store.scenario_run(TRAWLER)
    assert record["side"] is None and record["path"] == []
    assert record["history"][-1]["finished"] is True
    assert record["history"][-1]["path"] == historical_choices(view.scenario, "tokyo")
    view.widget.act("side", side="beijing")  # choosing a side by its button starts a new run
    assert view.side == "beijing" and store.scenario_run(TRAWLER)["side"] == "beijing"


def test_a_saved_path_that_no_longer_fits_is_kept_in_history(tmp_path):
    store = Progress(tmp_path / "progress.json")
    store.save_scenario_run(TRAWLER, "tokyo", ["arrest", "an-option-since-removed"], False)
    view = sj.scenario(TRAWLER, progress=store)
    assert view.side is None and "no longer fits" in shown(view)["message"]
    assert store.scenario_run(TRAWLER)["history"][-1]["path"][-1] == "an-option-since-removed"
    with pytest.raises(PathError, match="no option 'nope'"):
        walk(view.scenario, "tokyo", ["nope"])


def test_a_damaged_saved_path_is_set_aside_and_the_answers_kept(tmp_path):
    path = tmp_path / "progress.json"
    path.write_text(json.dumps({"version": 1, "answers": {"07": {}},
                                "scenarios": {TRAWLER: {"side": "tokyo", "path": "arrest"}}}))
    with pytest.warns(UserWarning, match="simulation 2010-trawler"):
        view = sj.scenario(TRAWLER, progress=Progress(path))
    assert view.side is None and "damaged" in shown(view)["message"]
    assert list(tmp_path.glob("progress.damaged-*.json"))
    said = shown(view)["said"]
    view.choose_side("tokyo")
    view.decide("arrest")
    assert "damaged" in shown(view)["message"]  # still shown, but not said at each step
    assert shown(view)["said"] == said


def test_where_nothing_can_be_saved_the_run_goes_on_and_the_student_is_told(tmp_path):
    folder = tmp_path / "a-folder.json"
    folder.mkdir()  # a path that is a folder cannot be written
    with pytest.warns(UserWarning):
        view = sj.scenario(TRAWLER, progress=Progress(folder))
        view.choose_side("tokyo")
        view.decide("arrest")
    assert view.path == ["arrest"] and "cannot be saved" in shown(view)["message"]


# ------------------------------------------------------------------ the static form

def test_the_static_form_is_the_whole_tree_as_an_outline():
    view_html = sj.scenario(TRAWLER, progress=Progress(Path("/nonexistent/p.json"))) \
        .static_html()
    scenario = sj.load_scenario(TRAWLER)
    shown = text_of(view_html)
    for node in scenario.nodes.values():
        assert f'id="sj-{TRAWLER}-{node.id}"' in view_html
        for choice in node.options:
            assert text_of(html.escape(choice.text)) in shown
            assert f'href="#sj-{TRAWLER}-{choice.next}"' in view_html
    assert "Advising Tokyo" in shown and "Advising Beijing" in shown
    assert shown.count("Hypothesis: this did not happen.") == sum(
        not o.historical for n in scenario.nodes.values() for o in n.options)
    bundle = sj.scenario(TRAWLER, progress=Progress(Path("/nonexistent/p.json"))) \
        ._repr_mimebundle_()
    assert bundle["text/html"] == view_html
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_scenario_text_is_escaped(data_folder):
    path = data_folder / "scenarios" / "2012-purchase.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    raw["nodes"][0]["title"] = "<script>alert(1)</script>"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    outline = sj.scenario("2012-purchase", progress=Progress(data_folder / "p.json")) \
        .static_html()
    assert "<script>" not in outline and "&lt;script&gt;" in outline


def test_the_exported_lesson_shows_the_outline_and_no_ones_path(tmp_path, monkeypatch):
    from sinojapan.progress.store import PROGRESS_ENV

    mine = tmp_path / "my-progress.json"
    monkeypatch.setenv(PROGRESS_ENV, str(mine))
    Progress(mine).save_scenario_run(TRAWLER, "beijing", ["protest", "summon"], False)
    page = sj.export_html(REPO / "lessons" / "07-crisis-simulation.ipynb",
                          tmp_path / "lesson.html").read_text(encoding="utf-8")
    assert page.count('class="sj-static-scenario"') == 2  # both scenarios of the lesson
    assert f'id="sj-{TRAWLER}-b-release"' in page and "sj-debrief" not in page
    assert "You advise Beijing" not in page and "my-progress.json" not in page
    assert Progress(mine).scenario_run(TRAWLER)["path"] == ["protest", "summon"]


@pytest.mark.parametrize("scenario_id", sj.scenario_ids())
def test_the_debrief_timeline_shows_every_date_whole(scenario_id):
    """Each date's label is centered on its date: the last one (lesson 07's 25 Sep 2010)
    must end inside the drawing, with room to spare (a character at font size 11 is taken
    as 0.6 of the size, wider than the digits and letters of a date)."""
    from sinojapan.simulation.pages import FRAME_WIDTH, path_svg
    from sinojapan.simulation.scenarios import load_scenario

    scenario = load_scenario(scenario_id)
    for side in scenario.sides:
        record = walk(scenario, side, historical_choices(scenario, side))
        svg = path_svg(scenario, record, record)
        labels = re.findall(r'<text x="(\d+)" y="\d+" text-anchor="middle" font-size="11">'
                            r"([^<]+)</text>", svg)
        assert [text for _, text in labels] == [s.node.date_label for s in record if s.option]
        for x, text in labels:
            half = len(text) * 11 * 0.6 / 2
            assert 0 <= int(x) - half and int(x) + half <= FRAME_WIDTH - 4, (side, text)
