"""A register row whose 状态 says it ended, without the day: imported as ended on an unknown day
— not in force today, its validity unknown before the import — with a warning; a 登记号 in 备注
becomes the registration number."""

from datetime import date
from pathlib import Path

from normdocs.services.documents import list_documents, show_document
from normdocs.services.importing import import_documents

HEADER = "文件名称,文号,发文机关,发布日期,状态,备注\n"
ROWS = [
    "关于甲事的通知,元政发〔2015〕1号,元宝山区人民政府,2015-03-05,已废止,",
    "关于乙事的通知,元政发〔2015〕2号,元宝山区人民政府,2015-04-05,有效,登记号：YBS-2015-002",
    "关于丙事的通知,元政发〔2015〕3号,元宝山区人民政府,2015-05-05,失效,登记号：YBS-2015-002",
]


def register(folder: Path) -> Path:
    path = folder / "台账.csv"
    path.write_text(HEADER + "\n".join(ROWS) + "\n", encoding="utf-8")
    return path


def test_an_ending_without_its_day_is_imported_as_ended_on_an_unknown_day(registry, tmp_path):
    report = import_documents(registry.ctx, [register(tmp_path)], create_issuers=True)
    first, second, third = report.items
    assert [i.outcome for i in report.items] == ["new", "new", "new"]
    assert "状态 “已废止” gives no date: imported as repealed on an unknown day" in "; ".join(
        first.notes
    )
    today = registry.ctx.today()
    shown = show_document(registry.ctx, str(first.document_id))
    assert (shown["validity"], shown["ended_on"], shown["end_reason"]) == (
        "repealed",
        None,
        "repealed",
    )
    assert shown["ended_on_unknown"] is True
    earlier = show_document(registry.ctx, str(first.document_id), as_of=date(2016, 1, 1))
    assert earlier["validity"] == "unknown"
    before_it = show_document(registry.ctx, str(first.document_id), as_of=date(2015, 1, 1))
    assert before_it["validity"] == "not_promulgated"
    # The SQL filters say the same as the rule.
    assert [d["id"] for d in list_documents(registry.ctx, validity="repealed")] == [
        first.document_id
    ]
    assert [d["id"] for d in list_documents(registry.ctx, validity="expired")] == [
        third.document_id
    ]
    in_force = {d["id"] for d in list_documents(registry.ctx, validity="in_force")}
    assert second.document_id in in_force and first.document_id not in in_force
    unknown = list_documents(registry.ctx, validity="unknown", as_of=date(2016, 1, 1))
    assert [d["id"] for d in unknown] == [first.document_id, third.document_id]
    assert today > date(2016, 1, 1)


def test_a_registration_number_in_the_note_is_recorded_once(registry, tmp_path):
    report = import_documents(registry.ctx, [register(tmp_path)], create_issuers=True)
    _first, second, third = report.items
    assert show_document(registry.ctx, str(second.document_id))["registration_no"] == (
        "YBS-2015-002"
    )
    assert show_document(registry.ctx, str(third.document_id))["registration_no"] is None
    assert "登记号 YBS-2015-002 in 备注 is another document's: not recorded" in third.notes


def test_a_page_whose_header_says_repealed_is_imported_as_ended_on_an_unknown_day(
    registry, tmp_path
):
    page = tmp_path / "page.txt"
    page.write_text(
        "\n".join(
            [
                "【发文字号】元政发〔2015〕9号",
                "【时效性】已废止",
                "元宝山区人民政府关于某事的通知",
                "各镇人民政府：",
                "现将有关事项通知如下，请遵照执行。",
                "元宝山区人民政府",
                "2015年3月5日",
            ]
        ),
        encoding="utf-8",
    )
    (item,) = import_documents(registry.ctx, [page], create_issuers=True).items
    assert item.outcome == "new"
    assert any("时效性 says repealed without a date" in note for note in item.notes)
    shown = show_document(registry.ctx, str(item.document_id))
    assert (shown["validity"], shown["ended_on_unknown"]) == ("repealed", True)


def test_impossible_dates_are_rejected_row_by_row(registry, tmp_path):
    """A row promulgated after today, or ending or expiring before its promulgation (a mistyped
    year), is one rejected item saying which date and why; the good rows are imported."""
    path = tmp_path / "台账.csv"
    path.write_text(
        "文件名称,文号,发文机关,发布日期,有效期,状态,备注\n"
        "关于甲事的通知,元政发〔2030〕1号,元宝山区人民政府,2030年1月1日,,有效,\n"
        "关于乙事的通知,元政发〔2018〕8号,元宝山区人民政府,2018年6月9日,,已废止,2017-01-01废止\n"
        "关于丙事的通知,元政发〔2018〕11号,元宝山区人民政府,2018年6月10日,2018年1月1日,有效,\n"
        "关于丁事的通知,元政发〔2018〕12号,元宝山区人民政府,2018年6月10日,5年,有效,\n",
        encoding="utf-8",
    )
    today = registry.ctx.today()
    report = import_documents(registry.ctx, [path], create_issuers=True)
    assert [i.outcome for i in report.items] == ["rejected", "rejected", "rejected", "new"]
    reasons = [i.reason for i in report.items[:3]]
    assert reasons == [
        f"发布日期: 2030-01-01 is after today ({today}): a register lists promulgated documents",
        "状态: it ended on 2017-01-01, before the promulgation on 2018-06-09",
        "有效期: the validity ends on 2018-01-01, before the promulgation on 2018-06-10",
    ]
    assert [d["title"] for d in list_documents(registry.ctx)] == ["关于丁事的通知"]


def test_a_later_register_that_states_another_date_or_an_ending_says_so(registry, tmp_path):
    """The same document in a later year's register, with another date and 已废止: it stays the
    registered document (nothing is changed by a register row), and the item says what the row
    states that the registry does not, and how to record it."""
    first = tmp_path / "台账2020.csv"
    first.write_text(HEADER + "关于甲事的通知,元政发〔2020〕5号,元宝山区人民政府,2020-03-05,有效,\n",
                     encoding="utf-8")  # fmt: skip
    later = tmp_path / "台账2022.csv"
    later.write_text(
        HEADER
        + "关于甲事的通知,元政发〔2020〕5号,元宝山区人民政府,2020-03-09,已废止,2021-06-01废止\n",
        encoding="utf-8",
    )
    [made] = import_documents(registry.ctx, [first], create_issuers=True).items
    [again] = import_documents(registry.ctx, [later]).items
    assert (again.outcome, again.document_id) == ("unchanged_duplicate", made.document_id)
    assert again.notes == (
        "this row says promulgated on 2020-03-09, the registry has 2020-03-05: not changed — if "
        f"the registry is wrong, correct it with: normdocs doc correct {made.document_id} "
        "--date-of publish 2020-03-09 --reason …",
        "this row says the document ended (repealed, 2021-06-01), the registry has it not ended: "
        "not changed — record the ending through a cleanup decision (normdocs cleanup)",
    )
    shown = show_document(registry.ctx, str(made.document_id))
    assert (shown["promulgated_on"], shown["ended_on"]) == ("2020-03-05", None)


def test_a_number_another_issuer_has_is_a_conflicting_duplicate(registry, tmp_path):
    """A 文号 names one document: a row giving the department a 文号 the government's document
    has (in the registry, or earlier in the same register) is not registered, and says whose
    it is — `doc show 文号` stays unambiguous."""
    # (the registry of the tests has 元宝山区人民政府, 元政发, and 元宝山区教育局, 元教发)
    path = tmp_path / "台账.csv"
    path.write_text(
        "文件名称,文号,发布日期\n"
        "元宝山区人民政府关于X的通知,元政发〔2019〕3号,2019-03-05\n"
        "元宝山区教育局关于Y的通知,元政发〔2019〕3号,2019-04-05\n",
        encoding="utf-8",
    )
    first, second = import_documents(registry.ctx, [path]).items
    assert (first.outcome, second.outcome) == ("new", "conflicting_duplicate")
    assert second.reason == (
        f"元政发〔2019〕3号 is already row 2 of {path}, of 元宝山区人民政府: a 文号 names one "
        "document — check the number or the issuer of this row"
    )
    later = tmp_path / "b.csv"
    later.write_text("文件名称,文号,发布日期\n元宝山区教育局关于Z的通知,元政发〔2019〕3号,2019-04-05\n",
                     encoding="utf-8")  # fmt: skip
    [third] = import_documents(registry.ctx, [later]).items
    assert third.outcome == "conflicting_duplicate"
    assert f"is already document {first.document_id}, of 元宝山区人民政府" in (third.reason or "")
    assert show_document(registry.ctx, "元政发〔2019〕3号")["id"] == first.document_id
