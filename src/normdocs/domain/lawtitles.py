"""Titles of superior laws as documents cite them: match keys, short names, versions by date."""

import difflib
import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from normdocs.domain.docnumber import normalise_doc_number
from normdocs.domain.errors import InvalidInput

STATE_NAME = "中华人民共和国"

# Brackets that wrap or nest inside titles (《》 and its inner forms), quotes, and the
# parentheses of 办法（试行）: all dropped from the key so that every spelling meets.
_BRACKETS = "《》〈〉<>‹›«»()（）[]【】〔〕“”\"'‘’「」『』"
_DROP = str.maketrans("", "", _BRACKETS + "·•")
# A version note a citation may carry: 《立法法（2015年修正）》, 《条例(2017年修订本)》.
_VERSION_NOTE = re.compile(
    r"[（(]\s*[0-9]{4}\s*年\s*(?:修正|修订|修改)\s*(?:本|文本)?\s*[)）](?=[》〉>›»]*$)"
)
_SPACE = re.compile(r"\s+")
# A 规章 or 行政法规 is known by the order that promulgated it: 国务院令第21号.
_ORDER_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,20}令第[0-9]+号")
_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")

# Levels of superior law (上位法) accepted by `law add` and `law import`, with English aliases.
LEVELS: tuple[str, ...] = (
    "宪法",
    "法律",
    "行政法规",
    "监察法规",
    "地方性法规",
    "自治条例",
    "单行条例",
    "部门规章",
    "地方政府规章",
    "规章",
    "规范性文件",
)
LEVEL_ALIASES: dict[str, str] = {
    "constitution": "宪法",
    "law": "法律",
    "administrative-regulation": "行政法规",
    "supervisory-regulation": "监察法规",
    "local-regulation": "地方性法规",
    "autonomy-regulation": "自治条例",
    "separate-regulation": "单行条例",
    "departmental-rule": "部门规章",
    "local-rule": "地方政府规章",
    "rule": "规章",
    "normative-document": "规范性文件",
}

STATUSES: tuple[str, ...] = ("in_force", "superseded", "repealed")


def clean_title(text: str) -> str:
    """A title as shown: width variants folded, whitespace removed, outer 《》 dropped."""
    title = _SPACE.sub("", unicodedata.normalize("NFKC", text))
    # NFKC turns （） into (); Chinese titles print them full width.
    title = title.replace("(", "（").replace(")", "）")
    if title.startswith("《") and title.endswith("》"):
        title = title[1:-1]
    return title


def match_key(title: str) -> str:
    """The key two spellings of one law share: without 中华人民共和国, brackets or whitespace.

    《中华人民共和国传染病防治法》, 传染病防治法 and 《传染病防治法（2013年修正）》 all give
    传染病防治法; 湖南省实施<城市居民最低生活保障条例>办法 and 湖南省实施〈…〉办法 meet too.
    """
    text = _SPACE.sub("", unicodedata.normalize("NFKC", title))
    text = _VERSION_NOTE.sub("", text)
    return text.translate(_DROP).replace(STATE_NAME, "")


def default_short_title(title: str) -> str:
    """The name a law is usually cited by: its title without the leading 中华人民共和国."""
    title = clean_title(title)
    return title.removeprefix(STATE_NAME) or title


def law_number(text: str) -> str | None:
    """The number a law is known by: a 文号 in normal form (国发〔2007〕19号), or an order
    number such as 国务院令第21号; None if the text is neither."""
    stripped = _SPACE.sub("", text)
    try:
        return normalise_doc_number(stripped)
    except InvalidInput:
        pass
    stripped = stripped.translate(_WIDTH)
    return stripped if _ORDER_NUMBER.fullmatch(stripped) else None


def normalise_level(level: str) -> str | None:
    """The level's Chinese name, from Chinese or an English alias; None if unknown."""
    text = level.strip()
    if text in LEVELS:
        return text
    return LEVEL_ALIASES.get(text.lower().replace("_", "-").replace(" ", "-"))


@dataclass(frozen=True)
class LawVersion:
    """One stored version of a law, as much of it as matching and version choice need."""

    id: int
    title: str
    short_title: str | None
    match_key: str
    promulgated_on: date | None
    effective_on: date | None
    status: str = "in_force"
    doc_number: str | None = None

    @property
    def starts_on(self) -> date:
        """The day this version began to apply; an undated version applies from the start."""
        return self.effective_on or self.promulgated_on or date.min


def version_on(versions: Sequence[LawVersion], on: date | None) -> LawVersion:
    """The version in force on `on`: the latest one in effect by then.

    A document dated before every known version rests on the earliest one known (the registry
    lacks the older text, and the law itself existed); with no date, the newest version.
    """
    if not versions:
        raise ValueError("a law has at least one version")
    ordered = sorted(versions, key=_version_order)
    if on is None:
        return ordered[-1]
    in_effect = [v for v in ordered if v.starts_on <= on]
    return in_effect[-1] if in_effect else ordered[0]


def latest_version(versions: Sequence[LawVersion]) -> LawVersion:
    return ordered_versions(versions)[-1]


def ordered_versions(versions: Iterable[LawVersion]) -> list[LawVersion]:
    """A law's versions oldest first: by promulgation, then by the day each began to apply."""
    return sorted(versions, key=_version_order)


def _version_order(version: LawVersion) -> tuple[date, date, int]:
    return (version.promulgated_on or date.min, version.starts_on, version.id)


@dataclass(frozen=True)
class VersionState:
    """A version of a law as a list of laws gives it, for settle_versions: `ref` is the caller's
    handle on it; `stored_id` None for a version not registered yet (it sorts after those that
    are, among versions promulgated the same day)."""

    ref: int
    promulgated_on: date | None
    stored_id: int | None
    status: str
    amended_on: date | None


def settle_versions(versions: Iterable[VersionState]) -> list[VersionState]:
    """Versions of one law, oldest first: every version followed by a later one is superseded
    on the day the later one was promulgated (a list may call both in force); a repealed one
    stays repealed."""
    ordered = sorted(versions, key=lambda v: (v.promulgated_on or date.min, v.stored_id or 1 << 62))
    settled = list(ordered)
    for index, (earlier, later) in enumerate(itertools.pairwise(ordered)):
        status = "superseded" if earlier.status == "in_force" else earlier.status
        amended_on = earlier.amended_on
        if status == "superseded" and amended_on is None:
            amended_on = later.promulgated_on
        settled[index] = replace(earlier, status=status, amended_on=amended_on)
    return settled


@dataclass(frozen=True)
class Lookup:
    """What a cited title names: one law (its versions), several candidates, or nothing."""

    versions: tuple[LawVersion, ...] = ()
    candidates: tuple[str, ...] = ()  # titles of the laws an ambiguous name may mean

    @property
    def found(self) -> bool:
        return bool(self.versions)

    @property
    def ambiguous(self) -> bool:
        return len(self.candidates) > 1


@dataclass
class LawIndex:
    """Every law of the registry indexed the ways documents cite them (pure, built once)."""

    laws: list[LawVersion] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by_identity: dict[str, list[LawVersion]] = {}
        self._by_title: dict[str, set[str]] = {}
        self._by_short: dict[str, set[str]] = {}
        self._by_number: dict[str, set[str]] = {}
        self._memo: dict[str, Lookup] = {}
        for law in self.laws:
            self._add(law)

    def _add(self, law: LawVersion) -> None:
        identity = law.match_key
        self._by_identity.setdefault(identity, []).append(law)
        self._by_title.setdefault(clean_title(law.title), set()).add(identity)
        if law.short_title:
            self._by_short.setdefault(match_key(law.short_title), set()).add(identity)
        if law.doc_number:
            self._by_number.setdefault(law.doc_number, set()).add(identity)

    def add(self, law: LawVersion) -> None:
        self.laws.append(law)
        self._memo.clear()
        self._add(law)

    def __len__(self) -> int:
        return len(self._by_identity)

    def versions(self, identity: str) -> tuple[LawVersion, ...]:
        return tuple(self._by_identity.get(identity, ()))

    def lookup(self, cited: str) -> Lookup:
        """The law a title names as cited: full title, then key, then short title.

        A name shared by several laws resolves to the one whose short title it is; if that does
        not single one out, the lookup is ambiguous and lists the candidates.
        """
        found = self._memo.get(cited)
        if found is None:
            found = self._memo[cited] = self._lookup(cited)
        return found

    def _lookup(self, cited: str) -> Lookup:
        exact = self._by_title.get(clean_title(cited), set())
        if len(exact) == 1:
            return self._found(next(iter(exact)))
        key = match_key(cited)
        if not key:
            return Lookup()
        by_key = {key} if key in self._by_identity else set()
        by_short = self._by_short.get(key, set())
        every = by_key | by_short | exact
        if len(every) == 1:
            return self._found(next(iter(every)))
        if len(by_short) == 1:
            return self._found(next(iter(by_short)))
        if every:
            return Lookup(candidates=tuple(sorted(self._title_of(i) for i in every)))
        return Lookup()

    def by_number(self, number: str) -> Lookup:
        """A law or higher normative document known by its 文号 (or 国务院令第N号)."""
        found = self._by_number.get(number, set())
        if len(found) == 1:
            return self._found(next(iter(found)))
        if found:
            return Lookup(candidates=tuple(sorted(self._title_of(i) for i in found)))
        return Lookup()

    def near(self, cited: str, limit: int = 5) -> list[str]:
        """Titles of laws whose names come close to `cited`, best first (for hints)."""
        key = match_key(cited)
        if not key:
            return []
        containing = [i for i in self._by_identity if key in i or (len(i) >= 2 and i in key)]
        close = difflib.get_close_matches(key, list(self._by_identity), n=limit, cutoff=0.6)
        chosen: list[str] = []
        for identity in [*sorted(containing, key=len), *close]:
            if identity not in chosen:
                chosen.append(identity)
        return [self._title_of(i) for i in chosen[:limit]]

    def _found(self, identity: str) -> Lookup:
        return Lookup(versions=self.versions(identity), candidates=(self._title_of(identity),))

    def _title_of(self, identity: str) -> str:
        return latest_version(self._by_identity[identity]).title


def index_laws(laws: Iterable[LawVersion]) -> LawIndex:
    return LawIndex(list(laws))
