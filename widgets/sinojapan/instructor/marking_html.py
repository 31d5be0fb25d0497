"""The marking page (marking.py writes it): one question at a time, its answers from every
student in turn with the rubric and its levels beside them, as nbgrader's formgrader and
Canvas's SpeedGrader show them. Plain HTML and a little inline script; it works from
disk, offline. Without script every answer is listed. With it, one answer shows at a
time: Previous and Next (or the keys J and K, outside a field), a points field per
answer, and "Save marks as CSV", which downloads marks.csv for `--marks`. Every string a
student typed is escaped."""

from __future__ import annotations

from sinojapan.content.html_pages import page
from sinojapan.content.html_text import bullets, esc, markup_list, shortened
from sinojapan.progress.page import lesson_label
from sinojapan.question_types.rubrics import levels_html

CSS = """<style>
.sj-mark-q { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 1.5em;
             border-top: 2px solid #444; padding-top: 0.8em; margin-top: 1.5em; }
.sj-rubric { position: sticky; top: 0; align-self: start; background: #f6f6f6;
             padding: 0.5em 1em; }
.sj-answer { border: 1px solid #888; padding: 0.5em 1em; margin: 0 0 1em 0; }
.sj-answer blockquote { white-space: pre-wrap; margin: 0.5em 0; }
.sj-nav button, #sj-save { font-size: 1em; padding: 0.3em 0.9em; margin-right: 0.5em; }
button:focus, input:focus, a:focus { outline: 3px solid #1a5fb4; outline-offset: 2px; }
.sj-warn { color: #a51d2d; font-weight: 600; margin-left: 0.5em; }
@media print { .sj-nav, #sj-save { display: none; } .sj-answer { display: block !important; } }
</style>"""

SCRIPT = """<script>
(function () {
  document.querySelectorAll('.sj-mark-q').forEach(function (q) {
    var cards = q.querySelectorAll('.sj-answer'), at = 0, status = q.querySelector('.sj-at');
    if (!cards.length) return;
    function show(i) {
      at = (i + cards.length) % cards.length;
      cards.forEach(function (c, n) { c.hidden = n !== at; });
      status.textContent = 'Student ' + (at + 1) + ' of ' + cards.length + ': ' +
        cards[at].dataset.student;
    }
    q.querySelector('.sj-prev').addEventListener('click', function () { show(at - 1); });
    q.querySelector('.sj-next').addEventListener('click', function () { show(at + 1); });
    q.querySelector('.sj-nav').hidden = false;
    q.addEventListener('keydown', function (e) {  // a points field takes no letters
      if (e.altKey || e.ctrlKey || e.metaKey || (e.key !== 'j' && e.key !== 'k')) return;
      e.preventDefault();
      show(at + (e.key === 'j' ? 1 : -1));
      cards[at].querySelector('input').focus();
    });
    show(0);
  });
  function outOfRange(input) {
    var v = input.value.trim();
    if (v === '') return false;
    var n = Number(v);
    return !isFinite(n) || n < Number(input.min) || n > Number(input.max);
  }
  document.querySelectorAll('.sj-answer input').forEach(function (input) {
    input.addEventListener('input', function () {
      var bad = outOfRange(input), warn = input.parentNode.querySelector('.sj-warn');
      input.setAttribute('aria-invalid', bad ? 'true' : 'false');
      warn.textContent = bad ? 'Not saved: give points from ' + input.min + ' to ' +
        input.max + '.' : '';
    });
  });
  var save = document.getElementById('sj-save');
  save.hidden = false;
  save.addEventListener('click', function () {
    function cell(t) {
      t = String(t);
      return /[",\\n]/.test(t) ? '"' + t.replace(/"/g, '""') + '"' : t;
    }
    var lines = ['student,lesson,question_id,points'];
    var skipped = 0;
    document.querySelectorAll('.sj-answer input').forEach(function (input) {
      if (input.value.trim() === '') return;
      if (outOfRange(input)) { skipped += 1; return; }
      lines.push([input.dataset.student, input.dataset.lesson, input.dataset.question,
                  input.value.trim()].map(cell).join(','));
    });
    var link = document.createElement('a');
    var text = '\\ufeff' + lines.join('\\r\\n') + '\\r\\n';
    link.href = 'data:text/csv;charset=utf-8,' + encodeURIComponent(text);
    link.download = 'marks.csv';
    document.body.appendChild(link); link.click(); link.remove();
    document.getElementById('sj-saved').textContent =
      (lines.length - 1) + ' mark(s) saved as marks.csv.' + (skipped ? ' ' + skipped +
      ' out of range left out: they are marked on the page.' : '');
  });
})();
</script>"""


def answer_card(answer, index: int, count: int) -> str:
    item = answer.item
    field_id = f"p-{esc(item.label)}-{index}"
    note = f'<p class="sj-note">{esc(answer.note)}</p>' if answer.note else ""
    return (f'<section class="sj-answer" data-student="{esc(answer.student)}" '
            f'aria-label="{esc(answer.student)}"><h3>{esc(answer.student)} '
            f'<span class="sj-count">({index + 1} of {count})</span></h3>'
            f"<blockquote>{esc(answer.text)}</blockquote>{note}"
            f'<label for="{field_id}">Points (0 to {item.most:g}): </label>'
            f'<input id="{field_id}" type="number" min="0" max="{item.most:g}" step="0.5" '
            f'data-student="{esc(answer.student)}" data-lesson="{esc(item.bank)}" '
            f'data-question="{esc(item.question.id)}" aria-describedby="{field_id}-w">'
            f'<span class="sj-warn" id="{field_id}-w" role="alert"></span></section>')


def question_block(item, found: list) -> str:
    mine = [a for a in found if a.item is item]
    cards = "".join(answer_card(a, i, len(mine)) for i, a in enumerate(mine))
    rubric = getattr(item.question, "rubric", [])
    model = getattr(item.question, "model_answer", "")
    return (f'<div class="sj-mark-q" id="q-{esc(item.label)}"><div>'
            f"<h2>{esc(item.label)} ({esc(lesson_label(item.bank))}): "
            f"{esc(item.question.prompt)}</h2>"
            '<div class="sj-nav" hidden><button type="button" class="sj-prev">Previous '
            'student (K)</button><button type="button" class="sj-next">Next student (J)'
            '</button> <span class="sj-at" role="status"></span></div>'
            f"{cards or '<p>No student answered this question.</p>'}</div>"
            '<aside class="sj-rubric" aria-label="Rubric">'
            f"<h3>Rubric</h3>{bullets(rubric) if rubric else ''}"
            f"{levels_html(item.question.rubric_levels)}"
            + (f"<details><summary>Model answer</summary><p>{esc(model)}</p></details>"
               if model else "") + "</aside></div>")


def marking_page(items: list, found: list) -> str:
    """The page: an index of the questions, then each question with its answers."""
    index = markup_list(f'<a href="#q-{esc(i.label)}">{esc(i.label)}</a> '
                    f"{esc(shortened(i.question.prompt))} "
                    f"({sum(1 for a in found if a.item is i)} answers)" for i in items) \
        if items else "<p>No question in these lessons has rubric levels with points.</p>"
    body = ("<p>Each question shows one student's answer at a time with the rubric beside "
            "it. Type the points in the field, then go on with Next (J) or Previous (K). "
            "Save marks as CSV downloads <code>marks.csv</code>: give it to "
            "<code>python3 tasks.py class-report FOLDER --marks marks.csv</code>. "
            "Marks typed here are not kept when the page is closed: save them first.</p>"
            '<p><button type="button" id="sj-save" hidden>Save marks as CSV</button> '
            '<span id="sj-saved" role="status"></span></p>'
            f"<h2>Questions</h2>{index}"
            + "".join(question_block(item, found) for item in items))
    return page("Marking", body + SCRIPT, head=CSS)
