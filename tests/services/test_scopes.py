"""Scopes: --issuer with several names (repeated or comma-separated) and --under a government
with all its departments, in doc list, search and the reports; an unknown name suggests the
nearest registered ones."""

import json
from pathlib import Path

import pytest
from tests.conftest import DEPARTMENT, GOVERNMENT, Issuer, Registry
from tests.console import Run, console
from tests.registry_snapshot import snapshot

from normdocs.services.agencies import add_agency
from normdocs.services.scopes import scope_names, split_names

SECTION = Issuer("department", "元宝山区教育局基础教育科", "元教基", "赵科长", "leadership", "")
TOWN = Issuer("government", "平庄镇人民政府", "平政发", "孙镇长", "executive", "")


@pytest.fixture
def scoped(registry: Registry, tmp_path: Path) -> tuple[Registry, dict[str, int], object]:
    """A draft of each: the government, its department, the department's section (a
    grandchild) and an unrelated town government."""
    add_agency(
        registry.ctx,
        name=SECTION.name,
        code=SECTION.code,
        level="department",
        parent=DEPARTMENT.name,
        head=SECTION.head,
    )
    add_agency(registry.ctx, name=TOWN.name, code=TOWN.code, level="government", head=TOWN.head)
    made = {
        issuer.name: registry.draft(issuer).id for issuer in (GOVERNMENT, DEPARTMENT, SECTION, TOWN)
    }
    home = tmp_path / "home"
    home.mkdir()
    return registry, made, console(home, registry.path)


def listed(run: Run) -> set[int]:
    return {int(row["id"]) for row in json.loads(run.out)}


def found(run: Run) -> set[int]:
    return {int(hit["id"]) for hit in json.loads(run.out)}


def test_several_issuers_repeated_or_comma_separated(scoped) -> None:
    _registry, made, run = scoped
    wanted = {made[GOVERNMENT.name], made[TOWN.name]}
    both = f"{GOVERNMENT.name},{TOWN.name}"
    assert listed(run("doc", "list", "--issuer", both, "--format", "json")) == wanted
    repeated = run(
        "doc", "list", "--issuer", GOVERNMENT.name, "--issuer", TOWN.name, "--format", "json"
    )
    assert listed(repeated) == wanted
    hits = run(
        "search", "校园安全", "--issuer", f"{GOVERNMENT.name}，{TOWN.name}", "--format", "json"
    )
    assert found(hits) == wanted


def test_under_a_government_means_it_and_all_its_departments(scoped) -> None:
    _registry, made, run = scoped
    family = {made[GOVERNMENT.name], made[DEPARTMENT.name], made[SECTION.name]}
    assert listed(run("doc", "list", "--under", GOVERNMENT.name, "--format", "json")) == family
    below = run("search", "校园安全", "--under", DEPARTMENT.name, "--format", "json")
    assert found(below) == {made[DEPARTMENT.name], made[SECTION.name]}
    # --under and --issuer together: the union.
    both = run("doc", "list", "--under", DEPARTMENT.name, "--issuer", TOWN.name, "--format", "json")
    assert listed(both) == {made[DEPARTMENT.name], made[SECTION.name], made[TOWN.name]}


@pytest.mark.parametrize(
    ("typed", "suggested"),
    [("元宝山区教育", DEPARTMENT.name), ("元教发", DEPARTMENT.name), ("平庄镇政府", TOWN.name)],
)
def test_an_unknown_name_suggests_the_nearest_registered_names(scoped, typed, suggested) -> None:
    registry, _made, run = scoped
    before = snapshot(registry.path)
    for args in (("doc", "list", "--issuer", typed), ("search", "校园", "--under", typed)):
        refused = run(*args, expect=None)
        assert refused.code != 0 and refused.out == ""
        assert f"no agency named {typed}" in refused.err
        assert "did you mean:" in refused.err and suggested in refused.err
        assert "agency add" not in refused.err
    assert snapshot(registry.path) == before


def test_the_reports_take_the_same_scope(scoped) -> None:
    registry, _made, _run = scoped
    assert scope_names(registry.ctx, None, GOVERNMENT.name) == [
        GOVERNMENT.name,
        DEPARTMENT.name,
        SECTION.name,
    ]
    assert scope_names(registry.ctx, [TOWN.name], DEPARTMENT.name) == [
        TOWN.name,
        DEPARTMENT.name,
        SECTION.name,
    ]
    assert scope_names(registry.ctx) == []


def test_names_split_on_both_commas_without_repeats() -> None:
    assert split_names(["甲, 乙", "丙，甲", " "]) == ["甲", "乙", "丙"]
    assert split_names(None) == []
