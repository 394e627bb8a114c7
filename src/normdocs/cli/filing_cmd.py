"""From signature to filing review: `sign`, `publish`, `file` and `filing decide`."""

from datetime import date
from typing import Annotated

import typer

from normdocs.cli.common import DateOpt, FormatOpt, RefArg, choice_option, date_option
from normdocs.cli.render import Format
from normdocs.cli.steps import record_step, step_date
from normdocs.domain import stages as W
from normdocs.i18n import _

# Its commands sit at the top level, next to the `filing` group.
app = typer.Typer()
filing_app = typer.Typer(
    name="filing", help=_("Filing review outcomes (备案审查)."), no_args_is_help=True
)
app.add_typer(filing_app)


@app.command(
    "sign",
    epilog=_("Example: normdocs sign 17 --signer 区长乙"),
    help=_("Record the principal head's signature (签发)."),
)
def sign(
    ctx: typer.Context,
    ref: RefArg,
    signer: Annotated[str, typer.Option("--signer", help=_("The principal head who signs."))],
    on: DateOpt = None,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    from normdocs.domain.steps import Sign

    record_step(ctx, ref, fmt, Sign(step_date(ctx, on), signer=signer))


@app.command(
    "publish",
    epilog=_("Example: normdocs publish 16 --number 元教发〔2026〕9号 --validity-years 2"),
    help=_(
        "Promulgate: assign the 文号 and the registration number, set effective and expiry dates."
    ),
)
def publish(
    ctx: typer.Context,
    ref: RefArg,
    number: Annotated[
        str, typer.Option("--number", help=_("发文字号, e.g. 元政办字〔2018〕101号."))
    ],
    on: DateOpt = None,
    effective: Annotated[date | None, date_option("--effective", help=_("施行日期."))] = None,
    expires: Annotated[date | None, date_option("--expires", help=_("Last day in force."))] = None,
    validity_years: Annotated[
        int | None, typer.Option("--validity-years", help=_("有效期 in years."))
    ] = None,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    from normdocs.domain.steps import Publish

    step = Publish(
        step_date(ctx, on),
        doc_number=number,
        effective_on=effective,
        expires_on=expires,
        validity_years=validity_years,
    )
    record_step(ctx, ref, fmt, step)


@app.command(
    "file",
    epilog=_("Example: normdocs file 15 --materials complete"),
    help=_("Record the filing (报送备案) with the filing authority."),
)
def file_(
    ctx: typer.Context,
    ref: RefArg,
    to: Annotated[str | None, typer.Option("--to", help=_("Filing authority."))] = None,
    on: DateOpt = None,
    materials: Annotated[
        W.Materials,
        choice_option("--materials", text=_("The filing materials:"), words=W.MATERIALS_WORDS_ZH),
    ] = W.Materials.COMPLETE,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    from normdocs.domain.steps import File

    record_step(ctx, ref, fmt, File(step_date(ctx, on), materials=materials, filed_to=to))


@filing_app.command(
    "decide",
    epilog=_("Example: normdocs filing decide 14 --outcome 予以备案"),
    help=_("Record the filing authority's review outcome."),
)
def filing_decide(
    ctx: typer.Context,
    ref: RefArg,
    outcome: Annotated[
        W.FilingOutcome,
        choice_option(
            "--outcome", text=_("The filing authority's decision:"), words=W.FILING_OUTCOME_WORDS_ZH
        ),
    ],
    on: DateOpt = None,
    note: Annotated[str | None, typer.Option("--note")] = None,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    from normdocs.domain.steps import DecideFiling

    record_step(ctx, ref, fmt, DecideFiling(step_date(ctx, on), outcome, note=note))
