"""The law-list reader (importers/laws.py): bytes in, checked records out, no database; its text
goes through the one decoder of text files (importers/textfile.py)."""

import json
from datetime import date

import pytest

from normdocs.domain.errors import InvalidInput
from normdocs.importers.laws import LawRecord, parse_laws, read_law_file

HEADER = "title,short_title,level,promulgated,effective,status,history,number\n"
ROW = "《中华人民共和国 立法法》,,law,2015年3月15日,2015-03-15,superseded,2015年修正,\n"


def test_a_csv_row_becomes_a_checked_record():
    (record,) = parse_laws((HEADER + ROW).encode("utf-8"), "laws.csv")
    assert record == LawRecord(
        line=2,
        title="中华人民共和国立法法",
        short_title="立法法",
        level="法律",
        promulgated_on=date(2015, 3, 15),
        effective_on=date(2015, 3, 15),
        status="superseded",
        history="2015年修正",
        doc_number=None,
    )


@pytest.mark.parametrize(
    "data",
    [
        (HEADER + ROW).encode("gb18030"),
        b"\xef\xbb\xbf" + (HEADER + ROW).encode("utf-8"),
        b"\xff\xfe" + (HEADER + ROW).encode("utf-16-le"),
    ],
    ids=["gb18030", "utf-8-bom", "utf-16-bom"],
)
def test_every_encoding_the_text_decoder_reads_gives_the_same_record(data):
    (record,) = parse_laws(data, "laws.csv")
    assert (record.title, record.level) == ("中华人民共和国立法法", "法律")


def test_json_rows_are_numbered_as_rows_and_an_order_number_is_kept():
    data = json.dumps(
        [
            {
                "title": "道路交通安全法实施条例",
                "level": "行政法规",
                "doc_number": "国务院令第４０５号",
            }
        ],
        ensure_ascii=False,
    ).encode("utf-8")
    (record,) = parse_laws(data, "laws.json")
    assert (record.line, record.doc_number) == (1, "国务院令第405号")


def test_every_bad_row_is_named_and_none_is_returned():
    text = HEADER + "甲法,,no-such-level,,,,,\n,,law,,,,,\n乙法,,law,2020-02-30,,,,\n" + ROW + ROW
    with pytest.raises(InvalidInput) as refused:
        parse_laws(text.encode("utf-8"), "laws.csv")
    message = str(refused.value.message)
    assert message.startswith("laws.csv: 4 rows are not valid, nothing was imported: line 2:")
    assert "unknown level “no-such-level”" in message and "line 3: no title" in message
    assert "line 4: promulgated:" in message and "line 6: the same version as line 5" in message


def test_binary_junk_is_refused_with_a_law_file_hint():
    with pytest.raises(InvalidInput) as refused:
        parse_laws(b"\x00\x01\x02binary\x00" * 50, "laws.csv")
    assert "laws.csv" in str(refused.value.message)
    assert str(refused.value.hint) == "save it again as UTF-8"


def test_a_file_is_read_with_the_sha256_of_its_bytes(tmp_path):
    path = tmp_path / "laws.csv"
    path.write_bytes((HEADER + ROW).encode("utf-8"))
    law_file = read_law_file(path)
    assert law_file.name == "laws.csv" and len(law_file.records) == 1
    assert law_file.sha256 == __import__("hashlib").sha256(path.read_bytes()).hexdigest()
    with pytest.raises(InvalidInput, match="cannot read"):
        read_law_file(tmp_path / "missing.csv")
