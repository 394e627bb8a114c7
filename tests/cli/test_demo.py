"""The quick start's main job: `normdocs demo` builds a registry with a document in every stage."""

import json

import pytest

from normdocs.domain.stages import Stage

pytestmark = pytest.mark.slow


def test_demo_builds_every_stage_from_the_samples(normdocs, tmp_path):
    # As the README's quick start runs it: no --db, no NORMDOCS_DB, a file in the current folder.
    built = normdocs("demo", env={"NORMDOCS_DB": ""})
    assert "Demo registry built at normdocs-demo.db" in built.err
    (tmp_path / "normdocs-demo.db").rename(tmp_path / "demo.db")
    env = {"NORMDOCS_DB": str(tmp_path / "demo.db")}
    documents = json.loads(normdocs("doc", "list", "--format", "json", env=env).out)
    withdrawn = json.loads(
        normdocs("doc", "list", "--stage", "withdrawn", "--format", "json", env=env).out
    )
    assert [d["title"] for d in withdrawn] == ["元宝山区教育局关于校服采购管理的通知"]
    assert {d["stage"] for d in documents + withdrawn} == {s.value for s in Stage}
    imported = [d for d in documents if d["origin"] != "drafted"]
    assert {d["doc_number"] for d in imported} >= {
        "穗府规〔2023〕5号",
        "辰政办发〔2014〕6号",
        "元政办字〔2018〕101号",
    }
    assert normdocs("verify", env=env).out.startswith("record intact:")
    laws = json.loads(normdocs("law", "list", "--format", "json", env=env).out)
    assert len(laws) == 1068

    again = normdocs("demo", "--db", str(tmp_path / "demo.db"), expect=1)
    assert "already exists" in again.err and "--yes" in again.err
    normdocs("demo", "--db", str(tmp_path / "demo.db"), "--yes")
