"""Full-text search over titles and texts."""

import sys
from typing import Annotated, Any

import typer

from normdocs.cli.common import FormatOpt, app_context, finish, parse_date_option
from normdocs.cli.render import Column, Format, emit_rows, message
from normdocs.i18n import _, ngettext

SEARCH_COLUMNS: list[Column] = [
    ("id", "id"),
    ("promulgated_on", "promulgated on"),
    ("title", "title"),
    ("issuer", "issuer"),
    ("doc_number", "number"),
    ("validity", "validity"),
    ("excerpt", "snippet"),
]
# How the hit is marked in a snippet in the table (JSON and CSV give plain text and offsets).
MARK_OPEN, MARK_CLOSE = "【", "】"


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.command(
        "search",
        help=_(
            "Find documents whose title or full text contains TEXT, newest first, with a "
            "snippet around the hit."
        ),
    )(search)


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
    issuer: Annotated[
        str | None, typer.Option("--issuer", help=_("Only documents of this issuing agency."))
    ] = None,
    validity: Annotated[
        str | None,
        typer.Option(
            "--validity", help=_("Only documents with this validity (in_force, expired, …).")
        ),
    ] = None,
    year: Annotated[
        int | None,
        typer.Option("--year", help=_("Year of promulgation (of creation for a draft).")),
    ] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help=_("Validity as of this day (default today)."))
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
    fmt: FormatOpt = Format.TABLE,
) -> None:
    from normdocs.services.search import HIT_FIELDS, search_documents

    result = search_documents(
        app_context(ctx),
        text,
        issuer=issuer,
        validity=validity,
        year=year,
        as_of=parse_date_option(as_of, "--as-of"),
        limit=limit,
        offset=offset,
        count_only=count,
    )
    if count:
        sys.stdout.write(f"{result.total}\n")
        finish(ctx)
        return
    if fmt == Format.TABLE:
        marked_hits = [{**hit, "excerpt": marked(hit)} for hit in result.hits]
        emit_rows(marked_hits, SEARCH_COLUMNS, fmt)
    else:
        # Every field of a hit, named the same when nothing matches (a CSV header alone).
        emit_rows(result.hits, [(key, key) for key in HIT_FIELDS], fmt)
    if result.hits:
        message(
            ngettext(
                "{total} document contains “{term}”; shown: {first}–{last}.",
                "{total} documents contain “{term}”; shown: {first}–{last}.",
                result.total,
            ).format(total=result.total, term=result.term, first=result.first, last=result.last)
        )
    elif result.total:
        message(
            ngettext(
                "{total} document contains “{term}”; none after --offset {offset}.",
                "{total} documents contain “{term}”; none after --offset {offset}.",
                result.total,
            ).format(total=result.total, term=result.term, offset=result.offset)
        )
    finish(ctx)


def marked(hit: dict[str, Any]) -> str:
    """The snippet with the hit between 【】."""
    snippet, start, end = hit["snippet"], hit["match_start"], hit["match_end"]
    return snippet[:start] + MARK_OPEN + snippet[start:end] + MARK_CLOSE + snippet[end:]
