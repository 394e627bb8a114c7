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


def test_json_keeps_english_keys_and_csv_is_chinese_for_a_spreadsheet(monkeypatch, capsys):
    set_language("zh")
    try:
        render.emit_rows(ROWS, COLUMNS, render.Format.JSON)
        assert json.loads(capsys.readouterr().out)[1]["stage"] == "drafting"
        render.emit_rows(ROWS, COLUMNS, render.Format.CSV)
        header, _first, second = capsys.readouterr().out.splitlines()[:3]
        assert header == "编号,标题,制定机关,办理环节"
        assert second.endswith(",起草")
    finally:
        set_language("en")
    render.emit_rows(ROWS, COLUMNS, render.Format.CSV)
    assert capsys.readouterr().out.splitlines()[0] == "id,title,issuer,stage"


def test_one_record_is_aligned_by_display_width(capsys):
    render.emit_one(
        {"title": "太和县2016年禁渔公告", "issuer": "太和县人民政府"},
        [("title", "title"), ("issuer", "issuer (制定机关)")],
        render.Format.TABLE,
    )
    lines = capsys.readouterr().out.splitlines()
    starts = {cell_len(line.split("太和县")[0]) for line in lines}
    assert len(starts) == 1


# A title as a hostile file or a careless paste brings it: ESC ]52 sets the terminal's
# clipboard, ESC [2J clears the screen, BEL ends the OSC, CSI as one C1 byte, a bidi override
# that shows the rest of the line reversed, DEL, and Rich markup.
HOSTILE = "关于\x1b]52;c;ZWNobyBoaQ==\x07加强\x1b[2J管理\u202e的通知\x9b1m\x7f[bold]x[/bold]:smile:"
SHOWN = (
    "关于\\x1b]52;c;ZWNobyBoaQ==\\x07加强\\x1b[2J管理\\u202e的通知\\x9b1m\\x7f[bold]x[/bold]:smile:"
)
RAW = ("\x1b", "\x07", "\x9b", "\x7f", "\u202e")


def test_every_control_character_and_bidi_override_is_shown_escaped():
    assert render.visible(HOSTILE) == SHOWN
    controls = [
        *range(0x20),
        0x7F,
        *range(0x80, 0xA0),
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
    ]
    for cp in controls:
        shown = render.visible(f"a{chr(cp)}b")
        assert shown.isprintable() and shown.startswith("a\\") and shown.endswith("b"), hex(cp)
    # A file name that is not UTF-8 (its bytes as lone surrogates) would go out raw: 0x9b is CSI.
    assert render.visible("bad/\udc9b.txt") == "bad/\\udc9b.txt"
    # What is not a control stays as it is: Chinese, full-width punctuation, 〔〕, a backslash.
    plain = "元政办字〔2018〕101号 “通知”\u3000（试行）C:\\docs"
    assert render.visible(plain) == plain


def test_a_table_shows_control_characters_and_markup_as_written(monkeypatch):
    out = io.StringIO()
    monkeypatch.setattr(render.sys, "stdout", out)
    render.emit_rows(
        [{"id": 1, "title": HOSTILE}], [("id", "id"), ("title", "title")], render.Format.TABLE
    )
    text = out.getvalue()
    assert not any(ch in text for ch in RAW), repr(text)
    # Rich may fold the long cell: compare the cell's text with the table drawing taken out.
    cell = "".join(line.strip("│┃ ").split("│")[-1].strip() for line in text.splitlines()[3:-1])
    assert cell == SHOWN


def test_one_record_and_messages_show_control_characters_escaped(capsys):
    render.emit_one({"title": HOSTILE}, [("title", "title")], render.Format.TABLE)
    render.message(f"Draft 1 registered: {HOSTILE}")
    render.error(HOSTILE, hint="hint\x1b[2J")
    captured = capsys.readouterr()
    assert captured.out == f"title  {SHOWN}\n"
    assert captured.err == f"Draft 1 registered: {SHOWN}\nError: {SHOWN} — hint\\x1b[2J\n"


def test_json_escapes_what_would_act_on_a_terminal_and_loads_back_equal(capsys):
    render.emit_rows([{"id": 1, "title": HOSTILE}], [("id", "id")], render.Format.JSON)
    out = capsys.readouterr().out
    assert not any(ch in out for ch in RAW), repr(out)
    assert "\\u001b]52" in out and "\\u202e" in out and "\\u009b" in out
    assert json.loads(out) == [{"id": 1, "title": HOSTILE}]
    render.emit_one({"title": HOSTILE, "source": "\udc9b.txt"}, [], render.Format.JSON)
    out = capsys.readouterr().out
    assert "\\udc9b" in out and "\udc9b" not in out
    assert json.loads(out) == {"title": HOSTILE, "source": "\udc9b.txt"}


def test_csv_cells_that_a_spreadsheet_would_run_start_with_a_quote(capsys):
    import csv

    rows = [
        {"id": n, "title": title, "amount": -5}
        for n, title in enumerate(["=1+1", "+x", "-x", "@x", "\tx", "\rx", "a=1", "1-2"], 1)
    ]
    render.emit_rows(rows, [("id", "id"), ("title", "title")], render.Format.CSV)
    read = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["title"] for r in read] == [
        "'=1+1",
        "'+x",
        "'-x",
        "'@x",
        "'\tx",
        "'\rx",
        "a=1",
        "1-2",
    ]
    # Numbers are data, not formulas: a negative number is written as the number.
    assert {r["amount"] for r in read} == {"-5"}
    assert [r["id"] for r in read] == [str(n) for n in range(1, 9)]


def test_every_detail_key_and_coded_value_of_the_record_reads_in_chinese():
    set_language("zh")
    try:
        text = render.details_text(
            {
                "reason": "validity period ended (有效期届满自动失效)",
                "law_id": 3,
                "alternative_title": "关于印发某办法的通知",
                "row": 2,
                "default_expires_on": "2024-02-29",
                "format": "register",
                "evidence": {"sentence": "应当缴纳保证金", "category": "fee"},
            }
        )
        flag = render.details_text({"reason": "repealed"})
    finally:
        set_language("en")
    assert text == (
        "理由：有效期届满自动失效；上位法编号：3；其他标题：关于印发某办法的通知；行号：2；"
        "按默认有效期届满日期：2024-02-29；格式：登记表；依据事实：语句：应当缴纳保证金；"
        "类别：设定收费"
    )
    assert flag == "理由：上位法已废止"
    # In English the record's own keys and codes, as scripts and the log have them.
    assert render.details_text({"reason": "repealed", "row": 2}) == "reason: repealed; row: 2"
