"""Checking a row against its TypedDict: the keys it names, and values of the types it names."""

import types
from typing import Any, Union, get_args, get_origin, get_type_hints


def keys(row_type: Any) -> set[str]:
    return set(row_type.__required_keys__ | row_type.__optional_keys__)


def allowed(annotation: Any) -> tuple[type, ...]:
    """The runtime types a column's annotation admits (`date | None` → date, NoneType)."""
    if get_origin(annotation) in (Union, types.UnionType):
        return tuple(t for arg in get_args(annotation) for t in allowed(arg))
    if get_origin(annotation) is not None:  # Literal["a", "b"] and the like: their values' type
        return tuple({type(arg) for arg in get_args(annotation)})
    return (annotation,)


def mismatches(row: Any, row_type: Any) -> list[str]:
    """Where `row` differs from `row_type`: a key missing or extra, a value of another type."""
    hints = get_type_hints(row_type)
    wrong = [f"missing {k}" for k in sorted(keys(row_type) - set(row))]
    wrong += [f"extra {k}" for k in sorted(set(row) - keys(row_type))]
    wrong += [
        f"{k}={v!r} is not {hints[k]}"
        for k, v in row.items()
        if k in hints and not isinstance(v, allowed(hints[k]))
    ]
    return wrong
