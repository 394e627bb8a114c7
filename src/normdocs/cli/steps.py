"""Recording one step of the procedure (review, meeting, signature, publication, filing)."""

from pathlib import Path
from typing import Any

import typer

from normdocs.cli.common import app_context
from normdocs.cli.documents import document_done
from normdocs.cli.render import Format
from normdocs.i18n import _


def record_step(
    ctx: typer.Context, ref: str, fmt: Format, revised_file: Path | None = None, **fields: Any
) -> None:
    from normdocs.domain.workflow import Step
    from normdocs.services.procedure import advance

    app_ctx = app_context(ctx)
    on = fields.pop("on", None) or app_ctx.today()
    step: Step = Step(on=on, **fields)
    result = advance(app_ctx, ref, step, revised_file=revised_file)
    view = result.document
    document_done(
        ctx,
        view,
        fmt,
        _("Document {id} is now {stage}.").format(id=view["id"], stage=_(view["stage"])),
    )


def action(name: str) -> Any:
    from normdocs.domain.stages import Action

    return Action(name)
