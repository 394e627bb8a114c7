"""`normdocs meeting`: the collective deliberation (集体审议)."""

from typing import Annotated

import typer

from normdocs.cli.common import DateOpt, FormatOpt, RefArg, choice_option
from normdocs.cli.render import Format
from normdocs.cli.steps import record_step, step_date
from normdocs.domain import stages as W
from normdocs.i18n import _

app = typer.Typer(
    name="meeting", help=_("Collective deliberation (集体审议)."), no_args_is_help=True
)


@app.command(
    "record",
    epilog=_(
        "Example: normdocs meeting record 18 --type executive --session 第56次常务会议 --outcome approved"
    ),
    help=_("Record the collective deliberation."),
)
def meeting_record(
    ctx: typer.Context,
    ref: RefArg,
    meeting_type: Annotated[
        W.MeetingType,
        choice_option("--type", text=_("The meeting:"), words=W.MEETING_TYPE_WORDS_ZH),
    ],
    session: Annotated[str, typer.Option("--session", help=_("e.g. 第56次常务会议."))],
    outcome: Annotated[
        W.MeetingOutcome,
        choice_option(
            "--outcome", text=_("The meeting's decision:"), words=W.MEETING_OUTCOME_WORDS_ZH
        ),
    ],
    on: DateOpt = None,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    from normdocs.domain.steps import RecordMeeting

    step = RecordMeeting(step_date(ctx, on), outcome, meeting_type, session=session)
    record_step(ctx, ref, fmt, step)
