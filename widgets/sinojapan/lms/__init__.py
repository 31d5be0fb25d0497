"""Every gradable question for a course's LMS: Moodle XML and a QTI 1.2 package for Canvas."""
