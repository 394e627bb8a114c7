"""A registry built with known answers for the reports, through the real services.

The government (元宝山区人民政府) promulgated 10 documents in 2026: 8 filed, 6 of them on time
and 6 with complete materials; filing review: 4 accepted, 1 deferred, 1 correction, 1 revoked,
1 undecided. The department (元宝山区教育局) promulgated 4 in 2026 and filed none, and 1 in 2025.
A draft is never promulgated. Known figures for 2026 as of 2026-11-27:
    government  报备率 80.0% (8/10)  及时率 75.0% (6/8)  规范率 75.0% (6/8)  纠错率 25.0% (2/8)
    department  报备率 0.0% (0/4)    及时率 — (0/0)
    total       报备率 57.1% (8/14)  及时率 75.0% (6/8)
A cleanup campaign over the department's documents decides: 2 retain, 1 amend, 1 repeal, 1
invalidate (on 2026-11-20)."""

import sqlite3
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from normdocs.domain.stages import Action
from normdocs.domain.steps import step_of
from normdocs.services.context import AppContext
from normdocs.services.demo import demo_steps
from normdocs.services.documents import new_document
from normdocs.services.procedure import advance

# The same issuers, day and clock as the suite's conftest (not imported: each folder of tests
# has a conftest module of that name).
TODAY = date(2026, 11, 27)
NOW = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)
START = date(2026, 3, 2)


@dataclass(frozen=True)
class Issuer:
    level: str
    name: str
    code: str
    head: str


GOVERNMENT = Issuer("government", "元宝山区人民政府", "元政发", "王区长")
DEPARTMENT = Issuer("department", "元宝山区教育局", "元教发", "李局长")


def make_context(db: Path | str) -> AppContext:
    return AppContext(db=str(db), actor="tester", clock=lambda: NOW, today_override=TODAY)


def copy_registry(source: Path, target: Path) -> None:
    """Copy a quiescent SQLite registry with the backup API (safe with WAL files around)."""
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=WAL")
    finally:
        dst.close()
        src.close()


# For each government document: (filed after promulgation in days or None, materials,
# filing outcome or None). Filing is due 30 days after promulgation.
GOVERNMENT_PLAN = [
    (10, "complete", "accepted"),
    (12, "complete", "accepted"),
    (20, "complete", "accepted"),
    (25, "complete", "accepted"),
    (28, "incomplete", "deferred"),
    (29, "complete", "correction"),
    (45, "complete", "revoked"),  # late
    (60, "incomplete", None),  # late
    (None, None, None),
    (None, None, None),
]
# Mondays whose nine-day review crosses no holiday (清明 4–6 April, 劳动节 1–5 May).
GOVERNMENT_STARTS = [
    date(2026, m, d)
    for m, d in [
        (3, 9),
        (3, 16),
        (3, 23),
        (3, 30),
        (4, 13),
        (4, 20),
        (5, 11),
        (5, 18),
        (5, 25),
        (6, 1),
    ]
]
DEPARTMENT_STARTS = [date(2026, 3, 9), date(2026, 3, 16), date(2026, 3, 23), date(2026, 6, 1)]
CLEANUP_DAY = date(2026, 11, 20)


@dataclass
class KnownRegistry:
    path: Path
    government: list[int] = field(default_factory=list)
    department: list[int] = field(default_factory=list)
    department_2025: int = 0
    draft: int = 0
    # event ids of interest, by document id
    publish_events: dict[int, int] = field(default_factory=dict)
    file_events: dict[int, int] = field(default_factory=dict)
    campaign: int = 0
    decisions: dict[int, str] = field(default_factory=dict)


def _promulgate(ctx: AppContext, issuer: Issuer, start: date, n: int) -> tuple[int, int]:
    title = f"{issuer.name}关于第{n}项管理工作的通知"
    with tempfile.TemporaryDirectory() as folder:
        # Each draft has its text: only a text can be reviewed.
        text = Path(folder) / f"{n}.txt"
        text.write_text(
            f"{title}\n第一条 为了做好第{n}项管理工作，制定本通知。\n"
            "第二条 本通知自印发之日起施行。\n",
            encoding="utf-8",
        )
        view = new_document(ctx, title=title, issuer=issuer.name, file=text)
    ref = str(view["id"])
    number = f"{issuer.code}〔{start.year}〕{n}号"
    event = 0
    for step in demo_steps(issuer.level, issuer.head, number, start, "promulgated"):
        event = advance(ctx, ref, step).event_id
    return int(view["id"]), event


def build(path: Path | str) -> KnownRegistry:
    ctx = make_context(path)
    known = KnownRegistry(path)
    for n, ((after, materials, outcome), start) in enumerate(
        zip(GOVERNMENT_PLAN, GOVERNMENT_STARTS, strict=True), start=1
    ):
        doc, published = _promulgate(ctx, GOVERNMENT, start, n)
        known.government.append(doc)
        known.publish_events[doc] = published
        promulgated = start + timedelta(days=18)
        if after is None:
            continue
        filed = advance(
            ctx,
            str(doc),
            step_of(Action.FILE, promulgated + timedelta(days=after), materials=materials),
        )
        known.file_events[doc] = filed.event_id
        if outcome:
            advance(
                ctx,
                str(doc),
                step_of(
                    Action.DECIDE_FILING,
                    promulgated + timedelta(days=after + 5),
                    outcome=outcome,
                    note="经审查",
                ),
            )
    for n, start in enumerate(DEPARTMENT_STARTS, start=1):
        doc, published = _promulgate(ctx, DEPARTMENT, start, 100 + n)
        known.department.append(doc)
        known.publish_events[doc] = published
    known.department_2025, _ = _promulgate(ctx, DEPARTMENT, date(2025, 3, 3), 7)
    known.draft = int(new_document(ctx, title="尚未公布的草稿", issuer=DEPARTMENT.name)["id"])
    from normdocs.services.cleanup import decide, start_campaign

    campaign = start_campaign(
        ctx, kind="periodic", issuer=DEPARTMENT.name, name="2026年教育局清理", on=CLEANUP_DAY
    )
    known.campaign = int(campaign["id"])
    outcomes = ["retain", "retain", "amend", "repeal", "invalidate"]
    for doc, outcome in zip([*known.department, known.department_2025], outcomes, strict=True):
        decide(
            ctx,
            str(known.campaign),
            str(doc),
            outcome=outcome,
            reason=f"清理理由{doc}",
            on=CLEANUP_DAY,
        )
        known.decisions[doc] = outcome
    return known
