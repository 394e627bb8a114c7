"""`normdocs search` through the real console script: output formats, exit codes, refusals that
change nothing, and the index kept current by `doc new --file` and `import`."""

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest

from registry_snapshot import snapshot as dump

pytestmark = pytest.mark.slow

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
RANMEI = SAMPLES / "documents" / "A07-xixian-2019-ranmei.txt"


@pytest.fixture(scope="module")
def one_text(tmp_path_factory) -> Path:
    """A registry with one issuer and one draft with the text of a real notice (built once)."""
    from searchcorpus import context

    from normdocs.services.agencies import add_agency
    from normdocs.services.documents import new_document
    from normdocs.services.registry import init_registry

    path = tmp_path_factory.mktemp("one-text") / "registry.db"
    ctx = context(path)
    init_registry(ctx)
    add_agency(ctx, name="息县人民政府", code="息政", level="government")
    new_document(
        ctx, title="关于在县城禁燃区内禁止销售使用燃煤的通告", issuer="息县人民政府", file=RANMEI
    )
    return path


def registry_with_one_text(normdocs_cli, one_text: Path) -> None:
    from searchcorpus import copy_file

    copy_file(one_text, normdocs_cli.db)


def test_table_json_csv_and_count(normdocs_cli, one_text):
    registry_with_one_text(normdocs_cli, one_text)
    table = normdocs_cli("search", "燃煤")
    assert "【燃煤】" in table.out and "关于在县城禁燃区内禁止销售使用燃煤的通告" in table.out
    assert "1 document contains “燃煤”; shown: 1–1." in table.err

    (hit,) = json.loads(normdocs_cli("search", "燃煤", "--format", "json").out)
    assert hit["id"] == 1 and hit["issuer"] == "息县人民政府"
    assert hit["validity"] == "not_promulgated" and hit["promulgated_on"] is None
    assert hit["snippet"][hit["match_start"] : hit["match_end"]] == "燃煤"
    text = RANMEI.read_text(encoding="utf-8")
    assert hit["match_offset"] == text.index("燃煤")
    assert hit["occurrences"] == text.count("燃煤") + 1  # and once in the title

    (row,) = list(csv.DictReader(io.StringIO(normdocs_cli("search", "燃煤", "-f", "csv").out)))
    assert row["id"] == "1" and row["in_title"] == "True" and row["snippet_source"] == "text"

    assert normdocs_cli("search", "燃煤", "--count").out == "1\n"
    assert normdocs_cli("search", "0376-5866731", "--count").out == "1\n"


def test_no_match_is_an_empty_list_and_exit_0(normdocs_cli, one_text):
    registry_with_one_text(normdocs_cli, one_text)
    assert normdocs_cli("search", "量子计算", "--format", "json").out == "[]\n"
    empty = normdocs_cli("search", "量子计算")
    assert "nothing found" in empty.err
    assert normdocs_cli("search", "量子计算", "--count").out == "0\n"


def test_csv_and_json_fields_are_the_same_whether_or_not_anything_matches(normdocs_cli, one_text):
    registry_with_one_text(normdocs_cli, one_text)
    found = normdocs_cli("search", "燃煤", "--format", "csv").out.splitlines()
    empty = normdocs_cli("search", "量子计算", "--format", "csv").out.splitlines()
    past = normdocs_cli("search", "燃煤", "--offset", "5", "--format", "csv").out.splitlines()
    assert len(found) == 2 and empty == past == found[:1]
    assert found[0].startswith("rank,id,title,") and found[0].endswith(",match_offset")
    (hit,) = json.loads(normdocs_cli("search", "燃煤", "--format", "json").out)
    assert list(hit) == found[0].split(",")


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["，。"], 1, "Error: the search text “，。” has no letter or digit to look for — "),
        (["   "], 1, "has no letter or digit to look for"),
        (["燃煤", "--validity", "valid"], 2, "Error: --validity does not take “valid”"),
        (["燃煤", "--issuer", "火星县人民政府"], 1, "Error: no agency named 火星县人民政府"),
        (["燃煤", "--limit", "0"], 2, "--limit"),
        (["燃煤", "--as-of", "2026-02-30"], 1, "Error: "),
        (["燃煤", "--validity", "withdrawn"], 1, "Error: withdrawn documents are not searched"),
    ],
)
def test_refusals_exit_with_one_line_and_change_nothing(
    normdocs_cli, one_text, args, code, message
):
    registry_with_one_text(normdocs_cli, one_text)
    before = dump(normdocs_cli.db)
    refused = normdocs_cli("search", *args, expect=code)
    assert message in refused.err
    assert refused.out == ""
    assert dump(normdocs_cli.db) == before


def test_several_validities_comma_separated_or_repeated(normdocs_cli):
    """--validity in_force,expired (as documented), or given twice, finds either; a repeated
    option no longer keeps only its last value."""
    normdocs_cli("init")
    normdocs_cli("import", str(SAMPLES / "documents"), "--create-issuers", expect=None)

    def count(*validity: str) -> int:
        return int(normdocs_cli("search", "人民政府", *validity, "--count").out.split()[0])

    in_force, expired = count("--validity", "in_force"), count("--validity", "expired")
    assert in_force and expired
    both = in_force + expired
    assert count("--validity", "in_force,expired") == both
    assert count("--validity", "in_force", "--validity", "expired") == both


def test_imported_documents_are_found_exactly(normdocs_cli):
    """Everything `import` registers is searchable at once, and a search finds exactly the
    documents whose stored title or text contains the term."""
    normdocs_cli("init")
    normdocs_cli(
        "import", str(SAMPLES / "documents"), str(SAMPLES / "gb18030"), "--create-issuers",
        expect=None,
    )  # fmt: skip
    with sqlite3.connect(normdocs_cli.db) as connection:
        stored = connection.execute(
            "SELECT d.id, d.title, coalesce(t.text, ''), d.promulgated_on FROM document d"
            " LEFT JOIN document_text t ON t.document_id = d.id"
        ).fetchall()
    assert len(stored) >= 10
    newest_first = sorted(stored, key=lambda r: (r[3] is not None, r[3] or "", r[0]), reverse=True)
    for term in [
        "燃煤",
        "烟花爆竹",
        "禁",
        "中华人民共和国大气污染防治法",
        "《中华人民共和国",
        "活禽",
        "2019年",
    ]:
        expected = [r[0] for r in newest_first if term in r[1] or term in r[2]]
        assert expected, term
        found = json.loads(normdocs_cli("search", term, "--format", "json", "--limit", "100").out)
        assert [hit["id"] for hit in found] == expected, term
