"""A registry that cannot be used is named for what it is: damaged pages, a read-only file or
folder, another process holding it, no usable default location. Each is one line and exit 5,
and the registry's bytes are left as they were. The real console script runs on real damaged
files, as a real non-root user, against a real second process."""

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from console import NORMDOCS, Run

pytestmark = pytest.mark.slow

NOBODY = 65534


def cli_call(
    db: Path | None,
    *args: str,
    home: Path,
    env: dict[str, str] | None = None,
    user: int | None = None,
) -> dict[str, Any]:
    """How tests/console.py runs the installed console script, optionally as another user and
    without NORMDOCS_DB when `db` is None: subprocess arguments."""
    assert NORMDOCS
    environ: dict[str, str] = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(home),
        "NORMDOCS_TODAY": "2026-11-27",
        "NORMDOCS_LANG": "en",
        "NORMDOCS_ACTOR": "clerk",
        **({"NORMDOCS_DB": str(db)} if db is not None else {}),
        **(env or {}),
    }
    call: dict[str, Any] = {"args": [NORMDOCS, *args], "env": environ, "cwd": home}
    if user is not None:
        # setpriv (util-linux) where there is one: Python's own `user=` cannot start the
        # console script when the interpreter lives under a home only root may enter.
        if shutil.which("setpriv"):
            call["args"] = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups"]
            call["args"] += [NORMDOCS, *args]
        else:
            call |= {"user": user, "group": user, "extra_groups": []}
    return call


def cli(
    db: Path | None,
    *args: str,
    home: Path,
    env: dict[str, str] | None = None,
    user: int | None = None,
) -> Run:
    """Run the console script to its end (see cli_call)."""
    call = cli_call(db, *args, home=home, env=env, user=user)
    proc = subprocess.run(
        **call, capture_output=True, text=True, stdin=subprocess.DEVNULL, check=False
    )
    return Run(proc)


def registry_bytes(db: Path) -> str:
    """The registry file and its journal, as bytes: equal means nothing was written."""
    digest = hashlib.sha256(db.read_bytes())
    wal = db.with_name(db.name + "-wal")
    if wal.exists():
        digest.update(wal.read_bytes())
    return digest.hexdigest()


def checkpoint(db: Path) -> None:
    """Everything into the main file, so that what is written into its pages is what is read."""
    with sqlite3.connect(db) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()


def page_of(db: Path, table: str) -> tuple[int, int]:
    """(root page number, page size) of `table`."""
    connection = sqlite3.connect(db)
    try:
        (root,) = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)
        ).fetchone()
        (size,) = connection.execute("PRAGMA page_size").fetchone()
    finally:
        connection.close()
    return int(root), int(size)


def garble_page(db: Path, page: int, size: int) -> None:
    with open(db, "r+b") as f:
        f.seek((page - 1) * size)
        f.write(bytes((i * 37 + 11) % 256 for i in range(size)))


def garble_root(db: Path, table: str) -> None:
    checkpoint(db)
    garble_page(db, *page_of(db, table))


def last_leaf(db: Path, table: str) -> int:
    """The right-most leaf page of `table`'s b-tree, read from its interior pages (SQLite's file
    format: an interior table page, type 5, keeps its right-most child at bytes 8–11)."""
    page, size = page_of(db, table)
    data = db.read_bytes()
    while data[(page - 1) * size] == 0x05:
        offset = (page - 1) * size + 8
        page = int.from_bytes(data[offset : offset + 4], "big")
    return page


# A write that touches neither documents nor findings (only the agency and event tables).
AGENCY_ADD = ("agency", "add", "元宝山区财政局", "--code", "元财发", "--level", "government")


def damaged_line(db: Path, detail: str = "database disk image is malformed") -> str:
    return (
        f"Error: the registry {db} is damaged ({detail}) — stop writing to it; check it with: "
        f"normdocs --db {db} verify; restore the last good backup (keep the damaged file)\n"
    )


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`normdocs demo`: real documents at every stage, with events, texts and findings."""
    folder = tmp_path_factory.mktemp("demo")
    db = folder / "normdocs-demo.db"
    made = cli(db, "demo", "--db", str(db), home=folder)
    assert made.code == 0, made
    checkpoint(db)
    return db


@pytest.fixture
def demo(demo_template: Path, tmp_path: Path) -> Path:
    """A copy of the demo registry of this test's own."""
    db = tmp_path / "registry.db"
    shutil.copyfile(demo_template, db)
    return db


# --- damaged pages ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("table", "args"),
    [
        # the probes: garbage in the event table's pages …
        ("event", ("doc", "history", "1", "--format", "json")),
        ("event", AGENCY_ADD),
        ("event", ("audit",)),
        # … and in the findings': a write that does not touch them is refused all the same
        ("finding", AGENCY_ADD),
        ("finding", ("doc", "new", "关于某事项的通知", "--issuer", "元宝山区人民政府")),
        ("finding", ("review", "submit", "21")),
        ("document", ("doc", "list", "--format", "json")),
        ("document", ("search", "管理")),
    ],
)
def test_garbage_in_a_tables_pages_is_a_damaged_registry(demo, table, args):
    db = demo
    garble_root(db, table)
    before = registry_bytes(db)
    result = cli(db, *args, home=db.parent)
    assert (result.code, result.out, result.err) == (5, "", damaged_line(db)), result
    assert registry_bytes(db) == before


def test_damage_met_while_rows_are_read_is_a_damaged_registry(demo):
    """The first pages read well and the last is garbage: the listing fails, it is not cut."""
    db = demo
    root, size = page_of(db, "document")
    leaf = last_leaf(db, "document")
    assert leaf != root, "the document table must span several pages for this test"
    garble_page(db, leaf, size)
    before = registry_bytes(db)
    result = cli(db, "doc", "list", "--format", "json", home=db.parent)
    assert (result.code, result.out, result.err) == (5, "", damaged_line(db)), result
    assert registry_bytes(db) == before


def test_garbage_in_a_stored_json_value_is_a_damaged_registry(demo):
    db = demo
    connection = sqlite3.connect(db)
    rows = connection.execute(
        "SELECT details FROM event WHERE document_id = 1 ORDER BY id"
    ).fetchall()
    connection.close()
    data = db.read_bytes()
    # An event of document 1 whose stored JSON is nowhere else in the file.
    stored = next(s for (d,) in rows if data.count(s := d.encode("utf-8")) == 1)
    # The bytes of the row change in place (same length): the page itself stays readable.
    db.write_bytes(data.replace(stored, b"]" + stored[1:]))
    before = registry_bytes(db)
    result = cli(db, "doc", "history", "1", "--format", "json", home=db.parent)
    assert result.code == 5 and result.out == "", result
    assert result.err.startswith(f"Error: the registry {db} is damaged (a stored JSON value")
    assert result.err.endswith(
        f"— stop writing to it; check it with: normdocs --db {db} verify; restore the last "
        "good backup (keep the damaged file)\n"
    )
    assert registry_bytes(db) == before


def test_a_file_whose_header_is_garbage_is_named(demo):
    db = demo
    with open(db, "r+b") as f:
        f.write(b"\x00" * 100)
    before = registry_bytes(db)
    result = cli(db, "agency", "list", home=db.parent)
    assert (result.code, result.out) == (5, ""), result
    assert result.err == (
        f"Error: {db} is not a usable normdocs registry: the file is damaged or is not a database "
        f"at all — point --db at the registry; if this is it, check it with: normdocs --db {db} "
        "verify; restore the last good backup (keep the damaged file)\n"
    )
    assert registry_bytes(db) == before


# --- read-only file and folder, as a user who is not root ---------------------------------


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A folder outside pytest's private (0700) tmp, where another user can reach the files."""
    folder = Path(tempfile.mkdtemp(prefix="normdocs-ro-"))
    folder.chmod(0o755)
    yield folder
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o777 if path.is_dir() else 0o666)
    shutil.rmtree(folder)


@pytest.fixture
def other_user(shared_dir: Path) -> int | None:
    """The user the read-only tests run as: `nobody` when the tests run as root (root ignores
    file modes), else the tests' own user (None)."""
    if os.geteuid() != 0:
        return None
    probe = cli(None, "--version", home=shared_dir, user=NOBODY)
    if probe.code != 0:
        pytest.skip(f"user {NOBODY} (nobody) cannot run the installed normdocs: {probe.err}")
    return NOBODY


def read_only_registry(demo: Path, folder: Path, *, file_mode: int) -> Path:
    db = folder / "registry.db"
    shutil.copyfile(demo, db)
    db.chmod(file_mode)
    return db


def write_text(folder: Path) -> Path:
    """A document text to import, readable by the other user."""
    text = folder / "通知.txt"
    text.write_text("元宝山区人民政府关于某事项的通知\n\n第一条 为了规范管理，制定本办法。\n")
    text.chmod(0o644)
    return text


COPY_HINT = "or copy the registry to a folder you may write and use --db with the copy"


@pytest.mark.parametrize("folder_mode", [0o777, 0o555], ids=["writable-folder", "read-only-folder"])
def test_a_read_only_registry_file_is_read_and_not_written(
    demo, shared_dir, other_user, folder_mode
):
    expected = cli(demo, "doc", "list", "--format", "json", home=demo.parent)
    db = read_only_registry(demo, shared_dir, file_mode=0o444)
    text = write_text(shared_dir)
    shared_dir.chmod(folder_mode)
    before = registry_bytes(db)

    listed = cli(db, "doc", "list", "--format", "json", home=shared_dir, user=other_user)
    assert (listed.code, listed.out) == (0, expected.out), listed
    assert listed.out.count('"id": ') == 24
    shown = cli(db, "doc", "show", "1", "--format", "json", home=shared_dir, user=other_user)
    assert shown.code == 0 and '"id": 1,' in shown.out, shown
    # verify checks what it can read; the search index's check (an INSERT) is said to be left.
    verified = cli(db, "verify", home=shared_dir, user=other_user)
    assert verified.code == 0, verified
    assert verified.out.startswith("record intact:"), verified
    assert "the search index was not checked: the registry is read-only here" in verified.err

    for args in (AGENCY_ADD, ("review", "submit", "21"), ("import", str(text))):
        refused = cli(db, *args, home=shared_dir, user=other_user)
        assert (refused.code, refused.out) == (5, ""), refused
        assert refused.err == (
            f"Error: the registry file {db} is read-only — make it writable for you "
            f"(chmod u+w, or ask its owner), {COPY_HINT}\n"
        )
    assert registry_bytes(db) == before


def test_a_folder_where_the_journal_cannot_be_created_is_named(demo, shared_dir, other_user):
    expected = cli(demo, "doc", "list", "--format", "json", home=demo.parent)
    db = read_only_registry(demo, shared_dir, file_mode=0o666)
    text = write_text(shared_dir)
    shared_dir.chmod(0o555)
    before = registry_bytes(db)

    listed = cli(db, "doc", "list", "--format", "json", home=shared_dir, user=other_user)
    assert (listed.code, listed.out) == (0, expected.out), listed

    line = (
        f"Error: the folder {shared_dir} is not writable, so the registry's journal "
        f"(registry.db-wal) cannot be created there — make the folder writable for you, "
        f"{COPY_HINT}\n"
    )
    for args in (AGENCY_ADD, ("import", str(text))):
        refused = cli(db, *args, home=shared_dir, user=other_user)
        assert (refused.code, refused.out, refused.err) == (5, "", line), refused
    assert registry_bytes(db) == before
    assert sorted(p.name for p in shared_dir.iterdir()) == ["registry.db", "通知.txt"]


# --- another process holds the registry ---------------------------------------------------

HOLDER = """
import sqlite3, sys, time
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN IMMEDIATE")
connection.execute("INSERT INTO agency (name, code, level, created_at) "
                   "VALUES ('held', 'held', 'government', '2026-11-27 00:00:00')")
print("holding", flush=True)
sys.stdin.readline()  # until the test lets go
connection.execute("ROLLBACK")
"""


@pytest.fixture
def hold() -> Iterator[Callable[[Path], subprocess.Popen[str]]]:
    """A second process holding a write transaction on the registry until told (a line on its
    stdin) to roll it back."""
    started: list[subprocess.Popen[str]] = []

    def start(db: Path) -> subprocess.Popen[str]:
        process = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(db)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        started.append(process)
        assert process.stdout is not None and process.stdout.readline() == "holding\n"
        return process

    yield start
    for process in started:
        process.kill()
        process.wait()


def program(pid: int) -> str:
    return Path(f"/proc/{pid}/comm").read_text().strip()


@pytest.mark.skipif(
    not Path("/proc/locks").exists(), reason="the holder's pid comes from /proc/locks"
)
def test_a_registry_held_past_the_timeout_names_the_holder(demo, hold):
    db = demo
    before = registry_bytes(db)
    holder = hold(db)
    started = time.monotonic()
    result = cli(db, *AGENCY_ADD, home=db.parent)
    waited = time.monotonic() - started
    who = f"process {holder.pid} ({program(holder.pid)})"
    assert (result.code, result.out) == (5, ""), result
    assert result.err == (
        f"waiting for the registry {db}: {who} is writing to it (up to 10 s)\n"
        f"Error: the registry {db} is busy: {who} has held it locked for more than 10 s — "
        f"try again when it has finished (see it with: ps -p {holder.pid})\n"
    )
    assert waited >= 10
    holder.kill()
    holder.wait()
    assert registry_bytes(db) == before


def test_a_run_that_waits_says_so_and_goes_on_when_the_holder_finishes(demo, hold):
    db = demo
    holder = hold(db)
    who = f"process {holder.pid} ({program(holder.pid)})"
    run = subprocess.Popen(
        **cli_call(db, *AGENCY_ADD, home=db.parent),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert run.stderr is not None
    notice = run.stderr.readline()  # the waiting run speaks before it ends
    assert notice == f"waiting for the registry {db}: {who} is writing to it (up to 10 s)\n"
    holder.communicate("done\n", timeout=10)  # the holder rolls back and ends
    out, err = run.communicate(timeout=30)
    assert (run.returncode, err) == (0, ""), (out, err)
    listed = cli(db, "agency", "list", "--format", "json", home=db.parent)
    assert "元宝山区财政局" in listed.out and '"held"' not in listed.out


# --- no usable default location -----------------------------------------------------------

GIVE_ONE = "give one with --db PATH or the NORMDOCS_DB environment variable"


@pytest.mark.parametrize(
    "args",
    [("init",), ("doc", "list"), ("agency", "add", "甲", "--code", "甲", "--level", "government")],
)
def test_a_missing_home_is_no_usable_default_location(tmp_path, args):
    home = tmp_path / "gone"
    result = cli(None, *args, home=tmp_path, env={"HOME": str(home)})
    tried = home / ".local" / "share" / "normdocs" / "normdocs.db"
    assert (result.code, result.out) == (5, ""), result
    assert result.err == (
        f"Error: no default registry location is usable: the home folder {home} does not exist "
        f"(tried {tried}) — {GIVE_ONE}\n"
    )
    assert not home.exists()


def test_an_unwritable_home_is_no_usable_default_location(shared_dir, other_user):
    shared_dir.chmod(0o555)
    tried = shared_dir / ".local" / "share" / "normdocs" / "normdocs.db"
    for args in (("init",), ("doc", "list")):
        result = cli(None, *args, home=shared_dir, user=other_user)
        assert (result.code, result.out) == (5, ""), result
        assert result.err == (
            f"Error: no default registry location is usable: {tried.parent} cannot be created: "
            f"{shared_dir} is not writable (tried {tried}) — {GIVE_ONE}\n"
        )
    assert list(shared_dir.iterdir()) == []


def test_a_default_location_that_can_be_made_is_used(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    made = cli(None, "init", home=home)
    assert made.code == 0, made
    assert (home / ".local" / "share" / "normdocs" / "normdocs.db").is_file()
