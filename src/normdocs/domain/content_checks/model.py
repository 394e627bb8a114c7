"""A learned reading for obligations, the kind whose wordings vary most, and for compulsory
measures and fees: a linear model per kind over the character n-grams of a clause, trained on
the development parts of the labelled set by scripts/train-content-model and shipped as
learned_weights.py.

The patterns read what a clause does in the wordings they know; duties imposed and rights taken
away come in more wordings than any list holds, and the model scores a clause where the patterns
found nothing (checking.py: the obligation reading, and the second reading of a kind whose words
a clause holds but none of whose patterns matched). It never overrides a basis or an exemption
the patterns know: a clause with a legal basis is no finding whichever reading found it. Its
findings carry the score and the words that weighed most for it.

Features are the distinct 1-, 2- and 3-grams of the clause as normalised (no spaces, every number
0, a title 《L》 when it names a superior law and 《D》 when not), each weighted 1/√(count + 1);
the score is the logistic of their weighted sum plus a bias.
"""

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import import_module
from itertools import repeat

from normdocs.domain.content_checks.kinds import Category, LawIndex

# The module the weights are written to, read on first use (importing it costs a few ms).
WEIGHTS_MODULE = "normdocs.domain.content_checks.learned_weights"

ORDERS = (1, 2, 3)

# A title, a run of digits, or of white space: the tokens normalised before the n-grams are taken.
_TOKEN = re.compile(r"[《〈]([^》〉\n]{1,60})[》〉]|[0-9０-９]+|\s+")

# Where a clause's comma-clauses end: a finding of the model shows the one that weighed most.
_COMMA = re.compile(r"[，,：:]")


@dataclass(frozen=True)
class Model:
    """Per kind a bias and the score above which the model finds the kind in a clause its
    patterns did not; per n-gram one weight per kind."""

    kinds: tuple[Category, ...]
    bias: tuple[float, ...]
    finds: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]
    header: str

    @cached_property
    def columns(self) -> dict[Category, tuple[float, dict[str, float]]]:
        """Per kind its bias and its weights by n-gram (what scoring reads)."""
        return {
            kind: (
                self.bias[i],
                {gram: values[i] for gram, values in self.weights.items() if values[i]},
            )
            for i, kind in enumerate(self.kinds)
        }


def normalised(text: str, start: int, end: int, laws: LawIndex) -> str:
    """text[start:end] as the model reads it."""
    parts: list[str] = []
    pos = start
    for token in _TOKEN.finditer(text, start, end):
        parts.append(text[pos : token.start()])
        title = token.group(1)
        if title is not None:
            after = text[token.end() : token.end() + 24]
            parts.append("《L》" if laws.is_superior(title, after) else "《D》")
        elif not token.group(0)[0].isspace():
            parts.append("0")
        pos = token.end()
    parts.append(text[pos:end])
    return "".join(parts)


# Every 2- and 3-gram, overlapping, found by the regex engine rather than a Python loop.
_PAIRS = re.compile(r"(?=(..))", re.DOTALL)
_TRIPLES = re.compile(r"(?=(...))", re.DOTALL)


def grams(clause: str) -> set[str]:
    """The distinct 1-, 2- and 3-grams (ORDERS) of a normalised clause, with ^ and $ marking
    its ends."""
    marked = f"^{clause}$"
    found = set(marked)
    found.update(_PAIRS.findall(marked))
    found.update(_TRIPLES.findall(marked))
    return found


def weight_of(features: set[str]) -> float:
    """The weight of each feature of a clause with these features."""
    return 1.0 / math.sqrt(len(features) + 1)


@cache
def model() -> Model:
    """The shipped model, read once (only when a clause is first scored)."""
    weights = import_module(WEIGHTS_MODULE)
    return Model(
        tuple(Category(kind) for kind in weights.KINDS),
        weights.BIAS,
        weights.FINDS,
        weights.WEIGHTS,
        weights.HEADER,
    )


def write_model(found: Model) -> str:
    """The Python source of learned_weights.py for a model (model() reads it back)."""
    lines = [
        '"""The learned reading\'s weights (model.py), written by scripts/train-content-model:',
        'do not edit; train again instead."""',
        "",
        f"HEADER = {_literal(found.header)}",
        f"KINDS = {_tuple(_literal(kind.value) for kind in found.kinds)}",
        f"BIAS = {_tuple(repr(x) for x in found.bias)}",
        f"FINDS = {_tuple(repr(x) for x in found.finds)}",
        "WEIGHTS: dict[str, tuple[float, ...]] = {",
    ]
    for gram in sorted(found.weights):
        lines.append(f"    {_literal(gram)}: {_tuple(repr(x) for x in found.weights[gram])},")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _tuple(items: Iterable[str]) -> str:
    """Python source of a tuple as the formatter writes it: (a,) or (a, b)."""
    written = list(items)
    return f"({written[0]},)" if len(written) == 1 else f"({', '.join(written)})"


def _literal(text: str) -> str:
    """A string as a double-quoted Python literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def score_of(clause: str, kind: Category, found: Model | None = None) -> float:
    """The model's score (0–1) for `kind` on a normalised clause."""
    bias, weights = (found or model()).columns[kind]
    features = grams(clause)
    total = sum(map(weights.get, features, repeat(0.0)))
    return 1.0 / (1.0 + math.exp(-(bias + total * weight_of(features))))


def score(text: str, start: int, end: int, laws: LawIndex, kind: Category) -> float:
    """The model's score for `kind` on the clause text[start:end]."""
    return score_of(normalised(text, start, end, laws), kind)


def scores(
    text: str, start: int, end: int, laws: LawIndex, kinds: tuple[Category, ...]
) -> tuple[float, ...]:
    """The model's scores for several kinds on the clause text[start:end] (its n-grams taken
    once)."""
    features = grams(normalised(text, start, end, laws))
    scale = weight_of(features)
    columns = model().columns
    found = []
    for kind in kinds:
        bias, weights = columns[kind]
        total = sum(map(weights.get, features, repeat(0.0)))
        found.append(1.0 / (1.0 + math.exp(-(bias + total * scale))))
    return tuple(found)


def finds(kind: Category, score: float) -> bool:
    """Whether the model finds `kind` in a clause it scores so (where no pattern did)."""
    learned = model()
    return score > learned.finds[learned.kinds.index(kind)]


def trigger(
    text: str, start: int, end: int, laws: LawIndex, kind: Category, source: str | None = None
) -> str:
    """The words of text[start:end] that weighed most for `kind`: the comma-clause whose
    n-grams add up to the most (须提前向村红白理事会交纳书面承诺书), as a reviewer reads it; taken
    from `source` (the text as written, of the same length) when `text` is its reading."""
    written = text if source is None else source
    _bias, weights = model().columns[kind]
    best, best_total = "", -math.inf
    pos = start
    for part_end in [*(m.start() for m in _COMMA.finditer(text, start, end)), end]:
        part = "".join(written[pos:part_end].split())
        if part:
            clause = normalised(text, pos, part_end, laws)
            total = sum(map(weights.get, grams(clause), repeat(0.0)))
            if total > best_total:
                best, best_total = part, total
        pos = part_end + 1
    return best or "".join(written[start:end].split())
