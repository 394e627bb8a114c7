"""The official papers as LibreOffice lays them out: 28 characters to a full line of body text.

LibreOffice (and the office suites built on it) is what some offices open .docx with. The
papers are converted to PDF by a real headless LibreOffice and read back with pdftotext; every
line of a body paragraph but its last must be about full. CI installs both programs, and sets
NORMDOCS_REQUIRE_LIBREOFFICE so that their absence fails the test rather than skipping it."""

import os
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from docx import Document
from known import TODAY, make_context

from normdocs.services import reports

pytestmark = pytest.mark.slow

# A full line holds 28 characters of 16 pt; the first line of a paragraph is indented two.
# Chinese line breaking may carry a character or two to the next line (no 。 at a line's head).
FULL_LINE = 28
SLACK = 2.5


def _width(text: str) -> float:
    """A line's width in characters of the body: a Chinese character is one, a Latin one half."""
    return sum(
        1 if unicodedata.east_asian_width(c) in "WF" else 0.5 for c in text if not c.isspace()
    )


def _pdf_lines(docx: Path, tmp_path: Path) -> list[str]:
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    pdf = tmp_path / (docx.stem + ".pdf")
    text = subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return [line for line in text.splitlines() if line.strip()]


def _paragraph_lines(paragraph: str, lines: list[str]) -> list[str] | None:
    """The PDF lines that set `paragraph`, found in order in `lines`; None if it is not there."""
    want = "".join(paragraph.split())
    for start, line in enumerate(lines):
        got = "".join(line.split())
        if not got or not want.startswith(got):
            continue
        taken = [line]
        so_far = got
        for more in lines[start + 1 :]:
            if so_far == want:
                break
            piece = "".join(more.split())
            if not want.startswith(so_far + piece):
                break
            taken.append(more)
            so_far += piece
        if so_far == want:
            return taken
    return None


@pytest.fixture(scope="module")
def libreoffice() -> None:
    missing = [p for p in ("soffice", "pdftotext") if shutil.which(p) is None]
    if missing:
        message = f"needs {' and '.join(missing)} (Debian: libreoffice-writer, poppler-utils)"
        if os.environ.get("NORMDOCS_REQUIRE_LIBREOFFICE"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture
def papers(known, tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    """The filing package of a promulgated document: 备案报告, 正式文本, 合法性审核意见书, 制定说明."""
    folder = tmp_path_factory.mktemp("papers") / "备案材料"
    reports.save_filing(make_context(known.path), str(known.government[2]), folder, as_of=TODAY)
    return folder


def test_body_lines_hold_28_characters_in_libreoffice(  # type: ignore[no-untyped-def]
    libreoffice, papers, tmp_path
):
    checked = []
    for part in reports.FILING_PARTS:
        out = papers / part
        lines = _pdf_lines(out, tmp_path)
        for para in Document(str(out)).paragraphs:
            if _width(para.text) < 1.5 * FULL_LINE:
                continue
            found = _paragraph_lines(para.text, lines)
            assert found is not None, f"{part}: paragraph not in the PDF: {para.text[:20]}…"
            assert len(found) >= 2
            for line in found[:-1]:
                assert FULL_LINE - 2 - SLACK <= _width(line) <= FULL_LINE, (part, line, found)
            checked.append(part)
    # The report, the opinion and the explanation each have a paragraph of two lines or more.
    assert {"01-备案报告.docx", "03-合法性审核意见书.docx", "04-制定说明.docx"} <= set(checked)
