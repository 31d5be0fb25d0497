// Keeping progress: where it is saved, a button that prepares a copy to download, and a
// file chooser that brings a saved copy back. The chosen file is read here and sent in
// one message, its bytes as a buffer; the kernel merges it and says what it did, in a
// live region. The state's `answered` changes with every answer, so the same message
// twice (the same bad file) is still drawn again.

// A note written here, replaced by the kernel's next HTML (see drawHtml).
function say(node, text) {
  node.textContent = text;
  delete node.dataset.drawn;
}

function render({ model, el }) {
  const root = h("div", { class: "sj-component sj-keep-panel" });
  keepKeys(root);
  el.append(root);
  const id = unique("sj-keep");
  const place = h("div", { class: "sj-place" });
  const prepare = h("button", { type: "button", class: "sj-primary", "data-key": "prepare",
    title: "Save a dated copy of your progress beside this notebook, to download" },
    "Prepare my progress file");
  const download = h("div", { class: "sj-download-part", "aria-live": "polite" });
  const chooser = h("input", { type: "file", id: `${id}-file`, accept: ".json,application/json",
                               "data-key": "file" });
  const result = h("div", { class: "sj-upload-result", "aria-live": "polite" });
  root.append(place, h("div", {}, prepare), download,
    h("div", { class: "sj-upload" },
      h("label", { for: chooser.id, text: "Bring back a saved file: " }), chooser), result);

  prepare.addEventListener("click", () => {
    say(download, "Preparing\u2026");
    model.send({ action: "prepare" });
  });
  chooser.addEventListener("change", async () => {
    const file = chooser.files && chooser.files[0];
    if (!file) return;
    const limit = model.get("state").max_bytes;
    if (limit && file.size > limit) {
      say(result, `${file.name} is too large to be a progress file; nothing was changed.`);
    } else {
      say(result, `Reading ${file.name}\u2026`);
      try {
        const bytes = await file.arrayBuffer();
        model.send({ action: "upload", name: file.name }, undefined, [bytes]);
      } catch (error) {
        say(result, `${file.name} could not be read here (${error.message || error}); `
          + "nothing was changed.");
      }
    }
    chooser.value = "";  // the same file can be chosen again
  });

  const draw = () => {
    const state = model.get("state");
    root.className = `sj-component sj-keep-panel ${model.get("classes")}`;
    drawHtml(place, state.place);
    drawHtml(download, state.download);
    drawHtml(result, state.result);
  };
  model.on("change:state", draw);
  draw();
  return () => model.off("change:state", draw);
}

export default { render };
