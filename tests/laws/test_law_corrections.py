"""A superior-law version recorded wrongly is corrected openly (`law correct`), one recorded by
mistake is removed (`law remove-version`), through the console script: each appends one event
with the reason, changes exactly the facts named (and the flags that follow them), a refused one
changes nothing, and a later real amendment is never blocked by an earlier mistaken one."""

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from console import Run, console
from registry_snapshot import snapshot

pytestmark = pytest.mark.slow

GOV = "元宝山区人民政府"
LAW = "元宝山区城市管理条例"


class Office:
    def __init__(self, tmp_path: Path) -> None:
        self.db = tmp_path / "registry.db"
        self.home = tmp_path
        self.run = console(tmp_path, self.db)
        self.run("init")
        self.run("agency", "add", GOV, "--level", "government", "--code", "元政发",
                 "--head", "王区长")  # fmt: skip
        self.run("law", "add", LAW, "--level", "地方性法规", "--promulgated", "2020-01-01")
        text = tmp_path / "doc.txt"
        text.write_text(f"第一条 根据《{LAW}》，制定本办法。\n", encoding="utf-8")
        self.doc = str(
            json.loads(
                self.run(
                    "doc",
                    "new",
                    "元宝山区市容管理办法",
                    "--issuer",
                    GOV,
                    "--file",
                    str(text),
                    "-f",
                    "json",
                ).out
            )["id"]
        )
        for args in (
            ("review", "submit", self.doc, "--date", "2026-03-02"),
            ("review", "decide", self.doc, "--outcome", "lawful", "--opinion", "合法",
             "--date", "2026-03-10"),
            ("meeting", "record", self.doc, "--type", "executive", "--session", "第3次",
             "--outcome", "approved", "--date", "2026-03-16"),
            ("sign", self.doc, "--signer", "王区长", "--date", "2026-03-18"),
            ("publish", self.doc, "--number", "元政发〔2026〕3号", "--date", "2026-03-20"),
        ):  # fmt: skip
            self.run(*args)

    def rows(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        con = sqlite3.connect(self.db)
        try:
            return con.execute(sql, params).fetchall()
        finally:
            con.close()

    def refused(self, *args: str) -> Run:
        before = snapshot(self.db)
        result = self.run(*args, expect=1)
        assert snapshot(self.db) == before
        return result

    def versions(self) -> list[tuple[Any, ...]]:
        return self.rows(
            "SELECT id, promulgated_on, effective_on, status, amended_on FROM law"
            " WHERE title = ? ORDER BY id",
            LAW,
        )

    def events(self, action: str) -> list[dict[str, Any]]:
        return [
            json.loads(d)
            for (d,) in self.rows("SELECT details FROM event WHERE action = ? ORDER BY id", action)
        ]


@pytest.fixture
def office(tmp_path: Path) -> Office:
    return Office(tmp_path)


def message(result: Run) -> str:
    (line,) = result.err.splitlines()
    return line.split(" — ", 1)[0]


def test_a_mistaken_date_is_corrected_and_the_real_amendment_then_recorded(
    office: Office,
) -> None:
    # The amendment of 2025-11-25 was typed as 2026-11-25.
    office.run("law", "amend", LAW, "--date", "2026-11-25")
    assert office.versions() == [
        (1, "2020-01-01", None, "superseded", "2026-11-25"),
        (2, "2026-11-25", None, "in_force", None),
    ]
    # The real amendment of 2026-11-01 is refused while the mistake stands, pointing at the fix.
    result = office.refused("law", "amend", LAW, "--date", "2026-11-01")
    assert message(result).startswith("Refused [amendment-after-current-version]")
    assert "law correct" in result.err and "law remove-version" in result.err
    office.refused("law", "correct", LAW, "--promulgated", "2026-11-30", "--reason", "录入错误")
    events = len(office.rows("SELECT id FROM event"))
    office.run(
        "law", "correct", LAW, "--version", "2026-11-25", "--promulgated", "2025-11-25",
        "--reason", "修正日期录入错误",
    )  # fmt: skip
    assert office.versions() == [
        (1, "2020-01-01", None, "superseded", "2025-11-25"),
        (2, "2025-11-25", None, "in_force", None),
    ]
    assert len(office.rows("SELECT id FROM event")) == events + 1
    (correction,) = office.events("law.correct")
    assert correction["changes"] == {
        "promulgated_on": {"before": "2026-11-25", "after": "2025-11-25"}
    }
    assert correction["reason"] == "修正日期录入错误"
    # The flag the amendment raised follows its corrected date.
    assert office.rows(
        "SELECT document_id, law_id, flagged_on, effective_on FROM cleanup_flag"
    ) == [(int(office.doc), 1, "2025-11-25", "2025-11-25")]
    office.run("law", "amend", LAW, "--date", "2026-11-01")
    assert [v[1:4] for v in office.versions()] == [
        ("2020-01-01", None, "superseded"),
        ("2025-11-25", None, "superseded"),
        ("2026-11-01", None, "in_force"),
    ]
    office.run("verify")


def test_an_effective_date_is_corrected_and_its_flags_act_from_it(office: Office) -> None:
    office.run("law", "amend", LAW, "--date", "2026-11-20")
    office.run(
        "law", "correct", LAW, "--effective", "2027-01-01", "--reason", "按修正决定自明年施行"
    )  # fmt: skip
    assert office.versions()[1] == (2, "2026-11-20", "2027-01-01", "in_force", None)
    assert office.rows("SELECT flagged_on, effective_on FROM cleanup_flag") == [
        ("2026-11-20", "2027-01-01")
    ]
    flags = json.loads(office.run("law", "show", LAW, "-f", "json").out)["flags"]
    assert [f["pending"] for f in flags] == [True]
    office.run("verify")


def test_a_version_recorded_by_mistake_is_removed_and_its_flags_withdrawn(office: Office) -> None:
    office.run("law", "amend", LAW, "--date", "2026-11-20")
    assert office.rows("SELECT COUNT(*) FROM cleanup_flag") == [(1,)]
    result = office.run(
        "law", "remove-version", LAW, "--version", "2026-11-20", "--reason", "并无此次修正",
        "-f", "json",
    )  # fmt: skip
    removed = json.loads(result.out)
    assert removed["withdrawn_flags"] == [
        {"id": 1, "document_id": int(office.doc), "reason": "amended"}
    ]
    assert office.versions() == [(1, "2020-01-01", None, "in_force", None)]
    assert office.rows("SELECT COUNT(*) FROM cleanup_flag") == [(0,)]
    (event,) = office.events("law.remove_version")
    assert (event["reason"], event["removed"]["promulgated_on"]) == ("并无此次修正", "2026-11-20")
    (unflag,) = office.rows(
        "SELECT document_id, details FROM event WHERE action = 'cleanup.unflag'"
    )
    assert unflag[0] == int(office.doc)
    assert json.loads(unflag[1])["why"] == "并无此次修正"
    history = json.loads(office.run("doc", "history", office.doc, "-f", "json").out)
    assert history[-1]["action"] == "cleanup.unflag"
    # Nothing is left to clean up, and the real amendment is recorded as if the mistake never was.
    office.refused("cleanup", "start", "--kind", "instant", "--law", LAW)
    office.run("law", "amend", LAW, "--date", "2026-11-01")
    office.run("verify")


def test_a_version_a_closed_cleanup_decided_on_is_not_removed(office: Office) -> None:
    office.run("law", "amend", LAW, "--date", "2026-11-20")
    office.run("cleanup", "start", "--kind", "instant", "--law", LAW)
    office.run("cleanup", "decide", "1", office.doc, "--outcome", "retain", "--reason", "仍适用")
    office.run("cleanup", "close", "1")
    result = office.refused(
        "law", "remove-version", LAW, "--version", "2026-11-20", "--reason", "并无此次修正"
    )
    assert message(result) == (
        "Refused [law-version-decided]: the version of 2026-11-20 is the only basis of closed"
        f" cleanup campaign 1's decision on document {office.doc}"
    )
    assert "law correct" in result.err
    # The first version has nothing to fall back to.
    result = office.refused(
        "law", "remove-version", LAW, "--version", "2020-01-01", "--reason", "误录"
    )
    assert message(result).startswith("Refused [law-first-version]")
    office.run("verify")
