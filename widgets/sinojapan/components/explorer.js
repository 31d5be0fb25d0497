// The timeline explorer: filters, the matching events as a listbox (one Tab stop; Up,
// Down, Home, End, Page Up and Page Down choose), Previous / Next, and the details of the
// chosen event in a live region. The kernel sends the state; the list moves at once here,
// and each action goes back as one message (a filter change carries all three filters).
// Every message carries a number (seq) that the kernel repeats in the state it sends
// back: a state older than the browser's last action is not drawn, so the list never
// jumps back to an event the student has already left.

const HELP = "Choose a stage, a category or a keyword (it applies on Enter, or when you "
  + "stop typing): the list and the timeline below show the events that match. In the "
  + "list, Up and Down (or Home, End) choose an event, as do Previous and Next; its "
  + "details follow. Escape returns to the notebook. The timeline's own buttons need a "
  + "mouse; everything it shows is in the list and the details.";
const SETTLE_MS = 150;  // keys or Next pressed fast: the kernel hears where they stop
const TYPING_MS = 700;  // the keyword applies when typing stops this long
const PAGE = 8;

function menu(label, key) {
  const select = h("select", { "data-key": key });
  return [h("label", { class: "sj-filter" }, h("span", { text: label }), select), select];
}

function walkButton(key, label, title, arrow, listbox) {
  const mark = h("span", { "aria-hidden": "true", text: key === "next" ? ` ${arrow}` : `${arrow} ` });
  return h("button", { type: "button", "data-key": key, title, "aria-controls": listbox.id },
           key === "next" ? [label, mark] : [mark, label]);
}

// Every element of the explorer, in the root, in reading (and Tab) order.
function explorerParts(root) {
  const id = unique("sj-x");
  const [stageLabel, stage] = menu("Stage:", "stage");
  const [categoryLabel, category] = menu("Category:", "category");
  const keyword = h("input", { type: "text", "data-key": "keyword", size: 24, maxlength: 300,
                               placeholder: "e.g. Senkaku, then Enter" });
  const listbox = h("ul", { role: "listbox", class: "sj-events", id: `${id}-list`,
                            tabindex: "0", "aria-labelledby": `${id}-label`,
                            "aria-describedby": `${id}-count` });
  const parts = {
    id, stage, category, keyword, listbox,
    count: h("p", { class: "sj-count", id: `${id}-count`, role: "status" }),
    previous: walkButton("previous", "Previous", "Show the previous event (earlier in time)",
                         "\u25c0", listbox),
    next: walkButton("next", "Next", "Show the next event (later in time)", "\u25b6", listbox),
    position: h("span", { class: "sj-position" }),
    details: h("div", { class: "sj-details", "aria-live": "polite" }),
  };
  root.append(
    h("p", { class: "sj-help", text: HELP }),
    h("div", { class: "sj-filters" }, stageLabel, categoryLabel,
      h("label", { class: "sj-filter" }, h("span", { text: "Keyword:" }), keyword)),
    parts.count, h("p", { class: "sj-events-label", id: `${id}-label`, text: "Events:" }),
    listbox, h("div", { class: "sj-walk" }, parts.previous, parts.next, parts.position),
    parts.details);
  return parts;
}

// A button disabled under the focus hands it to the other button, or to the list.
function enable(parts, control, on) {
  if (control.disabled === !on) return;
  const had = document.activeElement === control;
  control.disabled = !on;
  if (had && !on) {
    const other = control === parts.next ? parts.previous : parts.next;
    (other.disabled ? parts.listbox : other).focus({ preventScroll: true });
  }
}

function keepInView(listbox, option) {  // scroll the list only, never the notebook
  const top = option.offsetTop;
  if (top < listbox.scrollTop) listbox.scrollTop = top;
  else if (top + option.offsetHeight > listbox.scrollTop + listbox.clientHeight) {
    listbox.scrollTop = top + option.offsetHeight - listbox.clientHeight;
  }
}

// The list, Previous and Next: the chosen event and its position move here at once;
// `send` tells the kernel at once for a click in the list, and for keys and buttons once
// they stop (each answer redraws the timeline, which takes the browser a moment).
function eventList(parts, send) {
  const { listbox, previous, next } = parts;
  const list = { ids: [], current: null, settling: null };
  list.mark = () => {
    let chosen = null;
    for (const option of listbox.children) {
      const on = option.dataset.id === list.current;
      option.setAttribute("aria-selected", on ? "true" : "false");
      if (on) chosen = option;
    }
    if (chosen) {
      listbox.setAttribute("aria-activedescendant", chosen.id);
      keepInView(listbox, chosen);
    } else listbox.removeAttribute("aria-activedescendant");
    const at = list.ids.indexOf(list.current);
    parts.position.textContent = at < 0 ? "" : `Event ${at + 1} of ${list.ids.length}`;
    enable(parts, previous, at > 0);
    enable(parts, next, at >= 0 && at < list.ids.length - 1);
  };
  const choose = (eventId, now) => {
    if (eventId === undefined || eventId === null) return;
    list.current = eventId;
    list.mark();
    clearTimeout(list.settling);
    list.settling = null;
    const tell = () => { list.settling = null; send({ action: "select", id: eventId }); };
    if (now) tell(); else list.settling = setTimeout(tell, SETTLE_MS);
  };
  listbox.addEventListener("keydown", (event) => {
    if (!list.ids.length) return;
    const at = Math.max(0, list.ids.indexOf(list.current));
    const to = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: list.ids.length - 1,
                 PageDown: at + PAGE, PageUp: at - PAGE }[event.key];
    if (to === undefined) return;
    event.preventDefault();
    choose(list.ids[Math.min(list.ids.length - 1, Math.max(0, to))], false);
  });
  listbox.addEventListener("click", (event) => {
    const option = event.target.closest("[role=option]");
    if (option) choose(option.dataset.id, true);
  });
  const step = (by) => choose(list.ids[list.ids.indexOf(list.current) + by], false);
  previous.addEventListener("click", () => step(-1));
  next.addEventListener("click", () => step(1));
  list.draw = (state) => {
    list.ids = state.events.map((e) => e.id);
    redraw(listbox, state.events, () => state.events.map((e, i) => h("li", {
      role: "option", id: `${parts.id}-o${i}`, "data-id": e.id, "aria-selected": "false" },
      e.label)), null);
    list.current = state.current;
    list.mark();
  };
  return list;
}

// The three filters, sent together when a menu changes, on Enter, or when typing stops.
function filterBar(parts, send) {
  const { stage, category, keyword } = parts;
  const bar = { sent: null, typing: null };
  bar.send = () => {
    clearTimeout(bar.typing);
    bar.typing = null;
    const values = { stage: stage.value, category: category.value, keyword: keyword.value };
    if (JSON.stringify(values) === JSON.stringify(bar.sent)) return;
    bar.sent = values;
    send({ action: "filter", ...values });
  };
  stage.addEventListener("change", bar.send);
  category.addEventListener("change", bar.send);
  keyword.addEventListener("input", () => {
    clearTimeout(bar.typing);
    bar.typing = setTimeout(bar.send, TYPING_MS);
  });
  keyword.addEventListener("keydown", (event) => {
    if (event.key === "Enter") { event.preventDefault(); bar.send(); }
  });
  bar.draw = (state) => {
    const option = (o) => h("option", { value: o.value, text: o.text });
    redraw(stage, state.stages, () => state.stages.map(option), null);
    redraw(category, state.categories, () => state.categories.map(option), null);
    const filters = state.filters;
    if (stage.value !== filters.stage) stage.value = filters.stage;
    if (category.value !== filters.category) category.value = filters.category;
    if (bar.typing === null && keyword.value !== filters.keyword) keyword.value = filters.keyword;
    bar.sent = { ...filters };
  };
  return bar;
}

function render({ model, el }) {
  const root = h("div", { class: "sj-component sj-explorer-panel" });
  keepKeys(root);
  el.append(root);
  const parts = explorerParts(root);
  let sent = 0;  // the number of this browser's last message
  const send = (message) => {
    sent = Math.max(sent, model.get("state").seq || 0) + 1;
    model.send({ ...message, seq: sent });
  };
  const list = eventList(parts, send);
  const bar = filterBar(parts, send);
  const draw = () => {
    const state = model.get("state");
    root.className = `sj-component sj-explorer-panel ${model.get("classes")}`;
    if (list.settling !== null || (state.seq || 0) < sent) return;  // an older action's answer
    bar.draw(state);
    drawHtml(parts.count, state.count);
    list.draw(state);
    drawHtml(parts.details, state.details);
  };
  model.on("change:state", draw);
  draw();
  return () => {
    clearTimeout(list.settling);
    clearTimeout(bar.typing);
    model.off("change:state", draw);
  };
}

export default { render };
