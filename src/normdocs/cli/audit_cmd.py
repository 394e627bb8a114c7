"""The audit: findings as of a day, for a clerk or for cron."""

from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from normdocs.cli.common import (
    FormatOpt,
    IssuerOpt,
    UnderOpt,
    app_context,
    choice_option,
    date_option,
    report_warnings,
)
from normdocs.cli.render import Format, emit_one, emit_rows, message
from normdocs.i18n import _

if TYPE_CHECKING:
    from normdocs.services.audit import AuditResult


class FailOn(StrEnum):
    """--fail-on: a severity of domain.audit.Severity (not imported: it is slow to load), or never."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"
    NEVER = "never"


FAIL_ON_WORDS_ZH = {
    FailOn.INFO: ("提示",),
    FailOn.WARNING: ("警告",),
    FailOn.ERROR: ("错误",),
    FailOn.NEVER: ("从不",),
}

app = typer.Typer(
    name="audit",
    help=_(
        "Audit the whole registry as of a day: overdue, expiring, due for cleanup, resting on"
        " changed law, or setting what a normative document may not. Exit 3 when findings"
        " reach --fail-on (acknowledged findings do not count)."
    ),
    # The command list's line: a long first sentence would be cut down to "...".
    short_help=_("Audit the whole registry as of a day."),
    invoke_without_command=True,
)


@app.callback(
    invoke_without_command=True,
    epilog=_("Example: normdocs audit --as-of 2026-12-31 --fail-on warning"),
)
# Long for its options (each a Typer declaration); the work is in the helpers below.
def audit(
    ctx: typer.Context,
    as_of: Annotated[
        date | None,
        date_option(
            "--as-of",
            help=_("Audit as of this day (default today; findings are kept only for today)."),
        ),
    ] = None,
    fmt: FormatOpt = Format.TABLE,
    fail_on: Annotated[
        FailOn,
        choice_option(
            "--fail-on", text=_("Exit 3 when a finding shown is at least:"), words=FAIL_ON_WORDS_ZH
        ),
    ] = FailOn.ERROR,
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
    issuer: IssuerOpt = None,
    under: UnderOpt = None,
) -> None:
    # Long only for its options: the body runs the audit, lists the findings and says the totals.
    if ctx.invoked_subcommand is not None:
        return
    from normdocs.services.audit import check_fail_on, run_audit
    from normdocs.services.readmodels import FindingView

    level = check_fail_on(fail_on)
    result = run_audit(
        app_context(ctx),
        as_of=as_of,
        apply_expiry=apply_expiry,
        wait=wait,
        issuer=issuer,
        under=under,
    )
    report_warnings(ctx)
    emit_rows(result.shown(new_only), FindingView, fmt)
    _say_totals(result)
    if result.fails(level, new_only):
        from normdocs.domain.errors import ExitCode

        raise typer.Exit(int(ExitCode.FINDINGS))


def _say_totals(result: "AuditResult") -> None:
    """What the run recorded and found, in a few lines on stderr."""
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


@app.command(
    "ack",
    help=_(
        "Acknowledge a finding with a reason (recorded): it no longer counts for --fail-on"
        " until it is resolved and found again. --verdict right|wrong marks whether it is"
        " right. Example: normdocs audit ack 12 --verdict wrong --reason '依据在括号内'"
    ),
)
def ack(
    ctx: typer.Context,
    finding: Annotated[
        str, typer.Argument(help=_("The finding: its number (id) or key, as audit shows them."))
    ],
    reason: Annotated[
        str, typer.Option("--reason", help=_("Why the finding is acknowledged (recorded)."))
    ],
    verdict: Annotated[
        str | None,
        typer.Option(
            "--verdict",
            help=_(
                "Whether the finding is right or wrong (content findings: a labelled sentence)."
            ),
        ),
    ] = None,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    from normdocs.services.audit import acknowledge
    from normdocs.services.readmodels import Acknowledgement

    record = acknowledge(app_context(ctx), finding, reason=reason, verdict=verdict)
    emit_one(record, Acknowledgement, fmt)
    message(
        _("Acknowledged finding {id} ({rule}); it no longer counts for --fail-on.").format(
            id=record.id, rule=record.rule
        )
    )


@app.command(
    "marks",
    help=_(
        "Export the content findings marked right or wrong as labelled sentences (the columns"
        " of the labelled set). Example: normdocs audit marks --format csv > marks.csv"
    ),
)
def marks(ctx: typer.Context, fmt: FormatOpt = Format.TABLE) -> None:
    from normdocs.services.audit import export_marks
    from normdocs.services.readmodels import MarkedSentence

    emit_rows(export_marks(app_context(ctx)), MarkedSentence, fmt)
