"""Full-text search over titles and texts."""

import sys
from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from normdocs.cli.common import (
    FormatOpt,
    IssuerOpt,
    UnderOpt,
    app_context,
    choice_option,
    codes,
    date_option,
    finish,
)
from normdocs.cli.render import Format, emit_rows, message
from normdocs.domain.stages import VALIDITY_WORDS_ZH, Validity
from normdocs.i18n import _, ngettext

if TYPE_CHECKING:
    from collections.abc import Sequence

    from normdocs.services.readmodels import SearchHit, VersionHit
    from normdocs.services.search import SearchResult

# How the hit is marked in a snippet in the table (JSON and CSV give plain text and offsets).
MARK_OPEN, MARK_CLOSE = "【", "】"


app = typer.Typer()


@app.command(
    "search",
    epilog=_("Example: normdocs search 罚款 --as-of 2026-01-01"),
    help=_(
        "Find documents whose title or full text contains TEXT, newest first, with a "
        "snippet around the hit."
    ),
)
# Long for its options (each a Typer declaration); the work is in the helpers below.
def search(
    ctx: typer.Context,
    text: Annotated[
        str,
        typer.Argument(
            help=_(
                "The word or phrase to find, matched exactly (Latin letters in any case), "
                "e.g. 罚款 or PM2.5."
            )
        ),
    ],
    issuer: IssuerOpt = None,
    under: UnderOpt = None,
    validity: Annotated[
        list[Validity] | None,
        choice_option(
            "--validity",
            text=_("Only documents with this validity (comma-separated):"),
            words=VALIDITY_WORDS_ZH,
        ),
    ] = None,
    year: Annotated[
        int | None,
        typer.Option("--year", help=_("Year of promulgation (of creation for a draft).")),
    ] = None,
    as_of: Annotated[
        date | None, date_option("--as-of", help=_("Validity as of this day (default today)."))
    ] = None,
    limit: Annotated[
        int,
        typer.Option(
            "--limit", min=1, max=1000, help=_("How many documents to show (at most 1000).")
        ),
    ] = 20,
    offset: Annotated[
        int, typer.Option("--offset", min=0, help=_("Skip this many of the newest matches."))
    ] = 0,
    count: Annotated[
        bool, typer.Option("--count", help=_("Print only the number of matching documents."))
    ] = False,
    all_versions: Annotated[
        bool,
        typer.Option(
            "--all-versions",
            help=_(
                "Search every text a document has had, not only its current one; a hit in an"
                " older text is marked with its version."
            ),
        ),
    ] = False,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    from normdocs.services.search import search_documents

    result = search_documents(
        app_context(ctx),
        text,
        issuer=issuer,
        under=under,
        validity=codes(validity),
        year=year,
        as_of=as_of,
        limit=limit,
        offset=offset,
        count_only=count,
        all_versions=all_versions,
    )
    if count:
        sys.stdout.write(f"{result.total}\n")
    else:
        _emit_hits(result.hits, fmt, all_versions)
        _say_how_many(result, all_versions)
    finish(ctx)


def _emit_hits(hits: "Sequence[SearchHit]", fmt: Format, all_versions: bool) -> None:
    """The hits on stdout; a table marks the hit in its snippet and says which text it is in."""
    from normdocs.services.readmodels import SearchHit, VersionHit

    model = VersionHit if all_versions else SearchHit
    if fmt != Format.TABLE:
        emit_rows(hits, model, fmt)
        return
    marked_hits = [
        {
            **hit.data(),
            "snippet": marked(hit),
            **({"version": version_mark(hit)} if isinstance(hit, VersionHit) else {}),
        }
        for hit in hits
    ]
    emit_rows(marked_hits, model, fmt)


def _say_how_many(result: "SearchResult", all_versions: bool) -> None:
    """How many documents (or texts) matched and which of them are shown, on stderr."""
    if result.hits:
        shown = (
            ngettext(
                "{total} text (current or older) contains “{term}”; shown: {first}–{last}.",
                "{total} texts (current or older) contain “{term}”; shown: {first}–{last}.",
                result.total,
            )
            if all_versions
            else ngettext(
                "{total} document contains “{term}”; shown: {first}–{last}.",
                "{total} documents contain “{term}”; shown: {first}–{last}.",
                result.total,
            )
        )
        message(
            shown.format(total=result.total, term=result.term, first=result.first, last=result.last)
        )
    elif result.total:
        message(
            ngettext(
                "{total} document contains “{term}”; none after --offset {offset}.",
                "{total} documents contain “{term}”; none after --offset {offset}.",
                result.total,
            ).format(total=result.total, term=result.term, offset=result.offset)
        )


def version_mark(hit: "VersionHit") -> str:
    """Which text a hit is in: the current one, or an older version by its number."""
    if hit.current:
        return (
            _("current")
            if hit.version is None
            else _("{version} (current)").format(version=hit.version)
        )
    return _("{version} (older)").format(version=hit.version)


def marked(hit: "SearchHit") -> str:
    """The snippet with the hit between 【】."""
    snippet, start, end = hit.snippet, hit.match_start, hit.match_end
    return snippet[:start] + MARK_OPEN + snippet[start:end] + MARK_CLOSE + snippet[end:]
