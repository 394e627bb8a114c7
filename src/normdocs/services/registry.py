"""Creating or upgrading the registry, and checking the record's hash chain."""

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import DatabaseError

from normdocs.domain.chain import ChainReport, verify_chain
from normdocs.domain.errors import RegistryUnusable
from normdocs.i18n import _
from normdocs.services.context import AppContext


@dataclass(frozen=True)
class InitResult:
    db: str
    before: str | None
    after: str


def init_registry(ctx: AppContext) -> InitResult:
    """Create the registry, or bring an older one up to this version's schema."""
    from normdocs.store.engine import (
        KNOWN_REVISIONS,
        describe_failure,
        is_sqlite,
        make_engine,
        schema_revision,
    )
    from normdocs.store.migrate import upgrade

    if is_sqlite(ctx.db) and "://" not in ctx.db:
        Path(ctx.db).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(ctx.db, write=False, must_exist=False)
    try:
        before = schema_revision(engine)
        if before is not None and before not in KNOWN_REVISIONS:
            raise RegistryUnusable(
                _("the registry's schema ({revision}) is newer than this normdocs knows").format(
                    revision=before
                ),
                _("upgrade normdocs before using this registry"),
            )
        upgrade(engine)
        if engine.dialect.name == "sqlite":
            raw = engine.raw_connection()
            try:
                raw.cursor().execute("PRAGMA journal_mode=WAL")
            finally:
                raw.close()
        after = schema_revision(engine)
    except DatabaseError as exc:
        raise describe_failure(exc, ctx.db) from exc
    finally:
        engine.dispose()
    assert after is not None
    return InitResult(ctx.db, before, after)


def verify_record(ctx: AppContext) -> ChainReport:
    """Walk the whole chain; report the first broken link."""
    from normdocs.store.engine import transaction
    from normdocs.store.records import chain_rows, record_head

    engine = ctx.engine(write=False)
    with transaction(engine, ctx.db) as session:
        head_count, head_hash = record_head(session)
        return verify_chain(chain_rows(session), head_count, head_hash)
