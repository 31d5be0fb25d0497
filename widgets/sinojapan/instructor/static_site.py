"""The lessons as one static website, to post for students: no kernel, no network.

    python -m sinojapan.instructor.static_site [--with-answers] [--out FOLDER] [LESSON.ipynb ...]
    (or python3 tasks.py html [--with-answers])

Writes an index with the lesson list and one page per lesson (see export.py: each lesson
is run, its charts drawn with their own controls, its quizzes in their static form), and
plotly.js once, as a file beside the pages that every page loads: the partial bundle
shipped with the package (plotly-basic.min.js, 1.2 MB: the lessons' scatter and bar
charts), or, for a page with a figure it cannot draw, also the installed plotly's full
plotly.min.js (see plotly_bundles.py). Student pages hold no answer, hint, explanation or model
answer, in the page or its source. `--with-answers` writes the instructor's version
(each question's answer key, as in the teacher guide) to another folder by default.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from sinojapan.content import catalog
from sinojapan.content.html_pages import Markup, page, table
from sinojapan.content.html_text import esc, inline_markdown, markup_list
from sinojapan.course.outline import Outline, outlines
from sinojapan.instructor.export import CELL_TIMEOUT, ExportError, export_html
from sinojapan.instructor.plotly_bundles import BASIC, FULL, place_beside

PLOTLY_FILE = BASIC  # the shared plotly.js every page loads (FULL only where needed)
STUDENT_FOLDER, INSTRUCTOR_FOLDER = "build/html", "build/html-with-answers"
SITE_CSS = """<style>
.sj-warning { border: 2px solid #b35c00; padding: 0.4em 0.8em; }
.sj-site-nav { font-family: system-ui, sans-serif; padding: 0.5em 1em;
               border-bottom: 1px solid #ccc; }
.sj-site-nav a { text-decoration: underline; }
</style>"""
INSTRUCTOR_BANNER = ('<p class="sj-warning"><strong>Instructor\'s version, with the answers.'
                     "</strong> Do not post it where students can see it; the student site "
                     "(<code>python3 tasks.py html</code>) has no answers.</p>")


@dataclass
class SiteReport:
    folder: Path
    written: list[Path] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)  # lesson file name -> why


def page_name(outline: Outline) -> str:
    return outline.path.stem + ".html"


def navigation(lessons: list[Outline], position: int, with_answers: bool) -> str:
    """The bar at the top of a lesson page: the index, the previous and next lessons."""
    links = ['<a href="index.html">All lessons</a>']
    if position > 0:
        before = lessons[position - 1]
        links.append(f'<a href="{page_name(before)}">\u2190 Lesson {esc(before.id)}</a>')
    if position + 1 < len(lessons):
        after = lessons[position + 1]
        links.append(f'<a href="{page_name(after)}">Lesson {esc(after.id)} \u2192</a>')
    banner = INSTRUCTOR_BANNER if with_answers else ""
    return (SITE_CSS + '<nav class="sj-site-nav" aria-label="Lessons">'
            + " \u00b7 ".join(links) + banner + "</nav>")


def index_page(lessons: list[Outline], with_answers: bool) -> str:
    rows = [(Markup(f'<a href="{page_name(o)}">{esc(o.title)}</a>'), o.minutes,
             Markup(markup_list(inline_markdown(x) for x in o.objectives))) for o in lessons]
    body = (
        (INSTRUCTOR_BANNER if with_answers else "")
        + f"<p>The lessons teach {esc(catalog.essay_citation())} Read the essay itself on "
        "the Tokyo Foundation's website.</p>"
        "<p>This is the static version of the lessons. The charts work here: hover for "
        "details, zoom, and use their buttons, menus and sliders. The quizzes are shown to "
        "read and to answer on paper. To check answers, get feedback and save your work, "
        "open the notebooks in JupyterLab.</p>"
        + table(["lesson", "minutes", "by the end you will be able to"], rows, numeric=[1]))
    title = "Sino-Japanese security relations: a close reading" + (
        " (instructor's version, with answers)" if with_answers else "")
    return page(title, body, head=SITE_CSS)


def export_site(folder: str | Path | None = None, lessons: list[str | Path] | None = None, *,
                with_answers: bool = False, timeout: int = CELL_TIMEOUT) -> SiteReport:
    """Export the lessons (default: all) to `folder`, with the shared plotly.js and an
    index of every lesson page there; a lesson that fails is reported, the rest written."""
    folder = Path(folder or (INSTRUCTOR_FOLDER if with_answers else STUDENT_FOLDER))
    folder.mkdir(parents=True, exist_ok=True)
    report = SiteReport(folder)
    every = list(outlines().values())
    chosen = ({Path(p).resolve() for p in lessons} if lessons
              else {o.path.resolve() for o in every})
    unknown = chosen - {o.path.resolve() for o in every}
    for path in sorted(unknown):
        report.failed[path.name] = "not a lesson in lessons/ (NN-slug.ipynb)"
    report.written.append(place_beside(folder, PLOTLY_FILE))
    for position, outline in enumerate(every):
        if outline.path.resolve() not in chosen:
            continue
        try:
            report.written.append(export_html(
                outline.path, folder / page_name(outline), timeout=timeout,
                shared_plotly=True, with_answers=with_answers,
                top=navigation(every, position, with_answers)))
        except ExportError as error:
            report.failed[outline.path.name] = str(error)
    full = folder / FULL  # for a page with a trace type the bundle lacks
    if any(f'src="{FULL}"' in p.read_text(encoding="utf-8") for p in report.written[1:]):
        report.written.append(full)
    present = [o for o in every if (folder / page_name(o)).exists()]
    index = folder / "index.html"
    index.write_text(index_page(present, with_answers), encoding="utf-8")
    report.written.append(index)
    return report


def main(argv: list[str]) -> int:
    if any(a in ("-h", "--help") for a in argv):
        print(__doc__)
        return 2
    with_answers = "--with-answers" in argv
    rest = [a for a in argv if a != "--with-answers"]
    folder = None
    if "--out" in rest:
        at = rest.index("--out")
        if at + 1 >= len(rest):
            print("--out needs a folder", file=sys.stderr)
            return 2
        folder = rest[at + 1]
        del rest[at:at + 2]
    report = export_site(folder, rest or None, with_answers=with_answers)
    for name, why in report.failed.items():
        print(f"not exported: {name}: {why}", file=sys.stderr)
    pages = [p for p in report.written if p.suffix == ".html" and p.name != "index.html"]
    kind = "instructor's version (with answers)" if with_answers else "student site"
    scripts = " and ".join(p.name for p in report.written if p.suffix == ".js")
    print(f"wrote the {kind}: {len(pages)} lesson page(s), index.html and {scripts} "
          f"in {report.folder}")
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
