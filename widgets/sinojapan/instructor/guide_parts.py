"""Parts of the teacher guide (teacher_guide.py) drawn from the content files: the
one-page answer key of a lesson (number -> answer, printable), the code questions'
tolerances and known slips, and a crisis simulation's map (each decision point, its
options, which are the record and which hypotheses, and what each government did)."""

from __future__ import annotations

from sinojapan.content.html_pages import Markup, page, table
from sinojapan.content.html_text import esc
from sinojapan.course.banks import QuizBank
from sinojapan.question_types.base import letter
from sinojapan.question_types.code import Code
from sinojapan.simulation.engine import Scenario

KEY_CSS = """<style>
body { font-size: 11pt; line-height: 1.3; margin: 1rem auto; }
h1 { font-size: 1.3rem; margin: 0 0 0.3rem; } h2 { font-size: 1.05rem; margin-top: 0.8rem; }
table { margin: 0.3rem 0 0.6rem; } th, td { padding: 0.15rem 0.4rem; }
.sj-warning { border: 2px solid #b35c00; padding: 0.2rem 0.6rem; font-size: 0.9rem; }
nav { margin-bottom: 0.5rem; }
@page { size: A4; margin: 12mm; }
@media print { body { font-size: 9.5pt; } nav { display: none; } a { color: inherit; }
               tr { break-inside: avoid; } }
</style>"""


def answer_key_page(title: str, banks: list[QuizBank], lesson_page: str) -> str:
    """A lesson's answer key on one printable page: number -> answer."""
    parts = []
    for bank in banks:
        rows = [(number, q.TYPE.replace("_", " "), q.key_line())
                for number, q in enumerate(bank.questions, start=1)]
        parts.append(f"<h2>{esc(bank.title)}</h2>"
                     + table(["No.", "type", "answer"], rows, numeric=[0]))
    body = (f'<nav aria-label="Guide"><a href="index.html">Teacher guide</a> \u00b7 '
            f'<a href="{esc(lesson_page)}">the whole lesson page</a> (why each option is '
            "right or wrong, hints, explanations, tolerances, model answers)</nav>"
            '<p class="sj-warning"><strong>For instructors: the answers.</strong> Numbered '
            "as in the lesson; letters as on the static site.</p>" + "".join(parts))
    return page(f"Answer key: {title}", body, head=KEY_CSS)


def code_checks_section(banks: list[QuizBank]) -> str:
    """Each code question's expected value, its tolerance, and the known slips it
    recognizes with the feedback a student who makes one reads."""
    rows = []
    for bank in banks:
        for number, question in enumerate(bank.questions, start=1):
            if not isinstance(question, Code):
                continue
            slips = "".join(f"<li><code>{esc(question.value_text(m.value))}</code>: "
                            f"{esc(m.feedback)}</li>" for m in question.mistakes)
            rows.append((number, Markup(f"<code>{esc(question.variable)}</code>"),
                         question.value_text(question.expected),
                         f"\u00b1 {question.figure(question.tolerance)}" if question.tolerance
                         else "exact",
                         Markup(f"<ul>{slips}</ul>" if slips else "none")))
    if not rows:
        return ""
    return ("<h2>The code checks: tolerances and known slips</h2><p>Each check computes its "
            "answer from the data series the student uses. A result within the tolerance is "
            "right; a result equal to a known slip (within the same tolerance) gets that "
            "slip's feedback instead of a plain \u201cnot right\u201d.</p>"
            + table(["No.", "name", "expected", "tolerance", "known slips and their feedback"],
                    rows, numeric=[0]))


def scenario_map(scenario: Scenario) -> str:
    """Every decision point of each side: its options (the record, or a hypothesis with
    the essay paragraphs it is argued from), what each leads to, and what the government
    actually did; then the endings."""
    parts = [f"<h3>{esc(scenario.title)} (<code>sj.scenario(\"{esc(scenario.id)}\")</code>)"
             f"</h3><p>{esc(scenario.period)}</p>"]
    for side in scenario.sides.values():
        nodes = scenario.side_nodes(side.id)
        parts.append(f"<h4>Advising {esc(side.label)}</h4>")
        for node in (n for n in nodes if not n.ending):
            rows = [(letter(i), o.text,
                     "the record" if o.historical else "hypothesis" + (
                         f" (argued from paragraph{'s' if len(o.paragraphs) > 1 else ''} "
                         f"{', '.join(map(str, o.paragraphs))})" if o.paragraphs else ""),
                     scenario.nodes[o.next].title) for i, o in enumerate(node.options)]
            parts.append(f"<p><strong>{esc(node.date_label)}: {esc(node.title)}.</strong> "
                         f"{esc(node.text)}</p>"
                         + table(["", "option", "record or hypothesis", "leads to"], rows)
                         + f"<p>What the government actually did: {esc(node.actual)}</p>")
        endings = [(n.title, "the record" if n.historical else "hypothesis")
                   for n in nodes if n.ending]
        parts.append(table(["ending", "record or hypothesis"], endings,
                           caption=f"Where {side.label}'s paths end"))
    return "".join(parts)
