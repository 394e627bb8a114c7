"""Registration numbers stay unique when an imported register already used one of the series."""

from datetime import date
from pathlib import Path
from typing import Any

from normdocs.domain.stages import Action, Stage
from normdocs.domain.steps import step_of
from normdocs.services.documents import show_document
from normdocs.services.importing import import_documents
from normdocs.services.procedure import advance


def test_a_number_taken_by_an_imported_register_row_is_skipped(
    registry: Any, tmp_path: Path
) -> None:
    register = tmp_path / "register.csv"
    register.write_text(
        "文件名称,发文字号,发布日期,备注\n"
        "元宝山区人民政府关于加强河道管理的通知,元政发〔2025〕3号,2025-05-06,登记号：ND〔2026〕001\n",
        encoding="utf-8",
    )
    report = import_documents(registry.ctx, [register], issuer="元宝山区人民政府")
    imported = [item for item in report.items if item.outcome == "new"]
    assert len(imported) == 1
    assert show_document(registry.ctx, "ND〔2026〕001")["doc_number"] == "元政发〔2025〕3号"

    signed = registry.bring_to(registry.issuers["government"], Stage.SIGNED)
    advance(
        registry.ctx,
        signed.ref,
        step_of(Action.PUBLISH, date(2026, 3, 20), doc_number="元政发〔2026〕9号"),
    )
    assert registry.document(signed.id)["registration_no"] == "ND〔2026〕002"

    second = registry.bring_to(registry.issuers["department"], Stage.SIGNED)
    advance(
        registry.ctx,
        second.ref,
        step_of(Action.PUBLISH, date(2026, 3, 21), doc_number="元教发〔2026〕4号"),
    )
    assert registry.document(second.id)["registration_no"] == "ND〔2026〕003"


def test_an_undone_import_is_withdrawn_not_in_force(registry: Any, tmp_path: Path) -> None:
    """After `import undo` the register vouches for nothing: the document shows as withdrawn,
    by its number too, and no validity list but 'withdrawn' holds it."""
    from normdocs.services.documents import list_documents
    from normdocs.services.import_batches import undo_batch

    register = tmp_path / "register.csv"
    register.write_text(
        "文件名称,发文字号,发布日期\n元宝山区人民政府关于加强河道管理的通知,元政发〔2025〕3号,2025-05-06\n",
        encoding="utf-8",
    )
    import_documents(registry.ctx, [register], issuer="元宝山区人民政府")
    assert show_document(registry.ctx, "元政发〔2025〕3号")["validity"] == "in_force"
    assert [d["doc_number"] for d in list_documents(registry.ctx, validity="in_force")] == [
        "元政发〔2025〕3号"
    ]

    undo_batch(registry.ctx, 1, reason="导入了错误的登记表", yes=True)
    # The undo released the 文号 (so that the register may be imported again); the number still
    # finds what it named, withdrawn.
    shown = show_document(registry.ctx, "元政发〔2025〕3号")
    assert (shown["stage"], shown["validity"], shown["doc_number"]) == (
        "withdrawn",
        "withdrawn",
        None,
    )
    for validity in ("in_force", "not_promulgated", "pending", "expired"):
        assert list_documents(registry.ctx, validity=validity, stage="withdrawn") == []
    listed = list_documents(registry.ctx, validity="withdrawn", stage="withdrawn")
    assert [d["id"] for d in listed] == [shown["id"]]
    # --validity withdrawn alone lists it too (it was offered and found nothing).
    assert [d["id"] for d in list_documents(registry.ctx, validity="withdrawn")] == [shown["id"]]
    # Imported again, the number is the new document's.
    import_documents(registry.ctx, [register], issuer="元宝山区人民政府")
    again = show_document(registry.ctx, "元政发〔2025〕3号")
    assert (again["validity"], again["id"] != shown["id"]) == ("in_force", True)
