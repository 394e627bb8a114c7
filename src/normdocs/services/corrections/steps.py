"""The steps whose date a correction may change: the column each dated and the event that
recorded it, and a document's step dates with their corrections applied."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Literal

from normdocs.domain.errors import InvalidInput
from normdocs.domain.json import JSONObject
from normdocs.domain.stages import Action
from normdocs.i18n import _

if TYPE_CHECKING:  # the store's module imports SQLAlchemy: not at import time
    from normdocs.store.records import EventRow

CORRECTED = "document.corrected"

# The document's columns a step dates: each a `date | None` of the document row.
DateColumn = Literal[
    "review_submitted_on",
    "review_decided_on",
    "meeting_on",
    "signed_on",
    "promulgated_on",
    "effective_on",
    "filed_on",
    "refiled_on",
    "filing_decided_on",
]


@dataclass(frozen=True)
class DatedStep:
    """A step whose date can be corrected: the column it dated and the event that recorded it."""

    name: str
    column: DateColumn
    action: str | None  # None: a fact given with another step (the effective date)
    refiling: bool | None = None  # file: the first filing (False) or a refiling (True)


DATED_STEPS: dict[str, DatedStep] = {
    s.name: s
    for s in (
        DatedStep("submit", "review_submitted_on", Action.SUBMIT_REVIEW.value),
        DatedStep("review", "review_decided_on", Action.DECIDE_REVIEW.value),
        DatedStep("meeting", "meeting_on", Action.RECORD_MEETING.value),
        DatedStep("sign", "signed_on", Action.SIGN.value),
        DatedStep("publish", "promulgated_on", Action.PUBLISH.value),
        DatedStep("effective", "effective_on", None),
        DatedStep("file", "filed_on", Action.FILE.value, refiling=False),
        DatedStep("refile", "refiled_on", Action.FILE.value, refiling=True),
        DatedStep("filing-decision", "filing_decided_on", Action.DECIDE_FILING.value),
    )
}
# The recorded action names are accepted too (review.submit, filing.decide, …).
_STEP_ALIASES = {
    Action.SUBMIT_REVIEW.value: "submit",
    Action.DECIDE_REVIEW.value: "review",
    Action.RECORD_MEETING.value: "meeting",
    Action.DECIDE_FILING.value: "filing-decision",
}
_STEP_ACTIONS = frozenset(a.value for a in Action)


def dated_step(name: str) -> DatedStep:
    key = _STEP_ALIASES.get(name.strip(), name.strip())
    if key not in DATED_STEPS:
        raise InvalidInput(
            _("unknown step {step} for --date-of").format(step=name),
            _("choose from: {steps}").format(steps=", ".join(DATED_STEPS)),
        )
    return DATED_STEPS[key]


def corrected_event_dates(events: Iterable["EventRow"]) -> dict[int, date]:
    """{event id: its corrected date} from a document's corrections, the latest winning."""
    found: dict[int, date] = {}
    for event in events:
        if event["action"] != CORRECTED:
            continue
        for key, value in (_details(event).get("event_dates") or {}).items():
            found[int(key)] = date.fromisoformat(value)
    return found


def step_dates(events: Sequence["EventRow"]) -> list[tuple[int, str, date]]:
    """(event id, action, date) of each recorded step, with the corrections applied."""
    corrected = corrected_event_dates(events)
    return [
        (e["id"], e["action"], corrected.get(e["id"], e["on_date"]))
        for e in events
        if e["action"] in _STEP_ACTIONS and e["on_date"] is not None
    ]


def stating_event(events: Sequence["EventRow"], step: DatedStep) -> int | None:
    """The id of the event that recorded the document's current date of `step`."""
    found = None
    for e in events:
        if e["action"] != step.action:
            continue
        details = _details(e)
        if step.action == Action.RECORD_MEETING.value and details.get("outcome") != "approved":
            continue
        if step.refiling is not None and bool(details.get("refiling")) != step.refiling:
            continue
        found = e["id"]
    return found


def _details(event: "EventRow") -> JSONObject:
    """An event's details as a JSON object (stored as its text; already read, kept as is)."""
    from normdocs.store.engine import stored_json

    details: object = event["details"]
    if isinstance(details, dict):
        return details
    result: JSONObject = stored_json(event["details"])
    return result
