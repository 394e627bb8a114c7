"""The audit: findings as of a day, for a clerk or for cron."""

from typing import Annotated

import typer

from normdocs.cli.common import FormatOpt, app_context, parse_date_option, report_warnings
from normdocs.cli.render import Column, Format, emit_rows, message
from normdocs.i18n import _

FINDING_COLUMNS: list[Column] = [
    ("severity", "severity"),
    ("rule", "rule"),
    ("document_id", "doc"),
    ("doc_number", "number"),
    ("summary", "finding"),
    ("source", "source"),
    ("new", "new"),
]


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.command(
        "audit",
        help=_(
            "Audit the whole registry as of a day: overdue, expiring, due for cleanup, resting on"
            " changed law, or setting what a normative document may not. Exit 3 when findings"
            " reach --fail-on."
        ),
    )(audit)


def audit(
    ctx: typer.Context,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help=_("Audit as of this day (default today; findings are kept only for today)."),
        ),
    ] = None,
    fmt: FormatOpt = Format.TABLE,
    fail_on: Annotated[
        str,
        typer.Option(
            "--fail-on",
            help=_("Exit 3 when a finding shown is at least: info, warning, error or never."),
        ),
    ] = "error",
    apply_expiry: Annotated[
        bool,
        typer.Option(
            "--apply-expiry",
            help=_(
                "Record documents past their expiry as expired (an event each; no stage change)."
            ),
        ),
    ] = False,
    new_only: Annotated[
        bool,
        typer.Option(
            "--new-only", help=_("Show only findings first seen in this run (for a nightly mail).")
        ),
    ] = False,
    wait: Annotated[
        bool,
        typer.Option(
            "--wait", help=_("If another audit is running, wait for it instead of exiting 5.")
        ),
    ] = False,
) -> None:
    from normdocs.services.audit import check_fail_on, run_audit

    level = check_fail_on(fail_on)
    result = run_audit(
        app_context(ctx),
        as_of=parse_date_option(as_of, "--as-of"),
        apply_expiry=apply_expiry,
        wait=wait,
    )
    report_warnings(ctx)
    shown = result.shown(new_only)
    emit_rows(shown, FINDING_COLUMNS, fmt)
    if result.expired_recorded:
        message(
            _("Recorded {count} expired documents (document.expired).").format(
                count=result.expired_recorded
            )
        )
    message(
        _(
            "Audit as of {day}: {total} findings ({error} errors, {warning} warnings, {info} info);"
            " {new} new, {resolved} resolved since the last run."
        ).format(
            day=result.as_of.isoformat(),
            total=len(result.findings),
            new=result.new,
            resolved=result.resolved,
            **result.counts,
        )
    )
    if not result.stored:
        message(_("Findings are kept only for an audit as of today; nothing was stored."))
    if result.fails(level, new_only):
        from normdocs.domain.errors import ExitCode

        raise typer.Exit(int(ExitCode.FINDINGS))
