"""What each lesson notebook holds, read from the notebook itself so nothing is written
twice: its title, estimated time and objectives (from its first Markdown cell), the essay
paragraphs its text cites, and what its code cells show (timelines, charts, the explorer,
quizzes, tables) with the events they name. The teacher guide and the static site's index
are built from this.

A notebook is `lessons/NN-slug.ipynb`; its first Markdown cell starts with `# Lesson NN ·
Title`, gives `**Estimated time:** N minutes` and lists its objectives under a heading
that reads "By the end of this lesson you will be able to". The code cells call the
package as `sj.<function>(...)`.
"""

from __future__ import annotations

import ast
import dataclasses
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from sinojapan.content.files import DataError, cached, data_dir
from sinojapan.question_types.base import cited_paragraphs

LESSON_FILE = re.compile(r"^(\d\d)-[a-z0-9-]+\.ipynb$")
TITLE = re.compile(r"^#\s+(.+)$", re.MULTILINE)
MINUTES = re.compile(r"\*\*Estimated time:\*\*\s*(\d+)\s*minutes", re.IGNORECASE)
OBJECTIVES = re.compile(r"^#+\s*By the end of this lesson you will be able to\s*$\n"
                        r"((?:[ \t]*[-*].*\n?)+)", re.MULTILINE | re.IGNORECASE)
# What a call shows, by the function's name; the call's own arguments say more (below).
PICTURES = {"timeline": "timeline", "chart": "chart", "explorer": "explorer",
            "stage_table": "table", "essay_map": "table", "further_reading": "reading",
            "progress_chart": "progress", "quiz": "quiz", "series": "data table",
            "events": "data table", "scenario": "scenario", "compare_texts": "texts"}


@dataclass(frozen=True)
class Shown:
    """One thing a lesson's code shows: `kind` (timeline, chart, ...), the function it
    calls, the call's literal arguments, and the event ids the call names."""

    kind: str
    function: str
    args: tuple = ()
    kwargs: tuple = ()  # (name, value) pairs
    events: tuple = ()

    def option(self, name: str, default=None):
        return dict(self.kwargs).get(name, default)


@dataclass
class Outline:
    id: str  # "03"
    path: Path
    title: str
    minutes: int
    objectives: list[str]
    cited_paragraphs: list[int] = field(default_factory=list)
    shown: list[Shown] = field(default_factory=list)

    @property
    def banks(self) -> list[str]:
        """The question banks the lesson's quizzes draw on, in order."""
        return list(dict.fromkeys(s.args[0] for s in self.shown if s.kind == "quiz" and s.args))

    @property
    def events(self) -> list[str]:
        """Every event id the lesson's code names, in order of first mention."""
        return list(dict.fromkeys(e for s in self.shown for e in s.events))


def lessons_dir() -> Path:
    folder = data_dir().parent / "lessons"
    if not folder.is_dir():
        raise DataError(folder, "no lessons/ folder beside data/: the teacher guide and the "
                        "static site are built from a checkout of the module")
    return folder


@cached(on_disk=False)  # reads lessons/, not only data/
def lesson_files() -> dict[str, Path]:
    """Lesson id ("03") -> its notebook, in order."""
    found = {}
    for path in sorted(lessons_dir().glob("*.ipynb")):
        match = LESSON_FILE.match(path.name)
        if match:
            found[match[1]] = path
    return found


def _literal(node):
    try:
        return ast.literal_eval(node)
    except (ValueError, SyntaxError, TypeError):
        return None


def shown_by(code: str, event_ids) -> list[Shown]:
    """The `sj.<function>(...)` calls of a code cell that show something, in order. A cell
    that is not plain Python (e.g. a magic) shows nothing we can read."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return []
    found, named = [], []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and node.value in event_ids:
            named.append(node.value)
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "sj"
                and node.func.attr in PICTURES):
            continue
        texts = [c.value for c in ast.walk(node) if isinstance(c, ast.Constant)
                 and isinstance(c.value, str)]
        found.append(Shown(PICTURES[node.func.attr], node.func.attr,
                           tuple(_literal(a) for a in node.args),
                           tuple((k.arg, _literal(k.value)) for k in node.keywords if k.arg),
                           tuple(t for t in texts if t in event_ids)))
    if len(found) == 1:  # the cell's own code may name events beyond the call
        found[0] = dataclasses.replace(found[0], events=tuple(dict.fromkeys(named)))
    return found


def read_outline(lesson_id: str, path: Path, event_ids) -> Outline:
    try:
        notebook = json.loads(path.read_text(encoding="utf-8"))
        cells = [("".join(c["source"]) if isinstance(c["source"], list) else c["source"],
                  c["cell_type"]) for c in notebook["cells"]]
    except (ValueError, KeyError, TypeError) as error:
        raise DataError(path, f"not a readable notebook ({error})") from None
    markdown = [text for text, kind in cells if kind == "markdown"]
    first = markdown[0] if markdown else ""

    def need(pattern: re.Pattern, field_name: str, expected: str):
        match = pattern.search(first)
        if not match:
            raise DataError(path, f"the first Markdown cell has no {expected}", row="cell 1",
                            field=field_name)
        return match

    title = need(TITLE, "title", "'# Lesson NN · Title' heading")[1].strip()
    minutes = int(need(MINUTES, "estimated time", "'**Estimated time:** N minutes'")[1])
    block = need(OBJECTIVES, "objectives", "objectives under 'By the end of this lesson "
                 "you will be able to'")[1]
    objectives = [re.sub(r"^\s*[-*]\s*", "", line).strip() for line in block.splitlines()
                  if line.strip()]
    code_cells = [text for text, kind in cells if kind not in ("markdown", "raw")]
    shown = [s for text in code_cells for s in shown_by(text, event_ids)]
    return Outline(lesson_id, path, title, minutes, objectives,
                   cited_paragraphs("\n".join(markdown)), shown)


@cached(on_disk=False)  # reads lessons/, not only data/
def _outlines() -> dict[str, Outline]:
    from sinojapan.content.catalog import events

    event_ids = set(events().index)
    return {lesson_id: read_outline(lesson_id, path, event_ids)
            for lesson_id, path in lesson_files().items()}


def outlines() -> dict[str, Outline]:
    """Every lesson's outline, by lesson id, in order."""
    return dict(_outlines())


def outline(lesson_id: str) -> Outline:
    found = _outlines()
    if lesson_id not in found:
        raise KeyError(f"no lesson '{lesson_id}'; lessons: {', '.join(found)}")
    return found[lesson_id]
