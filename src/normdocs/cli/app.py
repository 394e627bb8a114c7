"""The command line: the global options, the one error boundary, and the list of command groups.
Each group lives in its own module; heavy imports stay inside commands so that --help, --version
and shell completion start fast."""

import os
import sys
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from normdocs import __version__
from normdocs.cli import (
    agency_cmd,
    audit_cmd,
    cleanup_cmd,
    demo_cmd,
    doc_cmd,
    filing_cmd,
    import_cmd,
    init_cmd,
    law_cmd,
    meeting_cmd,
    profile_cmd,
    report_cmd,
    review_cmd,
    search_cmd,
    verify_cmd,
)
from normdocs.cli.common import report_warnings
from normdocs.cli.render import error
from normdocs.domain.errors import ExitCode, NormdocsError
from normdocs.i18n import _


class NormdocsGroup(TyperGroup):
    """The one error boundary: expected errors become one line and their exit code."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except NormdocsError as exc:
            report_warnings(ctx)
            error(exc.message, exc.hint, getattr(exc, "rule", None))
            raise typer.Exit(int(exc.exit_code)) from None
        except BrokenPipeError:
            # The reader of our output (head, less) went away: stop quietly.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(int(ExitCode.OK)) from None
        except Exception as exc:
            # Typer's own signals (exit, abort, usage errors) carry an exit code: let them pass.
            if isinstance(exc, typer.Exit | typer.Abort) or hasattr(exc, "exit_code"):
                raise
            if isinstance(exc, KeyboardInterrupt):
                raise
            failure = _registry_failure(ctx, exc)
            if failure is not None:  # damaged, busy or read-only: met outside a transaction
                report_warnings(ctx)
                error(failure.message, failure.hint)
                raise typer.Exit(int(failure.exit_code)) from None
            debug = bool(ctx.obj and ctx.obj.get("debug"))
            if debug:
                raise
            error(
                _("unexpected error: {kind}: {text}").format(kind=type(exc).__name__, text=exc),
                _("rerun with --debug to see where it happened"),
            )
            raise typer.Exit(int(ExitCode.REFUSED)) from None


def _registry_failure(ctx: Any, exc: Exception) -> NormdocsError | None:
    """The exit-5 error when `exc` is the registry's own failure (a damaged page met while rows
    were read, the driver used directly), else None."""
    obj = ctx.find_root().obj or {}
    app_ctx = obj.get("app")
    db = app_ctx.db if app_ctx is not None else obj.get("db")
    if not db:
        return None
    from normdocs.services.context import registry_failure

    return registry_failure(exc, db)


app = typer.Typer(
    cls=NormdocsGroup,
    name="normdocs",
    help=_("Registry, procedure and audit of administrative normative documents (行政规范性文件)."),
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"normdocs {__version__}\n")
        raise typer.Exit()


@app.callback()
def _global(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option("--db", envvar="NORMDOCS_DB", help=_("Registry: a file path or a URL.")),
    ] = None,
    actor: Annotated[
        str | None,
        typer.Option("--actor", envvar="NORMDOCS_ACTOR", help=_("Who is recorded as acting.")),
    ] = None,
    profile: Annotated[
        str | None,
        typer.Option(
            "--profile", envvar="NORMDOCS_PROFILE", help=_("Jurisdiction profile (TOML).")
        ),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option("--lang", envvar="NORMDOCS_LANG", help=_("Interface language: zh or en.")),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help=_("Show tracebacks."))] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help=_("Show the version.")),
    ] = False,
) -> None:
    from normdocs.i18n import resolve_language, set_language

    set_language(resolve_language(lang))
    ctx.obj = {"db": db, "actor": actor, "profile": profile, "debug": debug, "app": None}


# The command surface in the order of DESIGN §4: each module exposes one Typer app, a group (its
# name set in the module) or, with no name, commands that sit at the top level.
COMMAND_GROUPS: list[typer.Typer] = [
    init_cmd.app,
    demo_cmd.app,
    agency_cmd.app,
    doc_cmd.app,
    review_cmd.app,
    meeting_cmd.app,
    filing_cmd.app,  # sign, publish, file, filing decide
    law_cmd.app,
    import_cmd.app,
    audit_cmd.app,
    cleanup_cmd.app,
    report_cmd.app,
    search_cmd.app,
    verify_cmd.app,
    profile_cmd.app,
]
for group in COMMAND_GROUPS:
    app.add_typer(group)
