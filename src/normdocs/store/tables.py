"""The Core tables behind the models, named once: the store's queries build plain SQL on them
(bulk reads and writes, counts) where ORM objects would cost too much at 100,000 documents."""

from sqlalchemy import Table

from normdocs.store.models import (
    Agency,
    AgencyCode,
    AuditRun,
    Basis,
    CleanupCampaign,
    CleanupCampaignScope,
    CleanupFlag,
    CleanupItem,
    ContentCheck,
    Document,
    DocumentCoIssuer,
    DocumentText,
    Event,
    Finding,
    ImportBatch,
    Law,
    RecordHead,
    TextVersion,
)


def _table(model: type) -> Table:
    table: Table = model.__table__  # type: ignore[attr-defined]
    return table


agency_t = _table(Agency)
audit_run_t = _table(AuditRun)
basis_t = _table(Basis)
campaign_t = _table(CleanupCampaign)
campaign_scope_t = _table(CleanupCampaignScope)
check_t = _table(ContentCheck)
cleanup_flag_t = _table(CleanupFlag)
cleanup_item_t = _table(CleanupItem)
co_issuer_t = _table(DocumentCoIssuer)
code_t = _table(AgencyCode)
document_t = _table(Document)
event_t = _table(Event)
finding_t = _table(Finding)
import_batch_t = _table(ImportBatch)
law_t = _table(Law)
record_head_t = _table(RecordHead)
text_t = _table(DocumentText)
version_t = _table(TextVersion)
