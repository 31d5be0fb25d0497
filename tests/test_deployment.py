"""Wherever a class runs: which data/ a lesson uses, sj.about(), a fresh copy of a lesson
from git, the nbgitpuller link, and the JupyterLab settings shipped for tasks.py lab."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

import sinojapan as sj
from sinojapan.content import files
from sinojapan.progress import hosting
from sinojapan.progress.lesson_copies import LessonCopyError

from helpers import REPO

FIRST_TITLE = "Tanaka raises the Senkaku/Diaoyu question with Zhou Enlai"
FIRST_ID = "1972-09-27-tanaka-raises-senkaku-diaoyu"


@pytest.fixture(autouse=True)
def fresh_content(monkeypatch):
    """Each test reads the content anew, from a working directory of its own choosing."""
    monkeypatch.delenv(files.DATA_ENV, raising=False)
    files.clear_cache()
    yield
    files.clear_cache()


def make_course(folder: Path, title: str = FIRST_TITLE) -> Path:
    """A copy of the course (data/ and lessons/), with the first event's title as given."""
    shutil.copytree(REPO / "data", folder / "data")
    shutil.copytree(REPO / "lessons", folder / "lessons")
    events = folder / "data" / "events.csv"
    text = events.read_text(encoding="utf-8")
    assert FIRST_TITLE in text
    events.write_text(text.replace(FIRST_TITLE, title, 1), encoding="utf-8")
    return folder


def test_a_lesson_in_a_checkout_uses_that_checkout_s_data(tmp_path, monkeypatch):
    fork = make_course(tmp_path / "fork", title="Title edited in the fork")
    monkeypatch.chdir(fork / "lessons")  # where JupyterLab starts the lesson's kernel
    assert files.data_source() == (fork / "data", "the checkout the lesson runs from")
    assert sj.events().loc[FIRST_ID, "title"] == "Title edited in the fork"


def test_the_environment_variable_wins_over_the_checkout(tmp_path, monkeypatch):
    fork = make_course(tmp_path / "fork", title="Title edited in the fork")
    chosen = make_course(tmp_path / "chosen", title="Title in the chosen folder")
    monkeypatch.chdir(fork / "lessons")
    monkeypatch.setenv(files.DATA_ENV, str(chosen / "data"))
    assert files.data_source() == (chosen / "data", f"${files.DATA_ENV}")
    assert sj.events().loc[FIRST_ID, "title"] == "Title in the chosen folder"


def test_outside_any_checkout_the_package_s_own_data_is_used(tmp_path, monkeypatch):
    (tmp_path / "data").mkdir()  # a data/ folder alone is not a checkout of the course
    monkeypatch.chdir(tmp_path)
    folder, rule = files.data_source()
    assert folder == REPO / "data" and rule == "the package's own checkout"  # editable
    assert sj.events().loc[FIRST_ID, "title"] == FIRST_TITLE


def test_about_shows_version_place_data_folder_and_progress_file(tmp_path, monkeypatch):
    for name in hosting.BINDER_VARIABLES + hosting.HUB_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    fork = make_course(tmp_path / "fork")
    monkeypatch.chdir(fork / "lessons")
    monkeypatch.setenv("SINOJAPAN_PROGRESS", str(tmp_path / "alice.json"))
    about = dict(sj.about().lines)
    assert about["version"] == sj.__version__
    assert about["running on"] == "this computer"
    assert about["data folder"] == f"{fork / 'data'} (the checkout the lesson runs from)"
    assert about["progress file"].startswith(f"{tmp_path / 'alice.json'} (set by "
                                             "$SINOJAPAN_PROGRESS; kept between sessions")
    monkeypatch.setenv("BINDER_REQUEST", "v2/gh/owner/repo/HEAD")
    about = sj.about()
    assert "deleted when this Binder session ends" in str(about)
    assert "<th scope=\"row\"" in about._repr_html_()


def test_about_escapes_what_it_shows(tmp_path, monkeypatch):
    monkeypatch.setenv("SINOJAPAN_PROGRESS", str(tmp_path / "<b>odd</b>.json"))
    shown = sj.about()._repr_html_()
    assert "<b>odd</b>" not in shown and "&lt;b&gt;odd&lt;/b&gt;" in shown


def git(folder: Path, *args: str) -> str:
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.org")
    return subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True,
                          text=True, env=env).stdout


def lesson_00(folder: Path) -> Path:
    return next((folder / "lessons").glob("00-*.ipynb"))


def test_fresh_copy_writes_the_upstream_lesson_beside_the_student_s(tmp_path, monkeypatch):
    upstream = make_course(tmp_path / "upstream")
    git(upstream, "init", "-q", "-b", "main")
    git(upstream, "add", "-A")
    git(upstream, "commit", "-qm", "course")
    student = tmp_path / "student"
    subprocess.run(["git", "clone", "-q", str(upstream), str(student)], check=True)
    mine = lesson_00(student)
    mine.write_text(mine.read_text(encoding="utf-8").replace("Start here", "My notes"),
                    encoding="utf-8")
    fixed = lesson_00(upstream)
    fixed.write_text(fixed.read_text(encoding="utf-8").replace("Start here", "Begin here"),
                     encoding="utf-8")
    git(upstream, "commit", "-qam", "a fix upstream")
    git(student, "fetch", "-q")
    monkeypatch.chdir(student / "lessons")
    before = mine.read_bytes()
    copy = sj.fresh_copy("0")
    assert copy.path == mine.with_name(mine.stem + "-fresh.ipynb")
    assert copy.path.read_bytes() == fixed.read_bytes()  # upstream's, not the student's
    assert mine.read_bytes() == before and copy.same_as_yours is False
    assert copy.ref == "origin/main" and "differs from it and is unchanged" in str(copy)
    assert f'<a href="{copy.path.name}">' in copy._repr_html_()
    again = sj.fresh_copy("00")  # never replaces the first copy
    assert again.path.name.endswith("-fresh-2.ipynb") and copy.path.exists()


def test_fresh_copy_explains_what_it_cannot_do(tmp_path, monkeypatch):
    course = make_course(tmp_path / "zip-download")  # no git
    monkeypatch.chdir(course / "lessons")
    with pytest.raises(LessonCopyError, match="lesson 03: .* is not a git checkout"):
        sj.fresh_copy("03")
    git(course, "init", "-q", "-b", "main")
    git(course, "add", "-A")
    git(course, "commit", "-qm", "course")
    with pytest.raises(LessonCopyError, match=r"lesson 42: no such lesson in HEAD \(lessons: 00"):
        sj.fresh_copy(42)
    assert sj.fresh_copy("06").same_as_yours is True
    monkeypatch.chdir(tmp_path)
    with pytest.raises(LessonCopyError, match="inside the course's folder"):
        sj.fresh_copy("00")


def hub_link(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(REPO / "tasks.py"), "hub-link", *args],
                          capture_output=True, text=True, timeout=60)


def test_hub_link_follows_nbgitpuller_s_format_and_opens_the_lesson():
    out = hub_link("--hub", "https://hub.example.edu/", "--branch", "main", "--lesson", "3",
                   "--repo", "git@github.com:owner/course-copy.git")
    assert out.returncode == 0, out.stderr
    link = urlsplit(out.stdout.strip())
    assert (link.scheme, link.netloc, link.path) == ("https", "hub.example.edu",
                                                     "/hub/user-redirect/git-pull")
    query = {key: values[0] for key, values in parse_qs(link.query).items()}
    assert query["repo"] == "https://github.com/owner/course-copy.git"
    assert query["branch"] == "main" and query["targetpath"] == "course-copy"
    assert query["urlpath"].startswith("lab/tree/course-copy/lessons/03-")
    lesson = query["urlpath"].removeprefix("lab/tree/course-copy/")
    assert (REPO / lesson).is_file()


def test_hub_link_default_lesson_and_a_hub_address_ending_in_hub():
    out = hub_link("--hub", "https://hub.example.edu/hub", "--repo",
                   "https://example.org/course")
    query = parse_qs(urlsplit(out.stdout.strip()).query)
    assert out.stdout.startswith("https://hub.example.edu/hub/user-redirect/git-pull?")
    assert query["urlpath"] == ["lab/tree/course/lessons/00-start-here.ipynb"]
    assert "branch" not in query  # nbgitpuller then takes the repository's default branch


def test_hub_link_with_the_hubs_parent_path_opens_the_lesson_where_it_is_cloned():
    out = hub_link("--hub", "https://hub.example.edu", "--repo", "https://example.org/course",
                   "--parentpath", "courses/", "--lesson", "03")
    query = {key: values[0] for key, values in parse_qs(urlsplit(out.stdout.strip()).query).items()}
    assert query["targetpath"] == "course"  # nbgitpuller adds the parent path itself
    assert query["urlpath"].startswith("lab/tree/courses/course/lessons/03-")


@pytest.mark.parametrize(("args", "message"), [
    (["--hub", "hub.example.edu", "--repo", "https://e.org/c"], "starting https://"),
    (["--hub", "https://h", "--repo", "https://e.org/c", "--lesson", "42"],
     "--lesson 42: no such lesson in lessons/ (00, 01"),
    (["--hub", "https://hub.example.edu/?next=/lab#top", "--repo", "https://e.org/c"],
     "it has a query or fragment"),
    (["--hub", "http://", "--repo", "https://e.org/c"], "'http://': it names no host"),
    (["--hub", "https://hub example.edu", "--repo", "https://e.org/c"],
     "it holds a space, a quote or another character"),
    (["--hub", "https://hub.example.edu/'x\"", "--repo", "https://e.org/c"],
     "it holds a space, a quote or another character"),
], ids=["hub-without-scheme", "unknown-lesson", "query-and-fragment", "no-host", "space",
        "quotes"])
def test_hub_link_says_what_is_wrong(args, message):
    out = hub_link(*args)
    assert out.returncode == 2 and message in out.stderr and not out.stdout


def test_hub_link_refuses_an_origin_a_hub_cannot_clone(tmp_path):
    shutil.copy(REPO / "tasks.py", tmp_path / "tasks.py")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run(["git", "-C", str(tmp_path), "remote", "add", "origin", "/work/course"],
                   check=True)
    out = subprocess.run([sys.executable, str(tmp_path / "tasks.py"), "hub-link", "--hub",
                          "https://hub.example.edu"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 2 and not out.stdout
    assert "origin '/work/course' is not an address a hub can clone" in out.stderr


def load_tasks():
    spec = importlib.util.spec_from_file_location("tasks", REPO / "tasks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_tasks_lab_installs_the_settings_without_the_news_pop_up(tmp_path, monkeypatch):
    tasks = load_tasks()
    started = []
    monkeypatch.setattr(tasks, "setup", lambda with_tests: None)
    monkeypatch.setattr(tasks, "run_in_foreground", lambda command: started.append(command)
                        or 0)
    monkeypatch.setenv("JUPYTERLAB_DIR", str(tmp_path / "app"))
    assert tasks.lab([]) == 0 and started
    installed = tmp_path / "app" / "settings" / "overrides.d" / "sinojapan-lessons.json"
    overrides = json.loads(installed.read_text(encoding="utf-8"))
    assert overrides["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"


def test_the_shipped_overrides_fit_the_installed_jupyterlab_s_schemas():
    import jsonschema

    overrides = json.loads((REPO / "binder" / "jupyterlab-overrides.json").read_text())
    schemas = Path(sys.prefix) / "share" / "jupyter" / "lab" / "schemas"
    for plugin, settings in overrides.items():
        package, name = plugin.split(":")
        schema = json.loads((schemas / package / f"{name}.json").read_text(encoding="utf-8"))
        jsonschema.validate(settings, schema)
        assert set(settings) <= set(schema["properties"])
    postbuild = (REPO / "binder" / "postBuild").read_text(encoding="utf-8")
    assert "binder/jupyterlab-overrides.json" in postbuild
