"""Facts an official register must refuse, and facts it must keep, through the console script as
a clerk would run it: a step dated after today, a 文号 whose 机关代字 is not the issuer's or that
another issuer has, a draft with no text sent to review; an agency's several codes and a new
parent; the filing authority of every filing; a law change that takes effect later; and a
cleanup decision that settles the findings it answers. A refused command changes nothing; every
registry verifies after."""

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from console import Run, console
from registry_snapshot import snapshot

pytestmark = pytest.mark.slow

GOV = "元宝山区人民政府"
DEPT = "元宝山区教育局"
LAW = "元宝山区城市管理条例"
TEXT = f"第一条 为加强城市管理，根据《{LAW}》，制定本办法。\n第二条 本办法自公布之日起施行。\n"


class Clerk:
    """A registry of its own, two issuers, and the console script run on it."""

    def __init__(self, tmp_path: Path) -> None:
        self.db = tmp_path / "registry.db"
        self.home = tmp_path
        self.run = console(tmp_path, self.db)
        self.run("init")
        self.run(
            "agency", "add", GOV, "--level", "government", "--code", "元政发",
            "--code", "元政办发,元政字", "--head", "王区长", "--legal-office", "元宝山区司法局",
        )  # fmt: skip
        self.run(
            "agency", "add", DEPT, "--level", "department", "--code", "元教发",
            "--parent", GOV, "--head", "李局长",
        )  # fmt: skip

    def draft(self, title: str, issuer: str = GOV, text: str = TEXT) -> str:
        path = self.home / f"{abs(hash(title))}.txt"
        path.write_text(f"{title}\n{text}", encoding="utf-8")
        out = self.run("doc", "new", title, "--issuer", issuer, "--file", str(path), "-f", "json")
        return str(json.loads(out.out)["id"])

    def to_signed(self, ref: str, issuer: str = GOV) -> None:
        government = issuer == GOV
        self.run("review", "submit", ref, "--date", "2026-03-02")
        self.run(
            "review", "decide", ref, "--outcome", "lawful", "--opinion", "合法",
            "--date", "2026-03-10",
        )  # fmt: skip
        self.run(
            "meeting", "record", ref, "--type", "executive" if government else "leadership",
            "--session", "第3次", "--outcome", "approved", "--date", "2026-03-16",
        )  # fmt: skip
        self.run(
            "sign", ref, "--signer", "王区长" if government else "李局长", "--date", "2026-03-18"
        )

    def published(self, title: str, number: str, issuer: str = GOV) -> str:
        ref = self.draft(title, issuer)
        self.to_signed(ref, issuer)
        self.run("publish", ref, "--number", number, "--date", "2026-03-20")
        return ref

    def refused(self, *args: str, env: dict[str, str] | None = None) -> Run:
        """A command that must be refused (exit 1, one line and a hint) and change nothing."""
        before = snapshot(self.db)
        result = self.run(*args, expect=1, env=env)
        assert snapshot(self.db) == before
        assert result.out == ""
        return result

    def show(self, ref: str, env: dict[str, str] | None = None) -> dict[str, Any]:
        return dict(json.loads(self.run("doc", "show", ref, "-f", "json", env=env).out))

    def rows(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        con = sqlite3.connect(self.db)
        try:
            return con.execute(sql, params).fetchall()
        finally:
            con.close()

    def verify_clean(self) -> None:
        self.run("verify")


@pytest.fixture
def clerk(tmp_path: Path) -> Clerk:
    return Clerk(tmp_path)


def first_line(result: Run) -> str:
    """The refusal's message: its one line on stderr without the hint after " — "."""
    (line,) = result.err.splitlines()
    return line.split(" — ", 1)[0]


# --- a step dated after today -------------------------------------------------------------


@pytest.mark.parametrize(
    ("stage_args", "step"),
    [
        ((), ("review", "submit", "{ref}", "--date", "2026-11-28")),
        (
            ("to_signed",),
            ("publish", "{ref}", "--number", "元政发〔2026〕7号", "--date", "2026-12-01"),
        ),
        (("to_published",), ("file", "{ref}", "--date", "2026-12-27")),
    ],
)
def test_a_step_dated_after_today_is_refused_with_today(
    clerk: Clerk, stage_args: tuple[str, ...], step: tuple[str, ...]
) -> None:
    ref = clerk.draft("元宝山区停车管理办法")
    if stage_args:
        clerk.to_signed(ref)
    if stage_args == ("to_published",):
        clerk.run("publish", ref, "--number", "元政发〔2026〕7号", "--date", "2026-03-20")
    args = [a.format(ref=ref) for a in step]
    result = clerk.refused(*args)
    day = args[-1]
    assert first_line(result) == (
        f"Refused [date-after-today]: the date {day} is after today (2026-11-27): a step is"
        " recorded once it has happened"
    )
    assert "NORMDOCS_TODAY" in result.err
    # On that day (NORMDOCS_TODAY), the same step is recorded.
    clerk.run(*args, env={"NORMDOCS_TODAY": day})
    clerk.verify_clean()


def test_a_meeting_tomorrow_and_a_campaign_closed_next_month_are_refused(clerk: Clerk) -> None:
    ref = clerk.draft("元宝山区停车管理办法")
    clerk.run("review", "submit", ref, "--date", "2026-03-02")
    clerk.run(
        "review", "decide", ref, "--outcome", "lawful", "--opinion", "合法", "--date", "2026-03-10"
    )
    result = clerk.refused(
        "meeting", "record", ref, "--type", "executive", "--session", "第3次",
        "--outcome", "approved", "--date", "2026-11-28",
    )  # fmt: skip
    assert first_line(result).startswith("Refused [date-after-today]: the date 2026-11-28")
    result = clerk.refused("cleanup", "start", "--kind", "periodic", "--date", "2026-12-01")
    assert first_line(result).startswith("Refused [date-after-today]: the date 2026-12-01")


def test_a_draft_without_text_is_not_sent_to_review(clerk: Clerk) -> None:
    out = clerk.run("doc", "new", "元宝山区停车管理办法", "--issuer", GOV, "-f", "json").out
    ref = str(json.loads(out)["id"])
    result = clerk.refused("review", "submit", ref, "--date", "2026-03-02")
    assert first_line(result) == (
        "Refused [review-needs-text]: the draft has no text: there is nothing to review"
    )
    # The hint names this document, ready to copy.
    assert "doc new --file" in result.err and f"doc text {ref} --file" in result.err
    assert clerk.show(ref)["stage"] == "drafting"


# --- 机关代字 and 文号 ----------------------------------------------------------------------


def test_an_agency_has_several_codes_and_a_number_must_use_one_of_them(clerk: Clerk) -> None:
    agencies = json.loads(clerk.run("agency", "list", "-f", "json").out)
    assert [(a["name"], a["code"], a["codes"]) for a in agencies] == [
        (GOV, "元政发", ["元政发", "元政办发", "元政字"]),
        (DEPT, "元教发", ["元教发"]),
    ]
    assert clerk.rows("SELECT agency_id, code FROM agency_code ORDER BY id") == [
        (1, "元政发"),
        (1, "元政办发"),
        (1, "元政字"),
        (2, "元教发"),
    ]
    ref = clerk.draft("元宝山区停车管理办法")
    clerk.to_signed(ref)
    result = clerk.refused("publish", ref, "--number", "元教发〔2026〕3号", "--date", "2026-03-20")
    assert first_line(result) == (
        "Refused [doc-number-code]: the 机关代字 元教发 of 元教发〔2026〕3号 is not a code of"
        f" {GOV} (its codes: 元政发, 元政办发, 元政字)"
    )
    # 元教发 is the department's: the hint says so, not to add it (which would be refused).
    assert f"元教发 is the code of {DEPT}: check the number, or the document's issuer" in result.err
    assert "agency update" not in result.err
    # Its second code is its own.
    clerk.run("publish", ref, "--number", "元政办发〔2026〕3号", "--date", "2026-03-20")
    assert clerk.show(ref)["doc_number"] == "元政办发〔2026〕3号"
    clerk.verify_clean()


def test_a_code_another_agency_holds_is_refused(clerk: Clerk) -> None:
    result = clerk.refused("agency", "add", "元宝山区财政局", "--level", "department",
                           "--parent", GOV, "--code", "元财发,元政字")  # fmt: skip
    assert first_line(result) == f"Error: the 机关代字 元政字 is already a code of {GOV}"
    result = clerk.refused("agency", "update", DEPT, "--code", "元教发,元政办发")
    assert first_line(result) == f"Error: the 机关代字 元政办发 is already a code of {GOV}"


def test_a_number_any_issuer_already_used_is_refused(clerk: Clerk) -> None:
    first = clerk.published("元宝山区停车管理办法", "元政发〔2026〕3号")
    # An older registry may hold two agencies with one 代字 (the migration keeps them).
    con = sqlite3.connect(clerk.db)
    con.execute(
        "INSERT INTO agency_code (agency_id, code, created_at) VALUES (2, '元政发', '2026-01-01')"
    )
    con.commit()
    con.close()
    ref = clerk.draft("元宝山区校园安全管理办法", DEPT)
    clerk.to_signed(ref, DEPT)
    result = clerk.refused("publish", ref, "--number", "元政发〔2026〕3号", "--date", "2026-03-20")
    assert first_line(result) == (
        f"Error: 元政发〔2026〕3号 is already used by document {first} of {GOV}"
    )


def test_a_new_parent_recomputes_the_filing_authority(clerk: Clerk) -> None:
    clerk.run("agency", "add", "赤峰市人民政府", "--level", "government", "--code", "赤政发",
              "--legal-office", "赤峰市司法局")  # fmt: skip
    before = json.loads(clerk.run("agency", "list", "-f", "json").out)[1]
    assert before["files_to"] == "元宝山区司法局"
    moved = json.loads(
        clerk.run("agency", "update", DEPT, "--parent", "赤峰市人民政府", "-f", "json").out
    )
    assert (moved["parent"], moved["files_to"]) == ("赤峰市人民政府", "赤峰市司法局")
    events = clerk.rows(
        "SELECT action, details FROM event WHERE agency_id = 2 ORDER BY id DESC LIMIT 1"
    )
    action, details = events[0]
    assert action == "agency.update"
    assert json.loads(details)["after"] == {"parent_id": 3, "files_to": "赤峰市司法局"}
    assert json.loads(details)["parent"] == {"before": GOV, "after": "赤峰市人民政府"}
    clerk.verify_clean()


# --- the filing authority -----------------------------------------------------------------


def test_every_filing_records_its_authority(clerk: Clerk) -> None:
    ref = clerk.published("元宝山区校园安全管理办法", "元教发〔2026〕3号", DEPT)
    clerk.run("file", ref, "--date", "2026-04-01")
    shown = clerk.show(ref)
    assert (shown["filing_authority"], shown["refiling_authority"]) == ("元宝山区司法局", None)
    table = clerk.run("doc", "show", ref).out
    assert "filing authority (备案机关)  元宝山区司法局" in table
    clerk.run("filing", "decide", ref, "--outcome", "deferred", "--date", "2026-04-10")
    clerk.run("file", ref, "--date", "2026-04-20", "--to", "元宝山区人民政府法制办")
    shown = clerk.show(ref)
    assert (shown["filing_authority"], shown["refiling_authority"]) == (
        "元宝山区司法局",
        "元宝山区人民政府法制办",
    )
    details = [
        json.loads(d)["filing_authority"]
        for (d,) in clerk.rows(
            "SELECT details FROM event WHERE document_id = ? AND action = 'file' ORDER BY id",
            int(ref),
        )
    ]
    assert details == ["元宝山区司法局", "元宝山区人民政府法制办"]
    clerk.verify_clean()
    con = sqlite3.connect(clerk.db)
    con.execute("UPDATE document SET filing_authority = '别的机关' WHERE id = ?", (int(ref),))
    con.commit()
    con.close()
    result = clerk.run("verify", expect=None)
    assert result.code != 0
    assert "filing_authority" in result.out + result.err


# --- law changes that take effect later, and cleanup decisions that settle findings --------


def law_with_document(clerk: Clerk) -> str:
    clerk.run("law", "add", LAW, "--level", "地方性法规", "--promulgated", "2020-01-01")
    ref = clerk.published("元宝山区市容管理办法", "元政发〔2026〕3号")
    clerk.run("file", ref, "--date", "2026-04-01")
    clerk.run("filing", "decide", ref, "--outcome", "accepted", "--date", "2026-04-10")
    return ref


def audit_rules(clerk: Clerk, *args: str, env: dict[str, str] | None = None) -> tuple[int, set]:
    result = clerk.run("audit", "-f", "json", *args, expect=None, env=env)
    return result.code, {f["rule"] for f in json.loads(result.out)}


def test_a_law_change_acts_from_its_effective_day(clerk: Clerk) -> None:
    ref = law_with_document(clerk)
    result = clerk.refused("law", "amend", LAW, "--date", "2026-11-28")
    assert first_line(result).startswith("Refused [date-after-today]: the date 2026-11-28")
    clerk.run("law", "amend", LAW, "--date", "2026-11-20", "--effective", "2027-01-01")
    assert clerk.rows("SELECT document_id, flagged_on, effective_on FROM cleanup_flag") == [
        (int(ref), "2026-11-20", "2027-01-01")
    ]
    flags = json.loads(clerk.run("law", "show", LAW, "-f", "json").out)["flags"]
    assert [(f["document_id"], f["pending"]) for f in flags] == [(int(ref), True)]
    assert "basis-amended" not in audit_rules(clerk)[1]
    result = clerk.refused("cleanup", "start", "--kind", "instant", "--law", LAW)
    assert first_line(result).startswith("Refused [cleanup-change-pending]: the change of")
    assert "takes effect on 2027-01-01" in first_line(result)
    later = {"NORMDOCS_TODAY": "2027-01-02"}
    assert "basis-amended" in audit_rules(clerk, env=later)[1]
    clerk.run("cleanup", "start", "--kind", "instant", "--law", LAW, env=later)
    clerk.verify_clean()


def test_a_retained_document_no_longer_fails_the_nightly_audit(clerk: Clerk) -> None:
    ref = law_with_document(clerk)
    clerk.run("law", "repeal", LAW, "--date", "2026-11-01")
    code, rules = audit_rules(clerk, "--fail-on", "error")
    assert (code, rules) == (3, {"basis-repealed"})
    clerk.run("cleanup", "start", "--kind", "instant", "--law", LAW)
    clerk.run("cleanup", "decide", "1", ref, "--outcome", "retain", "--reason", "已有新的依据")
    clerk.run("cleanup", "close", "1")
    marks = clerk.rows("SELECT rule, ack_verdict, ack_reason, acked_by FROM finding")
    assert marks == [
        (
            "basis-repealed",
            "settled",
            "cleanup campaign 1 (即时清理：《元宝山区城市管理条例》) decided on it",
            "clerk",
        )
    ]
    (details,) = clerk.rows("SELECT details FROM event WHERE action = 'cleanup.retain'")[0]
    assert json.loads(details)["settled_findings"] == [f"basis-repealed:{ref}:1"]
    # The nightly job passes from now on.
    assert audit_rules(clerk, "--fail-on", "error") == (0, set())
    assert audit_rules(clerk, "--fail-on", "error") == (0, set())
    clerk.verify_clean()


def test_a_settled_amendment_comes_back_with_a_new_amendment(clerk: Clerk) -> None:
    ref = law_with_document(clerk)
    clerk.run("law", "amend", LAW, "--date", "2026-06-01")
    assert audit_rules(clerk, "--fail-on", "warning") == (3, {"basis-amended"})
    clerk.run("cleanup", "start", "--kind", "instant", "--law", LAW)
    clerk.run("cleanup", "decide", "1", ref, "--outcome", "retain", "--reason", "内容仍然适用")
    clerk.run("cleanup", "close", "1")
    assert audit_rules(clerk, "--fail-on", "warning") == (0, set())
    assert audit_rules(clerk, "--fail-on", "warning") == (0, set())
    # The facts change again: the law is amended a second time.
    clerk.run("law", "amend", LAW, "--date", "2026-11-01")
    assert audit_rules(clerk, "--fail-on", "warning") == (3, {"basis-amended"})
    clerk.verify_clean()
