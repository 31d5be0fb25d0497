#!/usr/bin/env python3
"""Set up and run the module: the two commands the README promises, and a few more.

    python3 tasks.py lab     set up .venv/ and open lesson 00 in JupyterLab
    python3 tasks.py test    set up .venv/ (with test tools) and run the whole test suite
    python3 tasks.py bench   time package import, data loading, the timeline and each lesson;
                             the static site's heaviest page with each plotly.js bundle
    python3 tasks.py html    the lessons as a static site for students in build/html/ (no answers;
                             --with-answers: the instructor's version in build/html-with-answers/)
    python3 tasks.py guide   the teacher guide with the answers in build/instructor/
    python3 tasks.py lms     write the lessons' questions for Moodle and Canvas in build/lms/
    python3 tasks.py class-report FOLDER [--lessons 01,03] [--marks marks.csv]
                             a class's submission files -> build/class-report/ (report,
                             gradebooks for Moodle and Canvas; --marks adds marks by hand)
    python3 tasks.py marking FOLDER [--lessons 03,08]
                             the answers to mark by hand -> build/marking/ (a marking sheet
                             and a page showing each question's answers in turn)
    python3 tasks.py setup   only set up .venv/ (add --test for the test tools)
    python3 tasks.py pin     re-pin binder/requirements.txt from pyproject.toml
    python3 tasks.py hub-link --hub URL [--branch B] [--lesson NN]
                             print the nbgitpuller link that opens a lesson on a JupyterHub

Only the standard library is used here, so this runs on a fresh machine with Python 3.11+.
Set-up is idempotent: a second run finds its stamp in .venv/ and skips installing.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
FIRST_LESSON = "lessons/00-start-here.ipynb"
CHROMIUM = Path("/usr/bin/chromium")
LAB_OVERRIDES = ROOT / "binder" / "jupyterlab-overrides.json"  # also installed by postBuild


def say(message: str) -> None:
    print(f"[tasks] {message}", flush=True)


def run(*args: str | Path, **kwargs) -> None:
    subprocess.run([str(a) for a in args], check=True, cwd=ROOT, **kwargs)


def install_fingerprint(extras: str) -> str:
    """Changes whenever what we would install changes."""
    digest = hashlib.sha256(extras.encode())
    digest.update((ROOT / "pyproject.toml").read_bytes())
    digest.update(sys.version.encode())
    return digest.hexdigest()[:16]


def setup(with_tests: bool) -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 (this script must explain, not crash)
        sys.exit("This module needs Python 3.11 or newer; run this script with it.")
    extras = "test" if with_tests else ""
    stamp = VENV / f".installed-{extras or 'base'}"
    fingerprint = install_fingerprint(extras)
    # An environment set up with the test tools also has everything the lab needs.
    satisfied = [(stamp, fingerprint)] + ([] if with_tests else [
        (VENV / ".installed-test", install_fingerprint("test"))])
    if PYTHON.exists() and any(s.exists() and s.read_text() == f for s, f in satisfied):
        say(f"environment in {VENV.name}/ is up to date")
        compile_package()
        return
    if not PYTHON.exists():
        say(f"creating a virtual environment in {VENV.name}/")
        run(sys.executable, "-m", "venv", VENV)
    uv = shutil.which("uv") or str(BIN / "uv")
    if not Path(uv).exists():
        say("installing uv (a fast installer) into the environment")
        run(PYTHON, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "uv")
    target = f".[{extras}]" if extras else "."
    say(f"installing the module and its dependencies ({target})")
    run(uv, "pip", "install", "--python", PYTHON, "--compile-bytecode", "--quiet", "-e", target)
    stamp.write_text(fingerprint)
    compile_package()


def compile_package() -> None:
    """Bring the package's bytecode up to date. Where PYTHONDONTWRITEBYTECODE is set (CI
    machines often set it), Python never rewrites stale bytecode, so every kernel would
    compile again each module edited since the install: about 0.1 s a lesson."""
    run(PYTHON, "-m", "compileall", "-q", ROOT / "widgets" / "sinojapan")


def ensure_chromium() -> None:
    """The browser tests need Debian's chromium; install it where we are allowed to."""
    if CHROMIUM.exists() or os.environ.get("SINOJAPAN_BROWSER"):
        return
    can_apt = shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0
    if not can_apt:
        say("no /usr/bin/chromium: browser tests will be skipped "
            "(install Debian's chromium, or set SINOJAPAN_BROWSER to a Chromium binary)")
        return
    say("installing Debian's chromium for the browser tests")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    run("apt-get", "update", "-qq", env=env)
    run("apt-get", "install", "-y", "-qq", "chromium", env=env, stdout=subprocess.DEVNULL)


def run_in_foreground(command: list) -> int:
    """Run a server (or the benchmark, which starts one) until it ends; SIGTERM or SIGINT
    to this script reach it too, and it is waited for, so stopping `tasks.py lab` or
    `tasks.py bench` never leaves JupyterLab running."""
    child = subprocess.Popen([str(c) for c in command], cwd=ROOT)

    def forward(signum, _frame):
        child.send_signal(signum)

    previous = {sig: signal.signal(sig, forward) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        while True:
            try:
                return child.wait()
            except KeyboardInterrupt:  # a second Ctrl+C while JupyterLab shuts down
                continue
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if child.poll() is None:
            child.kill()


def install_lab_overrides(app_dir: Path) -> Path:
    """JupyterLab settings shipped with the lessons (no pop-up asking about Jupyter news),
    as a file of their own in the app directory's overrides.d/ (a user's overrides.json
    and own settings are left alone)."""
    target = app_dir / "settings" / "overrides.d" / "sinojapan-lessons.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(LAB_OVERRIDES, target)
    return target


def lab(args: list[str]) -> int:
    setup(with_tests=False)
    install_lab_overrides(Path(os.environ.get("JUPYTERLAB_DIR")
                               or VENV / "share" / "jupyter" / "lab"))
    command = [BIN / "jupyter", "lab", FIRST_LESSON, *args]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    return run_in_foreground(command)


def test(args: list[str]) -> int:
    setup(with_tests=True)
    ensure_chromium()
    return subprocess.run([str(PYTHON), "-m", "pytest", *args], cwd=ROOT).returncode


def bench(args: list[str]) -> int:
    setup(with_tests=True)
    return run_in_foreground([PYTHON, "tests/benchmark.py", *args])


def html(args: list[str]) -> int:
    """Run each lesson (or those named) and write the static site: an index, one page per
    lesson with its charts, and plotly.js once. A lesson that fails or stalls is reported
    and the others are still written. --with-answers: the instructor's version."""
    setup(with_tests=False)
    return subprocess.run([str(PYTHON), "-m", "sinojapan.instructor.static_site", *args],
                          cwd=ROOT).returncode


def guide(args: list[str]) -> int:
    """The teacher guide, with the answers, from the content files (no kernel needed)."""
    setup(with_tests=False)
    return subprocess.run([str(PYTHON), "-m", "sinojapan.instructor.teacher_guide", *args],
                          cwd=ROOT).returncode


def lms(args: list[str]) -> int:
    """Write the lessons' questions as Moodle XML and a Canvas QTI package in build/lms/
    (or the banks named, e.g. `tasks.py lms 03 demo`)."""
    setup(with_tests=False)
    return subprocess.run([str(PYTHON), "-m", "sinojapan.lms.export", "build/lms", *args],
                          cwd=ROOT).returncode


def class_report(args: list[str]) -> int:
    """Read a folder of students' submission (or progress.json) files and write the class
    report, gradebook.csv and questions.csv to build/class-report/."""
    if not args or args[0].startswith("-"):
        print("usage: python3 tasks.py class-report FOLDER [--lessons 01,03] "
              "[--marks marks.csv]")
        return 2
    setup(with_tests=False)
    folder = Path(args[0]).resolve()  # relative to where the command was typed
    out = ROOT / "build" / "class-report"
    rest = list(args[1:])
    if "--marks" in rest and rest.index("--marks") + 1 < len(rest):  # as typed, not from ROOT
        at = rest.index("--marks") + 1
        rest[at] = str(Path(rest[at]).resolve())
    return subprocess.run([str(PYTHON), "-m", "sinojapan.instructor.class_report", str(folder),
                           str(out), *rest], cwd=ROOT).returncode


def marking(args: list[str]) -> int:
    """Write the marking sheet (CSV) and the marking page of the answers whose questions
    have rubric levels with points, to build/marking/."""
    if not args or args[0].startswith("-"):
        print("usage: python3 tasks.py marking FOLDER [--lessons 03,08]")
        return 2
    setup(with_tests=False)
    folder = Path(args[0]).resolve()
    return subprocess.run([str(PYTHON), "-m", "sinojapan.instructor.marking", str(folder),
                           str(ROOT / "build" / "marking"), *args[1:]], cwd=ROOT).returncode


def pin() -> None:
    """Binder installs exact versions, resolved from pyproject.toml for binder/runtime.txt."""
    setup(with_tests=True)
    runtime = (ROOT / "binder" / "runtime.txt").read_text().strip().removeprefix("python-")
    uv = shutil.which("uv") or str(BIN / "uv")
    pinned = subprocess.run(
        [uv, "pip", "compile", "pyproject.toml", "--extra", "check", "--python-version", runtime,
         "--no-header", "--no-annotate", "--quiet"],
        cwd=ROOT, check=True, capture_output=True, text=True).stdout
    (ROOT / "binder" / "requirements.txt").write_text(
        "# Exact versions for Binder; regenerate with: python3 tasks.py pin\n"
        "# The module itself is installed by binder/postBuild.\n" + pinned)
    say("wrote binder/requirements.txt")


def public_git_url(url: str) -> str:
    """A clone address a hub can use: git@host:owner/name(.git) becomes https://host/..."""
    if url.startswith("git@") and ":" in url:
        host, path = url[len("git@"):].split(":", 1)
        return f"https://{host}/{path}"
    return url


def hub_address_problem(hub: str) -> str | None:
    """Why `hub` is not a hub's address a link can start with (None: it is one)."""
    import re
    from urllib.parse import urlsplit

    example = "give the hub's address alone, e.g. https://hub.example.edu"
    if not hub.startswith(("https://", "http://")):
        return f"{example} (starting https://)"
    if re.search(r"[\s\"'<>\\^`{|}]", hub):
        return f"it holds a space, a quote or another character an address cannot; {example}"
    parts = urlsplit(hub)
    if not parts.hostname:
        return f"it names no host; {example}"
    if parts.query or parts.fragment or hub.endswith(("?", "#")):
        return ("it has a query or fragment ('?...' or '#...'), which the link cannot carry; "
                + example)
    return None


def hub_link(args: list[str]) -> int:
    """Print the nbgitpuller link that clones (or updates) the course into each student's
    home on a JupyterHub and opens a lesson in JupyterLab (docs/deploying.md)."""
    import argparse
    from urllib.parse import quote, urlencode

    parser = argparse.ArgumentParser(prog="tasks.py hub-link", description=hub_link.__doc__)
    parser.add_argument("--hub", required=True, help="the hub's address, https://...")
    parser.add_argument("--repo", help="the course repository's public git URL "
                        "(default: this checkout's remote 'origin')")
    parser.add_argument("--branch", help="branch to pull (default: the repository's default)")
    parser.add_argument("--lesson", default="00", help="lesson to open, e.g. 03 (default 00)")
    parser.add_argument("--targetpath", help="the course's folder in each student's home "
                        "(default: the repository's name)")
    parser.add_argument("--parentpath", default="", help="the hub's NBGITPULLER_PARENTPATH, "
                        "if it sets one: the folder nbgitpuller puts the course in")
    options = parser.parse_args(args)
    problem = hub_address_problem(options.hub)
    if problem:
        parser.error(f"--hub {options.hub!r}: {problem}")
    repo = options.repo
    if not repo:
        origin = subprocess.run(["git", "-C", str(ROOT), "remote", "get-url", "origin"],
                                capture_output=True, text=True)
        if origin.returncode:
            parser.error("this checkout has no remote 'origin': pass --repo URL")
        repo = public_git_url(origin.stdout.strip())
        if not repo.startswith(("https://", "http://")):
            parser.error(f"this checkout's origin {repo!r} is not an address a hub can "
                         "clone: pass --repo with the course repository's public URL")
    repo = public_git_url(repo)
    lesson = options.lesson.zfill(2) if options.lesson.isdigit() else options.lesson
    found = sorted((ROOT / "lessons").glob(f"{lesson}-*.ipynb"))
    if len(found) != 1:
        known = ", ".join(p.name.split("-")[0] for p in sorted((ROOT / "lessons").glob("*.ipynb")))
        parser.error(f"--lesson {options.lesson}: no such lesson in lessons/ ({known})")
    target = options.targetpath or repo.rstrip("/").rsplit("/", 1)[-1].removesuffix(".git")
    # nbgitpuller clones into <home>/<NBGITPULLER_PARENTPATH>/<targetpath>; the page to
    # open is that whole path under the home.
    folder = "/".join(p for p in (options.parentpath.strip("/"), target) if p)
    params = {"repo": repo, "targetpath": target,
              "urlpath": f"lab/tree/{folder}/lessons/{found[0].name}"}
    if options.branch:
        params["branch"] = options.branch
    hub = options.hub.rstrip("/").removesuffix("/hub")
    print(f"{hub}/hub/user-redirect/git-pull?{urlencode(params, quote_via=quote, safe='')}")
    return 0


def main(argv: list[str]) -> int:
    commands = {"lab", "test", "bench", "html", "guide", "setup", "pin", "lms",
                "class-report", "marking", "hub-link"}
    if not argv or argv[0] not in commands:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    try:
        if command == "lab":
            return lab(rest)
        elif command == "test":
            return test(rest)
        elif command == "bench":
            return bench(rest)
        elif command == "html":
            return html(rest)
        elif command == "guide":
            return guide(rest)
        elif command == "lms":
            return lms(rest)
        elif command == "class-report":
            return class_report(rest)
        elif command == "marking":
            return marking(rest)
        elif command == "pin":
            pin()
        elif command == "hub-link":
            return hub_link(rest)
        else:
            setup(with_tests="--test" in rest)
    except subprocess.CalledProcessError as error:
        say(f"failed: {' '.join(map(str, error.cmd))} (exit {error.returncode})")
        return error.returncode or 1
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
