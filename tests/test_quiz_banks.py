"""A malformed question bank gives one clear error naming the file, question and field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

import sinojapan as sj
from sinojapan.content import files

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def bank_folder(tmp_path, monkeypatch):
    copy = tmp_path / "data"
    shutil.copytree(REPO / "data", copy)
    monkeypatch.setenv(files.DATA_ENV, str(copy))
    files.clear_cache()
    yield copy
    files.clear_cache()


def broken(folder: Path, change) -> str:
    path = folder / "quizzes" / "demo.yaml"
    bank = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(bank, {q["id"]: q for q in bank["questions"]})
    path.write_text(yaml.safe_dump(bank, allow_unicode=True), encoding="utf-8")
    with pytest.raises(files.DataError) as caught:
        sj.quiz_bank("demo")
    return str(caught.value)


def says(message: str, *fragments: str) -> None:
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in {message!r}"


def test_unknown_type(bank_folder):
    message = broken(bank_folder, lambda b, q: q["demo-text-partner"].update(type="essay"))
    says(message, "demo.yaml", "(id demo-text-partner)", "field 'type'", "'essay'")


def test_correct_answer_not_among_the_options(bank_folder):
    def change(bank, questions):
        for option in questions["demo-single-non-issue"]["options"]:
            option["correct"] = False
    says(broken(bank_folder, change), "demo.yaml", "question demo-single-non-issue",
         "field 'options'", "exactly one option must be marked correct")


def test_duplicate_question_id(bank_folder):
    first = sj.quiz_bank("demo").questions[0].id
    files.clear_cache()

    def change(bank, questions):
        bank["questions"][1]["id"] = bank["questions"][0]["id"]
    says(broken(bank_folder, change), f"question {first} (number 2)", "field 'id'",
         f"duplicate id {first}; it is already used on question {first} (number 1)")


def test_missing_explanation(bank_folder):
    message = broken(bank_folder, lambda b, q: q["demo-cloze-pivot"].pop("explanation"))
    says(message, "demo.yaml", "demo-cloze-pivot", "field 'explanation'",
         "'explanation' is a required property")


def test_unknown_essay_part(bank_folder):
    message = broken(bank_folder, lambda b, q: q["demo-text-partner"].update(essay_part="s4"))
    says(message, "question demo-text-partner", "field 'essay_part'", "unknown essay part 's4'")


def test_unknown_event(bank_folder):
    message = broken(bank_folder, lambda b, q: q["demo-text-partner"].update(events=["2010"]))
    says(message, "question demo-text-partner", "field 'events'", "no event '2010'")


def test_cloze_blank_numbers_must_match(bank_folder):
    message = broken(bank_folder, lambda b, q: q["demo-cloze-pivot"].update(
        text="The {1} to Asia was welcomed by {2}."))
    says(message, "question demo-cloze-pivot", "field 'text'", "{1} to {3}", "found [1, 2]")


def test_cloze_dropdown_without_the_answer(bank_folder):
    def change(bank, questions):
        questions["demo-cloze-pivot"]["blanks"][1]["options"] = ["Seoul", "Beijing"]
    says(broken(bank_folder, change), "field 'blanks[1].options'",
         "none of the options is an accepted answer")


def test_numeric_answer_that_is_not_a_number(bank_folder):
    message = broken(bank_folder, lambda b, q: q["demo-numeric-seven-years"].update(
        answer="six"))
    says(message, "question demo-numeric-seven-years", "field 'answer'", "should be a number")


def test_placement_of_an_unknown_event(bank_folder):
    message = broken(bank_folder, lambda b, q: q["demo-placement-australia"].update(
        event="2007-australia"))
    says(message, "question demo-placement-australia", "field 'event'", "no event")


def test_option_without_text(bank_folder):
    def change(bank, questions):
        questions["demo-single-non-issue"]["options"][2]["text"] = ""
    says(broken(bank_folder, change), "question demo-single-non-issue",
         "field 'options[2].text'", "missing or empty")


def test_yaml_error_names_the_line(bank_folder):
    path = bank_folder / "quizzes" / "demo.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("type: text", "type: [text"),
                    encoding="utf-8")
    with pytest.raises(files.DataError, match=r"demo\.yaml, line \d+: not valid YAML"):
        sj.quiz_bank("demo")


def test_missing_bank_lists_the_known_ones(bank_folder):
    with pytest.raises(files.DataError, match="no question bank 'zz'; banks: .*demo"):
        sj.quiz_bank("zz")


def test_every_shipped_bank_loads_and_names_real_essay_parts():
    files.clear_cache()
    parts = set(sj.essay_parts().index)
    for bank_id in sj.quiz_bank_ids():
        bank = sj.quiz_bank(bank_id)
        assert bank.questions
        assert {q.essay_part for q in bank.questions} <= parts


def test_banks_take_the_defaults_from_quiz_defaults_yaml(bank_folder):
    path = bank_folder / "quiz_defaults.yaml"
    defaults = yaml.safe_load(path.read_text(encoding="utf-8"))
    defaults["show_answer_after"] = 0
    defaults["score_bands"][0]["text"] = "Keep reading."
    path.write_text(yaml.safe_dump(defaults, allow_unicode=True), encoding="utf-8")
    bank = sj.quiz_bank("01")  # a bank without settings of its own
    assert bank.show_answer_after == 0 and bank.band(0.1) == "Keep reading."


def test_broken_quiz_defaults_name_the_file_and_field(bank_folder):
    path = bank_folder / "quiz_defaults.yaml"
    defaults = yaml.safe_load(path.read_text(encoding="utf-8"))
    defaults["score_bands"][0]["from"] = 0.3
    path.write_text(yaml.safe_dump(defaults, allow_unicode=True), encoding="utf-8")
    with pytest.raises(files.DataError, match=r"quiz_defaults\.yaml.*first score band"):
        sj.quiz_bank("01")
    defaults["show_answer_after"] = "two"
    path.write_text(yaml.safe_dump(defaults, allow_unicode=True), encoding="utf-8")
    files.clear_cache()
    with pytest.raises(files.DataError, match=r"quiz_defaults\.yaml.*field 'show_answer_after'"):
        sj.quiz_bank("01")


@pytest.mark.parametrize(("question_id", "change", "fragments"), [
    ("demo-numeric-seven-years", {"answer": True}, ["field 'answer'", "not True"]),
    ("demo-numeric-seven-years", {"tolerance": "a little"}, ["field 'tolerance'"]),
    ("demo-text-partner", {"accept": "India"}, ["field 'accept'", "should be a list"]),
    ("demo-reflection-2010", {"min_words": "ten"}, ["field 'min_words'", "whole number"]),
    ("demo-placement-australia", {"tolerance": 1.5}, ["field 'tolerance'", "whole number"]),
    ("demo-ordering-2010", {"items": ["a", None, "c"]}, ["field 'items'", "list of texts"]),
], ids=["numeric-bool", "tolerance-text", "accept-string", "min-words-text",
        "tolerance-fraction", "item-null"])
def test_wrong_kinds_of_value_are_named(bank_folder, question_id, change, fragments):
    message = broken(bank_folder, lambda b, q: q[question_id].update(change))
    says(message, "demo.yaml", f"question {question_id}", *fragments)


def test_a_cloze_blank_with_one_accepted_string_is_refused(bank_folder):
    def change(bank, questions):
        questions["demo-cloze-pivot"]["blanks"][0]["accept"] = "pivot"
    says(broken(bank_folder, change), "question demo-cloze-pivot",
         "field 'blanks[0].accept'", "should be a list")


def test_a_duplicate_key_in_a_bank_names_its_line(bank_folder):
    path = bank_folder / "quizzes" / "demo.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title:", "title: One\ntitle:", 1), encoding="utf-8")
    with pytest.raises(files.DataError, match=r"demo\.yaml, line \d+: .*'title' appears twice"):
        sj.quiz_bank("demo")


@pytest.mark.parametrize("character", ["\x01", "\ufffe"], ids=["control", "non-character"])
def test_a_character_no_page_or_lms_file_can_hold_is_refused_by_place(bank_folder, character):
    raw = yaml.safe_load((bank_folder / "quizzes" / "demo.yaml").read_text(encoding="utf-8"))
    index = [q["id"] for q in raw["questions"]].index("demo-text-partner")

    def change(bank, questions):
        questions["demo-text-partner"]["prompt"] += character
    message = broken(bank_folder, change)
    assert message.endswith(
        f"demo.yaml, at questions[{index}] (id demo-text-partner).prompt: character "
        f"U+{ord(character):04X} cannot be shown on a page or written for an LMS (a control "
        "or non-character); delete it")


def test_a_control_character_in_a_csv_file_is_refused_with_its_line(bank_folder):
    events = bank_folder / "events.csv"
    lines = events.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[3] = lines[3].replace(",", ",\x02", 1)
    events.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(files.DataError) as caught:
        sj.events()
    assert str(caught.value) == (f"{events}, line 4: character U+0002 cannot be shown on a "
                                 "page or written for an LMS (a control or non-character); "
                                 "delete it")
