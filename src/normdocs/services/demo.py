"""`normdocs demo`: a registry of real sample documents, taken through every stage."""

import tempfile
from datetime import date, timedelta
from importlib.resources import files
from pathlib import Path
from typing import TypedDict

from normdocs.domain.errors import InvalidInput
from normdocs.domain.stages import FilingOutcome, MeetingOutcome, MeetingType, ReviewOutcome
from normdocs.domain.steps import (
    DecideFiling,
    DecideReview,
    File,
    ProcedureStep,
    Publish,
    RecordMeeting,
    RecordRevision,
    Sign,
    SubmitReview,
)
from normdocs.i18n import _
from normdocs.services.context import AppContext
from normdocs.services.procedure import advance

# (name, level, 机关代字, parent, principal head, legal office) — heads are placeholders.
AGENCIES: list[tuple[str, str, str, str | None, str, str | None]] = [
    ("赤峰市人民政府", "government", "赤政发", None, "市长甲", "赤峰市司法局"),
    ("元宝山区人民政府", "government", "元政发", "赤峰市人民政府", "区长乙", "元宝山区司法局"),
    (
        "元宝山区人民政府办公室",
        "government",
        "元政办字",
        "赤峰市人民政府",
        "主任丙",
        "元宝山区司法局",
    ),
    ("元宝山区教育局", "department", "元教发", "元宝山区人民政府", "局长丁", None),
]

# Documents the office drafts itself, taken through the procedure to every stage:
# (draft text in samples/drafts or None, title, issuer, 文号 at promulgation, first day, stage).
DRAFTS: list[tuple[str | None, str, str, str | None, date, str]] = [
    (
        "D04-yuanbaoshan-dibao.txt",
        "元宝山区人民政府关于调整城乡居民最低生活保障标准的通知",
        "元宝山区人民政府",
        "元政发[2025]第021号",
        date(2025, 11, 17),
        "filing_accepted",
    ),
    (
        "D01-yuanbaoshan-tingche.txt",
        "元宝山区人民政府关于加强城区停车秩序管理的通告",
        "元宝山区人民政府",
        "元政发（2026）5号",
        date(2026, 2, 24),
        "filed",
    ),
    (
        "D02-yuanbaoshan-yanhua.txt",
        "元宝山区人民政府关于禁止燃放烟花爆竹的通告（试行）",
        "元宝山区人民政府",
        "元政发〔2026〕31号",
        date(2026, 9, 1),
        "promulgated",
    ),
    (
        "D03-yuanbaoshan-jiaoyu.txt",
        "元宝山区教育局关于规范校外培训机构管理的暂行办法",
        "元宝山区教育局",
        None,
        date(2026, 10, 12),
        "signed",
    ),
    (
        None,
        "元宝山区人民政府关于推进智慧社区建设的意见",
        "元宝山区人民政府",
        None,
        date(2026, 10, 19),
        "approved",
    ),
    (
        None,
        "元宝山区人民政府关于促进民营经济发展的若干措施",
        "元宝山区人民政府",
        None,
        date(2026, 10, 26),
        "reviewed",
    ),
    (
        None,
        "元宝山区住宅小区物业管理办法",
        "元宝山区人民政府",
        None,
        date(2026, 11, 2),
        "revision_required",
    ),
    (
        None,
        "元宝山区城市绿化管理规定",
        "元宝山区人民政府",
        None,
        date(2026, 11, 16),
        "under_review",
    ),
    (None, "元宝山区农村宅基地管理办法", "元宝山区人民政府", None, date(2026, 11, 20), "drafting"),
    # Withdrawn by its drafting office before review (撤回): listed only with --stage withdrawn.
    (
        None,
        "元宝山区教育局关于校服采购管理的通知",
        "元宝山区教育局",
        None,
        date(2026, 11, 23),
        "withdrawn",
    ),
    (
        None,
        "元宝山区人民政府关于规范行政执法公示工作的通知",
        "元宝山区人民政府",
        "元政发〔2026〕12号",
        date(2026, 4, 1),
        "filing_deferred",
    ),
    (
        None,
        "元宝山区教育局关于中小学服务性收费管理的通知",
        "元宝山区教育局",
        "元教发〔2026〕4号",
        date(2026, 5, 6),
        "correction_required",
    ),
    (
        None,
        "元宝山区人民政府关于城区禁止摩托车通行的通告",
        "元宝山区人民政府",
        "元政发〔2025〕9号",
        date(2025, 3, 3),
        "revoked",
    ),
]

# Published documents an office already has: imported as they are (web clutter included).
CORPUS = ("documents", "docx", "gb18030")
# The work plan that started this project names no issuer in its text; A03's copy has no title.
CORPUS_WITH_ISSUER = {"A00-yuanbaoshan-2018-fazhi-plan.txt": "元宝山区人民政府办公室"}
CORPUS_SKIPPED = ("A00-", "A03-")


def samples_dir() -> Path:
    """Sample documents shipped in the package, or the repository's own in a checkout."""
    packaged = Path(str(files("normdocs"))) / "samples"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "samples"


class DemoSummary(TypedDict):
    """What the demo built: where, and how many documents, law versions and events."""

    db: str
    docs: int
    laws: int
    events: int


def build_demo(ctx: AppContext, *, replace: bool = False) -> DemoSummary:
    """Create a fresh registry at ctx.db: agencies, the superior laws, the sample corpus through
    the importer, and the office's own drafts taken through the procedure to every stage."""
    from normdocs.services.agencies import add_agency
    from normdocs.services.law_import import import_laws
    from normdocs.services.registry import init_registry, verify_record

    _clear_target(ctx, replace)
    init_registry(ctx)
    for name, level, code, parent, head, legal_office in AGENCIES:
        add_agency(
            ctx,
            name=name,
            code=code,
            level=level,
            parent=parent,
            head=head,
            legal_office=legal_office,
        )
    samples = samples_dir()
    laws = import_laws(ctx, samples / "superior-laws.csv")
    imported = _import_corpus(ctx, samples)
    _take_drafts(ctx, samples)
    report = verify_record(ctx)
    return {
        "db": ctx.db,
        "docs": imported + len(DRAFTS),
        "laws": laws["rows"],
        "events": report.count,
    }


def _clear_target(ctx: AppContext, replace: bool) -> None:
    """The demo is an SQLite file of its own: an earlier demo's is replaced, any other file
    only with --yes."""
    path = Path(ctx.db)
    if "://" in ctx.db:
        raise InvalidInput(_("the demo builds an SQLite file; give --db PATH"), None)
    if path.exists():
        if not (replace or path.name == "normdocs-demo.db"):
            raise InvalidInput(
                _("{path} already exists").format(path=path),
                _("give another --db, or --yes to replace it"),
            )
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)


def _import_corpus(ctx: AppContext, samples: Path) -> int:
    """The published sample documents, through the importer; how many are new."""
    from normdocs.services.importing import import_documents

    corpus = sorted(
        p
        for folder in CORPUS
        for p in (samples / folder).iterdir()
        if p.is_file() and not p.name.startswith(CORPUS_SKIPPED)
    )
    imported = import_documents(ctx, corpus, create_issuers=True)
    for name, issuer in CORPUS_WITH_ISSUER.items():
        import_documents(ctx, [samples / "documents" / name], issuer=issuer)
    return int(imported.counts()["new"]) + len(CORPUS_WITH_ISSUER)


def _take_drafts(ctx: AppContext, samples: Path) -> None:
    """The office's own drafts, each registered and taken through the procedure to its stage."""
    from normdocs.services.corrections import withdraw_document
    from normdocs.services.documents import new_document

    agencies = {name: (level, head) for name, level, _code, _parent, head, _office in AGENCIES}
    with tempfile.TemporaryDirectory() as scratch:
        for sample, title, issuer, number, start, target in DRAFTS:
            file = samples / "drafts" / sample if sample else None
            if file is None and target != "drafting":
                # Review needs a text: a draft without a sample file gets a one-line one.
                file = Path(scratch) / f"{title}.txt"
                file.write_text(f"{title}\n第一条 为做好相关工作，制定本文件。\n", encoding="utf-8")
            view = new_document(ctx, title=title, issuer=issuer, file=file)
            if target == "withdrawn":
                withdraw_document(
                    ctx, str(view["id"]), reason="起草单位撤回：与上级新规定重复，不再制定"
                )
                continue
            level, head = agencies[issuer]
            for step in demo_steps(level, head, number, start, target):
                advance(ctx, str(view["id"]), step)


def demo_steps(
    level: str, head: str, number: str | None, start: date, target: str
) -> list[ProcedureStep]:
    """The steps that take a fresh draft to `target`, dated from `start`."""

    def at(days: int) -> date:
        return start + timedelta(days=days)

    meeting = (
        ("leadership", "第8次局务会议")
        if level == "department"
        else ("executive", "第12次常务会议")
    )
    chain: list[tuple[str, ProcedureStep]] = [
        ("under_review", SubmitReview(at(0))),
        (
            "revision_required",
            DecideReview(
                at(9),
                ReviewOutcome.REVISE,
                opinion="第五条设定罚款缺乏法律依据，应当删除",
                reviewer="司法局合法性审核科",
            ),
        ),
        ("reviewed", RecordRevision(at(10), note="已删除第五条罚款规定")),
        (
            "approved",
            RecordMeeting(
                at(14), MeetingOutcome.APPROVED, MeetingType(meeting[0]), session=meeting[1]
            ),
        ),
        ("signed", Sign(at(16), signer=head)),
        ("promulgated", Publish(at(18), doc_number=number)),
        ("filed", File(at(30))),
    ]
    if target == "drafting":
        return []
    if target == "reviewed":
        return [
            chain[0][1],
            DecideReview(
                at(9),
                ReviewOutcome.LAWFUL,
                opinion="经审核，未发现违法内容",
                reviewer="司法局",
            ),
        ]
    steps: list[ProcedureStep] = []
    for stage, step in chain:
        steps.append(step)
        if stage == target:
            return steps
    outcome = {
        "filing_accepted": FilingOutcome.ACCEPTED,
        "filing_deferred": FilingOutcome.DEFERRED,
        "correction_required": FilingOutcome.CORRECTION,
        "revoked": FilingOutcome.REVOKED,
    }[target]
    steps.append(DecideFiling(at(45), outcome, note="示例"))
    return steps


class DemoReports(TypedDict):
    """The demo's report files: the catalogue, and the figures of `year` (None: none written)."""

    catalog: Path
    stats: Path | None
    year: int | None


def write_demo_reports(ctx: AppContext) -> DemoReports:
    """The demo's last step: the catalogue (.html) and the latest year's figures (.docx), written
    beside the demo registry, where a clerk can open them. They are the demo's own files, so a
    rebuilt demo replaces them."""
    from normdocs.services import reports

    path = Path(ctx.db)
    today = ctx.today()
    catalog = path.with_name(f"{path.stem}-现行有效目录.html")
    reports.save(ctx, "catalog", catalog, reports.catalog(today), force=True)
    # The year's figures; early in a year before anything is promulgated, the year before.
    for year in (today.year, today.year - 1):
        stats = path.with_name(f"{path.stem}-{year}年备案审查工作报告.docx")
        try:
            reports.save(ctx, "stats", stats, reports.stats(year, today), force=True)
        except reports.NothingToReport:
            continue
        return {"catalog": catalog, "stats": stats, "year": year}
    return {"catalog": catalog, "stats": None, "year": None}
