"""Every benchmark still runs against the code it measures: each is run at a tiny size (the
figures mean nothing here, only that the script finishes and prints its result). A benchmark
that calls a function whose shape changed would otherwise break unseen until someone measures."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow

RUNS = [
    (["startup.py", "--runs", "1", "--documents", "50"], "doc show"),
    (["search.py", "--docs", "300", "--runs", "1", "--like-runs", "1"], "same as LIKE"),
    (["import.py", "--docx", "3", "--rows", "200"], "register"),
    (["audit.py", "--sizes", "300", "--series", "0"], "nightly audit"),
    (["reports.py", "--size", "300", "--repeat", "1"], "report stats"),
    (["verify.py", "--documents", "200"], "rows against the events"),
    (["content.py", "--texts", "200"], "content checks over 200 texts"),
    (["extract_accuracy.py"], ""),
]


@pytest.mark.parametrize(("args", "says"), RUNS, ids=[run[0][0] for run in RUNS])
def test_the_benchmark_runs_and_reports(args, says, tmp_path):
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / args[0]), *args[1:]],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert says in proc.stdout + proc.stderr
