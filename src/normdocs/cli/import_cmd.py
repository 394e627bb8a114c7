"""Batch import of an office's existing documents."""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from normdocs.cli.common import FormatOpt, app_context, choice_option, report_warnings
from normdocs.cli.render import Format, emit_rows, error, message
from normdocs.domain.stages import IMPORT_STAGE_WORDS_ZH, Stage
from normdocs.i18n import _, current_language

if TYPE_CHECKING:
    from normdocs.services.importing import ImportItem, ImportReport
    from normdocs.services.outputs import OutputFile, OutputNotWritten
    from normdocs.services.readmodels import ImportItemView, UndoRow

# More items than this are not drawn as a table (a register of 100,000 rows would take minutes
# and fill the scroll-back); the rejected ones are listed on stderr all the same.
TABLE_LIMIT = 500
REJECT_FIELDS = ("source", "location", "outcome", "reason", "title", "doc_number", "issuer")


class _ImportGroup(TyperGroup):
    """`normdocs import PATH…` imports, as it always has; `import list` and `import undo BATCH`
    are its subcommands. Words that are not a subcommand are the paths of an import."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = [_FILES, *args]
        return list(super().parse_args(ctx, args))

    def format_help(self, ctx: Any, formatter: Any) -> None:
        """The group's help, then the options of the import itself (`import PATH… --dry-run`)."""
        super().format_help(ctx, formatter)
        command = self.commands[_FILES]
        with command.make_context(_FILES, [], parent=ctx, resilient_parsing=True) as sub:
            rows = [p.get_help_record(sub) for p in command.get_params(sub)]
        with formatter.section(_("Options of normdocs import PATH…")):
            formatter.write_dl([row for row in rows if row is not None])


_FILES = "files"  # the hidden name of the import itself (`normdocs import files PATH…` works too)


app = typer.Typer(
    name="import",
    cls=_ImportGroup,
    no_args_is_help=True,
    help=_(
        "Import existing documents: Word, text, PDF and old Word/WPS files and .csv/.xlsx "
        "registers, from files or folders (recursively): normdocs import PATH… "
        "[OPTIONS]; each import that writes is a batch: import list, import undo BATCH."
    ),
)


@app.command(
    "list",
    epilog=_("Example: normdocs import list"),
    help=_("The import batches: when, by whom, from where, what they made."),
)
def import_list(ctx: typer.Context, fmt: FormatOpt = Format.TABLE) -> None:
    from normdocs.services.import_batches import list_batches
    from normdocs.services.readmodels import ImportBatchView

    emit_rows(list_batches(app_context(ctx)), ImportBatchView, fmt)
    report_warnings(ctx)


@app.command(
    "undo",
    help=_(
        "Withdraw what an import batch made and nothing touched since (recorded). "
        "Example: normdocs import undo 1 --reason 导入了错误的文件夹 --yes"
    ),
)
def import_undo(
    ctx: typer.Context,
    batch: Annotated[int, typer.Argument(help=_("The batch id (see: normdocs import list)."))],
    reason: Annotated[str, typer.Option("--reason", help=_("Why it is undone; recorded."))],
    yes: Annotated[
        bool, typer.Option("--yes", help=_("Do it (without --yes: show what would be done)."))
    ] = False,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    from normdocs.domain.errors import ExitCode
    from normdocs.services.import_batches import undo_batch

    app_ctx = app_context(ctx)
    confirmed = yes
    if not yes and sys.stdin.isatty():
        preview = undo_batch(app_ctx, batch, reason=reason, yes=False)
        _undo_rows(preview.rows, fmt)
        confirmed = typer.confirm(
            _("Withdraw {count} documents of batch {id}?").format(count=preview.withdrawn, id=batch)
        )
    report = undo_batch(app_ctx, batch, reason=reason, yes=confirmed)
    if confirmed or not sys.stdin.isatty():
        _undo_rows(report.rows, fmt)
    report_warnings(ctx)
    counts = _(
        "{withdrawn} documents withdrawn, {kept} kept (listed with why), {numbers} 文号 taken "
        "back, {texts} added texts kept"
    ).format(
        withdrawn=report.withdrawn,
        kept=report.kept,
        numbers=report.numbers_removed,
        texts=report.texts_kept,
    )
    if report.done:
        message(_("Import batch {id} undone: {counts}.").format(id=batch, counts=counts))
        return
    message(_("Nothing undone yet; with --yes: {counts}.").format(counts=counts))
    raise typer.Exit(int(ExitCode.REFUSED))


@app.command(
    _FILES,
    epilog=_("Example: normdocs import 通知.txt --issuer 元宝山区人民政府 --dry-run"),
    hidden=True,
    help=_(
        "Import existing documents: Word, text, PDF and old Word/WPS files and .csv/.xlsx "
        "registers, from files or folders (recursively)."
    ),
)
# Long for its options (each a Typer declaration); the work is _run_import's.
def import_command(
    ctx: typer.Context,
    paths: Annotated[
        list[Path],
        # Not checked here: a path that cannot be read is one rejected item, like any other.
        typer.Argument(help=_("Files or folders to import."), show_default=False, readable=False),
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help=_("Show what each item would become; write nothing."))
    ] = False,
    rejects: Annotated[
        Path | None,
        typer.Option("--rejects", help=_("Write the rejected items and reasons to this CSV file.")),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help=_("Replace the --rejects file if it exists."))
    ] = False,
    issuer: Annotated[
        str | None,
        typer.Option("--issuer", help=_("The issuer of every item (a registered agency).")),
    ] = None,
    stage: Annotated[
        Stage,
        choice_option(
            "--stage", text=_("The stage every item is recorded at:"), words=IMPORT_STAGE_WORDS_ZH
        ),
    ] = Stage.PROMULGATED,
    create_issuers: Annotated[
        bool,
        typer.Option(
            "--create-issuers",
            help=_("Register unknown issuers (人民政府/办公室 → government, else department)."),
        ),
    ] = False,
    all_or_nothing: Annotated[
        bool,
        typer.Option("--all-or-nothing", help=_("Import nothing if any item is rejected.")),
    ] = False,
    mapping: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            help=_("Register column → field, e.g. --map 文件题目=title (repeatable)."),
            show_default=False,
        ),
    ] = None,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    # Long only for its options; the run, the listing and the lines for people are steps below.
    report, not_written = _run_import(
        ctx,
        paths,
        rejects=rejects,
        force=force,
        dry_run=dry_run,
        issuer=issuer,
        stage=stage,
        create_issuers=create_issuers,
        all_or_nothing=all_or_nothing,
        mapping=mapping or [],
    )
    _list_items(report.items, fmt, dry_run)
    report_warnings(ctx)
    _say_rejected(report.items)
    _summary(report)
    if not_written is not None:
        _committed_without_rejects(report, not_written)
    raise typer.Exit(_exit_code(report, all_or_nothing))


# One piece: open the output, run the import with its staging hook, say what it did.
def _run_import(
    ctx: typer.Context,
    paths: list[Path],
    *,
    rejects: Path | None,
    force: bool,
    dry_run: bool,
    issuer: str | None,
    stage: str,
    create_issuers: bool,
    all_or_nothing: bool,
    mapping: list[str],
) -> tuple["ImportReport", "OutputNotWritten | None"]:
    """The import with its progress bar and its --rejects file; the report, and why the rejects
    file could not be put in place after the batch was committed (None when it was, or none was
    asked for). Ctrl-C ends the command here, having written nothing."""
    from contextlib import nullcontext

    from normdocs.services.importing import import_documents
    from normdocs.services.outputs import OutputFile, OutputNotWritten

    app_ctx = app_context(ctx)
    # Checked before anything is read: the registry, an input or an existing file is refused,
    # and a folder that cannot be written is found now rather than after the whole run.
    inputs = [*paths, *([Path(app_ctx.profile_path)] if app_ctx.profile_path else [])]
    output = (
        OutputFile(
            rejects,
            registry=app_ctx.db,
            inputs=[*inputs, *app_ctx.inputs()],
            force=force,
            option="--rejects",
        )
        if rejects is not None
        else None
    )
    interrupted = False
    with output or nullcontext(), _progress() as progress:
        try:
            report = import_documents(
                app_ctx,
                paths,
                dry_run=dry_run,
                issuer=issuer,
                stage=stage,
                create_issuers=create_issuers,
                all_or_nothing=all_or_nothing,
                mapping=mapping,
                progress=progress,
                before_commit=(lambda items: _stage_rejects(output, items)) if output else None,
            )
        except KeyboardInterrupt:
            # Ctrl-C: the run is one transaction, rolled back on the way out, and a rejects
            # file is not put in place.
            interrupted = True
        not_written = None
        if output is not None and not interrupted:
            try:
                output.publish()
            except OutputNotWritten as exc:
                if not report.committed:
                    raise
                not_written = exc
    if interrupted:  # one line, and the shell's code for an interrupt (128 + SIGINT)
        message(_("Interrupted: nothing of this import was written."))
        raise typer.Exit(130)
    return report, not_written


def _list_items(items: list["ImportItem"], fmt: Format, dry_run: bool) -> None:
    """Every item and what became of it on stdout; a table only while it stays readable."""
    from normdocs.services.readmodels import ImportItemView

    if fmt != Format.TABLE:
        emit_rows([item.view() for item in items], ImportItemView, fmt)
    elif len(items) <= TABLE_LIMIT:
        # The table has no notes column: a row's notes (有效 kept, a status without its date)
        # show in its reason column; JSON and CSV give them in their own field.
        emit_rows([_with_notes(item.view()) for item in items], ImportItemView, fmt)
    elif dry_run:  # a dry run lists what would become of every item: as CSV, not a table
        message(_("{count} items: too many for a table; listed as CSV.").format(count=len(items)))
        emit_rows([item.view() for item in items], ImportItemView, Format.CSV)
    else:
        message(
            _(
                "{count} items: too many for a table; --format csv or --format json lists "
                "every one."
            ).format(count=len(items))
        )


def _say_rejected(items: list["ImportItem"]) -> None:
    """One line on stderr per item refused or in conflict, naming where it came from."""
    for view in [item.view() for item in items if item.outcome in _failed()]:
        where = f"{view.source} ({view.location})" if view.location else view.source
        reason = view.reason or ""
        # A file that could not be read is named by its own reason already.
        line = reason if reason.startswith(view.source) else f"{where}: {reason}"
        message(_("Rejected: {line}").format(line=line))


def _with_notes(view: "ImportItemView") -> dict[str, Any]:
    """An item as its table row: the reason it was refused and its notes in one column."""
    row = view.data()
    joined = "；" if current_language() == "zh" else "; "
    row["reason"] = joined.join(part for part in (view.reason, view.notes) if part) or None
    return row


def _undo_rows(rows: list["UndoRow"], fmt: Format) -> None:
    """What became of each document; a table of a large batch lists only those not withdrawn
    (--format csv or json lists every one)."""
    from normdocs.services.readmodels import UndoRow

    if fmt == Format.TABLE and len(rows) > TABLE_LIMIT:
        rows = [row for row in rows if row.outcome != "withdrawn"]
    emit_rows(rows, UndoRow, fmt)


def _failed() -> tuple[str, ...]:
    from normdocs.services.importing import CONFLICT, REJECTED

    return (REJECTED, CONFLICT)


def _summary(report: "ImportReport") -> None:
    counts = report.counts()
    line = _(
        "{new} new, {unchanged} unchanged duplicate(s), {conflicting} conflicting duplicate(s), "
        "{rejected} rejected"
    ).format(
        new=counts["new"],
        unchanged=counts["unchanged_duplicate"],
        conflicting=counts["conflicting_duplicate"],
        rejected=counts["rejected"],
    )
    if report.dry_run:
        message(_("Dry run, nothing written: {counts}.").format(counts=line))
        if report.new_issuers:
            message(
                _("Would register new issuers (level guessed from the name): {names}.").format(
                    names=", ".join(
                        f"{name} ({_level_label(level)})" for name, level in report.new_issuers
                    )
                )
            )
    elif report.committed:
        # The batch's id ends the line: `normdocs import undo ID` takes the batch back.
        message(_("Imported: {counts}. Import batch {id}.").format(counts=line, id=report.batch_id))
        if report.created_issuers:
            message(
                _("Registered new issuers: {names}.").format(
                    names=", ".join(report.created_issuers)
                )
            )
    elif report.all_or_nothing and report.rejected:
        message(_("Nothing imported (--all-or-nothing): {counts}.").format(counts=line))
    else:
        message(_("Nothing new to import: {counts}.").format(counts=line))


def _level_label(level: str) -> str:
    """government / department in the user's language (the catalog has both words)."""
    return _(level)


def _exit_code(report: "ImportReport", all_or_nothing: bool) -> int:
    from normdocs.domain.errors import ExitCode

    if not report.rejected:
        return int(ExitCode.OK)
    if all_or_nothing and not report.dry_run:
        return int(ExitCode.REFUSED)
    return int(ExitCode.PARTIAL_IMPORT)


def _stage_rejects(output: "OutputFile", items: list["ImportItem"]) -> None:
    """Write the rejects file beside its place before the import commits: a full disk then
    leaves the registry as it was, and the message that nothing changed is true."""
    from normdocs.cli.render import write_csv
    from normdocs.domain.errors import InvalidInput
    from normdocs.services.outputs import OutputNotWritten
    from normdocs.services.readmodels import ImportItemView

    failed = [item.view().data() for item in items if item.outcome in _failed()]

    def write(handle: Any) -> None:
        # Headers and outcomes in the interface language, as every CSV normdocs writes.
        write_csv(handle, failed, REJECT_FIELDS, ImportItemView)

    try:
        # UTF-8 with a BOM: Excel on a Chinese Windows opens it without garbling. A file name
        # that is not valid UTF-8 (bytes from another system) is written as \udcff escapes.
        output.stage(write, encoding="utf-8-sig", errors="backslashreplace")
    except OutputNotWritten as exc:
        raise InvalidInput(
            exc.message,
            _("nothing was imported; {hint}").format(hint=exc.hint),
        ) from exc


def _committed_without_rejects(report: "ImportReport", exc: Exception) -> None:
    """The rare failure after the commit (the rename into place): the documents are in the
    registry, the rejects file is not; exit 4 says the import happened."""
    from normdocs.domain.errors import ExitCode

    error(
        _(
            "the import is committed ({new} new documents), but the rejects file could not be "
            "written: {error}"
        ).format(new=report.counts()["new"], error=exc),
        _(
            "free some space, then run the same import with --dry-run --rejects FILE to list "
            "the rejected items again"
        ),
    )
    raise typer.Exit(int(ExitCode.PARTIAL_IMPORT))


class _progress:
    """A Rich progress bar on stderr while files are read — only when stderr is a terminal."""

    def __init__(self) -> None:
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> Any:
        if not sys.stderr.isatty():
            return None
        from rich.console import Console
        from rich.progress import Progress

        self._bar = Progress(console=Console(file=sys.stderr), transient=True)
        self._bar.start()
        self._task = self._bar.add_task(_("Reading files"), total=None)
        return self._advance

    def _advance(self, done: int, total: int, items: int) -> None:
        self._bar.update(
            self._task,
            completed=done,
            total=total or None,
            description=_("Reading files ({items} items)").format(items=items),
        )

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()
