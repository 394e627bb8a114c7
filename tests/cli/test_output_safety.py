"""Nothing lost through an output path, nothing let in through what is shown (issue 8): the
rejects file never overwrites the registry, an input or an existing file unasked, a full disk
never leaves half a file or a false "nothing changed", and titles cannot act on a terminal or a
spreadsheet."""

import csv
import errno
import json
import os
import subprocess
from pathlib import Path

import pytest

from normdocs.services.outputs import OutputFile, OutputNotWritten, registry_files
from registry_snapshot import snapshot

GOOD_TEXT = (
    "元政发〔2025〕3号\n元宝山区人民政府关于加强城市精细化管理的通知\n"
    "本通知自印发之日起施行。\n元宝山区人民政府\n2025年3月3日\n"
)
# ESC ]52 sets the terminal's clipboard (BEL ends it), ESC [2J clears the screen, U+202E shows
# the rest reversed, 0x9b is CSI in one byte; [bold] would be Rich markup.
HOSTILE = "关于\x1b]52;c;ZWNobyBoaQ==\x07加强\x1b[2J管理\u202e的通知\x9b1m[bold]x[/bold]"
SHOWN = "关于\\x1b]52;c;ZWNobyBoaQ==\\x07加强\\x1b[2J管理\\u202e的通知\\x9b1m[bold]x[/bold]"
RAW = ("\x1b", "\x07", "\x9b", "\u202e")


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    """A folder of one good text and one that is not a document."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (folder / "junk.txt").write_text("这不是一份文件", encoding="utf-8")
    return folder


@pytest.fixture
def registry(normdocs):
    normdocs("init")
    normdocs("agency", "add", "元宝山区人民政府", "--code", "元政发", "--level", "government")
    return normdocs


def _unchanged(db: Path, run_refused) -> None:
    """`run_refused` leaves the registry's file byte for byte as it was."""
    before = db.read_bytes()
    rows = snapshot(db)
    run_refused()
    assert db.read_bytes() == before
    assert snapshot(db) == rows


# --- refused targets, through the console script ------------------------------------------


@pytest.mark.slow
def test_rejects_file_that_is_the_registry_is_refused_and_the_registry_kept(registry, inbox):
    db = registry.db

    def refused() -> None:
        run = registry("import", str(inbox), "--rejects", str(db), "--force", expect=1)
        assert run.err == (
            f"Error: --rejects {db} is the registry file {db}: writing it would destroy the "
            "registry — choose another file, e.g. rejects.csv in another folder\n"
        )
        assert run.out == ""

    _unchanged(db, refused)
    registry("verify")


@pytest.mark.slow
@pytest.mark.parametrize("suffix", ["-wal", "-shm", "-journal", ".audit.lock"])
def test_rejects_file_that_is_a_journal_of_the_registry_is_refused(registry, inbox, suffix):
    db = registry.db
    journal = db.with_name(db.name + suffix)
    existed = journal.exists()

    def refused() -> None:
        run = registry("import", str(inbox), "--rejects", str(journal), "--force", expect=1)
        assert f"Error: --rejects {journal} is the registry file {journal}" in run.err

    _unchanged(db, refused)
    assert journal.exists() == existed


@pytest.mark.slow
def test_a_link_to_the_registry_is_refused(registry, inbox, tmp_path):
    db = registry.db
    symlink = tmp_path / "rejects.csv"
    symlink.symlink_to(db)
    hardlink = tmp_path / "hard.csv"
    os.link(db, hardlink)

    def refused() -> None:
        for link in (symlink, hardlink):
            run = registry("import", str(inbox), "--rejects", str(link), "--force", expect=1)
            assert f"Error: --rejects {link} is the registry file {db}" in run.err

    _unchanged(db, refused)
    assert symlink.is_symlink()


@pytest.mark.slow
def test_a_register_being_imported_is_not_overwritten(registry, tmp_path):
    register = tmp_path / "登记册.csv"
    register.write_text("文件名称,文号,发文机关,发布日期\n", encoding="utf-8")
    before = register.read_bytes()

    def refused() -> None:
        run = registry("import", str(register), "--rejects", str(register), "--force", expect=1)
        assert run.err == (
            f"Error: --rejects {register} is {register}, an input of this run — write it "
            "outside the files and folders being read\n"
        )

    _unchanged(registry.db, refused)
    assert register.read_bytes() == before


@pytest.mark.slow
def test_the_profile_of_the_run_is_not_overwritten(registry, inbox, tmp_path):
    profile = tmp_path / "profile.toml"
    profile.write_text("# 元宝山区\n", encoding="utf-8")
    run = registry(
        "--profile",
        str(profile),
        "import",
        str(inbox),
        "--rejects",
        str(profile),
        "--force",
        expect=1,
    )
    assert f"Error: --rejects {profile} is {profile}, an input of this run" in run.err
    assert profile.read_text(encoding="utf-8") == "# 元宝山区\n"


@pytest.mark.slow
def test_a_report_does_not_overwrite_the_profile_of_the_run(registry, tmp_path):
    """-o with --force replaces an existing file, but never the profile the run reads."""
    profile = tmp_path / "profile.toml"
    profile.write_text("# 元宝山区\n", encoding="utf-8")
    run = registry(
        "--profile",
        str(profile),
        "report",
        "catalog",
        "-o",
        str(profile),
        "-f",
        "csv",
        "--force",
        expect=1,
    )
    assert f"Error: -o {profile} is {profile}, an input of this run" in run.err
    assert profile.read_text(encoding="utf-8") == "# 元宝山区\n"


@pytest.mark.slow
def test_a_file_inside_a_folder_being_imported_is_refused(registry, inbox):
    target = inbox / "rejects.csv"
    run = registry("import", str(inbox), "--rejects", str(target), expect=1)
    assert f"Error: --rejects {target} is inside {inbox}, a folder this run reads" in run.err
    assert sorted(p.name for p in inbox.iterdir()) == ["good.txt", "junk.txt"]


@pytest.mark.slow
def test_an_existing_file_is_replaced_only_with_force(registry, inbox, tmp_path):
    target = tmp_path / "rejects.csv"
    target.write_text("a clerk's notes\n", encoding="utf-8")

    def refused() -> None:
        run = registry("import", str(inbox), "--rejects", str(target), expect=1)
        assert run.err == (
            f"Error: --rejects {target} exists already — add --force to replace it, or "
            "choose another file\n"
        )

    _unchanged(registry.db, refused)
    assert target.read_text(encoding="utf-8") == "a clerk's notes\n"

    run = registry("import", str(inbox), "--rejects", str(target), "--force", expect=4)
    assert "Imported: 1 new" in run.err
    with target.open(encoding="utf-8-sig", newline="") as handle:
        (row,) = list(csv.DictReader(handle))
    assert row["source"] == str(inbox / "junk.txt") and row["outcome"] == "rejected"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


# --- a full disk, with an injected fault, in process ----------------------------------------


def _invoke(tmp_path: Path, monkeypatch, args: list[str]):
    from typer.testing import CliRunner

    from normdocs.cli.app import app

    monkeypatch.setenv("NORMDOCS_DB", str(tmp_path / "registry.db"))
    monkeypatch.setenv("NORMDOCS_LANG", "en")
    monkeypatch.setenv("NORMDOCS_TODAY", "2026-11-27")
    return CliRunner().invoke(app, args)


@pytest.fixture
def in_process(tmp_path, monkeypatch, inbox):
    def run(*args: str):
        return _invoke(tmp_path, monkeypatch, list(args))

    assert run("init").exit_code == 0
    add = ["agency", "add", "元宝山区人民政府", "--code", "元政发", "--level", "government"]
    assert run(*add).exit_code == 0
    return run


def _documents(db: Path) -> int:
    return len(snapshot(db)["document"])


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_a_full_disk_while_writing_rejects_commits_nothing_and_leaves_no_file(
    in_process, tmp_path, inbox, monkeypatch
):
    db, target = tmp_path / "registry.db", tmp_path / "out" / "rejects.csv"
    target.parent.mkdir()
    before = snapshot(db)

    def full_disk(fd: int) -> None:  # the bytes were written to the cache; the disk is full
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full_disk)
    result = in_process("import", str(inbox), "--rejects", str(target))
    monkeypatch.undo()

    assert result.exit_code == 1, result.output
    assert result.output.endswith(
        f"Error: cannot write {target}: No space left on device — nothing was imported; free "
        "some space or choose another --rejects file\n"
    )
    assert "Imported:" not in result.output
    assert snapshot(db) == before
    assert list(target.parent.iterdir()) == []  # no partial file, no temporary one


def test_a_full_disk_keeps_the_replaced_file_as_it_was(in_process, tmp_path, inbox, monkeypatch):
    target = tmp_path / "rejects.csv"
    target.write_text("last week's rejects\n", encoding="utf-8")

    def full_disk(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full_disk)
    result = in_process("import", str(inbox), "--rejects", str(target), "--force")
    monkeypatch.undo()

    assert result.exit_code == 1, result.output
    assert target.read_text(encoding="utf-8") == "last week's rejects\n"
    assert _leftovers(tmp_path) == []


def test_a_rejects_file_lost_after_the_commit_exits_4_saying_the_import_is_committed(
    in_process, tmp_path, inbox, monkeypatch
):
    db, target = tmp_path / "registry.db", tmp_path / "rejects.csv"
    assert _documents(db) == 0
    real_replace = os.replace

    def failing_replace(src, dst, **kw):
        if str(dst) == str(target):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_replace(src, dst, **kw)

    monkeypatch.setattr(os, "replace", failing_replace)
    result = in_process("import", str(inbox), "--rejects", str(target))
    monkeypatch.undo()

    assert result.exit_code == 4, result.output
    assert "Imported: 1 new, 0 unchanged duplicate(s), 0 conflicting duplicate(s), 1 rejected." in (
        result.output
    )
    assert result.output.endswith(
        "Error: the import is committed (1 new documents), but the rejects file could not be "
        f"written: cannot write {target}: No space left on device — free some space, then run "
        "the same import with --dry-run --rejects FILE to list the rejected items again\n"
    )
    assert "nothing" not in result.output.lower()
    assert _documents(db) == 1
    assert not target.exists() and _leftovers(tmp_path) == []


@pytest.mark.slow
def test_a_real_full_filesystem(registry, inbox, tmp_path):
    """The same on a 64 KB tmpfs that is really full (needs root's mount; skipped elsewhere)."""
    small = tmp_path / "small"
    small.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(small)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        with (small / "filler").open("wb", buffering=0) as filler:
            with pytest.raises(OSError) as full:
                while True:
                    filler.write(b"\0" * 4096)
            assert full.value.errno == errno.ENOSPC
        target = small / "rejects.csv"

        def refused() -> None:
            run = registry("import", str(inbox), "--rejects", str(target), expect=1)
            assert f"Error: cannot write {target}: No space left on device — nothing was " in (
                run.err
            )

        _unchanged(registry.db, refused)
        assert sorted(p.name for p in small.iterdir()) == ["filler"]
    finally:
        subprocess.run(["umount", str(small)], check=True)


# --- the output module on its own --------------------------------------------------------


def test_registry_files_of_a_path_a_url_and_a_server(tmp_path):
    db = tmp_path / "r.db"
    names = [db.name + s for s in ("", "-wal", "-shm", "-journal", ".audit.lock")]
    assert [p.name for p in registry_files(str(db))] == names
    assert [p.name for p in registry_files(f"sqlite:///{db}")] == names
    assert registry_files("postgresql://u@host/normdocs") == []
    link = tmp_path / "link.db"
    link.symlink_to(db)
    assert db.with_name("r.db-wal") in registry_files(str(link))  # SQLite's journal is beside r.db


def test_an_output_is_written_whole_with_a_new_files_permissions(tmp_path):
    target = tmp_path / "out.csv"
    with OutputFile(target, registry=str(tmp_path / "r.db")) as output:
        assert _leftovers(tmp_path) != []  # reserved before the work starts
        output.write(lambda handle: handle.write("标题\n"), encoding="utf-8-sig")
    assert target.read_bytes() == "标题\n".encode("utf-8-sig")
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask
    assert _leftovers(tmp_path) == []


def test_an_output_through_a_symlink_replaces_its_target_and_keeps_the_link(tmp_path):
    real = tmp_path / "real.csv"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    OutputFile(link, registry=str(tmp_path / "r.db"), force=True).write(
        lambda handle: handle.write(b"new")
    )
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new"


def test_a_failed_write_or_an_unused_output_leaves_nothing(tmp_path):
    from normdocs.services.outputs import OutputNotWritten

    target = tmp_path / "out.csv"

    def half_then_fail(handle) -> None:
        handle.write(b"half a file")
        raise OSError(errno.ENOSPC, "No space left on device")

    with (
        OutputFile(target, registry=str(tmp_path / "r.db")) as output,
        pytest.raises(OutputNotWritten, match="No space left on device"),
    ):
        output.stage(half_then_fail)
    with OutputFile(target, registry=str(tmp_path / "r.db")):
        pass  # refused later by the command, say: the reserved file goes
    assert list(tmp_path.iterdir()) == []


# --- what is shown cannot act on the reader ------------------------------------------------


def _columns_read_down(out: str) -> str:
    """A table's text with each column's cells joined from top to bottom (a folded cell whole
    again), then the lines that are no table row."""
    rows = [line.split("│")[1:-1] for line in out.splitlines() if line.startswith("│")]
    width = max((len(row) for row in rows), default=0)
    columns = ["".join(row[i].strip() for row in rows if i < len(row)) for i in range(width)]
    return "".join(columns) + "".join(
        line.strip() for line in out.splitlines() if not line.startswith(("│", "┃", "┏", "┡", "└"))
    )


@pytest.mark.slow
def test_a_hostile_title_is_shown_escaped_by_list_show_search_and_history(registry):
    made = registry("doc", "new", HOSTILE, "--issuer", "元宝山区人民政府")
    assert made.err == f"Draft 1 registered: {SHOWN}\n"
    for args in (
        ["doc", "list"],
        ["doc", "show", "1"],
        ["search", "加强"],
        ["doc", "history", "1"],
    ):
        run = registry(*args)
        assert not any(ch in run.out + run.err for ch in RAW), (args, run)
        # Tables may fold a long cell over lines: read each column down, the drawing left out.
        assert SHOWN.replace("[bold]x[/bold]", "") in _columns_read_down(run.out), (args, run.out)
        assert "[bold]" in run.out  # Rich markup from data is printed, not applied
    shown = registry("doc", "show", "1").out
    assert "title" in shown and f"  {SHOWN}\n" in shown
    for args in (["doc", "list"], ["doc", "show", "1"], ["search", "加强"]):
        out = registry(*args, "--format", "json").out
        assert not any(ch in out for ch in RAW)
        data = json.loads(out)
        record = data if isinstance(data, dict) else data[0]
        assert record["title"] == HOSTILE
    # A CSV is read on a terminal too (| head): shown escaped, as a table shows it.
    for args in (["doc", "list"], ["doc", "show", "1"], ["search", "加强"]):
        for language in ("en", "zh"):
            out = registry("--lang", language, *args, "--format", "csv").out
            assert not any(ch in out for ch in RAW), (args, language)
            (row,) = list(csv.reader(out.splitlines(keepends=True)))[1:]
            assert SHOWN in row, (args, language, row)


FORMULAS = ["=1+1", "+x", "-x", "@x", "\tx"]


@pytest.mark.slow
def test_csv_output_and_rejects_file_escape_formula_cells(registry, tmp_path):
    for title in FORMULAS:
        registry("doc", "new", "--issuer", "元宝山区人民政府", "--", f"{title}关于加强管理的通知")
    out = registry("doc", "list", "--format", "csv").out
    read = list(csv.DictReader(out.splitlines(keepends=True)))
    # A title is stored without surrounding whitespace: the tab is gone before any output.
    stored = [d["title"] for d in json.loads(registry("doc", "list", "--format", "json").out)]
    assert "x关于加强管理的通知" in stored
    assert sorted(row["title"] for row in read) == sorted(
        f"'{title}" if title[0] in "=+-@" else title for title in stored
    )
    assert sum(row["title"].startswith("'") for row in read) == 4
    assert sorted(row["id"] for row in read) == ["1", "2", "3", "4", "5"]  # numbers unescaped

    # Files named like formulas are rejected; their names start the source and reason cells.
    names = [f"{title}.txt" for title in FORMULAS]
    for name in names:
        (tmp_path / name).write_text("不是文件", encoding="utf-8")
    target = tmp_path / "out" / "rejects.csv"
    target.parent.mkdir()
    registry("import", "--rejects", str(target), "--", *names, expect=4)
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert sorted(row["source"] for row in rows) == sorted(f"'{name}" for name in names)
    assert all(row["reason"][0] not in "=+-@\t\r" for row in rows)


@pytest.mark.slow
def test_a_file_name_that_is_not_utf8_is_written_escaped_in_the_rejects_file(registry, tmp_path):
    folder = tmp_path / "from-another-system"
    folder.mkdir()
    (Path(os.fsdecode(bytes(folder))) / os.fsdecode(b"\xff.txt")).write_text("x", encoding="utf-8")
    target = tmp_path / "rejects.csv"
    run = registry("import", str(folder), "--rejects", str(target), expect=4)
    assert "Rejected: " in run.err and "\\udcff.txt" in run.err
    # The table shows the name escaped too (raw, its byte would not even decode as UTF-8).
    assert "\\udcff.txt" in run.out
    with target.open(encoding="utf-8-sig", newline="") as handle:
        (row,) = list(csv.DictReader(handle))
    assert row["source"] == f"{folder}/\\udcff.txt"


# --- what the refusal tells the clerk to do (acceptance pass) ----------------------------------


def test_a_folder_not_writable_for_the_rejects_file_is_not_called_a_full_disk(
    in_process, tmp_path, inbox, monkeypatch
):
    """Seen as `nobody` with --rejects in a folder owned by root: the hint said "free some
    space", which would not help; it now says what would."""
    db, target = tmp_path / "registry.db", tmp_path / "locked" / "rejects.csv"
    target.parent.mkdir()
    before = snapshot(db)

    def not_allowed(*args, **kwargs):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr("tempfile.mkstemp", not_allowed)
    result = in_process("import", str(inbox), "--rejects", str(target))
    monkeypatch.undo()

    assert result.exit_code == 1, result.output
    assert result.output.endswith(
        f"Error: cannot write {target}: Permission denied — choose a folder you may write for "
        "the --rejects file\n"
    )
    assert "space" not in result.output
    assert snapshot(db) == before
    assert list(target.parent.iterdir()) == []


def test_a_write_refused_after_the_check_names_the_folder_not_the_disk(tmp_path, monkeypatch):
    def not_allowed(fd: int) -> None:
        raise PermissionError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(os, "fsync", not_allowed)
    output = OutputFile(tmp_path / "catalog.csv", registry=str(tmp_path / "r.db"))
    with output, pytest.raises(OutputNotWritten) as refused:
        output.write(lambda handle: handle.write(b"x"))
    assert refused.value.hint == "choose a folder you may write for the -o file"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_a_report_written_over_the_registry_is_refused_with_a_hint_for_its_own_option(
    registry, tmp_path
):
    """`report … -o REGISTRY` was told "e.g. rejects.csv in another folder", an option it has
    not; the registry stays byte for byte."""
    db = registry.db

    def refused() -> None:
        run = registry("report", "catalog", "-o", str(db), "--format", "csv", "--force", expect=1)
        assert run.err == (
            f"Error: -o {db} is the registry file {db}: writing it would destroy the registry — "
            "choose another -o file, in another folder\n"
        )
        assert run.out == ""

    _unchanged(db, refused)
