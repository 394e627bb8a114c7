"""A joint document's co-issuers are shown by `doc show` and `doc list`, not only in its
import event (read from that event: the registry stores a document's lead issuer only)."""

import json
from pathlib import Path

import pytest

from console import console

pytestmark = pytest.mark.slow

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
JOINT = SAMPLES / "documents" / "A09-ziyang-2020-huoqin-joint.txt"
SINGLE = SAMPLES / "documents" / "A11-guangzhou-2023-huoqin-xiushi.txt"


def test_doc_show_and_doc_list_show_the_co_issuers(tmp_path):
    normdocs = console(tmp_path, tmp_path / "registry.db")
    normdocs("init")
    normdocs("import", str(JOINT), str(SINGLE), "--create-issuers")

    shown = json.loads(normdocs("doc", "show", "1", "--format", "json").out)
    assert shown["issuer"] == "资阳市农业农村局"
    assert shown["co_issuers"] == ["资阳市商务局", "资阳市市场监督管理局"]
    table = normdocs("doc", "show", "1").out
    assert "co-issuers" in table and "资阳市商务局、资阳市市场监督管理局" in table

    listed = json.loads(normdocs("doc", "list", "--format", "json").out)
    assert {d["id"]: d["co_issuers"] for d in listed} == {
        1: ["资阳市商务局", "资阳市市场监督管理局"],
        2: [],
    }
    csv_text = normdocs("doc", "list", "--format", "csv").out
    assert "资阳市商务局、资阳市市场监督管理局" in csv_text
