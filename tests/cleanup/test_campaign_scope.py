"""Cleanup campaigns over a scope (issue 12): several --issuer names (repeated or comma-separated)
and --under a government with all its departments; a joint document counts for each of its
issuers; the scope is kept with the campaign; a name that matches no agency suggests the nearest
registered ones and starts nothing."""

from datetime import date
from typing import Any

import pytest
from tests.conftest import table_rows

from normdocs.domain.errors import NotFound, Refused
from normdocs.services.agencies import add_agency
from normdocs.services.cleanup import campaign_status, list_campaigns, start_campaign
from normdocs.services.demo import demo_steps
from normdocs.services.documents import new_document
from normdocs.services.procedure import advance

GOVERNMENT = "元宝山区人民政府"
DEPARTMENT = "元宝山区教育局"
TOWN = "平庄镇人民政府"


def _promulgated(reg: Any, title: str, issuer: str, code: str, head: str, **extra: Any) -> int:
    """A document of `issuer` promulgated on 2026-03-20 by the real services."""
    text = reg.path.parent / "scope-draft.txt"
    text.write_text(f"{title}\n第一条 为加强管理，制定本办法。\n", encoding="utf-8")
    view = new_document(reg.ctx, title=title, issuer=issuer, file=text, **extra)
    number = f"{code}〔2026〕{view['id']}号"
    level = "government" if issuer != DEPARTMENT else "department"
    for step in demo_steps(level, head, number, date(2026, 3, 2), "promulgated"):
        advance(reg.ctx, str(view["id"]), step)
    return int(view["id"])


@pytest.fixture
def town(reg: Any) -> dict[str, int]:
    """A town government with a document of its own, and a joint document led by the district
    government with the town as co-issuer."""
    add_agency(reg.ctx, name=TOWN, code="平政发", level="government", head="孙镇长")
    own = _promulgated(reg, "平庄镇农村人居环境整治办法", TOWN, "平政发", "孙镇长")
    joint = _promulgated(
        reg, "关于联合开展校园周边环境整治的通知", GOVERNMENT, "元政发", "王区长", co_issuers=TOWN
    )
    return {"own": own, "joint": joint}


def _documents(reg: Any, campaign: int) -> set[int]:
    return {item["document_id"] for item in campaign_status(reg.ctx, str(campaign)).items}


def test_several_issuers_take_each_ones_documents_and_the_scope_is_kept(reg, corpus, town):
    view = start_campaign(reg.ctx, kind="periodic", issuer=[f"{DEPARTMENT}，{TOWN}"])
    dept = {corpus.dept_in_force, corpus.dept_interim}
    assert _documents(reg, view["id"]) == dept | {town["own"], town["joint"]}
    assert (view["issuer"], view["issuers"], view["under"]) == (None, [DEPARTMENT, TOWN], [])
    assert view["name"] == f"2026年定期清理（{DEPARTMENT}、{TOWN}）"
    # The scope is the campaign's: listed again, in the order named.
    (listed,) = list_campaigns(reg.ctx)
    assert listed["issuers"] == [DEPARTMENT, TOWN]
    assert table_rows(
        reg.path, "SELECT agency_id, position, under FROM cleanup_campaign_scope ORDER BY position"
    ) == [(2, 1, 0), (3, 2, 0)]


def test_under_a_government_takes_its_departments_too(reg, corpus, town):
    view = start_campaign(reg.ctx, kind="periodic", under=GOVERNMENT)
    assert _documents(reg, view["id"]) == corpus.in_force_or_pending | {town["joint"]}
    assert town["own"] not in _documents(reg, view["id"])
    assert (view["issuer"], view["issuers"], view["under"]) == (None, [], [GOVERNMENT])
    assert view["name"] == f"2026年定期清理（{GOVERNMENT}及所属部门）"


def test_one_issuer_is_kept_as_the_campaigns_issuer_as_before(reg, corpus, town):
    view = start_campaign(reg.ctx, kind="periodic", issuer=TOWN)
    # The joint document counts for its co-issuer as for its lead issuer.
    assert _documents(reg, view["id"]) == {town["own"], town["joint"]}
    assert (view["issuer"], view["issuers"], view["under"]) == (TOWN, [TOWN], [])
    assert view["name"] == f"2026年定期清理（{TOWN}）"


def test_an_instant_cleanup_takes_the_flagged_documents_of_the_scope(reg, corpus):
    view = start_campaign(reg.ctx, kind="instant", law="中华人民共和国行政处罚法", under=DEPARTMENT)
    assert _documents(reg, view["id"]) == {corpus.dept_in_force}
    assert view["under"] == [DEPARTMENT]


@pytest.mark.parametrize(("typed", "near"), [("元宝山区教育", DEPARTMENT), ("元政发", GOVERNMENT)])
def test_a_name_that_matches_no_agency_suggests_the_nearest_and_starts_nothing(
    reg, corpus, typed, near
):
    before = reg.snapshot()
    for scope in ({"issuer": [GOVERNMENT, typed]}, {"under": typed}):
        with pytest.raises(NotFound) as refused:
            start_campaign(reg.ctx, kind="periodic", **scope)
        hint = str(refused.value.hint)
        assert str(refused.value.message) == f"no agency named {typed}"
        assert hint.startswith("did you mean: ")
        assert near in hint and "agency add" not in hint
    assert reg.snapshot() == before


def test_nothing_in_force_in_the_scope_names_the_scope(reg, corpus):
    add_agency(reg.ctx, name=TOWN, code="平政发", level="government", head="孙镇长")
    before = reg.snapshot()
    with pytest.raises(Refused) as refused:
        start_campaign(reg.ctx, kind="periodic", issuer=[TOWN], under=TOWN)
    assert str(refused.value.message) == (
        f"no document of {TOWN} and its departments is in force on 2026-11-27: there is nothing"
        " to clean up"
    )
    assert reg.snapshot() == before
