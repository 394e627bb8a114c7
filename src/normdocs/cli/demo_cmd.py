"""`normdocs demo`: a registry of sample documents in every stage, audited, with its reports."""

from typing import Annotated

import typer

from normdocs.cli.common import app_context, report_warnings
from normdocs.cli.render import Format, emit_rows, message
from normdocs.i18n import _

app = typer.Typer()


@app.command(
    "demo",
    epilog=_("Example: normdocs demo --db 示例.db"),
    help=_("Build a registry of sample documents in every stage and show it."),
)
def demo(
    ctx: typer.Context,
    db: Annotated[
        str | None, typer.Option("--db", help=_("Where to build it (default normdocs-demo.db)."))
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", help=_("Replace an existing file."))] = False,
) -> None:
    from normdocs.services.demo import build_demo
    from normdocs.services.readmodels import FindingView, ListedDocument

    app_ctx = app_context(ctx)
    target = db or ctx.find_root().obj["db"] or "normdocs-demo.db"
    app_ctx.db = target
    # The demo's own file (in the current folder by default), never the per-user default.
    app_ctx.db_is_default = False
    summary = build_demo(app_ctx, replace=yes)
    report_warnings(ctx)
    message(
        _(
            "Demo registry built at {db}: {docs} documents, {laws} law versions, {events} events."
        ).format(**summary)
    )
    from normdocs.services.documents import list_documents

    emit_rows(list_documents(app_ctx), ListedDocument, Format.TABLE)
    from normdocs.services.audit import run_audit

    audit = run_audit(app_ctx)
    emit_rows(audit.findings, FindingView, Format.TABLE)
    message(
        _(
            "Audit as of {day}: {total} findings ({error} errors, {warning} warnings, {info} info)."
        ).format(day=audit.as_of.isoformat(), total=len(audit.findings), **audit.counts)
    )
    from normdocs.services.demo import write_demo_reports

    written = write_demo_reports(app_ctx)
    report_warnings(ctx)
    message(_("The catalogue of documents in force: {path}").format(path=written["catalog"]))
    if written["stats"] is not None:
        message(
            _("The {year} figures and draft report: {path}").format(
                year=written["year"], path=written["stats"]
            )
        )
    message(_("Explore it with: normdocs --db {db} doc show 1").format(db=target))
