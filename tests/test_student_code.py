"""The student's own code, run by a code exercise's Check (question_types/student_code.py):
a loop that never ends is stopped, sys.exit() and KeyboardInterrupt come back as words,
absurd values are refused kindly, and nothing of it reaches the kernel."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

import pytest

import sinojapan as sj
from sinojapan.progress.store import Progress
from sinojapan.question_types import AnswerError, NotAnswered, student_code
from sinojapan.quizzes import lesson_quiz as quiz_module
from sinojapan.quizzes.written_inputs import CodeInput

from helpers import REPO

LIMIT = 0.5  # seconds: the tests' own limit, so that a stopped loop costs little
GRACE = 0.5  # what a stop may add to the limit, at most
FUNCTION = "s08-code-trade-change"  # calls trade_change(2009), (2011), ...
VARIABLE = "s08-code-milex-crossing"  # reads crossing_year


def question(question_id: str):
    return sj.quiz_bank("08").question(question_id)


def checked(question_id: str, value, limit: float = LIMIT):
    """What Check hands the grading for `value` left under the question's name, and the
    seconds it took."""
    q = question(question_id)
    started = time.perf_counter()
    answer = student_code.answer_in({q.variable: value}, q.variable, q.call_with, q.read,
                                    limit_seconds=limit)
    return answer, time.perf_counter() - started


def message(answer) -> str:
    assert isinstance(answer, NotAnswered), f"expected a message, got {answer!r}"
    return answer.message


def no_student_thread_left() -> bool:
    deadline = time.perf_counter() + 1
    while time.perf_counter() < deadline:
        if not any(t.name == "sinojapan-student-code" for t in threading.enumerate()):
            return True
        time.sleep(0.01)
    return False


def endless(year):
    while True:
        pass


def counting(year):  # a busy loop with work in it, no time.sleep
    total = 0
    while year:
        total += year % 7
    return total


def stubborn(year):  # a loop that swallows every error, the stop too when it lands inside
    total = 0
    while True:
        try:
            total += year // (total % 3)
        except:  # noqa: E722
            pass


# ------------------------------------------------------------------ loops that never end

@pytest.mark.parametrize("function", [endless, counting, stubborn], ids=lambda f: f.__name__)
def test_a_loop_that_never_ends_is_stopped_within_the_limit_and_named(function):
    answer, seconds = checked(FUNCTION, function)
    assert LIMIT <= seconds < LIMIT + GRACE
    assert message(answer) == (
        f"Calling trade_change(2009) took longer than {LIMIT:g} seconds and was stopped: is "
        "there a loop that never ends? Your kernel and your variables are still there.")
    assert no_student_thread_left()
    assert sum(range(1000)) == 499500  # the interpreter goes on
    assert checked(FUNCTION, lambda year: 1.5)[0] == {"2009": 1.5, "2011": 1.5, "2012": 1.5,
                                                    "2013": 1.5}


def test_a_call_that_cannot_be_stopped_is_left_behind_and_said_so():
    # a wait in C code, where no stop arrives until it returns (time.sleep, input())
    release = threading.Event()
    answer, seconds = checked(FUNCTION, lambda year: release.wait())
    release.set()
    assert LIMIT <= seconds < LIMIT + GRACE
    assert message(answer).startswith(
        "Calling trade_change(2009) took longer than 0.5 seconds and could not be stopped: "
        "it may be waiting (time.sleep or input()) and goes on in the background.")
    assert no_student_thread_left()


def test_reading_a_variable_is_bounded_too():
    class Endless(int):  # a number whose size never comes
        def __abs__(self):
            while True:
                pass

    answer, seconds = checked(VARIABLE, Endless(1999))
    assert seconds < LIMIT + GRACE
    assert message(answer).startswith("Reading `crossing_year` took longer than 0.5 seconds "
                                      "and was stopped")


def test_interrupting_the_kernel_while_check_waits_stops_the_call():
    # in a fresh Python: SIGINT reaches the main thread, as Kernel > Interrupt does
    script = (
        "import os, signal, threading\n"
        "from sinojapan.question_types import student_code\n"
        "def endless(year):\n    while True:\n        pass\n"
        "threading.Timer(0.3, lambda: os.kill(os.getpid(), signal.SIGINT)).start()\n"
        "print(student_code.call_bounded(endless, 2012).message)\n"
        "print(sum(range(10)))\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=30, env={**os.environ, "PYTHONPATH": str(REPO / "widgets")})
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "Calling endless(2012) was interrupted before it finished. Your kernel and your "
        "variables are still there.", "45"]


# ------------------------------------------------------------------ what the code raises

def nested(year):  # a recursion that never ends, through C code (sorted) at every level
    return sorted([nested(year)])


@pytest.mark.parametrize("function, says", [
    (lambda year: sys.exit(), "Calling trade_change(2009) called sys.exit() (or exit()), "
     "which would stop Python itself."),
    (lambda year: exit(3), "Calling trade_change(2009) called sys.exit()"),
    (lambda year: (_ for _ in ()).throw(KeyboardInterrupt),
     "Calling trade_change(2009) raised KeyboardInterrupt, the error that stops a program."),
    (lambda year: 1 / (year - 2011), "Calling trade_change(2011) raised ZeroDivisionError: "
     "division by zero"),
    (lambda year: year["x"], "Calling trade_change(2009) raised TypeError: 'int' object is not "
     "subscriptable"),
    (lambda year: sorted(nested(year)), "Calling trade_change(2009) raised RecursionError: "
     "maximum recursion depth exceeded"),
], ids=["sys.exit", "exit", "KeyboardInterrupt", "ZeroDivisionError", "TypeError", "recursion"])
def test_what_the_students_code_raises_comes_back_in_words(function, says):
    answer, _ = checked(FUNCTION, function)
    assert message(answer).startswith(says)
    if "exit" in says or "Keyboard" in says:
        assert message(answer).endswith("Your kernel and your variables are still there.")


def test_an_errors_own_message_is_kept_short_and_never_fails_to_be_said():
    def long_error(year):
        raise ValueError("x" * 100_000)

    def unsayable(year):
        raise ValueError(10 ** 5000)  # too many digits for Python to write as text

    said = message(checked(FUNCTION, long_error)[0])
    assert said.startswith("Calling trade_change(2009) raised ValueError: xxx")
    assert len(said) < 400
    assert message(checked(FUNCTION, unsayable)[0]) == ("Calling trade_change(2009) raised "
                                                        "ValueError.")


# ------------------------------------------------------------------ values no answer can be

@pytest.mark.parametrize("question_id, value, says", [
    (FUNCTION, lambda year: 2 ** 1400, "What trade_change(2009) returned is a whole number "
     "of about 422 digits, far too large to be an answer to this exercise: check your "
     "formula."),
    (FUNCTION, lambda year: 10 ** 5000 if year == 2012 else 1.0, "What trade_change(2012) "
     "returned is a whole number of about 5001 digits"),
    (FUNCTION, lambda year: float("inf"), "What trade_change(2009) returned is infinite"),
    (FUNCTION, lambda year: -1e305, "What trade_change(2009) returned is about -1e+305, far "
     "too large"),
    (VARIABLE, 2 ** 1400, "`crossing_year` is a whole number of about 422 digits, far too "
     "large to be an answer to this exercise"),
    (VARIABLE, float("-inf"), "`crossing_year` is infinite"),
    (VARIABLE, list(range(10 ** 6)), "`crossing_year` holds 1000000 values"),
], ids=["2**1400 returned", "10**5000 returned", "inf returned", "-1e305 returned",
        "2**1400 variable", "-inf variable", "a million values"])
def test_a_value_no_answer_can_be_gets_a_kind_message(question_id, value, says):
    answer, seconds = checked(question_id, value)
    assert message(answer).startswith(says) and seconds < LIMIT
    with pytest.raises(AnswerError, match="^" + says[:20].replace("(", r"\(")):
        question(question_id).check(answer)


@pytest.mark.parametrize("value", [2 ** 1400, 10 ** 5000, -(10 ** 5000), 1e301,
                                   {"2009": 10 ** 5000}, [10 ** 5000]],
                         ids=["2**1400", "10**5000", "-10**5000", "1e301", "dict", "list"])
def test_no_reading_of_a_huge_value_fails_with_anything_but_words(value):
    for q in (question(VARIABLE), question(FUNCTION)):
        with pytest.raises(AnswerError):
            q.check(value)
        with pytest.raises(AnswerError):  # the view saves only what the check graded
            q.answer_to_json(value)
        for text in (q.answer_text(value), q.stored_answer_text(value)):
            assert 0 < len(text) <= 200, text


# ------------------------------------------------------------------ a right answer, and its cost

def test_a_correct_function_is_called_with_each_argument_and_graded_in_milliseconds():
    q = question(FUNCTION)
    namespace = {"sj": sj}
    exec(q.worked_solution, namespace)  # the bank's own solution, as a student's cell runs it
    q.answer_in(namespace)  # warm: the series is read once
    started = time.perf_counter()
    answer = q.answer_in(namespace)
    seconds = time.perf_counter() - started
    assert q.check(answer).correct and set(answer) == {"2009", "2011", "2012", "2013"}
    assert seconds < 0.1, f"reading four calls took {seconds:.3f} s"


def test_a_correct_variable_is_read_as_plain_numbers():
    answer, seconds = checked(VARIABLE, 1999)
    assert answer == 1999.0 and question(VARIABLE).check(answer).correct and seconds < 0.1


# ------------------------------------------------------------------ what the student is told

def test_the_time_limit_is_stated_where_the_question_says_what_check_reads():
    function, variable = question(FUNCTION), question(VARIABLE)
    note = ("Check stops a call of trade_change that takes longer than 5 seconds (a loop "
            "that never ends, say).")
    assert function.limit_note() == note and variable.limit_note() == ""
    assert CodeInput(function, namespace={}).spec()["note"] == note  # drawn by quiz.js
    assert note in function.static_html()
    assert CodeInput(variable, namespace={}).spec()["note"] == ""


def test_check_in_the_quiz_reports_a_stopped_loop_and_saves_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(student_code, "LIMIT_SECONDS", LIMIT)
    store = Progress(tmp_path / "progress.json")
    view = quiz_module.quiz("08", FUNCTION, progress=store).views[0]
    view.input.namespace = {"trade_change": endless}
    started = time.perf_counter()
    assert view.submit() is None
    assert time.perf_counter() - started < LIMIT + GRACE
    assert "Calling trade_change(2009) took longer than 0.5 seconds" in view.feedback.value
    assert "0.5 seconds" in view.input.spec()["note"]  # the stated limit is the one applied
    assert view.attempts == 0 and store.get("08", FUNCTION) is None
