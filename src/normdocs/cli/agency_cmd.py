"""`normdocs agency`: the issuers and their legal offices."""

from typing import Annotated

import typer

from normdocs.cli.common import FormatOpt, app_context, choice_option
from normdocs.cli.render import Format, emit_one, emit_rows
from normdocs.domain import stages as W
from normdocs.i18n import _

HeadOpt = Annotated[str | None, typer.Option("--head", help=_("Principal head (主要负责人)."))]
LegalOfficeOpt = Annotated[
    str | None, typer.Option("--legal-office", help=_("Its legal-affairs office."))
]

app = typer.Typer(name="agency", help=_("Issuers and legal offices."), no_args_is_help=True)


@app.command(
    "add",
    epilog=_(
        "Example: normdocs agency add 元宝山区财政局 --code 元财发 --level department --parent 元宝山区人民政府"
    ),
    help=_("Register an issuer."),
)
def agency_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help=_("Full name, e.g. 元宝山区人民政府."))],
    level: Annotated[
        W.IssuerLevel,
        choice_option("--level", text=_("Its level:"), words=W.ISSUER_LEVEL_WORDS_ZH),
    ],
    code: Annotated[
        list[str] | None,
        typer.Option(
            "--code", help=_("机关代字, e.g. 元政办字; several: repeat it or separate by commas.")
        ),
    ] = None,
    parent: Annotated[str | None, typer.Option("--parent", help=_("The body above."))] = None,
    head: HeadOpt = None,
    legal_office: LegalOfficeOpt = None,
    files_to: Annotated[
        str | None, typer.Option("--files-to", help=_("Filing authority; default from --parent."))
    ] = None,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    from normdocs.services.agencies import add_agency
    from normdocs.services.readmodels import AgencyView

    row = add_agency(
        app_context(ctx),
        name=name,
        code=code,
        level=level,
        parent=parent,
        head=head,
        legal_office=legal_office,
        files_to=files_to,
    )
    emit_one(row, AgencyView, fmt)


@app.command(
    "update",
    epilog=_("Example: normdocs agency update 元宝山区教育局 --head 局长戊"),
    help=_("Change an issuer's head, codes, parent, legal office or filing authority (recorded)."),
)
def agency_update(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help=_("The agency's name."))],
    code: Annotated[
        list[str] | None,
        typer.Option(
            "--code",
            help=_("Its 机关代字, all of them (they replace the old ones; the first is primary)."),
        ),
    ] = None,
    parent: Annotated[
        str | None,
        typer.Option("--parent", help=_("The body above; the filing authority follows.")),
    ] = None,
    head: HeadOpt = None,
    legal_office: LegalOfficeOpt = None,
    files_to: Annotated[str | None, typer.Option("--files-to", help=_("Filing authority."))] = None,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    from normdocs.services.agencies import update_agency
    from normdocs.services.readmodels import AgencyView

    row = update_agency(
        app_context(ctx),
        name,
        {"head": head, "legal_office": legal_office, "files_to": files_to},
        codes=code,
        parent=parent,
    )
    emit_one(row, AgencyView, fmt)


@app.command(
    "list",
    epilog=_("Example: normdocs agency list --format csv"),
    help=_("List the registered agencies."),
)
def agency_list(ctx: typer.Context, fmt: FormatOpt = Format.TABLE) -> None:
    from normdocs.services.agencies import list_agencies
    from normdocs.services.readmodels import AgencyView

    emit_rows(list_agencies(app_context(ctx)), AgencyView, fmt)
