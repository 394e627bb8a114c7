"""The nightly audit at scale, against the same rules written as plain SQL in the same run.

Builds registries of 10,000 and 100,000 documents (with texts), the 1,068 laws of
samples/superior-laws.csv and three basis links per document (300,000 at 100k), loaded with bulk
SQL; then times
  - the first audit (every text read by the content checks, every finding inserted),
  - the nightly audit (nothing changed: texts are not read again, findings are only seen again),
  - the same rules as plain SQL queries (content checks as LIKE over texts changed since the last
    check, i.e. none on the nightly run — the same work the audit does),
and prints both, their ratio (target: nightly audit <= 10 s and <= 3 x plain SQL) and the growth
from 10,000 to 100,000 documents (target: no worse than linear).

With --series N (80,000 by default; 0 leaves it out) it also builds the registry of issue 12: N
documents whose titles are near-identical series (yearly plans, numbered notices, batches,
issues, quarterly reports) with a share of true duplicates and unstated replacements, and checks
the first audit (<= 20 s, < 500 MB) and the nightly (<= 10 s) there. Each first audit runs in a
child process, so that its peak memory (max RSS) and CPU time are its own.

Texts are real sample sentences, one in twenty with a labelled violation, as in a registry; with
--look-alikes the labelled lawful sentences join them (most were written to resemble violations:
a stress test of the content checks, which benchmarks/content.py --texts times on its own).

Run: python benchmarks/audit.py [--sizes 10000 100000] [--series 80000] [--seed 7] [--look-alikes]
"""

import argparse
import csv
import hashlib
import json
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
TODAY = date(2026, 11, 27)
NOW = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)

TOPICS = [
    "加强城市精细化管理",
    "禁止燃放烟花爆竹",
    "划定高污染燃料禁燃区",
    "活禽经营市场休市",
    "调整城乡居民最低生活保障标准",
    "加强校园安全管理",
    "规范农村宅基地管理",
    "促进民营经济发展",
    "加强建筑垃圾运输管理",
    "做好防汛抗旱工作",
    "推进垃圾分类工作",
    "规范共享单车停放",
    "加强养犬管理",
    "实施禁渔期制度",
    "优化营商环境",
    "加强食品安全监管",
    "规范殡葬管理",
    "推进老旧小区改造",
    "加强森林防火",
    "规范户外广告设置",
]
ASPECTS = [
    "的实施办法",
    "的若干规定",
    "的实施细则",
    "工作方案",
    "的若干措施",
    "的指导意见",
    "三年行动计划",
    "专项整治方案",
    "的管理暂行办法",
    "考核办法",
    "资金管理办法",
    "应急预案",
]
# Places a title may be about (城关街道, 新湖镇…): 9 x 10 x 4 different ones.
PLACES = [
    a + b + c
    for a in "东西南北中新老上下"
    for b in "城关湖山河桥港湾园林"
    for c in ("街道", "镇", "片区", "社区")
]
STAGES = (
    ["filing_accepted"] * 70
    + ["filed"] * 10
    + ["promulgated"] * 5
    + ["filing_deferred"] * 2
    + ["correction_required"] * 1
    + ["signed"] * 2
    + ["approved"] * 2
    + ["under_review"] * 3
    + ["drafting"] * 5
)


def _code(i: int) -> str:
    """A 机关代字 of Chinese characters only, different for each agency."""
    digits = "零一二三四五六七八九"
    return "区" + "".join(digits[int(c)] for c in str(i)) + "发"


def _number(code: str, year: int, serial: int, rng: random.Random) -> str:
    """A 文号, one in twenty copied with the wrong brackets or a leading 第 as real copies are."""
    if rng.random() < 0.05:
        return f"{code}[{year}]第{serial}号"
    return f"{code}〔{year}〕{serial}号"


_CN = "零一二三四五六七八九"


def _cn(n: int) -> str:
    """1..99 in Chinese numerals (十二, 二十, 二十三)."""
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else _CN[tens]) + "十" if tens else "") + (_CN[ones] if ones else "")


# The shapes of a series: what changes from one member to the next is its year or number.
SERIES_SHAPES = [
    "关于印发{year}年{topic}工作要点的通知",
    "关于印发{year}年度{topic}工作计划的通知",
    "关于{topic}有关事项的通知（{cn}）",
    "关于公布第{cn}批{topic}示范单位名单的通知",
    "{topic}工作简报（第{n}期）",
    "关于{year}年第{q}季度{topic}情况的通报",
    "关于做好{year}年{topic}工作的通知",
]


def series_title(
    issuer: int, rng: random.Random, counters: dict[tuple[int, int, int], int], made: list[str]
) -> str:
    """A title of one of the issuer's series: the next member (next year, next number), or
    in one case of fifty a copy of one of its earlier titles written differently (a duplicate),
    or one in a hundred an earlier title 进一步'd or made formal (an unstated replacement)."""
    name = f"第{issuer}区机关"
    roll = rng.random()
    if made and roll < 0.02:
        earlier = rng.choice(made[-200:])
        return earlier.replace("关于", "关于 ", 1).translate(_FULL_WIDTH)
    if made and roll < 0.03:
        earlier = rng.choice(made[-200:])
        if "关于" in earlier:
            return earlier.replace("关于", "关于进一步", 1)
        return earlier + "（修订）"
    # Each issuer keeps two topics of its own, so its series run long (as in the registry of
    # issue 12, where comparing titles pairwise made millions of findings).
    topic = TOPICS[(issuer * 7 + rng.randrange(2)) % len(TOPICS)]
    shape = rng.randrange(len(SERIES_SHAPES))
    key = (issuer, TOPICS.index(topic), shape)
    # A yearly series has one member a year (2012-2026), a quarterly one four; once full, the
    # issuer's next document of the topic is the next of a numbered series.
    if counters.get(key, 0) >= _SERIES_LENGTH.get(shape, 10**6):
        shape = rng.choice(_NUMBERED)
        key = (issuer, TOPICS.index(topic), shape)
    n = counters[key] = counters.get(key, 0) + 1
    title = name + SERIES_SHAPES[shape].format(
        year=2012 + ((n - 1) // 4 if shape == _QUARTERLY else n - 1),
        topic=topic,
        cn=_cn(1 + (n - 1) % 99),
        n=n,
        q=_cn(1 + (n - 1) % 4),
    )
    made.append(title)
    return title


_QUARTERLY = 5
_NUMBERED = (2, 3, 4)
_SERIES_LENGTH = {0: 15, 1: 15, _QUARTERLY: 60, 6: 15}
_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def sentence_pool(look_alikes: bool = False) -> tuple[list[str], list[str]]:
    """Sentences of the real samples (mostly harmless) and the labelled ones that set something;
    with `look_alikes`, the labelled lawful sentences among the harmless ones too (most of them
    written to resemble violations: the hardest text there is for the content checks, and, as
    the labelled set grows, most of the texts)."""
    sys.path.insert(0, str(ROOT / "src"))
    from normdocs.domain.content_checks import split_sentences

    plain: list[str] = []
    for path in sorted((SAMPLES / "documents").glob("*.txt")):
        plain += [s for s in split_sentences(path.read_text(encoding="utf-8")) if len(s) > 8]
    flagged: list[str] = []
    with open(ROOT / "tests" / "audit" / "labelled_sentences.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["expected"] != "none":
                flagged.append(row["sentence"])
            elif look_alikes:
                plain.append(row["sentence"])
    return plain, flagged


def load_laws(connection: sqlite3.Connection) -> list[tuple[int, str]]:
    rows = []
    with open(SAMPLES / "superior-laws.csv", encoding="utf-8") as f:
        for i, row in enumerate(csv.DictReader(f), start=1):
            title = row["title"]
            rows.append(
                (
                    i,
                    title,
                    row["short_title"] or None,
                    title.removeprefix("中华人民共和国"),
                    row["level"],
                    row["promulgated"] or None,
                    row["effective"] or None,
                    row["status"],
                    None,
                    row["history"],
                    NOW.isoformat(" "),
                )
            )
    connection.executemany(
        "INSERT INTO law (id, title, short_title, match_key, level, promulgated_on, effective_on,"
        " status, repealed_on, history, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        rows,
    )
    return [(r[0], r[1]) for r in rows]


def build(
    path: Path, documents: int, seed: int, series: bool = False, look_alikes: bool = False
) -> None:
    """A registry at `path`: schema by the real migrations, rows by bulk SQL; with `series`,
    titles of near-identical series (series_title) instead of the mixed ones; texts of real
    sample sentences, one in twenty with a labelled violation (with `look_alikes`, the labelled
    look-alikes among them: sentence_pool)."""
    from normdocs.services.context import AppContext
    from normdocs.services.registry import init_registry

    init_registry(AppContext(db=str(path), actor="bench", today_override=TODAY))
    rng = random.Random(seed)
    plain, flagged = sentence_pool(look_alikes)
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode=DELETE")
    connection.execute("PRAGMA synchronous=OFF")
    created = NOW.isoformat(" ")
    agencies = []
    for i in range(1, 301):
        level = "government" if i <= 30 else "department"
        parent = None if i <= 30 else (i % 30) + 1
        agencies.append((i, f"第{i}区机关", _code(i), level, parent, f"负责人{i}", created))
    connection.executemany(
        "INSERT INTO agency (id, name, code, level, parent_id, head, created_at)"
        " VALUES (?,?,?,?,?,?,?)",
        agencies,
    )
    laws = load_laws(connection)
    docs, texts, bases = [], [], []
    last_title: dict[int, str] = {}
    basis_id = 0
    series_rng = random.Random(seed + 1)
    counters: dict[tuple[int, int, int], int] = {}
    made: dict[int, list[str]] = {}
    for i in range(1, documents + 1):
        issuer = rng.randint(1, 300)
        stage = rng.choice(STAGES)
        topic = rng.choice(TOPICS)
        promulgated = TODAY - timedelta(days=rng.randint(1, 5000))
        aspect = rng.choice(ASPECTS)
        year = f"{promulgated.year}年" if rng.random() < 0.4 else ""
        place = rng.choice(PLACES)
        title = f"第{issuer}区机关关于印发{year}{place}{topic}{aspect}的通知"
        if issuer in last_title and rng.random() < 0.02:
            # A near-duplicate of the issuer's previous document, as when an old one is not
            # repealed on replacement: a fixed share, so such findings grow with the registry.
            title = last_title[issuer].replace("关于印发", "关于进一步印发", 1)
        last_title[issuer] = title
        if series:
            title = series_title(issuer, series_rng, counters, made.setdefault(issuer, []))
        dated = stage not in ("drafting", "under_review", "approved", "signed")
        expires = promulgated + timedelta(days=5 * 365) if rng.random() < 0.6 else None
        due = promulgated + timedelta(days=30)
        filed = promulgated + timedelta(days=rng.randint(5, 40))
        ended = rng.random() < 0.08 and dated
        docs.append(
            (
                i,
                title,
                issuer,
                0,
                stage,
                "imported",
                _number(_code(issuer), promulgated.year, i, rng) if dated else None,
                promulgated - timedelta(days=20),
                promulgated - timedelta(days=10) if stage != "under_review" else None,
                0,
                0,
                1,
                promulgated - timedelta(days=3)
                if stage not in ("drafting", "under_review")
                else None,
                promulgated if dated else None,
                promulgated if dated else None,
                expires if dated else None,
                1 if expires else 0,
                due if dated else None,
                filed if dated and stage not in ("promulgated",) else None,
                1 if filed > due else 0,
                promulgated + timedelta(days=50)
                if stage in ("filing_deferred", "correction_required")
                else None,
                promulgated + timedelta(days=65)
                if stage in ("filing_deferred", "correction_required")
                else None,
                promulgated + timedelta(days=400) if ended else None,
                "repealed" if ended else None,
                TODAY - timedelta(days=rng.randint(1, 1500)) if rng.random() < 0.3 else None,
                0,
                created,
            )
        )
        count = rng.randint(8, 20)
        body = [rng.choice(plain) for _ in range(count)]
        if rng.random() < 0.05:
            body.insert(rng.randint(0, count), rng.choice(flagged))
        text = title + "\n" + "。\n".join(body) + "。"
        texts.append((i, text, None, hashlib.sha256(text.encode("utf-8")).hexdigest()))
        for _ in range(3):
            basis_id += 1
            if rng.random() < 0.01:
                bases.append(
                    (basis_id, i, "law", "《某某管理条例》", None, None, "extracted", created)
                )
            else:
                law_id, law_title = laws[rng.randrange(len(laws))]
                bases.append(
                    (basis_id, i, "law", f"《{law_title}》", None, law_id, "extracted", created)
                )
    connection.executemany(
        "INSERT INTO document (id, title, issuer_id, interim, stage, origin, doc_number,"
        " review_submitted_on, review_decided_on, review_emergency, review_late, revision_recorded,"
        " signed_on, promulgated_on, effective_on, expires_on, validity_stated, filing_due_on,"
        " filed_on, filed_late, filing_decided_on, refile_due_on, ended_on, end_reason,"
        " last_cleanup_on, awaiting_amendment, created_at)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        docs,
    )
    connection.executemany(
        "INSERT INTO document_text (document_id, text, source_name, content_hash) VALUES (?,?,?,?)",
        texts,
    )
    connection.executemany(
        "INSERT INTO basis (id, document_id, kind, citation, article, law_id, origin, created_at)"
        " VALUES (?,?,?,?,?,?,?,?)",
        bases,
    )
    connection.commit()
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("ANALYZE")
    connection.close()


# --- the same rules as plain SQL ------------------------------------------------------------

PLAIN_SQL = {
    "filing-overdue/due-soon": """
        SELECT id, filing_due_on FROM document
        WHERE stage = 'promulgated' AND filed_on IS NULL AND promulgated_on <= :today
          AND filing_due_on <= date(:today, '+7 days')""",
    "filed-late": """
        SELECT id FROM document WHERE filed_on IS NOT NULL AND filed_on <= :today
          AND (filed_late OR filed_on > filing_due_on)""",
    "refile/correction-overdue": """
        SELECT id, stage FROM document
        WHERE stage IN ('filing_deferred', 'correction_required') AND refile_due_on < :today""",
    "review-overdue": """
        SELECT id FROM document WHERE stage = 'under_review'
          AND review_submitted_on < date(:today, '-21 days')""",
    "review-too-short": """
        SELECT id FROM document WHERE review_decided_on IS NOT NULL AND NOT review_emergency
          AND julianday(review_decided_on) - julianday(review_submitted_on) < 7""",
    "signed-not-promulgated": """
        SELECT id FROM document WHERE stage = 'signed' AND signed_on < date(:today, '-30 days')""",
    "expiring/expired": """
        SELECT d.id, d.expires_on,
               EXISTS (SELECT 1 FROM event e WHERE e.document_id = d.id
                       AND e.action = 'document.expired') AS recorded
        FROM document d
        LEFT JOIN (SELECT document_id, max(decided_on) AS decided FROM cleanup_item
                   WHERE outcome IS NOT NULL GROUP BY document_id) c ON c.document_id = d.id
        WHERE d.expires_on IS NOT NULL AND d.promulgated_on <= :today
          AND (d.ended_on IS NULL OR d.ended_on > :today)
          AND d.expires_on <= date(:today, '+6 months')
          AND coalesce(max(d.last_cleanup_on, c.decided), '') < date(d.expires_on, '-6 months')""",
    "cleanup-overdue": """
        SELECT d.id FROM document d
        LEFT JOIN (SELECT document_id, max(decided_on) AS decided FROM cleanup_item
                   WHERE outcome IS NOT NULL GROUP BY document_id) c ON c.document_id = d.id
        WHERE d.promulgated_on <= :today AND (d.ended_on IS NULL OR d.ended_on > :today)
          AND (d.expires_on IS NULL OR d.expires_on >= :today)
          AND date(coalesce(max(d.last_cleanup_on, c.decided), d.last_cleanup_on, c.decided,
                            d.promulgated_on), '+2 years') < :today""",
    "basis-repealed/amended": """
        SELECT DISTINCT b.document_id, l.id, l.status FROM basis b
        JOIN law l ON l.id = b.law_id
        JOIN document d ON d.id = b.document_id
        WHERE (l.status != 'in_force' OR l.amended_on IS NOT NULL)
          AND (d.ended_on IS NULL OR d.ended_on > :today)
          AND (d.expires_on IS NULL OR d.expires_on >= :today)""",
    "citation-unresolved": """
        SELECT DISTINCT document_id, citation FROM basis WHERE kind = 'law' AND law_id IS NULL""",
    "no-basis": """
        SELECT d.id FROM document d WHERE d.promulgated_on <= :today
          AND (d.ended_on IS NULL OR d.ended_on > :today)
          AND (d.expires_on IS NULL OR d.expires_on >= :today)
          AND NOT EXISTS (SELECT 1 FROM basis b WHERE b.document_id = d.id)""",
    "content (changed texts)": """
        SELECT t.document_id FROM document_text t
        LEFT JOIN content_check c ON c.document_id = t.document_id
        WHERE (c.document_id IS NULL OR c.content_hash != t.content_hash)
          AND (t.text LIKE '%处以%罚款%' OR t.text LIKE '%须经%批准%' OR t.text LIKE '%查封%'
               OR t.text LIKE '%收取%费%' OR t.text LIKE '%不予办理%' OR t.text LIKE '%指定%企业%')""",
    "doc-number-form": """
        SELECT id FROM document WHERE doc_number IS NOT NULL AND doc_number NOT LIKE '%〔____〕%号'""",
    "near-identical-titles": """
        SELECT issuer_id, title, count(*) FROM document
        WHERE promulgated_on <= :today AND (ended_on IS NULL OR ended_on > :today)
          AND (expires_on IS NULL OR expires_on >= :today)
        GROUP BY issuer_id, title HAVING count(*) > 1""",
}


def plain_sql(path: Path) -> tuple[float, int]:
    connection = sqlite3.connect(path)
    start = time.perf_counter()
    rows = 0
    for sql in PLAIN_SQL.values():
        rows += len(connection.execute(sql, {"today": TODAY.isoformat()}).fetchall())
    elapsed = time.perf_counter() - start
    connection.close()
    return elapsed, rows


def timed_audit(path: Path) -> tuple[float, object]:
    from normdocs.services.audit import run_audit
    from normdocs.services.context import AppContext

    ctx = AppContext(db=str(path), actor="bench", clock=lambda: NOW, today_override=TODAY)
    start = time.perf_counter()
    result = run_audit(ctx)
    return time.perf_counter() - start, result


def first_audit(path: Path) -> dict[str, float]:
    """The first audit of `path` in a child process: wall time, CPU time, peak memory, findings."""
    output = subprocess.run(
        [sys.executable, __file__, "--first-audit", str(path)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.splitlines()[-1])


def _peak_rss_mb() -> float:
    """This process's peak resident memory. getrusage's ru_maxrss would not do: Linux carries it
    over fork and exec, so a child started by the parent that built the registry would report
    the parent's peak; VmHWM belongs to the address space exec made."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _first_audit_child(path: Path) -> None:
    sys.path.insert(0, str(ROOT / "src"))
    from normdocs.i18n import set_language

    set_language("en")
    cpu = time.process_time()
    elapsed, result = timed_audit(path)
    found = result.found  # type: ignore[attr-defined]
    groups = [f for f in found if f.rule == "near-identical-titles"]
    print(
        json.dumps(
            {
                "seconds": elapsed,
                "cpu": time.process_time() - cpu,
                "max_rss_mb": _peak_rss_mb(),
                "findings": len(found),
                "title_groups": len(groups),
                "grouped_documents": sum(f.evidence["count"] for f in groups),
            }
        )
    )


def series_scenario(
    tmp: str, documents: int, seed: int, repeat: int, look_alikes: bool = False
) -> None:
    """The registry of issue 12: near-identical series titles; first audit and nightly."""
    path = Path(tmp) / f"audit-series-{documents}.db"
    start = time.perf_counter()
    build(path, documents, seed, series=True, look_alikes=look_alikes)
    built = time.perf_counter() - start
    connection = sqlite3.connect(path)
    distinct = connection.execute("SELECT count(DISTINCT title) FROM document").fetchone()[0]
    connection.close()
    first = first_audit(path)
    nightly, cpu, sql = [], [], []
    for _ in range(repeat):
        started = time.process_time()
        elapsed, _result = timed_audit(path)
        cpu.append(time.process_time() - started)
        nightly.append(elapsed)
        sql.append(plain_sql(path)[0])
    best, best_sql = min(nightly), min(sql)
    print(
        f"\n{documents:,} documents of near-identical series titles ({distinct:,} distinct;"
        f" built in {built:.1f} s): first audit {first['seconds']:.2f} s"
        f" (CPU {first['cpu']:.2f} s, max RSS {first['max_rss_mb']:.0f} MB,"
        f" {first['findings']:,} findings, {first['title_groups']:,} title groups of"
        f" {first['grouped_documents']:,} documents); nightly audit {best:.2f} s"
        f" (CPU {min(cpu):.2f} s), plain SQL {best_sql:.2f} s;"
        f" ratio {best / best_sql:.2f} x; first audit {first['seconds'] / best_sql:.1f} x plain SQL"
    )
    print(
        f"targets at {documents:,} series titles: first audit {first['seconds']:.2f} s"
        f" (<= 20 s: {first['seconds'] <= 20}), {first['max_rss_mb']:.0f} MB"
        f" (< 500 MB: {first['max_rss_mb'] < 500}); nightly {best:.2f} s (<= 10 s: {best <= 10})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--series",
        type=int,
        default=80_000,
        help="documents in the registry of near-identical series titles (0: leave it out)",
    )
    parser.add_argument(
        "--look-alikes",
        action="store_true",
        help="texts with the labelled look-alikes too (a stress test of the content checks)",
    )
    parser.add_argument("--first-audit", type=Path, help=argparse.SUPPRESS)
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="nightly runs and plain-SQL runs to take the fastest of",
    )
    args = parser.parse_args()
    if args.first_audit:
        _first_audit_child(args.first_audit)
        return
    sys.path.insert(0, str(ROOT / "src"))
    from normdocs.i18n import set_language

    set_language("en")
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        paths, first, built, findings = {}, {}, {}, {}
        for size in args.sizes:
            paths[size] = Path(tmp) / f"audit-{size}.db"
            start = time.perf_counter()
            build(paths[size], size, args.seed, look_alikes=args.look_alikes)
            built[size] = time.perf_counter() - start
            measured = first_audit(paths[size])
            first[size] = measured["seconds"]
            print(
                f"{size:>7,} documents: first audit {measured['seconds']:.2f} s"
                f" (CPU {measured['cpu']:.2f} s, max RSS {measured['max_rss_mb']:.0f} MB,"
                f" {int(measured['findings']):,} findings)"
            )
        # Sizes alternate within each round and the fastest round counts, so that the load of
        # other work on the machine weighs on every size alike.
        nightly: dict[int, list[float]] = {size: [] for size in args.sizes}
        sql: dict[int, list[float]] = {size: [] for size in args.sizes}
        rows: dict[int, int] = {}
        for _ in range(args.repeat):
            for size in args.sizes:
                elapsed, result = timed_audit(paths[size])
                nightly[size].append(elapsed)
                findings[size] = len(result.found)  # type: ignore[attr-defined]
                elapsed, rows[size] = plain_sql(paths[size])
                sql[size].append(elapsed)
        for size in args.sizes:
            results[size] = (first[size], min(nightly[size]), min(sql[size]))
            print(
                f"{size:>7,} documents (built in {built[size]:.1f} s, {3 * size:,} basis links):"
                f" first audit {first[size]:.2f} s, nightly audit {results[size][1]:.2f} s,"
                f" plain SQL {results[size][2]:.2f} s ({rows[size]:,} rows);"
                f" ratio {results[size][1] / results[size][2]:.2f} x; {findings[size]:,} findings"
            )
        if args.series:
            series_scenario(tmp, args.series, args.seed, args.repeat, args.look_alikes)
    if len(results) >= 2:
        small, large = min(results), max(results)
        factor = large / small
        for index, name in ((0, "first audit"), (1, "nightly audit"), (2, "plain SQL")):
            growth = results[large][index] / results[small][index]
            print(
                f"{name}: {growth:.1f} x the time for {factor:.0f} x the documents"
                f" ({'no worse than linear' if growth <= factor * 1.1 else 'WORSE than linear'})"
            )
    large = max(results)
    first, nightly, sql = results[large]
    print(
        f"\ntargets at {large:,}: nightly audit {nightly:.2f} s (<= 10 s: {nightly <= 10}),"
        f" {nightly / sql:.2f} x plain SQL (<= 3 x: {nightly / sql <= 3});"
        f" first audit {first:.2f} s"
    )


if __name__ == "__main__":
    main()
