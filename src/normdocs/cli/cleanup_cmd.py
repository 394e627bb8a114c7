"""Cleanup campaigns (清理): start, decide, status, close."""

import typer


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
