"""Spreadsheet registers: the header found below title rows, column name variants, --map,
Excel date cells and text dates, and the bad registers a clerk really has."""

import io
from datetime import date, datetime

import pytest
from openpyxl import Workbook

from normdocs.domain.errors import InvalidInput
from normdocs.domain.extract import register_values
from normdocs.domain.profile import ImportRules
from normdocs.importers.register import parse_mapping, read_register
from normdocs.importers.sources import Unreadable, read_file

LIMITS = ImportRules()
TODAY = date(2026, 11, 27)


def xlsx(rows: list[list[object]], merge: str | None = None, start_row: int = 1) -> bytes:
    book = Workbook()
    sheet = book.active
    for offset, row in enumerate(rows):
        for column, value in enumerate(row, start=1):
            if value is not None:
                sheet.cell(row=start_row + offset, column=column, value=value)
    if merge:
        sheet.merge_cells(merge)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rows_of(data: bytes, suffix: str, mapping: list[str] | None = None) -> list:
    tables = read_register(data, f"register{suffix}", suffix, LIMITS, parse_mapping(mapping or []))
    return [row for table in tables for row in table.rows]


def test_xlsx_header_below_a_merged_title_row_with_date_cells_and_text_dates():
    data = xlsx(
        [
            ["元宝山区行政规范性文件登记台账（2018—2022年）", None, None, None, None],
            [None, None, None, None, None],
            ["序号", "标题", "发文字号", "制定机关", "印发日期", "有效期"],
            [
                1,
                "关于加强城市精细化管理的通知",
                "元政发[2018]第007号",
                "元宝山区人民政府",
                datetime(2018, 8, 1),
                "5年",
            ],
            [
                2,
                "关于校外培训的暂行办法",
                "元教发〔2022〕12号",
                "元宝山区教育局",
                "2022.5.31",
                "2024-05-30",
            ],
        ],
        merge="A1:F1",
    )
    rows = rows_of(data, ".xlsx")
    assert [r.row for r in rows] == [4, 5]
    first = register_values(rows[0].values, today=TODAY)
    second = register_values(rows[1].values, today=TODAY)
    assert (first.title, first.doc_number, first.issuer) == (
        "关于加强城市精细化管理的通知",
        "元政发〔2018〕7号",
        "元宝山区人民政府",
    )
    assert first.promulgated_on == date(2018, 8, 1) and first.validity_years == 5
    assert second.promulgated_on == date(2022, 5, 31) and second.expires_on == date(2024, 5, 30)
    assert second.interim and second.problems == ()


def test_sheet_that_starts_lower_keeps_spreadsheet_row_numbers():
    data = xlsx([["文件名称", "发布日期"], ["关于某事项的通知", "2020-01-01"]], start_row=5)
    assert [r.row for r in rows_of(data, ".xlsx")] == [6]


@pytest.mark.parametrize(
    "header",
    [
        ["文件名称", "文号", "发文机关", "发布日期", "施行日期", "有效期", "状态", "备注"],
        ["标题", "发文字号", "制定机关", "印发日期", "施行日期", "有效期", "效力", "备注"],
        ["文件名称", "文号", "发文机关", "公布日期", "施行日期", "有效期", "是否有效", "备注"],
        [
            "* 文件名称",
            "文  号",
            "发文机关（全称）",
            "公布日期：",
            "施行日期",
            "有效期",
            "状态",
            "备注",
        ],
    ],
    ids=["usual", "variants", "more-variants", "decorated"],
)
def test_usual_column_names_and_variants_are_recognised(header):
    text = (
        ",".join(header)
        + "\n关于某事项的通知,元政发〔2020〕1号,元宝山区人民政府,2020-01-02,2020-02-01,3年,有效,无\n"
    )
    (row,) = rows_of(text.encode(), ".csv")
    found = register_values(row.values, today=TODAY)
    assert found.doc_number == "元政发〔2020〕1号" and found.issuer == "元宝山区人民政府"
    assert (found.promulgated_on, found.effective_on, found.validity_years) == (
        date(2020, 1, 2),
        date(2020, 2, 1),
        3,
    )
    assert found.problems == ()


def test_map_overrides_and_ignores_columns():
    text = "文件题目,成文时间,登记号\n关于某事项的通知,2020/1/2,ND〔2020〕001\n"
    with pytest.raises(InvalidInput, match="no header row found"):
        rows_of(text.encode(), ".csv")
    (row,) = rows_of(text.encode(), ".csv", ["文件题目=title", "成文时间=promulgated_on"])
    assert register_values(row.values, today=TODAY).promulgated_on == date(2020, 1, 2)


def test_bad_map_options_are_refused():
    for bad in ("文件题目", "文件题目=subject", "=title"):
        with pytest.raises(InvalidInput, match="COLUMN=FIELD"):
            parse_mapping([bad])


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("文件名称,文号\n关于某事项的通知,元政发〔2020〕1号\n", "no column for promulgated_on"),
        ("文号,发布日期\n元政发〔2020〕1号,2020-01-02\n", "no column for title (文件名称/标题)"),
        (
            "文件名称,文号,发文字号,发布日期\n关于某事项的通知,1,2,2020-01-02\n",
            "columns “文号” and “发文字号” both give the doc_number",
        ),
        ("标题,标题,发布日期\n甲,乙,2020-01-02\n", "columns “标题” and “标题” both give the title"),
    ],
    ids=["missing-date-column", "missing-title-column", "two-number-columns", "same-column-twice"],
)
def test_registers_with_missing_or_duplicated_columns_are_refused_whole(tmp_path, text, phrase):
    path = tmp_path / "register.csv"
    path.write_text(text, encoding="utf-8")
    (record,) = list(read_file(path, LIMITS))
    assert isinstance(record, Unreadable)
    assert phrase in record.reason and "register.csv" in record.reason
    assert "--map" in (record.hint or "")


def test_a_header_without_the_title_column_says_so_and_how_to_map_it(tmp_path):
    path = tmp_path / "register.csv"
    path.write_text(
        "序号,事项名称,文号,发布日期\n1,关于某事项的通知,元政发〔2020〕1号,2020-01-02\n"
    )
    (record,) = list(read_file(path, LIMITS))
    assert isinstance(record, Unreadable)
    assert record.reason == (
        "register.csv: the header (row 1) has no column for title (文件名称/标题)"
    ).replace("register.csv", str(path))
    assert record.hint == (
        "name the column with --map COLUMN=title; the columns not recognised are 序号, 事项名称"
    )
    (row,) = list(read_file(path, LIMITS, parse_mapping(["事项名称=title"])))
    assert row.values["title"] == "关于某事项的通知"


def test_a_single_known_column_is_still_no_header(tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text("备注\n无\n")
    (record,) = list(read_file(path, LIMITS))
    assert isinstance(record, Unreadable) and "no header row found" in record.reason


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_register_with_a_header_and_no_rows_is_one_rejected_item(tmp_path, suffix):
    header = ["序号", "文件名称", "文号", "发布日期"]
    path = tmp_path / f"台账{suffix}"
    if suffix == ".csv":
        path.write_text(",".join(header) + "\n,,,\n", encoding="utf-8")
    else:
        path.write_bytes(xlsx([["元宝山区规范性文件台账"], header, [1]]))
    (record,) = list(read_file(path, LIMITS))
    assert isinstance(record, Unreadable)
    row = 1 if suffix == ".csv" else 2
    assert record.reason == f"{path}: the register has no rows under its header (row {row})"
    assert record.hint


def test_a_map_naming_a_column_the_header_does_not_have_rejects_the_register(tmp_path):
    path = tmp_path / "register.csv"
    path.write_text("文件题目,发布日期,文号\n关于某事项的通知,2020-01-02,元政发〔2020〕1号\n")
    (record,) = list(read_file(path, LIMITS, parse_mapping(["发布日子=promulgated_on"])))
    assert isinstance(record, Unreadable)
    assert (
        record.reason
        == f"{path}: --map 发布日子=promulgated_on: the header (row 1) has no column “发布日子”"
    )
    assert record.hint == "write the column as the header has it: 文件题目, 发布日期, 文号"
    # The typo is named even where it is why the header lacks its title column.
    (record,) = list(read_file(path, LIMITS, parse_mapping(["文件提目=title"])))
    assert isinstance(record, Unreadable) and "no column “文件提目”" in record.reason
    # An ignore of a column that is not there changes nothing, and is no error.
    rows = list(read_file(path, LIMITS, parse_mapping(["序号=ignore"])))
    assert [r.values["title"] for r in rows] == ["关于某事项的通知"]


def test_a_map_column_in_any_sheet_of_a_workbook_is_found():
    book = Workbook()
    book.active.append(["文件名称", "发布日期"])
    book.active.append(["关于某事项的通知", "2020-01-02"])
    other = book.create_sheet("2021")
    other.append(["文件名称", "成文时间"])
    other.append(["关于另一事项的通知", "2021-01-02"])
    buffer = io.BytesIO()
    book.save(buffer)
    rows = rows_of(buffer.getvalue(), ".xlsx", ["成文时间=promulgated_on"])
    assert [r.values["promulgated_on"] for r in rows] == ["2020-01-02", "2021-01-02"]


@pytest.mark.parametrize("name", ["台账.csv", "台账.xls", "台账"])
def test_an_xlsx_under_another_name_is_read_as_the_workbook_it_is(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(xlsx([["文件名称", "发布日期"], ["关于某事项的通知", "2020-01-02"]]))
    (row,) = list(read_file(path, LIMITS))
    assert register_values(row.values, today=TODAY).promulgated_on == date(2020, 1, 2)


def test_register_rows_beyond_the_limit_are_refused(tmp_path):
    path = tmp_path / "big.csv"
    path.write_text("文件名称,发布日期\n" + "关于某事项的通知,2020-01-02\n" * 20, encoding="utf-8")
    (record,) = list(read_file(path, ImportRules(max_rows=10)))
    assert isinstance(record, Unreadable) and "more than the limit of 10" in record.reason


def test_gb18030_csv_as_excel_saves_it_on_a_chinese_windows(tmp_path):
    path = tmp_path / "台账.csv"
    path.write_bytes("文件名称,发布日期\r\n关于某事项的通知,2020年1月2日\r\n".encode("gb18030"))
    (row,) = list(read_file(path, LIMITS))
    assert register_values(row.values, today=TODAY).promulgated_on == date(2020, 1, 2)


def test_a_value_outside_every_column_is_a_problem_of_that_row():
    (row,) = rows_of("文件名称,发布日期\n关于某事项的通知,2020-01-02,多出的一格\n".encode(), ".csv")
    assert row.problem and "outside every column" in row.problem


def test_corrupt_xlsx_is_refused(tmp_path):
    path = tmp_path / "register.xlsx"
    data = xlsx([["文件名称", "发布日期"], ["关于某事项的通知", "2020-01-02"]])
    path.write_bytes(data[: len(data) // 2])
    (record,) = list(read_file(path, LIMITS))
    assert isinstance(record, Unreadable) and "corrupt or truncated" in record.reason


# --- cell values --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2022.5.31", date(2022, 5, 31)),
        ("2022/05/31", date(2022, 5, 31)),
        ("2022年5月31日", date(2022, 5, 31)),
        ("二〇二二年五月三十一日", date(2022, 5, 31)),
        ("二O二二年五月三十一日", date(2022, 5, 31)),
        ("20220531", date(2022, 5, 31)),
        ("2022-05-31 00:00:00", date(2022, 5, 31)),
        (datetime(2022, 5, 31, 0, 0), date(2022, 5, 31)),
        (44712.0, date(2022, 5, 31)),  # an Excel date kept as a plain number
    ],
)
def test_dates_in_register_cells(cell, expected):
    found = register_values({"title": "关于某事项的通知", "promulgated_on": cell}, today=TODAY)
    assert found.promulgated_on == expected and found.problems == ()


@pytest.mark.parametrize(
    ("cell", "phrase"),
    [
        ("2018-02-30", "2018-02 has no day 30"),
        ("2018年13月1日", "there is no month 13"),
        ("下个月", "not a date"),
    ],
)
def test_impossible_dates_are_problems_naming_the_column(cell, phrase):
    found = register_values({"title": "关于某事项的通知", "promulgated_on": cell}, today=TODAY)
    (problem,) = found.problems
    assert str(problem.message).startswith("发布日期: ") and phrase in str(problem.message)


def test_every_bad_cell_of_a_row_is_reported():
    found = register_values(
        {
            "title": "关于某事项的通知",
            "doc_number": "元政发2020年1号",  # 元政发2020第1号 is read since issue 12
            "promulgated_on": "2018-02-30",
            "validity": "很久",
        },
        today=TODAY,
    )
    columns = [str(p.message).split(":")[0] for p in found.problems]
    assert columns == ["文号", "发布日期", "有效期"]


@pytest.mark.parametrize(
    ("status", "note", "ended"),
    [
        ("有效", None, None),
        ("已废止", "2021年3月1日废止", ("repealed", date(2021, 3, 1))),
        ("2020-05-01宣布失效", None, ("invalidated", date(2020, 5, 1))),
    ],
)
def test_status_column(status, note, ended):
    values = {"title": "关于某事项的通知", "promulgated_on": "2019-01-01", "status": status}
    if note:
        values["note"] = note
    found = register_values(values, today=TODAY)
    assert found.problems == ()
    assert (found.end_reason, found.ended_on) == (ended or (None, None))


@pytest.mark.parametrize(
    ("status", "reason"),
    [("已废止", "repealed"), ("失效", "expired"), ("已修改", "superseded")],
)
def test_an_ending_status_without_its_date_ends_on_an_unknown_day(status, reason):
    found = register_values(
        {"title": "关于某事项的通知", "promulgated_on": "2019-01-01", "status": status},
        today=TODAY,
    )
    assert found.problems == ()
    assert (found.end_reason, found.ended_on, found.end_date_unknown) == (reason, None, True)
    (note,) = map(str, found.notes)
    assert f"状态 “{status}” gives no date: imported as {reason} on an unknown day" in note


@pytest.mark.parametrize(
    ("note", "number"),
    [
        ("登记号：ZFGF-2019-003", "ZFGF-2019-003"),
        ("已备案，统一登记号 某司备〔2019〕3号。", "某司备〔2019〕3号"),
        ("登记号待补", None),
        ("2021年3月1日废止", None),
    ],
)
def test_a_registration_number_written_in_the_note(note, number):
    found = register_values(
        {"title": "关于某事项的通知", "promulgated_on": "2019-01-01", "note": note},
        today=TODAY,
    )
    assert found.registration_no == number


def test_a_merged_issuer_or_date_cell_counts_for_every_row_it_spans():
    """One issuer and one date written once for three rows (merged cells, as registers keep
    them): each row reads them, as Excel shows them."""
    book = Workbook()
    sheet = book.active
    sheet.append(["文件名称", "文号", "制定机关", "印发日期"])
    sheet.append(
        ["关于规范农村宅基地审批管理的通知", "元农发〔2019〕1号", "元宝山区农牧局", "2019年3月5日"]
    )
    sheet.append(["关于加强动物防疫工作的实施意见", "元农发〔2019〕2号", None, None])
    sheet.append(["关于做好春耕生产工作的通知", "元农发〔2019〕3号", None, None])
    sheet.append(
        ["关于禁止秸秆焚烧的通告", "元农发〔2019〕4号", "元宝山区人民政府", "2019年4月1日"]
    )
    sheet.merge_cells("C2:C4")
    sheet.merge_cells("D2:D4")
    buffer = io.BytesIO()
    book.save(buffer)
    read = [register_values(r.values, today=TODAY) for r in rows_of(buffer.getvalue(), ".xlsx")]
    assert [(r.issuer, r.promulgated_on) for r in read] == [
        ("元宝山区农牧局", date(2019, 3, 5)),
        ("元宝山区农牧局", date(2019, 3, 5)),
        ("元宝山区农牧局", date(2019, 3, 5)),
        ("元宝山区人民政府", date(2019, 4, 1)),
    ]
    assert all(r.problems == () for r in read)


def test_a_value_outside_every_column_is_refused_in_a_workbook_as_in_a_csv():
    header = ["文件名称", "文号", "发文机关", "发布日期"]
    row = ["元宝山区人民政府关于甲的通知", "元政发〔2019〕1号", "元宝山区人民政府", "2019-01-01"]
    from_xlsx = rows_of(xlsx([header, [*row, "2020-05-01已废止"]]), ".xlsx")
    csv_text = ",".join(header) + "\n" + ",".join([*row, "2020-05-01已废止"]) + "\n"
    from_csv = rows_of(csv_text.encode("utf-8"), ".csv")
    assert from_xlsx[0].problem == from_csv[0].problem
    assert "a value is outside every column" in (from_xlsx[0].problem or "")


def test_a_sheet_whose_header_cannot_be_used_is_a_rejected_item_beside_the_good_ones():
    """A workbook of one sheet a year: the sheet whose header names one field twice, and the
    one with no date column, are each one rejected item naming the sheet; the good sheet's rows
    are read."""
    book = Workbook()
    good = book.active
    good.title = "2018年"
    good.append(["文件名称", "文号", "发文机关", "发布日期"])
    good.append(
        ["元宝山区人民政府关于甲的通知", "元政发〔2018〕1号", "元宝山区人民政府", "2018年6月1日"]
    )
    twice = book.create_sheet("2019年")
    twice.append(["文件名称", "文号", "发文机关", "印发日期", "发布日期"])
    twice.append(
        [
            "元宝山区人民政府关于乙的通知",
            "元政发〔2019〕1号",
            "元宝山区人民政府",
            "2019年1月1日",
            "2019年1月2日",
        ]
    )
    undated = book.create_sheet("2020年")
    undated.append(["文件名称", "文号", "发文机关"])
    undated.append(["元宝山区人民政府关于丙的通知", "元政发〔2020〕1号", "元宝山区人民政府"])
    buffer = io.BytesIO()
    book.save(buffer)
    rows = rows_of(buffer.getvalue(), ".xlsx")
    assert [(r.sheet, r.problem is None) for r in rows] == [
        ("2018年", True),
        ("2019年", False),
        ("2020年", False),
    ]
    assert "promulgated_on" in (rows[1].problem or "")
    assert "no column for" in (rows[2].problem or "")


def _with_formula(value: str | None) -> bytes:
    """A register whose 状态 cell is a formula; with `value`, stored beside it as Excel and WPS
    store every formula's last value, without one as a program (openpyxl) writes it."""
    import zipfile

    data = xlsx(
        [
            ["文件名称", "文号", "发文机关", "发布日期", "状态"],
            [
                "关于甲事的通知",
                "元政发〔2016〕1号",
                "元宝山区人民政府",
                "2016-03-05",
                '=IF(1=1,"已废止","有效")',
            ],
        ]
    )
    if value is None:
        return data
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            body = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = body.replace(b"</f><v></v></c>", b"</f><v>" + value.encode() + b"</v></c>")
                body = body.replace(b'<c r="E2"', b'<c r="E2" t="str"', 1)
            target.writestr(info, body)
    return out.getvalue()


def test_a_formula_without_its_stored_value_is_refused_not_read_as_empty():
    """A formula cell a program wrote without its value reads as empty: the row would be
    imported in force although the sheet shows 已废止. The workbook is refused, saying which
    cell and what to do; the same formula with its stored value is read."""
    with pytest.raises(InvalidInput, match=r"the formula in E2 has no stored value") as refused:
        rows_of(_with_formula(None), ".xlsx")
    assert "save it again" in (refused.value.hint or "")
    [row] = rows_of(_with_formula("已废止"), ".xlsx")
    assert row.values["status"] == "已废止"
