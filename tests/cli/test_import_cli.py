"""`normdocs import` through the real console script: output, rejects file, exit codes."""

import csv
import json
from pathlib import Path

import pytest

from registry_snapshot import snapshot as dump

pytestmark = pytest.mark.slow

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def test_corpus_import_with_rejects_file_and_exit_4(normdocs, tmp_path):
    normdocs("init")
    normdocs(
        "agency", "add", "元宝山区人民政府办公室", "--code", "元政办字", "--level", "government"
    )
    rejects = tmp_path / "rejects.csv"
    run = normdocs(
        "import",
        str(SAMPLES / "documents"),
        str(SAMPLES / "gb18030"),
        "--create-issuers",
        "--rejects",
        str(rejects),
        "--format",
        "json",
        expect=4,
    )
    items = json.loads(run.out)
    assert [i["outcome"] for i in items].count("new") == 12
    assert [i["outcome"] for i in items].count("unchanged_duplicate") == 2
    (bad,) = [i for i in items if i["outcome"] == "rejected"]
    assert bad["source"].endswith("A03-wuhua-2022-fireworks.txt") and bad["document_id"] is None
    assert "Rejected: " in run.err and "A03-wuhua-2022-fireworks.txt: no title found" in run.err
    assert (
        "Imported: 12 new, 2 unchanged duplicate(s), 0 conflicting duplicate(s), 1 rejected."
        in run.err
    )
    assert "Registered new issuers: " in run.err
    assert "Reading files" not in run.err  # no progress bar when stderr is not a terminal
    with rejects.open(encoding="utf-8-sig", newline="") as handle:
        (row,) = list(csv.DictReader(handle))
    assert row["source"].endswith("A03-wuhua-2022-fireworks.txt") and row["outcome"] == "rejected"
    assert "no title found" in row["reason"]

    shown = json.loads(normdocs("doc", "show", "穗府规〔2023〕5号", "--format", "json").out)
    assert (shown["stage"], shown["origin"], shown["expires_on"]) == (
        "promulgated",
        "imported",
        "2028-12-14",
    )
    history = json.loads(normdocs("doc", "history", str(shown["id"]), "--format", "json").out)
    (event,) = history
    assert event["action"] == "document.import"
    assert event["details"]["source"].endswith("A11-guangzhou-2023-huoqin-xiushi.txt")
    normdocs("verify")

    before = dump(normdocs.db)
    again = normdocs("import", str(SAMPLES / "documents"), "--dry-run", "-f", "csv", expect=4)
    lines = again.out.splitlines()
    assert lines[0].startswith("source,location,outcome,reason")
    assert sum(",unchanged_duplicate," in line for line in lines) == 12
    assert "Dry run, nothing written: 0 new, 12 unchanged duplicate(s)" in again.err
    assert dump(normdocs.db) == before


def test_all_or_nothing_refuses_the_whole_batch(normdocs, tmp_path):
    normdocs("init")
    normdocs("agency", "add", "广州市人民政府", "--code", "穗府规", "--level", "government")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes(
        (SAMPLES / "documents" / "A11-guangzhou-2023-huoqin-xiushi.txt").read_bytes()
    )
    (folder / "b.txt").write_bytes(bytes(range(256)) * 2)
    before = dump(normdocs.db)
    run = normdocs("import", str(folder), "--all-or-nothing", expect=1)
    assert "Nothing imported (--all-or-nothing): 1 new" in run.err
    assert f"Rejected: {folder / 'b.txt'} is not a text file" in run.err
    assert dump(normdocs.db) == before
    (folder / "b.txt").unlink()
    clean = normdocs("import", str(folder), "--all-or-nothing", expect=0)
    assert "Imported: 1 new" in clean.err


@pytest.mark.parametrize(
    ("args", "phrase"),
    [
        # (--stage drafting is a usage error, exit 2: tests/cli/test_choices.py)
        (["--map", "文件题目"], "Error: --map 文件题目: write COLUMN=FIELD"),
        (["--issuer", "无此机关"], "Error: no agency named 无此机关"),
    ],
)
def test_bad_options_are_refused_with_one_line_and_change_nothing(normdocs, args, phrase):
    normdocs("init")
    before = dump(normdocs.db)
    run = normdocs("import", str(SAMPLES / "documents"), *args, expect=1)
    assert run.err.startswith(phrase) and len(run.err.strip().splitlines()) == 1
    assert run.out == ""
    assert dump(normdocs.db) == before


def test_import_without_a_registry_is_exit_5(normdocs):
    run = normdocs("import", str(SAMPLES / "documents"), expect=5)
    assert "there is no registry" in run.err


def test_a_register_too_long_for_a_table_is_summed_up_and_listed_in_csv(normdocs, tmp_path):
    from normdocs.cli.import_cmd import TABLE_LIMIT

    normdocs("init")
    normdocs("agency", "add", "元宝山区人民政府", "--code", "元政发", "--level", "government")
    register = tmp_path / "登记册.csv"
    rows = TABLE_LIMIT + 1
    with register.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["文件名称", "文号", "发文机关", "发布日期"])
        for n in range(1, rows + 1):
            number = f"元政发〔2020〕{n}号"
            writer.writerow(
                [f"元宝山区人民政府关于第{n}项工作的通知", number, "元宝山区人民政府", "2020.6.1"]
            )
        writer.writerow(
            ["元宝山区人民政府关于最后一项工作的通知", "元政发〔2020〕1号", "", "2020.6.1"]
        )

    run = normdocs("import", str(register), expect=4)

    assert run.out == ""  # no table of hundreds of rows
    assert f"{rows + 1} items: too many for a table; --format csv" in run.err
    assert f"登记册.csv (row {rows + 2}): 元政发〔2020〕1号 of 元宝山区人民政府" in run.err
    assert f"Imported: {rows} new, 0 unchanged duplicate(s), 1 conflicting" in run.err

    # A dry run lists every item all the same: as CSV when there are too many for a table.
    for args in ([], ["--format", "csv"]):
        listed = normdocs("import", str(register), "--dry-run", *args, expect=4)
        lines = listed.out.splitlines()
        assert len(lines) == rows + 2  # the header, then every item
        assert lines[0].startswith("source,location,outcome,reason")
        assert sum(",unchanged_duplicate," in line for line in lines) == rows
    assert f"{rows + 1} items: too many for a table; listed as CSV." in listed.err or args


def test_a_path_the_user_cannot_read_is_not_refused_by_the_command_line(tmp_path, monkeypatch):
    """Click refuses a whole command over one path it cannot read (exit 2); normdocs leaves the
    path to the importer, which rejects that one item and imports the rest. Tests run as root,
    who can read anything: the user's lack of permission is simulated in os.access, which is
    what the command line would look at."""
    import os

    from typer.testing import CliRunner

    from normdocs.cli.app import app

    monkeypatch.setenv("NORMDOCS_DB", str(tmp_path / "registry.db"))
    monkeypatch.setenv("NORMDOCS_LANG", "en")
    runner = CliRunner()
    assert runner.invoke(app, ["init"]).exit_code == 0
    add = ["agency", "add", "元宝山区人民政府", "--code", "元政发", "--level", "government"]
    assert runner.invoke(app, add).exit_code == 0
    good = tmp_path / "good.txt"
    good.write_text(
        "元政发〔2025〕3号\n元宝山区人民政府关于加强城市精细化管理的通知\n"
        "本通知自印发之日起施行。\n元宝山区人民政府\n2025年3月3日\n",
        encoding="utf-8",
    )
    locked = tmp_path / "locked.txt"
    locked.write_text("x", encoding="utf-8")
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda path, mode, **kw: str(path) != str(locked) and real_access(path, mode)
    )

    result = runner.invoke(app, ["import", str(good), str(locked)])

    assert result.exit_code == 4, result.output  # not 2: the batch went ahead
    assert "Imported: 1 new" in result.output


def test_a_terminal_sees_the_progress_of_a_register_in_items(normdocs, tmp_path):
    import os
    import pty
    import subprocess

    from console import NORMDOCS

    assert NORMDOCS

    normdocs("init")
    normdocs("agency", "add", "元宝山区人民政府", "--code", "元政发", "--level", "government")
    register = tmp_path / "登记册.csv"
    with register.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["文件名称", "文号", "发文机关", "发布日期"])
        for n in range(1, 2501):
            writer.writerow(
                [f"关于第{n}项工作的通知", f"元政发〔2020〕{n}号", "元宝山区人民政府", "2020-06-01"]
            )
    main, terminal = pty.openpty()
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "NORMDOCS_DB": str(normdocs.db),
        "NORMDOCS_LANG": "en",
        "TERM": "xterm",
    }
    proc = subprocess.Popen(
        [NORMDOCS, "import", str(register)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=terminal,
        env=env,
    )
    os.close(terminal)  # read while it writes, until the terminal is closed
    shown = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(main)
    proc.wait(timeout=120)
    text = shown.decode("utf-8", "replace")
    assert proc.returncode == 0, text
    assert "Reading files" in text
    assert "Imported: 2500 new" in text


def test_the_rejects_file_speaks_the_interface_language(normdocs, tmp_path):
    """A Chinese clerk's rejects file opens in Excel with Chinese headers and outcomes, like
    every CSV normdocs writes; in English it keeps the field names scripts read."""
    normdocs("init")
    register = tmp_path / "台账.csv"
    register.write_text(
        "文件名称,文号,发文机关,发布日期\n元宝山区人民政府关于甲的通知,元政发〔2019〕1号,"
        "元宝山区人民政府,2019-02-30\n",
        encoding="utf-8",
    )
    for lang, header, outcome in (
        ("zh", "来源文件,位置,结果,原因,标题,发文字号,制定机关", "未通过"),
        ("en", "source,location,outcome,reason,title,doc_number,issuer", "rejected"),
    ):
        rejects = tmp_path / f"rejects-{lang}.csv"
        normdocs("--lang", lang, "import", str(register), "--create-issuers", "--rejects",
                 str(rejects), expect=4)  # fmt: skip
        lines = rejects.read_text(encoding="utf-8-sig").splitlines()
        assert lines[0] == header
        assert lines[1].split(",")[2] == outcome
