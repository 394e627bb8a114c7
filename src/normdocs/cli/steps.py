"""Recording one step of the procedure (review, meeting, signature, publication, filing)."""

from datetime import date
from typing import TYPE_CHECKING

import typer

from normdocs.cli.common import app_context
from normdocs.cli.documents import document_done
from normdocs.cli.render import Format
from normdocs.i18n import _

if TYPE_CHECKING:
    from normdocs.domain.steps import ProcedureStep


def step_date(ctx: typer.Context, on: date | None) -> date:
    """The day of a step: --date, else the registry's today."""
    return on or app_context(ctx).today()


def record_step(ctx: typer.Context, ref: str, fmt: Format, step: "ProcedureStep") -> None:
    from normdocs.services.procedure import advance

    result = advance(app_context(ctx), ref, step)
    view = result.document
    document_done(
        ctx,
        view,
        fmt,
        _("Document {id} is now {stage}.").format(id=view["id"], stage=_(view["stage"])),
    )
