"""The kinds of content finding (licence, penalty, coercion, fee, obligation, competition), their
labels and legal sources, a finding's evidence, and the registry's superior laws a basis must
resolve to."""

import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from normdocs.domain.lawtitles import match_key

# Bumped whenever the patterns change, so that texts checked by older patterns are checked again.
CHECKER_VERSION = 27

# Longest sentence quoted in a finding; longer ones are cut around the words that matched.
MAX_QUOTE = 160


class Category(StrEnum):
    LICENCE = "licence"
    PENALTY = "penalty"
    COERCION = "coercion"
    FEE = "fee"
    OBLIGATION = "obligation"
    COMPETITION = "competition"


SOURCES: dict[Category, str] = {
    Category.LICENCE: "行政许可法第17条",
    Category.PENALTY: "行政处罚法第9条、第16条",
    Category.COERCION: "行政强制法第10条",
    Category.FEE: "国办发〔2018〕37号 §(一)",
    Category.OBLIGATION: "立法法第93条第6款; 国办发〔2018〕37号 §(一)",
    Category.COMPETITION: "公平竞争审查条例第8–11条; 反垄断法第45条",
}

LABELS_ZH: dict[Category, str] = {
    Category.LICENCE: "设定行政许可",
    Category.PENALTY: "设定行政处罚",
    Category.COERCION: "设定行政强制措施",
    Category.FEE: "设定收费",
    Category.OBLIGATION: "减损权利或增加义务",
    Category.COMPETITION: "排除、限制竞争",
}


@dataclass(frozen=True)
class ContentHit:
    """One clause that appears to set something a normative document may not set.

    `trigger` is the words that show it; `article` the provision it would breach; `cited` a
    title given as its basis that is no law, regulation or rule (依照《某区…办法》); `score`
    the learned reading's score (0–1) when it, not a pattern, found the clause."""

    category: Category
    sentence: str
    trigger: str
    article: str = ""
    cited: str = ""
    score: float | None = None


# 法律 are named …法 (the civil code …法典), 行政法规 and 地方性法规 …条例 (a rule or a normative document may not take
# these names); a 规章 is promulgated by an order (…令第N号); a local regulation implementing a
# law is named 实施《…法》办法.
_LAW_FORM = re.compile(
    r"(?<!办)法$|法典$|条例$|实施.{0,3}[《〈<][^》〉>]+(?:法|条例)[》〉>](?:办法|细则|规定)$"
)

# A rule known by the order that promulgated it: （广东省人民政府令第206号）, or a ministry's
# order named without its number (（交通运输部令）).
_ORDER_AFTER = re.compile(
    r"[（(][^）)]{0,20}(?:令(?:[0-9]{4}年)?第?[0-9一二三四五六七八九十百零〇]+号|(?:部|委|总局|署)令[）)])"
)


@dataclass(frozen=True)
class LawIndex:
    """The superior laws a citation may resolve to, by match key (see lawtitles.match_key):
    laws, regulations and rules of the registry; and the normative documents it knows, which
    are no legal basis for setting anything. Titles in neither are judged by their form."""

    laws: frozenset[str] = frozenset()
    documents: frozenset[str] = frozenset()
    _cache: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, laws: Iterable[str], documents: Iterable[str] = ()) -> "LawIndex":
        return cls(frozenset(map(match_key, laws)), frozenset(map(match_key, documents)))

    def is_superior(self, title: str, after: str = "") -> bool:
        """Whether 《title》 (followed in the text by `after`) is a law, regulation or rule."""
        if _ORDER_AFTER.match(after):
            return True
        known = self._cache.get(title)
        if known is None:
            key = match_key(title)
            if key in self.laws:
                known = True
            elif key in self.documents:
                known = False
            else:
                known = _LAW_FORM.search(title) is not None
            self._cache[title] = known
        return known

    def fingerprint(self) -> int:
        """A number that changes when the titles do: texts are checked again then."""
        joined = "\n".join(sorted(self.laws)) + "\f" + "\n".join(sorted(self.documents))
        return zlib.crc32(joined.encode("utf-8")) % 100_000


FORM_ONLY = LawIndex()
