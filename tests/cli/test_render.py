"""Tables keep their columns straight with Chinese text; one record prints aligned."""

import io
import json
import re

from rich.cells import cell_len

from normdocs.cli import render
from normdocs.i18n import set_language

ROWS = [
    {
        "id": 1,
        "title": "清远市人民政府关于继续在清城清新主城区全面开展家禽“集中屠宰、冷链配送、"
        "生鲜上市”工作的通告",
        "issuer": "清远市人民政府",
        "stage": "promulgated",
    },
    {"id": 12, "title": "太和县2016年禁渔公告", "issuer": "太和县人民政府", "stage": "drafting"},
]
COLUMNS = [("id", "id"), ("title", "title"), ("issuer", "issuer"), ("stage", "stage")]


def test_chinese_table_lines_all_have_the_same_width(monkeypatch):
    for width in (60, 80, 200):
        out = io.StringIO()
        out.isatty = lambda: True  # type: ignore[method-assign]
        monkeypatch.setattr(render.sys, "stdout", out)
        monkeypatch.setenv("COLUMNS", str(width))
        set_language("zh")
        try:
            render.emit_rows(ROWS, COLUMNS, render.Format.TABLE)
        finally:
            set_language("en")
        plain = re.sub(r"\x1b\[[0-9;]*m", "", out.getvalue())
        lines = plain.rstrip("\n").splitlines()
        assert len({cell_len(line) for line in lines}) == 1, out.getvalue()
        assert cell_len(lines[0]) <= width
        assert "太和县人民政府" in out.getvalue()
        assert "已公布" in out.getvalue()  # stage labels in Chinese


def test_json_and_csv_keep_english_keys(monkeypatch, capsys):
    set_language("zh")
    try:
        render.emit_rows(ROWS, COLUMNS, render.Format.JSON)
        assert json.loads(capsys.readouterr().out)[1]["stage"] == "drafting"
        render.emit_rows(ROWS, COLUMNS, render.Format.CSV)
        assert capsys.readouterr().out.splitlines()[0] == "id,title,issuer,stage"
    finally:
        set_language("en")


def test_one_record_is_aligned_by_display_width(capsys):
    render.emit_one(
        {"title": "太和县2016年禁渔公告", "issuer": "太和县人民政府"},
        [("title", "title"), ("issuer", "issuer (制定机关)")],
        render.Format.TABLE,
    )
    lines = capsys.readouterr().out.splitlines()
    starts = {cell_len(line.split("太和县")[0]) for line in lines}
    assert len(starts) == 1
