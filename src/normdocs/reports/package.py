"""Zip containers (.docx, .xlsx, the filing package) made byte-for-byte repeatable: entries in a
fixed order with the report's day as their time."""

import io
import zipfile
from collections.abc import Iterable
from datetime import date


def _stamp(day: date) -> tuple[int, int, int, int, int, int]:
    # Zip times start in 1980.
    return (max(day.year, 1980), day.month, day.day, 0, 0, 0)


def fixed_zip(data: bytes, day: date) -> bytes:
    """`data` (a zip) written again with every entry dated `day`, in the same order."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        entries = [(info.filename, source.read(info)) for info in source.infolist()]
    return make_zip(entries, day)


def make_zip(entries: Iterable[tuple[str, bytes]], day: date) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in entries:
            info = zipfile.ZipInfo(name, date_time=_stamp(day))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, content)
    return out.getvalue()
