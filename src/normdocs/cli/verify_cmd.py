"""`normdocs verify`: the record's chain, the rows against their events, the database's own
checks, and heads saved outside the registry; one line per problem."""

import sys
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import typer

from normdocs.cli.common import FormatOpt, app_context
from normdocs.cli.render import Format, error, message, to_json
from normdocs.domain.errors import DamagedRegistry, ExitCode
from normdocs.i18n import _

if TYPE_CHECKING:
    from normdocs.domain.chain import HeadCheck
    from normdocs.domain.projection import Difference
    from normdocs.services.registry import VerifyReport


app = typer.Typer()


@app.command(
    "verify",
    help=_(
        "Check the whole-process record: its hash chain, every document, text and agency row"
        " against its events, and the database's integrity; print the head (event count and"
        " hash) to keep elsewhere. Example: normdocs verify --expect heads.txt"
    ),
    # The command list's line: a long first sentence would be cut down to "...".
    short_help=_("Check the whole-process record and the database's integrity."),
)
def verify(
    ctx: typer.Context,
    expect: Annotated[
        str | None,
        typer.Option(
            "--expect",
            metavar="HASH|FILE",
            help=_(
                "A head saved earlier (its hash, or a file of saved head lines): fail unless"
                " that event is still in the chain with that hash."
            ),
        ),
    ] = None,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    from normdocs.services.registry import saved_heads, verify_record

    heads = saved_heads(expect) if expect is not None else None
    try:
        report = verify_record(app_context(ctx), expect=heads)
    except DamagedRegistry as exc:
        # "check it with: normdocs verify" is no advice to someone running verify.
        raise DamagedRegistry(exc.message, exc.after_verify, exc.after_verify) from exc
    problems = _problem_lines(report)
    if fmt == Format.TABLE:
        _print_report(report, problems)
    else:
        _emit_data(report, problems, fmt)
    _exit_on_problems(report, problems)


def _print_report(report: "VerifyReport", problems: list[str]) -> None:
    """For people: the notes and problems on stderr, the head to keep on stdout."""
    for note in report.notes:
        message(_("Note: {text}").format(text=note))
    for line in problems:
        message(line)
    if report.chain.ok:
        if report.ok:
            line = _("record intact: {count} events, {head}").format(
                count=report.count, head=report.chain.head
            )
        else:
            line = report.chain.head
        sys.stdout.write(line + "\n")


def _exit_on_problems(report: "VerifyReport", problems: list[str]) -> None:
    """Exit 5 for a damaged database, 1 for a record that does not hold, with what to do."""
    if report.damage:
        error(
            _("the registry is damaged ({count} problems above)").format(count=len(report.damage)),
            _("restore it from a backup; keep the damaged file for inspection"),
        )
        raise typer.Exit(int(ExitCode.REGISTRY_UNUSABLE))
    if report.ok:
        return
    if report.chain.ok and report.differences:
        error(
            _("the registry does not match its record ({count} problems above)").format(
                count=len(problems)
            ),
            _("restore the registry from a backup and report the change"),
        )
    elif report.chain.ok:
        error(
            _("the record was rewritten since a head was saved ({count} above)").format(
                count=len(report.heads_failed)
            ),
            _("restore the registry from a backup taken before, and report the change"),
        )
    raise typer.Exit(int(ExitCode.REFUSED))


def _emit_data(report: "VerifyReport", problems: list[str], fmt: Format) -> None:
    from normdocs.cli.render import emit_rows

    rows = [
        {
            "kind": d.kind,
            "table": d.table,
            "id": d.row_id,
            "label": d.label,
            "field": d.field,
            "in_table": _plain(d.in_table),
            "in_events": _plain(d.in_events),
            "event_id": d.event_id,
            "version": d.version,
            "message": _difference_line(d),
        }
        for d in report.differences
    ]
    if fmt == Format.CSV:
        emit_rows(rows, [(k, k) for k in rows[0]] if rows else [("kind", "kind")], fmt)
        return
    chain = report.chain
    data = {
        "ok": report.ok,
        "events": chain.count,
        "head": {"count": chain.count, "hash": chain.last_hash} if chain.ok else None,
        "chain": {"intact": chain.ok, "broken_at": chain.broken_at, "reason": chain.reason},
        "damaged": bool(report.damage),
        "damage": report.damage,
        "differences": rows,
        "expected_heads": [
            {"hash": h.head.hash, "count": h.head.count, "found_at": h.found_at}
            for h in report.heads_failed
        ],
        "checked": {
            "documents": report.documents,
            "texts": report.texts,
            "agencies": report.agencies,
        },
        "problems": problems,
        "notes": report.notes,
    }
    sys.stdout.write(to_json(data) + "\n")


# --- one line per problem -----------------------------------------------------------------


def _problem_lines(report: "VerifyReport") -> list[str]:
    lines = list(report.damage)
    chain = report.chain
    if not chain.ok and chain.reason != "unreadable":
        reasons = {
            "hash": _("its content does not match its hash (edited)"),
            "link": _("it does not link to the event before it (an event was removed or inserted)"),
            "out_of_order": _("events are out of order"),
            "count": _(
                "the record is shorter or longer than its head says (events removed or added)"
            ),
            "head": _("the newest event is not the one the record head names"),
        }
        lines.append(
            _(
                "the record is broken at event {id}: {reason}; {count} events before it are intact"
            ).format(
                id=chain.broken_at, reason=reasons.get(chain.reason or "", ""), count=chain.count
            )
        )
    lines += [_head_line(h) for h in report.heads_failed]
    lines += [_difference_line(d) for d in report.differences]
    return lines


def _head_line(check: "HeadCheck") -> str:
    head = check.head
    saved = f"{head.count} {head.hash}" if head.count is not None else head.hash
    if check.found_at is None:
        return _("the saved head {head} is no longer in the record: no event has that hash").format(
            head=saved
        )
    return _(
        "the saved head {head} is no longer in the record as saved: that hash is event {at}'s"
    ).format(head=saved, at=check.found_at)


def _difference_line(d: "Difference") -> str:
    what = (
        _("document {id} ({label})") if d.table == "document" else _("agency {id} ({label})")
    ).format(id=d.row_id, label=d.label or "?")
    if d.kind == "unrecorded":
        return _("{what}: in the table, but no event records it").format(what=what)
    if d.kind == "missing":
        return _(
            "{what}: the events create it (event {event}), but the table has no such row"
        ).format(what=what, event=d.event_id)
    if d.kind == "text_unrecorded":
        return _("{what}: has a text in the table that no event gave it").format(what=what)
    if d.kind == "text_missing":
        return _(
            "{what}: the events give it a text (event {event}), but the table has none"
        ).format(what=what, event=d.event_id)
    if d.kind == "text_version_unrecorded":
        return _(
            "{what}: its text version {version} names event {event}, which brought no such text"
        ).format(what=what, version=d.version, event=d.event_id)
    if d.kind == "text_version_missing":
        return _(
            "{what}: event {event} brought its text version {version}, which the table lacks"
        ).format(what=what, version=d.version, event=d.event_id)
    if d.kind == "text_version":
        return _(
            "{what}: text version {version}'s {field} is {stored} in the table, the events say"
            " {expected} (event {event})"
        ).format(
            what=what,
            version=d.version,
            field=d.field,
            stored=_shown(d.in_table),
            expected=_shown(d.in_events),
            event=d.event_id,
        )
    if d.kind == "text" and d.field == "text_sha256":
        return _(
            "{what}: its text is not the one the events name: sha256 {stored} in the table, the"
            " events say {expected} (event {event})"
        ).format(what=what, stored=d.in_table, expected=d.in_events, event=d.event_id)
    template = (
        _(
            "{what}: the text's {field} is {stored} in the table, the events say {expected} (event {event})"
        )
        if d.kind == "text"
        else _(
            "{what}: {field} is {stored} in the table, the events say {expected} (event {event})"
        )
    )
    return template.format(
        what=what,
        field=d.field,
        stored=_shown(d.in_table),
        expected=_shown(d.in_events),
        event=d.event_id,
    )


def _shown(value: Any) -> str:
    if value is None:
        return _("empty")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"'{value}'"
    return str(value)


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value
