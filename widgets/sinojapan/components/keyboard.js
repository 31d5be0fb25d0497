// Shared by every component (the start of each component's ES module).
// Keys typed inside a component stay in it: the notebook would take them from anything in
// a cell's output while in command mode (an arrow moves to another cell, "d d" deletes
// it). The root and every control in it are marked data-lm-suppress-shortcuts, which
// JupyterLab and Notebook 7 honour (Notebook 7 reads it on the focused control itself), so
// no shortcut runs on a key typed inside; plain keys also stop at the root for front-ends
// that do not know the mark. Escape gives the focus back to
// the notebook around the component. Nothing here reads or changes the page outside the
// component's root, except handing the focus to the nearest focusable element around it.

const CONTROLS = new Set(["INPUT", "SELECT", "TEXTAREA", "BUTTON"]);

function h(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name === "html") node.innerHTML = value;
    else if (name === "text") node.textContent = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : value);
  }
  if (CONTROLS.has(node.tagName) || node.hasAttribute("tabindex")) {
    node.setAttribute("data-lm-suppress-shortcuts", "true");
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) {
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }
  return node;
}

let uniqueCount = 0;
function unique(prefix) {
  uniqueCount += 1;
  return `${prefix}-${Date.now().toString(36)}-${uniqueCount}`;
}

function keepKeys(root) {
  root.setAttribute("data-lm-suppress-shortcuts", "true");
  root.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.preventDefault();
      let around = root.parentElement;
      while (around && !around.hasAttribute("tabindex")) around = around.parentElement;
      if (document.activeElement && root.contains(document.activeElement)) {
        document.activeElement.blur();
      }
      if (around) around.focus();
    }
    if (!event.ctrlKey && !event.metaKey) event.stopPropagation();
  });
}

// The focused control's key (data-key) inside `scope`, to find its successor after a redraw.
function focusedKey(scope) {
  const active = document.activeElement;
  if (!active || !scope.contains(active)) return null;
  const keyed = active.closest("[data-key]");
  return keyed && scope.contains(keyed) ? keyed.getAttribute("data-key") : null;
}

// Put the focus back on the control with `key`; if it is gone or disabled, on `fallback`.
function restoreFocus(scope, key, fallback) {
  if (key === null) return;
  const again = scope.querySelector(`[data-key="${CSS.escape(key)}"]`);
  const target = again && !again.disabled && !again.hidden ? again : fallback;
  if (target) target.focus({ preventScroll: true });
}

// Draw `part` again with `build()` only when its data changed, keeping the focus inside it.
function redraw(part, data, build, fallback) {
  const text = JSON.stringify(data);
  if (part.dataset.drawn === text) return;
  const key = focusedKey(part);
  part.replaceChildren(...[build()].flat().filter(Boolean));
  part.dataset.drawn = text;
  restoreFocus(part, key, fallback ? fallback() : null);
}

// A roving tab stop (one Tab stop for a group, arrow keys inside it).
function rove(container, selector, onMove) {
  container.addEventListener("keydown", (event) => {
    const items = [...container.querySelectorAll(selector)].filter((el) => !el.disabled);
    const at = items.indexOf(document.activeElement);
    if (at < 0) return;
    const step = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 }[event.key];
    let next = null;
    if (step) next = items[(at + step + items.length) % items.length];
    else if (event.key === "Home") next = items[0];
    else if (event.key === "End") next = items[items.length - 1];
    if (!next) return;
    event.preventDefault();
    for (const item of items) item.tabIndex = item === next ? 0 : -1;
    next.focus();
    if (onMove) onMove(next);
  });
}

// Put the kernel's HTML into `node` only when it changed since it was last put there (the
// browser writes HTML back differently, so node.innerHTML is no test; a live region
// redrawn with the same text would say it again). Text written into `node` by the
// component itself should `delete node.dataset.drawn`, so the next HTML replaces it.
function drawHtml(node, html) {
  if (node.dataset.drawn === html) return;
  node.innerHTML = html;
  node.dataset.drawn = html;
}
