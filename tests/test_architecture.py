"""The package's shape, as ARCHITECTURE.md describes it: imports run one way, question
types are pure and registered in one place, and no file or function grows past what a
newcomer can read at once."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from sinojapan import question_types
from sinojapan.quizzes import inputs as quiz_inputs  # noqa: F401  (registers the inputs)
from sinojapan.quizzes.answer_input import INPUTS

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
            submodules = [f"{target}.{a.name}" for a in node.names]
            # `from package import module` imports that module, not the package's names
            candidates = submodules if set(submodules) & MODULES else [target]
        elif isinstance(node, ast.Import):
            candidates = [a.name for a in node.names]
        else:
            continue
        found |= {c for c in candidates if c in MODULES and c != name}
    return found


MODULES = {module_name(p) for p in SOURCES}
GRAPH = {module_name(p): package_imports(p) for p in SOURCES}


def test_the_import_graph_is_read_correctly():
    assert "sinojapan.content.catalog" in GRAPH["sinojapan.course.banks"]
    assert "sinojapan.question_types" in GRAPH["sinojapan.course.banks"]
    assert "sinojapan.pictures.event_strip" in GRAPH["sinojapan.quizzes.view"]  # in a function


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
    allowed = {"sinojapan.content.html_text"} | {m for m in MODULES
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
    assert cls.INPUT in INPUTS, f"{name}: no input {cls.INPUT!r} in quizzes/*_inputs.py"
    assert isinstance(cls.GRADED, bool)


def test_type_behaviour_is_asked_of_the_type_not_its_name():
    names = "|".join(question_types.TYPES)
    pattern = re.compile(rf"""TYPE\s*[!=]=|[!=]=\s*["']({names})["']|["']({names})["']\s*[!=]="""
                         r"""|hasattr\(\w+,\s*["']event["']\)""")
    for path in SOURCES:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            assert not pattern.search(line), f"{path.name}:{number}: {line.strip()}"


def length_problems(path: Path, root: Path = REPO) -> list[str]:
    """What is too long in one source file, each said with what to do about it."""
    lines = path.read_text(encoding="utf-8").splitlines()
    where = path.relative_to(root)
    problems = []
    if len(lines) > MAX_FILE_LINES:
        problems.append(
            f"{where} has {len(lines)} lines (at most {MAX_FILE_LINES}): split it into modules "
            f"beside it in {where.parent.name}/, one per family or concern (as question_types/ "
            "and quizzes/ split theirs), and add them to ARCHITECTURE.md")
    for node in ast.walk(ast.parse("\n".join(lines))):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = node.end_lineno - node.lineno + 1
            reason = any(LONG_REASON.search(line) for line in lines[node.lineno - 2:node.lineno])
            if length > MAX_FUNCTION_LINES and not reason:
                problems.append(f"{where}:{node.lineno}: {node.name} has {length} lines (at "
                                f"most {MAX_FUNCTION_LINES}): split it, or say why beside it "
                                "in a '# long: why' comment")
    return problems


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_files_and_functions_stay_short(path):
    assert not length_problems(path), "\n".join(length_problems(path))


def test_a_long_file_is_named_with_the_split_to_make(tmp_path):
    long_file = tmp_path / "widgets" / "sinojapan" / "quizzes" / "view.py"
    long_file.parent.mkdir(parents=True)
    long_file.write_text("x = 1\n" * (MAX_FILE_LINES + 1), encoding="utf-8")
    [problem] = length_problems(long_file, root=tmp_path)
    assert problem.startswith(f"widgets/sinojapan/quizzes/view.py has {MAX_FILE_LINES + 1} lines")
    assert "split it into modules beside it in quizzes/" in problem


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


MAX_FOLDER_MODULES = 12


def layers() -> list[str]:
    """ARCHITECTURE.md's package tree, top to bottom: each subpackage (`content/`) or
    top-level module (`loading.py`) by its dotted name. A layer imports only from itself
    and the layers above it."""
    text = (REPO / "ARCHITECTURE.md").read_text(encoding="utf-8")
    tree = text.split("## The package", 1)[1].split("```", 2)[1]
    names = re.findall(r"[├└]── ([a-z_]+)(/|\.py)", tree)
    return [f"sinojapan.{name}" for name, _ in names if name != "__init__"]


def layer_of(module: str) -> str:
    """The layer a module belongs to: its subpackage, or itself at the top level."""
    return ".".join(module.split(".")[:2])


def upward_imports(graph: dict[str, set[str]], order: list[str]) -> dict[str, list[str]]:
    """For each layer, the imports that reach a layer below it (or one the tree lacks)."""
    rank = {layer: number for number, layer in enumerate(order)}
    found: dict[str, list[str]] = {layer: [] for layer in order}
    for module, targets in sorted(graph.items()):
        home = layer_of(module)
        if module == "sinojapan" or home not in rank:
            continue
        for target in sorted(targets - {"sinojapan"}):
            there = layer_of(target)
            if rank.get(there, len(order)) > rank[home]:
                found[home].append(f"{module} imports {target}, which is below "
                                   f"{home.rpartition('.')[2]}/ in ARCHITECTURE.md")
    return found


def test_architecture_md_shows_every_subpackage_and_top_level_module():
    shown = layers()
    present = {layer_of(m) for m in MODULES} - {"sinojapan"}
    assert sorted(present - set(shown)) == [], "in the package but not in ARCHITECTURE.md"
    assert sorted(set(shown) - present) == [], "in ARCHITECTURE.md but not in the package"


@pytest.mark.parametrize("layer", layers(), ids=lambda name: name.rpartition(".")[2])
def test_imports_run_one_way(layer):
    assert upward_imports(GRAPH, layers())[layer] == []


def test_a_planted_upward_import_fails():
    planted = {**GRAPH, "sinojapan.content.planted": {"sinojapan.lms.text"}}
    assert upward_imports(planted, layers())["sinojapan.content"] == [
        "sinojapan.content.planted imports sinojapan.lms.text, which is below content/ in "
        "ARCHITECTURE.md"]
    assert upward_imports(GRAPH, layers())["sinojapan.content"] == []


def test_no_folder_holds_more_than_a_reader_can_scan():
    for folder in sorted({p.parent for p in SOURCES}):
        modules = [p for p in folder.glob("*.py") if p.name != "__init__.py"]
        assert len(modules) <= MAX_FOLDER_MODULES, \
            f"{folder.relative_to(REPO)} holds {len(modules)} modules: split it by concern"


def modules_named_in_architecture_md() -> dict[str, set[str]]:
    """The folder table in ARCHITECTURE.md: for each folder, the modules it names."""
    text = (REPO / "ARCHITECTURE.md").read_text(encoding="utf-8")
    table = text.split("What each module does", 1)[1].split("\n\n", 2)[1]
    named = {}
    for line in table.splitlines():
        cells = line.split("|")
        folder = re.fullmatch(r"\s*`([a-z_]+)/`\s*", cells[1]) if len(cells) > 2 else None
        if folder:
            # a module is a backticked name at the start or after ', ', outside (notes)
            modules = cells[2]
            while re.search(r"\([^()]*\)", modules):
                modules = re.sub(r"\([^()]*\)", "", modules)
            modules = modules.strip()
            named[folder.group(1)] = set(re.findall(r"(?:^|, )`([a-z_]+)`", modules))
    return named


def test_architecture_md_names_every_module_in_its_folder():
    named = modules_named_in_architecture_md()
    for folder in sorted({p.parent for p in SOURCES} - {PACKAGE}):
        actual = {p.stem for p in folder.glob("*.py") if p.name != "__init__.py"}
        assert named.get(folder.name) == actual, \
            f"ARCHITECTURE.md's row for {folder.name}/ should name exactly: {sorted(actual)}"


def test_architecture_md_places_every_test_file():
    text = (REPO / "ARCHITECTURE.md").read_text(encoding="utf-8")
    placed = set(re.findall(r"`(test_[a-z_]+)`", text.split("## Tests, by the layer", 1)[1]))
    files = {p.stem for p in (REPO / "tests").rglob("test_*.py")}
    assert sorted(files - placed) == [], "test files ARCHITECTURE.md does not place"


def test_components_ship_their_scripts_and_fetch_nothing():
    """Each component's ES module is files of the package: no import from a URL or a
    package manager, no fetch, and nothing that reaches the page outside its root."""
    from sinojapan.components.base import HERE

    scripts = sorted(HERE.glob("*.js"))
    assert {p.name for p in scripts} >= {"keyboard.js", "quiz.js", "scenario.js",
                                         "explorer.js", "keep_progress.js"}
    for path in scripts:
        text = path.read_text(encoding="utf-8")
        for banned in ("http://", "https://", "import ", "fetch(", "XMLHttpRequest",
                       "MutationObserver", "document.body.", "document.querySelector",
                       "document.addEventListener", "window.addEventListener"):
            assert banned not in text, f"{path.name} uses {banned!r}"
