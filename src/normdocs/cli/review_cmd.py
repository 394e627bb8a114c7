"""`normdocs review`: the legality review (合法性审核): submit, decide, revise."""

from pathlib import Path
from typing import Annotated

import typer

from normdocs.cli.common import DateOpt, FormatOpt, RefArg, choice_option
from normdocs.cli.render import Format
from normdocs.cli.steps import record_step, step_date
from normdocs.domain import stages as W
from normdocs.i18n import _

app = typer.Typer(name="review", help=_("Legality review (合法性审核)."), no_args_is_help=True)


@app.command(
    "submit",
    epilog=_("Example: normdocs review submit 26"),
    help=_("Submit a draft for legality review."),
)
def review_submit(
    ctx: typer.Context, ref: RefArg, on: DateOpt = None, fmt: FormatOpt = Format.TABLE
) -> None:
    from normdocs.domain.steps import SubmitReview

    record_step(ctx, ref, fmt, SubmitReview(step_date(ctx, on)))


@app.command(
    "decide",
    epilog=_("Example: normdocs review decide 20 --outcome 合法 --opinion 经审核，未发现违法内容"),
    help=_("Record the legality review's outcome."),
)
def review_decide(
    ctx: typer.Context,
    ref: RefArg,
    outcome: Annotated[
        W.ReviewOutcome,
        choice_option(
            "--outcome", text=_("The review's conclusion:"), words=W.REVIEW_OUTCOME_WORDS_ZH
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
    from normdocs.domain.steps import DecideReview

    step = DecideReview(
        step_date(ctx, on), outcome, opinion=opinion, reviewer=reviewer, emergency=emergency
    )
    record_step(ctx, ref, fmt, step)


@app.command(
    "revise",
    epilog=_("Example: normdocs review revise 19 --note 已按审核意见修改第五条"),
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
    from normdocs.domain.steps import RecordRevision

    revised = str(file) if file is not None else None
    step = RecordRevision(
        step_date(ctx, on), note=note, not_adopted=not_adopted, revised_file=revised
    )
    record_step(ctx, ref, fmt, step)
