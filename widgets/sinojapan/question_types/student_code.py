"""Running the student's own code for a code exercise, so that nothing it does can hang or
stop the kernel.

Check runs inside a widget's message handler, where Kernel > Interrupt cannot stop a
loop, and `sys.exit()` there would end the kernel. So the student's function is called
(and its result read) in a daemon thread that the check waits for at most
`LIMIT_SECONDS`; a call still running then is stopped by raising `Stopped` inside its
thread (`PyThreadState_SetAsyncExc`), which ends any loop of Python code. Whatever the
student's code raises, `SystemExit` and `KeyboardInterrupt` included, comes back as a
`NotAnswered` whose message says, in plain words, what happened and with which argument:
the kernel and the student's variables survive.

Pure: no widgets, no files. The only state is the thread of one call.
"""

from __future__ import annotations

import ctypes
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .base import AnswerError

LIMIT_SECONDS = 5.0  # one call of the student's function; stated to the student
GRACE_SECONDS = 0.3  # after the limit: how long a stop may take to reach the loop
RETRY_SECONDS = 0.01  # a loop that catches the stop gets it again this often
STACK_BYTES = 8 * 1024 * 1024  # as deep as a main thread (macOS gives threads 512 KiB)
MAX_MESSAGE = 300  # characters of an error's own message quoted back to the student
SURVIVED = "Your kernel and your variables are still there."


@dataclass(frozen=True)
class NotAnswered:
    """What the widget hands over when the student's code gave nothing to check (the name
    is not defined, or calling the function failed): the message says what to do."""

    message: str


class Stopped(BaseException):  # noqa: N818  (a stop, not an error of the student's)
    """Raised inside the student's thread when a call runs past its time. A
    BaseException, so that `except Exception:` in the student's loop does not swallow it."""


def digits_of(whole: int) -> int:
    """How many digits a whole number has, without writing it out (Python refuses to write
    one of more than 4,300 digits as text): exact or one too many."""
    return int(abs(whole).bit_length() * math.log10(2)) + 1


def error_text(problem: BaseException) -> str:
    """The error's own message, short; never an error itself (the student's exception
    class may fail to say what it is)."""
    try:
        text = " ".join(str(problem).split())
    except Exception:  # the student's __str__, or a number too long to write
        return ""
    return text if len(text) <= MAX_MESSAGE else text[:MAX_MESSAGE - 1] + "\u2026"


def explained(problem: BaseException, what: str) -> str:
    """What the student's code raised, said as what to do about it."""
    if isinstance(problem, SystemExit):
        return (f"{what} called sys.exit() (or exit()), which would stop Python itself. A "
                f"function checked here must give its value with return. {SURVIVED}")
    if isinstance(problem, KeyboardInterrupt):
        return (f"{what} raised KeyboardInterrupt, the error that stops a program. Let the "
                f"function end with return instead. {SURVIVED}")
    said = error_text(problem)
    return f"{what} raised {type(problem).__name__}" + (f": {said}" if said else ".")


def stop(thread: threading.Thread) -> bool:
    """Raise `Stopped` inside `thread`; False if this Python cannot (not CPython)."""
    try:
        set_async = ctypes.pythonapi.PyThreadState_SetAsyncExc
    except AttributeError:
        return False
    changed = set_async(ctypes.c_ulong(thread.ident), ctypes.py_object(Stopped))
    if changed > 1:  # never expected: undo, as the C API's documentation asks
        set_async(ctypes.c_ulong(thread.ident), None)
        return False
    return changed == 1


def started(body: Callable[[], None]) -> threading.Thread:
    thread = threading.Thread(target=body, name="sinojapan-student-code", daemon=True)
    try:
        previous = threading.stack_size(STACK_BYTES)
    except (ValueError, RuntimeError):  # a platform that sets no thread stack size
        previous = None
    try:
        thread.start()
    finally:
        if previous is not None:
            threading.stack_size(previous)
    return thread


def run_bounded(task: Callable[[], Any], what: str,
                limit_seconds: float | None = None) -> Any:
    """`task()`'s value, or a `NotAnswered` that says why there is none. `what` names the
    call for the student ("Calling trade_change(2012)"). Never raises, and returns within
    about `limit_seconds` (`LIMIT_SECONDS` unless given) + `GRACE_SECONDS`."""
    limit_seconds = LIMIT_SECONDS if limit_seconds is None else limit_seconds
    outcome: dict[str, Any] = {}
    finished = threading.Lock()  # held while the thread may still be stopped

    def body() -> None:
        try:
            try:
                outcome["value"] = task()
            except Stopped:
                outcome["stopped"] = True
            except BaseException as problem:  # noqa: BLE001  (the student's code: all of it)
                outcome["problem"] = problem
            with finished:
                outcome["done"] = True
        except Stopped:  # a stop that arrived just as the task ended
            outcome.setdefault("stopped", True)

    thread = started(body)
    try:
        thread.join(limit_seconds)
    except KeyboardInterrupt:  # Kernel > Interrupt while the check waits
        halt(thread, outcome, finished)
        return NotAnswered(f"{what} was interrupted before it finished. {SURVIVED}")
    if thread.is_alive() and not halt(thread, outcome, finished):
        return NotAnswered(
            f"{what} took longer than {limit_seconds:g} seconds and could not be stopped: "
            "it may be waiting (time.sleep or input()) and goes on in the background. Fix "
            f"the function, run its cell again, then press Check. {SURVIVED}")
    if "value" in outcome:
        return outcome["value"]
    if "problem" in outcome:
        problem = outcome["problem"]
        if isinstance(problem, AnswerError):  # the check's own reading: already in words
            return NotAnswered(str(problem))
        return NotAnswered(explained(problem, what))
    return NotAnswered(f"{what} took longer than {limit_seconds:g} seconds and was stopped: "
                       f"is there a loop that never ends? {SURVIVED}")


def halt(thread: threading.Thread, outcome: dict, finished: threading.Lock) -> bool:
    """Stop `thread`, again and again for `GRACE_SECONDS` (its loop may catch a stop);
    True once it has ended."""
    deadline = time.perf_counter() + GRACE_SECONDS
    while thread.is_alive() and time.perf_counter() < deadline:
        with finished:
            if outcome.get("done") or not stop(thread):
                break
        thread.join(RETRY_SECONDS)
    thread.join(RETRY_SECONDS)
    return not thread.is_alive()


def call_bounded(function: Callable[[Any], Any], argument: Any,
                 limit_seconds: float | None = None, name: str | None = None) -> Any:
    """`function(argument)`, or a `NotAnswered` that explains why there is no value."""
    name = name or getattr(function, "__name__", "the function")
    return run_bounded(lambda: function(argument), f"Calling {name}({argument!r})",
                       limit_seconds)


def answer_in(namespace: dict, name: str, call_with: list, read: Callable[[Any], Any],
              limit_seconds: float | None = None) -> Any:
    """What the student's code left in `namespace` for an exercise, as `read` gives it
    (the question's reading into plain numbers, which may raise `AnswerError`): the
    variable `name`, or the function `name` called with each of `call_with`. A
    `NotAnswered` when there is nothing to check; never raises, never hangs."""
    if name not in namespace:
        return NotAnswered(f"Not answered yet: `{name}` is not defined. Write your code in "
                           "the cell above, run it, then press Check.")
    value = namespace[name]
    if not call_with:
        return run_bounded(lambda: read(value), f"Reading `{name}`", limit_seconds)
    if not callable(value):
        return NotAnswered(f"`{name}` should be a function (def {name}(...):), not a "
                           f"{type(value).__name__}.")
    results = {}
    for argument in call_with:
        result = call_bounded(value, argument, limit_seconds, name)
        if isinstance(result, NotAnswered):
            return result
        results[argument] = result
    return run_bounded(lambda: read(results), f"Reading what {name} returned", limit_seconds)


__all__ = ["LIMIT_SECONDS", "NotAnswered", "answer_in", "call_bounded", "digits_of",
           "run_bounded"]
