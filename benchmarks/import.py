"""`normdocs import` against baselines measured in the same run.

Targets (issue 3):
  2,000 generated .docx       whole `normdocs import` <= bare single-process python-docx parse loop
  100,000-row CSV register    whole `normdocs import` <= 5 x raw sqlite3 executemany of the rows,
                              and faster than `sqlite-utils insert --csv` (skipped if absent)
  peak memory of the 100k import < 500 MB (the child's ru_maxrss)

Run: python benchmarks/import.py [--docx 2000] [--rows 100000] [--keep DIR]
"""

import argparse
import csv
import io
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "documents" / "A11-guangzhou-2023-huoqin-xiushi.txt"
ISSUERS = [
    ("元宝山区人民政府", "元政发", "government", None),
    ("元宝山区人民政府办公室", "元政办发", "government", None),
    ("元宝山区教育局", "元教发", "department", "元宝山区人民政府"),
    ("元宝山区卫生健康委员会", "元卫发", "department", "元宝山区人民政府"),
    ("元宝山区市场监督管理局", "元市监发", "department", "元宝山区人民政府"),
]
SUBJECTS = [
    "城市精细化管理",
    "活禽经营市场休市",
    "烟花爆竹禁燃禁放",
    "校外培训机构管理",
    "高污染燃料禁燃区",
]


def normdocs_bin() -> str:
    found = shutil.which("normdocs", path=str(Path(sys.executable).parent))
    if not found:
        sys.exit("the normdocs console script is not installed next to this Python")
    return found


def run_child(argv: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """(seconds, peak RSS in MB, exit code) of one child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 4):
        sys.exit(f"{' '.join(argv[:3])} failed ({code}):\n{err}")
    return elapsed, usage.ru_maxrss / 1024, code


def make_registry(db: Path, env: dict[str, str]) -> None:
    exe = normdocs_bin()
    subprocess.run([exe, "--db", str(db), "init"], env=env, check=True, capture_output=True)
    for name, code, level, parent in ISSUERS:
        args = [exe, "--db", str(db), "agency", "add", name, "--code", code, "--level", level]
        if parent:
            args += ["--parent", parent]
        subprocess.run(args, env=env, check=True, capture_output=True)


# --- 2,000 .docx ---------------------------------------------------------------------------


def docx_template() -> bytes:
    from docx import Document

    word = Document()
    word.add_paragraph("PLACEHOLDER")
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def paragraph_xml(text: str) -> str:
    from xml.sax.saxutils import escape

    return f'<w:p><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def table_xml(rows: list[list[str]]) -> str:
    from xml.sax.saxutils import escape

    cells = "".join(
        "<w:tr>"
        + "".join(f"<w:tc><w:p><w:r><w:t>{escape(c)}</w:t></w:r></w:p></w:tc>" for c in row)
        + "</w:tr>"
        for row in rows
    )
    return f"<w:tbl>{cells}</w:tbl>"


def generate_docx(folder: Path, count: int) -> None:
    template = docx_template()
    base = zipfile.ZipFile(io.BytesIO(template))
    parts = [(info.filename, base.read(info.filename)) for info in base.infolist()]
    document = base.read("word/document.xml").decode("utf-8")
    start = document.index("<w:body>") + len("<w:body>")
    end = document.index("<w:sectPr")
    body_lines = SAMPLE.read_text(encoding="utf-8").splitlines()[19:27]
    rng = random.Random(7)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        name, code, _level, _parent = ISSUERS[i % len(ISSUERS)]
        subject = SUBJECTS[i % len(SUBJECTS)]
        year = 2019 + i % 7
        signed = date(year, 1, 1) + timedelta(days=rng.randrange(300))
        xml = [
            paragraph_xml(f"{code}〔{year}〕{i + 1}号"),
            paragraph_xml(f"{name}关于{subject}第{i + 1}项工作的通知"),
            paragraph_xml("各镇乡人民政府、街道办事处，区直各部门："),
            *(paragraph_xml(line) for line in body_lines if line.strip()),
            table_xml([["区域", "时间"], ["全区", f"{year}年全年"]]),
            paragraph_xml(
                f"本通知自{signed.year}年{signed.month}月{signed.day}日起施行，有效期3年。"
            ),
            paragraph_xml(name),
            paragraph_xml(f"{signed.year}年{signed.month}月{signed.day}日"),
        ]
        new_document = document[:start] + "".join(xml) + document[end:]
        target = folder / f"doc-{i:05d}.docx"
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
            for filename, data in parts:
                if filename == "word/document.xml":
                    data = new_document.encode("utf-8")
                out.writestr(filename, data)


def python_docx_loop(folder: Path) -> float:
    """The bare single-process python-docx parse loop: paragraphs and tables of every file."""
    code = (
        "import sys, pathlib\n"
        "from docx import Document\n"
        "n = 0\n"
        "for f in sorted(pathlib.Path(sys.argv[1]).glob('*.docx')):\n"
        "    d = Document(str(f))\n"
        "    text = '\\n'.join(p.text for p in d.paragraphs)\n"
        "    text += '\\n'.join(c.text for t in d.tables for r in t.rows for c in r.cells)\n"
        "    n += len(text)\n"
    )
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, str(folder)], check=True)
    return time.perf_counter() - start


# --- 100,000-row register ------------------------------------------------------------------

HEADER = ["序号", "文件名称", "文号", "发文机关", "发布日期", "施行日期", "有效期", "状态", "备注"]


def generate_register(path: Path, rows: int) -> None:
    rng = random.Random(11)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for i in range(rows):
            name, code, _level, _parent = ISSUERS[i % len(ISSUERS)]
            year = 2000 + i % 26
            serial = i // (len(ISSUERS) * 26) + 1  # unique per issuer and year, ≤ 99999
            day = date(year, 1, 1) + timedelta(days=rng.randrange(360))
            text_date = day.strftime("%Y.%-m.%-d") if i % 3 == 0 else day.isoformat()
            writer.writerow(
                [
                    i + 1,
                    f"{name}关于{SUBJECTS[i % len(SUBJECTS)]}第{i + 1}项工作的通知",
                    f"{code}〔{year}〕{serial}号",
                    name,
                    text_date,
                    "" if i % 2 else day.isoformat(),
                    "5年" if i % 4 == 0 else "",
                    "有效",
                    "",
                ]
            )


def raw_executemany(csv_path: Path, db: Path) -> float:
    start = time.perf_counter()
    connection = sqlite3.connect(db)
    connection.execute(f"CREATE TABLE register ({', '.join(f'c{i} TEXT' for i in range(9))})")
    with csv_path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        connection.executemany("INSERT INTO register VALUES (?,?,?,?,?,?,?,?,?)", reader)
    connection.commit()
    connection.close()
    return time.perf_counter() - start


def bare_writes(csv_path: Path, db: Path) -> float:
    """What an import must write, and nothing else, through bare sqlite3 into a registry: each
    row as a document (every index of the table in place), one chained event per document (its
    details as JSON, sha256 over the previous hash), its title in the search index. No
    validation, no duplicate checks, no start-up of normdocs: the floor under any import."""
    import hashlib
    import json

    from normdocs.store.search import index_text

    start = time.perf_counter()
    connection = sqlite3.connect(db, isolation_level=None)
    connection.execute("PRAGMA cache_size = -65536")
    connection.execute("BEGIN IMMEDIATE")
    issuers = dict(connection.execute("SELECT name, id FROM agency"))
    first_event, prev = connection.execute("SELECT last_id, last_hash FROM record_head").fetchone()
    documents, events, index = [], [], []
    with csv_path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        for n, row in enumerate(reader, start=1):
            _serial, title, number, issuer, promulgated, effective, _v, _s, _note = row
            promulgated = promulgated.replace(".", "-")
            documents.append(
                (
                    n,
                    title,
                    issuers[issuer],
                    0,
                    "promulgated",
                    "imported",
                    number,
                    promulgated,
                    effective or promulgated,
                    0,
                    0,
                    0,
                    0,
                    0,
                    0,
                    "2026-11-27 00:00:00.000000",
                )
            )
            details = json.dumps(
                {
                    "source": csv_path.name,
                    "row": n + 1,
                    "title": title,
                    "doc_number": number,
                    "issuer": issuer,
                    "promulgated_on": promulgated,
                    "format": "register",
                },
                ensure_ascii=False,
                sort_keys=True,
                separators=(",", ":"),
            )
            digest = hashlib.sha256((prev + details).encode()).hexdigest()
            events.append(
                (
                    first_event + n,
                    n,
                    "2026-11-27 00:00:00.000000",
                    "bench",
                    "document.import",
                    "promulgated",
                    details,
                    prev,
                    digest,
                )
            )
            prev = digest
            index.append((n, index_text(title), ""))
    connection.executemany(
        "INSERT INTO document (id, title, issuer_id, interim, stage, origin, doc_number, "
        "promulgated_on, effective_on, validity_stated, review_emergency, review_late, "
        "revision_recorded, filed_late, awaiting_amendment, created_at) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        documents,
    )
    connection.executemany(
        "INSERT INTO event (id, document_id, recorded_at, actor, action, to_stage, details, "
        "prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?)",
        events,
    )
    connection.executemany("INSERT INTO search_index (rowid, title, body) VALUES (?,?,?)", index)
    connection.execute("COMMIT")
    connection.close()
    return time.perf_counter() - start


def sqlite_utils_insert(csv_path: Path, db: Path) -> float | None:
    tool = shutil.which("sqlite-utils", path=str(Path(sys.executable).parent)) or shutil.which(
        "sqlite-utils"
    )
    if tool is None:
        return None
    start = time.perf_counter()
    subprocess.run([tool, "insert", str(db), "register", str(csv_path), "--csv"], check=True)
    return time.perf_counter() - start


def docx_benchmark(work: Path, count: int, env: dict[str, str]) -> None:
    folder = work / "docx"
    start = time.perf_counter()
    generate_docx(folder, count)
    print(f"generated {count} .docx in {time.perf_counter() - start:.1f} s")
    loop = python_docx_loop(folder)
    db = work / "docx.db"
    make_registry(db, env)
    took, rss, _code = run_child([normdocs_bin(), "--db", str(db), "import", str(folder)], env)
    print(
        f"{count} .docx: normdocs import {took:.2f} s ({count / took:.0f} files/s, "
        f"peak {rss:.0f} MB) vs python-docx parse loop {loop:.2f} s "
        f"({count / loop:.0f} files/s): {took / loop:.2f} x  [target <= 1 x]"
    )


def register_benchmark(work: Path, rows: int, env: dict[str, str]) -> None:
    register = work / "register.csv"
    generate_register(register, rows)
    raw = raw_executemany(register, work / "raw.db")
    utils = sqlite_utils_insert(register, work / "sqlite-utils.db")
    db = work / "register.db"
    make_registry(db, env)
    floor_db = work / "bare.db"
    shutil.copy(db, floor_db)
    floor = bare_writes(register, floor_db)
    took, rss, _code = run_child([normdocs_bin(), "--db", str(db), "import", str(register)], env)
    print(
        f"{rows} register rows: normdocs import {took:.2f} s ({rows / took:.0f} rows/s)"
        f" vs raw sqlite3 executemany {raw:.2f} s: {took / raw:.1f} x  [target <= 5 x]"
    )
    print(
        f"  the bare writes of an import (documents with their indexes, chained events, search "
        f"index) through sqlite3 alone: {floor:.2f} s = {floor / raw:.1f} x raw; normdocs "
        f"import = {took / floor:.2f} x those"
    )
    if utils is None:
        print("sqlite-utils insert --csv: skipped (sqlite-utils is not installed)")
    else:
        print(
            f"sqlite-utils insert --csv {utils:.2f} s ({rows / utils:.0f} rows/s): "
            f"normdocs is {utils / took:.2f} x as fast  [target > 1 x]"
        )
    print(f"peak memory of the {rows}-row import: {rss:.0f} MB  [target < 500 MB]")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docx", type=int, default=2000, help="files (0: skip)")
    parser.add_argument("--rows", type=int, default=100_000, help="register rows (0: skip)")
    parser.add_argument("--keep", type=Path, default=None, help="work in this folder, keep it")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="normdocs-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "NORMDOCS_LANG": "en",
        "NORMDOCS_ACTOR": "bench",
        "NORMDOCS_TODAY": "2026-11-27",
    }
    try:
        if args.docx:
            docx_benchmark(work, args.docx, env)
        if args.rows:
            register_benchmark(work, args.rows, env)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
