"""The instructor-only notes on each lesson (data/teaching.yaml): a plan for a 50- and a
90-minute class, discussion prompts and common misconceptions. Only the teacher guide
shows them. Every lesson in lessons/ has an entry, and each plan adds up to its class's
length; a mistake names the file, the lesson and the field."""

from __future__ import annotations

from dataclasses import dataclass

from sinojapan.content.files import DataError, cached, data_dir, read_yaml, require_unique_ids
from sinojapan.course.outline import lesson_files

CLASS_LENGTHS = {"plan_50": 50, "plan_90": 90}  # field -> minutes


@dataclass(frozen=True)
class LessonNotes:
    id: str
    plans: dict[int, list[tuple[int, str]]]  # class minutes -> [(minutes, activity), ...]
    discussion: list[str]
    misconceptions: list[tuple[str, str]]  # (misreading, correction)


@cached(on_disk=False)  # reads lessons/, not only data/
def _teaching_notes() -> dict[str, LessonNotes]:
    path = data_dir() / "teaching.yaml"
    items = read_yaml(path, "teaching.schema.json")["lessons"]
    require_unique_ids(path, items)
    lessons = lesson_files()
    notes = {}
    for number, item in enumerate(items, start=1):
        where = f"item {number} (id {item['id']})"
        if item["id"] not in lessons:
            raise DataError(path, f"there is no lesson {item['id']} in lessons/ (lessons: "
                            f"{', '.join(lessons)})", row=where, field="id")
        plans = {}
        for field_name, length in CLASS_LENGTHS.items():
            steps = [(step["minutes"], step["activity"]) for step in item[field_name]]
            total = sum(minutes for minutes, _ in steps)
            if total != length:
                raise DataError(path, f"the steps add up to {total} minutes, not {length}",
                                row=where, field=field_name)
            plans[length] = steps
        notes[item["id"]] = LessonNotes(
            item["id"], plans, list(item["discussion"]),
            [(m["misreading"], m["correction"]) for m in item["misconceptions"]])
    missing = [lesson for lesson in lessons if lesson not in notes]
    if missing:
        raise DataError(path, f"no notes for lesson(s) {', '.join(missing)}: every lesson "
                        "in lessons/ needs an entry", row="lessons", field="id")
    return notes


def teaching_notes() -> dict[str, LessonNotes]:
    """Every lesson's instructor notes, by lesson id."""
    return dict(_teaching_notes())
