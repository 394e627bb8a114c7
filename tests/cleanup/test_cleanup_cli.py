"""The cleanup commands as a clerk types them: in process (fast) and through the real console
script."""

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from registry_snapshot import snapshot as dump

pytestmark = pytest.mark.slow

NORMDOCS = shutil.which("normdocs", path=str(Path(sys.executable).parent)) or shutil.which(
    "normdocs"
)


class Outcome:
    def __init__(self, code: int, stdout: str, stderr: str) -> None:
        self.returncode, self.stdout, self.stderr = code, stdout, stderr


@pytest.fixture
def invoke(tmp_path: Path, copy_of: Any, english: None) -> Any:
    """The Typer app in this process, on a copy of the cleanup registry."""
    from typer.testing import CliRunner

    db = tmp_path / "registry.db"
    copy_of(db)
    runner = CliRunner()

    def call(*args: str, expect: int = 0, lang: str = "en", today: str = "2026-11-27") -> Outcome:
        from normdocs.cli.app import app

        env = {"NORMDOCS_TODAY": today, "NORMDOCS_LANG": lang, "NORMDOCS_DB": str(db)}
        result = runner.invoke(app, ["--actor", "clerk", *args], env=env)
        assert result.exit_code == expect, (result.exit_code, result.stdout, result.stderr)
        return Outcome(result.exit_code, result.stdout, result.stderr)

    call.db = db  # type: ignore[attr-defined]
    return call


@pytest.fixture
def run(tmp_path: Path, copy_of: Any) -> Any:
    """The installed console script in a subprocess, as cron or a terminal runs it."""
    assert NORMDOCS, "the normdocs console script is not installed"
    db = tmp_path / "registry.db"
    copy_of(db)

    def call(*args: str, expect: int = 0, lang: str = "en") -> subprocess.CompletedProcess[str]:
        env = {
            "PATH": os.environ.get("PATH", ""),
            "HOME": str(tmp_path),
            "NORMDOCS_DB": str(db),
            "NORMDOCS_TODAY": "2026-11-27",
            "NORMDOCS_LANG": lang,
            "NORMDOCS_ACTOR": "clerk",
        }
        proc = subprocess.run(
            [NORMDOCS, *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            stdin=subprocess.DEVNULL,
            check=False,
        )
        assert proc.returncode == expect, (proc.returncode, proc.stdout, proc.stderr)
        return proc

    call.db = db  # type: ignore[attr-defined]
    return call


def test_a_periodic_campaign_from_start_to_close(invoke, corpus):
    run = invoke
    started = json.loads(
        run(
            "cleanup", "start", "--kind", "periodic", "--issuer", "元宝山区教育局", "-f", "json"
        ).stdout
    )
    campaign = str(started["id"])
    assert started["documents"] == 2 and started["name"] == "2026年定期清理（元宝山区教育局）"
    # Closing with both undecided: exit 1, both named (id, 文号, title), nothing changed.
    before = dump(run.db)
    refused = run("cleanup", "close", campaign, expect=1)
    line = refused.stderr.strip()
    assert line.startswith("Refused [cleanup-undecided]: campaign 1 cannot close: 2 documents")
    assert f"{corpus.dept_in_force} 元教发〔2026〕{corpus.dept_in_force}号 " in line
    assert "元宝山区校外培训机构管理暂行办法" in line
    assert len(refused.stderr.splitlines()) == 1 and refused.stdout == ""
    assert dump(run.db) == before

    # A decision without --reason is refused the same way.
    no_reason = run(
        "cleanup", "decide", campaign, str(corpus.dept_in_force), "--outcome", "废止", expect=1
    )
    assert "Error: a cleanup decision needs a reason" in no_reason.stderr
    assert dump(run.db) == before

    decided = run(
        "cleanup",
        "decide",
        campaign,
        f"元教发[2026]{corpus.dept_in_force}号",
        "--outcome",
        "废止",
        "--reason",
        "上位法已废止",
        "--date",
        "2026年12月15日",
    )
    assert "repeal (废止), effective 2026-12-15" in decided.stderr
    run(
        "cleanup",
        "decide",
        campaign,
        str(corpus.dept_interim),
        "--outcome",
        "retain",
        "--reason",
        "继续执行",
        "--expires",
        "2028-11-26",
    )
    table = run("cleanup", "status", campaign, lang="zh").stdout
    assert "废止" in table and "继续有效" in table and "定期清理" in table

    # A campaign closes on a day that has come (steps are never recorded ahead of today).
    closed = run("cleanup", "close", campaign, "--date", "2026-12-01", today="2026-12-01")
    assert "1 retained, 0 to amend, 1 repealed, 0 declared invalid" in closed.stderr

    def validity(ref: int, on: str) -> str:
        shown = run("doc", "show", str(ref), "--as-of", on, "-f", "json").stdout
        return str(json.loads(shown)["validity"])

    assert validity(corpus.dept_in_force, "2026-12-15") == "repealed"
    assert validity(corpus.dept_interim, "2028-11-26") == "in_force"  # past its old expiry

    listed = json.loads(run("cleanup", "list", "--format", "json").stdout)
    assert [(c["id"], c["status"], c["closed_on"]) for c in listed] == [(1, "closed", "2026-12-01")]


def test_an_instant_campaign_needs_flagged_documents(run, corpus):
    started = run("cleanup", "start", "--kind", "instant", "--law", "《大气污染防治法》")
    assert (
        "Campaign 1 started: 即时清理：《中华人民共和国大气污染防治法》, 1 document."
        in started.stderr
    )
    before = dump(run.db)
    again = run("cleanup", "start", "--kind", "instant", "--law", "大气污染防治法", expect=1)
    assert again.stderr.startswith("Refused [cleanup-nothing-flagged]: no document is flagged")
    assert dump(run.db) == before
    rows = list(csv.DictReader(io.StringIO(run("cleanup", "status", "1", "-f", "csv").stdout)))
    assert [(r["document_id"], r["outcome"]) for r in rows] == [(str(corpus.gov_accepted), "")]
