"""The content checks as the audit and the review opinion run them: the domain's `find_hits`
with its anchor words found by an Aho-Corasick automaton.

The automaton finds what the anchors' regular expression finds (leftmost, then the longest at
that position, never overlapping; tests/audit/test_content_checks.py holds them to it) in one
pass over the text, where the expression tries its trie at every character. On texts shaped
like a registry's that is most of the checks' time: 100,000 texts take about 0.43 × as long
(docs/audit.md, "The anchor scan")."""

from collections.abc import Sequence
from functools import cache

import ahocorasick_rs

from normdocs.domain.content_checks import ANCHOR_WORDS, ContentHit, LawIndex
from normdocs.domain.content_checks import find_hits as _find_hits


@cache
def _automaton() -> ahocorasick_rs.AhoCorasick:
    # Built on first use (about 2 ms), not when the command line starts.
    return ahocorasick_rs.AhoCorasick(
        list(ANCHOR_WORDS), matchkind=ahocorasick_rs.MatchKind.LeftmostLongest
    )


def anchor_scan(text: str) -> Sequence[tuple[int, int, int]]:
    """(index in ANCHOR_WORDS, start, end) of each anchor word of `text`, in order."""
    return _automaton().find_matches_as_indexes(text)


def find_hits(text: str, laws: LawIndex | None = None) -> list[ContentHit]:
    """The content checks' findings in `text` (domain.content_checks.find_hits)."""
    return _find_hits(text, laws, scan=anchor_scan)
