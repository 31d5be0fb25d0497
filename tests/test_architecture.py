"""The package's shape, as ARCHITECTURE.md describes it: imports run one way, question
types are pure and registered in one place, and no file or function grows past what a
newcomer can read at once."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from sinojapan import question_types, quiz_inputs

from helpers import REPO

PACKAGE = REPO / "widgets" / "sinojapan"
SOURCES = sorted(PACKAGE.rglob("*.py"))
MAX_FILE_LINES = 400
MAX_FUNCTION_LINES = 60
LONG_REASON = re.compile(r"#\s*long:")  # a function may be longer with its reason beside it


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def package_imports(path: Path) -> set[str]:
    """The package's modules that `path` imports anywhere (inside functions too)."""
    name = module_name(path)
    here = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = here.split(".")
                base = base[:len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            candidates = [target] + [f"{target}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            candidates = [a.name for a in node.names]
        else:
            continue
        found |= {c for c in candidates if c in MODULES and c != name}
    return found


MODULES = {module_name(p) for p in SOURCES}
GRAPH = {module_name(p): package_imports(p) for p in SOURCES}


def test_the_import_graph_is_read_correctly():
    assert "sinojapan.content" in GRAPH["sinojapan.quiz_banks"]
    assert "sinojapan.question_types" in GRAPH["sinojapan.quiz_banks"]
    assert "sinojapan.timelines" in GRAPH["sinojapan.quiz_view"]  # imported in a function


def test_no_import_cycle_counting_imports_inside_functions():
    # The package's __init__ only names modules lazily (by string), so it is no edge.
    graph = {m: {t for t in targets if t != "sinojapan"} for m, targets in GRAPH.items()}
    state: dict[str, str] = {}

    def visit(module: str, trail: list[str]) -> None:
        state[module] = "open"
        for target in sorted(graph.get(module, ())):
            if state.get(target) == "open":
                cycle = trail[trail.index(target):] + [target] if target in trail else [target]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if target not in state:
                visit(target, [*trail, target])
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])


def test_question_types_are_pure():
    allowed = {"sinojapan.html_text"} | {m for m in MODULES
                                         if m.startswith("sinojapan.question_types")}
    for path in (PACKAGE / "question_types").glob("*.py"):
        assert package_imports(path) <= allowed, path.name
        text = path.read_text(encoding="utf-8")
        for forbidden in ("import pandas", "import ipywidgets", "open(", "read_text",
                          "data_dir"):
            assert forbidden not in text, f"{path.name} uses {forbidden}"


def test_the_schema_lists_exactly_the_registered_types():
    schema = json.loads((REPO / "data/schemas/quiz.schema.json").read_text(encoding="utf-8"))
    listed = schema["properties"]["questions"]["items"]["properties"]["type"]["enum"]
    assert sorted(listed) == sorted(question_types.TYPES)


@pytest.mark.parametrize("name", sorted(question_types.TYPES))
def test_every_type_names_an_input_and_its_traits(name):
    cls = question_types.TYPES[name]
    assert cls.TYPE == name
    assert cls.INPUT in quiz_inputs.INPUTS, f"{name}: no input {cls.INPUT!r} in quiz_inputs"
    assert isinstance(cls.GRADED, bool)


def test_type_behaviour_is_asked_of_the_type_not_its_name():
    names = "|".join(question_types.TYPES)
    pattern = re.compile(rf"""TYPE\s*[!=]=|[!=]=\s*["']({names})["']|["']({names})["']\s*[!=]="""
                         r"""|hasattr\(\w+,\s*["']event["']\)""")
    for path in SOURCES:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            assert not pattern.search(line), f"{path.name}:{number}: {line.strip()}"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_files_and_functions_stay_short(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= MAX_FILE_LINES, f"{len(lines)} lines"
    for node in ast.walk(ast.parse("\n".join(lines))):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = node.end_lineno - node.lineno + 1
            reason = any(LONG_REASON.search(line) for line in lines[node.lineno - 2:node.lineno])
            assert length <= MAX_FUNCTION_LINES or reason, \
                f"{node.name} has {length} lines and no '# long: why' beside it"


def test_no_module_shares_a_name_with_a_public_function():
    import sinojapan

    modules = {m.rpartition(".")[2] for m in MODULES}
    assert not modules & set(sinojapan.__all__)


def test_each_html_list_and_day_date_is_made_in_one_place():
    for path in SOURCES:
        if path.name in ("html_text.py", "dates.py"):
            continue
        text = path.read_text(encoding="utf-8")
        assert "<li>{" not in text.replace('<li><a href="{', ""), \
            f"{path.name} builds a list by hand"
        assert "{d.day}" not in text and "%b %Y}" not in text, f"{path.name} formats a date"


def architecture_rows() -> list[set[str]]:
    """The module map's rows in ARCHITECTURE.md, top to bottom, as sets of module names."""
    text = (REPO / "ARCHITECTURE.md").read_text(encoding="utf-8")
    table = text.split("## Module map", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in table.splitlines():
        cells = line.split("|")
        if len(cells) > 3 and "`" in cells[2]:
            names = re.findall(r"`([a-z_]+)/?`", cells[2])
            rows.append({f"sinojapan.{n}" if n != "__init__" else "sinojapan" for n in names})
    return rows


def test_architecture_md_maps_every_module_and_imports_only_go_upwards():
    rows = architecture_rows()
    row_of = {}
    for number, names in enumerate(rows):
        for name in names:
            row_of[name] = number
    for module in sorted(MODULES):
        top = module if module.count(".") < 2 else module.rsplit(".", 1)[0]
        assert top in row_of, f"ARCHITECTURE.md does not place {module}"
    for module, targets in GRAPH.items():
        home = row_of[module if module.count(".") < 2 else module.rsplit(".", 1)[0]]
        for target in targets - {"sinojapan"}:
            place = row_of[target if target.count(".") < 2 else target.rsplit(".", 1)[0]]
            assert place <= home, f"{module} (row {home}) imports {target} (row {place})"
