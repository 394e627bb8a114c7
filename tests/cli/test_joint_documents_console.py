"""Joint documents (联合发文) through the console script: a register row naming several bodies,
their co-issuers registered (or kept by name), and a joint document counted for each issuer
by doc list, report stats, report catalog and search."""

import json
from pathlib import Path

import pytest

from console import console

pytestmark = pytest.mark.slow

LEAD, TRADE, MARKET = "资阳市农业农村局", "资阳市商务局", "资阳市市场监督管理局"
REGISTER = (
    "文件名称,文号,发文机关,发布日期\n"
    f"关于暂停全市活禽活畜交易的通告,资农发〔2020〕3号,{LEAD}、{TRADE},2020-01-25\n"
    f"{LEAD}、{MARKET}关于规范农贸市场的通知,资农发〔2020〕4号,,2020-02-01\n"
)


def _register(tmp_path: Path) -> Path:
    path = tmp_path / "register.csv"
    path.write_text(REGISTER, encoding="utf-8")
    return path


def test_a_register_row_naming_several_bodies_imports_as_a_joint_document(tmp_path):
    normdocs = console(tmp_path, tmp_path / "registry.db")
    normdocs("init")
    register = _register(tmp_path)
    dry = normdocs("import", str(register), "--create-issuers", "--dry-run")
    assert (
        f"Would register new issuers (level guessed from the name): {LEAD} (department), "
        f"{TRADE} (department), {MARKET} (department)."
    ) in dry.err
    normdocs("import", str(register), "--create-issuers")
    listed = json.loads(normdocs("doc", "list", "--format", "json").out)
    assert sorted((d["doc_number"], d["issuer"], d["co_issuers"]) for d in listed) == [
        ("资农发〔2020〕3号", LEAD, [TRADE]),
        ("资农发〔2020〕4号", LEAD, [MARKET]),
    ]
    agencies = {a["name"] for a in json.loads(normdocs("agency", "list", "-f", "json").out)}
    assert {LEAD, TRADE, MARKET} <= agencies
    mine = json.loads(normdocs("doc", "list", "--issuer", TRADE, "-f", "json").out)
    assert [d["doc_number"] for d in mine] == ["资农发〔2020〕3号"]


def test_an_unknown_co_issuer_is_kept_by_name_and_named_in_a_note(tmp_path):
    normdocs = console(tmp_path, tmp_path / "registry.db")
    normdocs("init")
    normdocs("agency", "add", "资阳市人民政府", "--level", "government")
    normdocs("agency", "add", LEAD, "--level", "department", "--parent", "资阳市人民政府")
    result = normdocs("import", str(_register(tmp_path)), "--format", "json")
    items = json.loads(result.out)
    assert [item["outcome"] for item in items] == ["new", "new"]
    for item, name in zip(items, (TRADE, MARKET), strict=True):
        assert (
            f"co-issuer {name} is not registered: kept by name, not counted in its scope "
            f"(register it first: normdocs agency add {name} --level department; or import "
            "with --create-issuers)"
        ) in item["notes"]
    listed = json.loads(normdocs("doc", "list", "--format", "json").out)
    assert sorted((d["doc_number"], d["co_issuers"]) for d in listed) == [
        ("资农发〔2020〕3号", [TRADE]),
        ("资农发〔2020〕4号", [MARKET]),
    ]
    agencies = {a["name"] for a in json.loads(normdocs("agency", "list", "-f", "json").out)}
    assert TRADE not in agencies and MARKET not in agencies
    normdocs("verify")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):
    home = tmp_path_factory.mktemp("joint-demo")
    run = console(home, home / "demo.db")
    run("demo")
    return run, home


def test_the_demo_joint_document_is_in_its_co_issuers_list(demo):
    run, _home = demo
    listed = json.loads(run("doc", "list", "--issuer", TRADE, "-f", "json").out)
    assert [(d["id"], d["issuer"], d["co_issuers"]) for d in listed] == [(8, LEAD, [TRADE, MARKET])]


def test_stats_count_a_joint_document_for_each_issuer_and_once_in_the_total(demo):
    run, _home = demo
    scoped = json.loads(
        run("report", "stats", "--issuer", TRADE, "--year", "2020", "-f", "json").out
    )
    assert [(t["issuer"], t["counts"]["promulgated"]) for t in scoped["issuers"]] == [(TRADE, 1)]
    assert scoped["total"]["counts"]["promulgated"] == 1
    everyone = json.loads(run("report", "stats", "--year", "2020", "-f", "json").out)
    counts = {t["issuer"]: t["counts"]["promulgated"] for t in everyone["issuers"]}
    assert counts[LEAD] == counts[TRADE] == counts[MARKET] == 1
    assert everyone["total"]["counts"]["promulgated"] == len(
        json.loads(run("doc", "list", "--year", "2020", "-f", "json").out)
    )


def test_the_catalog_of_a_co_issuer_lists_the_joint_document(demo):
    run, home = demo
    out = home / "catalog.json"
    run(
        "report",
        "catalog",
        "--issuer",
        TRADE,
        "--as-of",
        "2021-01-01",
        "-f",
        "json",
        "-o",
        str(out),
    )
    catalog = json.loads(out.read_text(encoding="utf-8"))
    assert [(d["id"], d["issuer"], d["co_issuers"]) for d in catalog["documents"]] == [
        (8, LEAD, [TRADE, MARKET])
    ]


def test_search_shows_the_co_issuers(demo):
    run, _home = demo
    hits = json.loads(run("search", "活禽", "-f", "json").out)
    assert {h["id"]: h["co_issuers"] for h in hits}[8] == [TRADE, MARKET]
    assert all(h["co_issuers"] == [] for h in hits if h["id"] != 8)
    table = run("search", "活禽").out
    assert "co-issuers" in table and f"{TRADE}、{MARKET}" in table
