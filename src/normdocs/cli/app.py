"""The command line: parse options, call one service, render. Heavy imports stay inside commands
so that --help, --version and shell completion start fast."""

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from normdocs import __version__
from normdocs.cli.common import (
    DateOpt,
    FormatOpt,
    RefArg,
    app_context,
    choice,
    choices_help,
    finish,
    parse_date_option,
    report_warnings,
)
from normdocs.cli.render import (
    Column,
    Format,
    details_text,
    emit_one,
    emit_rows,
    error,
    message,
)
from normdocs.domain import stages as W
from normdocs.domain.errors import ExitCode, NormdocsError
from normdocs.i18n import _

if TYPE_CHECKING:
    pass


class NormdocsGroup(TyperGroup):
    """The one error boundary: expected errors become one line and their exit code."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except NormdocsError as exc:
            report_warnings(ctx)
            error(exc.message, exc.hint, getattr(exc, "rule", None))
            raise typer.Exit(int(exc.exit_code)) from None
        except BrokenPipeError:
            # The reader of our output (head, less) went away: stop quietly.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(int(ExitCode.OK)) from None
        except Exception as exc:
            # Typer's own signals (exit, abort, usage errors) carry an exit code: let them pass.
            if isinstance(exc, typer.Exit | typer.Abort) or hasattr(exc, "exit_code"):
                raise
            if isinstance(exc, KeyboardInterrupt):
                raise
            failure = _registry_failure(ctx, exc)
            if failure is not None:  # damaged, busy or read-only: met outside a transaction
                report_warnings(ctx)
                error(failure.message, failure.hint)
                raise typer.Exit(int(failure.exit_code)) from None
            debug = bool(ctx.obj and ctx.obj.get("debug"))
            if debug:
                raise
            error(
                _("unexpected error: {kind}: {text}").format(kind=type(exc).__name__, text=exc),
                _("rerun with --debug to see where it happened"),
            )
            raise typer.Exit(int(ExitCode.REFUSED)) from None


def _registry_failure(ctx: Any, exc: Exception) -> NormdocsError | None:
    """The exit-5 error when `exc` is the registry's own failure (a damaged page met while rows
    were read, the driver used directly), else None."""
    obj = ctx.find_root().obj or {}
    app_ctx = obj.get("app")
    db = app_ctx.db if app_ctx is not None else obj.get("db")
    if not db:
        return None
    from normdocs.services.context import registry_failure

    return registry_failure(exc, db)


app = typer.Typer(
    cls=NormdocsGroup,
    name="normdocs",
    help=_("Registry, procedure and audit of administrative normative documents (行政规范性文件)."),
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
agency_app = typer.Typer(help=_("Issuers and legal offices."), no_args_is_help=True)
doc_app = typer.Typer(help=_("Documents: draft, list, show, history."), no_args_is_help=True)
review_app = typer.Typer(help=_("Legality review (合法性审核)."), no_args_is_help=True)
meeting_app = typer.Typer(help=_("Collective deliberation (集体审议)."), no_args_is_help=True)
filing_app = typer.Typer(help=_("Filing review outcomes (备案审查)."), no_args_is_help=True)
profile_app = typer.Typer(help=_("The jurisdiction profile."), no_args_is_help=True)
app.add_typer(agency_app, name="agency")
app.add_typer(doc_app, name="doc")
app.add_typer(review_app, name="review")
app.add_typer(meeting_app, name="meeting")
app.add_typer(filing_app, name="filing")
app.add_typer(profile_app, name="profile")


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"normdocs {__version__}\n")
        raise typer.Exit()


@app.callback()
def _global(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option("--db", envvar="NORMDOCS_DB", help=_("Registry: a file path or a URL.")),
    ] = None,
    actor: Annotated[
        str | None,
        typer.Option("--actor", envvar="NORMDOCS_ACTOR", help=_("Who is recorded as acting.")),
    ] = None,
    profile: Annotated[
        str | None,
        typer.Option(
            "--profile", envvar="NORMDOCS_PROFILE", help=_("Jurisdiction profile (TOML).")
        ),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option("--lang", envvar="NORMDOCS_LANG", help=_("Interface language: zh or en.")),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help=_("Show tracebacks."))] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help=_("Show the version.")),
    ] = False,
) -> None:
    from normdocs.i18n import resolve_language, set_language

    set_language(resolve_language(lang))
    ctx.obj = {"db": db, "actor": actor, "profile": profile, "debug": debug, "app": None}


AGENCY_COLUMNS: list[Column] = [
    ("id", "id"),
    ("name", "name"),
    ("codes", "codes"),
    ("level", "level"),
    ("parent", "parent"),
    ("head", "principal head"),
    ("legal_office", "legal office"),
    ("files_to", "files to"),
]
DOC_COLUMNS: list[Column] = [
    ("id", "id"),
    ("title", "title"),
    ("issuer", "issuer"),
    ("co_issuers", "co-issuers"),
    ("doc_number", "number"),
    ("stage", "stage"),
    ("validity", "validity"),
    ("promulgated_on", "promulgated on"),
    ("expires_on", "expires"),
]
DOC_FIELDS: list[Column] = [
    ("id", "id"),
    ("title", "title"),
    ("issuer", "issuer"),
    ("co_issuers", "co-issuers"),
    ("doc_number", "number"),
    ("registration_no", "registration no"),
    ("stage", "stage"),
    ("validity", "validity"),
    ("as_of", "as of"),
    ("interim", "interim (暂行/试行)"),
    ("review_submitted_on", "review submitted"),
    ("review_decided_on", "review decided"),
    ("review_outcome", "review outcome"),
    ("review_working_days", "review working days"),
    ("review_emergency", "emergency"),
    ("review_late", "review late"),
    ("meeting_type", "meeting"),
    ("meeting_on", "meeting date"),
    ("signer", "signer"),
    ("signed_on", "signed on"),
    ("promulgated_on", "promulgated on"),
    ("effective_on", "effective"),
    ("expires_on", "expires"),
    ("filing_due_on", "filing due"),
    ("filed_on", "filed on"),
    ("filed_late", "filed late"),
    ("filing_authority", "filing authority (备案机关)"),
    ("refiled_on", "refiled on"),
    ("refiling_authority", "refiled with"),
    ("refiled_late", "refiled late"),
    ("filing_outcome", "filing outcome"),
    ("refile_due_on", "refile / correction due"),
    ("ended_on", "ended"),
    ("end_reason", "ended as"),
    ("ended_on_unknown", "ended on an unknown day"),
    ("awaiting_amendment", "awaiting amended version"),
    ("last_cleanup_on", "last cleanup"),
    ("supersedes_id", "amends document"),
    ("text_source", "text"),
    ("text_version", "text version"),
    ("reviewed_version", "text version reviewed"),
]
HISTORY_COLUMNS: list[Column] = [
    ("event_id", "event"),
    ("recorded_at", "recorded at"),
    ("actor", "actor"),
    ("action", "action"),
    ("on_date", "date"),
    ("from_stage", "from"),
    ("to_stage", "to"),
    ("details", "details"),
]


# --- registry -----------------------------------------------------------------------------


@app.command(help=_("Create the registry, or upgrade an older one to this version."))
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


@profile_app.command(
    "show", help=_("Print the jurisdiction profile in effect (defaults filled in).")
)
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


# --- agencies -----------------------------------------------------------------------------


@agency_app.command("add", help=_("Register an issuer."))
def agency_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help=_("Full name, e.g. 元宝山区人民政府."))],
    level: Annotated[
        str,
        typer.Option(
            "--level",
            help=choices_help(_("Its level:"), W.ISSUER_LEVEL_WORDS_ZH),
            callback=choice(W.ISSUER_LEVEL_WORDS_ZH),
        ),
    ],
    code: Annotated[
        list[str] | None,
        typer.Option(
            "--code", help=_("机关代字, e.g. 元政办字; several: repeat it or separate by commas.")
        ),
    ] = None,
    parent: Annotated[str | None, typer.Option("--parent", help=_("The body above."))] = None,
    head: Annotated[
        str | None, typer.Option("--head", help=_("Principal head (主要负责人)."))
    ] = None,
    legal_office: Annotated[
        str | None, typer.Option("--legal-office", help=_("Its legal-affairs office."))
    ] = None,
    files_to: Annotated[
        str | None, typer.Option("--files-to", help=_("Filing authority; default from --parent."))
    ] = None,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    from normdocs.services.agencies import add_agency

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
    emit_one(row, AGENCY_COLUMNS, fmt)


@agency_app.command(
    "update",
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
    head: Annotated[
        str | None, typer.Option("--head", help=_("Principal head (主要负责人)."))
    ] = None,
    legal_office: Annotated[
        str | None, typer.Option("--legal-office", help=_("Its legal-affairs office."))
    ] = None,
    files_to: Annotated[str | None, typer.Option("--files-to", help=_("Filing authority."))] = None,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    from normdocs.services.agencies import update_agency

    row = update_agency(
        app_context(ctx),
        name,
        {"head": head, "legal_office": legal_office, "files_to": files_to},
        codes=code,
        parent=parent,
    )
    emit_one(row, AGENCY_COLUMNS, fmt)


@agency_app.command("list", help=_("List the registered agencies."))
def agency_list(ctx: typer.Context, fmt: FormatOpt = Format.TABLE) -> None:
    from normdocs.services.agencies import list_agencies

    emit_rows(list_agencies(app_context(ctx)), AGENCY_COLUMNS, fmt)


# --- documents ----------------------------------------------------------------------------


@doc_app.command("new", help=_("Register a draft (起草)."))
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
    _done(ctx, view, fmt, _("Draft {id} registered: {title}").format(**view))


@doc_app.command("list", help=_("List documents."))
def doc_list(
    ctx: typer.Context,
    stage: Annotated[
        str | None,
        typer.Option(
            "--stage",
            help=choices_help(_("Stage(s), comma-separated:"), W.STAGE_WORDS_ZH),
            callback=choice(W.STAGE_WORDS_ZH, many=True),
        ),
    ] = None,
    validity: Annotated[
        str | None,
        typer.Option(
            "--validity",
            help=choices_help(_("Validity:"), W.VALIDITY_WORDS_ZH),
            callback=choice(W.VALIDITY_WORDS_ZH),
        ),
    ] = None,
    issuer: Annotated[
        list[str] | None,
        typer.Option(
            "--issuer", help=_("Only these issuing agencies (repeat it or separate with commas).")
        ),
    ] = None,
    under: Annotated[
        str | None,
        typer.Option("--under", help=_("Only this government and all its departments.")),
    ] = None,
    year: Annotated[int | None, typer.Option("--year", help=_("Year of promulgation."))] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help=_("Validity as of this day."))
    ] = None,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    from normdocs.services.documents import list_documents

    rows = list_documents(
        app_context(ctx),
        stage=stage,
        validity=validity,
        issuer=issuer,
        under=under,
        year=year,
        as_of=parse_date_option(as_of, "--as-of"),
    )
    emit_rows(rows, DOC_COLUMNS, fmt)
    finish(ctx)


@doc_app.command("show", help=_("Show one document and its validity."))
def doc_show(
    ctx: typer.Context,
    ref: RefArg,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help=_("Was it in force on this day?"))
    ] = None,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    from normdocs.services.documents import show_document

    view = show_document(app_context(ctx), ref, parse_date_option(as_of, "--as-of"))
    emit_one(view, DOC_FIELDS, fmt)


@doc_app.command("history", help=_("The whole-process record (全过程记录) of one document."))
def doc_history(ctx: typer.Context, ref: RefArg, fmt: FormatOpt = Format.TABLE) -> None:
    from normdocs.services.documents import document_history

    rows = document_history(app_context(ctx), ref)
    if fmt == Format.TABLE:  # a correction reads as each fact's before → after, and why
        rows = [
            {**r, "details": r.get("summary") or details_text(r["details"], r["action"])}
            for r in rows
        ]
    emit_rows(rows, HISTORY_COLUMNS, fmt)


# --- the procedure ------------------------------------------------------------------------


def _step(
    ctx: typer.Context, ref: str, fmt: Format, revised_file: Path | None = None, **fields: Any
) -> None:
    from normdocs.domain.workflow import Step
    from normdocs.services.procedure import advance

    app_ctx = app_context(ctx)
    on = fields.pop("on", None) or app_ctx.today()
    step: Step = Step(on=on, **fields)
    result = advance(app_ctx, ref, step, revised_file=revised_file)
    view = result.document
    _done(
        ctx,
        view,
        fmt,
        _("Document {id} is now {stage}.").format(id=view["id"], stage=_(view["stage"])),
    )


def _done(ctx: typer.Context, view: dict[str, Any], fmt: Format, text: str) -> None:
    report_warnings(ctx)
    if fmt == Format.TABLE:
        message(text)
    else:
        emit_one(view, DOC_FIELDS, fmt)


def _action(name: str) -> Any:
    from normdocs.domain.stages import Action

    return Action(name)


@review_app.command("submit", help=_("Submit a draft for legality review."))
def review_submit(
    ctx: typer.Context, ref: RefArg, on: DateOpt = None, fmt: FormatOpt = Format.TABLE
) -> None:
    _step(ctx, ref, fmt, action=_action("review.submit"), on=parse_date_option(on, "--date"))


@review_app.command("decide", help=_("Record the legality review's outcome."))
def review_decide(
    ctx: typer.Context,
    ref: RefArg,
    outcome: Annotated[
        str,
        typer.Option(
            "--outcome",
            help=choices_help(_("The review's conclusion:"), W.REVIEW_OUTCOME_WORDS_ZH),
            callback=choice(W.REVIEW_OUTCOME_WORDS_ZH),
        ),
    ],
    opinion: Annotated[str, typer.Option("--opinion", help=_("The written review opinion."))],
    reviewer: Annotated[str | None, typer.Option("--reviewer")] = None,
    on: DateOpt = None,
    emergency: Annotated[
        bool, typer.Option("--emergency", help=_("An emergency: the 5-day minimum does not apply."))
    ] = False,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    _step(
        ctx,
        ref,
        fmt,
        action=_action("review.decide"),
        on=parse_date_option(on, "--date"),
        outcome=outcome,
        opinion=opinion,
        reviewer=reviewer,
        emergency=emergency,
    )


@review_app.command(
    "revise",
    help=_("Record the revision asked for by the review (or the reason for not adopting it)."),
)
def review_revise(
    ctx: typer.Context,
    ref: RefArg,
    note: Annotated[
        str | None, typer.Option("--note", help=_("What was revised, or why not."))
    ] = None,
    file: Annotated[Path | None, typer.Option("--file", help=_("The revised text."))] = None,
    not_adopted: Annotated[
        bool, typer.Option("--not-adopted", help=_("The opinion was not adopted (give --note)."))
    ] = False,
    on: DateOpt = None,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    _step(
        ctx,
        ref,
        fmt,
        revised_file=file,
        action=_action("review.revise"),
        on=parse_date_option(on, "--date"),
        note=note,
        not_adopted=not_adopted,
    )


@meeting_app.command("record", help=_("Record the collective deliberation."))
def meeting_record(
    ctx: typer.Context,
    ref: RefArg,
    meeting_type: Annotated[
        str,
        typer.Option(
            "--type",
            help=choices_help(_("The meeting:"), W.MEETING_TYPE_WORDS_ZH),
            callback=choice(W.MEETING_TYPE_WORDS_ZH),
        ),
    ],
    session: Annotated[str, typer.Option("--session", help=_("e.g. 第56次常务会议."))],
    outcome: Annotated[
        str,
        typer.Option(
            "--outcome",
            help=choices_help(_("The meeting's decision:"), W.MEETING_OUTCOME_WORDS_ZH),
            callback=choice(W.MEETING_OUTCOME_WORDS_ZH),
        ),
    ],
    on: DateOpt = None,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    _step(
        ctx,
        ref,
        fmt,
        action=_action("meeting.record"),
        on=parse_date_option(on, "--date"),
        meeting_type=meeting_type,
        session=session,
        outcome=outcome,
    )


@app.command(help=_("Record the principal head's signature (签发)."))
def sign(
    ctx: typer.Context,
    ref: RefArg,
    signer: Annotated[str, typer.Option("--signer", help=_("The principal head who signs."))],
    on: DateOpt = None,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    _step(ctx, ref, fmt, action=_action("sign"), on=parse_date_option(on, "--date"), signer=signer)


@app.command(
    help=_(
        "Promulgate: assign the 文号 and the registration number, set effective and expiry dates."
    )
)
def publish(
    ctx: typer.Context,
    ref: RefArg,
    number: Annotated[
        str, typer.Option("--number", help=_("发文字号, e.g. 元政办字〔2018〕101号."))
    ],
    on: DateOpt = None,
    effective: Annotated[str | None, typer.Option("--effective", help=_("施行日期."))] = None,
    expires: Annotated[str | None, typer.Option("--expires", help=_("Last day in force."))] = None,
    validity_years: Annotated[
        int | None, typer.Option("--validity-years", help=_("有效期 in years."))
    ] = None,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    _step(
        ctx,
        ref,
        fmt,
        action=_action("publish"),
        on=parse_date_option(on, "--date"),
        doc_number=number,
        effective_on=parse_date_option(effective, "--effective"),
        expires_on=parse_date_option(expires, "--expires"),
        validity_years=validity_years,
    )


@app.command("file", help=_("Record the filing (报送备案) with the filing authority."))
def file_(
    ctx: typer.Context,
    ref: RefArg,
    to: Annotated[str | None, typer.Option("--to", help=_("Filing authority."))] = None,
    on: DateOpt = None,
    materials: Annotated[
        str,
        typer.Option(
            "--materials",
            help=choices_help(_("The filing materials:"), W.MATERIALS_WORDS_ZH),
            callback=choice(W.MATERIALS_WORDS_ZH),
        ),
    ] = "complete",
    fmt: FormatOpt = Format.TABLE,
) -> None:
    _step(
        ctx,
        ref,
        fmt,
        action=_action("file"),
        on=parse_date_option(on, "--date"),
        materials=materials,
        filed_to=to,
    )


@filing_app.command("decide", help=_("Record the filing authority's review outcome."))
def filing_decide(
    ctx: typer.Context,
    ref: RefArg,
    outcome: Annotated[
        str,
        typer.Option(
            "--outcome",
            help=choices_help(_("The filing authority's decision:"), W.FILING_OUTCOME_WORDS_ZH),
            callback=choice(W.FILING_OUTCOME_WORDS_ZH),
        ),
    ],
    on: DateOpt = None,
    note: Annotated[str | None, typer.Option("--note")] = None,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    _step(
        ctx,
        ref,
        fmt,
        action=_action("filing.decide"),
        on=parse_date_option(on, "--date"),
        outcome=outcome,
        note=note,
    )


def _usage(text: str) -> NoReturn:
    error(text)
    raise typer.Exit(int(ExitCode.USAGE))


# --- demo ---------------------------------------------------------------------------------


@app.command(help=_("Build a registry of sample documents in every stage and show it."))
def demo(
    ctx: typer.Context,
    db: Annotated[
        str | None, typer.Option("--db", help=_("Where to build it (default normdocs-demo.db)."))
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", help=_("Replace an existing file."))] = False,
) -> None:
    from normdocs.services.demo import build_demo

    app_ctx = app_context(ctx)
    target = db or ctx.find_root().obj["db"] or "normdocs-demo.db"
    app_ctx.db = target
    # The demo's own file (in the current folder by default), never the per-user default.
    app_ctx.db_is_default = False
    summary = build_demo(app_ctx, replace=yes)
    report_warnings(ctx)
    message(
        _(
            "Demo registry built at {db}: {docs} documents, {laws} law versions, {events} events."
        ).format(**summary)
    )
    from normdocs.services.documents import list_documents

    emit_rows(list_documents(app_ctx), DOC_COLUMNS, Format.TABLE)
    from normdocs.cli.audit_cmd import FINDING_COLUMNS
    from normdocs.services.audit import run_audit

    audit = run_audit(app_ctx)
    emit_rows(audit.findings, FINDING_COLUMNS, Format.TABLE)
    message(
        _(
            "Audit as of {day}: {total} findings ({error} errors, {warning} warnings, {info} info)."
        ).format(day=audit.as_of.isoformat(), total=len(audit.findings), **audit.counts)
    )
    from normdocs.services.demo import write_demo_reports

    written = write_demo_reports(app_ctx)
    report_warnings(ctx)
    message(_("The catalogue of documents in force: {path}").format(path=written["catalog"]))
    if written["stats"] is not None:
        message(
            _("The {year} figures and draft report: {path}").format(
                year=written["year"], path=written["stats"]
            )
        )
    message(_("Explore it with: normdocs --db {db} doc show 1").format(db=target))


def _register_command_modules() -> None:
    """Commands of the later parts of the procedure live in their own modules."""
    from normdocs.cli import (
        audit_cmd,
        cleanup_cmd,
        import_cmd,
        law_cmd,
        report_cmd,
        search_cmd,
        text_cmd,
        verify_cmd,
    )

    text_cmd.register(doc_app)

    for module in (law_cmd, import_cmd, search_cmd, cleanup_cmd, audit_cmd, verify_cmd, report_cmd):
        module.register(app)
    from normdocs.cli import correct_cmd

    correct_cmd.register(doc_app)  # doc correct, doc withdraw


_register_command_modules()
