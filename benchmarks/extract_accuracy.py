"""Field-level accuracy of the metadata extractor over the labelled set of real pages (issue 11).

The set: every golden record under tests/golden/ whose text is a distinct page — samples/documents,
samples/pages, samples/cleanup and tests/golden/pages-extra (the .docx and GB18030 copies of the
samples are the same pages and are left out so that no page counts twice). The goldens were written
by reading each page, never by running the extractor.

Six fields are scored per page: title, 文号, issuer, promulgation date, effective date and stated
expiry; a field is right when it equals the golden value (None included: a value where the page
gives none is wrong). Titles are compared without spaces, widths and the 、 between joint issuers.
A *polluted* issuer or title is a wrong non-empty one that --create-issuers or the registry would
keep: an issuer that is not the golden one, a title carrying a site separator.

Run: python benchmarks/extract_accuracy.py [--verbose]
Prints the accuracy over the whole set and over the unseen part (pages held back before the rules
were written), per field, and every wrong field with --verbose.
"""

import argparse
import json
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"
SAMPLES = ROOT / "samples"
FIELDS = ("title", "doc_number", "issuer", "promulgated_on", "effective_on", "expires_on")
# A00 names no issuer: only its 代字 says who issued it, when that agency is registered.
KNOWN_CODES = {"元政办字": "元宝山区人民政府办公室"}
SEPARATORS = ("丨", "|", "｜", ">", "»", "「", "」")


@dataclass
class PageResult:
    name: str
    part: str  # seen | unseen
    wrong: dict[str, tuple[object, object]] = field(default_factory=dict)  # field: (got, want)
    polluted: list[str] = field(default_factory=list)


def labelled_pages() -> list[tuple[Path, Path, str]]:
    """(text file, golden record, part) of every page of the set, in name order."""
    pages = []
    for folder in ("documents", "pages", "cleanup"):
        for record in sorted((GOLDEN / folder).glob("*.json")):
            text = SAMPLES / folder / record.name.removesuffix(".json")
            pages.append((text, record, _part(record)))
    for record in sorted((GOLDEN / "pages-extra").glob("*.json")):
        pages.append((record.with_suffix(""), record, _part(record)))
    return pages


def _part(record: Path) -> str:
    return json.loads(record.read_text(encoding="utf-8")).get("part", "seen")


def _title_key(value: object) -> object:
    if not isinstance(value, str):
        return value
    text = unicodedata.normalize("NFKC", value)
    return "".join(text.split()).replace("、", "")


def measure_page(text_path: Path, record: Path, part: str) -> PageResult:
    from normdocs.domain.extract import extract_metadata
    from normdocs.domain.profile import ImportRules
    from normdocs.importers.sources import TextDocument, read_file

    expected = json.loads(record.read_text(encoding="utf-8"))
    (document,) = list(read_file(text_path, ImportRules()))
    assert isinstance(document, TextDocument), document
    found = extract_metadata(document.text, known_codes=KNOWN_CODES)
    got = {
        "title": found.title,
        "doc_number": found.doc_number,
        "issuer": found.issuer,
        "promulgated_on": found.promulgated_on and found.promulgated_on.isoformat(),
        "effective_on": found.effective_on and found.effective_on.isoformat(),
        "expires_on": found.expires_on and found.expires_on.isoformat(),
    }
    result = PageResult(text_path.name, part)
    for name in FIELDS:
        want = expected[name]
        value = got[name]
        same = _title_key(value) == _title_key(want) if name == "title" else value == want
        if not same:
            result.wrong[name] = (value, want)
    if "issuer" in result.wrong and found.issuer:
        result.polluted.append(f"issuer {found.issuer}")
    if found.title and any(mark in found.title for mark in SEPARATORS):
        result.polluted.append(f"title {found.title}")
    return result


def measure() -> list[PageResult]:
    return [measure_page(text, record, part) for text, record, part in labelled_pages()]


def accuracy(results: list[PageResult], part: str | None = None) -> tuple[int, int]:
    """(right fields, all fields) over the results of `part` (every page when None)."""
    chosen = [r for r in results if part is None or r.part == part]
    total = len(chosen) * len(FIELDS)
    return total - sum(len(r.wrong) for r in chosen), total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", "-v", action="store_true", help="list every wrong field")
    args = parser.parse_args()
    results = measure()
    for label, part in (("whole set", None), ("unseen part", "unseen"), ("seen part", "seen")):
        right, total = accuracy(results, part)
        pages = sum(1 for r in results if part is None or r.part == part)
        print(f"{label:12} {pages:3} pages  {right}/{total} fields right  {right / total:.1%}")
    print("per field:")
    for name in FIELDS:
        wrong = sum(1 for r in results if name in r.wrong)
        print(f"  {name:15} {len(results) - wrong}/{len(results)}")
    polluted = [(r.name, p) for r in results for p in r.polluted]
    print(f"polluted issuers or titles: {len(polluted)}")
    for name, what in polluted:
        print(f"  {name}: {what}")
    if args.verbose:
        for r in results:
            for name, (got, want) in r.wrong.items():
                print(f"  {r.part:6} {r.name}: {name} got {got!r} want {want!r}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    sys.exit(main())
