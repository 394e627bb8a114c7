"""The assessment figures against a registry with known answers, per issuer and in total, and
--explain listing exactly the documents and events counted."""

import json
from datetime import date, timedelta

import pytest
from known import DEPARTMENT, GOVERNMENT, GOVERNMENT_PLAN, GOVERNMENT_STARTS, TODAY, make_context

from normdocs.services import reports


def _data(known, **kw):  # type: ignore[no-untyped-def]
    return reports.read(make_context(known.path), reports.stats(2026, TODAY, **kw)).data


def test_rates_per_issuer_and_total(known):  # type: ignore[no-untyped-def]
    data = _data(known)
    by = {i["issuer"]: i for i in data["issuers"]}
    gov, dep, total = by[GOVERNMENT.name], by[DEPARTMENT.name], data["total"]
    assert gov["counts"]["promulgated"] == 10
    assert gov["counts"]["filed"] == 8
    assert gov["counts"]["filed_on_time"] == 6
    assert gov["counts"]["filed_complete"] == 6
    assert gov["rates"]["filing_rate"] == {
        "numerator": 8,
        "denominator": 10,
        "value": 0.8,
        "text": "80.0%",
    }
    assert gov["rates"]["on_time_rate"]["text"] == "75.0%"
    assert gov["rates"]["complete_rate"]["text"] == "75.0%"
    assert gov["rates"]["correction_rate"]["text"] == "25.0%"
    assert gov["rates"]["publication_rate"]["text"] == "100.0%"
    assert [
        gov["counts"][k]
        for k in ("filing_accepted", "filing_deferred", "filing_correction", "filing_revoked")
    ] == [4, 1, 1, 1]
    assert gov["counts"]["reviewed_before_deliberation"] == 10
    # The department filed nothing: its rates over "filed" have no denominator.
    assert dep["counts"]["promulgated"] == 4
    assert dep["rates"]["filing_rate"]["text"] == "0.0%"
    assert dep["rates"]["on_time_rate"] == {
        "numerator": 0,
        "denominator": 0,
        "value": None,
        "text": "—",
    }
    # Cleanup decisions of the year, whatever year the document was promulgated in.
    assert [dep["counts"][f"cleanup_{k}"] for k in ("retain", "amend", "repeal", "invalidate")] == [
        2,
        1,
        1,
        1,
    ]
    assert total["counts"]["promulgated"] == 14
    assert total["rates"]["filing_rate"]["text"] == "57.1%"
    assert total["rates"]["on_time_rate"]["text"] == "75.0%"
    # The government first, then the departments.
    assert [i["issuer"] for i in data["issuers"]] == [GOVERNMENT.name, DEPARTMENT.name]


def test_one_issuer_and_another_year(known):  # type: ignore[no-untyped-def]
    data = _data(known, issuers=[DEPARTMENT.name])
    assert [i["issuer"] for i in data["issuers"]] == [DEPARTMENT.name]
    assert data["total"]["counts"]["promulgated"] == 4
    old = reports.read(make_context(known.path), reports.stats(2025, TODAY)).data
    assert old["total"]["counts"]["promulgated"] == 1


def test_as_of_counts_only_what_had_happened(known):  # type: ignore[no-untyped-def]
    # By 2026-05-01 only the documents promulgated and filed by then count.
    day = date(2026, 5, 1)
    data = reports.read(make_context(known.path), reports.stats(None, day)).data
    gov = {i["issuer"]: i for i in data["issuers"]}[GOVERNMENT.name]
    promulgated = filed = 0
    for (after, _materials, _outcome), start in zip(
        GOVERNMENT_PLAN, GOVERNMENT_STARTS, strict=True
    ):
        on = start + timedelta(days=18)
        promulgated += on <= day
        filed += after is not None and on + timedelta(days=after) <= day
    assert (promulgated, filed) == (5, 3)  # worked out by hand from the plan
    assert gov["counts"]["promulgated"] == promulgated
    assert gov["counts"]["filed"] == filed


def test_explain_lists_exactly_the_documents_and_events(known):  # type: ignore[no-untyped-def]
    data = reports.read(
        make_context(known.path), reports.explain(2026, TODAY, "报备率", [GOVERNMENT.name])
    ).data
    assert data["rate"] == "filing_rate"
    assert (data["numerator"], data["denominator"]) != ([], [])
    numerator = {d["document_id"]: d["event_ids"] for d in data["numerator"]}
    denominator = {d["document_id"]: d["event_ids"] for d in data["denominator"]}
    assert numerator == {doc: [event] for doc, event in known.file_events.items()}
    assert denominator == {doc: [known.publish_events[doc]] for doc in known.government}
    assert data["value"] == 0.8


def test_explain_on_time_names_the_late_ones_out(known):  # type: ignore[no-untyped-def]
    data = reports.read(
        make_context(known.path), reports.explain(2026, TODAY, "on_time_rate", [GOVERNMENT.name])
    ).data
    on_time = [d["document_id"] for d in data["numerator"]]
    assert on_time == known.government[:6]
    assert [d["document_id"] for d in data["denominator"]] == known.government[:8]


def test_unknown_rate_is_refused(known):  # type: ignore[no-untyped-def]
    from normdocs.domain.errors import InvalidInput

    with pytest.raises(InvalidInput, match="unknown rate"):
        reports.explain(2026, TODAY, "fastness")


def test_stats_json_file(known, tmp_path):  # type: ignore[no-untyped-def]
    out = tmp_path / "stats.json"
    written = reports.save(make_context(known.path), "stats", out, reports.stats(2026, TODAY))
    assert written.format == "json"
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["total"]["rates"]["filing_rate"]["text"] == "57.1%"
    assert data["as_of"] == "2026-11-27"


@pytest.mark.parametrize("issuers", [[], [GOVERNMENT.name], [DEPARTMENT.name]])
@pytest.mark.parametrize("day", [TODAY, date(2026, 5, 1), date(2026, 7, 15)])
def test_the_database_counts_what_explain_lists(known, issuers, day):  # type: ignore[no-untyped-def]
    """The figures are counted by SQL, --explain's lists by the Python rule: they agree."""
    ctx = make_context(known.path)
    figures = reports.read(ctx, reports.stats(2026, day, issuers)).data["total"]["rates"]
    for code in reports.RATES:
        listed = reports.read(ctx, reports.explain(2026, day, code, issuers)).data
        counted = figures[code]
        assert (len(listed["numerator"]), len(listed["denominator"])) == (
            counted["numerator"],
            counted["denominator"],
        ), code
