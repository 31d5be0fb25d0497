"""Keeping progress beyond one session (a Binder session is deleted when it ends): a copy
of the progress file to download, and bringing a saved copy back.

    sj.keep_progress()                    where progress lives; download it; bring a copy back
    sj.import_progress("my-file.json")    merge a saved progress or submission file back

Merging follows progress/merge.py: newer answers on either side are kept, and every
attempt. The file imported is only read, never changed.
"""

from __future__ import annotations

import base64
import html
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sinojapan.components.base import Component
from sinojapan.pictures.display import static_export, widget_bundle
from sinojapan.progress import hosting
from sinojapan.progress.store import Progress, salvage
from sinojapan.progress.submissions import FORMAT as SUBMISSION_FORMAT
from sinojapan.progress.submissions import FORMAT_VERSION as SUBMISSION_VERSION

COPY_PREFIX = "sinojapan-progress-"
MAX_UPLOAD_BYTES = 20_000_000  # far above any class's progress file
STATIC_TEXT = ("When you run this notebook in JupyterLab, this cell shows where your progress "
               "is saved, prepares a copy of it to download, and brings a saved copy back.")


class ProgressImportError(ValueError):
    """A file to import is neither a progress file nor a submission file."""


def saved_progress(raw: bytes, name: str) -> dict:
    """The progress (its answers, lesson -> question -> record, and simulation paths) in a
    progress.json or a submission file (its "progress"); a ProgressImportError of one line,
    naming the file, otherwise."""
    try:
        content = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        reason = "nested too deep" if isinstance(error, RecursionError) else str(error)[:120]
        raise ProgressImportError(f"{name}: not a progress file or a submission file "
                                  f"(not valid JSON: {reason})") from None
    if isinstance(content, dict) and content.get("format") == SUBMISSION_FORMAT:
        version = content.get("format_version")
        if not isinstance(version, int) or version > SUBMISSION_VERSION:
            raise ProgressImportError(
                f"{name}, field 'format_version': {version!r} is not a submission format "
                f"this module reads (1 to {SUBMISSION_VERSION}); update the module")
        content, where = content.get("progress"), f"{name}, field 'progress'"
    else:
        where = name
    if not isinstance(content, dict) or not isinstance(content.get("answers"), dict):
        raise ProgressImportError(
            f"{where}: not a progress file (no 'answers' mapping) or a submission file "
            f"(no \"format\": \"{SUBMISSION_FORMAT}\")")
    kept, problems = salvage(content)  # every record checked by records.checked_record
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise ProgressImportError(f"{where}: {problems[0]}{more}; nothing was imported")
    return kept


@dataclass
class ImportResult:
    """What an import did, counted in questions."""

    file: str
    added: int
    newer: int
    kept: int
    saved_to: Path

    @property
    def message(self) -> str:
        return (f"Imported {self.file} into {self.saved_to}: {self.added} question(s) "
                f"added, {self.newer} updated with the file's newer answers, {self.kept} "
                "kept as they were here (newer here, or the same). Every attempt of both is "
                "kept. Run a quiz cell again to see the answers.")

    def __str__(self) -> str:
        return self.message

    __repr__ = __str__

    def _repr_html_(self) -> str:
        return f'<p class="sj-import" role="status">{html.escape(self.message)}</p>'


def import_bytes(raw: bytes, name: str, progress: Progress | None = None) -> ImportResult:
    store = progress or Progress()
    saved = saved_progress(raw, name)
    counts = store.merge_in(saved["answers"], saved.get("scenarios"))
    return ImportResult(file=name, saved_to=store.path, **counts)


def import_progress(path: Path | str, progress: Progress | None = None) -> ImportResult:
    """Merge a saved progress.json, or a submission file, into your progress: a question
    keeps the newer answer of the two, and the attempts of both."""
    path = Path(path).expanduser()
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ProgressImportError(f"{path}: cannot be read ({error.strerror or error})") \
            from None
    return import_bytes(raw, str(path), progress)


def write_copy(progress: Progress, folder: Path | str) -> Path:
    """A dated copy of the progress (as saved now) in `folder`; never replaces a file."""
    folder = Path(folder)
    stamp = datetime.now().strftime("%Y-%m-%d-%H%M%S")
    text = json.dumps(progress.load(), ensure_ascii=False, indent=1, sort_keys=True)
    for number in range(1, 100):
        target = folder / f"{COPY_PREFIX}{stamp}{'' if number == 1 else f'-{number}'}.json"
        try:
            with open(target, "x", encoding="utf-8") as stream:
                stream.write(text)
            return target
        except FileExistsError:
            continue
    raise FileExistsError(f"no free name for a copy in {folder}")


def download_link(path: Path) -> str:
    """A link that downloads the file from the page itself (no server path needed)."""
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return (f'<a download="{html.escape(path.name)}" href="data:application/json;base64,'
            f'{data}" class="sj-download" style="text-decoration: underline; font-weight: '
            f'bold">Download {html.escape(path.name)}</a>')


def place_html(progress: Progress) -> str:
    """Where progress lives, and on Binder that it is temporary and how to keep it."""
    notice = hosting.temporary_notice(progress.path, how=(
        "To keep them, press Prepare my progress file below and download the file. In a new "
        "session, choose it with Bring back a saved file, and your answers come back."))
    if notice:
        return (f'<div class="sj-temporary" role="note" style="border-left: 4px solid '
                f'#b35900; padding: 0.3em 0.8em"><strong>Your progress is temporary '
                f"here.</strong> {html.escape(notice)}</div>")
    return (f"<p>Your answers are saved in <code>{html.escape(str(progress.path))}</code> "
            "and kept between sessions. To move them to another computer, download the file "
            "below and bring it back there.</p>")


class KeepPanel(Component):
    """Keeping progress as one model, drawn by components/keep_progress.js: the place,
    the download button and link, and a file chooser whose file comes in one message."""

    SCRIPT = "keep_progress.js"
    STYLE = "keep_progress.css"


class KeepProgress:
    """Where progress lives; a button that prepares a copy to download; a file chooser
    that merges a saved copy back. What it says is in `widget.state` (`download`,
    `result`); the browser's actions are "prepare" and "upload" (a name, and the file's
    bytes as a buffer)."""

    def __init__(self, progress: Progress | None = None, folder: Path | str | None = None):
        self.progress = progress or Progress()
        self.folder = Path(folder) if folder else Path.cwd()
        self.download = self.upload_result = ""
        self.answered = 0  # messages answered: the same message twice still redraws
        self.widget = KeepPanel(classes="sj-keep-progress")
        self.widget.on("prepare", lambda _message: self.prepare_download())
        self.widget.on("upload", self._uploaded)
        self._draw()

    @property
    def place(self) -> str:
        return place_html(self.progress)

    def _draw(self) -> None:
        self.answered += 1
        self.widget.state = {"place": self.place, "download": self.download,
                             "result": self.upload_result, "answered": self.answered,
                             "max_bytes": MAX_UPLOAD_BYTES}

    def prepare_download(self) -> Path | None:
        try:
            copy = write_copy(self.progress, self.folder)
        except OSError as error:
            self.download = (f'<p class="sj-problem">No copy could be written to '
                             f"{html.escape(str(self.folder))} "
                             f"({html.escape(error.strerror or str(error))}).</p>")
            copy = None
        else:
            self.download = (
                f"<p>Ready: {download_link(copy)}. Keep it somewhere safe. A copy is also "
                f"beside this notebook as <code>{html.escape(copy.name)}</code> (in the "
                "file browser: right-click it, then Download).</p>")
        self._draw()
        return copy

    def import_upload(self, name: str, raw: bytes) -> ImportResult | None:
        result = None
        try:
            result = import_bytes(raw, name, self.progress)
        except (ProgressImportError, OSError) as error:
            self.upload_result = f'<p class="sj-problem">{html.escape(str(error))}</p>'
        except Exception as error:  # noqa: BLE001  a file no check foresaw: say so, keep all
            self.upload_result = (
                f'<p class="sj-problem">{html.escape(name)} could not be imported '
                f"({html.escape(type(error).__name__)}: {html.escape(str(error)[:160])}); "
                "nothing was changed.</p>")
        else:
            self.upload_result = f"<p>{html.escape(result.message)}</p>"
        self._draw()
        return result

    def _uploaded(self, message: dict) -> None:
        """The browser's file: its name and, as the one buffer, its bytes."""
        name = str(message.get("name") or "the file")[:200]
        buffers = message.get("buffers") or []
        if len(buffers) != 1 or len(buffers[0]) > MAX_UPLOAD_BYTES:
            self.upload_result = (f'<p class="sj-problem">{html.escape(name)} did not arrive '
                                  "whole (or is too large to be a progress file); nothing "
                                  "was changed.</p>")
            self._draw()
            return
        self.import_upload(name, bytes(buffers[0]))

    def _repr_mimebundle_(self, **kwargs):
        if static_export():  # a page for everyone: no one's file or path
            text = STATIC_TEXT
            return widget_bundle(self.widget, f"<p><em>{html.escape(text)}</em></p>", text)
        return widget_bundle(self.widget, place_html(self.progress),
                             hosting.temporary_notice(self.progress.path)
                             or f"Progress file: {self.progress.path}")


def keep_progress(progress: Progress | None = None,
                  folder: Path | str | None = None) -> KeepProgress:
    """Where your progress lives (on Binder: that it is deleted with the session), a copy
    of it to download, and a file chooser to bring a saved copy back."""
    return KeepProgress(progress, folder)
