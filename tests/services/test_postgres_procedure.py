"""The procedure, the record and the nightly audit on PostgreSQL, as on SQLite: a document of
each issuer kind from draft to an accepted filing, a refusal that changes nothing, an unbroken
chain, and an audit that stores its findings."""

import pytest

from normdocs.domain.errors import Refused
from normdocs.domain.stages import Action, Stage
from normdocs.domain.steps import step_of
from normdocs.services.audit import run_audit
from normdocs.services.procedure import advance
from normdocs.services.registry import verify_record

pytestmark = pytest.mark.slow


def test_both_issuer_kinds_run_the_whole_procedure_on_postgresql(pg_registry):
    issuers = pg_registry.issuers
    government = pg_registry.bring_to(issuers["government"], Stage.FILING_ACCEPTED)
    department = pg_registry.bring_to(issuers["department"], Stage.FILING_ACCEPTED)

    for placed in (government, department):
        shown = pg_registry.document(placed.id)
        assert shown["stage"] == Stage.FILING_ACCEPTED.value
        assert shown["doc_number"].startswith(placed.issuer.code + "〔2026〕")
        assert [e["action"] for e in pg_registry.events(placed.id)][-1] == "filing.decide"
    report = verify_record(pg_registry.ctx)
    assert report.ok and report.count == 2 + 2 * (1 + 8)  # agencies, then creation + 8 steps


def test_a_step_out_of_order_is_refused_and_changes_nothing_on_postgresql(pg_registry):
    draft = pg_registry.draft(pg_registry.issuers["government"])
    before = verify_record(pg_registry.ctx).count

    with pytest.raises(Refused):
        advance(
            pg_registry.ctx,
            draft.ref,
            step_of(Action.SIGN, draft.created_on, signer="王区长"),
        )

    assert pg_registry.document(draft.id)["stage"] == Stage.DRAFTING.value
    assert verify_record(pg_registry.ctx).count == before


def test_the_nightly_audit_stores_its_findings_on_postgresql(pg_registry):
    pg_registry.bring_to(
        pg_registry.issuers["government"], Stage.PROMULGATED
    )  # promulgated in March, never filed

    first = run_audit(pg_registry.ctx)
    again = run_audit(pg_registry.ctx)

    assert first.stored and first.new >= 1
    assert "filing-overdue" in {finding.rule for finding in first.found}
    assert again.new == 0 and len(again.found) == len(first.found)
    assert verify_record(pg_registry.ctx).ok
