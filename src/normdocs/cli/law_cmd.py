"""Superior law (上位法): import, add, amend, repeal, list, show, link, citations."""

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from normdocs.cli.common import (
    FormatOpt,
    RefArg,
    app_context,
    choice_option,
    codes,
    date_option,
    finish,
)
from normdocs.cli.render import Format, emit_one, emit_rows, message
from normdocs.domain.stages import VALIDITY_WORDS_ZH, Validity
from normdocs.i18n import _

if TYPE_CHECKING:
    from normdocs.services.readmodels import LawAmended, LawImported, LawRepealed

# A law's status (domain.lawtitles.STATUSES) is one of the validity words.
LAW_STATUS_WORDS_ZH = {
    status: VALIDITY_WORDS_ZH[status]
    for status in (Validity.IN_FORCE, Validity.SUPERSEDED, Validity.REPEALED)
}

app = typer.Typer(
    name="law",
    help=_("Superior law (上位法) and the basis links (制定依据) of documents."),
    no_args_is_help=True,
)

TitleArg = Annotated[
    str,
    typer.Argument(
        help=_("The law as documents cite it: full title, short name, or with 中华人民共和国.")
    ),
]


def _heading(text: str) -> None:
    sys.stdout.write("\n" + text + "\n")


def _flagged(result: "LawAmended | LawRepealed | LawImported", fmt: Format) -> None:
    from normdocs.services.readmodels import FlaggedDocument

    flagged = result.flagged
    if fmt == Format.JSON:
        emit_one(result, type(result), fmt)
        return
    if fmt == Format.CSV:
        emit_rows(flagged, FlaggedDocument, fmt)
        return
    if not flagged:
        message(_("No document in force rests on it: nothing was flagged for cleanup."))
        return
    message(
        _("{count} documents resting on it were flagged for instant cleanup (即时清理):").format(
            count=len(flagged)
        )
    )
    emit_rows(flagged, FlaggedDocument, fmt)
    message(_("Open the cleanup with: normdocs cleanup start --kind instant --law TITLE"))


@app.command(
    "import",
    epilog=_("Example: normdocs law import 上位法.csv"),
    help=_("Load superior laws from a .csv or .json file (idempotent)."),
)
def law_import(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(help=_("A .csv or .json file with the columns of superior-laws.csv.")),
    ],
    fmt: FormatOpt = Format.TABLE,
) -> None:
    from normdocs.services.law_import import import_laws
    from normdocs.services.readmodels import LawImported

    summary = import_laws(app_context(ctx), file)
    if fmt == Format.JSON:
        emit_one(summary, LawImported, fmt)
        finish(ctx)
        return
    message(
        _(
            "{file}: {rows} versions read — {new} new, {updated} updated, {unchanged} unchanged;"
            " {resolved} earlier citations now resolved."
        ).format(
            file=summary.file,
            rows=summary.rows,
            new=summary.new,
            updated=summary.updated,
            unchanged=summary.unchanged,
            resolved=summary.resolved_citations,
        )
    )
    if summary.flagged:
        _flagged(summary, fmt)
    finish(ctx)


@app.command(
    "add",
    epilog=_(
        "Example: normdocs law add 内蒙古自治区城镇供热条例 --level 地方性法规 --promulgated 2025-09-26 --effective 2026-01-01"
    ),
    help=_("Register a law: 地方性法规, 规章, or a higher document by 文号."),
)
def law_add(
    ctx: typer.Context,
    title: Annotated[str, typer.Argument(help=_("The full title."))],
    level: Annotated[
        str,
        typer.Option(
            "--level",
            help=_("宪法, 法律, 行政法规, 地方性法规, 部门规章, 地方政府规章, 规章, 规范性文件, …"),
        ),
    ],
    promulgated: Annotated[
        date | None,
        date_option("--promulgated", help=_("Date of promulgation (公布).")),
    ] = None,
    effective: Annotated[
        date | None,
        date_option("--effective", help=_("Date it takes effect (施行).")),
    ] = None,
    number: Annotated[
        str | None,
        typer.Option("--number", help=_("Its 文号, or an order number such as 国务院令第21号.")),
    ] = None,
    short: Annotated[
        str | None,
        typer.Option(
            "--short", help=_("The short name it is cited by; default without 中华人民共和国.")
        ),
    ] = None,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    from normdocs.services.laws import add_law
    from normdocs.services.readmodels import LawView

    result = add_law(
        app_context(ctx),
        title=title,
        level=level,
        promulgated=promulgated,
        effective=effective,
        number=number,
        short_title=short,
    )
    if fmt == Format.TABLE:
        message(
            _("Law {id} registered: {title}").format(
                id=result["law"]["id"], title=result["law"]["title"]
            )
        )
        if result["resolved_citations"]:
            message(
                _("{count} earlier citations of it are now resolved.").format(
                    count=result["resolved_citations"]
                )
            )
    emit_one(result["law"], LawView, fmt)


@app.command(
    "amend",
    epilog=_("Example: normdocs law amend 赤峰市供热管理条例 --date 2026-06-01"),
    help=_(
        "Record an amendment: a new version from that date; documents resting on the law are"
        " flagged for instant cleanup."
    ),
)
def law_amend(
    ctx: typer.Context,
    title: TitleArg,
    on: Annotated[date, date_option("--date", help=_("Date of the amendment (YYYY-MM-DD)."))],
    note: Annotated[
        str | None, typer.Option("--note", help=_("What changed, e.g. the amending decision."))
    ] = None,
    effective: Annotated[
        date | None, date_option("--effective", help=_("Date the amended text takes effect."))
    ] = None,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    from normdocs.services.laws import amend_law

    result = amend_law(
        app_context(ctx),
        title=title,
        on=on,
        note=note,
        effective=effective,
    )
    if fmt == Format.TABLE:
        message(
            _(
                "Amendment of {title} recorded on {on}: version {id}; the version of {old} is"
                " superseded."
            ).format(
                title=result.law.title,
                on=result.law.promulgated_on,
                id=result.law.id,
                old=result.previous.promulgated_on or "—",
            )
        )
    _flagged(result, fmt)
    finish(ctx)


@app.command(
    "repeal",
    epilog=_("Example: normdocs law repeal 内蒙古自治区城镇供热条例 --date 2026-10-01"),
    help=_("Record a repeal; documents resting on the law are flagged for instant cleanup."),
)
def law_repeal(
    ctx: typer.Context,
    title: TitleArg,
    on: Annotated[date, date_option("--date", help=_("Date of the repeal (YYYY-MM-DD)."))],
    note: Annotated[
        str | None, typer.Option("--note", help=_("The repealing act, or why."))
    ] = None,
    effective: Annotated[
        date | None,
        date_option("--effective", help=_("Date the repeal takes effect (default --date).")),
    ] = None,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    from normdocs.services.laws import repeal_law

    on_date = on
    result = repeal_law(
        app_context(ctx),
        title=title,
        on=on_date,
        note=note,
        effective=effective,
    )
    if fmt == Format.TABLE:
        message(
            _("Repeal of {title} recorded on {on}, effective {effective}.").format(
                title=result.law.title,
                on=on_date.isoformat(),
                effective=result.law.repealed_on,
            )
        )
    _flagged(result, fmt)
    finish(ctx)


@app.command(
    "correct",
    epilog=_(
        "Example: normdocs law correct 赤峰市供热管理条例 --version 2025-06-01 --effective 2025-10-08 --reason 施行日期误录"
    ),
    help=_("Correct a mistaken fact of a law version: its dates or title (recorded, with why)."),
)
def law_correct(
    ctx: typer.Context,
    title: TitleArg,
    reason: Annotated[str, typer.Option("--reason", help=_("Why the recorded fact was wrong."))],
    version: Annotated[
        date | None,
        date_option("--version", help=_("The version's promulgation date; default the latest.")),
    ] = None,
    promulgated: Annotated[
        date | None, date_option("--promulgated", help=_("The right promulgation date."))
    ] = None,
    effective: Annotated[
        date | None, date_option("--effective", help=_("The right effective date."))
    ] = None,
    new_title: Annotated[str | None, typer.Option("--title", help=_("The right title."))] = None,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    from normdocs.services.law_corrections import correct_law
    from normdocs.services.readmodels import LawView

    result = correct_law(
        app_context(ctx),
        title=title,
        version=version,
        promulgated=promulgated,
        effective=effective,
        new_title=new_title,
        reason=reason,
    )
    if fmt == Format.TABLE:
        message(
            _("Version {id} of {title} corrected: {changes}.").format(
                id=result["law"]["id"],
                title=result["law"]["title"],
                changes="; ".join(
                    f"{k} {v['before'] or '—'} → {v['after'] or '—'}"
                    for k, v in result["changes"].items()
                ),
            )
        )
    emit_one(result["law"], LawView, fmt)


@app.command(
    "remove-version",
    epilog=_(
        "Example: normdocs law remove-version 赤峰市供热管理条例 --version 2026-06-01 --reason 修正日期录错"
    ),
    help=_("Remove a version recorded by mistake (recorded, with why); its flags are withdrawn."),
)
def law_remove_version(
    ctx: typer.Context,
    title: TitleArg,
    version: Annotated[
        date, date_option("--version", help=_("The mistaken version's promulgation date."))
    ],
    reason: Annotated[str, typer.Option("--reason", help=_("Why it was a mistake."))],
    fmt: FormatOpt = Format.TABLE,
) -> None:
    from normdocs.services.law_corrections import remove_version
    from normdocs.services.readmodels import LawView

    result = remove_version(
        app_context(ctx),
        title=title,
        version=version,
        reason=reason,
    )
    if fmt == Format.JSON:
        emit_one(result, [], fmt)
        return
    message(
        _(
            "Version of {on} of {title} removed; {flags} flags withdrawn; the current version"
            " is now that of {current}."
        ).format(
            on=result["removed"]["promulgated_on"],
            title=result["removed"]["title"],
            flags=len(result["withdrawn_flags"]),
            current=(result["law"].promulgated_on if result["law"] else None) or "—",
        )
    )
    if result["law"] is not None:
        emit_one(result["law"], LawView, fmt)


@app.command(
    "list",
    epilog=_("Example: normdocs law list --status 现行有效 --format csv"),
    help=_("List superior laws, one row per version."),
)
def law_list(
    ctx: typer.Context,
    level: Annotated[
        str | None, typer.Option("--level", help=_("Level(s), comma-separated, e.g. 法律."))
    ] = None,
    status: Annotated[
        list[Validity] | None,
        choice_option(
            "--status", text=_("Status(es), comma-separated:"), words=LAW_STATUS_WORDS_ZH
        ),
    ] = None,
    title: Annotated[
        str | None, typer.Option("--title", help=_("Only titles containing this text."))
    ] = None,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    from normdocs.services.laws import list_laws
    from normdocs.services.readmodels import LawView

    emit_rows(
        list_laws(app_context(ctx), level=level, status=codes(status), title=title),
        LawView,
        fmt,
    )


@app.command(
    "show",
    epilog=_("Example: normdocs law show 社会救助暂行办法"),
    help=_("One law: all its versions and the documents resting on it."),
)
def law_show(ctx: typer.Context, title: TitleArg, fmt: FormatOpt = Format.TABLE) -> None:
    from normdocs.services.laws import show_law
    from normdocs.services.readmodels import LawShown, LawVersionView, LawView, RestingDocument

    shown = show_law(app_context(ctx), title)
    if fmt == Format.JSON:
        emit_one(shown, LawShown, fmt)
        return
    if fmt == Format.CSV:
        emit_rows(shown.documents, RestingDocument, fmt)
        return
    emit_one(shown.law, LawView, fmt)
    _heading(_("Versions"))
    emit_rows(shown.versions, LawVersionView, fmt)
    _heading(_("Documents resting on it"))
    emit_rows(shown.documents, RestingDocument, fmt)
    waiting = [f for f in shown.flags if f.campaign_id is None and not f.pending]
    if waiting:
        message(
            _(
                "{count} documents are flagged for instant cleanup and not yet in a campaign."
            ).format(count=len({f.document_id for f in waiting}))
        )
    pending = [f for f in shown.flags if f.campaign_id is None and f.pending]
    if pending:
        message(
            _(
                "{count} documents are flagged by a change that takes effect on {on} (pending)."
            ).format(
                count=len({f.document_id for f in pending}),
                # Pending: the change takes effect on a recorded day after today.
                on=min(f.effective_on for f in pending if f.effective_on is not None),
            )
        )


@app.command(
    "link",
    epilog=_("Example: normdocs law link 23 行政处罚法 --article 第三十九条"),
    help=_("Record by hand that a document rests on a law (制定依据)."),
)
def law_link(
    ctx: typer.Context,
    ref: RefArg,
    title: TitleArg,
    article: Annotated[
        str | None, typer.Option("--article", help=_("The article, e.g. 第十七条."))
    ] = None,
    citation: Annotated[
        str | None,
        typer.Option(
            "--citation",
            help=_("Resolve this unresolved citation of the document (as law citations shows it)."),
        ),
    ] = None,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    from normdocs.services.law_links import link_law

    result = link_law(app_context(ctx), ref, title, article=article, citation=citation)
    if fmt == Format.TABLE:
        message(
            _("Document {document} now rests on {law} (version of {version}){article}.").format(
                document=result["document_id"],
                law=result["law"],
                version=result["version"] or "—",
                article=" " + result["article"] if result["article"] else "",
            )
        )
        return
    if fmt == Format.JSON:
        emit_one(result, [], fmt)
    else:
        emit_rows([result], [], fmt)


@app.command(
    "citations",
    epilog=_("Example: normdocs law citations 13"),
    help=_("A document's citations, resolved and unresolved."),
)
def law_citations(ctx: typer.Context, ref: RefArg, fmt: FormatOpt = Format.TABLE) -> None:
    from normdocs.services.laws import document_citations
    from normdocs.services.readmodels import CitationView

    emit_rows(document_citations(app_context(ctx), ref), CitationView, fmt)


@app.command(
    "unresolved",
    epilog=_("Example: normdocs law unresolved"),
    help=_("Citations that name no law or document in the registry."),
)
def law_unresolved(ctx: typer.Context, fmt: FormatOpt = Format.TABLE) -> None:
    from normdocs.services.laws import unresolved_citations
    from normdocs.services.readmodels import UnresolvedCitation

    emit_rows(unresolved_citations(app_context(ctx)), UnresolvedCitation, fmt)
