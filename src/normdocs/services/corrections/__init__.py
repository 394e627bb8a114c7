"""Correcting a recorded fact (更正) and withdrawing a document (撤回): openly, as events."""

from normdocs.services.corrections.document import (
    CORRECTED,
    DATED_STEPS,
    WITHDRAWN,
    DatedStep,
    correct_document,
    corrected_event_dates,
    correction_summary,
    dated_step,
    step_dates,
    withdraw_document,
)

__all__ = [
    "CORRECTED",
    "DATED_STEPS",
    "WITHDRAWN",
    "DatedStep",
    "correct_document",
    "corrected_event_dates",
    "correction_summary",
    "dated_step",
    "step_dates",
    "withdraw_document",
]
