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
const SETTLE_MS = 150;  // arrow keys held down: the kernel hears where the list stops
const TYPING_MS = 700;  // the keyword applies when typing stops this long
const PAGE = 8;

function menu(label, key) {
  const select = h("select", { "data-key": key });
  return [h("label", { class: "sj-filter" }, h("span", { text: label }), select), select];
}

function render({ model, el }) {
  const root = h("div", { class: "sj-component sj-explorer-panel" });
  keepKeys(root);
  el.append(root);
  const id = unique("sj-x");
  const [stageLabel, stage] = menu("Stage:", "stage");
  const [categoryLabel, category] = menu("Category:", "category");
  const keyword = h("input", { type: "text", "data-key": "keyword", size: 24, maxlength: 300,
                               placeholder: "e.g. Senkaku, then Enter" });
  const count = h("p", { class: "sj-count", id: `${id}-count`, role: "status" });
  const listbox = h("ul", { role: "listbox", class: "sj-events", id: `${id}-list`,
                            tabindex: "0", "aria-labelledby": `${id}-label`,
                            "aria-describedby": `${id}-count` });
  const button = (key, label, title, arrow, after) => h("button", {
    type: "button", "data-key": key, title, "aria-controls": listbox.id },
    after ? label : h("span", { "aria-hidden": "true", text: `${arrow} ` }),
    after ? h("span", { "aria-hidden": "true", text: ` ${arrow}` }) : label);
  const previous = button("previous", "Previous", "Show the previous event (earlier in time)",
                          "\u25c0", false);
  const next = button("next", "Next", "Show the next event (later in time)", "\u25b6", true);
  const position = h("span", { class: "sj-position" });
  const details = h("div", { class: "sj-details", "aria-live": "polite" });
  root.append(
    h("p", { class: "sj-help", text: HELP }),
    h("div", { class: "sj-filters" }, stageLabel, categoryLabel,
      h("label", { class: "sj-filter" }, h("span", { text: "Keyword:" }), keyword)),
    count, h("p", { class: "sj-events-label", id: `${id}-label`, text: "Events:" }), listbox,
    h("div", { class: "sj-walk" }, previous, next, position), details);

  let ids = [];             // the events listed, in order
  let current = null;       // the event chosen here (ahead of the kernel for a moment)
  let sent = 0;             // the number of this browser's last message
  let sentFilters = null;   // the filters as the kernel last heard them
  let settling = null;      // a choice waiting for the arrow keys to stop
  let typing = null;        // a keyword waiting for the typing to stop

  const send = (message) => {
    sent = Math.max(sent, model.get("state").seq || 0) + 1;
    model.send({ ...message, seq: sent });
  };
  const sendFilters = () => {
    clearTimeout(typing);
    typing = null;
    const values = { stage: stage.value, category: category.value, keyword: keyword.value };
    if (JSON.stringify(values) === JSON.stringify(sentFilters)) return;
    sentFilters = values;
    send({ action: "filter", ...values });
  };

  // Previous / Next follow the list; a button disabled under the focus hands it on.
  const enable = (control, on) => {
    if (control.disabled === !on) return;
    const had = document.activeElement === control;
    control.disabled = !on;
    if (had && !on) {
      const other = control === next ? previous : next;
      (other.disabled ? listbox : other).focus({ preventScroll: true });
    }
  };
  const keepInView = (option) => {  // scroll the list only, never the notebook
    const top = option.offsetTop;
    if (top < listbox.scrollTop) listbox.scrollTop = top;
    else if (top + option.offsetHeight > listbox.scrollTop + listbox.clientHeight) {
      listbox.scrollTop = top + option.offsetHeight - listbox.clientHeight;
    }
  };
  const mark = () => {
    let chosen = null;
    for (const option of listbox.children) {
      const on = option.dataset.id === current;
      option.setAttribute("aria-selected", on ? "true" : "false");
      if (on) chosen = option;
    }
    if (chosen) {
      listbox.setAttribute("aria-activedescendant", chosen.id);
      keepInView(chosen);
    } else listbox.removeAttribute("aria-activedescendant");
    const at = ids.indexOf(current);
    enable(previous, at > 0);
    enable(next, at >= 0 && at < ids.length - 1);
  };
  const choose = (eventId, now) => {
    if (eventId === undefined || eventId === null) return;
    current = eventId;
    mark();
    clearTimeout(settling);
    settling = null;
    if (now) send({ action: "select", id: eventId });
    else {
      settling = setTimeout(() => {
        settling = null;
        send({ action: "select", id: eventId });
      }, SETTLE_MS);
    }
  };

  listbox.addEventListener("keydown", (event) => {
    if (!ids.length) return;
    const at = Math.max(0, ids.indexOf(current));
    const to = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: ids.length - 1,
                 PageDown: at + PAGE, PageUp: at - PAGE }[event.key];
    if (to === undefined) return;
    event.preventDefault();
    choose(ids[Math.min(ids.length - 1, Math.max(0, to))], false);
  });
  listbox.addEventListener("click", (event) => {
    const option = event.target.closest("[role=option]");
    if (option) choose(option.dataset.id, true);
  });
  previous.addEventListener("click", () => choose(ids[ids.indexOf(current) - 1], true));
  next.addEventListener("click", () => choose(ids[ids.indexOf(current) + 1], true));
  stage.addEventListener("change", sendFilters);
  category.addEventListener("change", sendFilters);
  keyword.addEventListener("input", () => {
    clearTimeout(typing);
    typing = setTimeout(sendFilters, TYPING_MS);
  });
  keyword.addEventListener("keydown", (event) => {
    if (event.key === "Enter") { event.preventDefault(); sendFilters(); }
  });

  const draw = () => {
    const state = model.get("state");
    root.className = `sj-component sj-explorer-panel ${model.get("classes")}`;
    if (settling !== null || (state.seq || 0) < sent) return;  // an answer to an older action
    const option = (o) => h("option", { value: o.value, text: o.text });
    redraw(stage, state.stages, () => state.stages.map(option), null);
    redraw(category, state.categories, () => state.categories.map(option), null);
    const filters = state.filters;
    if (stage.value !== filters.stage) stage.value = filters.stage;
    if (category.value !== filters.category) category.value = filters.category;
    if (typing === null && keyword.value !== filters.keyword) keyword.value = filters.keyword;
    sentFilters = { ...filters };
    drawHtml(count, state.count);
    ids = state.events.map((e) => e.id);
    redraw(listbox, state.events, () => state.events.map((e, i) => h("li", {
      role: "option", id: `${id}-o${i}`, "data-id": e.id, "aria-selected": "false" }, e.label)),
      null);
    current = state.current;
    mark();
    position.textContent = state.position;
    drawHtml(details, state.details);
  };
  model.on("change:state", draw);
  draw();
  return () => {
    clearTimeout(settling);
    clearTimeout(typing);
    model.off("change:state", draw);
  };
}

export default { render };
