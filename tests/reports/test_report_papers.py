"""The papers of one document or campaign: cleanup result lists, the 合法性审核意见书 and the
filing package, opened again with python-docx and openpyxl."""

import csv
import io
import json
import zipfile

import pytest
from docx import Document
from known import DEPARTMENT, GOVERNMENT, TODAY, make_context
from openpyxl import load_workbook
from test_report_files import check_official_layout

from normdocs.domain.errors import Refused
from normdocs.services import reports


def _save(known, kind, name, build, tmp_path):  # type: ignore[no-untyped-def]
    out = tmp_path / name
    reports.save(make_context(known.path), kind, out, build)
    return out


def test_cleanup_docx_has_the_notice_then_one_list_per_outcome(known, tmp_path):  # type: ignore[no-untyped-def]
    out = _save(
        known, "cleanup", "清理.docx", reports.cleanup(str(known.campaign), TODAY), tmp_path
    )
    doc = Document(out)
    title = f"{DEPARTMENT.name}关于公布行政规范性文件清理结果的通告"
    check_official_layout(doc, title)
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "决定继续有效的2件，修改的1件，废止的1件，宣布失效的1件" in text
    assert len(doc.tables) == 4
    retain = doc.tables[0]
    assert [c.text for c in retain.rows[0].cells] == [
        "序号",
        "文件名称",
        "文号",
        "发布日期",
        "清理理由",
    ]
    # The 2025 document was decided "invalidate": it is the last list's only row.
    last = [[c.text for c in r.cells] for r in doc.tables[3].rows[1:]]
    assert last == [
        [
            "1",
            f"{DEPARTMENT.name}关于第7项管理工作的通知",
            "元教发〔2025〕7号",
            "2025年3月21日",
            f"清理理由{known.department_2025}",
        ]
    ]


def test_cleanup_xlsx_csv_json(known, tmp_path):  # type: ignore[no-untyped-def]
    build = reports.cleanup("2026年教育局清理", TODAY)  # by its name
    book = load_workbook(_save(known, "cleanup", "c.xlsx", build, tmp_path))
    assert book.sheetnames == ["继续有效", "修改", "废止", "宣布失效"]
    assert [len(list(book[n].iter_rows())) - 1 for n in book.sheetnames] == [2, 1, 1, 1]
    rows = list(
        csv.reader(
            io.StringIO(
                _save(known, "cleanup", "c.csv", build, tmp_path).read_bytes().decode("utf-8-sig")
            )
        )
    )
    assert rows[0] == ["清理结果", "序号", "文件名称", "文号", "发布日期", "清理理由"]
    assert [r[0] for r in rows[1:]] == ["继续有效", "继续有效", "修改", "废止", "宣布失效"]
    data = json.loads(_save(known, "cleanup", "c.json", build, tmp_path).read_text("utf-8"))
    assert data["counts"] == {"retain": 2, "amend": 1, "repeal": 1, "invalidate": 1}
    decided = {d["document_id"]: o for o, docs in data["outcomes"].items() for d in docs}
    assert decided == known.decisions


def test_a_campaign_without_decisions_is_nothing_to_report(known, tmp_path):  # type: ignore[no-untyped-def]
    from normdocs.services.cleanup import start_campaign

    ctx = make_context(known.path)
    campaign = start_campaign(ctx, kind="periodic", issuer=GOVERNMENT.name, name="空")
    out = tmp_path / "x.docx"
    with pytest.raises(reports.NothingToReport, match="has no decisions yet"):
        reports.save(ctx, "cleanup", out, reports.cleanup(str(campaign["id"]), TODAY))
    assert not out.exists()


def test_opinion_with_its_checklist(known, tmp_path):  # type: ignore[no-untyped-def]
    doc_id = known.government[0]
    out = _save(known, "opinion", "意见书.docx", reports.opinion(str(doc_id), TODAY), tmp_path)
    doc = Document(out)
    check_official_layout(doc, "合法性审核意见书")
    text = "\n".join(p.text for p in doc.paragraphs)
    assert (
        f"你单位报送的《{GOVERNMENT.name}关于第1项管理工作的通知》（送审稿）于2026年3月9日收悉"
        in text
    )
    assert "2026年3月18日审核完毕，历时7个工作日" in text
    assert "一、审核结论：应当予以修改。" in text
    assert "二、具体意见：第五条设定罚款缺乏法律依据，应当删除" in text
    assert "司法局合法性审核科" in text
    # No finding is no assurance: the annex says the clauses must still be read one by one.
    assert (
        "自动检查未发现设定许可、处罚、强制、收费，减损权利、增加义务或者排除、限制竞争的条款；"
        "自动检查会有遗漏，仍须逐条审查。" in text
    )


def test_opinion_annex_quotes_the_sentences(known, tmp_path):  # type: ignore[no-untyped-def]
    from datetime import date

    from normdocs.domain.stages import Action
    from normdocs.domain.steps import step_of
    from normdocs.services.documents import new_document
    from normdocs.services.procedure import advance

    text = tmp_path / "通知.txt"
    text.write_text(
        "元宝山区教育局关于校外培训的通知\n第一条 为规范管理，制定本通知。\n"
        "第二条 违反本通知的，处以500元罚款。\n",
        encoding="utf-8",
    )
    ctx = make_context(known.path)
    doc = new_document(
        ctx, title="元宝山区教育局关于校外培训的通知", issuer=DEPARTMENT.name, file=text
    )
    advance(ctx, str(doc["id"]), step_of(Action.SUBMIT_REVIEW, date(2026, 9, 7)))
    advance(
        ctx,
        str(doc["id"]),
        step_of(
            Action.DECIDE_REVIEW,
            date(2026, 9, 16),
            outcome="unlawful",
            opinion="第二条设定行政处罚",
            reviewer="司法局",
        ),
    )
    out = _save(known, "opinion", "o.docx", reports.opinion(str(doc["id"]), TODAY), tmp_path)
    annex = Document(out).tables[0]
    rows = [[c.text for c in r.cells] for r in annex.rows[1:]]
    assert len(rows) == 1
    assert "处以500元罚款" in rows[0][1]
    assert rows[0][2] == "设定行政处罚"
    assert "行政处罚法" in rows[0][3]
    assert rows[0][4] == "【待填写：意见】"


def test_a_document_never_reviewed_has_no_opinion(known, tmp_path):  # type: ignore[no-untyped-def]
    out = tmp_path / "o.docx"
    with pytest.raises(reports.NothingToReport, match="no legality review"):
        reports.save(
            make_context(known.path), "opinion", out, reports.opinion(str(known.draft), TODAY)
        )
    assert not out.exists()


def test_filing_package_zip(known, tmp_path):  # type: ignore[no-untyped-def]
    doc_id = known.government[2]
    out = tmp_path / "备案材料.zip"
    written = reports.save_filing(make_context(known.path), str(doc_id), out, as_of=TODAY)
    assert written.rows == 4
    with zipfile.ZipFile(out) as package:
        assert package.namelist() == list(reports.FILING_PARTS)
        docs = {n: Document(io.BytesIO(package.read(n))) for n in package.namelist()}
    report = docs["01-备案报告.docx"]
    title = f"{GOVERNMENT.name}关于报送《{GOVERNMENT.name}关于第3项管理工作的通知》备案的报告"
    check_official_layout(report, title)
    text = "\n".join(p.text for p in report.paragraphs)
    assert "（元政发〔2026〕3号）已于2026年4月10日公布，自2026年4月10日起施行" in text
    assert "2026年3月23日送司法局合法性审核科进行合法性审核，2026年4月1日审核完毕" in text
    assert "经第12次常务会议审议通过" in text
    assert "由王区长签发" in text
    assert (
        f"附件：1. 《{GOVERNMENT.name}关于第3项管理工作的通知》正式文本；2. 合法性审核意见书"
        in text
    )
    check_official_layout(docs["02-正式文本.docx"], f"{GOVERNMENT.name}关于第3项管理工作的通知")
    check_official_layout(docs["03-合法性审核意见书.docx"], "合法性审核意见书")
    # The papers speak Chinese throughout (no "registry" in a placeholder).
    assert not [p.text for d in docs.values() for p in d.paragraphs if "registry" in p.text]
    explanation = "\n".join(p.text for p in docs["04-制定说明.docx"].paragraphs)
    assert "【待填写：制定背景和必要性】" in explanation
    # Deterministic: the same package again.
    again = tmp_path / "again.zip"
    reports.save_filing(make_context(known.path), str(doc_id), again, as_of=TODAY)
    assert again.read_bytes() == out.read_bytes()


def test_filing_package_folder_and_refusals(known, tmp_path):  # type: ignore[no-untyped-def]
    ctx = make_context(known.path)
    folder = tmp_path / "备案材料"
    reports.save_filing(ctx, str(known.government[0]), folder, as_of=TODAY)
    assert sorted(p.name for p in folder.iterdir()) == list(reports.FILING_PARTS)
    # Written again only with --force.
    from normdocs.domain.errors import InvalidInput

    with pytest.raises(InvalidInput, match="exists already"):
        reports.save_filing(ctx, str(known.government[0]), folder, as_of=TODAY)
    reports.save_filing(ctx, str(known.government[0]), folder, as_of=TODAY, force=True)
    # A document that is not promulgated has no filing package, and no folder is made.
    refused = tmp_path / "草稿"
    with pytest.raises(Refused, match="is not promulgated"):
        reports.save_filing(ctx, str(known.draft), refused, as_of=TODAY)
    assert not refused.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
