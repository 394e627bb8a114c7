"""The read models: one rule turns days, moments and enums into text; a model is frozen; its
fields give the columns people saw before the CLI's column lists were removed."""

import io
import json
from datetime import UTC, date, datetime

import pytest
from pydantic import ValidationError

from normdocs.cli import render
from normdocs.domain.stages import Stage, Validity
from normdocs.services.readmodels import (
    CampaignView,
    CleanupItemView,
    FindingView,
    HistoryRow,
    ImportBatchView,
    ImportItemView,
    ListedDocument,
    SearchHit,
    ShownDocument,
    TextVersion,
)


def hit(**changes: object) -> SearchHit:
    values: dict[str, object] = {
        "rank": 1,
        "id": 7,
        "title": "元宝山区人民政府关于禁止燃放烟花爆竹的通告",
        "issuer": "元宝山区人民政府",
        "co_issuers": [],
        "doc_number": "元政发〔2026〕31号",
        "promulgated_on": date(2026, 9, 19),
        "stage": Stage.PROMULGATED,
        "validity": Validity.IN_FORCE,
        "in_title": True,
        "in_text": False,
        "in_doc_number": False,
        "occurrences": 1,
        "snippet": "关于禁止燃放",
        "snippet_source": "title",
        "match_start": 2,
        "match_end": 4,
        "match_offset": 10,
    }
    return SearchHit.model_validate({**values, **changes})


def test_days_enums_and_moments_become_text_in_one_way():
    data = hit().data()
    assert data["promulgated_on"] == "2026-09-19"
    assert data["stage"] == "promulgated" and data["validity"] == "in_force"
    assert hit(promulgated_on=None).data()["promulgated_on"] is None
    row = HistoryRow(
        event_id=3,
        recorded_at=datetime(2026, 3, 2, 9, 30, 15, 123456, tzinfo=UTC),
        actor="clerk",
        action="review.submit",
        on_date=date(2026, 3, 2),
        from_stage=Stage.DRAFTING,
        to_stage=Stage.UNDER_REVIEW,
        details={"due_on": "2026-03-20"},
        summary=None,
    )
    assert row.data()["recorded_at"] == "2026-03-02T09:30:15Z"  # UTC to the second
    assert row.data()["to_stage"] == "under_review"
    batch = ImportBatchView(
        id=1,
        started_at="2026-03-02 17:30:15.5+08:00",  # type: ignore[arg-type]  # as SQLite gives it
        actor="clerk",
        sources=["a.txt"],
        new=1,
        rejected=0,
        undone_at=None,
        undone_reason=None,
    )
    assert batch.data()["started_at"] == "2026-03-02T09:30:15Z"


def test_a_read_model_is_frozen_and_checks_its_codes():
    shown = hit()
    with pytest.raises(ValidationError):
        shown.title = "另一个标题"  # type: ignore[misc]
    with pytest.raises(ValidationError):
        hit(stage="published")  # not a stage of the procedure


def test_the_columns_are_those_the_commands_showed():
    assert ListedDocument.columns() == [
        ("id", "id"),
        ("title", "title"),
        ("issuer", "issuer"),
        ("co_issuers", "co-issuers"),
        ("doc_number", "number"),
        ("stage", "stage"),
        ("validity", "validity"),
        ("promulgated_on", "promulgated on"),
        ("expires_on", "expires"),
    ]
    shown = [key for key, _label in ShownDocument.columns("record")]
    assert shown[:10] == [
        "id", "title", "issuer", "co_issuers", "doc_number", "registration_no", "stage",
        "validity", "as_of", "interim",
    ]  # fmt: skip
    assert shown[-3:] == ["text_source", "text_version", "reviewed_version"]
    assert len(shown) == 41 and "origin" not in shown
    assert [k for k, _ in FindingView.columns()] == [
        "id", "severity", "rule", "document_id", "doc_number", "summary", "source", "new",
    ]  # fmt: skip
    assert [k for k, _ in ImportItemView.columns()][:3] == ["outcome", "source", "location"]
    assert [k for k, _ in TextVersion.columns()][:4] == [
        "version", "created_at", "source_name", "brought_by",
    ]  # fmt: skip
    assert ("campaign_id", "campaign") in CleanupItemView.columns("record")
    assert "campaign_id" not in dict(CleanupItemView.columns())
    assert "decided" in dict(CampaignView.columns("record"))
    assert "decided" not in dict(CampaignView.columns())


def test_a_list_with_nothing_in_it_still_has_every_field_as_its_csv_header(monkeypatch):
    out = io.StringIO()
    monkeypatch.setattr(render.sys, "stdout", out)
    render.emit_rows([], SearchHit, render.Format.CSV)
    assert out.getvalue().splitlines() == [",".join(SearchHit.model_fields)]


def test_a_composite_result_prints_its_models_as_json_objects():
    text = render.to_json({"hits": [hit()], "total": 1})
    assert json.loads(text) == {"hits": [hit().data()], "total": 1}
