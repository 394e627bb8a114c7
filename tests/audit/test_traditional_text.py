"""Texts in traditional characters (a government site's traditional-script gateway, a mirror) are
read as simplified ones and quoted as written; simplified texts are left alone."""

import csv
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from normdocs.domain.content_checks import LawIndex, classify_sentence
from normdocs.domain.content_checks.characters import as_simplified
from normdocs.domain.content_checks.simplified_table import SIMPLIFIED, TRADITIONAL
from normdocs.services.content_scan import find_hits

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"


@pytest.fixture(scope="module")
def laws() -> LawIndex:
    with open(ROOT / "samples" / "superior-laws.csv", encoding="utf-8", newline="") as f:
        return LawIndex.of(row["title"] for row in csv.DictReader(f))


# (as published in traditional characters, the same in simplified, the kinds it sets)
PAIRS = [
    (
        "違反本規定的，由縣城管局處以五百元罰款。",
        "违反本规定的，由县城管局处以五百元罚款。",
        {"penalty"},
    ),
    (
        "在城區設置戶外廣告的，須經縣城市管理局審批同意後方可設置。",
        "在城区设置户外广告的，须经县城市管理局审批同意后方可设置。",
        {"licence"},
    ),
    (
        "依照《中華人民共和國大氣污染防治法》的規定，由縣生態環境局處以罰款。",
        "依照《中华人民共和国大气污染防治法》的规定，由县生态环境局处以罚款。",
        set(),
    ),
    (
        "對拒不整改的經營戶，由鎮政府查封其經營場所，並收取整改保證金五千元。",
        "对拒不整改的经营户，由镇政府查封其经营场所，并收取整改保证金五千元。",
        {"coercion", "fee"},
    ),
    (
        "全縣中小學校服一律由縣教育服務公司統一供應，其他企業不得參與。",
        "全县中小学校服一律由县教育服务公司统一供应，其他企业不得参与。",
        {"competition"},
    ),
]


@pytest.mark.parametrize(("traditional", "simplified", "kinds"), PAIRS)
def test_a_traditional_sentence_is_found_as_its_simplified_twin(
    laws, traditional, simplified, kinds
):
    assert as_simplified(traditional) == simplified
    assert {kind.value for kind in classify_sentence(simplified, laws)} == kinds
    assert {kind.value for kind in classify_sentence(traditional, laws)} == kinds
    hits = find_hits(traditional, laws)
    assert {hit.category.value for hit in hits} == kinds
    for hit in hits:
        # The reviewer sees the words as published, not the reading.
        assert hit.trigger in traditional
        assert hit.sentence == traditional.rstrip("。")


def test_a_finding_in_a_traditional_page_quotes_it_at_its_own_offsets(laws):
    page = (
        "關於加強城區揚塵治理的通告\n"
        "一、各建築工地應當嚴格落實揚塵防治措施。\n"
        "二、對未按要求覆蓋的渣土運輸車輛，由縣交警大隊扣押車輛，並處以二千元罰款。\n"
        "三、本通告自發布之日起施行。"
    )
    hits = find_hits(page, laws)
    assert {hit.category.value for hit in hits} == {"coercion", "penalty"}
    clause = "二、對未按要求覆蓋的渣土運輸車輛，由縣交警大隊扣押車輛，並處以二千元罰款"
    assert {hit.sentence for hit in hits} == {clause}
    assert all(hit.trigger in clause for hit in hits)


@pytest.mark.parametrize(
    "text",
    [
        "著作权人依照《中华人民共和国著作权法》享有权利。",
        "乾隆年间修建的古建筑，须经县文物局批准方可修缮。",
        "於某某同志任县市场监督管理局局长。",
        "",
        "罚款",
    ],
)
def test_a_simplified_text_is_left_as_it_is(text):
    assert as_simplified(text) is None


def test_no_simplified_labelled_sentence_or_sample_is_converted():
    # Of the 7,000 labelled sentences only the three quoted from a traditional-script page read
    # as traditional; no sample document, no stored corpus file does.
    with open(HERE / "labelled_sentences.csv", encoding="utf-8", newline="") as f:
        converted = [
            row["source"] for row in csv.DictReader(f) if as_simplified(row["sentence"]) is not None
        ]
    assert converted == [
        "http://mftxsb.cn/p/162177.html",
        "http://m.pzt180.com/newsDetail4424.shtml",
        "http://m.pzt180.com/newsDetail4424.shtml",
    ]
    files = sorted((ROOT / "samples" / "documents").glob("*.txt"))
    if CORPUS.is_dir():
        files += sorted(CORPUS.glob("**/*.txt"))
    assert len(files) >= 13
    assert [path.name for path in files if as_simplified(_read(path))] == []


def _read(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030")  # the corpus's gb18030/ files


@given(st.text(alphabet=TRADITIONAL + SIMPLIFIED + "，。；、0123456789abc 《》", max_size=300))
def test_the_reading_keeps_every_offset(text):
    converted = as_simplified(text)
    assert converted is None or len(converted) == len(text)


def test_the_table_is_one_for_one_and_maps_no_character_to_itself():
    assert len(TRADITIONAL) == len(SIMPLIFIED) == len(set(TRADITIONAL)) > 2500
    assert all(t != s for t, s in zip(TRADITIONAL, SIMPLIFIED, strict=True))


def test_the_shipped_table_is_what_opencc_gives():
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build-simplified-table"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_the_audit_finds_a_registered_text_in_traditional_characters(registry, tmp_path):
    from normdocs.services.audit import run_audit
    from normdocs.services.documents import new_document

    text = "關於禁止燃放煙花爆竹的通告\n一、對違反本通告規定燃放煙花爆竹的，處以五百元罰款。\n"
    path = tmp_path / "traditional.txt"
    path.write_text(text, encoding="utf-8")
    new_document(
        registry.ctx,
        title="关于禁止燃放烟花爆竹的通告",
        issuer=registry.issuers["government"].name,
        file=path,
    )
    [finding] = [f for f in run_audit(registry.ctx).findings if f["rule"].startswith("content-")]
    assert finding["rule"] == "content-penalty"
    assert finding["evidence"]["sentence"] == "一、對違反本通告規定燃放煙花爆竹的，處以五百元罰款"
    assert finding["evidence"]["trigger"] == "處以五百元"
