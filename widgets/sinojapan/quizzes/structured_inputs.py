"""Inputs for structured answers: putting items in order, matching pairs, filling blanks."""

from __future__ import annotations

import html

import ipywidgets as widgets

from sinojapan.question_types import Cloze, Matching, Ordering
from sinojapan.quizzes.answer_input import FULL, AnswerInput, box, label, shared, shared_html


class OrderingInput(AnswerInput):
    """Items with move-up / move-down buttons: usable with Tab and Enter alone."""

    def __init__(self, question: Ordering):
        self.items = question.items
        self.order = question.display_order()
        self.labels, self.buttons, rows = [], [], []
        for position in range(len(self.order)):
            up, down = (widgets.Button(description=arrow, layout=shared("narrow_button"),
                                       style=shared("button_style")) for arrow in "\u2191\u2193")
            up.on_click(lambda _, p=position: self.move(p, -1))
            down.on_click(lambda _, p=position: self.move(p, +1))
            item = label(layout=FULL)
            item.add_class("sj-order-item")
            self.labels.append(item)
            self.buttons += [up, down]
            rows.append(box(widgets.HBox, [label(f"{position + 1}."), up, down, item]))
        self.widget = box(widgets.VBox, rows)
        self.moved = False  # checking before arranging anything is not an answer
        self._relabel()

    def _relabel(self):
        for position, (row_label, item) in enumerate(zip(self.labels, self.order, strict=True)):
            row_label.value = self.items[item]
            up, down = self.buttons[2 * position], self.buttons[2 * position + 1]
            up.tooltip = f"Move \u201c{self.items[item]}\u201d up"
            down.tooltip = f"Move \u201c{self.items[item]}\u201d down"

    def move(self, position: int, step: int):
        target = position + step
        if 0 <= target < len(self.order):
            self.order[position], self.order[target] = self.order[target], self.order[position]
            self.moved = True
            self._relabel()

    def controls(self):
        return self.buttons

    def get(self):
        return list(self.order) if self.moved else []

    def set(self, answer):
        if answer and sorted(answer) == list(range(len(self.items))):
            self.order = list(answer)
            self.moved = True
            self._relabel()


class MatchingInput(AnswerInput):
    def __init__(self, question: Matching):
        # The prompt option's value is "" (not None: a None value shows a blank box).
        choices = [("Choose\u2026", "")] + [(c, c) for c in question.choices()]
        self.menus = [widgets.Dropdown(options=choices, value="", layout=FULL,
                                       description=f"{i + 1}", tooltip=left,
                                       style=shared("matching_description"))
                      for i, (left, _) in enumerate(question.pairs)]
        self.widget = box(widgets.VBox, [
            box(widgets.VBox, [shared_html(f"<p>{i + 1}. {html.escape(left)}</p>"), menu])
            for i, ((left, _), menu) in enumerate(zip(question.pairs, self.menus, strict=True))])

    def controls(self):
        return self.menus

    def get(self):
        return {i: menu.value for i, menu in enumerate(self.menus) if menu.value}

    def set(self, answer):
        for i, menu in enumerate(self.menus):
            value = (answer or {}).get(i)
            menu.value = value if value in [v for _, v in menu.options] else ""


class ClozeInput(AnswerInput):
    def __init__(self, question: Cloze):
        self.fields = []
        parts: list[widgets.Widget] = []
        segments = question.segments()
        for number, blank in enumerate(question.blanks, start=1):
            parts.append(shared_html(html.escape(segments[number - 1])))
            if blank.options:
                shown = question.shown_options(number)
                field = widgets.Dropdown(options=[("\u2026", "")] + [(o, o) for o in shown],
                                         value="", description=f"blank {number}",
                                         style=shared("no_description"),
                                         layout=shared("blank_layout"))
            else:
                field = widgets.Text(placeholder=f"blank {number}", description=f"blank {number}",
                                     style=shared("text_no_description"),
                                     layout=shared("blank_layout"))
            self.fields.append(field)
            parts.append(field)
        parts.append(shared_html(html.escape(segments[-1])))
        self.widget = widgets.HBox(parts, layout=widgets.Layout(flex_flow="row wrap",
                                                                align_items="center"))

    def controls(self):
        return self.fields

    def get(self):
        return [f.value for f in self.fields]

    def set(self, answer):
        for field, value in zip(self.fields, answer or [], strict=False):
            allowed = [v for _, v in field.options] if isinstance(field, widgets.Dropdown) else None
            field.value = value if allowed is None or value in allowed else ""
