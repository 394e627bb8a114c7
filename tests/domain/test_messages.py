"""Domain messages: English templates rendered in the user's language only at the edge."""

import ast
import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from normdocs.domain.dates import parse_date
from normdocs.domain.errors import InvalidInput
from normdocs.domain.messages import Msg, _, joined
from normdocs.i18n import current_language, render, set_language

SRC = Path(__file__).resolve().parents[2] / "src" / "normdocs"
POT = SRC / "locale" / "normdocs.pot"

FRENCH = {
    "{count} documents at {stage}": "{count} documents au stade {stage}",
    "review": "examen",
    "filing": "dépôt",
}


def french(template: str) -> str:
    return FRENCH.get(template, template)


@contextmanager
def speaking(language: str) -> Iterator[None]:
    before = current_language()
    set_language(language)
    try:
        yield
    finally:
        set_language(before)


def test_a_message_is_its_template_until_rendered():
    message = _("{count} documents at {stage}")
    assert message == Msg("{count} documents at {stage}")
    assert str(message) == "{count} documents at {stage}"  # unformatted: braces as written


def test_format_gives_a_new_message_and_str_is_the_english_text():
    template = _("{count} documents at {stage}")
    message = template.format(count=3, stage="review")
    assert str(message) == "3 documents at review"
    assert template.params is None  # the template itself is unchanged
    with pytest.raises(dataclasses.FrozenInstanceError):
        message.template = "other"  # type: ignore[misc]


def test_messages_inside_a_message_are_rendered_with_it():
    message = _("{count} documents at {stage}").format(count=3, stage=_("review"))
    assert message.render(french) == "3 documents au stade examen"
    assert str(message) == "3 documents at review"


def test_format_specs_apply_to_the_values():
    assert str(_("{year}-{month:02d}").format(year=2018, month=2)) == "2018-02"


def test_joined_renders_each_part_and_keeps_braces_in_the_separator():
    listed = joined(" {/} ", [_("review"), "sign", _("filing")])
    assert listed.render(french) == "examen {/} sign {/} dépôt"
    assert str(joined(", ", [])) == ""


def test_render_speaks_the_chosen_language():
    with pytest.raises(InvalidInput) as caught:
        parse_date("2018-02-30")  # raised in English: the rule knows no language
    error = caught.value
    assert str(error) == "the date “2018-02-30” does not exist: 2018-02 has no day 30"
    with speaking("zh"):
        assert render(error.message) == "日期“2018-02-30”不存在：2018-02 没有第 30 日"
        assert render(error.hint or "") == "请按 YYYY-MM-DD 填写，如 2018-08-01"
        assert render("plain text stays as it is") == "plain text stays as it is"
    with speaking("en"):
        assert render(error.message) == str(error)


def _domain_templates() -> set[str]:
    """Every literal passed to _() in the domain, read from the sources."""
    found = set()
    for path in (SRC / "domain").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "_"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.add(node.args[0].value)
    return found


def test_extraction_still_finds_every_domain_message():
    """`pybabel extract -k _` (scripts/update-translations) finds the templates of the domain's
    own `_`, and the committed template lists them."""
    templates = _domain_templates()
    assert len(templates) > 100
    extracted = {
        message
        for _file, _line, message, _comments, _context in extract_from_dir(
            str(SRC / "domain"), keywords={"_": None}
        )
    }
    assert templates <= extracted
    with POT.open("rb") as f:
        in_pot = {m.id for m in read_po(f) if m.id}
    for template in (
        "the date “{text}” does not exist: {reason}",  # dates
        "not a valid 文号 “{text}”: {problem}",  # docnumber
        "filed on {filed_on}, after the deadline {due_on}",  # audit
        "“{name}” is an abbreviation without its place",  # extract
    ):
        assert template in templates and template in in_pot


def test_a_date_argument_keeps_its_type_until_rendered():
    message = _("due on {due}").format(due=date(2026, 4, 1))
    assert str(message) == "due on 2026-04-01"


def test_a_finding_is_described_in_the_language_of_the_reader():
    from normdocs.domain.audit import Finding, Rule, Severity, describe

    evidence = {"due_on": "2026-04-01", "promulgated_on": "2026-03-02"}
    finding = Finding(Rule.FILING_OVERDUE, Severity.ERROR, 1, None, evidence, None, "k")
    summary = describe(finding)
    assert str(summary) == "not filed: the filing was due on 2026-04-01 (promulgated on 2026-03-02)"
    with speaking("zh"):
        assert render(summary) == "未报送备案：报备期限为 2026-04-01（公布日期 2026-03-02）"
    # Evidence stored by an older version that lacks a field: the rule's id, never a crash.
    old = Finding(Rule.FILING_OVERDUE, Severity.ERROR, 1, None, {"due_on": "x"}, None, "k")
    assert describe(old) == "filing-overdue"
