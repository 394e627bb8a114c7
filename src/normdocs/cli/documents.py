"""What a command that changed a document prints (the columns of a document's views come from
services.readmodels)."""

from typing import TYPE_CHECKING

import typer

from normdocs.cli.common import report_warnings
from normdocs.cli.render import Format, emit_one, message

if TYPE_CHECKING:
    from normdocs.services.readmodels import DocumentView


def document_done(ctx: typer.Context, view: "DocumentView", fmt: Format, text: str) -> None:
    """After a change: the one line `text` in a table, else the document itself as data."""
    report_warnings(ctx)
    if fmt == Format.TABLE:
        message(text)
    else:
        emit_one(view, type(view), fmt)
