"""The student's saved work: the one scoring rule, the progress store and its lock, merging
two copies, the hand-in file, the progress page and report, where the lessons run, keeping
progress beyond a session, and a fresh copy of a lesson. Imports the layers above it."""
