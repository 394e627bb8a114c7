"""Shared fixtures: a fresh registry with two issuers, a fixed clock, and helpers that bring a
draft to any stage through the real services and snapshot the SQLite file."""

import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from normdocs.domain.stages import Action, Stage
from normdocs.domain.steps import ProcedureStep, step_of
from normdocs.i18n import current_language, set_language
from normdocs.services.agencies import add_agency
from normdocs.services.context import AppContext
from normdocs.services.demo import demo_steps
from normdocs.services.documents import new_document
from normdocs.services.procedure import advance
from normdocs.services.registry import init_registry
from registry_snapshot import snapshot

TODAY = date(2026, 11, 27)
NOW = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)
# A Monday after the 2026 Spring Festival and before 清明: demo_steps' 9-day review is then
# 7 working days, and nothing up to the filing decision (day 45) crosses a year.
START = date(2026, 3, 2)


@dataclass(frozen=True)
class Issuer:
    """An issuing body as the fixtures register it, with what its procedure needs."""

    level: str
    name: str
    code: str
    head: str
    meeting_type: str
    session: str


GOVERNMENT = Issuer(
    "government", "元宝山区人民政府", "元政发", "王区长", "executive", "第12次常务会议"
)
DEPARTMENT = Issuer(
    "department", "元宝山区教育局", "元教发", "李局长", "leadership", "第8次局务会议"
)
ISSUERS = {GOVERNMENT.level: GOVERNMENT, DEPARTMENT.level: DEPARTMENT}
LEVELS = tuple(ISSUERS)


def valid_step(
    issuer: Issuer,
    action: Action,
    on: date,
    *,
    outcome: str | None = None,
    number: str | None = None,
) -> ProcedureStep:
    """A step with every input a clerk must give for `action`, right for `issuer` (an outcome
    the step does not take is refused by step_of, rule outcome)."""
    if action == Action.SUBMIT_REVIEW:
        return step_of(action, on, outcome=outcome)
    if action == Action.DECIDE_REVIEW:
        return step_of(
            action,
            on,
            outcome=outcome,
            opinion="经审核，第三条“可以”改为“应当”",
            reviewer="元宝山区司法局",
        )
    if action == Action.RECORD_REVISION:
        return step_of(action, on, outcome=outcome, note="已按审核意见修改第三条")
    if action == Action.RECORD_MEETING:
        return step_of(
            action, on, outcome=outcome, meeting_type=issuer.meeting_type, session=issuer.session
        )
    if action == Action.SIGN:
        return step_of(action, on, outcome=outcome, signer=issuer.head)
    if action == Action.PUBLISH:
        number = number or f"{issuer.code}〔{on.year}〕900号"
        return step_of(action, on, outcome=outcome, doc_number=number)
    if action == Action.FILE:
        return step_of(action, on, outcome=outcome, materials="complete", filed_to="元宝山区司法局")
    if action == Action.DECIDE_FILING:
        return step_of(action, on, outcome=outcome, note="经审查")
    raise AssertionError(f"no valid step known for {action}")


def make_context(db: Path | str) -> AppContext:
    """A context on `db` with a fixed clock, so that two runs record the same timestamps."""
    return AppContext(db=str(db), actor="tester", clock=lambda: NOW, today_override=TODAY)


def populate(ctx: AppContext) -> None:
    """Initialise the registry and register the government and its department."""
    init_registry(ctx)
    add_agency(
        ctx,
        name=GOVERNMENT.name,
        code=GOVERNMENT.code,
        level="government",
        head=GOVERNMENT.head,
        legal_office="元宝山区司法局",
    )
    add_agency(
        ctx,
        name=DEPARTMENT.name,
        code=DEPARTMENT.code,
        level="department",
        parent=GOVERNMENT.name,
        head=DEPARTMENT.head,
    )


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


def table_rows(db_path: Path | str, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    con = sqlite3.connect(db_path)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


@dataclass
class Placed:
    """A document brought to a stage: its id and the steps that took it there."""

    id: int
    issuer: Issuer
    stage: Stage
    steps: list[ProcedureStep] = field(default_factory=list)
    created_on: date = START

    @property
    def ref(self) -> str:
        return str(self.id)

    @property
    def last_on(self) -> date:
        """The date of its latest step (the start date for a fresh draft)."""
        return max((s.on for s in self.steps), default=self.created_on)


@dataclass
class Registry:
    """A registry file in tmp_path with its context and the helpers tests use on it."""

    path: Path
    ctx: AppContext
    issuers: dict[str, Issuer] = field(default_factory=lambda: dict(ISSUERS))
    valid_step = staticmethod(valid_step)

    def snapshot(self) -> dict[str, list[tuple[Any, ...]]]:
        return snapshot(self.path)

    def draft(self, issuer: Issuer, title: str | None = None) -> Placed:
        title = title or f"{issuer.name}关于加强校园安全管理的通知"
        # A draft goes to review with a text (review submit refuses one without).
        folder = self.path.parent if self.path.name else Path(tempfile.gettempdir())  # PostgreSQL
        text = folder / f"draft-text-{os.getpid()}.txt"
        text.write_text(f"{title}\n第一条 为加强管理，制定本办法。\n", encoding="utf-8")
        view = new_document(self.ctx, title=title, issuer=issuer.name, file=text)
        return Placed(int(view["id"]), issuer, Stage.DRAFTING)

    def bring_to(
        self,
        issuer: Issuer,
        stage: Stage | str,
        *,
        start: date = START,
        number: str | None = None,
        title: str | None = None,
    ) -> Placed:
        """A new draft taken to `stage` by the real services, with demo_steps' dates from
        `start`; promulgation uses `number`, or the issuer's code with the document id."""
        stage = Stage(stage)
        placed = self.draft(issuer, title)
        placed.created_on = start
        number = number or f"{issuer.code}〔{start.year}〕{placed.id}号"
        steps = demo_steps(issuer.level, issuer.head, number, start, stage.value)
        for step in steps:
            advance(self.ctx, placed.ref, step)
        placed.steps = steps
        placed.stage = stage
        return placed

    def document(self, ref: int | str) -> dict[str, Any]:
        from normdocs.services.documents import show_document

        return show_document(self.ctx, str(ref))

    def events(self, ref: int | str) -> list[dict[str, Any]]:
        from normdocs.services.documents import document_history

        return document_history(self.ctx, str(ref))

    def event_count(self) -> int:
        return int(table_rows(self.path, "SELECT count(*) FROM event")[0][0])


@pytest.fixture(scope="session")
def registry_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One initialised registry with the two issuers, built once with init_registry."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    populate(make_context(path))
    return path


@pytest.fixture
def english() -> Iterator[None]:
    """Messages in English whatever the locale, so that tests can look for key phrases."""
    before = current_language()
    set_language("en")
    yield
    set_language(before)


@pytest.fixture
def registry(registry_template: Path, tmp_path: Path, english: None) -> Registry:
    """A fresh registry of its own in tmp_path: a copy of the session's template."""
    path = tmp_path / "registry.db"
    copy_registry(registry_template, path)
    return Registry(path, make_context(path))


@pytest.fixture
def new_registry(registry_template: Path, tmp_path: Path, english: None) -> Callable[[], Registry]:
    """A factory of fresh registries (for property tests that need one per example)."""
    made = 0

    def make() -> Registry:
        nonlocal made
        made += 1
        path = tmp_path / f"registry-{made}.db"
        copy_registry(registry_template, path)
        return Registry(path, make_context(path))

    return make


@pytest.fixture(scope="session")
def staged_templates(
    registry_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Callable[[str, Stage], tuple[Path, Placed]]:
    """Registries each holding one document of a level at a stage, built on first use."""
    cache: dict[tuple[str, Stage], tuple[Path, Placed]] = {}
    base = tmp_path_factory.mktemp("staged")

    def get(level: str, stage: Stage) -> tuple[Path, Placed]:
        key = (level, Stage(stage))
        if key not in cache:
            path = base / f"{level}-{key[1].value}.db"
            copy_registry(registry_template, path)
            placed = Registry(path, make_context(path)).bring_to(ISSUERS[level], key[1])
            cache[key] = (path, placed)
        return cache[key]

    return get


@pytest.fixture
def registry_at(
    staged_templates: Callable[[str, Stage], tuple[Path, Placed]], tmp_path: Path, english: None
) -> Callable[[str, Stage], tuple[Registry, Placed]]:
    """A fresh registry whose one document (of `level`) is at `stage`, as bring_to leaves it."""

    def at(level: str, stage: Stage) -> tuple[Registry, Placed]:
        source, placed = staged_templates(level, stage)
        path = tmp_path / f"{level}-{Stage(stage).value}.db"
        copy_registry(source, path)
        return Registry(path, make_context(path)), replace(placed, steps=list(placed.steps))

    return at


@pytest.fixture
def fresh_registry(tmp_path: Path, english: None) -> Registry:
    """A registry initialised from nothing in this test (slower; for checks of init itself)."""
    path = tmp_path / "fresh.db"
    ctx = make_context(path)
    populate(ctx)
    return Registry(path, ctx)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The URL of a PostgreSQL server where databases may be created (see pg_server.py).

    Without one the PostgreSQL tests are skipped — unless NORMDOCS_REQUIRE_POSTGRES is set,
    as .ci/run sets it, when they fail: CI must never pass without having run them."""
    import os

    from pg_server import find_bindir, throwaway_cluster

    given = os.environ.get("NORMDOCS_TEST_POSTGRES")
    if given:
        yield given
        return
    bindir = find_bindir()
    if bindir is None:
        message = "PostgreSQL is not installed (no initdb): apt-get install postgresql"
        if os.environ.get("NORMDOCS_REQUIRE_POSTGRES"):
            pytest.fail(message)
        pytest.skip(message)
    with throwaway_cluster(bindir) as url:
        yield url


@pytest.fixture
def postgres_database(postgres_server: str) -> Iterator[str]:
    """A new, empty database on the server for one test (dropped afterwards); its URL."""
    import uuid

    from sqlalchemy import create_engine, text

    from normdocs.store.engine import database_url

    name = f"normdocs_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(database_url(postgres_server), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield postgres_server.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def pg_registry(postgres_database: str, english: None) -> Registry:
    """A registry on PostgreSQL with the two issuers, as `registry` is on SQLite."""
    ctx = make_context(postgres_database)
    populate(ctx)
    return Registry(Path(), ctx)
