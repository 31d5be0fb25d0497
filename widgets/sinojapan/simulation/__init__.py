"""The branching crisis simulation: its pure engine, loading data/scenarios/*.yaml with
every rule a scenario must meet, its escaped HTML, and the interactive view."""
