"""A registry for cleanup tests: documents in force, pending, expired, revoked and a draft, from
two issuers; two superior laws (one in two versions) with basis links and instant-cleanup flags."""

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert

from normdocs.domain.stages import Action
from normdocs.domain.steps import step_of
from normdocs.services.context import AppContext
from normdocs.services.demo import demo_steps
from normdocs.services.documents import new_document
from normdocs.services.procedure import advance
from normdocs.store.engine import make_engine, transaction
from normdocs.store.models import Basis, CleanupFlag, Law

CREATED = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
NOW = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)
# The issuers of the shared registry template (tests/conftest.py): name, 代字, head, level.
GOVERNMENT = ("元宝山区人民政府", "元政发", "王区长", "government")
DEPARTMENT = ("元宝山区教育局", "元教发", "李局长", "department")


@dataclass(frozen=True)
class Corpus:
    """Document ids by role, and law ids, as the template holds them."""

    gov_in_force: int  # 元宝山区人民政府, promulgated 2026-03-20, expires 2031-03-19
    gov_accepted: int  # the same issuer, filing accepted
    dept_in_force: int  # 元宝山区教育局, promulgated 2026-03-20
    dept_interim: int  # 暂行 in the title: 2-year validity, expires 2028-03-19
    gov_pending: int  # published 2026-11-20, effective 2027-01-01
    gov_expired: int  # promulgated 2020-03-20, expired 2025-03-20
    dept_revoked: int  # revoked by the filing authority
    gov_draft: int
    penalty_law_2017: int  # 中华人民共和国行政处罚法, 2017 version (superseded)
    penalty_law_2021: int  # 2021 version
    air_law: int  # 中华人民共和国大气污染防治法

    @property
    def in_force_or_pending(self) -> set[int]:
        return {
            self.gov_in_force,
            self.gov_accepted,
            self.dept_in_force,
            self.dept_interim,
            self.gov_pending,
        }


def insert_rows(db: Path, table: Any, rows: list[dict[str, Any]]) -> list[int]:
    """Rows written straight into a table (laws, basis links, flags: the law engineer's part)."""
    ids = []
    with transaction(make_engine(str(db)), str(db)) as session:
        for row in rows:
            result = session.execute(insert(table.__table__).values(**row))
            ids.append(int(result.inserted_primary_key[0]))
    return ids


def add_law(db: Path, title: str, promulgated: date, status: str = "in_force") -> int:
    short = title.removeprefix("中华人民共和国")
    return insert_rows(
        db,
        Law,
        [
            {
                "title": title,
                "short_title": short,
                "match_key": short,
                "level": "law",
                "promulgated_on": promulgated,
                "effective_on": promulgated,
                "status": status,
                "created_at": CREATED,
            }
        ],
    )[0]


def link(db: Path, document_id: int, law_id: int, citation: str) -> None:
    insert_rows(
        db,
        Basis,
        [
            {
                "document_id": document_id,
                "kind": "law",
                "citation": citation,
                "law_id": law_id,
                "origin": "manual",
                "created_at": CREATED,
            }
        ],
    )


def flag(db: Path, document_id: int, law_id: int, reason: str, on: date) -> int:
    return insert_rows(
        db,
        CleanupFlag,
        [{"document_id": document_id, "law_id": law_id, "reason": reason, "flagged_on": on}],
    )[0]


def copy_db(source: Path, target: Path) -> None:
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def bring(
    ctx: AppContext,
    issuer: tuple[str, str, str, str],
    stage: str,
    start: date,
    title: str | None = None,
) -> int:
    """A new draft of `issuer` taken to `stage` by the real services (dates from `start`)."""
    name, code, head, level = issuer
    title = title or f"{name}关于加强校园安全管理的通知"
    text = Path(ctx.db).parent / "draft-text.txt"  # review submit needs a text to review
    text.write_text(f"{title}\n第一条 为加强管理，制定本办法。\n", encoding="utf-8")
    view = new_document(ctx, title=title, issuer=name, file=text)
    number = f"{code}〔{start.year}〕{view['id']}号"
    for step in demo_steps(level, head, number, start, stage):
        advance(ctx, str(view["id"]), step)
    return int(view["id"])


def build(path: Path) -> Corpus:
    ctx = AppContext(db=str(path), actor="tester", clock=lambda: NOW, today_override=NOW.date())
    start = date(2026, 3, 2)
    gov_in_force = bring(ctx, GOVERNMENT, "promulgated", start)
    gov_accepted = bring(ctx, GOVERNMENT, "filing_accepted", start)
    dept_in_force = bring(ctx, DEPARTMENT, "promulgated", start)
    dept_interim = bring(
        ctx, DEPARTMENT, "promulgated", start, title="元宝山区校外培训机构管理暂行办法"
    )
    gov_pending = bring(ctx, GOVERNMENT, "signed", start)
    advance(
        ctx,
        str(gov_pending),
        step_of(
            Action.PUBLISH,
            date(2026, 11, 20),
            doc_number=f"元政发〔2026〕{gov_pending}号",
            effective_on=date(2027, 1, 1),
        ),
    )
    gov_expired = bring(ctx, GOVERNMENT, "promulgated", date(2020, 3, 2))
    dept_revoked = bring(ctx, DEPARTMENT, "revoked", start)
    gov_draft = bring(ctx, GOVERNMENT, "drafting", start)

    penalty_2017 = add_law(path, "中华人民共和国行政处罚法", date(2017, 9, 1), "superseded")
    penalty_2021 = add_law(path, "中华人民共和国行政处罚法", date(2021, 1, 22))
    air = add_law(path, "中华人民共和国大气污染防治法", date(2018, 10, 26))
    # Who rests on what; only some of them are flagged (the law engineer flags on amend/repeal).
    link(path, gov_in_force, penalty_2017, "《中华人民共和国行政处罚法》")
    link(path, dept_in_force, penalty_2021, "《行政处罚法》")
    link(path, dept_interim, penalty_2021, "《行政处罚法》")
    link(path, gov_accepted, air, "《大气污染防治法》")
    flag(path, gov_in_force, penalty_2017, "amended", date(2021, 1, 22))
    flag(path, dept_in_force, penalty_2021, "amended", date(2026, 10, 1))
    # A second flag for the same document and law (amended twice): one item, both flags taken.
    flag(path, dept_in_force, penalty_2021, "amended", date(2026, 11, 1))
    flag(path, gov_accepted, air, "amended", date(2026, 10, 1))
    return Corpus(
        gov_in_force=gov_in_force,
        gov_accepted=gov_accepted,
        dept_in_force=dept_in_force,
        dept_interim=dept_interim,
        gov_pending=gov_pending,
        gov_expired=gov_expired,
        dept_revoked=dept_revoked,
        gov_draft=gov_draft,
        penalty_law_2017=penalty_2017,
        penalty_law_2021=penalty_2021,
        air_law=air,
    )


@pytest.fixture(scope="session")
def cleanup_template(
    registry_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, Corpus]:
    """Built once per session on a copy of the shared template (its two issuers)."""
    path = tmp_path_factory.mktemp("cleanup") / "cleanup.db"
    copy_db(registry_template, path)
    return path, build(path)


@pytest.fixture
def corpus(cleanup_template: tuple[Path, Corpus]) -> Corpus:
    return cleanup_template[1]


@pytest.fixture
def reg(registry: Any, cleanup_template: tuple[Path, Corpus]) -> Any:
    """The shared `registry` fixture (its helpers, its context: today 2026-11-27), holding a
    fresh copy of the cleanup registry."""
    copy_db(cleanup_template[0], registry.path)
    return registry


@pytest.fixture
def copy_of(cleanup_template: tuple[Path, Corpus], tmp_path: Path) -> Callable[[Path], None]:
    """Copy the cleanup registry to a path (for the console-script tests)."""

    def make(target: Path) -> None:
        copy_db(cleanup_template[0], target)

    return make
