"""The content checks' learned reading (domain/content_checks/model.py): of obligations, and in
a second reading of compulsory measures, fees and obligations where a clause holds their words
but no pattern of theirs matched; what it finds where the patterns found nothing, the evidence
it keeps, what it never overrides (a legal basis, encouragement, a waiver, the administration's
own units), and the shipped weights being what the labelled set trains."""

import subprocess
import sys
from pathlib import Path

import pytest

from normdocs.domain.audit.rules import content_finding, hit_of
from normdocs.domain.content_checks import Category, classify_sentence, find_hits
from normdocs.domain.content_checks import model as learned
from normdocs.domain.content_checks.checking import _PATTERNS, _SECOND_READING
from normdocs.domain.content_checks.kinds import FORM_ONLY

ROOT = Path(__file__).resolve().parents[2]

# Duties no pattern knows the wording of (from dev6, which the model was trained on).
PLEDGE = "村民婚丧喜庆办酒超过十桌的，须提前向村红白理事会交纳书面承诺书，并由两名村民联名担保。"
CHECK_IN = (
    "学生家长须下载并注册“平安校园”手机应用，每日为子女完成健康打卡，未完成的学生暂停参加课外活动。"
)


@pytest.mark.parametrize("sentence", [PLEDGE, CHECK_IN])
def test_an_obligation_no_pattern_reads_is_found_with_its_score_and_words(sentence):
    assert not _PATTERNS[Category.OBLIGATION].search(sentence)
    [hit] = find_hits(sentence)
    assert hit.category is Category.OBLIGATION
    assert hit.score is not None and 0.5 < hit.score <= 1
    # The words shown are the comma-clause that weighed most, as written in the sentence.
    assert hit.trigger in sentence and 4 <= len(hit.trigger) < len(sentence)
    assert hit.trigger in hit.sentence
    assert hit.article.startswith("立法法第93条")
    assert classify_sentence(sentence) == {Category.OBLIGATION: hit.trigger}


def test_the_evidence_of_a_learned_finding_keeps_its_score_and_comes_back_from_the_store():
    [hit] = find_hits(PLEDGE)
    finding = content_finding(7, "hash", hit)
    assert finding.evidence["score"] == hit.score
    assert finding.evidence["trigger"] == "须提前向村红白理事会交纳书面承诺书"
    assert hit_of(finding.evidence) == hit
    [patterned] = find_hits("一、对违反本通告规定燃放烟花爆竹的，处以500元罚款。")
    assert patterned.score is None
    assert "score" not in content_finding(7, "hash", patterned).evidence


@pytest.mark.parametrize(
    "sentence",
    [
        # A legal basis, in the clause or in brackets after it.
        "依照《中华人民共和国村民委员会组织法》，村民婚丧喜庆办酒超过十桌的，须提前向村红白理事会交纳书面承诺书。",
        "村民婚丧喜庆办酒超过十桌的，须提前向村红白理事会交纳书面承诺书（《中华人民共和国村民委员会组织法》第二十七条）。",
        # Encouragement and choice set nothing.
        "鼓励村民婚丧喜庆办酒超过十桌的，提前向村红白理事会交纳书面承诺书。",
        # The administration's own units.
        "各乡镇须提前向县红白理事会交纳书面承诺书。",
        # The administration forbidden to demand it.
        "不得要求村民向村红白理事会交纳书面承诺书。",
    ],
)
def test_the_learned_reading_never_overrides_a_basis_or_what_sets_nothing(sentence):
    assert find_hits(sentence) == []
    assert classify_sentence(sentence) == {}


# A charge and a measure in wordings no pattern of theirs reads, each with its kind's words.
CHARGE = "办理宅基地审批一宗收费300元。"
TAKEN = "捕捉后的流浪犬只将移交至指定收容场所，进行健康检查和免疫处理。"


@pytest.mark.parametrize(("sentence", "kind"), [(CHARGE, Category.FEE), (TAKEN, Category.COERCION)])
def test_the_second_reading_finds_a_kind_whose_patterns_missed_it(sentence, kind):
    assert not _PATTERNS[kind].search(sentence)
    [hit] = find_hits(sentence)
    assert hit.category is kind
    assert hit.score is not None and _SECOND_READING[kind] < hit.score <= 1
    assert hit.trigger in sentence and hit.trigger in hit.sentence
    assert classify_sentence(sentence) == {kind: hit.trigger}


@pytest.mark.parametrize(
    "sentence",
    [
        # A basis, a choice left to the party, a waiver, the administration's own units.
        "依照《中华人民共和国动物防疫法》，捕捉后的犬只将移交至指定收容场所。",
        "捕捉后的犬只将移交至指定收容场所，犬主可自愿领回。",
        "办理宅基地审批一律免收费用。",
        "各乡镇办理宅基地审批一宗收费300元的做法一律停止。",
    ],
)
def test_the_second_reading_never_overrides_a_basis_or_what_sets_nothing(sentence):
    assert find_hits(sentence) == []
    assert classify_sentence(sentence) == {}


def test_the_second_reading_asks_only_about_kinds_the_model_was_trained_for():
    assert set(_SECOND_READING) <= set(learned.model().kinds)
    # Licence, penalty and competition are left to their patterns (checking.py says why).
    assert not {Category.LICENCE, Category.PENALTY, Category.COMPETITION} & set(_SECOND_READING)


def test_a_no_double_benefit_rule_is_not_an_obligation():
    assert find_hits("已享受市级创业补贴的人员，不再重复享受区级创业补贴。") == []


def test_scores_lie_between_zero_and_one_and_need_the_finds_threshold():
    clause = learned.normalised(PLEDGE, 0, len(PLEDGE), FORM_ONLY)
    score = learned.score_of(clause, Category.OBLIGATION)
    assert 0 < score < 1
    assert learned.finds(Category.OBLIGATION, score)
    assert not learned.finds(Category.OBLIGATION, 0.5)


def test_the_weights_module_is_what_write_model_writes():
    written = learned.write_model(learned.model())
    shipped = ROOT / "src" / "normdocs" / "domain" / "content_checks" / "learned_weights.py"
    assert written == shipped.read_text(encoding="utf-8")


@pytest.mark.slow
def test_the_shipped_weights_are_what_the_labelled_set_trains():
    # numpy is a dev dependency: training is a development step, the checks only read weights.
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "train-content-model"), "--check"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "agrees with the labelled set" in result.stdout


def test_the_trainer_reads_the_marks_an_office_exports(tmp_path):
    """`normdocs audit marks --format json` (or a CSV in English, with its byte-order mark) is
    what `train-content-model --extra` reads; a CSV with the Chinese interface's headers is
    refused with what to do."""
    import importlib.machinery
    import importlib.util
    import json

    loader = importlib.machinery.SourceFileLoader(
        "train_content_model", str(ROOT / "scripts" / "train-content-model")
    )
    spec = importlib.util.spec_from_loader(loader.name, loader)
    assert spec is not None
    trainer = importlib.util.module_from_spec(spec)
    loader.exec_module(trainer)
    row = {"sentence": "处以500元罚款", "expected": "penalty", "label": "violation",
           "source": "finding:1 document:2", "article": "行政处罚法第16条", "part": "marked"}  # fmt: skip
    as_json = tmp_path / "marks.json"
    as_json.write_text(json.dumps([row], ensure_ascii=False), encoding="utf-8")
    as_csv = tmp_path / "marks.csv"
    as_csv.write_text(",".join(row) + "\n" + ",".join(row.values()) + "\n", encoding="utf-8-sig")
    assert trainer.rows_of(as_json) == [row] == trainer.rows_of(as_csv)
    chinese = tmp_path / "marks-zh.csv"
    chinese.write_text("语句,预期结果,标注,依据出处,条款,所属集\n", encoding="utf-8-sig")
    chinese.write_text(
        chinese.read_text("utf-8-sig") + "处以500元罚款,设定行政处罚,违法,x,y,marked\n",
        encoding="utf-8-sig",
    )
    with pytest.raises(SystemExit, match="--format json"):
        trainer.rows_of(chinese)
