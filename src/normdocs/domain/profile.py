"""The jurisdiction profile: every number and template a place may set differently."""

import tomllib
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from normdocs.domain.errors import InvalidInput
from normdocs.domain.messages import _


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ReviewRules(_Section):
    """合法性审核 time limits in working days (国办发〔2018〕115号 §(五))."""

    min_working_days: int = Field(5, ge=0)
    max_working_days: int = Field(15, ge=1)
    source: str = "国办发〔2018〕115号 §(五)"


class FilingRules(_Section):
    """报送备案: deadline from promulgation and the follow-up limits of filing review."""

    deadline_days: int = Field(30, ge=1)
    deadline_unit: Literal["calendar", "working"] = "calendar"
    deferred_refile_days: int = Field(15, ge=1)
    correction_days: int = Field(30, ge=1)
    source: str = "国办发〔2018〕37号 §(十二)"


class ValidityRules(_Section):
    """有效期: default years from the effective date, shorter for 暂行/试行."""

    default_years: int = Field(5, ge=1)
    interim_years: int = Field(2, ge=1)
    interim_markers: tuple[str, ...] = ("暂行", "试行")
    # Imported documents promulgated before this day that state no validity keep no expiry.
    default_applies_from: date = date(2018, 5, 16)
    evaluation_months_before: int = Field(6, ge=0)


class NumberingRules(_Section):
    """统一登记号 template; placeholders {prefix}, {year}, {seq}, {issuer_code}."""

    registration_template: str = "{prefix}〔{year}〕{seq:03d}"
    registration_prefix: str = "ND"

    @field_validator("registration_template")
    @classmethod
    def _needs_seq(cls, value: str) -> str:
        if "{seq" not in value:
            raise ValueError("registration_template must contain {seq}")
        try:
            value.format(prefix="P", year=2000, seq=1, issuer_code="C")
        except (KeyError, ValueError, IndexError) as exc:
            raise ValueError(f"registration_template cannot be filled: {exc}") from exc
        return value


class MeetingRules(_Section):
    """Which meeting may deliberate a document of each issuer level (DESIGN §1)."""

    government: tuple[str, ...] = ("executive", "plenary")
    department: tuple[str, ...] = ("leadership",)
    source: str = "国办发〔2018〕37号 §(六)"


class ImportRules(_Section):
    """Limits of `normdocs import`: bad input is normal input, and it must not exhaust the PC.

    Each limit bounds memory, not only bytes on disk: a hostile file is one rejected item and
    the import stays well under 1 GB (tests/importers/test_hostile.py measures it)."""

    max_file_bytes: int = Field(50 * 1024 * 1024, ge=1)
    # A .docx/.xlsx is a zip: what its members unpack to, as declared and as actually inflated
    # (streamed and counted, never trusting the declared sizes).
    max_uncompressed_bytes: int = Field(200 * 1024 * 1024, ge=1)
    # A zip member or PDF stream that is parsed whole in memory (word/document.xml, a PDF's
    # content and font streams): a parsed XML tree takes about 20 times its size.
    max_part_bytes: int = Field(16 * 1024 * 1024, ge=1)
    # Members of one .docx/.xlsx (a Word file has about 15, a workbook a few per sheet).
    max_zip_entries: int = Field(10_000, ge=1)
    # Data rows of one register (.csv, or one sheet of a workbook), the header not counted.
    max_rows: int = Field(1_000_000, ge=1)
    # Columns of a register sheet, and its used area (rows × columns, ≈ 32 bytes a cell in
    # the spreadsheet reader, empty cells included).
    max_columns: int = Field(256, ge=1)
    max_cells: int = Field(10_000_000, ge=1)
    # Characters of one register cell: Excel's own limit for a cell.
    max_cell_chars: int = Field(32_767, ge=1)
    # Characters of one document's text (≈ 500 pages); indexing it for search takes ≈ 100
    # bytes a character.
    max_text_chars: int = Field(1_000_000, ge=1)


class AuditRules(_Section):
    """Thresholds of `normdocs audit` (the nightly audit)."""

    filing_due_soon_days: int = Field(7, ge=0)
    expiring_within_months: int = Field(6, ge=0)
    cleanup_interval_years: int = Field(2, ge=1)
    signed_not_promulgated_days: int = Field(30, ge=1)
    # Two titles of one issuer this similar (Dice coefficient of character bigrams, after the
    # issuer's name and boilerplate are removed) are reported as near-identical.
    near_identical_title_ratio: float = Field(0.8, gt=0, le=1)


class CalendarYear(_Section):
    """One year's 放假调休 schedule, added when the State Council publishes it."""

    holidays: tuple[date, ...] = ()
    workdays: tuple[date, ...] = ()


class CalendarRules(_Section):
    years: dict[int, CalendarYear] = Field(default_factory=dict)


class Profile(_Section):
    # `import` is a Python keyword: the field is import_, written and read as [import].
    model_config = ConfigDict(
        extra="forbid", frozen=True, serialize_by_alias=True, validate_by_name=True
    )

    name: str = "default"
    review: ReviewRules = ReviewRules()
    filing: FilingRules = FilingRules()
    validity: ValidityRules = ValidityRules()
    numbering: NumberingRules = NumberingRules()
    meetings: MeetingRules = MeetingRules()
    calendar: CalendarRules = CalendarRules()
    audit: AuditRules = AuditRules()
    import_: ImportRules = Field(ImportRules(), alias="import")

    def meeting_types_for(self, level: str) -> tuple[str, ...]:
        return self.government_meetings if level == "government" else self.meetings.department

    @property
    def government_meetings(self) -> tuple[str, ...]:
        return self.meetings.government


def parse_profile(text: str, origin: str = "profile") -> Profile:
    """A profile from TOML text; every missing key keeps its documented default."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput(
            _("{origin} is not valid TOML: {error}").format(origin=origin, error=exc),
            _("check the file against docs/profile.md"),
        ) from exc
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise InvalidInput(
            _("{origin}: {where}: {problem}").format(
                origin=origin, where=where, problem=first["msg"]
            ),
            _("check the file against docs/profile.md"),
        ) from exc


def profile_to_toml(profile: Profile) -> str:
    """The profile in effect, written back as TOML (for `normdocs profile show`)."""
    lines = [f'name = "{profile.name}"']
    data = profile.model_dump(mode="json", exclude={"name", "calendar"})
    for section, values in data.items():
        lines.append("")
        lines.append(f"[{section}]")
        for key, value in values.items():
            lines.append(f"{key} = {_toml_value(value)}")
    for year, schedule in sorted(profile.calendar.years.items()):
        lines.append("")
        lines.append(f"[calendar.years.{year}]")
        lines.append(f"holidays = {_toml_value([d.isoformat() for d in schedule.holidays])}")
        lines.append(f"workdays = {_toml_value([d.isoformat() for d in schedule.workdays])}")
    return "\n".join(lines) + "\n"


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'
