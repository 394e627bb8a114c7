"""Superior law (上位法): import, add, amend, repeal, list, show, link."""

import typer


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
