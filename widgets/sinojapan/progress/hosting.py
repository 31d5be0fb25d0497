"""Where the lessons run (a Binder session, a JupyterHub, one's own computer), what that
means for saved work, and `sj.about()`: the version, the data folder in use and why, and
the progress file.

Binder is recognized by the variables BinderHub sets in every session it launches; a
JupyterHub by the variables JupyterHub gives each user's server.
"""

from __future__ import annotations

import html
import os
from dataclasses import dataclass, field
from pathlib import Path

from sinojapan import __version__
from sinojapan.content import files
from sinojapan.progress import store

BINDER_VARIABLES = ("BINDER_LAUNCH_HOST", "BINDER_REQUEST", "BINDER_PERSISTENT_REQUEST",
                    "BINDER_REPO_URL", "BINDER_REF_URL")
HUB_VARIABLES = ("JUPYTERHUB_USER", "JUPYTERHUB_API_URL", "JUPYTERHUB_SERVICE_PREFIX")
PLACES = {"binder": "a Binder session (temporary: deleted when the session ends)",
          "jupyterhub": "a JupyterHub server",
          "computer": "this computer"}


def place() -> str:
    """'binder', 'jupyterhub' or 'computer' (Binder runs on a JupyterHub: it is checked
    first)."""
    if any(os.environ.get(name) for name in BINDER_VARIABLES):
        return "binder"
    if any(os.environ.get(name) for name in HUB_VARIABLES):
        return "jupyterhub"
    return "computer"


KEEP_HOW = ("To keep them, run sj.keep_progress() (lesson 00 has it, under 'Where your work "
            "goes') and download your progress file; in a new session, upload it there or run "
            'sj.import_progress("the-file.json") and your answers come back.')


def temporary_notice(progress_path: Path, how: str = KEEP_HOW) -> str:
    """What a Binder user must know about their progress, as plain text (`how` says how to
    keep it); empty elsewhere."""
    if place() != "binder":
        return ""
    return (f"You are on Binder: your answers are saved in {progress_path}, inside this "
            "temporary session, and they are deleted with it when the session ends (when "
            f"you close it, or when Binder stops it after it has been left idle). {how}")


@dataclass
class About:
    """What `sj.about()` shows: one (label, value) line each."""

    lines: list[tuple[str, str]] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(f"{label}: {value}" for label, value in self.lines)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        rows = "".join(f'<tr><th scope="row" style="text-align:left">{html.escape(label)}</th>'
                       f'<td style="text-align:left">{html.escape(value)}</td></tr>'
                       for label, value in self.lines)
        return f'<table class="sj-about"><caption>About this module</caption>{rows}</table>'


def about() -> About:
    """The module's version, where it runs, the data folder in use (and which rule chose
    it: see files.data_source), the progress file and the course settings in force."""
    try:
        folder, rule = files.data_source()
        data = f"{folder} ({rule})"
    except files.DataError as error:
        data = f"none found: {error}"
    path = store.default_path()
    kept = ("deleted when this Binder session ends: see sj.keep_progress()"
            if place() == "binder" else "kept between sessions")
    where_set = (f"set by ${store.PROGRESS_ENV}" if os.environ.get(store.PROGRESS_ENV)
                 else "the user data folder")
    return About([
        ("version", __version__),
        ("running on", PLACES[place()]),
        ("data folder", data),
        ("progress file", f"{path} ({where_set}; {kept})"),
        ("course settings", _settings_in_force()),
    ])


def _settings_in_force() -> str:
    from sinojapan.course.settings import course_settings

    try:
        settings = course_settings()
    except files.DataError as error:
        return f"unreadable: {error}"
    return "; ".join(settings.describe()).replace("Settings file: ", "file: ", 1)
