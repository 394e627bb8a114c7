"""Batch import of an office's existing documents."""

import typer


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
