"""What every command module shares: the run's context, date options, warnings, formats."""

import os
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import typer

from normdocs.cli.render import Format, message, warning
from normdocs.i18n import _

if TYPE_CHECKING:
    from normdocs.services.context import AppContext


def app_context(ctx: typer.Context) -> "AppContext":
    """The run's settings, made once per command from the global options."""
    from normdocs.services.context import AppContext, default_actor, default_db_path

    root = ctx.find_root()
    obj = root.obj
    if obj["app"] is None:
        today = os.environ.get("NORMDOCS_TODAY")
        obj["app"] = AppContext(
            db=obj["db"] or default_db_path(),
            actor=obj["actor"] or default_actor(),
            profile_path=obj["profile"],
            today_override=parse_date_option(today, "NORMDOCS_TODAY") if today else None,
            db_is_default=not obj["db"],
            on_wait=message,
        )
    app_ctx: AppContext = obj["app"]
    return app_ctx


def report_warnings(ctx: Any) -> None:
    root = ctx.find_root()
    app_ctx = root.obj.get("app") if root.obj else None
    if app_ctx is not None:
        for text in app_ctx.warnings:
            warning(text)
        app_ctx.warnings.clear()


def parse_date_option(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    from normdocs.domain.dates import parse_date

    return parse_date(value)


def finish(ctx: typer.Context) -> None:
    report_warnings(ctx)


FormatOpt = Annotated[Format, typer.Option("--format", "-f", help=_("table, json or csv."))]
DateOpt = Annotated[
    str | None, typer.Option("--date", help=_("Date of the step (YYYY-MM-DD); default today."))
]
RefArg = Annotated[str, typer.Argument(help=_("Document id, 文号 or registration number."))]
