"""The catalogue page for the website, in a real headless Chromium from a file:// URL: type a
term and the rows filter, choose an issuer or a year, no console errors, nothing loaded from
outside, readable on a phone."""

import re

import pytest
from browser import CHROMIUM, Browser
from known import DEPARTMENT, GOVERNMENT, TODAY, make_context

from normdocs.services import reports

pytestmark = pytest.mark.slow


@pytest.fixture
def page(known, tmp_path):  # type: ignore[no-untyped-def]
    out = tmp_path / "目录.html"
    reports.save(make_context(known.path), "catalog", out, reports.catalog(TODAY))
    return out


def test_the_page_is_self_contained(page):  # type: ignore[no-untyped-def]
    text = page.read_text("utf-8")
    # No external script, style, font or image: every src/href would be a request.
    assert not re.search(r"""\b(src|href)\s*=""", text)
    assert "@import" not in text and "url(" not in text
    assert "default-src 'none'" in text


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_search_and_filters_run_in_the_page(page, tmp_path):  # type: ignore[no-untyped-def]
    visible = "document.querySelectorAll('#catalog tbody tr:not([hidden])').length"
    with Browser() as browser:
        browser.open(page)
        assert browser.js(visible) == 14
        assert browser.js("document.getElementById('shown').textContent") == "14"
        browser.js("document.getElementById('q').focus()")
        browser.type("第10")  # 第10项 and the department's 第101–104项
        assert browser.js(visible) == 5
        browser.type("项")
        assert browser.js(visible) == 1
        assert browser.js("document.getElementById('shown').textContent") == "1"
        browser.js("document.getElementById('q').select()")
        browser.type("元政发〔2026〕3号")
        titles = browser.js(
            "[...document.querySelectorAll('#catalog tbody tr:not([hidden]) td:nth-child(2)')]"
            ".map(td => td.textContent)"
        )
        assert titles == [f"{GOVERNMENT.name}关于第3项管理工作的通知"]
        browser.js(
            "const s = document.getElementById('issuer');"
            f"s.value = {DEPARTMENT.name!r}; s.dispatchEvent(new Event('change'))"
        )
        browser.js("document.getElementById('q').value = ''")
        browser.js("document.getElementById('q').dispatchEvent(new Event('input'))")
        assert browser.js(visible) == 5
        browser.js(
            "const y = document.getElementById('year');"
            "y.value = '2025'; y.dispatchEvent(new Event('change'))"
        )
        assert browser.js(visible) == 1
        browser.screenshot(tmp_path / "catalog.png")
        assert browser.errors == []


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_readable_on_a_phone(page):  # type: ignore[no-untyped-def]
    with Browser(width=390, height=844, mobile=True) as browser:
        browser.open(page)
        # Rows become cards: nothing wider than the screen, each cell labelled.
        assert browser.js("document.documentElement.scrollWidth") <= 390
        assert (
            browser.js("getComputedStyle(document.querySelector('#catalog tbody tr')).display")
            == "block"
        )
        assert (
            browser.js("getComputedStyle(document.querySelector('#catalog thead')).display")
            == "none"
        )
        assert browser.errors == []
