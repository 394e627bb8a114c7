"""`normdocs profile`: the jurisdiction profile in effect."""

import sys
from typing import Annotated

import typer

from normdocs.cli.common import app_context
from normdocs.i18n import _
from normdocs.services.profiles import ProfileFormat

app = typer.Typer(name="profile", help=_("The jurisdiction profile."), no_args_is_help=True)


@app.command(
    "show",
    epilog=_("Example: normdocs profile show --format json"),
    help=_("Print the jurisdiction profile in effect (defaults filled in)."),
)
def profile_show(
    ctx: typer.Context,
    fmt: Annotated[
        ProfileFormat, typer.Option("--format", "-f", help=_("toml or json."))
    ] = ProfileFormat.TOML,
) -> None:
    from normdocs.services.profiles import show_profile

    sys.stdout.write(show_profile(app_context(ctx), fmt))
