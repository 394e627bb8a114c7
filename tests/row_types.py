"""Checking a row against its TypedDict: the keys it names, and values of the types it names
(the one helper of the row-type tests of store, laws, cleanup, reports, audit and import)."""

import types
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints


def keys(row_type: Any) -> set[str]:
    return set(row_type.__required_keys__ | row_type.__optional_keys__)


def admits(annotation: Any, value: Any) -> bool:
    """Whether a column's annotation admits the value read (`date | None` a date or None,
    `Literal["a"]` only "a", `dict[str, int]` a dict)."""
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        return any(admits(arg, value) for arg in get_args(annotation))
    if origin is Literal:
        return value in get_args(annotation)
    if origin is not None:
        return isinstance(value, origin)
    return annotation is Any or isinstance(value, annotation)


def mismatches(row: Any, row_type: Any) -> list[str]:
    """Where `row` differs from `row_type`: a key missing or extra, a value of another type."""
    hints = get_type_hints(row_type)
    wrong = [f"missing {k}" for k in sorted(keys(row_type) - set(row))]
    wrong += [f"extra {k}" for k in sorted(set(row) - keys(row_type))]
    wrong += [
        f"{k}={v!r} is not {hints[k]}"
        for k, v in row.items()
        if k in hints and not admits(hints[k], v)
    ]
    return wrong
