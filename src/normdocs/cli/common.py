"""What every command module shares: the run's context, date options, warnings, formats."""

import os
import re
from collections.abc import Mapping, Sequence
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from normdocs.cli.render import Format, error, message, warning
from normdocs.i18n import _

if TYPE_CHECKING:
    from normdocs.services.context import AppContext


def app_context(ctx: typer.Context) -> "AppContext":
    """The run's settings, made once per command from the global options."""
    from normdocs.services.context import AppContext, default_actor, default_db_path

    root = ctx.find_root()
    obj = root.obj
    if obj["app"] is None:
        today = os.environ.get("NORMDOCS_TODAY")
        obj["app"] = AppContext(
            db=obj["db"] or default_db_path(),
            actor=obj["actor"] or default_actor(),
            profile_path=obj["profile"],
            today_override=parse_date_option(today, "NORMDOCS_TODAY") if today else None,
            db_is_default=not obj["db"],
            on_wait=message,
        )
    app_ctx: AppContext = obj["app"]
    return app_ctx


def report_warnings(ctx: Any) -> None:
    root = ctx.find_root()
    app_ctx = root.obj.get("app") if root.obj else None
    if app_ctx is not None:
        for text in app_ctx.warnings:
            warning(text)
        app_ctx.warnings.clear()


def parse_date_option(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    from normdocs.domain.dates import parse_date

    return parse_date(value)


def _day(value: str) -> date:
    from normdocs.domain.dates import parse_date

    return parse_date(value)


def date_option(*names: str, **settings: Any) -> Any:
    """A Typer option for a day (annotate it `date`): YYYY-MM-DD or a Chinese date such as
    2018年8月1日; a day that cannot be read stops the command with its one-line error."""
    return typer.Option(*names, parser=_day, **settings)


def finish(ctx: typer.Context) -> None:
    report_warnings(ctx)


# --format: the codes, or the words a Chinese clerk types (JSON and CSV in any case).
FORMAT_WORDS_ZH: dict[Format, tuple[str, ...]] = {
    Format.TABLE: ("表格",),
    Format.JSON: ("JSON",),
    Format.CSV: ("CSV",),
}


def _format(value: str) -> Format:
    return Format(parse_choice(str(value), FORMAT_WORDS_ZH, "--format"))


FormatOpt = Annotated[
    Format,
    typer.Option("--format", "-f", parser=_format, help=_("table, json or csv (表格, JSON, CSV).")),
]
DateOpt = Annotated[
    date | None, date_option("--date", help=_("Date of the step (YYYY-MM-DD); default today."))
]
RefArg = Annotated[str, typer.Argument(help=_("Document id, 文号 or registration number."))]
IssuerOpt = Annotated[
    list[str] | None,
    typer.Option("--issuer", help=_("Only this issuer (repeatable or comma-separated).")),
]
UnderOpt = Annotated[
    str | None,
    typer.Option("--under", help=_("Only this government and all its departments.")),
]


def scope_issuers(ctx: typer.Context, issuer: list[str] | None, under: str | None) -> list[str]:
    """The issuers' names --issuer and --under choose (services.scopes)."""
    if not under:
        return issuer or []
    from normdocs.services.scopes import scope_names

    return scope_names(app_context(ctx), issuer, under)


# --- choices: the English code or its Chinese words, in either interface language ----------

E = TypeVar("E", bound=StrEnum)
Words = Mapping[E, tuple[str, ...]]


def choices_help(text: str, words: Words[E]) -> str:
    """`text` and the choices in both languages: "lawful|revise|unlawful (合法|修改|不合法)"."""
    codes = "|".join(str(code) for code in words)
    labels = "|".join(names[0] for names in words.values())
    return f"{text} {codes} ({labels})"


def parse_choice(value: str, words: Words[E], option: str) -> E:
    """The member of `value`, typed as its English code or one of its Chinese words; any other
    value is a usage error (exit 2) listing the choices in both languages."""
    typed = "".join(value.split())
    for code, names in words.items():
        if typed.lower() == code.value or typed in names:
            return code
    # 应当 (shall), 予以 (to be) and 宣布 (declared) may lead a decision as written in an
    # opinion or an announcement: 应当予以修改, 予以废止, 宣布继续有效, 予以宣布失效.
    bare = typed.removeprefix("应当").removeprefix("予以").removeprefix("宣布").removeprefix("予以")
    for code, names in words.items():
        if bare in names:
            return code
    error(
        _("{option} does not take “{value}”").format(option=option, value=value.strip()),
        _("choose one of: {choices}").format(
            choices=", ".join(f"{code} ({names[0]})" for code, names in words.items())
        ),
    )
    raise typer.Exit(2)  # ExitCode.USAGE


def parse_choices(values: Sequence[str], words: Words[E], option: str) -> list[E]:
    """Several choices, the option repeated or separated by commas (, ， 、): their members."""
    parts = [part for value in values for part in re.split(r"[,，、]", value) if part.strip()]
    return [parse_choice(part, words, option) for part in parts]


def choice_option(*names: str, text: str, words: Words[E], **settings: Any) -> Any:
    """A Typer option for one of `words`' members (annotate it with the enum, or a list of it
    for several): it takes the English code or a Chinese word, gives the member, refuses any
    other value with exit 2, and its help lists the choices in both languages."""

    def callback(ctx: typer.Context, param: Any, value: Any) -> Any:
        if value is None or ctx.resilient_parsing:
            return value
        option = "/".join(param.opts) if param is not None else ""
        if isinstance(value, str):
            return parse_choice(value, words, option)
        return parse_choices(value, words, option) or None

    # parser=str: Typer would otherwise turn the enum into a closed list of English codes and
    # refuse the Chinese words before the callback sees them.
    # The codes a clerk may type, which may be fewer than the enum's members (import --stage).
    settings.setdefault("metavar", "<" + "|".join(str(code) for code in words) + ">")
    return typer.Option(
        *names, help=choices_help(text, words), callback=callback, parser=str, **settings
    )


def codes(members: Sequence[StrEnum] | None) -> str | None:
    """Several chosen members as the comma-separated codes a listing service takes."""
    return ",".join(members) if members else None
