"""`normdocs report …` as a clerk runs it (the installed console script): what it says, its
exit codes, no file left behind by a refusal, --force, and a registry that is only read — also
when the registry file and its folder are read-only."""

import csv
import io
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from known import GOVERNMENT

from console import NORMDOCS, console
from registry_snapshot import snapshot

pytestmark = pytest.mark.slow


@pytest.fixture
def run(known, tmp_path):  # type: ignore[no-untyped-def]
    return console(tmp_path, known.path)


def test_catalog_is_written_and_the_registry_is_unchanged(run, known, tmp_path):  # type: ignore[no-untyped-def]
    before = snapshot(known.path)
    result = run("report", "catalog", "-o", "目录.html")
    assert (result.out, result.err) == ("", "Wrote 目录.html (html, 14 rows).\n")
    assert (tmp_path / "目录.html").read_text("utf-8").startswith("<!DOCTYPE html>")
    assert snapshot(known.path) == before


def test_an_existing_file_needs_force(run, tmp_path):  # type: ignore[no-untyped-def]
    target = tmp_path / "目录.xlsx"
    target.write_bytes(b"keep me")
    refused = run("report", "catalog", "-o", "目录.xlsx", expect=1)
    assert refused.err == (
        "Error: -o 目录.xlsx exists already — add --force to replace it, or choose another file\n"
    )
    assert target.read_bytes() == b"keep me"
    run("report", "catalog", "-o", "目录.xlsx", "--force")
    assert target.read_bytes()[:2] == b"PK"


def test_nothing_to_report_is_one_line_and_no_file(run, tmp_path):  # type: ignore[no-untyped-def]
    before = sorted(p.name for p in tmp_path.iterdir())
    result = run("report", "stats", "--year", "2019", "-o", "2019.docx", expect=1)
    assert result.err == (
        "Refused [nothing-to-report]: no document of the registry was promulgated in 2019 up to "
        "2026-11-27: nothing to report\n"
    )
    result = run("report", "catalog", "--as-of", "2020-01-01", "-o", "目录.html", expect=1)
    assert result.err.count("\n") == 1 and "nothing to report" in result.err
    result = run("report", "ledger", "--issuer", "不存在的机关", "-o", "台账.xlsx", expect=1)
    assert result.err.startswith("Error: no agency named 不存在的机关")
    assert result.err.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_a_format_the_report_is_not_made_in(run):  # type: ignore[no-untyped-def]
    result = run("report", "catalog", "-o", "目录.pdf", expect=1)
    assert result.err == (
        "Error: the catalog report is not made as .pdf — give -o a file ending in one of: "
        ".html, .docx, .xlsx, .csv, .json (or use --format)\n"
    )


def test_stats_and_explain_on_stdout(run, known):  # type: ignore[no-untyped-def]
    data = json.loads(run("report", "stats", "--format", "json").out)
    assert data["total"]["rates"]["filing_rate"]["text"] == "57.1%"
    explained = run(
        "report", "stats", "--explain", "报备率", "--issuer", GOVERNMENT.name, "--format", "csv"
    ).out
    rows = list(csv.reader(io.StringIO(explained)))
    assert rows[0] == [
        "part",
        "measure",
        "document_id",
        "doc_number",
        "title",
        "issuer",
        "event_ids",
    ]
    numerator = {int(r[2]): r[6] for r in rows[1:] if r[0] == "分子"}
    assert numerator == {doc: str(event) for doc, event in known.file_events.items()}
    table = run("report", "stats", "--year", "2026")
    assert table.out.startswith("┏") and table.err == ""


# --- a read-only registry, as a user who is not root (root ignores file modes) -------------

NOBODY = 65534


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="normdocs-report-ro-"))
    folder.chmod(0o755)
    yield folder
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o777 if path.is_dir() else 0o666)
    shutil.rmtree(folder)


def _as(user: int | None, *args: str, db: Path, home: Path):  # type: ignore[no-untyped-def]
    import subprocess

    from console import Run

    command = [NORMDOCS, *args]
    if user is not None:
        assert shutil.which("setpriv"), "setpriv (util-linux) is needed to run as nobody"
        command = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups", *command]
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(home),
        "NORMDOCS_DB": str(db),
        "NORMDOCS_TODAY": "2026-11-27",
        "NORMDOCS_LANG": "en",
    }
    proc = subprocess.run(
        command,
        capture_output=True,
        text=True,
        env=env,
        cwd=home,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    return Run(proc)


@pytest.mark.parametrize("folder_mode", [0o755, 0o555], ids=["file-read-only", "folder-read-only"])
def test_reports_read_a_read_only_registry(known, shared_dir, folder_mode):  # type: ignore[no-untyped-def]
    import sqlite3

    user = NOBODY if os.geteuid() == 0 else None
    with sqlite3.connect(known.path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    registry = shared_dir / "registry"
    registry.mkdir()
    db = registry / "known.db"
    shutil.copyfile(known.path, db)
    db.chmod(0o444)
    registry.chmod(folder_mode)
    out = shared_dir / "out"
    out.mkdir()
    out.chmod(0o777)
    before = db.read_bytes()
    if user is not None:
        probe = _as(user, "--version", db=db, home=out)
        if probe.code != 0:
            pytest.skip(f"nobody cannot run the installed normdocs: {probe.err}")
    for args in (
        ("report", "catalog", "-o", "目录.xlsx"),
        ("report", "stats", "-o", "stats.docx"),
        ("report", "ledger", "-o", "台账.csv"),
        ("report", "filing", "1", "-o", "备案.zip"),
    ):
        result = _as(user, *args, db=db, home=out)
        assert result.code == 0, result
        assert result.err.startswith("Wrote "), result
    written = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))  # not .cache
    assert written == ["stats.docx", "台账.csv", "备案.zip", "目录.xlsx"]
    assert db.read_bytes() == before
    assert not [p for p in registry.iterdir() if p.name != "known.db"]


def test_a_filing_folder_where_one_may_not_write_is_told_so(known, shared_dir):  # type: ignore[no-untyped-def]
    """Not 'free some space': the folder is not writable for this user, and the hint says so."""
    import sqlite3

    user = NOBODY if os.geteuid() == 0 else None
    with sqlite3.connect(known.path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db = shared_dir / "known.db"
    shutil.copyfile(known.path, db)
    db.chmod(0o666)
    out = shared_dir / "out"
    out.mkdir()
    out.chmod(0o555)
    if user is not None:
        probe = _as(user, "--version", db=db, home=shared_dir)
        if probe.code != 0:
            pytest.skip(f"nobody cannot run the installed normdocs: {probe.err}")
    elif os.access(out, os.W_OK):
        pytest.skip("this user may write any folder")
    result = _as(user, "report", "filing", "1", "-o", str(out / "备案材料"), db=db, home=shared_dir)
    assert result.code == 1, result
    assert result.out == ""
    assert "choose a folder you may write for the -o file" in result.err, result
    assert "free some space" not in result.err
    assert list(out.iterdir()) == []
