"""`normdocs init`: create the registry, or upgrade an older one."""

import typer

from normdocs.cli.common import app_context
from normdocs.cli.render import message
from normdocs.i18n import _

app = typer.Typer()


@app.command(
    "init",
    epilog=_("Example: normdocs init"),
    help=_("Create the registry, or upgrade an older one to this version."),
)
def init(ctx: typer.Context) -> None:
    from normdocs.services.registry import init_registry

    result = init_registry(app_context(ctx))
    if result.before is None:
        message(
            _("Created the registry {db} (schema {rev}).").format(db=result.db, rev=result.after)
        )
    elif result.before == result.after:
        message(
            _("The registry {db} is up to date (schema {rev}).").format(
                db=result.db, rev=result.after
            )
        )
    else:
        message(
            _("Upgraded the registry {db} from {old} to {new}.").format(
                db=result.db, old=result.before, new=result.after
            )
        )
