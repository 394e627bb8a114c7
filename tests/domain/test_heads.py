"""Heads kept outside the registry: how verify prints them, reads them back, and checks them."""

from datetime import UTC, date, datetime

from normdocs.domain.chain import (
    GENESIS,
    ChainRow,
    SavedHead,
    canonical_json,
    check_heads,
    event_hash,
    head_text,
    parse_heads,
    verify_chain,
)

A = "a" * 64
B = "0123456789abcdef" * 4


def chain(n: int) -> list[ChainRow]:
    rows, prev = [], GENESIS
    for i in range(1, n + 1):
        row = ChainRow(
            id=i,
            document_id=None,
            agency_id=1,
            recorded_at=datetime(2026, 11, 27, 9, 30, tzinfo=UTC),
            actor="clerk",
            action="agency.update",
            on_date=None,
            from_stage=None,
            to_stage=None,
            details=canonical_json({"after": {"head": f"第{i}任"}}),
            prev_hash=prev,
            hash="",
        )
        prev = event_hash(prev, row.payload_text())
        rows.append(ChainRow(**{**row.__dict__, "hash": prev}))
    return rows


def test_an_events_hash_is_what_it_was_before_heads_were_kept():
    """The payload hashed is unchanged: registries written before still verify."""
    row = ChainRow(
        id=7,
        document_id=3,
        agency_id=None,
        recorded_at=datetime(2026, 11, 27, 9, 30, tzinfo=UTC),
        actor="clerk",
        action="publish",
        on_date=date(2026, 3, 20),
        from_stage="signed",
        to_stage="promulgated",
        details=canonical_json(
            {"doc_number": "元政发〔2026〕7号", "registration_no": "ND〔2026〕001"}
        ),
        prev_hash=GENESIS,
        hash="",
    )
    # Computed with the chain module as it was before this change (commit ee1ff6c).
    assert event_hash(GENESIS, row.payload_text()) == (
        "7eda25de1a441840e5ea194d36821e0c59ef6e92bf486235447f4bdcb385db62"
    )


def test_saved_lines_and_bare_hashes_are_read_back():
    text = (
        f"2026-12-31 record intact: 1520 events, head 1520 {A}\n"
        f"{B.upper()}\n"
        f"not a head: {A}0\n"  # 65 hex digits: part of something else
        f"记录完整：1521 条事件，head 1521 {B}\n"
    )
    assert parse_heads(text) == [SavedHead(A, 1520), SavedHead(B, None), SavedHead(B, 1521)]
    assert parse_heads(head_text(3, A)) == [SavedHead(A, 3)]
    assert parse_heads("nothing here") == []


def test_a_grown_chain_holds_every_earlier_head_and_a_rewritten_one_does_not():
    rows = chain(5)
    saved = [SavedHead(rows[2].hash, 3), SavedHead(rows[4].hash, None)]
    report = verify_chain(rows[:5], watch={h.hash for h in saved})
    assert report.ok and report.head == head_text(5, rows[4].hash)
    assert check_heads(saved, report) == []

    grown = chain(8)
    assert check_heads(saved, verify_chain(grown, watch={h.hash for h in saved})) == []

    wrong_count = [SavedHead(rows[2].hash, 4)]
    (failed,) = check_heads(wrong_count, verify_chain(grown, watch={rows[2].hash}))
    assert failed.found_at == 3
    elsewhere = [SavedHead(B, 2)]
    (failed,) = check_heads(elsewhere, verify_chain(grown, watch={B}))
    assert failed.found_at is None
