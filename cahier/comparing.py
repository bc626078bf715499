"""Comparing a kept version of an answer with the current text: a word-level diff, computed on the server
(difflib), so that it reads without JavaScript."""

import difflib
import re
from dataclasses import dataclass

TOKENS = re.compile(r"\s+|\S+")


@dataclass(frozen=True)
class Piece:
    """A run of the compared texts: kept in both ("same"), only in the older one ("removed"), or only in the
    current one ("added")."""

    kind: str
    text: str


def word_diff(older, current):
    """The pieces that turn `older` into `current`, word by word (spaces and line breaks kept as they are)."""
    before, after = TOKENS.findall(older), TOKENS.findall(current)
    pieces = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(Piece("same", "".join(before[i1:i2])))
            continue
        if op in ("delete", "replace"):
            pieces.append(Piece("removed", "".join(before[i1:i2])))
        if op in ("insert", "replace"):
            pieces.append(Piece("added", "".join(after[j1:j2])))
    return pieces
