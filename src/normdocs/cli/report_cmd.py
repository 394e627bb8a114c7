"""Reports (report filing, opinion, cleanup, catalog, stats, ledger): the papers and figures an
office hands over, made from the registry without changing it."""

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from normdocs.cli.common import (
    IssuerOpt,
    UnderOpt,
    app_context,
    date_option,
    report_warnings,
    scope_issuers,
)
from normdocs.cli.render import emit_rows, message, to_json
from normdocs.i18n import _

if TYPE_CHECKING:
    from normdocs.reports.model import Report
    from normdocs.services.reports import Written

OutputOpt = Annotated[
    Path,
    typer.Option(
        "--output", "-o", help=_("The file to write; its suffix gives the format."), dir_okay=True
    ),
]
OptionalOutputOpt = Annotated[
    Path | None,
    typer.Option("--output", "-o", help=_("The file to write; its suffix gives the format.")),
]
FormatOpt = Annotated[
    str | None,
    typer.Option("--format", "-f", help=_("docx, xlsx, csv, json or html (default: the suffix).")),
]
ForceOpt = Annotated[bool, typer.Option("--force", help=_("Replace an existing output file."))]
AsOfOpt = Annotated[
    date | None,
    date_option("--as-of", help=_("Report as of this day (default today).")),
]
YearOpt = Annotated[
    int | None, typer.Option("--year", help=_("The year reported on (default: that of --as-of)."))
]


app = typer.Typer(
    name="report",
    help=_(
        "Reports from the registry: filing package, review opinion, cleanup lists, "
        "catalogue, assessment figures, review ledger. They change nothing."
    ),
    no_args_is_help=True,
)


def _day(as_of: date | None, ctx: typer.Context) -> date:
    return as_of or app_context(ctx).today()


def _written(ctx: typer.Context, written: "Written") -> None:
    report_warnings(ctx)
    if written.format in ("zip", "folder"):
        text = _("Wrote the filing package {path} ({files} files).").format(
            path=written.path, files=written.rows
        )
    elif written.rows:
        text = _("Wrote {path} ({format}, {rows} rows).").format(
            path=written.path, format=written.format, rows=written.rows
        )
    else:
        text = _("Wrote {path} ({format}).").format(path=written.path, format=written.format)
    message(text)


RefArg = Annotated[str, typer.Argument(help=_("Document id, 文号 or registration number."))]


@app.command(
    "filing",
    help=_(
        "The filing package (备案材料) of a promulgated document: 备案报告, official text, "
        "合法性审核意见书 and 制定说明, as a folder of .docx or one .zip. "
        "Example: normdocs report filing 元政发〔2026〕12号 -o 备案材料.zip"
    ),
)
def report_filing(
    ctx: typer.Context,
    ref: RefArg,
    output: Annotated[
        Path,
        typer.Option("--output", "-o", help=_("A folder (made for it) or a .zip file.")),
    ],
    as_of: AsOfOpt = None,
    force: ForceOpt = False,
) -> None:
    from normdocs.services.reports import save_filing

    app_ctx = app_context(ctx)
    _written(ctx, save_filing(app_ctx, ref, output, as_of=_day(as_of, ctx), force=force))


@app.command(
    "opinion",
    help=_(
        "The 合法性审核意见书 of a document's legality review, with the audit's content "
        "findings annexed as a pre-filled checklist. Example: normdocs report opinion 13 -o 意见书.docx"
    ),
)
def report_opinion(
    ctx: typer.Context,
    ref: RefArg,
    output: OutputOpt,
    as_of: AsOfOpt = None,
    force: ForceOpt = False,
) -> None:
    from normdocs.services.reports import opinion, save

    app_ctx = app_context(ctx)
    build = opinion(ref, _day(as_of, ctx))
    _written(ctx, save(app_ctx, "opinion", output, build, force=force))


@app.command(
    "cleanup",
    help=_(
        "A cleanup campaign's result lists (继续有效 / 修改 / 废止 / 宣布失效) as .docx (with "
        "the draft 通告 in front), .xlsx, .csv or .json. Example: normdocs report cleanup 1 -o 清理结果.docx"
    ),
)
def report_cleanup(
    ctx: typer.Context,
    campaign: Annotated[str, typer.Argument(help=_("Campaign id (or its name)."))],
    output: OutputOpt,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = None,
    force: ForceOpt = False,
) -> None:
    from normdocs.services.reports import cleanup, save

    app_ctx = app_context(ctx)
    build = cleanup(campaign, _day(as_of, ctx))
    _written(ctx, save(app_ctx, "cleanup", output, build, fmt=fmt, force=force))


@app.command(
    "catalog",
    help=_(
        "The catalogue of documents in force (现行有效目录) as .html (one self-contained "
        "page with search and filters), .docx, .xlsx, .csv or .json. "
        "Example: normdocs report catalog -o 目录.html"
    ),
)
def report_catalog(
    ctx: typer.Context,
    output: OutputOpt,
    as_of: AsOfOpt = None,
    issuer: IssuerOpt = None,
    under: UnderOpt = None,
    fmt: FormatOpt = None,
    force: ForceOpt = False,
) -> None:
    from normdocs.services.reports import catalog, save

    app_ctx = app_context(ctx)
    build = catalog(_day(as_of, ctx), scope_issuers(ctx, issuer, under))
    _written(ctx, save(app_ctx, "catalog", output, build, fmt=fmt, force=force))


@app.command(
    "stats",
    help=_(
        "The year's assessment figures (报备率, 及时率, 规范率, 公布率, 纠错率) per issuer and "
        "in total, with the counts behind each; --explain RATE lists the documents and "
        "events counted. Example: normdocs report stats --year 2026 -o 2026.docx"
    ),
)
def report_stats(
    ctx: typer.Context,
    output: OptionalOutputOpt = None,
    year: YearOpt = None,
    as_of: AsOfOpt = None,
    issuer: IssuerOpt = None,
    under: UnderOpt = None,
    explain: Annotated[
        str | None,
        typer.Option(
            "--explain",
            help=_(
                "List the documents and event ids behind one rate: filing_rate (报备率), "
                "on_time_rate (及时率), complete_rate (规范率), publication_rate (公布率), "
                "correction_rate (纠错率)."
            ),
        ),
    ] = None,
    fmt: FormatOpt = None,
    force: ForceOpt = False,
) -> None:
    from normdocs.services import reports

    app_ctx = app_context(ctx)
    day = _day(as_of, ctx)
    kind = "explain" if explain else "stats"
    issuers = scope_issuers(ctx, issuer, under)
    if explain:
        build = reports.explain(year, day, explain, issuers)
    else:
        build = reports.stats(year, day, issuers)
    if output is not None:
        _written(ctx, reports.save(app_ctx, kind, output, build, fmt=fmt, force=force))
        return
    # Without -o the table goes to stdout: a table for people, json or csv for programs.
    chosen = (fmt or "table").lower()
    if chosen not in ("table", "json", "csv"):
        from normdocs.domain.errors import InvalidInput

        raise InvalidInput(
            _("--format {format} needs an output file").format(format=chosen),
            _("add -o FILE, or print as table, json or csv"),
        )
    report = reports.read(app_ctx, build)
    report_warnings(ctx)
    _print(report, chosen)


def _print(report: "Report", fmt: str) -> None:
    import sys

    from normdocs.cli.render import Format

    if fmt == "json":
        sys.stdout.write(to_json(_plain(report.data)) + "\n")
        return
    table = report.flat_table
    columns = [(c.key, c.label) for c in table.columns]
    emit_rows(table.records(), columns, Format(fmt))


def _plain(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_plain(v) for v in data]
    if isinstance(data, date):
        return data.isoformat()
    return data


@app.command(
    "ledger",
    help=_(
        "The legality-review ledger (合法性审核台账) of a year. "
        "Example: normdocs report ledger --year 2026 -o 台账.xlsx"
    ),
)
def report_ledger(
    ctx: typer.Context,
    output: OutputOpt,
    year: YearOpt = None,
    as_of: AsOfOpt = None,
    issuer: IssuerOpt = None,
    under: UnderOpt = None,
    fmt: FormatOpt = None,
    force: ForceOpt = False,
) -> None:
    from normdocs.services.reports import ledger, save

    app_ctx = app_context(ctx)
    build = ledger(year, _day(as_of, ctx), scope_issuers(ctx, issuer, under))
    _written(ctx, save(app_ctx, "ledger", output, build, fmt=fmt, force=force))
