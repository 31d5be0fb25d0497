"""Driving quizzes headless, as a student would, and reading exactly what they see."""

from __future__ import annotations

from html import escape

import pytest

from sinojapan.course.banks import quiz_bank, quiz_bank_ids
from sinojapan.progress.store import Progress
from sinojapan.quizzes import lesson_quiz as quiz_module

from helpers import buttons, check_answer, drawn, greyed

# The demo bank holds one question of each type: its counts come from the bank, so a new
# type's demo question changes no test here.
DEMO = quiz_bank("demo").questions
GRADED = sum(q.GRADED for q in DEMO)
REFLECTIONS = len(DEMO) - GRADED


@pytest.fixture
def store(tmp_path):
    return Progress(tmp_path / "progress.json")


@pytest.fixture
def demo(store):
    return quiz_module.quiz("demo", progress=store)


def shown(view) -> str:
    return view.feedback.value


def test_wrong_then_right_with_symbols_words_and_explanation(demo):
    view = demo.view("demo-numeric-seven-years")
    view.submit("7")
    assert "\u2717" in shown(view) and "Not quite." in shown(view) and "too high" in shown(view)
    assert "sj-wrong" in shown(view)
    view.submit("6.26")
    assert "\u2713" in shown(view) and "Correct." in shown(view)
    assert "2,285 days" in shown(view)  # the explanation, once right
    assert "Attempts: 2" in view.status.value and "what you earned is kept" in view.status.value


def test_empty_answer_gets_a_message_and_counts_no_attempt(demo):
    view = demo.view("demo-text-partner")
    assert view.submit("   ") is None
    assert "Not checked yet" in shown(view) and "Type an answer first" in shown(view)
    assert view.attempts == 0


def test_partial_credit_is_shown_in_words(demo):
    view = demo.view("demo-cloze-pivot")
    view.submit(["pivot", "Beijing", "Tokyo"])
    assert "Partly right." in shown(view) and "1 of 3 blanks right" in shown(view)


def test_hints_are_revealed_one_at_a_time(demo):
    view = demo.view("demo-single-non-issue")
    first = view.show_hint()
    assert escape(first) in view.hints.value
    assert escape(view.question.hints[1]) not in view.hints.value
    view.show_hint()
    assert escape(view.question.hints[1]) in view.hints.value
    assert view.hint_button.disabled


def test_a_question_shows_only_the_buttons_it_can_use_now(demo):
    hinted = next(v for v in demo.views if v.question.hints)
    unhinted = next(v for v in demo.views if v.question.GRADED and not v.question.hints)
    reflection = next(v for v in demo.views if not v.question.GRADED)
    board = demo.widget
    assert buttons(board, hinted.question.id) == ["Check", "Hint"]
    assert buttons(board, unhinted.question.id) == ["Check"] and unhinted.show_hint() is None
    assert buttons(board, reflection.question.id) == ["Save"]  # a reflection is saved
    reflection.submit("An answer long enough to be saved as a reflection on the essay here.")
    assert buttons(board, reflection.question.id) == ["Save", "Start over"]


def test_show_answer_unlocks_after_two_attempts_and_start_over_after_one(demo):
    view, board, qid = demo.view("demo-text-partner"), demo.widget, "demo-text-partner"
    assert "Show answer" not in buttons(board, qid) and "Show answer" not in view.show_answer()
    assert "unlocks after 2 more attempts" in drawn(board, qid)["messages"]
    view.submit("China")
    assert buttons(board, qid) == ["Check", "Hint", "Start over"]
    view.submit("Korea")
    assert buttons(board, qid) == ["Check", "Hint", "Start over", "Show answer"]
    assert greyed(board, qid) == []
    view.reset()  # the buttons stay, none moves; Show answer is greyed for the new round
    assert buttons(board, qid) == ["Check", "Hint", "Start over", "Show answer"]
    assert greyed(board, qid) == ["Show answer"]
    assert view.answer_button.disabled and "unlocks after 2 more attempts" in view.status.value
    assert "India" not in view.show_answer()
    view.submit("China")
    view.submit("Korea")
    assert not view.answer_button.disabled and "India" in view.show_answer()


def test_a_returning_student_sees_the_buttons_their_record_unlocked(demo):
    view = demo.view("demo-text-partner")
    view.submit("China")
    view.submit("Korea")
    again = quiz_module.quiz("demo", progress=Progress(demo.progress.path))
    assert buttons(again.widget, "demo-text-partner") == ["Check", "Hint", "Start over",
                                                          "Show answer"]


def test_a_stale_copy_of_a_question_cannot_overwrite_its_correct_answer(store):
    # The lesson open in a second kernel: a save there reaches this copy of the question
    # only through the file, read when Check is pressed (in one kernel, `LIVE` shows it at
    # once: see test_a_question_shown_twice_shows_a_save_in_either_at_once).
    copy = quiz_module.quiz("demo", progress=store)
    seven = "demo-numeric-seven-years"
    check_answer(Progress(store.path), "demo", seven, "6.26")  # in the other kernel
    copy.widget.act("check", question=seven, answer="9")  # as the browser sends it
    view = copy.view(seven)
    assert "Already answered" in drawn(copy.widget, seven)["messages"]
    assert view.check_button.disabled and greyed(copy.widget, seven) == ["Check"]
    saved = Progress(store.path).get("demo", seven)
    assert saved["correct"] and saved["attempts"] == 1 and saved["answer"] == "6.26"
    stale = quiz_module.quiz("demo", progress=Progress(store.path)).view("demo-text-partner")
    check_answer(Progress(store.path), "demo", "demo-text-partner", "China")
    stale.submit("Korea")  # not locked: the copy counts on from the saved attempts
    assert Progress(store.path).get("demo", "demo-text-partner")["attempts"] == 2


def test_a_wrong_text_answer_suggests_a_hint_only_where_there_is_one():
    import sinojapan as sj

    hinted = sj.quiz_bank("demo").question("demo-text-partner")
    unhinted = sj.quiz_bank("03").question("s03-alliance")
    assert hinted.hints and "ask for a hint" in hinted.check("Mars").feedback
    assert not unhinted.hints and "hint" not in unhinted.check("Mars").feedback


def test_attempt_limit(store):
    quiz = quiz_module.quiz("demo", "demo-text-partner", progress=store)
    view = quiz.views[0]
    view.max_attempts = 1
    view.submit("China")
    view._refresh()
    assert view.check_button.disabled and "no attempts left" in view.status.value
    assert view.submit("India") is None


def test_running_score_band_and_retry_missed(demo):
    for view in demo.graded():
        view.submit(view.question.solution() if view.question.id != "demo-text-partner"
                    else "China")
    footer = demo.widget.state["score"]  # the score, then the feedback by band
    assert f"{GRADED - 1} of {GRADED} correct" in footer
    assert "<progress" in footer
    assert f'aria-label="Score: {GRADED - 1} of {GRADED}"' in footer
    assert "Excellent" in footer
    assert not demo.widget.state["filter"]["missed_disabled"]
    missed = demo.retry_missed()
    assert missed == ["demo-text-partner"]
    hidden = [q["id"] for q in demo.widget.state["questions"] if q["hidden"]]
    assert len(hidden) == len(demo.views) - 1 and "demo-text-partner" not in hidden
    assert demo.widget.state["filter"]["showing_missed"]  # "Show all questions" offered
    wrong = drawn(demo.widget, "demo-text-partner")
    assert "Not quite." in wrong["messages"]  # nothing wiped
    assert "Check" not in greyed(demo.widget, "demo-text-partner")  # answer again, as it is
    demo.widget.act("all")  # as the browser's "Show all questions" does
    assert not any(q["hidden"] for q in demo.widget.state["questions"])
    assert not demo.widget.state["filter"]["showing_missed"]
    demo.widget.act("missed")
    assert [q["id"] for q in demo.widget.state["questions"] if not q["hidden"]] == missed


def test_answers_and_feedback_are_restored_after_a_restart(store):
    first = quiz_module.quiz("demo", progress=store)
    first.view("demo-ordering-2010").input.move(0, +1)
    ordering_answer = first.view("demo-ordering-2010").input.get()
    first.view("demo-ordering-2010").submit()
    first.view("demo-matching-actors").submit({0: "focused on trade disputes with Japan",
                                               1: "was the target of Western sanctions",
                                               2: "sought access-denial capabilities",
                                               3: "sent two carrier groups to the area"})
    first.view("demo-true-false-boundaries").submit({"value": False,
                                                     "justification": "no years given"})
    first.view("demo-single-non-issue").show_hint()

    again = quiz_module.quiz("demo", progress=Progress(store.path))  # a new kernel
    ordering = again.view("demo-ordering-2010")
    assert ordering.input.get() == ordering_answer
    assert ordering.feedback.value == first.view("demo-ordering-2010").feedback.value
    assert drawn(again.widget, "demo-ordering-2010")["input"]["value"] == ordering_answer
    matching = drawn(again.widget, "demo-matching-actors")
    assert matching["input"]["value"]["0"] == "focused on trade disputes with Japan"
    assert "Correct." in matching["messages"]
    true_false = drawn(again.widget, "demo-true-false-boundaries")["input"]["value"]
    assert true_false == {"value": False, "justification": "no years given"}
    hinted = again.view("demo-single-non-issue")
    assert escape(hinted.question.hints[0]) in drawn(again.widget, hinted.question.id)["messages"]
    assert f"2 of {GRADED} correct" in again.widget.state["score"]


def test_reflection_is_saved_then_shows_model_answer_and_rubric(store):
    quiz = quiz_module.quiz("demo", "demo-reflection-2010", progress=store)
    view = quiz.views[0]
    assert view.submit("Too short.") is None
    text = ("The arrest on 8 September and the suspension of exchanges on 19 September "
            "each raised the stakes; a hotline might have helped.")
    view.submit(text)
    assert "Saved." in shown(view) and "A model answer" in view.solution.value
    assert len(view.self_check) == 4
    assert [t["checked"] for t in drawn(quiz.widget, view.question.id)["self_check"]] == [
        False] * 4
    quiz.widget.act("tick", question=view.question.id, ticked=[0, 2])  # as the browser does
    restored = quiz_module.quiz("demo", "demo-reflection-2010", progress=Progress(store.path))
    again = drawn(restored.widget, "demo-reflection-2010")
    assert restored.views[0].input.get() == text and again["input"]["value"] == text
    assert [t["checked"] for t in again["self_check"]] == [True, False, True, False]
    assert [t["text"] for t in again["self_check"]] == view.question.rubric


def test_a_reflection_can_be_edited_and_saved_again_with_its_history_kept(store):
    quiz = quiz_module.quiz("demo", "demo-reflection-2010", progress=store)
    qid = "demo-reflection-2010"
    first = ("The arrest on 8 September and the suspension of exchanges on 19 September "
             "each raised the stakes; a hotline might have helped.")
    quiz.widget.act("check", question=qid, answer=first)
    assert drawn(quiz.widget, qid)["input"]["disabled"] is False  # still editable
    assert "Saved 1 time: edit it and save again" in drawn(quiz.widget, qid)["messages"]
    second = first + " Both sides also lacked a channel that worked within hours."
    quiz.widget.act("check", question=qid, answer=second)
    record = store.get("demo", qid)
    assert record["answer"] == second
    assert [h["answer"] for h in record["history"]] == [first, second]
    assert "Saved 2 times" in drawn(quiz.widget, qid)["messages"]
    assert greyed(quiz.widget, qid) == []


def test_reset_clears_the_question_but_keeps_history(demo, store):
    view = demo.view("demo-text-partner")
    view.submit("China")
    view.reset()
    assert view.input.get() == "" and shown(view) == "" and view.attempts == 0
    assert len(store.get("demo", "demo-text-partner")["history"]) == 1


def test_corrupt_progress_is_announced_in_the_quiz(tmp_path):
    path = tmp_path / "progress.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.warns(UserWarning, match="could not be read"):
        quiz = quiz_module.quiz("demo", "demo-text-partner", progress=Progress(path))
    assert "About your saved progress" in quiz.widget.state["notice"]
    assert "nothing was deleted" in quiz.widget.state["notice"]


def test_options_are_shuffled_reproducibly(store):
    one = quiz_module.quiz("demo", "demo-single-non-issue", progress=store).views[0]
    two = quiz_module.quiz("demo", "demo-single-non-issue", progress=store).views[0]
    labels = [option["text"] for option in one.input.spec()["options"]]
    assert labels == [option["text"] for option in two.input.spec()["options"]]
    assert labels != [o.text for o in one.question.options]


def test_every_control_has_a_label_or_tooltip(demo):
    # Every button the browser draws has words and a tooltip, and every input a label
    # (quiz.js draws it as the field's label or the group's legend; a cloze labels each
    # blank "blank n"; a code question has no field, only the name Check reads).
    for view in demo.views:
        view.submit(view.question.solution())
        view.show_answer()
    for question in demo.widget.state["questions"]:
        for button in question["buttons"]:
            assert button["label"] and button["tooltip"], (question["id"], button)
        spec = question["input"]
        assert spec["label"] if spec["kind"] != "code" else spec["name"], question["id"]
        assert all(point["text"] for point in question["self_check"])
    assert demo.widget.state["filter"]["missed_tooltip"]


def test_static_html_for_export_numbers_every_question_and_holds_no_answer(demo):
    bundle = demo._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    page = bundle["text/html"]
    assert page.count('class="sj-static-question"') == len(demo.views)
    assert [f"Question {n}." in page for n in (1, len(demo.views))] == [True, True]
    assert "run the notebook in JupyterLab" in page
    assert 'class="sj-key"' not in page and "Answer:</strong>" not in page


def test_static_html_with_answers_is_the_answer_key_of_every_question(demo):
    page = demo.static_html(with_answers=True)
    assert page.count('class="sj-key"') == len(demo.views)
    assert "not for students" in page
    for view in demo.views:
        assert view.question.answer_key_html(demo.views.index(view) + 1).split(
            "</p>")[0] in page


def test_explanation_lists_related_events_with_dates_at_their_precision(demo):
    view = demo.view("demo-multiple-stage-two")
    view.submit(set(view.question.solution()))
    assert "Related events in the chronology" in view.feedback.value
    assert "Feb 1992: China enacts Territorial Sea Law" in view.feedback.value
    assert "Mar 1996: US sends two carrier battle groups" in view.feedback.value
    assert "28 Jun 1995: US-Japan auto deal" in view.feedback.value


def test_a_placed_event_is_drawn_on_the_timeline_once_answered(demo):
    from sinojapan.content import catalog

    qid = "demo-placement-australia"
    view = demo.view(qid)
    view.submit("4")
    assert view.on_timeline is None and drawn(demo.widget, qid)["timeline"] == ""
    view.submit("2")
    strip = drawn(demo.widget, qid)["timeline"]  # an SVG strip of the stages
    assert strip == view.on_timeline and strip.count("<circle") == 1  # the event, ringed
    event = catalog.events().loc[view.question.timeline_event()]
    assert escape(catalog.event_line(event)) in strip  # its text version, in the caption
    assert "<figcaption>" in strip and 'aria-hidden="true"' in strip
    view.reset()
    assert view.on_timeline is None and drawn(demo.widget, qid)["timeline"] == ""


@pytest.mark.parametrize("bank_id", quiz_bank_ids())
def test_a_quiz_makes_only_models_it_shows_and_shares_layouts_and_styles(demo, bank_id):
    # Every model is a message to the browser and a view it renders: a quiz is one model,
    # the component, with the one layout every component shares (made once per kernel).
    import ipywidgets

    from sinojapan.components.base import shared_layout
    from sinojapan.quizzes import lesson_quiz as quizzes

    before = set(ipywidgets.widgets.widget._instances)
    quiz = quizzes.quiz(bank_id, progress=demo.progress)
    made = [model for key, model in ipywidgets.widgets.widget._instances.items()
            if key not in before]
    assert made == [quiz.widget] and quiz.widget.layout is shared_layout()


def test_ordering_must_be_arranged_before_it_is_checked(demo):
    view = demo.view("demo-ordering-2010")
    assert view.submit() is None
    assert "Arrange the items first" in view.feedback.value and view.attempts == 0
    view.input.move(0, +1)
    assert view.submit() is not None and view.attempts == 1


def test_long_option_labels_wrap_beside_their_buttons(demo):
    # quiz.js draws each option as a label.sj-choice holding its button and a span of
    # text; the style makes the text wrap beside the button, its first line level with it.
    import re

    style = demo.widget._css
    choice = re.search(r"\.sj-choice\s*\{([^}]*)\}", style)[1]
    assert "display: flex" in choice and "align-items: flex-start" in choice
    nowrap = re.findall(r"([^{}]*)\{[^}]*white-space:\s*nowrap", style)
    assert [rule.strip() for rule in nowrap] == [".sj-component .visually-hidden"]
    assert 'h("label", { class: "sj-choice" }' in demo.widget._esm


# ------------------------------------------------------------------ answers that count

def test_a_correct_answer_cannot_be_lost_by_a_later_check(demo):
    view = demo.view("demo-single-non-issue")
    view.submit(view.question.solution())
    assert view.check_button.disabled and "answered correctly" in view.status.value
    wrong = next(i for i, o in enumerate(view.question.options) if not o.correct)
    assert view.submit(wrong) is None  # refused: the correct answer stands
    assert f"1 of {GRADED} correct" in demo.widget.state["score"]
    assert view.record["correct"] and view.record["credit"] == 1.0


def test_show_answer_then_start_over_earns_nothing_and_keeps_the_record(demo, store):
    view = demo.view("demo-text-partner")
    view.show_hint()
    view.submit("China")
    view.submit("Korea")
    view.show_answer()
    view.reset()
    record = store.get("demo", "demo-text-partner")
    assert record["revealed"] and record["hints_used"] == 1 and record["credit"] == 0
    assert record["attempts"] == 0 and record["total_attempts"] == 2
    assert record["first_try_correct"] is False and len(record["history"]) == 2
    assert view.solution.value == "" and view.hints.value == ""  # a clean slate on screen
    result = view.submit("India")
    assert result.correct and "No credit: the answer had been shown" in view.feedback.value
    assert f"0 of {GRADED} correct" in demo.widget.state["score"]
    assert store.get("demo", "demo-text-partner")["credit"] == 0


def test_credit_earned_survives_start_over(demo, store):
    view = demo.view("demo-numeric-seven-years")
    view.submit("6.26")
    view.reset()
    assert f"1 of {GRADED} correct" in demo.widget.state["score"] and view.result is None
    assert store.get("demo", "demo-numeric-seven-years")["first_try_correct"] is True


def test_footer_chart_and_report_agree_on_one_rule(demo, store):
    from sinojapan.progress import report as progress_report

    for view in demo.views[:5]:
        view.submit(view.question.solution())
    demo.view("demo-text-partner").submit("China")
    demo.view("demo-reflection-2010").submit("The crisis shows that tension spread beyond "
                                             "the two governments to their publics and partners.")
    footer = demo.tally()
    lesson = progress_report.overview(store)["by_lesson"].loc["demo"]
    assert (footer.correct, footer.score, footer.answered) == (
        lesson["correct"], lesson["score"], lesson["answered"])
    assert footer.questions == lesson["questions"] == GRADED
    assert lesson["reflections"] == REFLECTIONS
    assert f"{footer.correct} of {GRADED} correct" in demo.widget.state["score"]
    assert f"reflections written: 1 of {REFLECTIONS}" in demo.widget.state["score"]
    text = progress_report.progress_chart(store).text
    assert f"score {footer.score:.3g} of {GRADED} questions" in text


def test_a_saved_answer_that_no_longer_fits_opens_with_a_notice(store):
    store.record_attempt("demo", "demo-single-non-issue", 17, 1.0, True, "", "stage-1",
                         kind="single")
    store.record_attempt("demo", "demo-matching-actors", "not a mapping", 0.0, False, "",
                         "stage-2", kind="matching")
    quiz = quiz_module.quiz("demo", progress=store)  # opens
    for question_id in ("demo-single-non-issue", "demo-matching-actors"):
        view = quiz.view(question_id)
        assert "no longer fits this question" in view.feedback.value
        assert not view.check_button.disabled
    assert store.get("demo", "demo-single-non-issue")["answer"] == 17  # the record is kept


def test_retry_with_nothing_missed_is_disabled_and_changes_nothing(demo):
    for view in demo.graded():
        view.submit(view.question.solution())
    assert demo.widget.state["filter"]["missed_disabled"]  # "Show only the ones I missed"
    assert "Every question is answered correctly" in demo.widget.state["filter"]["missed_tooltip"]
    assert demo.retry_missed() == []
    demo.widget.act("missed")  # a click from an older page changes nothing either
    assert not any(q["hidden"] for q in demo.widget.state["questions"])
    assert not demo.widget.state["filter"]["showing_missed"]


def test_a_quiz_reads_the_progress_file_once_to_restore_every_question(store, monkeypatch):
    reads = []
    real = store.load
    monkeypatch.setattr(store, "load", lambda: reads.append(1) or real())
    quiz_module.quiz("demo", progress=store)
    assert len(reads) == 1


def test_a_quiz_displays_its_own_widget_with_a_short_text(demo):
    from sinojapan.pictures.display import WIDGET_MIME

    bundle = demo._repr_mimebundle_()
    assert bundle[WIDGET_MIME]["model_id"] == demo.widget.model_id
    assert bundle["text/plain"] == f"Quiz: {demo.bank.title} ({len(demo.views)} questions)"
    assert "sj-static-quiz" in bundle["text/html"]


# ------------------------------------------------------------ what the browser sends

def browser_value(question, answer):
    """The value the browser sends with an action when `answer` is shown in the input."""
    from sinojapan.quizzes.inputs import input_for

    shown = input_for(question)
    shown.put(answer)
    return shown.spec()["value"]


@pytest.mark.parametrize(("question_id", "value"), [
    ("demo-single-non-issue", "x"),  # a radio group sends an option's index
    ("demo-single-non-issue", 99),
    ("demo-single-non-issue", True),  # not the index 1
    ("demo-multiple-stage-two", [0, 99]),  # a ticked box that is not an option
    ("demo-multiple-stage-two", 2),  # not a list
    ("demo-multiple-stage-two", [True]),
    ("demo-multiple-stage-two", [[0]]),
    ("demo-evidence-exchange", ["2"]),
    ("demo-true-false-boundaries", {"value": "yes", "justification": ""}),
    ("demo-true-false-boundaries", True),
    ("demo-true-false-boundaries", {"value": 1, "justification": ""}),
    ("demo-true-false-boundaries", {"value": True, "justification": ["a reason"]}),
    ("demo-numeric-seven-years", 6.26),  # a field sends text
    ("demo-text-partner", ["India"]),
    ("demo-ordering-2010", "0,1,2,3"),  # not a list
    ("demo-ordering-2010", [0, 0, 1, 2]),  # an item twice, one missing
    ("demo-ordering-2010", [True, 0, 2, 3]),
    ("demo-ordering-2010", [0.0, 1, 2, 3]),
    ("demo-matching-actors", ["sought access-denial capabilities"]),
    ("demo-matching-actors", {"0": "not one of the choices"}),
    ("demo-matching-actors", {"7": "sought access-denial capabilities"}),
    ("demo-matching-actors", {"\u00b2": "sought access-denial capabilities"}),
    ("demo-matching-actors", {"0": ["sought access-denial capabilities"]}),
    ("demo-cloze-pivot", "pivot"),
    ("demo-cloze-pivot", ["pivot", 3, "Beijing"]),
    ("demo-placement-australia", "9"),  # not a stage
    ("demo-placement-australia", 2),
    ("demo-reflection-2010", None),
])
def test_a_value_the_quiz_cannot_read_is_reported_and_saves_nothing(demo, store,
                                                                   question_id, value):
    # From an older page or a tampered message: the student is told, and nothing counts.
    view = demo.view(question_id)
    before = view.input.value
    demo.widget.act("check", question=question_id, answer=value)
    shown = drawn(demo.widget, question_id)
    assert "Not checked yet:" in shown["messages"] and "could not be read" in shown["messages"]
    assert view.attempts == 0 and view.record == {} and store.get("demo", question_id) is None
    assert view.input.value == before and shown["input"]["value"] == before
    shown_buttons = buttons(demo.widget, question_id)
    assert shown_buttons[0] in ("Check", "Save") and "Start over" not in shown_buttons
    right = browser_value(view.question, view.question.solution())
    demo.widget.act("check", question=question_id, answer=right)  # then a good one checks
    assert view.attempts == 1 and "could not be read" not in drawn(demo.widget,
                                                                   question_id)["messages"]


def test_messages_for_no_question_or_another_quizs_are_ignored(demo, store):
    before = demo.widget.state
    for message in ({"answer": 0}, {"question": "s02-turning-point", "answer": 0},
                    {"question": None, "answer": 0}):
        for action in ("check", "hint", "answer", "reset", "tick"):
            demo.widget.act(action, **message)
    demo.widget.act("tick", question="demo-reflection-2010", ticked=3)  # not a list
    demo.widget.act("tick", question="demo-single-non-issue", ticked=[0])  # no self-check
    demo.widget.act("not-an-action", question="demo-single-non-issue")
    assert demo.widget.state == before and not store.path.exists()


def test_a_question_shown_twice_shows_a_save_in_either_at_once(store):
    # Lesson 08 shows its exercises again in its final quiz, and a student may run a quiz
    # cell twice: every view of a question in this kernel shows the record saved in any.
    import sinojapan as sj

    question = next(q for q in sj.quiz_bank("08").questions
                    if q.GRADED and q.TYPE != "code")
    one = sj.quiz("08", question.id, progress=store)
    two = sj.quiz("08", question.id, progress=Progress(store.path))
    whole = sj.quiz("08", progress=Progress(store.path))
    one.widget.act("check", question=question.id,
                   answer=browser_value(question, question.solution()))
    for quiz in (two, whole):
        shown = drawn(quiz.widget, question.id)
        assert "Correct." in shown["messages"] and shown["correct"]
        assert shown["input"]["value"] == drawn(one.widget, question.id)["input"]["value"]
        assert "Check" in greyed(quiz.widget, question.id)
        assert "Start over" in buttons(quiz.widget, question.id)
    assert "1 of 1 correct" in two.widget.state["score"]
    assert f"1 of {len(whole.graded())} correct" in whole.widget.state["score"]
    whole.widget.act("reset", question=question.id)  # Start over in one: gone in all
    for quiz in (one, two):
        shown = drawn(quiz.widget, question.id)
        assert "Correct." not in shown["messages"] and "Check" not in greyed(quiz.widget,
                                                                             question.id)
        assert shown["input"]["value"] == quiz.view(question.id).input.empty()


def test_answering_in_the_final_review_shows_in_the_lesson_quiz_at_once(store):
    import sinojapan as sj

    review = sj.final_review(progress=store)
    first, view = review.drawn[0], review.views[0]
    lesson = sj.quiz(first.bank, progress=Progress(store.path))
    review.widget.act("check", question=first.question,
                      answer=browser_value(view.question, view.question.solution()))
    assert "Correct." in drawn(lesson.widget, first.question)["messages"]
    assert f"1 of {len(lesson.graded())} correct" in lesson.widget.state["score"]
    lesson.widget.act("hint", question=first.question,
                      answer=drawn(lesson.widget, first.question)["input"]["value"])
    lesson.widget.act("reset", question=first.question)  # and back: the review follows
    assert "Correct." not in drawn(review.widget, first.question)["messages"]
    assert view.record["hints_shown"] == lesson.view(first.question).record["hints_shown"]
    assert "1 of 18 correct" in review.widget.state["score"]  # credit earned is kept


def _one_of_each_input():
    """A question for every question type (the demo bank's) and for every input and kind
    the banks use (a placement asks for a year or a stage)."""
    from sinojapan.quizzes.inputs import input_for

    chosen = {q.TYPE: q for q in reversed(DEMO)}
    for bank in quiz_bank_ids():
        for q in quiz_bank(bank).questions:
            shown = input_for(q)
            chosen.setdefault((type(shown).__name__, shown.KIND), q)
    return list(chosen.values())


ONE_OF_EACH = _one_of_each_input()


def test_every_type_and_every_input_is_drawn_below():
    from sinojapan.question_types import TYPES
    from sinojapan.quizzes.answer_input import INPUTS

    assert {q.TYPE for q in ONE_OF_EACH} == set(TYPES)
    assert {q.INPUT for q in ONE_OF_EACH} == set(INPUTS)


@pytest.mark.parametrize("question", ONE_OF_EACH, ids=lambda q: q.id)
def test_what_the_browser_draws_is_json_and_its_value_comes_back_as_the_answer(question):
    # The state goes to the browser as JSON, and what the browser sends back is the
    # `value` it was given: read back, it is the answer that was shown, and checks as it.
    import json

    from sinojapan.quizzes.inputs import input_for

    def as_json(data):
        sent = json.loads(json.dumps(data, allow_nan=False))
        assert sent == data  # nothing JSON changes (a tuple, a number as a key, a set)
        return sent

    def form(shown):
        return question.answer_to_json(shown.get())

    empty = input_for(question)
    blank = as_json(empty.spec())
    empty.receive(blank["value"])  # Hint pressed before answering: read, and still empty
    assert empty.spec() == blank
    shown = input_for(question)
    shown.put(question.solution())
    given = form(shown)
    if question.INPUT != "TrueFalseInput" or question.justify:  # no field for a reason
        assert given == question.answer_to_json(question.solution())
    sent = as_json(shown.spec())
    assert sent["kind"] == shown.KIND
    shown.receive(sent["value"])
    assert form(shown) == given and question.check(shown.get()).correct
    if question.INPUT != "CodeInput":  # its answer is in the kernel, not in the value
        fresh = input_for(question)  # a new input, as after a redraw, given only the value
        fresh.receive(sent["value"])
        assert form(fresh) == given


@pytest.mark.parametrize("question", ONE_OF_EACH, ids=lambda q: q.id)
def test_a_quizs_whole_state_is_json_at_every_step(store, question):
    import json

    bank = next(b for b in ["demo", *quiz_bank_ids()]
                if question in quiz_bank(b).questions)
    quiz = quiz_module.quiz(bank, question.id, progress=store)
    board, qid = quiz.widget, question.id

    def sent():
        assert json.loads(json.dumps(board.state, allow_nan=False)) == board.state

    sent()
    view = quiz.views[0]
    for action in ("hint", "check", "answer"):
        value = (browser_value(question, question.solution()) if question.INPUT != "CodeInput"
                 else None)
        if question.INPUT == "CodeInput":
            view.input.put(question.solution())
        board.act(action, question=qid, answer=value)
        sent()
    if not question.GRADED:
        board.act("tick", question=qid, ticked=[0])
        assert drawn(board, qid)["self_check"][0]["checked"]
    assert drawn(board, qid)["correct"]
    board.act("reset", question=qid)
    sent()
