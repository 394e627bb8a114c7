"""Full-text search over titles and texts."""

import typer


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
