"""Content checks: clauses of a normative document that SET a licence, penalty, coercive measure
or fee, reduce rights or add obligations, or restrict competition — as opposed to clauses that
REFER to what a superior law sets ("由公安机关依照《中华人民共和国大气污染防治法》予以处罚").

A normative document may not set 行政许可 (行政许可法第17条), 行政处罚 (行政处罚法第9、16条),
行政强制措施 (行政强制法第10条), fees or other new obligations (国办发〔2018〕37号 §(一); 立法法
第93条第6款), and may not exclude or restrict competition (公平竞争审查条例第8–11条).

Each clause (the text between ；) is read for what it does: who must do what, on whose approval,
with which consequence. A clause is a finding when it imposes one of the above on a private party
and no legal basis is given for it: a basis is a citation that the superior-law registry resolves
to a law, regulation or rule (a 《…办法》 of a district is no basis), or the generic 依法 /
依照有关法律法规, given in the clause itself, in brackets after it, or at the head of its
sentence before the ；. Clauses that only restate how the administration itself proceeds
(notice, records, hearing, recusal), internal accountability of subordinate units and internal
approval steps are not findings. tests/audit/labelled_sentences.csv measures how well this works
(benchmarks/content.py prints the figures).

Where the patterns find nothing in a clause that imposes a duty or a loss, a learned reading
(model.py, weights in learned_weights.py) scores it for an obligation, the kind whose wordings
vary most; a basis or a lawful kind of clause the patterns know still makes it no finding.

kinds.py names the kinds and their sources, patterns.py what a text is read with, exemptions.py
what makes a clause no finding, model.py the learned reading, characters.py how a text in
traditional characters is read, checking.py the check itself.
"""

from normdocs.domain.content_checks.checking import (
    ANCHOR_WORDS,
    AnchorScan,
    classify_sentence,
    find_hits,
    quote,
    regex_anchor_scan,
)
from normdocs.domain.content_checks.kinds import (
    CHECKER_VERSION,
    LABELS_ZH,
    MAX_QUOTE,
    SOURCES,
    Category,
    ContentHit,
    LawIndex,
)
from normdocs.domain.content_checks.patterns import split_sentences

__all__ = [
    "ANCHOR_WORDS",
    "CHECKER_VERSION",
    "LABELS_ZH",
    "MAX_QUOTE",
    "SOURCES",
    "AnchorScan",
    "Category",
    "ContentHit",
    "LawIndex",
    "classify_sentence",
    "find_hits",
    "quote",
    "regex_anchor_scan",
    "split_sentences",
]
