"""A register row of a joint document (联合发文): its 发文机关 cell or its title names several
bodies; the first (the government, before a Party body, for a title) is the lead issuer."""

from datetime import date

import pytest

from normdocs.domain.extract import register_values

TODAY = date(2026, 11, 27)
ROW = {"title": "关于暂停活禽交易的通告", "promulgated_on": "2020-01-25"}


@pytest.mark.parametrize(
    "cell",
    [
        "资阳市农业农村局、资阳市商务局",
        "资阳市农业农村局,资阳市商务局",
        "资阳市农业农村局；资阳市商务局",
        "资阳市农业农村局， 资阳市商务局",
    ],
)
def test_an_issuer_cell_naming_two_bodies_is_a_lead_and_a_co_issuer(cell: str) -> None:
    found = register_values({**ROW, "issuer": cell}, today=TODAY)
    assert (found.issuer, found.co_issuers, found.issuer_from) == (
        "资阳市农业农村局",
        ("资阳市商务局",),
        "register",
    )
    assert found.problems == ()


def test_three_bodies_keep_the_register_order_each_once() -> None:
    cell = "资阳市农业农村局、资阳市商务局、资阳市市场监督管理局、资阳市商务局"
    found = register_values({**ROW, "issuer": cell}, today=TODAY)
    assert found.issuer == "资阳市农业农村局"
    assert found.co_issuers == ("资阳市商务局", "资阳市市场监督管理局")


def test_a_single_name_with_a_space_is_not_split() -> None:
    found = register_values({**ROW, "issuer": "资阳市 商务局"}, today=TODAY)
    assert (found.issuer, found.co_issuers) == ("资阳市 商务局", ())


def test_a_cell_with_a_part_that_is_no_body_stays_whole_for_the_import_to_refuse() -> None:
    found = register_values({**ROW, "issuer": "资阳市商务局、资阳新闻网"}, today=TODAY)
    assert (found.issuer, found.co_issuers) == ("资阳市商务局、资阳新闻网", ())


def test_a_title_naming_several_bodies_gives_the_co_issuers() -> None:
    title = "资阳市农业农村局、资阳市商务局关于暂停全市活禽活畜交易的通告"
    found = register_values({**ROW, "title": title}, today=TODAY)
    assert (found.issuer, found.co_issuers, found.issuer_from) == (
        "资阳市农业农村局",
        ("资阳市商务局",),
        "title",
    )


def test_a_party_body_first_in_a_title_is_a_co_issuer_as_on_a_page() -> None:
    title = "中共资阳市委办公室、资阳市人民政府办公室关于印发资阳市政务公开办法的通知"
    found = register_values({**ROW, "title": title}, today=TODAY)
    assert (found.issuer, found.co_issuers) == ("资阳市人民政府办公室", ("中共资阳市委办公室",))


def test_one_issuer_has_no_co_issuer() -> None:
    found = register_values({**ROW, "issuer": "资阳市商务局"}, today=TODAY)
    assert (found.issuer, found.co_issuers) == ("资阳市商务局", ())
