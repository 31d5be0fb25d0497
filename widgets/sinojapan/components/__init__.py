"""Interactive components: one anywidget model each, drawn by an ES module shipped here."""
