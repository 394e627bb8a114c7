"""`normdocs profile`: the jurisdiction profile in effect."""

import sys
from typing import Annotated

import typer

from normdocs.cli.common import app_context
from normdocs.i18n import _

app = typer.Typer(name="profile", help=_("The jurisdiction profile."), no_args_is_help=True)


@app.command("show", help=_("Print the jurisdiction profile in effect (defaults filled in)."))
def profile_show(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Option("--format", "-f", help=_("toml or json."))] = "toml",
) -> None:
    from normdocs.domain.profile import profile_to_toml

    profile = app_context(ctx).profile
    if fmt == "json":
        sys.stdout.write(profile.model_dump_json(indent=2) + "\n")
    else:
        sys.stdout.write(profile_to_toml(profile))
