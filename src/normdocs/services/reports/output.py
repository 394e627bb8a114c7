"""Formats and writing: which formats each report is made in, its bytes in one, and writing it
through services.outputs after building it in one read transaction."""

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from normdocs.domain.errors import InvalidInput
from normdocs.i18n import _
from normdocs.reports.model import ChartBlock, Report
from normdocs.services.context import AppContext

T = TypeVar("T")

# The formats each report is made in; the first is the default without a suffix.
FORMATS: dict[str, tuple[str, ...]] = {
    "catalog": ("html", "docx", "xlsx", "csv", "json"),
    "stats": ("docx", "html", "xlsx", "csv", "json"),
    "explain": ("csv", "xlsx", "json"),
    "ledger": ("xlsx", "docx", "csv", "json"),
    "cleanup": ("docx", "xlsx", "csv", "json"),
    "opinion": ("docx",),
}


@dataclass(frozen=True)
class Written:
    path: Path
    format: str
    rows: int
    warnings: list[str] = field(default_factory=list)


def output_format(kind: str, output: Path | None, fmt: str | None) -> str:
    """The format of a report: --format, else the output's suffix; refused when the report is
    not made in it."""
    allowed = FORMATS[kind]
    chosen = (fmt or (output.suffix.lstrip(".") if output is not None else "")).lower()
    if chosen == "htm":
        chosen = "html"
    if not chosen:
        return allowed[0]
    if chosen not in allowed:
        raise InvalidInput(
            _("the {kind} report is not made as .{format}").format(kind=kind, format=chosen),
            _("give -o a file ending in one of: {allowed} (or use --format)").format(
                allowed=", ".join("." + a for a in allowed)
            ),
        )
    return chosen


def render(report: Report, fmt: str, *, warn: Callable[[str], None]) -> bytes:
    """The report's bytes in `fmt`."""
    from normdocs.reports import tabular

    if fmt == "json":
        return tabular.to_json(report)
    if fmt == "csv":
        return tabular.to_csv(report)
    if fmt == "xlsx":
        return tabular.to_xlsx(report)
    if fmt == "html":
        from normdocs.reports.html import catalog_page, report_page

        page = catalog_page(report) if report.kind == "catalog" else report_page(report)
        return page.encode("utf-8")
    if fmt == "docx":
        from normdocs.reports.official import to_docx

        return to_docx(report, _chart_png(report, warn))
    raise AssertionError(fmt)


def _chart_png(report: Report, warn: Callable[[str], None]) -> bytes | None:
    charts = [b.chart for b in report.blocks if isinstance(b, ChartBlock)]
    if not charts:
        return None
    from normdocs.reports.chart import NoChineseFont, rate_chart_png

    try:
        return rate_chart_png(charts[0])
    except NoChineseFont:
        warn(
            _(
                "no font with Chinese characters was found, so the chart of rates is left out "
                "(install one, e.g. Debian: apt-get install fonts-noto-cjk)"
            )
        )
        return None


def save(
    ctx: AppContext,
    kind: str,
    output: Path,
    build: Callable[[Any], Report],
    *,
    fmt: str | None = None,
    force: bool = False,
) -> Written:
    """Check the output path, build the report in one read transaction, render and write it
    (temporary file, then rename): a refusal or failure leaves no file."""
    from normdocs.services.outputs import OutputFile

    chosen = output_format(kind, output, fmt)
    with OutputFile(output, registry=ctx.db, inputs=ctx.inputs(), force=force) as out:
        report = read(ctx, build)
        data = render(report, chosen, warn=ctx.warn)
        out.write(lambda handle: write_all(handle, data))
    return Written(output, chosen, row_count(report), list(ctx.warnings))


def write_all(handle: Any, data: bytes) -> None:
    handle.write(data)


def writer(data: bytes) -> Callable[[Any], None]:
    return lambda handle: write_all(handle, data)


def read(ctx: AppContext, build: Callable[[Any], T]) -> T:
    """`build` on one read-only transaction of the registry."""
    from normdocs.store.engine import transaction

    engine = ctx.engine(write=False)
    with transaction(engine, ctx.db) as session:
        return build(session)


def row_count(report: Report) -> int:
    return sum(len(t.rows) for t in report.tables)
