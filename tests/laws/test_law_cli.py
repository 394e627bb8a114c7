"""The law commands through the real console script, as a clerk or cron runs them."""

import json
from pathlib import Path

import pytest

from console import console
from registry_snapshot import snapshot as dump

pytestmark = pytest.mark.slow

LAWS_CSV = Path(__file__).resolve().parents[2] / "samples" / "superior-laws.csv"


@pytest.fixture
def db(tmp_path, copy_laws_registry) -> Path:
    path = tmp_path / "registry.db"
    copy_laws_registry(path)
    return path


@pytest.fixture
def normdocs(tmp_path, db):
    return console(tmp_path, db)


def test_import_again_reports_everything_unchanged(normdocs):
    result = normdocs("law", "import", str(LAWS_CSV))
    assert "1068 versions read — 0 new, 0 updated, 1068 unchanged" in result.err
    assert result.out == ""
    summary = json.loads(normdocs("law", "import", str(LAWS_CSV), "--format", "json").out)
    assert (summary["rows"], summary["new"], summary["unchanged"]) == (1068, 0, 1068)


def test_list_filters_and_formats(normdocs):
    repealed = json.loads(normdocs("law", "list", "--status", "repealed", "-f", "json").out)
    assert len(repealed) == 33 and {r["status"] for r in repealed} == {"repealed"}
    rules = normdocs("law", "list", "--level", "部门规章", "-f", "csv").out.splitlines()
    assert rules[0].startswith("id,title,short_title,level") and len(rules) == 1 + 29
    assert normdocs("law", "list", "--title", "没有这部法", "-f", "json").out.strip() == "[]"


def test_show_lists_versions_and_documents_resting_on_the_law(normdocs, docs):
    shown = json.loads(normdocs("law", "show", "《中华人民共和国传染病防治法》", "-f", "json").out)
    assert shown["law"]["title"] == "中华人民共和国传染病防治法"
    assert {d["id"] for d in shown["documents"]} == {
        docs.in_force,
        docs.in_force_article,
        docs.pending,
        docs.expired,
        docs.revoked,
        docs.draft,
    }
    table = normdocs("law", "show", "传染病防治法").out
    assert "Versions" in table and "Documents resting on it" in table and "第三十九条" in table


def test_amend_prints_and_lists_the_flagged_documents(normdocs, docs):
    result = normdocs("law", "amend", "传染病防治法", "--date", "2025-04-30", "--note", "修订")
    assert "Amendment of 中华人民共和国传染病防治法 recorded on 2025-04-30" in result.err
    assert "3 documents resting on it were flagged for instant cleanup" in result.err
    listed = {int(line.split("│")[1]) for line in result.out.splitlines() if line.startswith("│")}
    assert listed == docs.resting_on_infection_law
    again = json.loads(
        normdocs("law", "repeal", "传染病防治法", "--date", "2026-06-01", "-f", "json").out
    )
    assert {d["id"] for d in again["flagged"]} == docs.resting_on_infection_law


def test_citations_of_a_document_resolved_and_not(normdocs, docs):
    cited = json.loads(normdocs("law", "citations", str(docs.other), "-f", "json").out)
    assert [(c["citation"], c["resolved"]) for c in cited] == [
        ("《中华人民共和国大气污染防治法》", True),
        ("《某某省大气环境保护条例》", False),
    ]
    unresolved = normdocs("law", "unresolved", "-f", "csv").out
    assert "《某某省大气环境保护条例》" in unresolved


def test_link_then_the_same_link_again_is_refused_and_changes_nothing(normdocs, db, docs):
    done = normdocs("law", "link", str(docs.other), "行政许可法", "--article", "第十七条")
    assert "now rests on 中华人民共和国行政许可法 (version of 2019-04-23) 第十七条" in done.err
    before = dump(db)
    refused = normdocs(
        "law", "link", str(docs.other), "行政许可法", "--article", "第十七条", expect=1
    )
    assert refused.err.startswith("Error: document") and "already rests on" in refused.err
    assert len(refused.err.strip().splitlines()) == 1
    assert dump(db) == before


@pytest.mark.parametrize(
    ("args", "code", "first"),
    [
        (
            ("law", "amend", "突发公共卫生应急条例", "--date", "2026-01-01"),
            1,
            "Error: no law 突发公共卫生应急条例 in the registry — did you mean: 突发公共卫生事件应急条例",
        ),
        (("law", "repeal", "信访条例", "--date", "2026-01-01"), 1, "Refused [law-repealed]"),
        (("law", "amend", "立法法", "--date", "2026-13-01"), 1, "Error: the date"),
        (("law", "amend", "立法法"), 2, ""),
        (("law", "add", "某规定", "--level", "条例"), 1, "Error: unknown level 条例"),
        (("law", "import", "missing.csv"), 1, "Error: cannot read"),
    ],
)
def test_refusals_exit_with_one_line_and_change_nothing(normdocs, db, args, code, first):
    before = dump(db)
    result = normdocs(*args, expect=code)
    assert result.err.startswith(first), result
    assert dump(db) == before


def test_every_law_command_has_help(normdocs):
    listed = normdocs("law", "--help").out
    for name in (
        "import",
        "add",
        "amend",
        "repeal",
        "list",
        "show",
        "link",
        "citations",
        "unresolved",
    ):
        assert name in listed
