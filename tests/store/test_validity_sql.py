"""The SQL filter for validity agrees with the domain rule on every combination of dates."""

from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from normdocs.domain.stages import Validity
from normdocs.domain.validity import ValidityFacts, validity_on
from normdocs.services.context import AppContext
from normdocs.services.registry import init_registry
from normdocs.store.engine import transaction
from normdocs.store.queries import document_t, insert_agency, insert_document, validity_condition

DAY0 = date(2020, 1, 1)
days = st.integers(min_value=0, max_value=40)
maybe_days = st.none() | days
facts_strategy = st.builds(
    lambda p, e, x, end, reason: ValidityFacts(
        promulgated_on=None if p is None else DAY0 + timedelta(days=p),
        effective_on=None if e is None or p is None else DAY0 + timedelta(days=p + e),
        expires_on=None if x is None or p is None else DAY0 + timedelta(days=p + x),
        ended_on=None if end is None or p is None else DAY0 + timedelta(days=p + end),
        end_reason=None if end is None or p is None else reason,
    ),
    maybe_days,
    maybe_days,
    maybe_days,
    maybe_days,
    st.sampled_from(
        [Validity.REVOKED, Validity.REPEALED, Validity.INVALIDATED, Validity.SUPERSEDED]
    ),
)


@settings(max_examples=25, deadline=None)
@given(st.lists(facts_strategy, min_size=1, max_size=12), st.integers(0, 90))
def test_sql_validity_matches_domain(tmp_path_factory, facts_list, offset):
    ctx = AppContext(db=str(tmp_path_factory.mktemp("v") / "r.db"), actor="t")
    init_registry(ctx)
    as_of = DAY0 + timedelta(days=offset)
    now = datetime.now(UTC)
    with transaction(ctx.engine(), ctx.db) as session:
        agency = insert_agency(session, {"name": "甲", "level": "government", "created_at": now})
        ids = []
        for facts in facts_list:
            ids.append(
                insert_document(
                    session,
                    {
                        "title": "t",
                        "issuer_id": agency,
                        "interim": False,
                        "stage": "promulgated",
                        "origin": "test",
                        "review_emergency": False,
                        "review_late": False,
                        "revision_recorded": False,
                        "validity_stated": False,
                        "filed_late": False,
                        "created_at": now,
                        "promulgated_on": facts.promulgated_on,
                        "effective_on": facts.effective_on,
                        "expires_on": facts.expires_on,
                        "ended_on": facts.ended_on,
                        "end_reason": facts.end_reason.value if facts.end_reason else None,
                    },
                )
            )
        for validity in Validity:
            found = set(
                session.execute(
                    select(document_t.c.id).where(validity_condition(validity, as_of))
                ).scalars()
            )
            expected = {
                i for i, f in zip(ids, facts_list, strict=True) if validity_on(f, as_of) == validity
            }
            assert found == expected, (validity, as_of)
