"""Similar titles at scale: one finding per group of documents whose titles are the same or
nearly so, never one per pair; a series told apart by years, numbers or ordinals is no finding;
the group's key survives a new member, so first_seen and --new-only keep working."""

import time
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normdocs.domain.audit import (
    MEMBERS_SHOWN,
    AuditContext,
    AuditSnapshot,
    DocumentFacts,
    Rule,
    describe,
    evaluate,
)
from normdocs.domain.profile import Profile
from normdocs.domain.similar_titles import group_titles, series_key
from normdocs.domain.stages import Stage
from normdocs.services.audit import run_audit
from normdocs.services.calendar_source import build_calendar

CALENDAR = build_calendar()
# The registry fixture's fixed clock (tests/conftest.py).
TODAY = date(2026, 11, 27)
NOW = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)
GOV = "某区人民政府"
RATIO = Profile().audit.near_identical_title_ratio


def in_force(id: int, title: str, issuer_id: int = 1, issuer: str = GOV, **facts):
    base = {"stage": "filing_accepted", "basis_count": 1}
    base |= {"promulgated_on": date(2026, 1, 5) + timedelta(days=id % 300)}
    base |= {"effective_on": base["promulgated_on"]}
    return DocumentFacts(id, title, issuer_id, issuer, **(base | facts))


def similar(*documents: DocumentFacts) -> list:
    ctx = AuditContext(as_of=TODAY, profile=Profile(), calendar=CALENDAR)
    found = evaluate(AuditSnapshot(documents=tuple(documents)), ctx)
    return [f for f in found if f.rule == Rule.NEAR_IDENTICAL_TITLES]


def groups(*titles: str, issuer: str = GOV) -> list[tuple[int, ...]]:
    return [
        g.members for g in group_titles(((i, 1, t, issuer) for i, t in enumerate(titles, 1)), RATIO)
    ]


# --- what a title is made of -----------------------------------------------------------------


def test_years_numbers_and_ordinals_are_marks_whatever_their_writing():
    assert series_key(f"{GOV}关于印发2019年度某区法治政府建设工作要点的通知", GOV) == (
        ("2019",),
        "某区法治政府建设工作要点",
    )
    assert series_key("关于印发二〇一九年某区法治政府建设工作要点的通知") == series_key(
        "关于印发２０１９年度 某区法治政府建设工作要点的通知"
    )
    assert series_key("关于公布第三批非物质文化遗产名录的通知") == series_key(
        "关于公布第3批非物质文化遗产名录的通知"
    )
    assert series_key("关于做好防汛工作的通知（一）") == (("1",), "做好防汛工作")
    assert series_key("关于做好防汛工作的通知(十二)") == (("12",), "做好防汛工作")
    # Chinese numerals inside words are the subject, not marks.
    assert series_key("关于推进长三角一体化的十四五规划") == ((), "推进长三角一体化的十四五规划")


# --- which titles group ------------------------------------------------------------------------


def test_a_yearly_series_and_numbered_notices_are_no_finding():
    yearly = [f"{GOV}关于印发{y}年度法治政府建设工作要点的通知" for y in range(2015, 2027)]
    numbered = [f"{GOV}关于做好防汛工作的通知（{n}）" for n in "一二三四五"]
    batches = [f"{GOV}关于公布第{n}批历史建筑名录的通知" for n in "一二三四"]
    assert groups(*yearly, *numbered, *batches) == []


def test_the_same_year_twice_the_same_title_however_written_and_a_trial_version_group():
    assert groups(
        f"{GOV}关于印发2020年度法治政府建设工作要点的通知",
        f"{GOV}关于印发2021年度法治政府建设工作要点的通知",
        f"{GOV} 关于印发《二〇二〇年法治政府建设工作要点》的通知",
    ) == [(1, 3)]
    assert groups(
        "关于印发《某区养犬管理办法（试行）》的通知",
        "关于印发《某区养犬管理办法》的通知",
        "关于规范共享单车停放的通知",
    ) == [(1, 2)]


def test_documents_of_different_kinds_do_not_group():
    # The same year and topic, but key points and a plan; a notice and a bulletin of one number.
    assert (
        groups(
            "关于印发2017年加强校园安全管理工作要点的通知",
            "关于印发2017年度加强校园安全管理工作计划的通知",
            "关于调整最低生活保障标准有关事项的通知（七）",
            "调整最低生活保障标准工作简报（第7期）",
        )
        == []
    )


def test_similarity_joins_a_chain_into_one_group():
    # 2 is like 1 and 3 is like 2: one group of three, not two pairs.
    assert groups(
        "关于加强校园安全管理的通知",
        "关于进一步加强校园安全管理的通知",
        "关于进一步加强校园安全管理工作的通知",
    ) == [(1, 2, 3)]


# --- the finding -------------------------------------------------------------------------------


def test_one_finding_per_group_listing_the_first_members_with_the_count():
    copies = [in_force(i, f"{GOV}关于加强校园安全管理的通知") for i in range(1, 31)]
    found = similar(*copies, in_force(99, f"{GOV}关于规范共享单车停放的通知"))
    assert len(found) == 1
    finding = found[0]
    assert finding.evidence["count"] == 30
    assert [m["id"] for m in finding.evidence["members"]] == list(range(1, MEMBERS_SHOWN + 1))
    assert finding.severity == "warning"
    newest = max(copies, key=lambda d: (d.promulgated_on, d.id))
    assert finding.document_id == newest.id
    line = str(describe(finding))
    assert line.startswith("30 documents of the same issuer") and line.endswith("…")
    assert "1 “某区人民政府关于加强校园安全管理的通知”" in line


def test_the_key_stays_when_a_member_is_added_and_names_no_member():
    first = [
        in_force(1, f"{GOV}关于加强校园安全管理的通知"),
        in_force(2, f"{GOV}关于进一步加强校园安全管理的通知"),
    ]
    (before,) = similar(*first)
    (after,) = similar(*first, in_force(3, f"{GOV}关于加强校园安全管理的通知（修订）"))
    assert after.key == before.key
    assert after.evidence["count"] == 3 and before.evidence["count"] == 2
    # Two issuers with the same titles: two groups, two keys.
    elsewhere = [d._replace(id=d.id + 10, issuer_id=2, issuer="某区教育局") for d in first]
    assert len({f.key for f in similar(*first, *elsewhere)}) == 2


def test_a_stated_supersession_and_an_ended_document_explain_the_group():
    older = in_force(1, f"{GOV}关于加强校园安全管理的通知")
    newer = in_force(2, f"{GOV}关于进一步加强校园安全管理的通知")
    assert similar(older, newer._replace(supersedes_id=1)) == []
    assert similar(older._replace(ended_on=date(2026, 6, 1), end_reason="repealed"), newer) == []


@pytest.mark.slow
def test_eighty_thousand_titles_of_a_few_series_group_in_seconds():
    """The registry of issue 12 in miniature: no pair is compared, a series is no finding, and
    five thousand copies of one title are one group."""
    titles = []
    for issuer in range(1, 201):
        for topic in ("法治政府建设", "安全生产", "防汛抗旱", "营商环境", "垃圾分类"):
            titles += [(f"{y}年度{topic}工作要点", issuer) for y in range(2010, 2027)]
            titles += [(f"关于{topic}有关事项的通知（{n}）", issuer) for n in range(1, 40)]
            titles += [(f"关于公布第{n}批{topic}示范单位的通知", issuer) for n in range(1, 24)]
    titles += [("关于加强校园安全管理的通知", 999)] * 5000
    rows = [(i, issuer, title, f"第{issuer}区机关") for i, (title, issuer) in enumerate(titles, 1)]
    assert len(rows) >= 80_000
    started = time.process_time()
    found = group_titles(rows, RATIO)
    elapsed = time.process_time() - started
    assert [(g.issuer_id, len(g.members)) for g in found] == [(999, 5000)]
    assert elapsed < 10, elapsed


# --- properties --------------------------------------------------------------------------------

SUBJECTS = [
    "加强城市精细化管理",
    "禁止燃放烟花爆竹",
    "划定高污染燃料禁燃区",
    "调整城乡居民最低生活保障标准",
    "规范农村宅基地管理",
    "促进民营经济发展",
    "做好防汛抗旱工作",
    "规范共享单车停放",
    "实施禁渔期制度",
    "优化营商环境",
]
DECORATIONS = [
    "{s}",
    "关于{s}的通知",
    "关于印发《{s}》的通知",
    "{issuer}关于{s}的通知",
    "{issuer} 关于 {s} 的意见",
    "关于{year}年{s}的通知",
    "关于{year}年度{s}的通知",
    "关于{s}的通知（{n}）",
    "关于公布第{n}批{s}的通知",
]


@st.composite
def registries(draw):
    """Titles of a few subjects, each decorated with a year, an ordinal, an issuer prefix,
    boilerplate, spaces or full-width digits; (titles, the subject of each)."""
    count = draw(st.integers(1, 25))
    titles, subjects = [], []
    for _ in range(count):
        subject = draw(st.sampled_from(SUBJECTS))
        title = draw(st.sampled_from(DECORATIONS)).format(
            s=subject,
            issuer=GOV,
            year=draw(st.sampled_from(["2019", "2020", "二〇二〇", "２０２０"])),
            n=draw(st.sampled_from(["一", "2", "三", "２"])),
        )
        titles.append(title)
        subjects.append(subject)
    return titles, subjects


@settings(max_examples=200, deadline=None)
@given(registries(), st.randoms(use_true_random=False))
def test_grouping_is_independent_of_order_and_never_joins_distinct_subjects(made, rnd):
    titles, subjects = made
    rows = [(i, 1, t, GOV) for i, t in enumerate(titles, 1)]
    found = group_titles(rows, RATIO)
    shuffled = list(rows)
    rnd.shuffle(shuffled)
    assert group_titles(shuffled, RATIO) == found
    for group in found:
        assert len({subjects[i - 1] for i in group.members}) == 1, group
        # Members of one group share their marks: a series is never a group.
        assert len({series_key(titles[i - 1], GOV)[0] for i in group.members}) == 1


# --- the audit run ------------------------------------------------------------------------------


def test_a_new_member_keeps_the_finding_and_its_first_seen(registry):
    gov = registry.issuers["government"]
    name = gov.name
    registry.bring_to(gov, Stage.FILING_ACCEPTED, title=f"{name}关于加强校园安全管理的通知")
    registry.bring_to(gov, Stage.FILING_ACCEPTED, title=f"{name}关于进一步加强校园安全管理的通知")
    for year in (2025, 2026):
        registry.bring_to(
            gov, Stage.FILING_ACCEPTED, title=f"{name}关于印发{year}年度法治政府建设工作要点的通知"
        )
    first = run_audit(registry.ctx)
    (group,) = [f for f in first.findings if f["rule"] == "near-identical-titles"]
    assert group["new"] is True and group["evidence"]["count"] == 2

    registry.bring_to(gov, Stage.FILING_ACCEPTED, title=f"{name}关于加强校园安全管理的通知（修订）")
    registry.ctx.clock = lambda: NOW + timedelta(hours=3)
    second = run_audit(registry.ctx)
    (again,) = [f for f in second.findings if f["rule"] == "near-identical-titles"]
    assert again["key"] == group["key"] and again["id"] == group["id"]
    assert again["evidence"]["count"] == 3 and again["new"] is False
    assert again["first_seen"] == group["first_seen"]
    assert "near-identical-titles" not in {f["rule"] for f in second.shown(new_only=True)}


@pytest.mark.parametrize("ratio", [0.8, 1.0])
def test_identical_titles_group_at_any_ratio(ratio):
    rows = [(1, 1, "关于加强养犬管理的通知", GOV), (2, 1, "关于加强 养犬管理 的通知", GOV)]
    assert [g.members for g in group_titles(rows, ratio)] == [(1, 2)]
