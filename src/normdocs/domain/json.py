"""JSONObject: a free-form JSON object stored and read as is (an event's details, a finding's
evidence, a profile), not a row: its keys are not columns and no query selects them."""

from typing import Any, TypeAlias

JSONObject: TypeAlias = dict[str, Any]
