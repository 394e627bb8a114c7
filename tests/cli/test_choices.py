"""Choice options: typed by the domain's enums, the English code or a Chinese word gives the member,
anything else is a usage error (exit 2) naming the choices, and --help lists them."""

from typing import Any

import pytest
from typer.main import get_command

from normdocs.cli.common import parse_choice, parse_choices
from normdocs.domain.cleanup import OUTCOME_WORDS_ZH, Outcome
from normdocs.domain.stages import (
    FILING_OUTCOME_WORDS_ZH,
    REVIEW_OUTCOME_WORDS_ZH,
    STAGE_WORDS_ZH,
    FilingOutcome,
    ReviewOutcome,
    Stage,
)


@pytest.mark.parametrize(
    ("typed", "words", "member"),
    [
        ("lawful", REVIEW_OUTCOME_WORDS_ZH, ReviewOutcome.LAWFUL),
        ("REVISE", REVIEW_OUTCOME_WORDS_ZH, ReviewOutcome.REVISE),
        ("修改", REVIEW_OUTCOME_WORDS_ZH, ReviewOutcome.REVISE),
        ("应当予以修改", REVIEW_OUTCOME_WORDS_ZH, ReviewOutcome.REVISE),
        ("合法", REVIEW_OUTCOME_WORDS_ZH, ReviewOutcome.LAWFUL),
        ("予以备案", FILING_OUTCOME_WORDS_ZH, FilingOutcome.ACCEPTED),
        ("宣布继续有效", OUTCOME_WORDS_ZH, Outcome.RETAIN),
    ],
)
def test_a_code_or_a_chinese_word_gives_the_enum_member(typed, words, member) -> None:
    chosen = parse_choice(typed, words, "--outcome")
    assert chosen is member


def test_several_choices_come_repeated_or_comma_separated() -> None:
    chosen = parse_choices(["起草，revoked", "已公布"], STAGE_WORDS_ZH, "--stage")
    assert chosen == [Stage.DRAFTING, Stage.REVOKED, Stage.PROMULGATED]


def _option(path: str, name: str) -> Any:
    from normdocs.cli.app import app

    command = get_command(app)
    for word in path.split():
        command = command.commands[word]  # type: ignore[attr-defined]
    return next(p for p in command.params if name in p.opts)


def test_help_lists_the_codes_and_their_chinese_words() -> None:
    outcome = _option("review decide", "--outcome")
    assert "lawful|revise|unlawful (合法|修改|不合法)" in outcome.help


def test_a_wrong_choice_exits_2_naming_the_choices(normdocs) -> None:
    normdocs("init")
    result = normdocs("review", "decide", "1", "--outcome", "bogus", "--opinion", "同意", expect=2)
    assert result.err == (
        "Error: --outcome does not take “bogus” — choose one of: lawful (合法), "
        "revise (修改), unlawful (不合法)\n"
    )
    assert result.out == ""


def test_import_stage_takes_only_the_stages_an_import_may_record(normdocs, tmp_path) -> None:
    normdocs("init")
    stage = _option("import files", "--stage")
    # The metavar and the help name the three stages, not every stage of the procedure.
    assert stage.metavar == "<promulgated|filed|filing_accepted>"
    assert "promulgated|filed|filing_accepted (已公布|已报备|予以备案)" in stage.help
    page = tmp_path / "a.txt"
    page.write_text("某区人民政府关于印发某办法的通知\n", encoding="utf-8")
    refused = normdocs("import", str(page), "--stage", "drafting", expect=2)
    assert refused.err == (
        "Error: --stage does not take “drafting” — choose one of: promulgated (已公布), "
        "filed (已报备), filing_accepted (予以备案)\n"
    )
    assert normdocs("doc", "list", "--format", "json").out.strip() == "[]"
