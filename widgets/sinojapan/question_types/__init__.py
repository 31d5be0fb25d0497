"""Question types and pure grading: (question, answer) -> Result. No widgets, no files.

Each type is one class (see `base.Question` for the contract and traits), registered
by its `TYPE` when its module is imported. `TYPES` maps every type name to its class.
To add a type, see CONTRIBUTING.md.
"""

from __future__ import annotations

from . import choice, code, reflection, structured, typed  # noqa: F401  (registers the types)
from .base import REGISTRY as TYPES
from .base import RIGHT, WRONG, AnswerError, BankContext, Question, Result, normalise
from .choice import Evidence, MultipleSelect, Option, SingleChoice, TrueFalse
from .code import Code, NotAnswered
from .reflection import Reflection
from .structured import Blank, Cloze, Matching, Ordering
from .typed import Numeric, Placement, ShortText, parse_number

__all__ = ["RIGHT", "TYPES", "WRONG", "AnswerError", "BankContext", "Blank", "Cloze", "Code",
           "Evidence", "Matching", "MultipleSelect", "NotAnswered", "Numeric", "Option", "Ordering",
           "Placement", "Question", "Reflection", "Result", "ShortText", "SingleChoice",
           "TrueFalse", "normalise", "parse_number"]
