"""`import_documents`: the sample corpus against its golden records, every outcome, and every
kind of bad input — each with its reason, the rest of the batch intact, and refusals that
change nothing."""

import io
import json
import sqlite3
import zipfile
from datetime import date
from pathlib import Path

import pytest
from docx import Document as WordDocument
from openpyxl import Workbook

from normdocs.domain.errors import InvalidInput, NotFound
from normdocs.domain.profile import ImportRules
from normdocs.services.agencies import add_agency
from normdocs.services.importing import import_documents
from normdocs.services.registry import verify_record
from normdocs.services.search import search_documents

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
GOLDEN = ROOT / "tests" / "golden"
A11 = SAMPLES / "documents" / "A11-guangzhou-2023-huoqin-xiushi.txt"
NOTICE = "\n".join(
    [
        "元政发〔2025〕{n}号",
        "元宝山区人民政府关于{subject}的通知",
        "各镇人民政府，区直各部门：",
        "为了{subject}，现通知如下：本通知自印发之日起施行。",
        "元宝山区人民政府",
        "2025年3月{day}日",
    ]
)


def notice(n: int, subject: str = "加强城市精细化管理", day: int = 3) -> str:
    return NOTICE.format(n=n, subject=subject, day=day)


def rows(path: Path, sql: str, *params) -> list[tuple]:
    with sqlite3.connect(path) as connection:
        return connection.execute(sql, params).fetchall()


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    """A folder of files to import (tmp_path also holds the registry itself)."""
    folder = tmp_path / "in"
    folder.mkdir()
    return folder


def outcomes(report) -> dict[str, str]:
    return {
        Path(i.source).name + (f":{i.location}" if i.location else ""): i.outcome
        for i in report.items
    }


def test_the_sample_corpus_imports_as_its_golden_records_say(registry):
    add_agency(registry.ctx, name="元宝山区人民政府办公室", code="元政办字", level="government")
    folders = [SAMPLES / "documents", SAMPLES / "docx", SAMPLES / "gb18030"]
    report = import_documents(registry.ctx, folders, create_issuers=True)
    assert report.committed
    assert report.counts() == {
        "new": 12,
        "unchanged_duplicate": 7,  # the .docx and GB18030 copies of documents/*.txt
        "conflicting_duplicate": 0,
        "rejected": 1,  # A03 has no title line
    }
    (rejected,) = report.rejected
    assert rejected.source.endswith("A03-wuhua-2022-fireworks.txt")
    assert "no title found" in (rejected.reason or "")
    for item in report.items:
        golden = json.loads(
            (GOLDEN / Path(item.source).parent.name / (Path(item.source).name + ".json")).read_text(
                encoding="utf-8"
            )
        )
        if item.outcome == "rejected":
            continue
        (row,) = rows(
            registry.path,
            "SELECT d.title, d.doc_number, a.name, d.promulgated_on, d.effective_on, d.expires_on,"
            " d.validity_stated, d.stage, d.origin FROM document d JOIN agency a"
            " ON a.id = d.issuer_id WHERE d.id = ?",
            item.document_id,
        )
        assert row == (
            golden["title"],
            golden["doc_number"],
            golden["issuer"],
            golden["promulgated_on"],
            golden["derived"]["effective_on"],
            golden["derived"]["expires_on"],
            int(golden["derived"]["validity_stated"]),
            "promulgated",
            "imported",
        ), item.source
    events = rows(registry.path, "SELECT details FROM event WHERE action = 'document.import'")
    assert len(events) == 12
    details = [json.loads(d) for (d,) in events]
    assert all(d["source"] and len(d["content_hash"]) == 64 and d["paragraph"] for d in details)
    assert verify_record(registry.ctx).ok
    texts = rows(registry.path, "SELECT count(*) FROM document_text")[0][0]
    assert texts == 12
    assert set(report.created_issuers) >= {"广州市人民政府", "太和县农业委员会"}

    before = registry.snapshot()
    again = import_documents(registry.ctx, folders, create_issuers=True)
    assert again.counts()["new"] == 0 and again.counts()["unchanged_duplicate"] == 19
    assert not again.committed
    assert registry.snapshot() == before


def test_a_conflicting_duplicate_names_both_locations_and_changes_nothing(registry, tmp_path):
    add_agency(registry.ctx, name="广州市人民政府", code="穗府规", level="government")
    import_documents(registry.ctx, [A11])
    changed = tmp_path / "copy-edited.txt"
    changed.write_text(
        A11.read_text(encoding="utf-8").replace("休市1天", "休市2天"), encoding="utf-8"
    )
    before = registry.snapshot()
    report = import_documents(registry.ctx, [changed])
    (item,) = report.items
    assert item.outcome == "conflicting_duplicate"
    assert "穗府规〔2023〕5号 of 广州市人民政府 is already document" in (item.reason or "")
    assert "A11-guangzhou-2023-huoqin-xiushi.txt" in (item.reason or "")
    assert "copy-edited.txt" in (item.reason or "")
    assert registry.snapshot() == before


def test_a_number_used_twice_in_one_batch_rejects_the_second_and_keeps_the_rest(registry, inbox):
    (inbox / "a.txt").write_text(notice(5, "加强城市精细化管理"), encoding="utf-8")
    (inbox / "b.txt").write_text(notice(5, "规范校外培训"), encoding="utf-8")
    (inbox / "c.txt").write_text(notice(6, "禁燃烟花爆竹"), encoding="utf-8")
    report = import_documents(registry.ctx, [inbox])
    assert outcomes(report) == {
        "a.txt": "new",
        "b.txt": "conflicting_duplicate",
        "c.txt": "new",
    }
    reason = report.items[1].reason or ""
    assert "元政发〔2025〕5号 of 元宝山区人民政府 is used twice in this batch" in reason
    assert str(inbox / "a.txt") in reason and str(inbox / "b.txt") in reason
    assert rows(registry.path, "SELECT count(*) FROM document WHERE origin = 'imported'") == [(2,)]


def test_bad_inputs_each_get_a_reason_and_the_rest_of_the_batch_is_imported(registry, tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "01-good.txt").write_text(notice(1), encoding="utf-8")
    word = WordDocument()
    word.add_paragraph("正文")
    buffer = io.BytesIO()
    word.save(buffer)
    (folder / "02-truncated.docx").write_bytes(buffer.getvalue()[:2000])
    (folder / "03-empty.txt").write_bytes(b"")
    (folder / "04-junk.txt").write_bytes(bytes(range(256)) * 10)
    (folder / "05-utf16.txt").write_bytes(notice(9).encode("utf-16-le"))
    (folder / "06-bad-date.txt").write_text(
        notice(2).replace("2025年3月3日", "2018年13月1日"), encoding="utf-8"
    )
    (folder / "07-register.csv").write_text("文件名称,文号\n关于某事的通知,元政发〔2020〕1号\n")
    (folder / "08-big.txt").write_text(notice(3) + "\n正文。" * 400, encoding="utf-8")
    with zipfile.ZipFile(folder / "09-bomb.docx", "w", zipfile.ZIP_DEFLATED) as bomb:
        bomb.writestr("word/document.xml", b"<" + b"a" * 2 * 1024 * 1024)
    registry.ctx.__dict__["profile"] = registry.ctx.profile.model_copy(
        update={"import_": ImportRules(max_file_bytes=3 * 1024, max_uncompressed_bytes=50 * 1024)}
    )
    report = import_documents(registry.ctx, [folder, tmp_path / "missing.docx"])
    reasons = {Path(i.source).name: (i.outcome, i.reason or "") for i in report.items}
    assert reasons["01-good.txt"] == ("new", "")
    expected = {
        "02-truncated.docx": "corrupt or truncated",
        "03-empty.txt": "is empty",
        "04-junk.txt": "not a text file",
        "05-utf16.txt": "UTF-16 text without a byte-order mark",
        "06-bad-date.txt": "paragraph 6: the date “2018年13月1日” does not exist",
        "07-register.csv": "has no column for promulgated_on",
        "08-big.txt": "more than the limit of 3 KB",
        "09-bomb.docx": "would unpack to 2 MB, more than the limit of 50 KB",
        "missing.docx": "does not exist",
    }
    for name, phrase in expected.items():
        outcome, reason = reasons[name]
        assert outcome == "rejected" and phrase in reason, (name, reason)
        assert "\n" not in reason
    assert rows(registry.path, "SELECT title FROM document WHERE origin = 'imported'") == [
        ("元宝山区人民政府关于加强城市精细化管理的通知",)
    ]


def test_dry_run_reports_every_outcome_and_writes_nothing(registry, inbox):
    (inbox / "a.txt").write_text(notice(1), encoding="utf-8")
    (inbox / "b.txt").write_text("no title at all\n", encoding="utf-8")
    before = registry.snapshot()
    report = import_documents(registry.ctx, [inbox], dry_run=True)
    assert outcomes(report) == {"a.txt": "new", "b.txt": "rejected"}
    assert report.dry_run and not report.committed
    assert report.items[0].expires_on == date(2030, 3, 2)
    assert registry.snapshot() == before


def test_all_or_nothing_commits_nothing_when_an_item_is_rejected(registry, inbox):
    (inbox / "a.txt").write_text(notice(1), encoding="utf-8")
    (inbox / "b.txt").write_text(notice(2), encoding="utf-8")
    (inbox / "c.txt").write_bytes(b"\x00\x01\x02" * 100)
    before = registry.snapshot()
    report = import_documents(registry.ctx, [inbox], all_or_nothing=True)
    assert not report.committed and all(i.document_id is None for i in report.items)
    assert registry.snapshot() == before
    (inbox / "c.txt").unlink()
    report = import_documents(registry.ctx, [inbox], all_or_nothing=True)
    assert report.committed and report.counts()["new"] == 2


def test_unknown_issuer_is_rejected_unless_created_or_given(registry, inbox):
    text = (
        notice(1).replace("元宝山区人民政府", "元宝山区卫生健康委员会").replace("元政发", "元卫发")
    )
    (inbox / "a.txt").write_text(text, encoding="utf-8")
    before = registry.snapshot()
    (item,) = import_documents(registry.ctx, [inbox]).items
    assert item.outcome == "rejected"
    assert item.reason == (
        "issuer 元宝山区卫生健康委员会 not registered: add it with normdocs agency add "
        "元宝山区卫生健康委员会 --level department; or import with --create-issuers"
    )
    assert registry.snapshot() == before

    report = import_documents(registry.ctx, [inbox], create_issuers=True)
    assert report.created_issuers == ["元宝山区卫生健康委员会"]
    (agency,) = rows(
        registry.path,
        "SELECT a.level, a.code, p.name FROM agency a JOIN agency p ON p.id = a.parent_id"
        " WHERE a.name = '元宝山区卫生健康委员会'",
    )
    assert agency == ("department", "元卫发", "元宝山区人民政府")
    actions = [a for (a,) in rows(registry.path, "SELECT action FROM event ORDER BY id")][-2:]
    assert actions == ["agency.add", "document.import"]


def test_issuer_given_for_every_item(registry, inbox):
    (inbox / "a.txt").write_text(
        "关于校外培训机构管理的通知\n正文，正文。\n2025年3月3日\n", encoding="utf-8"
    )
    (item,) = import_documents(registry.ctx, [inbox], issuer="元宝山区教育局").items
    assert (item.outcome, item.issuer) == ("new", "元宝山区教育局")
    before = registry.snapshot()
    with pytest.raises(NotFound, match="no agency named 元宝山区财政局"):
        import_documents(registry.ctx, [inbox], issuer="元宝山区财政局")
    assert registry.snapshot() == before


@pytest.mark.parametrize("stage", ["drafting", "signed", "revoked", "bogus"])
def test_only_stages_after_promulgation_are_accepted(registry, stage):
    before = registry.snapshot()
    with pytest.raises(InvalidInput, match="can only enter as promulgated, filed, filing_accepted"):
        import_documents(registry.ctx, [A11], stage=stage)
    assert registry.snapshot() == before


def test_imported_as_filing_accepted(registry, inbox):
    (inbox / "a.txt").write_text(notice(1), encoding="utf-8")
    (item,) = import_documents(registry.ctx, [inbox], stage="filing_accepted").items
    assert rows(
        registry.path, "SELECT stage, filing_outcome FROM document WHERE id = ?", item.document_id
    ) == [("filing_accepted", "accepted")]


def test_a_register_imports_its_rows_with_their_row_numbers(registry, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["元宝山区规范性文件目录"])
    sheet.merge_cells("A1:F1")
    sheet.append(["序号", "文件名称", "文号", "发文机关", "印发日期", "有效期"])
    sheet.append(
        [
            1,
            "元宝山区人民政府关于甲事项的通知",
            "元政发[2019]第003号",
            "元宝山区人民政府",
            date(2019, 3, 1),
            "3年",
        ]
    )
    sheet.append(
        [2, "元宝山区教育局关于乙事项的通知", "元教发〔2017〕2号", None, "2017.5.31", None]
    )
    sheet.append(
        [
            3,
            "元宝山区教育局关于丙事项的通知",
            "元教发〔2018〕2号",
            "元宝山区教育局",
            "2018-02-30",
            None,
        ]
    )
    sheet.append(
        [
            4,
            "元宝山区人民政府关于甲事项的通知",
            "元政发〔2019〕3号",
            "元宝山区人民政府",
            "2019-03-01",
            "3年",
        ]
    )
    path = tmp_path / "台账.xlsx"
    book.save(path)
    report = import_documents(registry.ctx, [path])
    assert [(i.location, i.outcome) for i in report.items] == [
        ("row 3", "new"),
        ("row 4", "new"),
        ("row 5", "rejected"),
        ("row 6", "unchanged_duplicate"),
    ]
    assert (
        report.items[2].reason
        == "发布日期: the date “2018-02-30” does not exist: 2018-02 has no day 30"
    )
    first, second = report.items[0], report.items[1]
    assert (first.expires_on, first.validity_stated) == (date(2022, 2, 28), True)
    assert (second.issuer, second.expires_on) == (
        "元宝山区教育局",
        None,
    )  # from its title; pre-2018
    details = json.loads(
        rows(registry.path, "SELECT details FROM event WHERE document_id = ?", first.document_id)[
            0
        ][0]
    )
    assert (details["source"], details["row"], details["format"]) == (str(path), 3, "register")
    before = registry.snapshot()
    again = import_documents(registry.ctx, [path])
    assert [i.outcome for i in again.items] == [
        "unchanged_duplicate",
        "unchanged_duplicate",
        "rejected",
        "unchanged_duplicate",
    ]
    assert registry.snapshot() == before


# --- a text and a register row of one document; re-saved web pages ---------------------------

A11_NUMBER = "穗府规〔2023〕5号"
A11_TITLE = "广州市人民政府关于活禽经营市场每月休市时间的通告"


def a11_register(folder: Path) -> Path:
    path = folder / "台账.csv"
    path.write_text(
        f"文件名称,文号,发文机关,发布日期\n{A11_TITLE},{A11_NUMBER},广州市人民政府,2023-12-15\n",
        encoding="utf-8",
    )
    return path


def test_a_text_imported_after_its_register_row_is_added_to_that_document(registry, inbox):
    add_agency(registry.ctx, name="广州市人民政府", code="穗府规", level="government")
    first = import_documents(registry.ctx, [a11_register(inbox)])
    (row,) = first.items

    second = import_documents(registry.ctx, [A11])

    (item,) = second.items
    assert item.outcome == "unchanged_duplicate" and item.document_id == row.document_id
    assert "has no text yet: this text is added to it" in (item.reason or "")
    assert search_documents(registry.ctx, "人感染禽流感").total == 1
    actions = [e["action"] for e in registry.events(row.document_id)]
    assert actions == ["document.import", "document.text_imported"]
    assert verify_record(registry.ctx).ok
    # Once added, the same file again is simply the same text.
    third = import_documents(registry.ctx, [A11])
    assert third.items[0].outcome == "unchanged_duplicate"
    assert "the same text is already" in (third.items[0].reason or "")
    assert [e["action"] for e in registry.events(row.document_id)] == actions


@pytest.mark.parametrize("register_first", [True, False])
def test_a_register_row_and_the_text_of_one_document_in_one_batch(registry, inbox, register_first):
    add_agency(registry.ctx, name="广州市人民政府", code="穗府规", level="government")
    text = inbox / "A11.txt"
    text.write_text(A11.read_text(encoding="utf-8"), encoding="utf-8")
    register = a11_register(inbox)
    paths = [register, text] if register_first else [text, register]

    report = import_documents(registry.ctx, paths)

    assert report.counts()["new"] == 1 and report.counts()["unchanged_duplicate"] == 1
    ids = {item.document_id for item in report.items}
    assert len(ids) == 1 and None not in ids
    assert search_documents(registry.ctx, "人感染禽流感").total == 1  # the text is not lost


def test_the_same_page_saved_on_another_day_is_an_unchanged_duplicate(registry, inbox):
    add_agency(registry.ctx, name="广州市人民政府", code="穗府规", level="government")
    import_documents(registry.ctx, [A11])
    page = A11.read_text(encoding="utf-8")
    resaved = page.replace("时间:2024-02-20 15:00:35", "时间:2024-06-01 09:12:00")
    resaved = resaved.replace("启标文库-一个优质的标准下载网站", "浏览量：999\n责任编辑：李四")
    (inbox / "again.txt").write_text(resaved, encoding="utf-8")
    changed = page.replace(
        "继续对我市活禽经营市场开展每月休市措施", "对我市活禽经营市场开展每周休市措施"
    )
    (inbox / "changed.txt").write_text(changed, encoding="utf-8")

    report = import_documents(registry.ctx, [inbox / "again.txt", inbox / "changed.txt"])

    assert outcomes(report) == {
        "again.txt": "unchanged_duplicate",
        "changed.txt": "conflicting_duplicate",
    }


def test_a_register_row_without_an_issuer_takes_it_from_the_agency_code(registry, inbox):
    register = inbox / "台账.csv"
    register.write_text(
        "文件名称,文号,发布日期\n关于加强农村公路养护的通知,元政发〔2019〕33号,2019-05-06\n",
        encoding="utf-8",
    )
    report = import_documents(registry.ctx, [register])
    (item,) = report.items
    assert (item.outcome, item.issuer) == ("new", "元宝山区人民政府")


A05 = SAMPLES / "documents" / "A05-xuanwei-2017-jinranqu.txt"  # its page leaves out the 文号
A05_TITLE = "宣威市人民政府关于划定高污染燃料禁燃区的通告"


def test_a_body_sentence_naming_a_website_is_compared_like_any_other(registry, inbox):
    """Only lines of the web page around a document are left out of the comparison: two texts
    with one 文号 that differ in a sentence mentioning 网站 are two texts."""
    page = A11.read_text(encoding="utf-8")
    sentence = "现将有关事项通告如下:"
    assert sentence in page
    (inbox / "a.txt").write_text(
        page.replace(sentence, "并在市人民政府网站公布，自1月1日起执行。" + sentence), "utf-8"
    )
    (inbox / "b.txt").write_text(
        page.replace(sentence, "并在市人民政府网站公布，自7月1日起执行。" + sentence), "utf-8"
    )
    report = import_documents(registry.ctx, [inbox], create_issuers=True)
    assert outcomes(report) == {"a.txt": "new", "b.txt": "conflicting_duplicate"}


def test_a_page_without_its_number_joins_its_register_row_in_one_run(registry, inbox):
    add_agency(registry.ctx, name="宣威市人民政府", code="宣政发", level="government")
    (inbox / "台账.csv").write_text(
        f"文件名称,文号,发文机关,发布日期\n{A05_TITLE},宣政发〔2017〕30号,宣威市人民政府,2017-11-01\n",
        encoding="utf-8",
    )
    (inbox / "页面.txt").write_text(A05.read_text(encoding="utf-8"), encoding="utf-8")

    report = import_documents(registry.ctx, [inbox / "台账.csv", inbox / "页面.txt"])

    assert report.counts()["new"] == 1
    (page,) = [i for i in report.items if i.source.endswith("页面.txt")]
    assert page.outcome == "unchanged_duplicate" and "this text is added" in (page.reason or "")
    assert search_documents(registry.ctx, "煤矸石").hits[0]["doc_number"] == "宣政发〔2017〕30号"


def test_a_register_title_without_the_issuer_or_with_other_brackets_still_matches(registry, inbox):
    add_agency(registry.ctx, name="广州市人民政府", code="穗府规", level="government")
    short = A11_TITLE.removeprefix("广州市人民政府")
    (inbox / "台账.csv").write_text(
        f"文件名称,文号,发布日期\n{short},{A11_NUMBER},2023-12-15\n", encoding="utf-8"
    )
    import_documents(registry.ctx, [inbox / "台账.csv"])

    report = import_documents(registry.ctx, [A11])

    (item,) = report.items
    assert item.outcome == "unchanged_duplicate" and "this text is added" in (item.reason or "")


def test_an_attached_text_gives_the_document_the_validity_it_states(registry, inbox):
    add_agency(registry.ctx, name="广州市人民政府", code="穗府规", level="government")
    alone = import_documents(registry.ctx, [A11], dry_run=True).items[0]
    assert alone.validity_stated
    (inbox / "台账.csv").write_text(
        f"文件名称,文号,发文机关,发布日期\n{A11_TITLE},{A11_NUMBER},广州市人民政府,2023-11-08\n",
        encoding="utf-8",
    )
    import_documents(registry.ctx, [inbox / "台账.csv"])
    assert registry.document(A11_NUMBER)["validity_stated"] is False

    import_documents(registry.ctx, [A11])

    shown = registry.document(A11_NUMBER)
    assert shown["validity_stated"] is True
    assert (str(shown["effective_on"]), str(shown["expires_on"])) == (
        alone.effective_on.isoformat(),
        alone.expires_on.isoformat(),
    )
    (event,) = [e for e in registry.events(A11_NUMBER) if e["action"] == "document.text_imported"]
    assert event["details"]["validity_stated"] is True


def test_codes_of_issuers_created_in_the_run_name_later_rows(registry, inbox):
    (inbox / "台账.csv").write_text(
        "文件名称,文号,发文机关,发布日期\n"
        "宣威市人民政府关于划定高污染燃料禁燃区的通告,宣政发〔2017〕30号,宣威市人民政府,2017-11-01\n"
        "关于加强燃煤管理的通知,宣政发〔2017〕31号,,2017-11-02\n",
        encoding="utf-8",
    )
    report = import_documents(registry.ctx, [inbox / "台账.csv"], create_issuers=True)
    assert [(i.outcome, i.issuer) for i in report.items] == [
        ("new", "宣威市人民政府"),
        ("new", "宣威市人民政府"),
    ]


@pytest.mark.parametrize("one_run", [True, False])
def test_a_register_row_after_a_page_without_its_number_gives_it_the_number(
    registry, inbox, one_run
):
    add_agency(registry.ctx, name="宣威市人民政府", code="宣政发", level="government")
    page = inbox / "页面.txt"
    page.write_text(A05.read_text(encoding="utf-8"), encoding="utf-8")
    register = inbox / "台账.csv"
    register.write_text(
        f"文件名称,文号,发文机关,发布日期\n{A05_TITLE},宣政发〔2017〕30号,宣威市人民政府,2017-11-01\n",
        encoding="utf-8",
    )
    if one_run:
        report = import_documents(registry.ctx, [page, register])
    else:
        import_documents(registry.ctx, [page])
        report = import_documents(registry.ctx, [register])

    row = report.items[-1]
    assert row.outcome == "unchanged_duplicate"
    assert "has no 文号 yet: 宣政发〔2017〕30号 is added to it" in (row.reason or "")
    shown = registry.document("宣政发〔2017〕30号")
    assert shown["id"] == row.document_id and shown["title"] == A05_TITLE
    actions = [e["action"] for e in registry.events(row.document_id)]
    assert actions[-1] == "document.number_imported"
    assert verify_record(registry.ctx).ok
    again = import_documents(registry.ctx, [register])
    assert again.items[0].outcome == "unchanged_duplicate"
    assert "is already" in (again.items[0].reason or "")


def test_a_numbered_text_that_differs_from_a_page_without_number_is_not_merged_into_it(
    registry, inbox
):
    """Only a register row or the same text gives a number-less document its 文号: another text
    with the same title and date is kept, not dropped as a duplicate."""
    add_agency(registry.ctx, name="宣威市人民政府", code="宣政发", level="government")
    page = A05.read_text(encoding="utf-8")
    (inbox / "页面.txt").write_text(page, encoding="utf-8")
    import_documents(registry.ctx, [inbox / "页面.txt"])
    other = "宣政发〔2017〕30号\n" + page.replace("煤矸石、", "煤矸石、生物质成型燃料、")
    (inbox / "正式文本.txt").write_text(other, encoding="utf-8")

    report = import_documents(registry.ctx, [inbox / "正式文本.txt"])

    (item,) = report.items
    assert item.outcome == "new"
    assert search_documents(registry.ctx, "生物质成型燃料").hits[0]["id"] == item.document_id
