"""The payload text that is hashed is exactly canonical_json of the payload, for any event."""

from datetime import UTC, date, datetime

from hypothesis import given
from hypothesis import strategies as st

from normdocs.domain.chain import GENESIS, ChainRow, canonical_json, event_hash

TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=30)
OPTIONAL_TEXT = st.none() | TEXT
OPTIONAL_ID = st.none() | st.integers(min_value=1, max_value=2**53)


@given(
    id=st.integers(min_value=1, max_value=2**53),
    document_id=OPTIONAL_ID,
    agency_id=OPTIONAL_ID,
    recorded_at=st.datetimes(timezones=st.just(UTC)) | st.datetimes(),
    actor=TEXT,
    action=TEXT,
    on_date=st.none() | st.dates(),
    from_stage=OPTIONAL_TEXT,
    to_stage=OPTIONAL_TEXT,
    details=st.dictionaries(TEXT, st.none() | TEXT | st.integers() | st.booleans(), max_size=4),
)
def test_payload_text_is_canonical_json_of_the_payload(**fields) -> None:
    fields["details"] = canonical_json(fields["details"])
    row = ChainRow(**fields, prev_hash=GENESIS, hash="")
    assert row.payload_text() == canonical_json(row.payload())


def test_event_hash_covers_the_previous_hash_and_the_payload() -> None:
    row = ChainRow(
        id=1,
        document_id=7,
        agency_id=None,
        recorded_at=datetime(2026, 11, 27, 8, 30, tzinfo=UTC),
        actor="张三",
        action="document.import",
        on_date=date(2023, 5, 31),
        from_stage=None,
        to_stage="promulgated",
        details='{"source":"登记册.csv","row":2}',
        prev_hash=GENESIS,
        hash="",
    )
    text = row.payload_text()
    assert text.startswith('{"action":"document.import","actor":"张三","agency_id":null,')
    assert '"details":"{\\"source\\":\\"登记册.csv\\",\\"row\\":2}"' in text
    assert event_hash(GENESIS, text) != event_hash("1" * 64, text)
    import hashlib

    assert event_hash(GENESIS, text) == hashlib.sha256((GENESIS + text).encode()).hexdigest()
