"""Walking the paths given to `normdocs import` and reading each file into records.

A file becomes one TextDocument (Word, text, PDF, old Word/WPS), the rows of a register, or one
Unreadable with the reason a clerk can act on. The kind of a file is told from its content
(a .doc that is really a .docx is read as one), the extension only where content cannot tell.
"""

import hashlib
import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from normdocs.domain.errors import InvalidInput
from normdocs.domain.profile import ImportRules
from normdocs.i18n import _, render
from normdocs.importers.archive import size_text
from normdocs.importers.register import RegisterRow, read_register

DOCUMENT_SUFFIXES = (".docx", ".doc", ".wps", ".txt", ".text", ".pdf")
REGISTER_SUFFIXES = (".csv", ".xlsx", ".xlsm", ".xls")
SUPPORTED = DOCUMENT_SUFFIXES + REGISTER_SUFFIXES
# Files every office folder has that are not documents: skipped without a word.
_SKIPPED_NAMES = frozenset({"thumbs.db", "desktop.ini", ".ds_store"})
_IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp", ".gif")

_ZIP = b"PK\x03\x04"
_PDF = b"%PDF"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# What a zip is called when it cannot be opened, by its name's extension.
_ZIP_KINDS = {".docx": "Word (.docx)", ".xlsx": "Excel (.xlsx)", ".xlsm": "Excel (.xlsx)"}


@dataclass(frozen=True)
class TextDocument:
    """A document file read into text: one line per paragraph (a table row is one line)."""

    source: str
    kind: str  # docx | txt | pdf | doc
    text: str
    file_sha256: str


@dataclass(frozen=True)
class Unreadable:
    """A path that gave no document, and why."""

    source: str
    reason: str
    hint: str | None = None
    location: str | None = None


Record = TextDocument | RegisterRow | Unreadable


def collect(
    paths: list[Path],
    limits: ImportRules,
    mapping: Mapping[str, str] | None = None,
    on_file: Callable[[], None] | None = None,
) -> Iterator[Record]:
    """Every record under `paths`, files in name order, folders recursively; `on_file` is
    called after each file (for a progress bar). A folder that cannot be listed is one
    Unreadable, and so is a path that cannot be looked at (in a folder the clerk may not open)."""
    for path in paths:
        try:
            is_dir = path.is_dir()
            present = is_dir or path.exists() or path.is_symlink()
        except OSError:  # a folder above it may not be opened: read_file says so
            is_dir, present = False, True
        if is_dir:
            for item in _walk(path):
                if isinstance(item, Unreadable):
                    yield item
                    continue
                yield from read_file(item, limits, mapping)
                if on_file:
                    on_file()
        elif present:
            yield from read_file(path, limits, mapping)
            if on_file:
                on_file()
        else:
            yield Unreadable(
                str(path),
                _("{path} does not exist").format(path=path),
                _("check the path (a folder is read with everything in it)"),
            )


def count_files(paths: list[Path]) -> int:
    """How many files `collect` will read (for a progress bar)."""
    total = 0
    for path in paths:
        try:
            is_dir = path.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            total += sum(1 for item in _walk(path) if not isinstance(item, Unreadable))
        else:
            total += 1
    return total


def _walk(folder: Path) -> Iterator[Path | Unreadable]:
    """The files under `folder` in name order, and an Unreadable for each folder that cannot
    be listed (where it comes in that order)."""
    errors: list[OSError] = []
    for root, dirs, files in os.walk(folder, onerror=errors.append):
        yield from _unlisted(errors)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            lower = name.lower()
            if name.startswith((".", "~$")) or lower in _SKIPPED_NAMES:
                continue
            yield Path(root) / name
    yield from _unlisted(errors)


def _unlisted(errors: list[OSError]) -> Iterator[Unreadable]:
    for exc in errors:
        where = str(exc.filename) if exc.filename is not None else "?"
        yield Unreadable(
            where,
            _("cannot open the folder {path}: {error}; nothing in it was imported").format(
                path=where, error=exc.strerror or exc
            ),
            _(
                "give your user permission to read the folder (or copy its files elsewhere), "
                "then import it again"
            ),
        )
    errors.clear()


def read_file(
    path: Path, limits: ImportRules, mapping: Mapping[str, str] | None = None
) -> Iterator[Record]:
    """The records of one file; never raises for a bad file, it yields an Unreadable."""
    source = str(path)
    try:
        size = path.stat().st_size
        if size > limits.max_file_bytes:
            yield Unreadable(
                source,
                _("{path} is {size}, more than the limit of {limit}").format(
                    path=source, size=size_text(size), limit=size_text(limits.max_file_bytes)
                ),
                _("split it, or raise import.max_file_bytes in the profile"),
            )
            return
        data = path.read_bytes()
    except OSError as exc:
        yield Unreadable(
            source,
            _("cannot read {path}: {error}").format(path=source, error=exc.strerror or exc),
            _("check the path and its permissions"),
        )
        return
    if not data.strip():
        yield Unreadable(source, _("{path} is empty").format(path=source))
        return
    try:
        yield from _records(path, source, data, limits, mapping)
    except InvalidInput as exc:
        yield Unreadable(source, render(exc.message), render(exc.hint) if exc.hint else None)
    except (MemoryError, RecursionError) as exc:
        # What a reader library does with a hostile file it does not refuse itself: the file is
        # one rejected item, and what it held is freed with this frame.
        yield Unreadable(
            source,
            _("{path} could not be read: it needs more {what} than the import allows").format(
                path=source,
                what=_("memory") if isinstance(exc, MemoryError) else _("nesting depth"),
            ),
            _("check the file; open it in the program that made it and save it again"),
        )


# One dispatch: a file's kind told from its bytes and name, each kind read or refused here.
def _records(
    path: Path,
    source: str,
    data: bytes,
    limits: ImportRules,
    mapping: Mapping[str, str] | None,
) -> Iterator[Record]:
    from normdocs.importers.archive import open_zip
    from normdocs.importers.docx import docx_paragraphs

    suffix = path.suffix.lower()
    digest = hashlib.sha256(data).hexdigest()
    if data.startswith(_ZIP):
        names = set(
            open_zip(data, source, limits, kind=_ZIP_KINDS.get(suffix, "Office")).namelist()
        )
        if "xl/workbook.xml" in names:
            if suffix not in (".xlsx", ".xlsm"):  # a workbook renamed .csv or .xls
                suffix = ".xlsx"
        elif "word/document.xml" in names or suffix not in REGISTER_SUFFIXES:
            lines = docx_paragraphs(data, source, limits)
            yield _document(source, "docx", "\n".join(lines), digest, limits)
            return
    if suffix in REGISTER_SUFFIXES:
        yield from _register_rows(data, source, suffix, limits, mapping)
        return
    if data.startswith(_PDF):
        from normdocs.importers.pdf import pdf_text

        yield _document(source, "pdf", pdf_text(data, source, limits), digest, limits)
        return
    if data.startswith(_OLE) or suffix in (".doc", ".wps"):
        from normdocs.importers.legacy import convert_to_docx

        converted = convert_to_docx(path, source)
        lines = docx_paragraphs(converted, source, limits)
        yield _document(source, "doc", "\n".join(lines), digest, limits)
        return
    if suffix in (".txt", ".text", ""):
        from normdocs.importers.textfile import decode_text

        yield _document(source, "txt", decode_text(data, source), digest, limits)
        return
    if suffix == ".docx":
        raise InvalidInput(
            _(
                "{path} is not a Word file: it is damaged, or another kind of file renamed .docx"
            ).format(path=source),
            _("open it in Word or WPS and save it again as .docx (a text file: rename it .txt)"),
        )
    if suffix in _IMAGE_SUFFIXES:
        raise InvalidInput(
            _("{path} is an image: normdocs reads text, not scans").format(path=source),
            _("run OCR on it first, or import the Word or text version"),
        )
    raise InvalidInput(
        _("{path}: {suffix} is not a kind of file normdocs imports").format(
            path=source, suffix=suffix or _("(no extension)")
        ),
        _("import .docx, .doc, .wps, .txt, .pdf, .csv, .xlsx or .xls files"),
    )


def _register_rows(
    data: bytes,
    source: str,
    suffix: str,
    limits: ImportRules,
    mapping: Mapping[str, str] | None,
) -> Iterator[RegisterRow]:
    tables = read_register(data, source, suffix, limits, mapping)
    empty = True
    for table in tables:
        for row in table.rows:
            empty = False
            yield row
    if empty:
        where = tables[0].sheet and _("{name} sheet {sheet}").format(
            name=source, sheet=tables[0].sheet
        )
        raise InvalidInput(
            _("{where}: the register has no rows under its header (row {row})").format(
                where=where or source, row=tables[0].header_row
            ),
            _("fill in the register below its header, or import the file that has the rows"),
        )


def _document(source: str, kind: str, text: str, digest: str, limits: ImportRules) -> TextDocument:
    # Checked before anything else reads the text: extracting, hashing and above all indexing
    # it for search take memory in proportion to its length (≈ 100 bytes a character).
    if len(text) > limits.max_text_chars:
        raise InvalidInput(
            _("{path} has {count:,} characters of text, more than the limit of {limit:,}").format(
                path=source, count=len(text), limit=limits.max_text_chars
            ),
            _("split it, or raise import.max_text_chars in the profile"),
        )
    if not text.strip():
        raise InvalidInput(_("{path} contains no text").format(path=source), None)
    return TextDocument(source, kind, text, digest)
