"""How a guide's title reads inside a sentence: "What does an AI engineer do?"."""

import re

_WORD = re.compile(r"[^\W\d_]+")


def in_running_text(title):
    """`title` as it reads mid-sentence.

    Ordinary capitalized words are lowercased; initialisms and names with capitals inside
    stay as they are ("AI", "BI", "MLOps", "SRE"). A field in parentheses reads as "in ...":
    "Research Scientist (Machine Learning)" is "research scientist in machine learning".
    """
    name, parenthesis, field = title.strip().partition(" (")
    text = _WORD.sub(_lowered, name)
    if parenthesis and field.endswith(")"):
        return f"{text} in {_WORD.sub(_lowered, field[:-1])}"
    return _WORD.sub(_lowered, title.strip())


def _lowered(match):
    word = match.group()
    ordinary = len(word) > 1 and word[0].isupper() and word[1:].islower()
    return word.lower() if ordinary else word
