"""`doc text` and `doc versions`: read any version of a document's text, write its file back,
give a new text, list the versions."""

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from normdocs.cli.common import FormatOpt, RefArg, app_context, finish
from normdocs.cli.render import Format, emit_one, emit_rows, error, message, visible
from normdocs.domain.errors import ExitCode
from normdocs.i18n import _

app = typer.Typer()


@app.command(
    "text",
    help=_(
        "Print a version of the document's text (default the newest), write its original"
        " file back with -o, list the versions with --list, or give a new text with --file."
        " Example: normdocs doc text 12 --version 1 -o draft.txt"
    ),
)
def doc_text(
    ctx: typer.Context,
    ref: RefArg,
    version: Annotated[
        int | None,
        typer.Option("--version", min=1, help=_("The version to read (1 is the first text).")),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help=_("Write the version's original file here.")),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help=_("Replace the -o file if it exists."))
    ] = False,
    file: Annotated[
        Path | None,
        typer.Option(
            "--file", help=_("Give the document a new text: .txt (UTF-8/GB18030) or .docx.")
        ),
    ] = None,
    list_: Annotated[bool, typer.Option("--list", help=_("List the versions."))] = False,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    if file is not None and (version is not None or output is not None or list_):
        _usage(_("--file gives a new text: it cannot be combined with --version, -o or --list"))
    if list_ and (version is not None or output is not None):
        _usage(_("--list shows every version: it cannot be combined with --version or -o"))
    if list_:
        doc_versions(ctx, ref, fmt)
    elif file is not None:
        _give_text(ctx, ref, file, fmt)
    elif output is not None:
        _write_text(ctx, ref, output, version=version, force=force)
    else:
        _print_text(ctx, ref, version, fmt)


def _give_text(ctx: typer.Context, ref: str, file: Path, fmt: Format) -> None:
    """--file: the file becomes the document's newest text version."""
    from normdocs.services.readmodels import DocumentWithNewText
    from normdocs.services.texts import give_text

    view = give_text(app_context(ctx), ref, file)
    finish(ctx)
    if fmt == Format.TABLE:
        message(
            _("Document {id} has a new text: version {version} (event {event}).").format(
                id=view.id, version=view.text_version, event=view.event_id
            )
        )
    else:
        emit_one(view, DocumentWithNewText, fmt)


def _write_text(
    ctx: typer.Context, ref: str, output: Path, *, version: int | None, force: bool
) -> None:
    """-o: a version's original file (or, kept as text only, its text as UTF-8) to `output`."""
    from normdocs.services.texts import write_text

    written = write_text(app_context(ctx), ref, output, version=version, force=force)
    finish(ctx)
    if written["wrote"] == "original":
        message(
            _("Version {version} of document {id}: its original file written to {path}").format(
                version=written["version"], id=written["document_id"], path=written["path"]
            )
        )
    else:
        message(
            _(
                "Version {version} of document {id} was kept as text only (no original"
                " file): its text written as UTF-8 to {path}"
            ).format(version=written["version"], id=written["document_id"], path=written["path"])
        )


def _print_text(ctx: typer.Context, ref: str, version: int | None, fmt: Format) -> None:
    """A version's text on stdout, which version it is on stderr."""
    from normdocs.services.readmodels import TextVersionRead
    from normdocs.services.texts import read_text

    found = read_text(app_context(ctx), ref, version)
    finish(ctx)
    if fmt != Format.TABLE:
        emit_one(found, TextVersionRead, fmt)
        return
    # Lines and tabs kept; every other control character shown as an escape.
    shown = "\n".join("\t".join(map(visible, line.split("\t"))) for line in found.text.split("\n"))
    sys.stdout.write(shown if shown.endswith("\n") else shown + "\n")
    message(
        _("Document {id}, text version {version} ({source}).").format(
            id=found.document_id,
            version=found.version,
            source=found.source_name or "—",
        )
    )


@app.command(
    "versions",
    epilog=_("Example: normdocs doc versions 12"),
    help=_(
        "List every version of the document's text: when, from where, its sha256, and"
        " which one the legality review examined."
    ),
)
def doc_versions(ctx: typer.Context, ref: RefArg, fmt: FormatOpt = Format.TABLE) -> None:
    from normdocs.services.readmodels import TextVersion
    from normdocs.services.texts import list_text_versions

    rows = list_text_versions(app_context(ctx), ref)
    emit_rows(rows, TextVersion, fmt)
    finish(ctx)


def _usage(text: str) -> Any:
    error(text)
    raise typer.Exit(int(ExitCode.USAGE))
