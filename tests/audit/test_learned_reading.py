"""The content checks' learned reading of obligations (domain/content_checks/model.py): what it
finds where the patterns found nothing, the evidence it keeps, what it never overrides (a legal
basis, encouragement, the administration's own units), and the shipped weights being what the
labelled set trains."""

import subprocess
import sys
from pathlib import Path

import pytest

from normdocs.domain.audit.rules import content_finding, hit_of
from normdocs.domain.content_checks import Category, classify_sentence, find_hits
from normdocs.domain.content_checks import model as learned
from normdocs.domain.content_checks.checking import _PATTERNS
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
