"""The contract of `--format json`: every command prints the same field names, in the same order,
as the stored list tests/cli/json_fields.json. Scripts read these names; a refactor of how the
output is built must not rename, drop, add or reorder one.

The list was written from the demo registry (`normdocs demo`) by running this module as a script:
    .venv/bin/python tests/cli/test_json_fields.py [folder-holding-the-package-to-run, e.g. src]
Rewrite it only when a field is meant to change, and say so in the commit."""

import json
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.slow

STORED = Path(__file__).with_name("json_fields.json")
SAMPLES = Path(__file__).parents[2] / "samples"

# Values that are open maps (an event's facts, a finding's evidence): their keys are data, not
# the contract, so only their presence is recorded.
OPEN_MAPS = frozenset({"details", "evidence"})

# A preview that does nothing until --yes exits 1 (and still prints what it would do).
EXIT_CODES = {"import undo (preview)": 1}

Runner = Callable[..., Any]  # console.run: (*args, expect=0) -> Run with .out


def shape(value: Any, key: str | None = None) -> Any:
    """The field names of a JSON value, nested: an object is its keys in order, each with the
    shape of its value; a list of objects is the one shape all its items share; anything else
    is None."""
    if isinstance(value, dict):
        if key in OPEN_MAPS:
            return "{…}"
        return {k: shape(v, k) for k, v in value.items()}
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        shapes = [ordered(shape(v, key)) for v in value]
        assert all(s == shapes[0] for s in shapes), f"items of {key!r} differ: {shapes}"
        return [shape(value[0], key)]
    return None


def ordered(value: Any) -> Any:
    """`value` with every object as a list of (key, value) pairs, so that order counts."""
    if isinstance(value, dict):
        return [(k, ordered(v)) for k, v in value.items()]
    if isinstance(value, list):
        return [ordered(v) for v in value]
    return value


def commands(work: Path) -> Iterator[tuple[str, tuple[str, ...]]]:
    """(label, arguments) of every command printing JSON, in an order that works on the demo
    registry: read-only ones first, then each kind of change (each prints its own record)."""
    fmt = ("--format", "json")
    yield "agency list", ("agency", "list", *fmt)
    yield "doc list", ("doc", "list", *fmt)
    yield "doc show", ("doc", "show", "13", *fmt)
    yield "doc history", ("doc", "history", "13", *fmt)
    yield "doc text", ("doc", "text", "15", *fmt)
    yield "doc versions", ("doc", "versions", "15", *fmt)
    yield "doc text --list", ("doc", "text", "15", "--list", *fmt)
    yield "search", ("search", "禁止", *fmt)
    yield "search --all-versions", ("search", "禁止", "--all-versions", *fmt)
    yield "verify", ("verify", *fmt)
    yield "profile show", ("profile", "show", *fmt)
    yield "law list", ("law", "list", *fmt)
    yield "law show", ("law", "show", "烟花爆竹安全管理条例", *fmt)
    yield "law citations", ("law", "citations", "15", *fmt)
    yield "law unresolved", ("law", "unresolved", *fmt)
    yield "import list", ("import", "list", *fmt)
    yield "audit", ("audit", "--fail-on", "never", *fmt)
    yield "report stats", ("report", "stats", *fmt)
    # Changes: an agency, a draft through the whole procedure, corrections and withdrawal.
    yield "agency add", ("agency", "add", "元宝山区测试局", "--level", "department",
                         "--parent", "元宝山区人民政府", "--code", "元测发", "--head", "张局长",
                         *fmt)  # fmt: skip
    yield "agency update", ("agency", "update", "元宝山区测试局", "--head", "赵局长", *fmt)
    yield "doc new", ("doc", "new", "元宝山区测试局关于测试工作的通知", "--issuer",
                      "元宝山区测试局", "--file", str(SAMPLES / "drafts" / "D01-yuanbaoshan-tingche.txt"),
                      *fmt)  # fmt: skip
    draft = "26"
    yield "review submit", ("review", "submit", draft, "--date", "2026-10-09", *fmt)
    yield "review decide", ("review", "decide", draft, "--outcome", "revise", "--opinion",
                            "第三条改", "--date", "2026-10-20", *fmt)  # fmt: skip
    yield "review revise", ("review", "revise", draft, "--note", "已改", "--date", "2026-10-21",
                            *fmt)  # fmt: skip
    yield "meeting record", ("meeting", "record", draft, "--type", "leadership", "--session",
                             "第9次局务会议", "--outcome", "approved", "--date", "2026-10-22",
                             *fmt)  # fmt: skip
    yield "sign", ("sign", draft, "--signer", "赵局长", "--date", "2026-10-23", *fmt)
    yield "publish", ("publish", draft, "--number", "元测发〔2026〕1号", "--date", "2026-10-26",
                      *fmt)  # fmt: skip
    yield "file", ("file", draft, "--date", "2026-11-02", *fmt)
    yield "filing decide", ("filing", "decide", draft, "--outcome", "accepted", "--date",
                            "2026-11-20", *fmt)  # fmt: skip
    yield "doc correct", ("doc", "correct", draft, "--reason", "标题错字", "--title",
                          "元宝山区测试局关于测试工作的通知（修正）", *fmt)  # fmt: skip
    new_text = work / "new-text.txt"
    new_text.write_text("元宝山区农村宅基地管理办法\n第一条 新文本。\n", encoding="utf-8")
    yield "doc text --file", ("doc", "text", "21", "--file", str(new_text), *fmt)
    yield "doc withdraw", ("doc", "withdraw", "21", "--reason", "不再制定", *fmt)
    # Laws: one added and changed, one resting documents hang on amended and repealed.
    yield "law add", ("law", "add", "测试管理条例", "--level", "行政法规", "--promulgated",
                      "2020-01-01", "--effective", "2020-02-01", *fmt)  # fmt: skip
    yield "law link", ("law", "link", "13", "测试管理条例", "--article", "第三条", *fmt)
    yield "law amend", ("law", "amend", "测试管理条例", "--date", "2021-01-01", *fmt)
    yield "law correct", ("law", "correct", "测试管理条例", "--reason", "日期错", "--version",
                          "2020-01-01", "--effective", "2020-03-01", *fmt)  # fmt: skip
    yield "law remove-version", ("law", "remove-version", "测试管理条例", "--version",
                                 "2021-01-01", "--reason", "误录", *fmt)  # fmt: skip
    yield "law amend (flagging)", ("law", "amend", "烟花爆竹安全管理条例", "--date", "2026-10-01",
                                   *fmt)  # fmt: skip
    yield "law repeal (flagging)", ("law", "repeal", "社会救助暂行办法", "--date", "2026-10-01",
                                    *fmt)  # fmt: skip
    laws = work / "laws.csv"
    laws.write_text(
        "title,short_title,level,promulgated,effective,status,history\n"
        "测试暂行规定,测试暂行规定,部门规章,2019-05-01,,in_force,\n",
        encoding="utf-8",
    )
    yield "law import", ("law", "import", str(laws), *fmt)
    # Import: a dry run, a real one and its undo (preview, then done).
    page = SAMPLES / "pages" / "A22-zhenba-2024-gongzuoguize.txt"
    yield "import --dry-run", ("import", str(page), "--dry-run", "--create-issuers", *fmt)
    yield "import", ("import", str(page), "--create-issuers", *fmt)
    yield "import undo (preview)", ("import", "undo", "3", "--reason", "误导入", *fmt)
    yield "import undo", ("import", "undo", "3", "--reason", "误导入", "--yes", *fmt)
    # Cleanup: a campaign started, a decision, its status and list, then closed.
    yield "cleanup start", ("cleanup", "start", "--kind", "periodic", "--issuer", "元宝山区测试局", "--date", "2026-11-02",
                            *fmt)  # fmt: skip
    yield "cleanup decide", ("cleanup", "decide", "1", draft, "--outcome", "retain", "--reason",
                             "仍然适用", *fmt)  # fmt: skip
    yield "cleanup status", ("cleanup", "status", "1", *fmt)
    yield "cleanup list", ("cleanup", "list", *fmt)
    yield "cleanup close", ("cleanup", "close", "1", *fmt)
    yield "audit ack", ("audit", "ack", "1", "--verdict", "right", "--reason", "确实收费", *fmt)
    # The same sentence has a second finding: marks export a sentence once all its findings are
    # marked (the same label: its fields are the same).
    yield "audit ack", ("audit", "ack", "2", "--verdict", "right", "--reason", "设定许可", *fmt)
    yield "audit marks", ("audit", "marks", *fmt)


def record(run: Runner, work: Path) -> dict[str, Any]:
    """label → shape of what each command printed (the label's run must succeed)."""
    shapes: dict[str, Any] = {}
    for label, args in commands(work):
        out = run(*args, expect=EXIT_CODES.get(label, 0)).out
        shapes[label] = shape(json.loads(out))
    return shapes


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    from console import console

    home = tmp_path_factory.mktemp("json-fields")
    run = console(home, home / "demo.db")
    run("demo", "--db", str(home / "demo.db"))
    return record(run, home)


def _stored() -> dict[str, Any]:
    return json.loads(STORED.read_text(encoding="utf-8")) if STORED.exists() else {}


def test_every_command_printing_json_is_in_the_stored_list(printed):
    assert list(printed) == list(_stored())


@pytest.mark.parametrize("label", list(_stored()))
def test_json_field_names_and_order_are_as_stored(printed, label):
    assert ordered(printed[label]) == ordered(_stored()[label])


def _write_stored(source: str | None) -> None:
    """Record the list with the installed console script running the code in `source` (a
    folder holding the package, e.g. an export of the commit to freeze; default this tree)."""
    import tempfile

    from console import console

    home = Path(tempfile.mkdtemp())
    run = console(home, home / "demo.db")

    def from_source(*args: str, expect: int | None = 0) -> Any:
        return run(*args, expect=expect, env={"PYTHONPATH": source} if source else None)

    from_source("demo", "--db", str(home / "demo.db"))
    shapes = record(from_source, home)
    STORED.write_text(json.dumps(shapes, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    shutil.rmtree(home)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parents[1]))
    _write_stored(sys.argv[1] if len(sys.argv) > 1 else None)
