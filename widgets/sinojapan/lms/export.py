"""Every gradable question of the lessons, for a course's LMS: Moodle XML and a QTI 1.2
package that Canvas imports. Written from the question banks, so nothing is written twice.

    python -m sinojapan.lms.export [OUT_DIR] [BANK ...]     (default build/lms, every lesson)

writes OUT_DIR/moodle/all-lessons.xml (a category per lesson; lessons-03-05.xml when only
some banks are named), OUT_DIR/moodle/<bank>.xml,
OUT_DIR/canvas-qti.zip (imsmanifest.xml and one assessment per lesson) and a README.md
saying how each question type is mapped. docs/lms-export.md explains the choices."""

from __future__ import annotations

import io
import sys
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from sinojapan.content import catalog
from sinojapan.content.files import DataError
from sinojapan.course.banks import QuizBank, quiz_bank, quiz_bank_ids
from sinojapan.lms import moodle, qti
from sinojapan.lms.text import Entry, LmsError, type_notes

COURSE_CATEGORY = "Sino-Japanese security relations (Ming Wan, 2012)"
PACKAGE_ID = "sinojapan-lessons"
CANVAS_NAMESPACE = "http://canvas.instructure.com/xsd/cccv1p0"
IMSCP_NAMESPACE = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
META_RESOURCE = "associatedcontent/imscc_xmlv1p1/learning-application-resource"


@dataclass
class LmsExport:
    """What was written: the files, and how many questions of which banks."""

    folder: Path
    files: list[Path] = field(default_factory=list)
    questions: dict[str, int] = field(default_factory=dict)  # bank id -> questions


def lesson_bank_ids() -> list[str]:
    """The banks of the lessons (not the demonstration bank)."""
    return [b for b in quiz_bank_ids() if b.isdigit()]


def bank_title(bank: QuizBank) -> str:
    return f"Lesson {bank.id}: {bank.title}" if bank.id.isdigit() else bank.title


def entries(bank: QuizBank, reflection_points: float = 0.0) -> list[Entry]:
    """The bank's questions with the lines of their events. A reflection is worth
    `reflection_points` (0: as in the lessons, where reflections are never scored); with
    hints off in the course settings, no hints go to the LMS either."""
    questions = [q if bank.course.hints else replace(q, hints=[]) for q in bank.questions]
    return [Entry(q, number, [catalog.event_label(e) for e in q.events],
                  1.0 if q.GRADED else reflection_points)
            for number, q in enumerate(questions, start=1)]


def xml_bytes(tree: ET.ElementTree) -> bytes:
    buffer = io.BytesIO()
    tree.write(buffer, encoding="UTF-8", xml_declaration=True, short_empty_elements=False)
    return buffer.getvalue()


def assessment_id(bank: QuizBank) -> str:
    return f"{PACKAGE_ID}-{bank.id}"


def assessment_meta(bank: QuizBank, points: float) -> ET.ElementTree:
    """Canvas's quiz settings beside the QTI: a graded quiz that keeps the best attempt,
    with the attempts the course settings (else the bank) allow, and the correct answers
    shown unless the course turned "Show answer" off (the lessons' rules)."""
    ident = assessment_id(bank)
    quiz = ET.Element("quiz", {"identifier": ident, "xmlns": CANVAS_NAMESPACE})
    settings = {"title": bank_title(bank), "description": "", "shuffle_answers": "false",
                "scoring_policy": "keep_highest", "quiz_type": "assignment",
                "points_possible": f"{points:g}",
                "show_correct_answers": "false" if bank.show_answer_after is None else "true",
                "allowed_attempts": str(bank.course.attempts_limit(bank.max_attempts) or -1),
                "one_question_at_a_time": "false", "cant_go_back": "false",
                "available": "false"}
    for tag, value in settings.items():
        ET.SubElement(quiz, tag).text = value
    ET.indent(quiz)
    return ET.ElementTree(quiz)


def manifest(banks: list[QuizBank]) -> ET.ElementTree:
    """imsmanifest.xml: each assessment's QTI file, and its Canvas settings beside it."""
    root = ET.Element("manifest", {"identifier": f"{PACKAGE_ID}-qti", "xmlns": IMSCP_NAMESPACE})
    metadata = ET.SubElement(root, "metadata")
    ET.SubElement(metadata, "schema").text = "IMS Content"
    ET.SubElement(metadata, "schemaversion").text = "1.1.3"
    ET.SubElement(root, "organizations")
    resources = ET.SubElement(root, "resources")
    for bank in banks:
        ident = assessment_id(bank)
        quiz = ET.SubElement(resources, "resource", identifier=ident, type="imsqti_xmlv1p2")
        ET.SubElement(quiz, "file", href=f"{ident}/{ident}.xml")
        ET.SubElement(quiz, "dependency", identifierref=f"{ident}-meta")
        meta = ET.SubElement(resources, "resource", identifier=f"{ident}-meta",
                             type=META_RESOURCE, href=f"{ident}/assessment_meta.xml")
        ET.SubElement(meta, "file", href=f"{ident}/assessment_meta.xml")
    ET.indent(root)
    return ET.ElementTree(root)


def qti_package(banks: list[QuizBank], reflection_points: float) -> bytes:
    files = {"imsmanifest.xml": xml_bytes(manifest(banks))}
    for bank in banks:
        ident, items = assessment_id(bank), entries(bank, reflection_points)
        files[f"{ident}/{ident}.xml"] = xml_bytes(qti.assessment_xml(
            ident, bank_title(bank), items, bank.course.attempts_limit(bank.max_attempts)))
        files[f"{ident}/assessment_meta.xml"] = xml_bytes(
            assessment_meta(bank, sum(e.points for e in items)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in files.items():
            package.writestr(zipfile.ZipInfo(name, date_time=(2012, 11, 16, 0, 0, 0)), data,
                             zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def combined_name(banks: list[QuizBank]) -> str:
    """The Moodle file with every bank exported: all-lessons.xml only when it holds every
    lesson."""
    ids = [b.id for b in banks]
    return ("all-lessons.xml" if set(lesson_bank_ids()) <= set(ids)
            else f"lessons-{'-'.join(ids)}.xml")


def readme(banks: list[QuizBank]) -> str:
    lines = ["# Questions for an LMS", "",
             "Written by `python3 tasks.py lms` from the module's question banks; "
             "docs/lms-export.md says how to import them and what differs from the lessons.",
             "", f"- `moodle/{combined_name(banks)}`: the lessons below, a question category "
             "each (Moodle: Question bank -> Import -> Moodle XML format)",
             "- `moodle/<lesson>.xml`: one lesson", "- `canvas-qti.zip`: one quiz per lesson "
             "(Canvas: Settings -> Import course content -> QTI .zip file)", "",
             "| bank | questions |", "|---|---|"]
    lines += [f"| {bank_title(b)} | {len(b)} |" for b in banks]
    for name, writers in (("Moodle", moodle.WRITERS), ("Canvas (QTI 1.2)", qti.WRITERS)):
        lines += ["", f"## How each type becomes a {name} question", ""]
        lines += [f"- `{type_name}`:{says}" for type_name, says in
                  (note.split(":", 1) for note in type_notes(writers))]
    return "\n".join(lines) + "\n"


def export_lms(folder: str | Path = "build/lms", bank_ids: list[str] | None = None,
               reflection_points: float | None = None) -> LmsExport:
    """Write the LMS files for the banks named (default: every lesson's) into `folder`.
    Reflections are worth `reflection_points`; by default 1 when the course settings say
    reflections count, else 0."""
    banks = [quiz_bank(b) for b in (bank_ids or lesson_bank_ids())]
    if reflection_points is None:
        reflection_points = 1.0 if banks and banks[0].course.reflections_count else 0.0
    return write_lms(folder, banks, reflection_points)


def write_lms(folder: str | Path, banks: list[QuizBank],
              reflection_points: float = 0.0) -> LmsExport:
    """Write the LMS files for these banks into `folder` (see the module's docstring)."""
    result = LmsExport(Path(folder), questions={b.id: len(b) for b in banks})
    moodle_dir = result.folder / "moodle"
    moodle_dir.mkdir(parents=True, exist_ok=True)
    for earlier in moodle_dir.glob("*.xml"):  # an earlier export's files would pass for this one's
        earlier.unlink()
    sections = [([COURSE_CATEGORY, bank_title(b)], entries(b, reflection_points)) for b in banks]
    outputs = {moodle_dir / combined_name(banks): xml_bytes(moodle.quiz_xml(sections))}
    for bank, section in zip(banks, sections, strict=True):
        outputs[moodle_dir / f"{bank.id}.xml"] = xml_bytes(moodle.quiz_xml([section]))
    outputs[result.folder / "canvas-qti.zip"] = qti_package(banks, reflection_points)
    outputs[result.folder / "README.md"] = readme(banks).encode("utf-8")
    for path, data in outputs.items():
        path.write_bytes(data)
        result.files.append(path)
    return result


def main(argv: list[str]) -> int:
    folder, banks = (argv[0], argv[1:]) if argv else ("build/lms", [])
    try:
        result = export_lms(folder, banks or None)
    except (DataError, LmsError, ValueError, KeyError) as error:
        print(f"LMS export failed: {error}", file=sys.stderr)
        return 1
    total = sum(result.questions.values())
    print(f"wrote {total} questions of {len(result.questions)} bank(s) to {result.folder}/: "
          + ", ".join(str(p.relative_to(result.folder)) for p in result.files))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
