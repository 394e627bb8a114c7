"""The filing report (01-备案报告) is addressed to the authority the filing was recorded to."""

import io
import zipfile
from pathlib import Path

import pytest
from docx import Document
from tests.console import console

pytestmark = pytest.mark.slow


def _addressee(package: Path) -> str:
    with zipfile.ZipFile(package) as parts:
        report = Document(io.BytesIO(parts.read("01-备案报告.docx")))
    # The first paragraph after the title is the 主送机关, ending in a full-width colon.
    lines = [p.text for p in report.paragraphs if p.text.strip()]
    return next(line for line in lines if line.endswith("："))


def test_filing_report_is_addressed_where_the_filing_went(tmp_path: Path) -> None:
    run = console(tmp_path, tmp_path / "registry.db")
    run("demo")
    # Document 15 of the demo is promulgated and not filed yet; it is filed with the province.
    ref = "元政发〔2026〕31号"
    before = tmp_path / "before.zip"
    run("report", "filing", ref, "-o", str(before))
    assert _addressee(before) == "赤峰市司法局："  # the issuer's default filing authority
    run("file", ref, "--to", "内蒙古自治区司法厅", "--date", "2026-10-10")
    after = tmp_path / "after.zip"
    run("report", "filing", ref, "-o", str(after))
    assert _addressee(after) == "内蒙古自治区司法厅："
