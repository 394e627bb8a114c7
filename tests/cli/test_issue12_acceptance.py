"""Issue 12 acceptance, through the real console script on the demo registry: every choice takes
its Chinese words (with or without 予以/应当) in both interface languages, and lists and search
take several --issuer names, --under, and count a joint document for each of its issuers."""

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from console import Run, console

pytestmark = pytest.mark.slow

GOVERNMENT = "元宝山区人民政府"
BUREAU = "元宝山区教育局"
OFFICE = "元宝山区人民政府办公室"
COUNTY = "辰溪县人民政府办公室"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str], str]:
    """The demo registry with a periodic cleanup campaign opened (campaign 1): its path, the
    first document in each stage, and the first document of the campaign."""
    home = tmp_path_factory.mktemp("demo")
    run = console(home, home / "demo.db")
    run("demo")
    run("cleanup", "start", "--kind", "定期清理", env={"NORMDOCS_LANG": "zh"})
    first: dict[str, str] = {}
    for d in json.loads(run("doc", "list", "-f", "json").out):
        first.setdefault(d["stage"], str(d["id"]))
    status = json.loads(run("cleanup", "status", "1", "-f", "json").out)
    return home / "demo.db", first, str(status["items"][0]["document_id"])


@pytest.fixture
def registry(demo: tuple[Path, dict[str, str], str], tmp_path: Path) -> Callable[..., Run]:
    """A copy of the demo registry of the test's own."""
    home = tmp_path / "home"
    home.mkdir()
    shutil.copy(demo[0], tmp_path / "registry.db")
    return console(home, tmp_path / "registry.db")


def _doc(run: Callable[..., Run], ref: str) -> dict[str, Any]:
    return dict(json.loads(run("doc", "show", ref, "-f", "json").out))


CHOICES = [
    # (stage of the document, command before the ref, options, field of doc show, its code)
    ("under_review", ("review", "decide"), ("--outcome", "合法", "--opinion", "同意"),
     "review_outcome", "lawful"),
    ("under_review", ("review", "decide"), ("--outcome", "不合法", "--opinion", "违法"),
     "review_outcome", "unlawful"),
    ("under_review", ("review", "decide"), ("--outcome", "修改", "--opinion", "删去第五条"),
     "review_outcome", "revise"),
    ("under_review", ("review", "decide"), ("--outcome", "应当予以修改", "--opinion", "删去"),
     "review_outcome", "revise"),
    ("filed", ("filing", "decide"), ("--outcome", "予以备案",), "filing_outcome", "accepted"),
    ("filed", ("filing", "decide"), ("--outcome", "暂缓备案",), "filing_outcome", "deferred"),
    ("filed", ("filing", "decide"), ("--outcome", "建议自行纠正",), "filing_outcome",
     "correction"),
    ("filed", ("filing", "decide"), ("--outcome", "撤销",), "filing_outcome", "revoked"),
    ("promulgated", ("file",), ("--materials", "齐全", "--date", "2026-11-27"), "materials",
     "complete"),
    ("promulgated", ("file",), ("--materials", "不齐全", "--date", "2026-11-27"), "materials",
     "incomplete"),
    ("reviewed", ("meeting", "record"), ("--type", "常务会议", "--session", "第9次常务会议",
     "--outcome", "通过"), "meeting_type", "executive"),
    ("reviewed", ("meeting", "record"), ("--type", "全体会议", "--session", "第2次全体会议",
     "--outcome", "通过"), "meeting_type", "plenary"),
]  # fmt: skip


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(("stage", "command", "options", "field", "code"), CHOICES)
def test_every_procedure_choice_takes_its_chinese_word_in_both_languages(
    demo: tuple[Path, dict[str, str], str],
    registry: Callable[..., Run],
    lang: str,
    stage: str,
    command: tuple[str, ...],
    options: tuple[str, ...],
    field: str,
    code: str,
) -> None:
    ref = demo[1][stage]
    done = registry(*command, ref, *options, env={"NORMDOCS_LANG": lang})
    assert "Traceback" not in done.err
    assert _doc(registry, ref)[field] == code


CLEANUP = [
    ("继续有效", "retain"),
    ("修改", "amend"),
    ("予以修改", "amend"),
    ("废止", "repeal"),
    ("予以废止", "repeal"),
    ("宣布失效", "invalidate"),
    ("予以宣布失效", "invalidate"),
    ("应当予以宣布失效", "invalidate"),
]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(("word", "code"), CLEANUP)
def test_a_cleanup_decision_takes_its_chinese_word_with_or_without_yuyi(
    demo: tuple[Path, dict[str, str], str],
    registry: Callable[..., Run],
    lang: str,
    word: str,
    code: str,
) -> None:
    ref = demo[2]
    registry(
        "cleanup", "decide", "1", ref, "--outcome", word, "--reason", "经评估",
        env={"NORMDOCS_LANG": lang},
    )  # fmt: skip
    after = json.loads(registry("cleanup", "status", "1", "-f", "json").out)
    decided = {str(i["document_id"]): i["outcome"] for i in after["items"]}
    assert decided[ref] == code


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_doc_list_takes_a_validity_in_chinese(registry: Callable[..., Run], lang: str) -> None:
    everything = json.loads(registry("doc", "list", "-f", "json").out)
    for word, code in (("现行有效", "in_force"), ("已失效", "expired")):
        listed = json.loads(
            registry(
                "doc", "list", "--validity", word, "-f", "json", env={"NORMDOCS_LANG": lang}
            ).out
        )
        assert listed and {d["id"] for d in listed} == {
            d["id"] for d in everything if d["validity"] == code
        }


def _ids(run: Run) -> set[int]:
    return {int(d["id"]) for d in json.loads(run.out)}


def test_lists_and_search_take_several_issuers_and_under_and_count_joint_documents(
    registry: Callable[..., Run], tmp_path: Path
) -> None:
    zh = {"NORMDOCS_LANG": "zh"}
    text = tmp_path / "joint.txt"
    title = f"{BUREAU}、{OFFICE}关于校园周边交通安全的通知"
    text.write_text(f"{title}\n第一条 为了保障校园周边交通安全，制定本通知。\n", "utf-8")
    made = registry(
        "doc", "new", title, "--issuer", BUREAU, "--co-issuer", OFFICE, "--file", str(text),
        "-f", "json", env=zh,
    )  # fmt: skip
    joint = int(json.loads(made.out)["id"])
    everything = json.loads(registry("doc", "list", "-f", "json").out)

    def of(*names: str) -> set[int]:
        return {
            int(d["id"])
            for d in everything
            if d["issuer"] in names or set(d.get("co_issuers") or []) & set(names)
        }

    several = _ids(registry("doc", "list", "--issuer", f"{BUREAU},{COUNTY}", "-f", "json", env=zh))
    assert several == of(BUREAU, COUNTY) and joint in several
    repeated = registry("doc", "list", "--issuer", COUNTY, "--issuer", OFFICE, "-f", "json", env=zh)
    assert _ids(repeated) == of(COUNTY, OFFICE) and joint in _ids(repeated)
    under = _ids(registry("doc", "list", "--under", GOVERNMENT, "-f", "json", env=zh))
    assert under == of(GOVERNMENT, BUREAU) and joint in under
    # The joint document is counted for its co-issuer alone too.
    assert joint in _ids(registry("doc", "list", "--issuer", OFFICE, "-f", "json", env=zh))
    found = registry("search", "校园周边", "--issuer", OFFICE, "-f", "json", env=zh)
    assert _ids(found) == {joint}
    assert _ids(registry("search", "通知", "--under", GOVERNMENT, "-f", "json", env=zh)) <= of(
        GOVERNMENT, BUREAU
    )
    assert joint in _ids(registry("search", "校园周边", "--under", GOVERNMENT, "-f", "json"))
    assert not _ids(registry("search", "校园周边", "--issuer", COUNTY, "-f", "json"))
    # Shown in Chinese wherever the document is shown.
    shown = registry("doc", "show", str(joint), env=zh).out
    assert f"联合发文机关        {OFFICE}" in shown
    assert f"联合发文机关：{OFFICE}" in registry("doc", "history", str(joint), env=zh).out
    assert "联合发文机关" in registry("doc", "list", "--issuer", OFFICE, env=zh).out


def test_a_scope_name_that_matches_no_agency_suggests_the_nearest_in_chinese(
    registry: Callable[..., Run],
) -> None:
    for args in (
        ("doc", "list", "--issuer", "元宝山区教育"),
        ("doc", "list", "--under", "元宝山区"),
        ("search", "通知", "--issuer", "元宝山区教育"),
    ):
        refused = registry(*args, expect=1, env={"NORMDOCS_LANG": "zh"})
        assert refused.out == ""
        assert "没有名为“" in refused.err and "您是否要找：" in refused.err
        assert BUREAU in refused.err and "agency add" not in refused.err


def test_the_audit_makes_one_finding_per_group_of_similar_titles(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    run = console(home, tmp_path / "registry.db")
    run("init")
    run("agency", "add", GOVERNMENT, "--code", "元政发", "--level", "人民政府")
    similar = [
        f"{GOVERNMENT}关于加强城市道路管理的通知",
        f"{GOVERNMENT}关于进一步加强城市道路管理的通知",
        f"{GOVERNMENT}关于加强城市道路管理工作的通知",
    ]
    rows = [f"{t},元政发〔2024〕{n}号,{GOVERNMENT},2024-03-0{n}" for n, t in enumerate(similar, 1)]
    # A yearly series is no finding.
    rows += [
        f"元宝山区{y}年度法治政府建设工作计划,元政发〔{y}〕{y - 1960}号,{GOVERNMENT},{y}-02-01"
        for y in range(2019, 2026)
    ]
    register = tmp_path / "登记表.csv"
    register.write_text("文件名称,文号,发文机关,发布日期\n" + "\n".join(rows) + "\n", "utf-8")
    run("import", str(register))
    findings = json.loads(run("audit", "--fail-on", "never", "-f", "json").out)
    groups = [f for f in findings if f["rule"] == "near-identical-titles"]
    assert len(groups) == 1
    assert [m["title"] for m in groups[0]["evidence"]["members"]] == similar
    assert groups[0]["evidence"]["count"] == 3
    chinese = json.loads(
        run("audit", "--fail-on", "never", "-f", "json", env={"NORMDOCS_LANG": "zh"}).out
    )
    (summary,) = [f["summary"] for f in chinese if f["rule"] == "near-identical-titles"]
    assert summary.startswith("同一制定机关有 3 件标题几乎相同的文件同时有效")
    assert all(f"“{t}”" in summary for t in similar)
