// The crisis simulation: the sides (toggle buttons, one Tab stop, arrow keys between them),
// the decisions so far with their outcomes, the current decision with its options (native
// radio buttons of one name: one Tab stop, arrow keys; Enter on them presses Decide), the
// debrief. Decide sends the option checked in the same message. After a side or a decision
// the focus goes to what comes next (the next decision's options, or the ending), and a
// live region says what happened; a control that becomes disabled never takes the focus
// out of the component.

function htmlNodes(text) {
  const holder = document.createElement("template");
  holder.innerHTML = text || "";
  return [...holder.content.childNodes];
}

function sideButtons(group, sides, fixed) {
  const buttons = sides.map((side, i) => h("button", {
    type: "button", "data-key": `side-${side.id}`, "data-side": side.id, title: side.role,
    "aria-pressed": "false", tabindex: i === 0 ? "0" : "-1",
    onclick: (event) => {
      if (!event.currentTarget.disabled) fixed.send("side", { side: side.id });
    } }, side.label));
  group.replaceChildren(...buttons);
  rove(group, "button");
  return buttons;
}

function optionGroup(state, uid) {
  if (!state.options.length) return null;
  return h("fieldset", { class: "sj-answer" },
    h("legend", { text: state.legend }),
    state.options.map((option) => h("label", { class: "sj-choice" },
      h("input", { type: "radio", name: `${uid}-option`, value: option.id,
                   "data-key": `option-${option.id}` }),
      h("span", { text: option.text }))));
}

function render({ model, el }) {
  const uid = unique("sj-scenario");
  const root = h("div", { class: "sj-component sj-scenario-component" });
  keepKeys(root);
  el.append(root);
  const intro = h("div", { class: "sj-intro" });
  const sidesLabel = h("p", { id: `${uid}-sides`, text: "Choose the government you advise:" });
  const sides = h("div", { role: "group", class: "sj-sides", "aria-labelledby": `${uid}-sides` });
  const log = h("div", { class: "sj-log" });
  const current = h("div", { class: "sj-current" });
  const choices = h("div", { class: "sj-options" });
  const decideButton = h("button", { type: "button", class: "sj-primary", "data-key": "decide",
                                     title: "Take the chosen option" }, "Decide");
  const restartButton = h("button", { type: "button", "data-key": "restart",
    title: "Play again from the start; your earlier path stays in your record" }, "Start over");
  const messages = h("div", { class: "sj-messages", role: "status", "aria-live": "polite" });
  const announcer = h("div", { class: "visually-hidden", role: "status", "aria-live": "polite" });
  const debrief = h("div", { class: "sj-debrief-part" });
  root.append(intro, sidesLabel, sides, log, current, choices,
              h("div", { class: "sj-buttons" }, decideButton, restartButton),
              messages, announcer, debrief);

  // An action sent from here: when the kernel's answer changes the side or the step, the
  // focus goes on to what comes next (unless the student has gone elsewhere meanwhile).
  let pending = null;
  const fixed = {
    send(action, extra = {}) {
      const state = model.get("state");
      pending = { state, side: state.side, steps: state.steps };
      model.send({ action, ...extra });
    },
  };
  const buttons = sideButtons(sides, model.get("state").sides, fixed);

  const decide = () => {
    if (decideButton.disabled) return;
    const on = choices.querySelector("input[type=radio]:checked");
    fixed.send("decide", { option: on ? on.value : null });
  };
  decideButton.addEventListener("click", decide);
  restartButton.addEventListener("click", () => {
    if (!restartButton.disabled) fixed.send("restart");
  });
  choices.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && event.target.type === "radio") {
      event.preventDefault();
      decide();
    }
  });

  // Where the focus goes next: the options, the ending, or the sides.
  const next = (state) => {
    if (!state.side) return buttons.find((b) => b.tabIndex === 0) || buttons[0];
    if (state.finished) {
      const heading = current.querySelector(".sj-ending h4") || debrief.querySelector("h4");
      if (heading) heading.setAttribute("tabindex", "-1");
      return heading;
    }
    return choices.querySelector("input[type=radio]:checked")
      || choices.querySelector("input[type=radio]");
  };
  const inside = () => {
    const active = document.activeElement;
    return !active || active === document.body || root.contains(active);
  };

  let first = true;
  const draw = () => {
    const state = model.get("state");
    const hadFocus = root.contains(document.activeElement);
    root.className = `sj-component sj-scenario-component ${model.get("classes")}`;
    redraw(intro, state.intro, () => htmlNodes(state.intro), null);
    for (const button of buttons) {
      button.setAttribute("aria-pressed", String(button.dataset.side === state.side));
      button.disabled = Boolean(state.side);
    }
    if (!state.side && !buttons.some((b) => b.tabIndex === 0)) buttons[0].tabIndex = 0;
    redraw(log, state.log, () => htmlNodes(state.log), null);
    redraw(current, state.current, () => htmlNodes(state.current), null);
    redraw(choices, [state.node, state.legend, state.options],
           () => optionGroup(state, uid), null);
    decideButton.disabled = !state.side || state.finished;
    restartButton.disabled = !state.side;
    redraw(messages, [state.message, state.said], () => htmlNodes(state.message), null);
    redraw(debrief, state.debrief, () => htmlNodes(state.debrief), null);
    // Said once, when it happens: not again when the page is drawn anew.
    redraw(announcer, [state.announce, state.side, state.steps],
           () => (first ? null : state.announce), null);
    first = false;

    const answered = pending && pending.state !== state;  // the kernel's answer arrived
    const moved = answered && (pending.side !== state.side || pending.steps !== state.steps);
    if (answered) pending = null;
    const active = document.activeElement;
    const lost = hadFocus && (!root.contains(active) || active.disabled);
    if ((moved && inside()) || lost) {
      const target = next(state) || messages;
      if (target === messages) messages.setAttribute("tabindex", "-1");
      target.focus();
    }
  };
  model.on("change:state", draw);
  model.on("change:classes", draw);
  draw();
  return () => {
    model.off("change:state", draw);
    model.off("change:classes", draw);
  };
}

export default { render };
