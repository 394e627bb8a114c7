"""`normdocs audit` the way cron runs it: the real console script, no terminal, an almost empty
environment, JSON/CSV on stdout, exit 3 at --fail-on; and the run lock between real processes."""

import csv
import io
import json
import shutil
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from normdocs.services.demo import demo_steps
from registry_snapshot import snapshot

pytestmark = pytest.mark.slow

NORMDOCS = shutil.which("normdocs", path=str(Path(sys.executable).parent)) or shutil.which(
    "normdocs"
)

# Holds the audit lock of the registry given as argv[1] until a line arrives on stdin.
HOLD_LOCK = """
import sys
from normdocs.store.engine import make_engine
from normdocs.store.locks import run_lock
with run_lock(make_engine(sys.argv[1]), sys.argv[1], wait=False):
    print("locked", flush=True)
    sys.stdin.readline()
"""


def cron_env(db: Path, **extra: str) -> dict[str, str]:
    """What cron gives a job: hardly anything (no LANG, no USER, no terminal)."""
    return {"PATH": "/usr/bin:/bin", "HOME": "/tmp", "NORMDOCS_DB": str(db), **extra}


def run(
    db: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    assert NORMDOCS
    return subprocess.run(
        [NORMDOCS, *args],
        capture_output=True,
        text=True,
        env=env or cron_env(db, NORMDOCS_TODAY="2026-11-27"),
        stdin=subprocess.DEVNULL,
        check=False,
        timeout=120,
    )


@pytest.fixture
def db(registry_template: Path, tmp_path: Path) -> Path:
    """A registry with an overdue filing (an error) and a long-signed draft (a warning)."""
    from normdocs.services.context import AppContext
    from normdocs.services.documents import new_document
    from normdocs.services.procedure import advance

    path = tmp_path / "cron.db"
    source = sqlite3.connect(registry_template)
    target = sqlite3.connect(path)
    source.backup(target)
    target.close()
    source.close()
    ctx = AppContext(db=str(path), actor="clerk", today_override=date(2026, 11, 27))
    for stage, number in (("promulgated", "元政发〔2026〕5号"), ("signed", None)):
        text = tmp_path / f"{stage}.txt"  # review submit needs a text to review
        text.write_text("第一条 为做好有关工作，制定本通知。\n", encoding="utf-8")
        view = new_document(
            ctx, title=f"元宝山区人民政府关于{stage}的通知", issuer="元宝山区人民政府", file=text
        )
        for step in demo_steps("government", "王区长", number, date(2026, 3, 2), stage):
            advance(ctx, str(view["id"]), step)
    return path


def test_cron_json_run_in_an_almost_empty_environment(db):
    proc = run(db, "audit", "--format", "json")
    assert proc.returncode == 3, proc.stderr  # an error-level finding, default --fail-on error
    findings = json.loads(proc.stdout)
    assert {f["rule"] for f in findings} == {"filing-overdue", "signed-not-promulgated", "no-basis"}
    overdue = next(f for f in findings if f["rule"] == "filing-overdue")
    assert overdue["severity"] == "error" and overdue["new"] is True
    assert overdue["evidence"] == {"due_on": "2026-04-19", "promulgated_on": "2026-03-20"}
    assert overdue["source"] == "国办发〔2018〕37号 §(十二)"
    assert "Audit as of 2026-11-27: 3 findings (1 errors, 2 warnings, 0 info)" in proc.stderr
    actors = sqlite3.connect(db).execute("SELECT actor FROM audit_run").fetchall()
    assert len(actors) == 1 and actors[0][0]  # a name even without USER/LOGNAME

    again = run(db, "audit", "--format", "json", "--new-only", "--fail-on", "warning")
    assert again.returncode == 0, again.stderr  # nothing new: the nightly mail stays empty
    assert json.loads(again.stdout) == []
    assert "0 new, 0 resolved" in again.stderr


def test_csv_and_fail_on_levels(db):
    never = run(db, "audit", "--format", "csv", "--fail-on", "never")
    assert never.returncode == 0, never.stderr
    rows = list(csv.DictReader(io.StringIO(never.stdout)))
    assert sorted(r["rule"] for r in rows) == [
        "filing-overdue",
        "no-basis",
        "signed-not-promulgated",
    ]
    assert json.loads(rows[0]["evidence"])
    assert run(db, "audit", "-f", "json", "--fail-on", "info").returncode == 3


def test_refused_options_exit_1_and_change_nothing(db):
    before = snapshot(db)
    bad_level = run(db, "audit", "--fail-on", "fatal")
    assert bad_level.returncode == 2  # a usage error, listing the choices in both languages
    assert "--fail-on does not take “fatal”" in bad_level.stderr
    assert "warning (警告)" in bad_level.stderr
    bad_day = run(db, "audit", "--as-of", "2026-02-30")
    assert bad_day.returncode == 1 and "does not exist" in bad_day.stderr
    future = run(db, "audit", "--as-of", "2027-01-01", "--apply-expiry")
    assert future.returncode == 1 and "after today" in future.stderr
    assert snapshot(db) == before


def test_a_missing_registry_exits_5(tmp_path):
    proc = run(tmp_path / "none.db", "audit")
    assert proc.returncode == 5
    assert "there is no registry" in proc.stderr


def hold_lock(db: Path) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "locked"
    return holder


def release(holder: subprocess.Popen[str]) -> None:
    assert holder.stdin is not None
    holder.stdin.write("\n")
    holder.stdin.flush()
    assert holder.wait(timeout=30) == 0


def test_a_second_run_exits_5_while_another_holds_the_lock(db):
    holder = hold_lock(db)
    try:
        before = snapshot(db)
        proc = run(db, "audit", "--format", "json")
        assert proc.returncode == 5, proc.stderr
        assert "another audit" in proc.stderr
        assert f"process {holder.pid}" in proc.stderr
        assert "--wait" in proc.stderr
        assert proc.stdout == ""
        assert snapshot(db) == before
    finally:
        release(holder)


def test_with_wait_the_second_run_starts_when_the_first_ends(db):
    holder = hold_lock(db)
    waiting = subprocess.Popen(
        [NORMDOCS or "normdocs", "audit", "--wait", "--format", "json", "--fail-on", "never"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        env=cron_env(db, NORMDOCS_TODAY="2026-11-27"),
    )
    try:
        time.sleep(1.5)
        assert waiting.poll() is None  # still waiting for the lock
        assert sqlite3.connect(db).execute("SELECT count(*) FROM audit_run").fetchone() == (0,)
    finally:
        release(holder)
    out, err = waiting.communicate(timeout=60)
    assert waiting.returncode == 0, err
    assert len(json.loads(out)) == 3


def test_two_real_audits_never_overlap(db):
    env = cron_env(db, NORMDOCS_TODAY="2026-11-27")
    procs = [
        subprocess.Popen(
            [NORMDOCS or "normdocs", "audit", "--wait", "-f", "json", "--fail-on", "never"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
            env=env,
        )
        for _ in range(2)
    ]
    for proc in procs:
        _out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    runs = (
        sqlite3.connect(db)
        .execute("SELECT started_at, finished_at, new_findings FROM audit_run ORDER BY started_at")
        .fetchall()
    )
    assert len(runs) == 2
    assert runs[0][1] <= runs[1][0]  # the second started after the first finished
    assert sorted(r[2] for r in runs) == [0, 3]


def test_chinese_output_and_a_locale_free_environment(db):
    proc = run(
        db,
        "--lang",
        "zh",
        "audit",
        "--fail-on",
        "never",
        env=cron_env(db, NORMDOCS_TODAY="2026-11-27", LC_ALL="C"),
    )
    assert proc.returncode == 0, proc.stderr
    assert "逾期未报备" in proc.stdout and "元政发〔2026〕5号" in proc.stdout
