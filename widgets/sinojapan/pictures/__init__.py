"""Pictures: the stage bands, the displayed Chart output, the timeline, data charts, tables
and the event explorer. Imports content, question_types and course."""
