"""`normdocs doc`: draft, list, show and the history of documents; the group also gathers `doc
text`/`doc versions` (text_cmd) and `doc correct`/`doc withdraw` (correct_cmd)."""

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from normdocs.cli import correct_cmd, text_cmd
from normdocs.cli.common import (
    FormatOpt,
    IssuerOpt,
    RefArg,
    UnderOpt,
    app_context,
    choice_option,
    codes,
    date_option,
    finish,
)
from normdocs.cli.documents import document_done
from normdocs.cli.render import Format, details_text, emit_one, emit_rows
from normdocs.domain import stages as W
from normdocs.i18n import _

app = typer.Typer(
    name="doc", help=_("Documents: draft, list, show, history."), no_args_is_help=True
)


@app.command(
    "new",
    epilog=_(
        "Example: normdocs doc new 元宝山区人民政府关于加强城区供暖管理的通知 --issuer 元宝山区人民政府 --file 通知.txt"
    ),
    help=_("Register a draft (起草)."),
)
def doc_new(
    ctx: typer.Context,
    title: Annotated[str, typer.Argument(help=_("The document's title."))],
    issuer: Annotated[str, typer.Option("--issuer", help=_("The issuing agency."))],
    file: Annotated[
        Path | None, typer.Option("--file", help=_("Its text: .txt (UTF-8/GB18030) or .docx."))
    ] = None,
    interim: Annotated[
        bool, typer.Option("--interim", help=_("暂行/试行 (also detected)."))
    ] = False,
    amends: Annotated[
        str | None,
        typer.Option(
            "--amends", help=_("The document this draft amends; superseded on publication.")
        ),
    ] = None,
    co_issuer: Annotated[
        list[str] | None,
        typer.Option(
            "--co-issuer",
            help=_("Another body of a joint document (联合发文); repeat it for each."),
        ),
    ] = None,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    from normdocs.services.documents import new_document

    app_ctx = app_context(ctx)
    view = new_document(
        app_ctx,
        title=title,
        issuer=issuer,
        file=file,
        interim=interim,
        amends=amends,
        co_issuers=co_issuer,
    )
    document_done(
        ctx, view, fmt, _("Draft {id} registered: {title}").format(id=view.id, title=view.title)
    )


@app.command(
    "list",
    epilog=_("Example: normdocs doc list --stage 已公布 --under 元宝山区人民政府"),
    help=_("List documents."),
)
def doc_list(
    ctx: typer.Context,
    stage: Annotated[
        list[W.Stage] | None,
        choice_option("--stage", text=_("Stage(s), comma-separated:"), words=W.STAGE_WORDS_ZH),
    ] = None,
    validity: Annotated[
        W.Validity | None,
        choice_option("--validity", text=_("Validity:"), words=W.VALIDITY_WORDS_ZH),
    ] = None,
    issuer: IssuerOpt = None,
    under: UnderOpt = None,
    year: Annotated[int | None, typer.Option("--year", help=_("Year of promulgation."))] = None,
    as_of: Annotated[
        date | None, date_option("--as-of", help=_("Validity as of this day."))
    ] = None,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    from normdocs.services.documents import list_documents
    from normdocs.services.readmodels import ListedDocument

    rows = list_documents(
        app_context(ctx),
        stage=codes(stage),
        validity=validity,
        issuer=issuer,
        under=under,
        year=year,
        as_of=as_of,
    )
    emit_rows(rows, ListedDocument, fmt)
    finish(ctx)


@app.command(
    "show",
    epilog=_("Example: normdocs doc show 元政发〔2026〕12号 --as-of 2026-06-30"),
    help=_("Show one document and its validity."),
)
def doc_show(
    ctx: typer.Context,
    ref: RefArg,
    as_of: Annotated[
        date | None, date_option("--as-of", help=_("Was it in force on this day?"))
    ] = None,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    from normdocs.services.documents import show_document
    from normdocs.services.readmodels import ShownDocument

    view = show_document(app_context(ctx), ref, as_of)
    emit_one(view, ShownDocument, fmt)


@app.command(
    "history",
    epilog=_("Example: normdocs doc history 12"),
    help=_("The whole-process record (全过程记录) of one document."),
)
def doc_history(ctx: typer.Context, ref: RefArg, fmt: FormatOpt = Format.TABLE) -> None:
    from normdocs.services.documents import document_history
    from normdocs.services.readmodels import HistoryRow

    rows = document_history(app_context(ctx), ref)
    if fmt != Format.TABLE:
        emit_rows(rows, HistoryRow, fmt)
        return
    # A correction reads as each fact's before → after, and why.
    shown = [{**r.data(), "details": r.summary or details_text(r.details, r.action)} for r in rows]
    emit_rows(shown, HistoryRow, fmt)


app.add_typer(text_cmd.app)
app.add_typer(correct_cmd.app)
