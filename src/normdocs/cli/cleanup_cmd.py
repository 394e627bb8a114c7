"""Cleanup campaigns (清理): start, decide, status, list, close."""

import sys
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import typer

from normdocs.cli.common import (
    FormatOpt,
    IssuerOpt,
    RefArg,
    UnderOpt,
    app_context,
    choice_option,
    date_option,
    finish,
)
from normdocs.cli.render import Format, emit_one, emit_rows, message, to_json
from normdocs.domain.cleanup_choices import (
    KIND_LABELS_ZH,
    OUTCOME_WORDS_ZH,
    STATUS_WORDS_ZH,
    CampaignKind,
    CampaignStatus,
    Outcome,
)
from normdocs.i18n import _, current_language, ngettext

if TYPE_CHECKING:
    from normdocs.services.readmodels import CampaignView, CleanupItemView

CampaignArg = Annotated[str, typer.Argument(help=_("Campaign id (or its name)."))]


app = typer.Typer(
    name="cleanup", help=_("Cleanup campaigns (清理): periodic and instant."), no_args_is_help=True
)


KIND_WORDS_ZH = {kind: (label,) for kind, label in KIND_LABELS_ZH.items()}


@app.command(
    "start",
    epilog=_(
        "Example: normdocs cleanup start --kind periodic --issuer 元宝山区教育局 --date 2026-11-01"
    ),
    help=_("Open a cleanup campaign over the documents in scope."),
)
def cleanup_start(
    ctx: typer.Context,
    kind: Annotated[
        CampaignKind,
        choice_option("--kind", text=_("The kind of cleanup:"), words=KIND_WORDS_ZH),
    ],
    issuer: IssuerOpt = None,
    under: UnderOpt = None,
    name: Annotated[
        str | None, typer.Option("--name", help=_("The campaign's name; a default is made."))
    ] = None,
    law: Annotated[
        str | None,
        typer.Option("--law", help=_("Instant cleanup: the amended or repealed law's title.")),
    ] = None,
    on: Annotated[
        date | None,
        date_option("--date", help=_("Start date: the documents in force on it (default today).")),
    ] = None,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    from normdocs.services.cleanup import start_campaign
    from normdocs.services.readmodels import CampaignView

    view = start_campaign(
        app_context(ctx),
        kind=kind,
        issuer=issuer,
        under=under,
        name=name,
        law=law,
        on=on,
    )
    finish(ctx)
    if fmt != Format.TABLE:
        emit_one(view, CampaignView, fmt)
        return
    message(
        ngettext(
            "Campaign {id} started: {name}, {documents} document.",
            "Campaign {id} started: {name}, {documents} documents.",
            view.documents,
        ).format(id=view.id, name=view.name, documents=view.documents)
    )
    message(
        _(
            "Decide each with: normdocs cleanup decide {id} REF --outcome OUTCOME --reason TEXT"
        ).format(id=view.id)
    )


@app.command(
    "decide",
    epilog=_("Example: normdocs cleanup decide 1 24 --outcome 继续有效 --reason 仍然适用"),
    help=_("Record the outcome for one document of a campaign (replaces any earlier)."),
)
def cleanup_decide(
    ctx: typer.Context,
    campaign: CampaignArg,
    ref: RefArg,
    outcome: Annotated[
        Outcome,
        choice_option(
            "--outcome", text=_("The decision, with or without 予以:"), words=OUTCOME_WORDS_ZH
        ),
    ],
    reason: Annotated[
        str | None, typer.Option("--reason", help=_("Why (required): recorded and published."))
    ] = None,
    on: Annotated[
        date | None,
        date_option(
            "--date", help=_("The day the outcome takes effect (YYYY-MM-DD); default today.")
        ),
    ] = None,
    expires: Annotated[
        date | None,
        date_option("--expires", help=_("retain only: the new last day in force (有效期至).")),
    ] = None,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    from normdocs.services.cleanup import decide
    from normdocs.services.readmodels import CleanupItemView

    view = decide(
        app_context(ctx),
        campaign,
        ref,
        outcome=outcome,
        reason=reason,
        on=on,
        expires=expires,
    )
    finish(ctx)
    if fmt != Format.TABLE:
        emit_one(view, CleanupItemView, fmt)
        return
    message(
        _("Document {id} in campaign {campaign}: {outcome}, effective {on}.").format(
            id=view.document_id,
            campaign=view.campaign_id,
            outcome=_outcome_text(view.outcome),
            on=view.effective_on,
        )
    )


@app.command(
    "status",
    epilog=_("Example: normdocs cleanup status 1"),
    help=_("A campaign's documents with their outcomes, and its counts."),
)
def cleanup_status(
    ctx: typer.Context,
    campaign: CampaignArg,
    undecided: Annotated[
        bool, typer.Option("--undecided", help=_("Only the documents not yet decided."))
    ] = False,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    from normdocs.services.cleanup import campaign_status
    from normdocs.services.readmodels import CampaignView, CleanupItemView

    report = campaign_status(app_context(ctx), campaign, undecided_only=undecided)
    if fmt == Format.JSON:
        data = {"campaign": report.campaign, "items": report.items}
        sys.stdout.write(to_json(data) + "\n")
        return
    if fmt == Format.CSV:
        emit_rows(report.items, CleanupItemView, fmt)
        return
    emit_one(_for_table(report.campaign), CampaignView, fmt)
    sys.stdout.write("\n")
    emit_rows([_item_for_table(i) for i in report.items], CleanupItemView, fmt)


@app.command(
    "list", epilog=_("Example: normdocs cleanup list"), help=_("List the cleanup campaigns.")
)
def cleanup_list(
    ctx: typer.Context,
    status: Annotated[
        CampaignStatus | None,
        choice_option(
            "--status", text=_("Only these campaigns (default both):"), words=STATUS_WORDS_ZH
        ),
    ] = None,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    from normdocs.services.cleanup import list_campaigns
    from normdocs.services.readmodels import CampaignView

    rows = list_campaigns(app_context(ctx), status=status)
    if fmt == Format.TABLE:
        emit_rows([_for_table(r) for r in rows], CampaignView, fmt)
    else:
        emit_rows(rows, CampaignView, fmt)


@app.command(
    "close",
    epilog=_("Example: normdocs cleanup close 1"),
    help=_("Apply every outcome and close the campaign (refused while any is undecided)."),
)
def cleanup_close(
    ctx: typer.Context,
    campaign: CampaignArg,
    on: Annotated[
        date | None,
        date_option(
            "--date", help=_("Close date, recorded as each document's last cleanup; default today.")
        ),
    ] = None,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    from normdocs.services.cleanup import close
    from normdocs.services.readmodels import CampaignView

    view = close(app_context(ctx), campaign, on=on)
    finish(ctx)
    if fmt != Format.TABLE:
        emit_one(view, CampaignView, fmt)
        return
    message(
        _(
            "Campaign {id} closed on {on}: {retain} retained, {amend} to amend, {repeal} repealed,"
            " {invalidate} declared invalid."
        ).format(
            id=view.id,
            on=view.closed_on,
            retain=view.retain,
            amend=view.amend,
            repeal=view.repeal,
            invalidate=view.invalidate,
        )
    )


def _outcome_text(outcome: str | None) -> str:
    """retain → "retain (继续有效)" in English, "继续有效" in Chinese; none → undecided."""
    if outcome is None:
        return _("undecided")
    from normdocs.domain.cleanup_choices import OUTCOME_LABELS_ZH, Outcome

    label = OUTCOME_LABELS_ZH[Outcome(outcome)]
    return label if current_language() == "zh" else f"{outcome} ({label})"


def _for_table(campaign: "CampaignView") -> dict[str, Any]:
    """The campaign's cells in people's words: its kind and status, its scope in one cell (the
    issuers named, and each --under government with its departments)."""
    kind = campaign.kind_label if current_language() == "zh" else campaign.kind.value
    status = {"open": _("open"), "closed": _("closed")}[campaign.status.value]
    scope = list(campaign.issuers) + [
        _("{name} and its departments").format(name=name) for name in campaign.under
    ]
    issuer = ", ".join(scope) or campaign.issuer
    return {**campaign.data(), "kind": kind, "status": status, "issuer": issuer}


def _item_for_table(item: "CleanupItemView") -> dict[str, Any]:
    return {**item.data(), "outcome": _outcome_text(item.outcome)}
