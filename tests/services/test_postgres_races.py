"""Clerks at the same moment on one shared PostgreSQL registry, as real separate processes of
the console script: exactly one of two decisions of one review is recorded, the other clerk is
told the document changed meanwhile; publishers at one instant get gapless, unique registration
numbers or a clean refusal; the record stays one unbroken chain.

The processes are released together: the test holds the record's head row locked (every writer
ends by appending an event), starts them all, waits until each one is blocked on a lock (or has
finished), then lets go. Each one has therefore read what it reads before it writes, at the
same moment as the others — the worst interleaving, every round, not a lucky one in three.
"""

import os
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from console import NORMDOCS, Run
from normdocs.domain.stages import Action, Stage
from normdocs.store.engine import database_url

pytestmark = pytest.mark.slow

CHANGED = "was changed by another user meanwhile"
START_OF_LAW = date(2020, 1, 1)


@contextmanager
def _record_held(url: str) -> Iterator[None]:
    """Hold the head row of the record locked for the duration of the block."""
    engine = create_engine(database_url(url))
    try:
        with engine.connect() as holder:
            holder.execute(text("SELECT last_id FROM record_head WHERE id = 1 FOR UPDATE"))
            yield
            holder.rollback()
    finally:
        engine.dispose()


def _environ(url: str, home: Path) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(home),
        "NORMDOCS_DB": url,
        "NORMDOCS_TODAY": "2026-11-27",
        "NORMDOCS_LANG": "en",
        "NORMDOCS_ACTOR": "clerk",
    }


def race(url: str, home: Path, commands: list[list[str]]) -> list[Run]:
    """Run the commands as separate processes released at one instant; their results in order."""
    assert NORMDOCS, "the normdocs console script is not installed"
    watcher = create_engine(database_url(url), isolation_level="AUTOCOMMIT")
    procs: list[subprocess.Popen[str]] = []
    try:
        with _record_held(url):
            procs = [
                subprocess.Popen(
                    [NORMDOCS, *command],
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    stdin=subprocess.DEVNULL,
                    text=True,
                    env=_environ(url, home),
                    cwd=home,
                )
                for command in commands
            ]
            deadline = time.monotonic() + 120
            while True:
                with watcher.connect() as connection:
                    waiting = connection.execute(
                        text(
                            "SELECT count(*) FROM pg_stat_activity WHERE datname ="
                            " current_database() AND wait_event_type = 'Lock'"
                        )
                    ).scalar_one()
                finished = sum(p.poll() is not None for p in procs)
                if waiting + finished >= len(procs):
                    break
                assert time.monotonic() < deadline, "the racers never all reached the start"
                time.sleep(0.05)
        results = []
        for proc in procs:
            out, err = proc.communicate(timeout=120)
            results.append(Run(subprocess.CompletedProcess(proc.args, proc.returncode, out, err)))
        return results
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
        watcher.dispose()


def rows(url: str, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    engine = create_engine(database_url(url))
    try:
        with engine.connect() as connection:
            return [tuple(r) for r in connection.execute(text(sql), params)]
    finally:
        engine.dispose()


def events_of(url: str, document_id: int, action: str) -> int:
    return int(
        rows(
            url,
            "SELECT count(*) FROM event WHERE document_id = :id AND action = :action",
            id=document_id,
            action=action,
        )[0][0]
    )


def changed_line(document_id: int, stage: str) -> str:
    return (
        f"Refused [changed-meanwhile]: document {document_id} {CHANGED} (it is now at stage"
        f" {stage}) — look at it with: normdocs doc show {document_id}; run the step again"
        " if it still applies\n"
    )


def registration_numbers(url: str) -> list[tuple[int, str]]:
    return [
        (int(seq), str(no))
        for seq, no in rows(
            url,
            "SELECT registration_seq, registration_no FROM document"
            " WHERE registration_year = 2026 ORDER BY registration_seq",
        )
    ]


def assert_gapless(url: str, expected: int) -> None:
    numbers = registration_numbers(url)
    assert [seq for seq, _ in numbers] == list(range(1, expected + 1)), numbers
    assert len({no for _, no in numbers}) == expected, numbers


def assert_verified(url: str, home: Path) -> None:
    verify = subprocess.run(
        [str(NORMDOCS), "verify"],
        capture_output=True,
        text=True,
        env=_environ(url, home),
        cwd=home,
        check=False,
    )
    assert verify.returncode == 0, verify


def _decide(doc: Any, outcome: str, on: str) -> list[str]:
    return ["review", "decide", doc.ref, "--outcome", outcome, "--opinion", "经审核", "--date", on]


def test_two_clerks_deciding_one_review_at_once_record_one_decision(pg_registry, tmp_path):
    url, issuer = pg_registry.ctx.db, pg_registry.issuers["government"]
    placed = [pg_registry.bring_to(issuer, Stage.UNDER_REVIEW) for _ in range(12)]
    decided_on = (placed[0].last_on + timedelta(days=9)).isoformat()
    stage_after = {"lawful": Stage.REVIEWED.value, "revise": Stage.REVISION_REQUIRED.value}

    failed: list[str] = []
    for doc in placed:
        runs = race(
            url,
            tmp_path,
            [_decide(doc, outcome, decided_on) for outcome in ("lawful", "revise")],
        )
        decisions = events_of(url, doc.id, Action.DECIDE_REVIEW.value)
        winners = [i for i, r in enumerate(runs) if r.code == 0]
        if decisions != 1 or len(winners) != 1:
            failed.append(f"document {doc.id}: {decisions} decisions; {runs}")
            continue
        stage = stage_after[("lawful", "revise")[winners[0]]]
        assert pg_registry.document(doc.id)["stage"] == stage
        loser = runs[1 - winners[0]]
        assert (loser.code, loser.err, loser.out) == (1, changed_line(doc.id, stage), "")

    assert not failed, f"{len(failed)} of {len(placed)} races went wrong:\n" + "\n".join(failed)
    assert_verified(url, tmp_path)


def _signed(pg_registry, count: int) -> list[Any]:
    issuers = list(pg_registry.issuers.values())
    return [pg_registry.bring_to(issuers[i % 2], Stage.SIGNED) for i in range(count)]


def _publish(doc: Any, number: str) -> list[str]:
    on = (doc.last_on + timedelta(days=2)).isoformat()
    return ["publish", doc.ref, "--number", number, "--date", on]


def test_eight_documents_published_at_one_instant_get_gapless_numbers(pg_registry, tmp_path):
    url = pg_registry.ctx.db
    failed: list[str] = []
    published = 0
    for _round in range(3):
        docs = _signed(pg_registry, 8)
        runs = race(
            url,
            tmp_path,
            [_publish(d, f"{d.issuer.code}〔2026〕{d.id}号") for d in docs],
        )
        published += 8
        bad = [r for r in runs if r.code != 0]
        if bad:
            failed.append(f"round {_round}: {len(bad)} of 8 failed: {bad}")
            published -= len(bad)
    assert not failed, "\n".join(failed)
    assert_gapless(url, published)
    assert rows(url, "SELECT count(*) FROM event WHERE action = 'publish'") == [(published,)]
    assert_verified(url, tmp_path)


def test_eight_clerks_publishing_one_document_at_once_publish_it_once(pg_registry, tmp_path):
    url = pg_registry.ctx.db
    failed: list[str] = []
    for _round in range(3):
        (doc,) = _signed(pg_registry, 1)
        runs = race(
            url,
            tmp_path,
            [_publish(doc, f"{doc.issuer.code}〔2026〕{100 * _round + k + 1}号") for k in range(8)],
        )
        publications = events_of(url, doc.id, Action.PUBLISH.value)
        winners = [r for r in runs if r.code == 0]
        if publications != 1 or len(winners) != 1:
            failed.append(f"round {_round}: {publications} publications; {runs}")
            continue
        line = changed_line(doc.id, Stage.PROMULGATED.value)
        assert all((r.code, r.err) == (1, line) for r in runs if r.code != 0), runs
    assert not failed, "\n".join(failed)
    assert_gapless(url, 3)
    assert_verified(url, tmp_path)


def test_one_number_given_to_eight_documents_at_once_goes_to_one(pg_registry, tmp_path):
    url = pg_registry.ctx.db
    issuer = pg_registry.issuers["government"]
    docs = [pg_registry.bring_to(issuer, Stage.SIGNED) for _ in range(8)]
    number = f"{issuer.code}〔2026〕777号"

    runs = race(url, tmp_path, [_publish(d, number) for d in docs])

    winners = [d for d, r in zip(docs, runs, strict=True) if r.code == 0]
    assert len(winners) == 1, runs
    line = (
        f"Error: {number} is already used by document {winners[0].id} of {issuer.name}"
        " — check the number: each 文号 is used once by an issuer\n"
    )
    assert all((r.code, r.err) == (1, line) for r in runs if r.code != 0), runs
    assert rows(url, "SELECT count(*) FROM document WHERE doc_number = :n", n=number) == [(1,)]
    assert_gapless(url, 1)
    assert_verified(url, tmp_path)


def test_one_agency_added_by_four_clerks_at_once_is_added_once(pg_registry, tmp_path):
    url = pg_registry.ctx.db
    name = "元宝山区财政局"
    add = ["agency", "add", name, "--code", "元财发", "--level", "department"]
    add += ["--parent", pg_registry.issuers["government"].name, "--head", "张局长"]

    runs = race(url, tmp_path, [add] * 4)

    assert sorted(r.code for r in runs) == [0, 1, 1, 1], runs
    line = (
        f"Error: an agency named {name} is already registered — see it with: normdocs agency list\n"
    )
    assert all(r.err == line for r in runs if r.code == 1), runs
    assert rows(url, "SELECT count(*) FROM agency WHERE name = :n", n=name) == [(1,)]
    assert rows(url, "SELECT count(*) FROM event WHERE action = 'agency.add'") == [(3,)]
    assert_verified(url, tmp_path)


def test_a_campaign_closed_by_two_clerks_at_once_is_closed_once(pg_registry, tmp_path):
    from normdocs.services.cleanup import decide, start_campaign

    url, issuers = pg_registry.ctx.db, list(pg_registry.issuers.values())
    docs = [pg_registry.bring_to(issuers[i % 2], Stage.PROMULGATED) for i in range(4)]
    campaign = start_campaign(pg_registry.ctx, kind="periodic")
    for doc in docs:
        decide(pg_registry.ctx, str(campaign["id"]), doc.ref, outcome="repeal", reason="已过时")

    runs = race(url, tmp_path, [["cleanup", "close", str(campaign["id"])]] * 2)

    assert sorted(r.code for r in runs) == [0, 1], runs
    line = (
        f"Refused [cleanup-campaign-closed]: campaign {campaign['id']} ({campaign['name']}) was"
        " closed on 2026-11-27: its decisions are final — start a new campaign: normdocs cleanup"
        " start --kind periodic|instant"
    )
    assert [r.err.splitlines()[0] for r in runs if r.code == 1] == [line], runs
    assert rows(url, "SELECT count(*) FROM event WHERE action = 'cleanup.close'") == [(1,)]
    assert rows(url, "SELECT count(*) FROM event WHERE action = 'cleanup.repeal'") == [(4,)]
    assert_verified(url, tmp_path)


def test_one_law_amended_by_two_clerks_at_once_gets_one_new_version(pg_registry, tmp_path):
    from normdocs.services.laws import add_law

    url, title = pg_registry.ctx.db, "某某省城市管理条例"
    add_law(pg_registry.ctx, title=title, level="地方性法规", promulgated=START_OF_LAW)

    runs = race(url, tmp_path, [["law", "amend", title, "--date", "2026-06-01"]] * 2)

    assert sorted(r.code for r in runs) == [0, 1], runs
    (refused,) = [r for r in runs if r.code == 1]
    assert refused.err == (
        f"Refused [amendment-after-current-version]: an amendment of {title} must be dated after"
        " its current version of 2026-06-01 — check --date; see the versions with: normdocs law"
        " show TITLE; a mistaken version is fixed with: normdocs law correct / law"
        " remove-version\n"
    ), runs
    assert rows(url, "SELECT count(*) FROM law WHERE title = :t", t=title) == [(2,)]
    assert rows(url, "SELECT count(*) FROM event WHERE action = 'law.amend'") == [(1,)]
    assert_verified(url, tmp_path)


def test_one_document_amended_by_two_clerks_at_once_gets_one_amended_draft(pg_registry, tmp_path):
    url, issuer = pg_registry.ctx.db, pg_registry.issuers["department"]
    in_force = pg_registry.bring_to(issuer, Stage.PROMULGATED)
    new = ["doc", "new", "关于修改校园安全管理的通知", "--issuer", issuer.name]

    runs = race(url, tmp_path, [[*new, "--amends", in_force.ref]] * 2)

    assert sorted(r.code for r in runs) == [0, 1], runs
    drafts = rows(url, "SELECT id FROM document WHERE supersedes_id = :id", id=in_force.id)
    assert len(drafts) == 1, runs
    (refused,) = [r for r in runs if r.code == 1]
    assert refused.err == (
        f"Refused [amend-once]: document {in_force.id} already has an amended version in"
        f" preparation: document {drafts[0][0]} — continue with that draft, or see: normdocs doc"
        f" show {drafts[0][0]}\n"
    ), runs
    assert_verified(url, tmp_path)
