"""The audit: findings as of a day, for a clerk or for cron."""

import typer


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
