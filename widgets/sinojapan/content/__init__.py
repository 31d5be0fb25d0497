"""Content: finding and reading every file in data/ (one resolver for an editable install, a
wheel and any working directory), the schema check and its one-line errors, dates, escaped
HTML, and the content itself: events, stages, essay parts, data series and chart
definitions, the answers of code exercises computed from the series. Imports nothing
else of the package."""
