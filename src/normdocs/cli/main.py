"""Entry point: picks the language before anything is imported, then runs the Typer app."""

import sys


def _language_from_argv(argv: list[str]) -> str | None:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def main() -> None:
    """The `normdocs` console script."""
    from normdocs.i18n import current_language, resolve_language, set_language

    set_language(resolve_language(_language_from_argv(sys.argv[1:])))
    from normdocs.cli.app import app

    if current_language() == "zh":
        from normdocs.cli.usage import run_in_chinese

        run_in_chinese(app)
    else:
        app(prog_name="normdocs")


if __name__ == "__main__":
    main()
