"""Content checks against a labelled set of sentences: precision and recall of "sets a licence,
penalty, coercive measure, fee, obligation or restriction of competition" versus "refers to the
law that sets it" — and the fast whole-text path agreeing with the sentence-by-sentence one."""

import csv
from collections import Counter
from pathlib import Path

import pytest

from normdocs.domain.content_checks import (
    MAX_QUOTE,
    Category,
    classify_sentence,
    find_hits,
    quote,
    split_sentences,
)

HERE = Path(__file__).resolve().parent
SAMPLES = HERE.parents[1] / "samples" / "documents"
LABELLED = HERE / "labelled_sentences.csv"


def labelled() -> list[dict[str, str]]:
    with open(LABELLED, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def expected_of(row: dict[str, str]) -> set[str]:
    return set() if row["expected"] == "none" else set(row["expected"].split("|"))


def test_the_labelled_set_is_large_varied_and_true_to_its_sources():
    rows = labelled()
    assert len(rows) >= 120
    positives = Counter(c for row in rows for c in expected_of(row))
    assert set(positives) == {c.value for c in Category}
    assert min(positives.values()) >= 8, positives
    assert sum(1 for row in rows if row["expected"] == "none") >= 60
    from_samples = [row for row in rows if row["source"] != "own"]
    assert len(from_samples) >= 40
    for row in from_samples:
        text = (SAMPLES / row["source"]).read_text(encoding="utf-8")
        assert row["sentence"] in split_sentences(text), row


def test_precision_and_recall_on_the_labelled_sentences():
    true_positive = false_positive = false_negative = 0
    per_category: dict[str, Counter[str]] = {c.value: Counter() for c in Category}
    mistakes = []
    for row in labelled():
        expected = expected_of(row)
        got = {c.value for c in classify_sentence(row["sentence"])}
        for category in got & expected:
            per_category[category]["tp"] += 1
        for category in got - expected:
            per_category[category]["fp"] += 1
        for category in expected - got:
            per_category[category]["fn"] += 1
        true_positive += len(got & expected)
        false_positive += len(got - expected)
        false_negative += len(expected - got)
        if got != expected:
            mistakes.append(f"{row['sentence']} expected={expected or 'none'} got={got or 'none'}")
    precision = true_positive / (true_positive + false_positive)
    recall = true_positive / (true_positive + false_negative)
    report = "\n".join(
        [f"precision {precision:.3f}  recall {recall:.3f}"]
        + [f"  {c}: {dict(n)}" for c, n in per_category.items()]
        + mistakes
    )
    print(report)
    assert precision >= 0.9, report
    assert recall >= 0.8, report


@pytest.mark.parametrize(
    ("sentence", "category"),
    [
        ("对违反者处以500元罚款。", Category.PENALTY),
        ("由公安机关依照《中华人民共和国大气污染防治法》予以处罚。", None),
        ("违反本通告规定的，由城市管理部门依法予以处罚。", None),
        ("未经县人民政府批准，任何单位不得新建燃煤设施。", Category.LICENCE),
        ("依照《烟花爆竹安全管理条例》，举办焰火晚会须经公安部门许可。", None),
        ("各部门不得向企业收取任何费用。", None),
        ("每户每月收取垃圾处理费8元。", Category.FEE),
    ],
)
def test_setting_is_told_from_referring(sentence, category):
    found = classify_sentence(sentence)
    assert set(found) == ({category} if category else set())


def test_the_whole_text_path_agrees_with_sentence_by_sentence():
    sentences = [row["sentence"] for row in labelled()]
    for path in sorted(SAMPLES.glob("*.txt")):
        sentences += split_sentences(path.read_text(encoding="utf-8"))
    assert len(sentences) > 400
    for sentence in sentences:
        fast = {hit.category for hit in find_hits(sentence)}
        assert fast == set(classify_sentence(sentence)), sentence


def test_hits_quote_their_sentence_in_document_order():
    text = (
        "为加强管理，根据《中华人民共和国大气污染防治法》，制定本通告。\n"
        "一、在城区举办大型户外广告活动的，须经城市管理局批准。\n"
        "二、由公安机关依照《中华人民共和国大气污染防治法》予以处罚。\n"
        "三、对违反本通告规定燃放烟花爆竹的，处以500元罚款。"
    )
    hits = find_hits(text)
    assert [(h.category, h.sentence) for h in hits] == [
        (Category.LICENCE, "一、在城区举办大型户外广告活动的，须经城市管理局批准"),
        (Category.PENALTY, "三、对违反本通告规定燃放烟花爆竹的，处以500元罚款"),
    ]
    assert hits[1].trigger == "处以500元"


def test_a_real_sample_yields_its_one_finding():
    text = (SAMPLES / "A09-ziyang-2020-huoqin-joint.txt").read_text(encoding="utf-8")
    hits = find_hits(text)
    assert [h.category for h in hits] == [Category.COMPETITION]
    assert "天王农副产品交易中心" in hits[0].sentence
    for name in ("A02-shijiazhuang-2019-fireworks.txt", "A07-xixian-2019-ranmei.txt"):
        assert find_hits((SAMPLES / name).read_text(encoding="utf-8")) == []


def test_a_long_sentence_is_quoted_around_what_matched():
    sentence = "为了" + "加强管理" * 60 + "对违者处以500元罚款" + "并公告" * 30
    quoted = quote(sentence, "处以500元")
    assert len(quoted) <= MAX_QUOTE + 2
    assert "处以500元" in quoted
    assert quoted.startswith("…") and quoted.endswith("…")
    assert quote("短句。", "短") == "短句。"
