"""A registry with the 1,068 superior laws of samples/superior-laws.csv and documents that rest
on them in every state that matters for flagging: in force, pending, expired, revoked, a draft."""

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from normdocs.domain.stages import Action
from normdocs.domain.steps import step_of
from normdocs.services.context import AppContext
from normdocs.services.demo import demo_steps
from normdocs.services.documents import new_document
from normdocs.services.law_import import import_laws
from normdocs.services.procedure import advance

NOW = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)


@dataclass(frozen=True)
class Issuer:
    """An issuer of the shared registry template (tests/conftest.py)."""

    name: str
    code: str
    head: str
    level: str


GOVERNMENT = Issuer("元宝山区人民政府", "元政发", "王区长", "government")
DEPARTMENT = Issuer("元宝山区教育局", "元教发", "李局长", "department")


def make_context(path: Path) -> AppContext:
    """Today is 2026-11-27, as in the shared fixtures."""
    return AppContext(db=str(path), actor="tester", clock=lambda: NOW, today_override=NOW.date())


def copy_registry(source: Path, target: Path) -> None:
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
LAWS_CSV = SAMPLES / "superior-laws.csv"
START = date(2026, 3, 2)  # demo_steps promulgate on START + 18 days: 2026-03-20


def promulgate(
    ctx: AppContext,
    issuer: Issuer,
    text: str,
    *,
    folder: Path,
    title: str,
    stage: str = "promulgated",
    start: date = START,
) -> int:
    """A draft registered with `text` as its file (citations extracted), taken to `stage`."""
    file = folder / f"{abs(hash(title))}.txt"
    file.write_text(text, encoding="utf-8")
    view = new_document(ctx, title=title, issuer=issuer.name, file=file)
    number = f"{issuer.code}〔{start.year}〕{view['id']}号"
    for step in demo_steps(issuer.level, issuer.head, number, start, stage):
        advance(ctx, str(view["id"]), step)
    return int(view["id"])


@dataclass(frozen=True)
class Docs:
    """Document ids of the template by what they are and what they cite."""

    in_force: int  # government, cites 传染病防治法 and 突发事件应对法
    in_force_article: int  # department, cites 《传染病防治法》第三十九条
    pending: int  # published 2026-11-20, effective 2027-01-01; cites 传染病防治法
    expired: int  # promulgated 2020-03-20, expired 2025; cites 传染病防治法
    revoked: int  # revoked by the filing authority; cites 传染病防治法
    draft: int  # not promulgated; cites 传染病防治法
    other: int  # in force, cites only 大气污染防治法 and an unknown regulation

    @property
    def resting_on_infection_law(self) -> set[int]:
        return {self.in_force, self.in_force_article, self.pending}


INFECTION = "根据《中华人民共和国传染病防治法》《中华人民共和国突发事件应对法》，制定本通告。"
INFECTION_ARTICLE = "依照《传染病防治法》第三十九条的规定，现就有关事项通知如下。"
INFECTION_ONLY = "根据《中华人民共和国传染病防治法》等法律法规，结合实际，制定本办法。"
AIR = "根据《中华人民共和国大气污染防治法》和《某某省大气环境保护条例》，制定本规定。"


def build(path: Path, folder: Path) -> Docs:
    ctx = make_context(path)
    import_laws(ctx, LAWS_CSV)

    def doc(issuer: Issuer, text: str, title: str, **kw: object) -> int:
        return promulgate(ctx, issuer, text, folder=folder, title=title, **kw)  # type: ignore[arg-type]

    in_force = doc(GOVERNMENT, INFECTION, "元宝山区人民政府关于暂停活禽交易的通告")
    article = doc(DEPARTMENT, INFECTION_ARTICLE, "元宝山区教育局关于校园传染病防控的通知")
    pending = doc(
        GOVERNMENT, INFECTION_ONLY, "元宝山区人民政府关于活禽经营管理的办法", stage="signed"
    )
    advance(
        ctx,
        str(pending),
        step_of(
            Action.PUBLISH,
            date(2026, 11, 20),
            doc_number=f"元政发〔2026〕{pending}号",
            effective_on=date(2027, 1, 1),
        ),
    )
    expired = doc(
        GOVERNMENT, INFECTION_ONLY, "元宝山区人民政府关于禽类交易的通告", start=date(2020, 3, 2)
    )
    revoked = doc(DEPARTMENT, INFECTION_ONLY, "元宝山区教育局关于晨午检的通知", stage="revoked")
    draft = doc(GOVERNMENT, INFECTION_ONLY, "元宝山区人民政府关于疫情防控的通知", stage="drafting")
    other = doc(GOVERNMENT, AIR, "元宝山区人民政府关于划定高污染燃料禁燃区的通告")
    return Docs(in_force, article, pending, expired, revoked, draft, other)


@pytest.fixture(scope="session")
def laws_template(
    registry_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, Docs]:
    """Built once per session on a copy of the shared template (its two issuers)."""
    folder = tmp_path_factory.mktemp("laws")
    path = folder / "laws.db"
    copy_registry(registry_template, path)
    return path, build(path, folder)


@pytest.fixture
def docs(laws_template: tuple[Path, Docs]) -> Docs:
    return laws_template[1]


@pytest.fixture
def reg(registry: Any, laws_template: tuple[Path, Docs]) -> Any:
    """The shared `registry` fixture (today 2026-11-27) holding a fresh copy of the template."""
    copy_registry(laws_template[0], registry.path)
    return registry


@pytest.fixture
def copy_laws_registry(laws_template: tuple[Path, Docs]) -> Callable[[Path], None]:
    def make(target: Path) -> None:
        copy_registry(laws_template[0], target)

    return make
