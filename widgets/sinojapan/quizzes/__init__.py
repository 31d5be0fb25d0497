"""The interactive quiz: answer inputs (one module per family of question types), one
question with its buttons, a lesson's quiz and the final review."""
