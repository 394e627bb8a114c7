"""The audit over a scope (issue 12): --issuer (several) and --under limit the findings shown,
their counts and the exit code to the documents of those agencies — a joint document counting for
each of its issuers — and store only those documents' findings: another issuer's new finding
stays new for the next full run, the nightly one that mails it."""

from datetime import date
from typing import Any

import pytest
from tests.conftest import DEPARTMENT, GOVERNMENT, table_rows

from normdocs.domain.errors import NotFound
from normdocs.services.audit import run_audit
from normdocs.services.demo import demo_steps
from normdocs.services.documents import new_document
from normdocs.services.procedure import advance


@pytest.fixture
def audited(registry: Any) -> tuple[Any, dict[str, int]]:
    """A promulgated document of each issuer, never filed (so overdue), and a joint one led by
    the government with the department as co-issuer."""
    made = {
        "government": registry.bring_to(GOVERNMENT, "promulgated").id,
        "department": registry.bring_to(DEPARTMENT, "promulgated").id,
    }
    text = registry.path.parent / "joint.txt"
    text.write_text("关于联合开展校园安全检查的通知\n第一条 为加强管理。\n", encoding="utf-8")
    view = new_document(
        registry.ctx,
        title="关于联合开展校园安全检查的通知",
        issuer=GOVERNMENT.name,
        file=text,
        co_issuers=DEPARTMENT.name,
    )
    number = f"{GOVERNMENT.code}〔2026〕{view['id']}号"
    for step in demo_steps("government", GOVERNMENT.head, number, date(2026, 3, 2), "promulgated"):
        advance(registry.ctx, str(view["id"]), step)
    made["joint"] = int(view["id"])
    return registry, made


def _documents(result: Any) -> set[int]:
    return {f["document_id"] for f in result.findings}


def test_a_scope_shows_and_counts_only_its_documents_findings(audited) -> None:
    registry, made = audited
    everything = run_audit(registry.ctx)
    assert _documents(everything) >= set(made.values())
    stored = table_rows(registry.path, "SELECT key FROM finding WHERE resolved_at IS NULL")

    department = run_audit(registry.ctx, issuer=DEPARTMENT.name)
    assert _documents(department) == {made["department"], made["joint"]}
    assert sum(department.counts.values()) == len(department.findings)
    expected = [f for f in everything.findings if f["document_id"] in _documents(department)]
    assert [f["key"] for f in department.findings] == [f["key"] for f in expected]
    assert department.fails("error") == any(f["severity"] == "error" for f in expected)
    # The run still stores every document's findings: nothing is resolved by a scoped run.
    assert department.resolved == 0
    assert table_rows(registry.path, "SELECT key FROM finding WHERE resolved_at IS NULL") == stored

    government = run_audit(registry.ctx, issuer=[GOVERNMENT.name])
    assert _documents(government) == {made["government"], made["joint"]}
    family = run_audit(registry.ctx, under=GOVERNMENT.name)
    assert _documents(family) == set(made.values())


def test_a_scoped_run_does_not_take_another_issuers_new_finding_from_the_nightly_mail(
    audited,
) -> None:
    """A clerk audits the department by day; the nightly audit of the whole registry must still
    report the government's new finding as new (--new-only), and fail on it."""
    registry, made = audited
    department = run_audit(registry.ctx, issuer=DEPARTMENT.name)
    assert made["government"] not in _documents(department)
    stored = {r[0] for r in table_rows(registry.path, "SELECT document_id FROM finding")}
    assert made["government"] not in stored
    nightly = run_audit(registry.ctx)
    fresh = {f["document_id"] for f in nightly.findings if f["key"] in nightly.new_keys}
    assert made["government"] in fresh
    assert made["department"] not in fresh  # seen by the clerk's run already


def test_an_unknown_name_stops_the_audit_before_it_writes(audited) -> None:
    registry, _made = audited
    before = registry.snapshot()
    with pytest.raises(NotFound) as refused:
        run_audit(registry.ctx, issuer=f"{GOVERNMENT.name},元宝山区教育")
    assert str(refused.value.message) == "no agency named 元宝山区教育"
    assert DEPARTMENT.name in str(refused.value.hint)
    assert registry.snapshot() == before
