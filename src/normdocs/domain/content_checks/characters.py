"""Texts in traditional characters, read as simplified ones.

Pages quoted from a government site's traditional-script gateway, or from a mirror, arrive in
traditional characters (違者罰款, 須經縣政府批准); the patterns, anchors and learned weights are
simplified. A text that reads as traditional is converted character for character
(simplified_table.py, from OpenCC): it keeps its length, so every offset found in the converted
text is the original's, and a finding quotes the original words.

A simplified text holds few characters of the table (乾 of 乾隆, 於 as a surname); a traditional
one, one character in four or five. Its first 400 characters decide.
"""

import re
from functools import cache

from normdocs.domain.content_checks.simplified_table import SIMPLIFIED, TRADITIONAL

# How much of a text is looked at, and the share of it (one character in 12) and the count of
# traditional characters above which it is converted.
_HEAD = 400
_SHARE = 12
_AT_LEAST = 2


@cache
def _tables() -> tuple[dict[int, int], re.Pattern[str]]:
    # Built on first use (a few ms), not when the command line starts.
    return str.maketrans(TRADITIONAL, SIMPLIFIED), re.compile(f"[{TRADITIONAL}]")


def as_simplified(text: str) -> str | None:
    """`text` in simplified characters, of the same length, when it is written in traditional
    ones; None when it is not."""
    table, traditional = _tables()
    head = min(len(text), _HEAD)
    if traditional.search(text, 0, head) is None:
        return None
    found = len(traditional.findall(text, 0, head))
    if found < _AT_LEAST or found * _SHARE < head:
        return None
    return text.translate(table)
