"""`doc correct` (更正) and `doc withdraw` (撤回): a recorded fact put right, a draft taken back."""

from typing import Annotated, Any

import typer
from typer.core import TyperCommand

from normdocs.cli.common import FormatOpt, RefArg, app_context, parse_date_option
from normdocs.cli.documents import document_done
from normdocs.cli.render import Format
from normdocs.i18n import _


class _DateOfPairs(TyperCommand):
    """`--date-of STEP DATE` takes two words, and may be repeated (Typer has no repeatable
    two-word option): each pair is passed on as one word STEP=DATE, which is also accepted."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        joined: list[str] = []
        index = 0
        while index < len(args):
            word = args[index]
            if word == "--":
                joined.extend(args[index:])
                break
            if (
                word == "--date-of"
                and index + 2 < len(args)
                and "=" not in args[index + 1]
                and not args[index + 2].startswith("--")
            ):
                joined += [word, f"{args[index + 1]}={args[index + 2]}"]
                index += 3
                continue
            joined.append(word)
            index += 1
        return list(super().parse_args(ctx, joined))


app = typer.Typer()


@app.command(
    "correct",
    cls=_DateOfPairs,
    help=_(
        "Correct a recorded fact (更正), openly: the title, 文号, issuer or a step's date. "
        "Example: normdocs doc correct 13 --date-of sign 2025-12-02 --reason 签发日期误录"
    ),
)
def doc_correct(
    ctx: typer.Context,
    ref: RefArg,
    reason: Annotated[str, typer.Option("--reason", help=_("Why (更正理由); recorded."))],
    title: Annotated[str | None, typer.Option("--title", help=_("The right title."))] = None,
    number: Annotated[
        str | None, typer.Option("--number", help=_("The right 文号 (normalised, unique)."))
    ] = None,
    issuer: Annotated[
        str | None, typer.Option("--issuer", help=_("The right issuing agency."))
    ] = None,
    date_of: Annotated[
        list[str] | None,
        typer.Option(
            "--date-of",
            help=_(
                "STEP DATE: the right date of a step (submit, review, meeting, sign, publish, "
                "effective, file, refile, filing-decision); repeatable."
            ),
            show_default=False,
        ),
    ] = None,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    from normdocs.domain.errors import InvalidInput
    from normdocs.services.corrections import correct_document

    dates = []
    for pair in date_of or []:
        step, sep, day = pair.partition("=")
        if not sep or not day.strip():
            raise InvalidInput(
                _("--date-of needs a step and a date, e.g. --date-of sign 2026-03-09"), None
            )
        on = parse_date_option(day.strip(), "--date-of")
        assert on is not None
        dates.append((step, on))
    view = correct_document(
        app_context(ctx), ref, reason=reason, title=title, number=number, issuer=issuer, dates=dates
    )
    document_done(
        ctx,
        view,
        fmt,
        _("Document {id} corrected (更正); see: normdocs doc history {id}").format(id=view["id"]),
    )


@app.command(
    "withdraw",
    help=_(
        "Withdraw (撤回) a document not yet promulgated; its record is kept. "
        "Example: normdocs doc withdraw 21 --reason 起草单位撤回"
    ),
)
def doc_withdraw(
    ctx: typer.Context,
    ref: RefArg,
    reason: Annotated[str, typer.Option("--reason", help=_("Why (撤回理由); recorded."))],
    fmt: FormatOpt = Format.TABLE,
) -> None:
    from normdocs.services.corrections import withdraw_document

    view = withdraw_document(app_context(ctx), ref, reason=reason)
    document_done(
        ctx,
        view,
        fmt,
        _("Document {id} withdrawn (撤回); its record is kept.").format(id=view["id"]),
    )
