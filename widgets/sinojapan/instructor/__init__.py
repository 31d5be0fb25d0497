"""What instructors run from tasks.py: the static HTML of a lesson and of the whole site,
the teacher guide with the answers, and the class report from a folder of hand-ins."""
