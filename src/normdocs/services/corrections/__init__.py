"""Correcting a recorded fact (更正) and withdrawing a document (撤回): openly, as events.

document: what a correction asks and changes; steps: which step dated which column; checks:
what a correction must still satisfy; derive: what it recomputes; record: its event and how
history reads it; withdrawal: 撤回."""

from normdocs.services.corrections.document import correct_document
from normdocs.services.corrections.record import correction_summary
from normdocs.services.corrections.steps import (
    CORRECTED,
    DATED_STEPS,
    DatedStep,
    corrected_event_dates,
    dated_step,
    step_dates,
)
from normdocs.services.corrections.withdrawal import WITHDRAWN, withdraw_document

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
