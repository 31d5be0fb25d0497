"""The course's spelling rule: American English in every text a student reads, said once
for the scenario loader and the tests of lessons and banks."""

from __future__ import annotations

import re

# British spellings: the course writes American English in every text a student reads.
# The scenario loader applies this pattern, and tests/test_lesson_text.py applies it to
# lessons, banks and the other content.
BRITISH = re.compile(
    r"\b(\w*colour\w*|\w*favour\w*|\w*neighbour\w*|\w*behaviour\w*|\w*honour\w*|"
    r"centre[sd]?|\w*metres?|defence|offence|judgement\w*|labelled|travelled|cancelled|"
    r"modelled|programmes?|organis\w+|recognis\w+|realis(e|ed|es|ing)|analys(e|ed|es|ing)|"
    r"emphasis(e|ed|es|ing)|catalogue)\b", re.IGNORECASE)
_AMERICAN = [("centred", "centered"), ("colour", "color"), ("favour", "favor"),
             ("neighbour", "neighbor"), ("behaviour", "behavior"), ("honour", "honor"),
             ("centre", "center"), ("metre", "meter"), ("defence", "defense"),
             ("offence", "offense"), ("judgement", "judgment"), ("lled", "led"),
             ("programme", "program"), ("organis", "organiz"), ("recognis", "recogniz"),
             ("realis", "realiz"), ("analys", "analyz"), ("emphasis", "emphasiz"),
             ("catalogue", "catalog")]
ADDRESS = re.compile(r"https?://\S+")  # addresses are not ours to respell


def american(word: str) -> str:
    """The American spelling of a word BRITISH matches, e.g. 'Defence' -> 'Defense'."""
    spelled = word.lower()
    for british, american_form in _AMERICAN:
        spelled = spelled.replace(british, american_form)
    return spelled[:1].upper() + spelled[1:] if word[:1].isupper() else spelled
