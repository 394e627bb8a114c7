"""The zip container of .docx/.xlsx files, read within the profile's byte budget.

Nothing a zip declares is trusted: a member is inflated as a stream, in bounded steps, to the
real end of its compressed data, and every byte is counted against the budget — a member that
unpacks to more than its directory says (2 KB declared, 1 GiB inflated) is refused when the
budget runs out or when its real size is known, never after it was all in memory.
"""

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from normdocs.domain.errors import InvalidInput
from normdocs.domain.profile import ImportRules
from normdocs.i18n import _

_KB = 1024
_MB = 1024 * 1024
# Compressed input fed to zlib at a time, and the most it may give back per call: memory per
# member stays at about a megabyte whatever the compression ratio.
_IN_STEP = 64 * _KB
_OUT_STEP = _MB
_END_OF_DIRECTORY = b"PK\x05\x06"
_LOCAL_HEADER = b"PK\x03\x04"
# The most a zip directory may take per entry it is allowed (Office names are < 100 bytes).
_DIRECTORY_BYTES_PER_ENTRY = 1024


def size_text(size: int) -> str:
    """A size as people read it: 3.2 MB, 40 KB, 900 bytes — in units of 1024, as Windows
    shows sizes and as the profile writes its limits (50 MB = 50 * 1024 * 1024 bytes)."""
    if size >= _MB:
        return f"{size / _MB:.1f} MB".replace(".0 MB", " MB")
    if size >= _KB:
        return f"{size / _KB:.1f} KB".replace(".0 KB", " KB")
    return f"{size} bytes"


def _damaged(name: str, kind: str) -> InvalidInput:
    return InvalidInput(
        _("{name} is not a readable {kind} file (it is corrupt or truncated)").format(
            name=name, kind=kind
        ),
        _("open it in the program that made it and save it again"),
    )


def _too_many_entries(name: str, kind: str, count: int | None, limits: ImportRules) -> InvalidInput:
    return InvalidInput(
        _(
            "{name} holds {count} zip entries, more than the limit of {limit} for a {kind} file"
        ).format(
            name=name,
            count=count if count is not None else _("too many"),
            limit=limits.max_zip_entries,
            kind=kind,
        ),
        _("check the file; the limit is import.max_zip_entries in the profile"),
    )


def _directory_size(data: bytes) -> tuple[int, int] | None:
    """(entries, bytes) of the zip directory as its end record declares them; None when there
    is no end record (zipfile then says the file is not a zip)."""
    at = data.rfind(_END_OF_DIRECTORY, max(0, len(data) - 22 - 65535))
    if at < 0 or at + 22 > len(data):
        return None
    entries, size = struct.unpack_from("<HI", data, at + 10)
    return entries, size


def open_zip(data: bytes, name: str, limits: ImportRules, *, kind: str) -> zipfile.ZipFile:
    """The zip container of a .docx/.xlsx, refused when corrupt, truncated, of too many
    entries, or declaring more than the budget (a zip bomb that says so). The declared sizes
    are only a first check: read_member and scan_members count what is really inflated."""
    directory = _directory_size(data)
    if directory is not None:
        entries, size = directory
        # 0xFFFF: a ZIP64 count, checked below once zipfile has read the directory.
        if entries != 0xFFFF and entries > limits.max_zip_entries:
            raise _too_many_entries(name, kind, entries, limits)
        # The directory is read whole by zipfile: a lying count must not make it huge either.
        if size > limits.max_zip_entries * _DIRECTORY_BYTES_PER_ENTRY:
            raise _too_many_entries(name, kind, None, limits)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise _damaged(name, kind) from exc
    if len(members) > limits.max_zip_entries:
        raise _too_many_entries(name, kind, len(members), limits)
    declared = sum(info.file_size for info in members)
    if declared > limits.max_uncompressed_bytes:
        raise InvalidInput(
            _(
                "{name} would unpack to {size}, more than the limit of {limit} "
                "(a zip bomb or a huge file)"
            ).format(
                name=name, size=size_text(declared), limit=size_text(limits.max_uncompressed_bytes)
            ),
            _("check the file; the limit is import.max_uncompressed_bytes in the profile"),
        )
    return archive


@dataclass
class Budget:
    """Bytes that may still be inflated from one file (max_uncompressed_bytes at first)."""

    left: int


def member_chunks(
    data: bytes,
    info: zipfile.ZipInfo,
    name: str,
    kind: str,
    budget: Budget,
    *,
    part_limit: int | None = None,
) -> Iterator[bytes]:
    """The inflated bytes of one member, a megabyte or less at a time. InvalidInput when it
    unpacks to more than the budget (or `part_limit`), to another size than its directory
    declares, or does not pass its CRC check."""
    if info.flag_bits & 0x1:
        raise InvalidInput(
            _("{name} is an encrypted {kind} file").format(name=name, kind=kind),
            _("save an unprotected copy and import that"),
        )
    start = _data_start(data, info, name, kind)
    limit = budget.left if part_limit is None else min(budget.left, part_limit)
    by_part = part_limit is not None and part_limit <= budget.left
    setting = "import.max_part_bytes" if by_part else "import.max_uncompressed_bytes"
    total = 0
    crc = 0
    for chunk in _inflate(data, start, info, name, kind):
        total += len(chunk)
        if total > limit:
            raise InvalidInput(
                _(
                    "{name}: its part {member} unpacks to more than {limit} (its zip directory "
                    "says {declared}): a zip bomb or a huge file"
                ).format(
                    name=name,
                    member=info.filename,
                    limit=size_text(limit),
                    declared=size_text(info.file_size),
                ),
                _("check the file; the limit is {setting} in the profile").format(setting=setting),
            )
        crc = zlib.crc32(chunk, crc)
        yield chunk
    budget.left -= total
    if total != info.file_size:
        raise InvalidInput(
            _(
                "{name}: its part {member} unpacks to {size}, but its zip directory says "
                "{declared} (a forged or damaged file)"
            ).format(
                name=name,
                member=info.filename,
                size=size_text(total),
                declared=size_text(info.file_size),
            ),
            _("open it in the program that made it and save it again"),
        )
    if crc != info.CRC:
        raise _damaged(name, kind)


def read_member(
    data: bytes,
    archive: zipfile.ZipFile,
    member: str,
    name: str,
    kind: str,
    budget: Budget,
    *,
    part_limit: int | None = None,
) -> bytes:
    """One member, whole (it is to be parsed whole): at most `part_limit` bytes of it."""
    try:
        info = archive.getinfo(member)
    except KeyError as exc:
        raise InvalidInput(
            _("{name} is not a {kind} file: it has no {member}").format(
                name=name, kind=kind, member=member
            ),
            _("open it in the program that made it and save it again"),
        ) from exc
    return b"".join(member_chunks(data, info, name, kind, budget, part_limit=part_limit))


def _data_start(data: bytes, info: zipfile.ZipInfo, name: str, kind: str) -> int:
    at = info.header_offset
    if at < 0 or data[at : at + 4] != _LOCAL_HEADER or at + 30 > len(data):
        raise _damaged(name, kind)
    name_length, extra_length = struct.unpack_from("<HH", data, at + 26)
    return at + 30 + name_length + extra_length


def _inflate(
    data: bytes, start: int, info: zipfile.ZipInfo, name: str, kind: str
) -> Iterator[bytes]:
    view = memoryview(data)
    if info.compress_type == zipfile.ZIP_STORED:
        end = start + info.compress_size
        if end > len(data):
            raise _damaged(name, kind)
        for at in range(start, end, _OUT_STEP):
            yield bytes(view[at : min(at + _OUT_STEP, end)])
        return
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise InvalidInput(
            _("{name}: its part {member} is packed in a way {kind} files never are").format(
                name=name, member=info.filename, kind=kind
            ),
            _("open it in the program that made it and save it again"),
        )
    # To the end of the deflate stream, not to the declared compressed size: neither is trusted.
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    at = start
    try:
        while not inflater.eof:
            if at >= len(data):
                raise _damaged(name, kind)
            piece = inflater.decompress(view[at : at + _IN_STEP], _OUT_STEP)
            at += _IN_STEP
            if piece:
                yield piece
            while inflater.unconsumed_tail and not inflater.eof:
                piece = inflater.decompress(inflater.unconsumed_tail, _OUT_STEP)
                if piece:
                    yield piece
    except zlib.error as exc:
        raise _damaged(name, kind) from exc


# --- spreadsheets ---------------------------------------------------------------------------

# A cell that holds something (a value, an inline string or a formula): what the spreadsheet
# reader keeps. An empty styled cell (<c r="ZZ9" s="1"/>) costs it nothing.
_PREFIX = rb"(?:[A-Za-z_][\w.-]*:)?"
_CONTENT = rb"(?<!/)>\s*<" + _PREFIX + rb"(?:v|is|f)[\s>/]"
_CELL_WITH_REF = re.compile(
    rb"<"
    + _PREFIX
    + rb"c\s[^>]*?(?<=\s)r\s*=\s*[\"']([A-Za-z]{1,6})([0-9]{1,12})[\"'][^>]*"
    + _CONTENT
)
_CELL = re.compile(rb"<" + _PREFIX + rb"c(?:\s[^>]*)?" + _CONTENT)
# Every <row> and <c> tag in order, for a sheet whose cells do not all name their position
# (the reader then places a cell after the one before it, a row after the row before it).
_TAG = re.compile(
    rb"<" + _PREFIX + rb"(row|c)(?=[\s/>])([^>]*?)(/?)>(\s*<" + _PREFIX + rb"(?:v|is|f)[\s>/])?"
)
# Longer than Excel allows (XFD, 1048576) on purpose: such a place is refused, not skipped.
_REF = re.compile(rb"(?<![\w:])r\s*=\s*[\"']([A-Za-z]{0,6})([0-9]{0,12})[\"']")
_TAG_START = re.compile(rb"<" + _PREFIX + rb"(?:row|c)[\s/>]")


def column_number(letters: bytes | str) -> int:
    """A = 1, Z = 26, AA = 27, XFD = 16,384."""
    number = 0
    for char in letters.upper() if isinstance(letters, str) else letters.decode().upper():
        number = number * 26 + ord(char) - 64
    return number


def column_letters(number: int) -> str:
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass
class CellExtent:
    """The last row and column of a part's cells that hold something (1-based; 0: none)."""

    rows: int = 0
    columns: int = 0

    @property
    def cells(self) -> int:
        """What the spreadsheet reader allocates for the part: every cell of its used area."""
        return self.rows * self.columns


class _ExtentScanner:
    """The CellExtent of a sheet's XML, fed as it is inflated; a tag cut between two chunks
    is carried to the next (from the last <row or <c that starts in a chunk)."""

    def __init__(self, carry_limit: int) -> None:
        self.extent = CellExtent()
        self.carry = b""
        self.carry_limit = carry_limit
        self.row = 0
        self.column = 0
        self.walking = False
        self.too_big = False

    def feed(self, chunk: bytes, *, last: bool = False) -> None:
        text = self.carry + chunk if self.carry else chunk
        cut = len(text) if last else _last_tag_start(text)
        self._scan(text[:cut] if cut < len(text) else text)
        self.carry = text[cut:]
        if len(self.carry) > self.carry_limit:
            self.too_big = True
            self.carry = b""

    def _scan(self, text: bytes) -> None:
        if not text:
            return
        refs = None if self.walking else _CELL_WITH_REF.findall(text)
        if refs is not None and len(refs) == len(_CELL.findall(text)):
            # Every cell names its place (what every spreadsheet program writes): fast path.
            extent = self.extent
            for letters in set(ref[0] for ref in refs):
                extent.columns = max(extent.columns, column_number(letters))
            if refs:
                extent.rows = max(extent.rows, max(int(ref[1]) for ref in refs))
            return
        if not self.walking:  # from here on, each cell is placed after the one before it
            self.walking = True
            self.row = self.extent.rows
        self._walk(text)

    def _walk(self, text: bytes) -> None:
        extent = self.extent
        for tag, attributes, _closed, content in _TAG.findall(text):
            ref = _REF.search(attributes)
            if tag == b"row":
                self.row = int(ref.group(2)) if ref and ref.group(2) else self.row + 1
                self.column = 0
                continue
            if ref and ref.group(1):
                self.column = column_number(ref.group(1))
                if ref.group(2):
                    self.row = int(ref.group(2))
            else:
                self.column += 1
            if content:
                extent.rows = max(extent.rows, self.row or 1)
                extent.columns = max(extent.columns, self.column)


def _last_tag_start(text: bytes) -> int:
    """Where the last <row or <c tag of `text` starts (everything before it is complete)."""
    window = max(0, len(text) - 64 * _KB)
    starts = [m.start() for m in _TAG_START.finditer(text, window)]
    if not starts and window:
        starts = [m.start() for m in _TAG_START.finditer(text)]
    return starts[-1] if starts else len(text)


# What every spreadsheet program writes: <c r="B7" …>, in <row r="7" …>, without a prefix.
_PLAIN_LETTERS = re.compile(rb'<c r="([A-Z]{1,3})[0-9]')


class _QuickScanner:
    """An upper bound of a sheet's extent at a fraction of the spreadsheet reader's own time,
    for the sheets every program writes: every cell names its place as <c r="…">, none has a
    namespace prefix. Empty styled cells are counted too (so the bound may be too high, never
    too low); `plain` is False when the sheet is not of that form."""

    def __init__(self) -> None:
        self.extent = CellExtent()
        self.plain = True
        self.carry = b""

    def feed(self, chunk: bytes, *, last: bool = False) -> None:
        text = self.carry + chunk if self.carry else chunk
        cut = len(text) if last else text.rfind(b"<")
        if cut < 0:
            cut = len(text)
        part, self.carry = (text, b"") if cut == len(text) else (text[:cut], text[cut:])
        if not self.plain or not part:
            return
        letters = _PLAIN_LETTERS.findall(part)
        if _UNPLACED.search(part) or _PREFIXED.search(part):
            self.plain = False  # a cell without r="…", or a prefixed one: _ExtentScanner reads it
            return
        if not letters:
            return
        extent = self.extent
        widest = max(set(letters), key=lambda ref: (len(ref), ref))
        extent.columns = max(extent.columns, column_number(widest))
        extent.rows = max(extent.rows, _highest_row(part))


# What _QuickScanner does not read: a cell that does not start with its place (<c>, <c/>,
# <c t="s" r="B7">), a cell or row tag with a namespace prefix. Two patterns, each starting
# with a literal, which the regex engine finds fast.
_UNPLACED = re.compile(rb'<c(?:[>/]|\s(?!r="[A-Z]{1,3}[0-9]))')
_PREFIXED = re.compile(rb":(?:c|row)[\s>/]")


def _highest_row(part: bytes) -> int:
    """The highest row number in the cell references of `part` (every cell has one), without
    making each an int: numbers of one length compare as bytes, so only the references with
    as many digits as the longest are compared."""
    last = part.rfind(b'<c r="')
    digits = len(_ROW_NUMBER.match(part, last + 6).group(1))  # type: ignore[union-attr]
    longer = re.findall(rb'<c r="[A-Z]{1,3}([0-9]{%d,})"' % (digits + 1), part)
    if longer:
        return max(int(number) for number in longer)
    return int(max(re.findall(rb'<c r="[A-Z]{1,3}([0-9]{%d})"' % digits, part)))


_ROW_NUMBER = re.compile(rb"[A-Z]{1,3}([0-9]{1,9})")


def scan_workbook(
    data: bytes,
    archive: zipfile.ZipFile,
    name: str,
    kind: str,
    limits: ImportRules,
    fits: Callable[[CellExtent], bool],
) -> dict[str, CellExtent]:
    """Every member inflated once against the budget, and the cell extent of each XML part
    that has cells (the sheets), read from the cells themselves: a sheet's <dimension> may be
    missing or lie. Done before the spreadsheet reader sees the file, because it allocates a
    sheet's whole used area at once (XFD1000000 makes it abort the process).

    A quick upper bound first; a part it cannot bound, or whose bound does not `fit`, is read
    again cell by cell (only cells that hold something count, placed as the reader places
    them)."""
    budget = Budget(limits.max_uncompressed_bytes)
    extents: dict[str, CellExtent] = {}
    for info in archive.infolist():
        if info.is_dir():
            continue
        xml = info.filename.lower().endswith(".xml")
        quick = _QuickScanner()
        for chunk in member_chunks(data, info, name, kind, budget):
            if xml:
                quick.feed(chunk)
        if not xml:
            continue
        quick.feed(b"", last=True)
        extent = quick.extent
        if not quick.plain or (extent.rows and not fits(extent)):
            extent = _exact_extent(data, info, name, kind, limits)
        if extent.rows:
            extents[info.filename] = extent
    return extents


# A cell with a formula and no stored value: a workbook written by a program (openpyxl…) and
# never opened and saved by Excel or WPS, which store each formula's last value beside it.
_FORMULA_WITHOUT_VALUE = re.compile(
    rb'<c\b[^>]*?\br="([A-Z]{1,3}[0-9]{1,7})"[^>]*>\s*<f\b[^>]*(?:/>|>[^<]*</f>)'
    rb"\s*(?:<v\s*/>|<v>\s*</v>)?\s*</c>"
)
_SHEET_PART = re.compile(r"xl/worksheets/[^/]+\.xml", re.IGNORECASE)


def formula_without_value(
    data: bytes, archive: zipfile.ZipFile, name: str, kind: str
) -> tuple[str, str] | None:
    """(sheet part, cell) of the first cell whose formula has no stored value, or None. Such a
    cell reads as empty: a register row would lose its date or its status without a word."""
    for info in archive.infolist():
        if not _SHEET_PART.fullmatch(info.filename):
            continue
        tail = b""
        # The member passed the budget already: read again with a budget of its own size.
        for chunk in member_chunks(data, info, name, kind, Budget(info.file_size)):
            text = tail + chunk
            found = _FORMULA_WITHOUT_VALUE.search(text)
            if found:
                return info.filename, found.group(1).decode("ascii")
            tail = text[-4096:]  # a cell cut in two by the chunking is found in the next
    return None


def _exact_extent(
    data: bytes, info: zipfile.ZipInfo, name: str, kind: str, limits: ImportRules
) -> CellExtent:
    scanner = _ExtentScanner(limits.max_part_bytes)
    # The member passed the budget already: read again with a budget of its own size.
    for chunk in member_chunks(data, info, name, kind, Budget(info.file_size)):
        scanner.feed(chunk)
    scanner.feed(b"", last=True)
    if scanner.too_big:
        raise InvalidInput(
            _("{name}: a cell of {member} holds more than {limit}").format(
                name=name, member=info.filename, limit=size_text(limits.max_part_bytes)
            ),
            _("check the file; the limit is import.max_part_bytes in the profile"),
        )
    return scanner.extent
