"""Groups of similar titles, found without comparing every pair of documents.

The near-identical-titles audit rule looks for documents of one issuer in force at once that
are probably the same document twice, or a newer one that replaced an older one without saying
so (进一步加强… beside 加强…, a formal 办法 beside its 试行 version). A registry is full of titles
that look alike for a good reason: yearly plans (2019年度…工作要点, 2020年度…工作要点), numbered
notices (关于…的通知（一）/（二）), batches and issues (第三批, 第12期). Those are series of
distinct documents, and a clerk gains nothing from hearing about them each year.

So a title is read as two parts:

- its *marks*: the years, numbers, ordinals, batches, issues, quarters and half-years that tell
  the members of a series apart (二〇一九年 and 2019年 are the same mark, 第三批 and 第3批 too);
- its *subject*: what is left once the marks, the issuer's name, punctuation, spaces, the
  width of characters and the boilerplate (关于印发, 的通知…) are removed.

Documents with different marks are never grouped: a series is not a finding. Nor are documents
of different kinds (文种: a 工作要点 and a 工作计划, a notice and a 简报). Documents with the same
marks and kind are grouped when their subjects are equal, or similar (a Dice coefficient of
character bigrams at or above the profile's ratio, found by prefix filtering over the distinct
subjects of one issuer, one set of marks and one kind — no comparison of all pairs, and identical
titles, however many, cost one comparison). Similarity is transitive within a group (A~B and B~C put A,
B and C in one group), so a group is reported once, whatever its size.

A group's key is its issuer, its marks and the subject of its earliest registered member (the
lowest id): adding a member to a group keeps its key, so a stored finding stays the same finding
across runs.
"""

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

# --- the subject: what a title is about ---------------------------------------------------

_TITLE_NOISE = re.compile(
    r"[\s\u3000《》〈〉<>“”\"'‘’「」『』()（）\[\]【】〔〕,，.。、:：;；!！?？·\-—–~～_/]"
)
_BOILERPLATE = ("关于印发", "关于", "的通知", "的通告", "的公告", "的决定", "的意见", "印发")


def title_key(title: str, issuer: str) -> str:
    """A title as compared: without the issuer's name, punctuation and the words every title
    has (关于, 印发, 的通知…)."""
    key = _TITLE_NOISE.sub("", title)
    if issuer and key.startswith(issuer):
        key = key[len(issuer) :]
    for word in _BOILERPLATE:
        key = key.replace(word, "")
    return key


# --- the marks: what tells the members of a series apart ----------------------------------

_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4}
_CN_DIGITS |= {"五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN = "〇零○一二三四五六七八九十百两"
_UNIT = "年度|年|批次|批|期|次|号|届|轮|季度|月份|月|日|部分|篇|章|版"
# Order matters: each pattern takes its text out before the next one looks. Each comes with
# the characters one of which it needs, so that a title without them skips it.
_MARKS = (
    # A year written in Chinese digits (二〇一九年, 二〇一九年度).
    ("年", re.compile(r"([〇零○一二三四五六七八九]{4})(?:年度|年)")),
    # An ordinal in brackets: （一）, (2), 〔三〕, 【4】 (after NFKC, （） are ()).
    ("([【〔", re.compile(rf"[(\[【〔]([{_CN}]{{1,4}}|\d{{1,4}})[)\]】〕]")),
    # 第N… with or without a unit (第三批, 第12期, 第2号), Chinese or Arabic.
    ("第", re.compile(rf"第([{_CN}]{{1,4}}|\d+)(?:{_UNIT})?")),
    # Arabic numbers anywhere, with their unit (2019年度, 2019-2021年, 3月, 12期).
    ("0123456789", re.compile(rf"(\d+)(?:{_UNIT})?")),
    # Chinese numbers with a unit that counts (三批, 一季度, 五月); not 三年 (三年行动计划
    # is a kind of plan) nor bare numerals (统一, 一体化).
    ("批期季月届轮", re.compile(rf"([{_CN}]{{1,3}})(?:批次|批|期|季度|月份|月|届|轮)")),
    # Halves and seasons.
    ("半季", re.compile(r"(上半年|下半年|春季|夏季|秋季|冬季)")),
)


_LEFT_BY_MARKS = re.compile(r"·(?:[至到和与及、]·)*")


def _number(text: str) -> str:
    """A number written in Arabic or Chinese digits, as a canonical string (二〇一九 → 2019,
    十二 → 12, 007 → 7); anything else unchanged."""
    if text.isdigit():
        return str(int(text))
    if "十" not in text and "百" not in text:
        if all(c in _CN_DIGITS for c in text):
            return str(int("".join(str(_CN_DIGITS[c]) for c in text)))
        return text
    total, current = 0, 0
    for c in text:
        if c == "百":
            total += (current or 1) * 100
            current = 0
        elif c == "十":
            total += (current or 1) * 10
            current = 0
        elif c in _CN_DIGITS:
            current = _CN_DIGITS[c]
        else:
            return text
    return str(total + current)


def series_key(title: str, issuer: str = "") -> tuple[tuple[str, ...], str]:
    """(marks, subject) of a title: the marks sorted, the subject as title_key leaves it."""
    text = unicodedata.normalize("NFKC", title)
    text = "".join(text.split())
    marks: list[str] = []

    def take(match: re.Match[str]) -> str:
        marks.append(_number(match.group(1)))
        return "·"

    for needs, pattern in _MARKS:
        if any(c in text for c in needs):
            text = pattern.sub(take, text)
    if marks:
        # The separators a removed mark leaves (2019至2021年 → ·至·) go with it.
        text = _LEFT_BY_MARKS.sub("", text)
    issuer_name = "".join(unicodedata.normalize("NFKC", issuer).split())
    return tuple(sorted(marks)), title_key(text, issuer_name)


# The kind of instrument a title names (文种): a 工作要点 and a 工作计划 of the same year and
# topic, or a notice and a 简报 with the same number, are different documents however alike
# their words; a 办法 and its 试行 version are of one kind.
_KINDS = re.compile(
    "要点|计划|方案|办法|规定|细则|规则|意见|通报|简报|决定|规划|预案|标准|名单|名录|目录|清单"
    "|指南|制度|措施|纲要|总结|报告|公告|通告|批复|函"
)


def title_kind(subject: str) -> str:
    """The last kind word of a subject (“” for a plain notice, whose 的通知 is boilerplate)."""
    kinds = _KINDS.findall(subject)
    return kinds[-1] if kinds else ""


# --- similar subjects ---------------------------------------------------------------------


def _bigrams(text: str) -> frozenset[str]:
    if len(text) < 2:
        return frozenset({text}) if text else frozenset()
    return frozenset(text[i : i + 2] for i in range(len(text) - 1))


def similar_pairs(keys: list[str], threshold: float) -> Iterator[tuple[int, int, float]]:
    """Pairs (i, j, similarity) of keys whose character bigrams have a Dice coefficient of at
    least `threshold`, found without comparing every pair: each key is indexed under the rarest
    few of its bigrams only (prefix filtering), enough that any pair that can reach the
    threshold shares at least one of them."""
    grams = [_bigrams(k) for k in keys]
    frequency: dict[str, int] = {}
    for g in grams:
        for gram in g:
            frequency[gram] = frequency.get(gram, 0) + 1
    # One global order, rarest first (ties by the bigram itself, so runs are repeatable).
    rank = {gram: n for n, gram in enumerate(sorted(frequency, key=lambda x: (frequency[x], x)))}
    index: dict[str, list[int]] = {}
    for i, g in enumerate(grams):
        if not g:
            continue
        ordered = sorted(g, key=rank.__getitem__)
        size = len(ordered)
        # A partner must share at least ceil(t*size/(2-t)) bigrams with this key; any such
        # partner shares one of the first size - that + 1 in the global order.
        need = _ceil(threshold * size / (2 - threshold))
        prefix = max(1, size - need + 1)
        candidates: set[int] = set()
        for gram in ordered[:prefix]:
            candidates.update(index.get(gram, ()))
            index.setdefault(gram, []).append(i)
        for j in sorted(candidates):
            other = grams[j]
            dice = 2 * len(g & other) / (len(g) + len(other))
            if dice >= threshold:
                yield j, i, dice


def _ceil(value: float) -> int:
    whole = int(value)
    return whole if value <= whole + 1e-9 else whole + 1


# --- groups -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TitleGroup:
    """Documents of one issuer whose titles are the same or similar, with the same marks."""

    issuer_id: int
    # Stable across runs: the marks and the subject of the earliest member ("2019|工作要点").
    key: str
    # Every member's id, ascending.
    members: tuple[int, ...]


def group_titles(titles: Iterable[tuple[int, int, str, str]], threshold: float) -> list[TitleGroup]:
    """Groups of two or more documents among `titles` — (id, issuer id, title, issuer name) —
    ordered by issuer and first member; the same groups whatever the order of `titles`."""
    buckets: dict[tuple[int, tuple[str, ...], str], dict[str, list[int]]] = {}
    cache: dict[tuple[str, str], tuple[tuple[str, ...], str]] = {}
    for document_id, issuer_id, title, issuer in titles:
        parts = cache.get((title, issuer))
        if parts is None:
            parts = cache[(title, issuer)] = series_key(title, issuer)
        marks, subject = parts
        if not subject:
            continue  # a title of marks and boilerplate only says nothing to compare
        bucket = buckets.setdefault((issuer_id, marks, title_kind(subject)), {})
        bucket.setdefault(subject, []).append(document_id)
    groups: list[TitleGroup] = []
    for (issuer_id, marks, _kind), by_subject in buckets.items():
        if len(by_subject) == 1:
            ((subject, ids),) = by_subject.items()
            if len(ids) > 1:
                groups.append(TitleGroup(issuer_id, _key(marks, subject), tuple(sorted(ids))))
            continue
        subjects = sorted(by_subject)
        for members in _components(subjects, threshold):
            if len(members) == 1 and len(by_subject[subjects[members[0]]]) == 1:
                continue
            # The group is named by its earliest member's subject.
            subject = min((min(by_subject[subjects[i]]), subjects[i]) for i in members)[1]
            ids = sorted(d for i in members for d in by_subject[subjects[i]])
            groups.append(TitleGroup(issuer_id, _key(marks, subject), tuple(ids)))
    groups.sort(key=lambda g: (g.issuer_id, g.members[0]))
    return groups


def _key(marks: tuple[str, ...], subject: str) -> str:
    return "·".join(marks) + "|" + subject


def _components(subjects: list[str], threshold: float) -> list[list[int]]:
    """The indices of `subjects` joined by similarity (union-find over the similar pairs)."""
    parent = list(range(len(subjects)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    if len(subjects) > 1:
        for i, j, _dice in similar_pairs(subjects, threshold):
            a, b = root(i), root(j)
            if a != b:
                parent[max(a, b)] = min(a, b)
    components: dict[int, list[int]] = {}
    for i in range(len(subjects)):
        components.setdefault(root(i), []).append(i)
    return list(components.values())
