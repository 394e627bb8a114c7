"""Scopes through the real console script (issue 12): `audit` and `cleanup start` take several
--issuer names and --under; a name that matches no agency suggests the nearest registered names
(doc new, agency update, the scopes) and changes nothing; --format takes 表格 like the other
Chinese choices."""

import json
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import DEPARTMENT, GOVERNMENT, Issuer
from tests.console import console
from tests.registry_snapshot import snapshot

from normdocs.services.agencies import add_agency

pytestmark = pytest.mark.slow

TOWN = "平庄镇人民政府"


@pytest.fixture
def scoped(registry: Any, tmp_path: Path) -> tuple[Any, dict[str, int], Any]:
    """A promulgated document of the government, its department and an unrelated town."""
    add_agency(registry.ctx, name=TOWN, code="平政发", level="government", head="孙镇长")
    town = Issuer("government", TOWN, "平政发", "孙镇长", "executive", "第3次常务会议")
    made = {
        name: registry.bring_to(issuer, "promulgated").id
        for name, issuer in (
            (GOVERNMENT.name, GOVERNMENT),
            (DEPARTMENT.name, DEPARTMENT),
            (TOWN, town),
        )
    }
    home = tmp_path / "home"
    home.mkdir()
    return registry, made, console(home, registry.path)


def test_cleanup_start_takes_several_issuers(scoped) -> None:
    _registry, made, run = scoped
    both = run(
        "cleanup", "start", "--kind", "定期清理", "--issuer", DEPARTMENT.name, "--issuer", TOWN,
        "--format", "json",
    )  # fmt: skip
    campaign = json.loads(both.out)
    assert (campaign["issuers"], campaign["under"]) == ([DEPARTMENT.name, TOWN], [])
    assert campaign["documents"] == 2
    status = json.loads(run("cleanup", "status", str(campaign["id"]), "--format", "json").out)
    items = status["items"]
    assert {i["document_id"] for i in items} == {made[DEPARTMENT.name], made[TOWN]}


def test_cleanup_start_under_a_government(scoped) -> None:
    _registry, made, run = scoped
    started = run(
        "cleanup", "start", "--kind", "periodic", "--under", GOVERNMENT.name, "--format", "json"
    )
    campaign = json.loads(started.out)
    assert campaign["under"] == [GOVERNMENT.name] and campaign["documents"] == 2
    status = json.loads(run("cleanup", "status", str(campaign["id"]), "--format", "json").out)
    items = status["items"]
    assert {i["document_id"] for i in items} == {made[GOVERNMENT.name], made[DEPARTMENT.name]}
    assert campaign["name"] == f"2026年定期清理（{GOVERNMENT.name}及所属部门）"


def test_the_audit_shows_the_scopes_findings_only(scoped) -> None:
    _registry, made, run = scoped
    everything = json.loads(run("audit", "--format", "json", "--fail-on", "never").out)
    assert {f["document_id"] for f in everything} >= set(made.values())
    comma = run(
        "audit", "--issuer", f"{DEPARTMENT.name}，{TOWN}", "--format", "json", "--fail-on", "never"
    )
    assert {f["document_id"] for f in json.loads(comma.out)} == {
        made[DEPARTMENT.name],
        made[TOWN],
    }
    under = run("audit", "--under", GOVERNMENT.name, "--format", "json", "--fail-on", "never")
    assert {f["document_id"] for f in json.loads(under.out)} == {
        made[GOVERNMENT.name],
        made[DEPARTMENT.name],
    }


@pytest.mark.parametrize(
    "args",
    [
        ("audit", "--issuer", "元宝山区教育"),
        ("audit", "--under", "元宝山区教育"),
        ("cleanup", "start", "--kind", "periodic", "--issuer", "元宝山区教育"),
        ("cleanup", "start", "--kind", "periodic", "--under", "元宝山区教育"),
        ("doc", "new", "关于加强校园安全管理的通知", "--issuer", "元宝山区教育"),
        ("agency", "update", "元宝山区教育", "--head", "张局长"),
    ],
)
def test_a_name_that_matches_no_agency_suggests_the_nearest(scoped, args) -> None:
    registry, _made, run = scoped
    before = snapshot(registry.path)
    refused = run(*args, expect=1)
    assert refused.out == ""
    assert "no agency named 元宝山区教育" in refused.err
    assert f"did you mean: {DEPARTMENT.name}" in refused.err
    assert "agency add" not in refused.err
    assert snapshot(registry.path) == before


def test_a_name_near_nothing_still_says_how_to_register_it(scoped) -> None:
    registry, _made, run = scoped
    before = snapshot(registry.path)
    refused = run("doc", "new", "关于某事项的通知", "--issuer", "某某研究院", expect=1)
    assert "no agency named 某某研究院" in refused.err
    assert "normdocs agency add" in refused.err and "did you mean" not in refused.err
    assert snapshot(registry.path) == before


def test_format_takes_its_chinese_word(scoped) -> None:
    _registry, _made, run = scoped
    table = run("doc", "list", "--format", "表格")
    english = run("doc", "list", "--format", "table")
    assert table.out == english.out and "元宝山区教育局" in table.out
    assert json.loads(run("agency", "list", "--format", "JSON").out)
    assert run("doc", "list", "-f", "CSV").out == run("doc", "list", "-f", "csv").out
    wrong = run("doc", "list", "--format", "图表", expect=2)
    assert wrong.out == ""
    assert "--format" in wrong.err and "表格" in wrong.err and "table" in wrong.err
