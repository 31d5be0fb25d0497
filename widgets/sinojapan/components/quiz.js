// A quiz (or the final review): every question in one component. The kernel sends the
// questions' state; each action goes back as one message carrying the answer shown, so
// nothing typed is still on its way when Check is graded.

const ENTER_CHECKS = new Set(["text", "radio", "truefalse", "checkboxes", "select", "cloze",
                              "matching"]);

// What the student has put into a question's input now, in the form the kernel reads.
function draft(part, spec) {
  const all = (selector) => [...part.querySelectorAll(selector)];
  switch (spec.kind) {
    case "radio": {
      const on = part.querySelector("input[type=radio]:checked");
      return on ? Number(on.value) : null;
    }
    case "checkboxes":
      return all("input[type=checkbox]:checked").map((box) => Number(box.value));
    case "truefalse": {
      const on = part.querySelector("input[type=radio]:checked");
      const why = part.querySelector("input[type=text]");
      return { value: on ? on.value === "true" : null, justification: why ? why.value : "" };
    }
    case "text": case "textarea": case "select": {
      const field = part.querySelector("input, textarea, select");
      return field ? field.value : "";
    }
    case "ordering": {
      const list = part.querySelector("[role=listbox]");
      return list && list.dataset.moved ? all("[role=option]").map((o) => Number(o.dataset.value)) : null;
    }
    case "matching": {
      const chosen = {};
      all("select").forEach((menu, row) => { if (menu.value) chosen[String(row)] = menu.value; });
      return chosen;
    }
    case "cloze":
      return all("input, select").map((field) => field.value);
    default:
      return null;
  }
}

function choices(spec, type, id, checked) {
  return spec.options.map((option, i) => h("label", { class: "sj-choice" },
    h("input", { type, name: id, value: String(option.value), "data-key": `option-${i}`,
                 checked: checked(option.value), disabled: spec.disabled }),
    h("span", { text: option.text })));
}

function select(spec, options, value, attributes) {
  return h("select", { disabled: spec.disabled, ...attributes },
    h("option", { value: "", text: spec.prompt || "\u2026" }),
    options.map((o) => h("option", { value: o.value, text: o.text, selected: o.value === value })));
}

function orderingList(spec, label) {
  const order = spec.value || spec.options.map((o) => o.value);
  const text = Object.fromEntries(spec.options.map((o) => [o.value, o.text]));
  const list = h("ul", { role: "listbox", class: "sj-order", "aria-labelledby": label,
                         id: `${label}-list`,
                         tabindex: spec.disabled ? "-1" : "0", "data-key": "list",
                         "aria-disabled": spec.disabled ? "true" : false,
                         "aria-describedby": `${label}-keys` },
    order.map((value, i) => h("li", { role: "option", id: `${label}-o${value}`,
      "data-value": String(value), "aria-selected": i === 0 ? "true" : "false" },
      h("span", { class: "sj-place", "aria-hidden": "true", text: `${i + 1}. ` }),
      h("span", { class: "sj-order-item", text: text[value] }))));
  if (spec.value) list.dataset.moved = "yes";
  list.setAttribute("aria-activedescendant", list.firstChild.id);
  const current = () => list.querySelector("[aria-selected=true]");
  const choose = (option) => {
    list.querySelectorAll("[role=option]").forEach((o) => o.setAttribute("aria-selected", "false"));
    option.setAttribute("aria-selected", "true");
    list.setAttribute("aria-activedescendant", option.id);
    option.scrollIntoView({ block: "nearest" });
  };
  const renumber = () => [...list.children].forEach((o, i) => {
    o.firstChild.textContent = `${i + 1}. `;
  });
  const status = h("p", { class: "visually-hidden", "aria-live": "polite" });
  const move = (step) => {
    const option = current();
    const target = step < 0 ? option.previousElementSibling : option.nextElementSibling;
    if (!target || spec.disabled) return;
    if (step < 0) list.insertBefore(option, target); else list.insertBefore(target, option);
    list.dataset.moved = "yes";
    renumber();
    choose(option);
    const place = [...list.children].indexOf(option) + 1;
    status.textContent = `${text[option.dataset.value]}: now number ${place} of ${order.length}.`;
  };
  list.addEventListener("keydown", (event) => {
    const option = current();
    if (event.key === "ArrowUp" || event.key === "ArrowDown") {
      event.preventDefault();
      const step = event.key === "ArrowUp" ? -1 : 1;
      if (event.altKey || event.ctrlKey) move(step);
      else {
        const next = step < 0 ? option.previousElementSibling : option.nextElementSibling;
        if (next) choose(next);
      }
    } else if (event.key === "Home" || event.key === "End") {
      event.preventDefault();
      choose(event.key === "Home" ? list.firstChild : list.lastChild);
    }
  });
  list.addEventListener("click", (event) => {
    const option = event.target.closest("[role=option]");
    if (option) choose(option);
  });
  const button = (step, name) => h("button", { type: "button", "data-key": `move-${step}`,
    disabled: spec.disabled, "aria-controls": list.id, onclick: () => move(step) }, name);
  return [h("p", { id: `${label}-keys`, class: "sj-keys" },
            h("small", { text: "Up and Down choose an item; Alt+Up and Alt+Down (or the "
                              + "buttons) move it." })),
          list, h("div", {}, button(-1, "Move up"), button(1, "Move down")), status];
}

function inputPart(spec, id) {
  const label = `${id}-label`;
  const legend = (text) => h("legend", { id: label, text });
  switch (spec.kind) {
    case "radio":
      return h("fieldset", { class: "sj-answer" }, legend(spec.label),
        choices(spec, "radio", `${id}-r`, (v) => v === spec.value));
    case "checkboxes":
      return h("fieldset", { class: "sj-answer" },
        spec.claim ? h("p", {}, h("em", { text: "Claim: " }), spec.claim) : null,
        legend(spec.label), choices(spec, "checkbox", `${id}-c`, (v) => spec.value.includes(v)));
    case "truefalse":
      return h("fieldset", { class: "sj-answer" }, legend(spec.label),
        choices({ ...spec, options: [{ value: "true", text: "True" }, { value: "false", text: "False" }] },
                "radio", `${id}-tf`, (v) => String(spec.value.value) === v),
        spec.justify ? h("label", { class: "sj-field" }, "Because ",
          h("input", { type: "text", "data-key": "why", value: spec.value.justification,
                       placeholder: "One line: why?", disabled: spec.disabled, size: 50 })) : null);
    case "text":
      return h("div", { class: "sj-answer" },
        spec.event ? h("p", {}, h("em", { text: "Event: " }), spec.event) : null,
        h("label", { class: "sj-field" }, `${spec.label} `,
          h("input", { type: "text", "data-key": "field", value: spec.value, size: 40,
                       placeholder: spec.placeholder, disabled: spec.disabled }),
          spec.unit ? ` ${spec.unit}` : ""));
    case "select":
      return h("div", { class: "sj-answer" },
        spec.event ? h("p", {}, h("em", { text: "Event: " }), spec.event) : null,
        h("label", { class: "sj-field" }, `${spec.label} `,
          select(spec, spec.options, spec.value, { "data-key": "field" })));
    case "ordering":
      return h("div", { class: "sj-answer" }, h("p", { id: label, text: spec.label }),
               orderingList(spec, label));
    case "matching":
      return h("fieldset", { class: "sj-answer" }, legend(spec.label),
        spec.rows.map((row, i) => h("label", { class: "sj-match" },
          h("span", { text: `${i + 1}. ${row}` }), " ",
          select(spec, spec.choices.map((c) => ({ value: c, text: c })), spec.value[String(i)] || "",
                 { "data-key": `row-${i}` }))));
    case "cloze":
      return h("p", { class: "sj-answer sj-cloze" }, spec.segments.flatMap((text, i) => {
        const blank = spec.blanks[i];
        if (!blank) return [text];
        const name = `blank ${i + 1}`;
        const field = blank.options
          ? select(spec, blank.options.map((o) => ({ value: o, text: o })), spec.value[i],
                   { "aria-label": name, "data-key": `blank-${i}` })
          : h("input", { type: "text", "aria-label": name, placeholder: name, size: 14,
                         value: spec.value[i], "data-key": `blank-${i}`, disabled: spec.disabled });
        return [text, field];
      }));
    case "textarea":
      return h("div", { class: "sj-answer" }, h("label", { class: "sj-field sj-block" },
        h("span", { text: spec.label }),
        h("textarea", { rows: 6, "data-key": "field", placeholder: spec.placeholder,
                        disabled: spec.disabled }, spec.value)),
        h("small", { text: "Ctrl+Enter saves." }));
    case "code":
      return h("div", { class: "sj-answer" },
        h("p", {}, h("em", { text: `Check reads the ${spec.what} ` }), h("code", { text: spec.name }),
          h("em", { text: " from your code: run your cell first." + (spec.note ? ` ${spec.note}` : "") })),
        spec.last ? h("p", {}, "Your result as last checked: ", h("code", { text: spec.last })) : null);
    default:
      return h("p", { text: `(This question's input, ${spec.kind}, cannot be drawn here.)` });
  }
}

function questionNode(model, question) {
  const id = unique("sj-q");
  const parts = {
    input: h("div", { class: "sj-input" }),
    buttons: h("div", { class: "sj-buttons" }),
    messages: h("div", { class: "sj-messages", role: "status", "aria-live": "polite",
                         tabindex: "-1" }),
    selfCheck: h("div", { class: "sj-self-check" }),
    timeline: h("div", { class: "sj-timeline" }),
  };
  const heading = h(question.heading, { class: "sj-question-title", id: `${id}-h`, tabindex: "-1" });
  // A group, not a region: a question shown twice on a page (lesson 08) is no landmark.
  const node = h("div", { class: `sj-question sj-q-${question.id}`, role: "group",
                          "aria-labelledby": `${id}-h`, "data-question": question.id },
    question.origin ? h("p", { class: "sj-origin" }, h("em", { text: question.origin })) : null,
    heading, h("p", { class: "sj-prompt" }), parts.input, parts.buttons, parts.messages,
    parts.selfCheck, parts.timeline);
  const send = (action, extra = {}) => model.send({ action, question: node.dataset.question,
    answer: draft(parts.input, node.spec), ...extra });
  parts.buttons.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-action]");
    if (!button || button.disabled) return;
    // After Start over, the fresh answer field takes the focus once it is drawn.
    if (button.dataset.action === "reset") node.focusAnswer = true;
    send(button.dataset.action);
  });
  parts.input.addEventListener("keydown", (event) => {
    const field = event.target;
    const check = parts.buttons.querySelector("button[data-action=check]");
    if (event.key !== "Enter" || !check || check.disabled || field.tagName === "BUTTON") return;
    if (field.tagName === "TEXTAREA" ? !(event.ctrlKey || event.metaKey)
        : !ENTER_CHECKS.has(node.spec.kind)) return;
    event.preventDefault();
    send("check");
  });
  parts.selfCheck.addEventListener("change", () => send("tick", {
    ticked: [...parts.selfCheck.querySelectorAll("input")].flatMap((box, i) => box.checked ? [i] : []) }));
  node.parts = parts;
  node.heading = heading;
  node.uid = id;
  return node;
}

function drawQuestion(node, question) {
  const id = node.uid;
  node.spec = question.input;
  node.hidden = question.hidden;
  node.heading.textContent = question.label;
  node.querySelector(".sj-prompt").textContent = question.prompt;
  const { input, buttons, messages, selfCheck, timeline } = node.parts;
  const rescue = () => messages;  // a control gone or disabled: the feedback has the focus
  redraw(input, question.input, () => inputPart(question.input, id), rescue);
  redraw(buttons, question.buttons, () => question.buttons.map((b) => h("button", {
    type: "button", "data-action": b.action, "data-key": b.action, title: b.tooltip,
    disabled: b.disabled, class: b.primary ? "sj-primary" : false }, b.label)), rescue);
  if (messages.innerHTML !== question.messages) messages.innerHTML = question.messages;
  redraw(selfCheck, question.self_check, () => question.self_check.length ? h("fieldset", {},
    h("legend", { text: "Tick each point your answer meets (saved)" }),
    question.self_check.map((point, i) => h("label", { class: "sj-choice" },
      h("input", { type: "checkbox", checked: point.checked, "data-key": `tick-${i}` }),
      h("span", { text: point.text })))) : null, rescue);
  if (timeline.innerHTML !== question.timeline) timeline.innerHTML = question.timeline;
  if (node.focusAnswer && !question.input.disabled) {
    node.focusAnswer = false;
    const first = input.querySelector("input, select, textarea, [role=listbox]");
    if (first) first.focus();
  }
}

function tocPart(model, root, state) {
  if (state.questions.length < 4) return null;
  const items = state.questions.map((q, i) => h("button", {
    type: "button", class: "sj-toc-item", tabindex: i === 0 ? "0" : "-1",
    "data-goto": q.id, "aria-label": `${q.label}${q.correct ? ", answered" : ""}${q.hidden ? ", hidden" : ""}` },
    `${i + 1}${q.correct ? " \u2713" : ""}`));
  const bar = h("div", { role: "toolbar", "aria-label": "Go to a question (arrow keys, then Enter)",
                         class: "sj-toc" }, h("span", { text: "Go to question: " }), items);
  rove(bar, "button");
  bar.addEventListener("click", (event) => {
    const button = event.target.closest("[data-goto]");
    if (!button) return;
    const node = root.querySelector(`[data-question="${CSS.escape(button.dataset.goto)}"]`);
    if (node && !node.hidden) { node.heading.focus(); node.scrollIntoView({ block: "start" }); }
  });
  return bar;
}

function render({ model, el }) {
  const root = h("div", { class: "sj-component sj-quiz-component" });
  keepKeys(root);
  el.append(root);
  const header = h("div", { class: "sj-header" });
  const notice = h("div", { class: "sj-notice" });
  const toc = h("div", { class: "sj-toc-holder" });
  const list = h("div", { class: "sj-questions" });
  const footer = h("div", { class: "sj-footer" });
  const score = h("div", { class: "sj-score-part" });
  const filters = h("div", { class: "sj-filters" });
  footer.append(score, filters);
  root.append(header, notice, toc, list, footer);
  const nodes = new Map();
  const draw = () => {
    const state = model.get("state");
    root.className = `sj-component sj-quiz-component ${model.get("classes")}`;
    if (header.innerHTML !== state.header) header.innerHTML = state.header || "";
    if (notice.innerHTML !== (state.notice || "")) notice.innerHTML = state.notice || "";
    redraw(toc, state.questions.map((q) => [q.id, q.label, q.correct, q.hidden]),
           () => tocPart(model, root, state), null);
    const wanted = state.questions.map((question) => {
      let node = nodes.get(question.id);
      if (!node) { node = questionNode(model, question); nodes.set(question.id, node); }
      drawQuestion(node, question);
      return node;
    });
    if (wanted.some((node, i) => list.children[i] !== node)) list.replaceChildren(...wanted);
    if (score.innerHTML !== (state.score || "")) score.innerHTML = state.score || "";
    const filter = state.filter;
    redraw(filters, filter, () => filter ? [
      h("button", { type: "button", "data-key": "missed", "data-filter": "missed",
                    disabled: filter.missed_disabled, hidden: filter.showing_missed,
                    title: filter.missed_tooltip }, "Show only the ones I missed"),
      h("button", { type: "button", "data-key": "all", "data-filter": "all",
                    hidden: !filter.showing_missed,
                    title: "Show the questions answered correctly too" }, "Show all questions"),
    ] : null, null);
  };
  // After a filter, the first question shown takes the focus and the view, so the quiz
  // stays on screen however much of it was hidden above the button.
  let focusFirstShown = false;
  filters.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-filter]");
    if (!button || button.disabled) return;
    focusFirstShown = true;
    model.send({ action: button.dataset.filter });
  });
  const drawAndFocus = () => {
    draw();
    if (!focusFirstShown) return;
    focusFirstShown = false;
    const first = [...list.children].find((node) => !node.hidden);
    if (first) {
      first.heading.focus({ preventScroll: true });
      first.scrollIntoView({ block: "start" });
    }
  };
  model.on("change:state", drawAndFocus);
  draw();
  return () => model.off("change:state", drawAndFocus);
}

export default { render };
