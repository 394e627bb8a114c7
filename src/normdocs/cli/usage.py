"""A usage error (an unknown option, a missing argument, a value an option does not take) said in
the interface's language. Typer 0.29 carries its own copy of Click whose usage errors are
English f-strings, not gettext messages: in Chinese they are rebuilt here from the error's
parts, and anything not recognised is shown as Typer words it.

The exceptions come from Typer's private `_click` package (pyproject pins typer <0.30)."""

import re
import sys
from typing import Any

from typer._click.exceptions import (
    BadOptionUsage,
    BadParameter,
    ClickException,
    MissingParameter,
    NoSuchOption,
)
from typer.exceptions import Abort

from normdocs.i18n import _

_REQUIRES = re.compile(r"Option '(?P<name>.+)' requires (?:an argument|(?P<n>\d+) arguments)\.")
_NO_VALUE = re.compile(r"Option '(?P<name>.+)' does not take a value\.")
_SUGGESTION = re.compile(r"(?P<said>.*?)。?\. Did you mean (?P<names>.+)\?", re.DOTALL)
_EXTRA = re.compile(r"Got unexpected extra argument\(s\) \((?P<args>.*)\)", re.DOTALL)
# How Typer's number options word a value they do not take (pydantic's messages).
_BOUND = re.compile(
    r"Input should be (?P<how>greater than or equal to|less than or equal to|greater than|"
    r"less than) (?P<limit>-?[\d.]+)"
)
_NOT_A_NUMBER = re.compile(r"Input should be a valid (?P<kind>integer|number)\b.*", re.DOTALL)


def _value_problem(text: str) -> str:
    """A number option's complaint about its value, in the interface's language."""
    bound = _BOUND.fullmatch(text)
    if bound:
        words = {
            "greater than or equal to": _("it must be at least {limit}"),
            "less than or equal to": _("it must be at most {limit}"),
            "greater than": _("it must be more than {limit}"),
            "less than": _("it must be less than {limit}"),
        }
        return words[bound["how"]].format(limit=bound["limit"])
    not_a_number = _NOT_A_NUMBER.fullmatch(text)
    if not_a_number:
        if not_a_number["kind"] == "integer":
            return _("it must be a whole number")
        return _("it must be a number")
    return text


def run_in_chinese(app: Any) -> None:
    """Run the app as Typer would, with its usage errors and "Aborted!" said in Chinese."""
    try:
        code = app(prog_name="normdocs", standalone_mode=False)
    except ClickException as error:
        show(error)
        sys.exit(error.exit_code)
    except Abort:
        print(_("Aborted!"), file=sys.stderr)
        sys.exit(1)
    # Without standalone mode Typer returns a command's exit code (typer.Exit) or its result.
    sys.exit(code if isinstance(code, int) else 0)


def show(error: ClickException) -> None:
    """What Click's UsageError.show prints (usage, where to get help, the error), translated."""
    if error.__class__.__name__ == "NoArgsIsHelpError":  # its "message" is the help itself
        error.show()
        return
    ctx = getattr(error, "ctx", None)
    lines = []
    if ctx is not None:
        usage = ctx.get_usage()
        lines.append(_("Usage:") + usage.removeprefix("Usage:").lstrip())
        if ctx.command.get_help_option(ctx) is not None:
            lines.append(
                _("Try '{command} {option}' for help.").format(
                    command=ctx.command_path, option=ctx.help_option_names[0]
                )
            )
        lines.append("")
    lines.append(_("Error: {message}").format(message=message(error)))
    print("\n".join(lines), file=sys.stderr)


def message(error: ClickException) -> str:
    """The error's message in the interface's language, where Typer words it in English."""
    if isinstance(error, NoSuchOption):
        if error.possibilities:
            return _("No such option: {name} (did you mean: {options})").format(
                name=error.option_name, options=", ".join(sorted(error.possibilities))
            )
        return _("No such option: {name}").format(name=error.option_name)
    if isinstance(error, MissingParameter):
        hint = error.param.get_error_hint() if error.param else ""
        kind = error.param_type or (error.param.param_type_name if error.param else "")
        if kind == "option":
            return _("Missing option {name}.").format(name=hint)
        return _("Missing argument {name}.").format(name=hint)
    if isinstance(error, BadParameter) and error.param is not None:
        return _("Invalid value for {param_hint}: {message}").format(
            param_hint=error.param.get_error_hint(), message=_value_problem(error.message)
        )
    text = error.format_message()
    if isinstance(error, BadOptionUsage):
        requires = _REQUIRES.fullmatch(text)
        if requires:
            return _("Option {name} needs a value after it.").format(name=requires["name"])
        no_value = _NO_VALUE.fullmatch(text)
        if no_value:
            return _("Option {name} does not take a value.").format(name=no_value["name"])
    extra = _EXTRA.fullmatch(text)
    if extra:
        return _("Unexpected extra arguments: {args}").format(args=extra["args"])
    suggestion = _SUGGESTION.fullmatch(text)  # a mistyped command (Typer adds the suggestion)
    if suggestion:
        said = suggestion["said"].rstrip("。.") + "。"
        return said + _("Did you mean {names}?").format(names=suggestion["names"])
    return text
