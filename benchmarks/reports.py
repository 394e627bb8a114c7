"""The reports at scale, on the 100,000-document registry of the audit benchmark.

Times, on the same registry in the same run:
  - `report stats` for one year: the figures of every issuer and the total (the report model,
    registry opened and read), against the same counts as one plain SQL query (target: <= 3 x),
    and with the .json rendered (target: <= 2 s), and as a clerk runs it (start-up included);
  - `report catalog` to .xlsx and to .html as a clerk runs it (the console script, a process of
    its own), with its peak memory (target: <= 10 s and < 500 MB each).

Run: python benchmarks/reports.py [--size 100000] [--year 2024] [--repeat 3]
"""

import argparse
import importlib.util
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# The figures `report stats` counts, per issuer, in plain SQL.
PLAIN_SQL = """
SELECT a.name, a.level,
       count(*) AS promulgated,
       sum(d.filed_on IS NOT NULL AND d.filed_on <= :as_of) AS filed,
       sum(d.filed_on IS NOT NULL AND d.filed_on <= :as_of AND NOT d.filed_late) AS on_time,
       sum(d.filed_on IS NOT NULL AND d.filed_on <= :as_of AND d.materials = 'complete'),
       sum(d.doc_number IS NOT NULL) AS published,
       sum(d.review_decided_on IS NOT NULL AND d.meeting_on IS NOT NULL
           AND d.review_decided_on <= d.meeting_on),
       sum(d.review_decided_on IS NOT NULL AND (NOT d.review_late OR d.review_emergency)),
       sum(d.filing_outcome = 'accepted'), sum(d.filing_outcome = 'deferred'),
       sum(d.filing_outcome = 'correction'), sum(d.filing_outcome = 'revoked')
FROM document d JOIN agency a ON a.id = d.issuer_id
WHERE d.promulgated_on BETWEEN :start AND :end
GROUP BY a.id ORDER BY a.level != 'government', a.name
"""


def _audit_benchmark():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "audit_benchmark", ROOT / "benchmarks" / "audit.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def plain_sql(path: Path, year: int, as_of: str) -> tuple[float, int]:
    start = time.perf_counter()
    connection = sqlite3.connect(path)
    rows = connection.execute(
        PLAIN_SQL, {"start": f"{year}-01-01", "end": min(f"{year}-12-31", as_of), "as_of": as_of}
    ).fetchall()
    connection.close()
    return time.perf_counter() - start, sum(r[2] for r in rows)


def stats_in_process(path: Path, year: int, today) -> tuple[float, float, int]:  # type: ignore[no-untyped-def]
    """Seconds to open the registry and count the figures (the report model), and to render
    them as .json too."""
    from normdocs.reports.tabular import to_json
    from normdocs.services import reports
    from normdocs.services.context import AppContext

    start = time.perf_counter()
    ctx = AppContext(db=str(path), actor="bench", today_override=today)
    report = reports.read(ctx, reports.stats(year, today))
    counted = time.perf_counter() - start
    to_json(report)
    ctx.close()
    return counted, time.perf_counter() - start, report.data["total"]["counts"]["promulgated"]


# Runs the console script and prints its peak memory: a child forked from this benchmark would
# count the benchmark's own memory at the fork as its peak (ru_maxrss is inherited until exec).
MEASURE = """
import resource, subprocess, sys
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(code)
"""


def console(path: Path, *args: str, home: Path) -> tuple[float, float]:
    """Wall time (s) and peak resident memory (MB) of one run of the console script."""
    script = Path(sys.executable).with_name("normdocs")
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(home),
        "NORMDOCS_DB": str(path),
        "NORMDOCS_TODAY": "2026-11-27",
        "NORMDOCS_LANG": "en",
        # A tree under comparison (PYTHONPATH=OTHER/src) is the one measured.
        **({"PYTHONPATH": os.environ["PYTHONPATH"]} if "PYTHONPATH" in os.environ else {}),
    }
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", MEASURE, str(script), *args],
        env=env,
        cwd=home,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"normdocs {' '.join(args)} failed: {proc.stderr}")
    return elapsed, int(proc.stdout.split()[-1]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3, help="runs to take the fastest of")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from normdocs.i18n import set_language

    set_language("en")
    audit = _audit_benchmark()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"reports-{args.size}.db"
        start = time.perf_counter()
        audit.build(path, args.size, args.seed)
        print(f"{args.size:,} documents built in {time.perf_counter() - start:.1f} s")
        as_of = audit.TODAY.isoformat()
        stats_in_process(path, args.year, audit.TODAY)  # imports, first reads
        stats, rendered, sql = [], [], []
        for _ in range(args.repeat):
            elapsed, with_json, counted = stats_in_process(path, args.year, audit.TODAY)
            stats.append(elapsed)
            rendered.append(with_json)
            elapsed, expected = plain_sql(path, args.year, as_of)
            sql.append(elapsed)
            assert counted == expected, (counted, expected)
        best, best_sql = min(stats), min(sql)
        print(
            f"report stats --year {args.year} ({counted:,} documents promulgated):"
            f" figures {best:.3f} s (with .json {min(rendered):.3f} s); plain SQL"
            f" {best_sql:.3f} s; ratio {best / best_sql:.2f} x"
            f" (targets: <= 2 s: {min(rendered) <= 2}, <= 3 x: {best / best_sql <= 3})"
        )
        home = Path(tmp)
        stats_cli = min(
            console(
                path, "report", "stats", "--year", str(args.year), "-o", f"s{n}.json", home=home
            )[0]
            for n in range(args.repeat)
        )
        print(
            f"  the same as a clerk runs it (console script, start-up included): {stats_cli:.2f} s"
        )
        for suffix in ("xlsx", "html"):
            runs = [
                console(path, "report", "catalog", "-o", f"catalog{n}.{suffix}", home=home)
                for n in range(args.repeat)
            ]
            elapsed = min(r[0] for r in runs)
            peak = max(r[1] for r in runs)
            size = (home / f"catalog0.{suffix}").stat().st_size / 1e6
            print(
                f"report catalog -o .{suffix}: {elapsed:.2f} s, peak memory {peak:.0f} MB,"
                f" {size:.1f} MB written (targets: <= 10 s: {elapsed <= 10},"
                f" < 500 MB: {peak < 500})"
            )


if __name__ == "__main__":
    main()
