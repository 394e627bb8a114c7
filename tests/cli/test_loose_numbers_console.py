"""Issue 12, through the real console script on the demo registry: a 文号 or registration number
typed loosely (any bracket, 第, leading zeros) finds its document and every text citing it in
any style; `report ledger` takes --under like the other reports."""

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.console import Run, console
from tests.registry_snapshot import snapshot

pytestmark = pytest.mark.slow

CITED = "元政发〔2026〕5号"  # registered in the demo as ND〔2026〕001


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("demo")
    console(home, home / "demo.db")("demo")
    return home / "demo.db"


@pytest.fixture
def registry(demo: Path, tmp_path: Path) -> Callable[..., Run]:
    """A copy of the demo registry of the test's own."""
    shutil.copy(demo, tmp_path / "registry.db")
    return console(tmp_path, tmp_path / "registry.db")


def found(run: Callable[..., Run], term: str) -> list[dict[str, object]]:
    hits = json.loads(run("search", term, "--format", "json").out)
    return hits["hits"] if isinstance(hits, dict) else hits


def registered(run: Callable[..., Run]) -> dict[str, int]:
    """{registration number or 文号: document id}."""
    rows = json.loads(run("doc", "list", "--format", "json").out)
    ids = {str(r["registration_no"]): int(r["id"]) for r in rows if r["registration_no"]}
    return ids | {str(r["doc_number"]): int(r["id"]) for r in rows if r["doc_number"]}


@pytest.mark.parametrize(
    "typed", ["ND〔2026〕004", "ND[2026]4", "nd（2026）第4号", "ND【2026】004号", " ND(2026)04 "]
)
def test_a_registration_number_in_any_style_finds_its_document(
    registry: Callable[..., Run], typed: str
) -> None:
    want = registered(registry)["ND〔2026〕004"]
    hits = found(registry, typed)
    assert [h["id"] for h in hits] == [want]
    assert (hits[0]["snippet_source"], hits[0]["snippet"]) == ("doc_number", "ND〔2026〕004")
    table = registry("search", typed)
    assert "1 document contains" in table.err and "ND〔2026〕004" in table.out
    assert found(registry, "ND[2026]99") == []  # registered nowhere


def test_a_number_typed_loosely_finds_every_text_citing_it_in_any_style(
    registry: Callable[..., Run], tmp_path: Path
) -> None:
    texts = {
        "方括号": "根据元政发[2026]第5号的要求，加强停车管理。",
        "补零": "按照元政发（2026）005号执行。",
        "半角": "依据元政发(2026)5号和有关规定。",
        "他号": "按照元政发[2026]第15号和元政发〔2026〕50号执行。",  # other numbers
    }
    for name, text in texts.items():
        file = tmp_path / f"{name}.txt"
        file.write_text(text, encoding="utf-8")
        title = f"关于停车管理的通知（{name}）"
        registry("doc", "new", title, "--issuer", "元宝山区教育局", "--file", str(file))
    rows = json.loads(registry("doc", "list", "--format", "json").out)
    made = {str(r["title"]): int(r["id"]) for r in rows}
    citing = {made[f"关于停车管理的通知（{name}）"] for name in ("方括号", "补零", "半角")}
    expected = citing | {registered(registry)[CITED]}
    typed_forms = (
        CITED,
        "元政发[2026]第5号",
        "元政发2026第5号",
        "元政发〔2026〕005号",
        "元政发(2026)05号",
    )
    for typed in typed_forms:
        hits = found(registry, typed)
        assert {h["id"] for h in hits} == expected, typed
        for hit in hits:
            if hit["id"] in citing:  # the snippet shows the number as the text prints it
                shown = str(hit["snippet"])[int(hit["match_start"]) : int(hit["match_end"])]
                assert (hit["snippet_source"], hit["in_text"]) == ("text", True)
                assert shown in texts["方括号"] + texts["补零"] + texts["半角"] and "5号" in shown
        count = registry("search", typed, "--count")
        assert count.out.strip() == "4", typed
    # A piece of text that is no 文号 is still matched exactly, as printed.
    assert [h["id"] for h in found(registry, "〔2026〕5号")] == []


def test_report_ledger_takes_under(registry: Callable[..., Run], tmp_path: Path) -> None:
    def issuers(*scope: str) -> tuple[str | None, set[str]]:
        out = tmp_path / "台账.json"
        registry("report", "ledger", "--year", "2026", *scope, "-o", str(out), "--force")
        data = json.loads(out.read_text(encoding="utf-8"))
        return data["scope"], {r["issuer"] for r in data["reviews"]}

    everything = issuers()
    assert everything == (None, {"元宝山区人民政府", "元宝山区教育局"})
    assert issuers("--under", "元宝山区人民政府") == (
        "元宝山区人民政府、元宝山区教育局",
        {"元宝山区人民政府", "元宝山区教育局"},
    )
    assert issuers("--under", "元宝山区教育局") == ("元宝山区教育局", {"元宝山区教育局"})

    before = snapshot(tmp_path / "registry.db")
    wrong = registry(
        "report", "ledger", "--under", "元宝山区教", "-o", str(tmp_path / "x.json"), expect=1
    )
    assert wrong.err.strip().splitlines()[0] == (
        "Error: no agency named 元宝山区教 — did you mean: "
        "元宝山区教育局, 元宝山区人民政府, 元宝山区人民政府办公室"
    )
    assert not (tmp_path / "x.json").exists()
    assert snapshot(tmp_path / "registry.db") == before
