"""The Chinese catalog: complete for the current sources, compiled, faithful to placeholders,
and actually used by the installed `normdocs` command.

When a test here fails after a source change, run scripts/update-translations, translate what
it lists in src/normdocs/locale/zh_CN/LC_MESSAGES/normdocs.po, and run it again.
"""

import gettext
import io
import os
import re
import shutil
import string
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from babel.messages import frontend
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "normdocs"
LOCALE_DIR = SRC / "locale"
PO = LOCALE_DIR / "zh_CN" / "LC_MESSAGES" / "normdocs.po"
MO = PO.with_suffix(".mo")
EXTRA = LOCALE_DIR / "extra_terms.pot"
BABEL_CFG = ROOT / "babel.cfg"
# The same keywords as scripts/update-translations (--no-default-keywords -k _ -k ngettext:1,2).
KEYWORDS: dict[str, Any] = {"_": None, "ngettext": (1, 2)}


def _read_po(path: Path) -> Catalog:
    with path.open("rb") as f:
        return read_po(f)


def _ids(message: Message) -> tuple[str, ...]:
    return message.id if isinstance(message.id, tuple) else (message.id,)


def _strings(message: Message) -> tuple[str, ...]:
    return message.string if isinstance(message.string, tuple) else (message.string,)


def _translated(message: Message) -> bool:
    return not message.fuzzy and all(_strings(message))


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return _read_po(PO)


def extract_messages(src: Path, out_dir: Path) -> Catalog:
    """What `pybabel extract` finds under `src` now, written to out_dir/normdocs.pot and read
    back (the same map and keywords as scripts/update-translations)."""
    parse_cfg = getattr(frontend, "parse_mapping_cfg", None) or frontend.parse_mapping
    with BABEL_CFG.open(encoding="utf-8") as f:
        method_map, options_map = parse_cfg(f, str(BABEL_CFG))
    template = Catalog(project="normdocs")
    for filename, lineno, message, comments, context in extract_from_dir(
        str(src), method_map, options_map, keywords=KEYWORDS
    ):
        template.add(
            message,
            None,
            [(f"src/normdocs/{filename}", lineno)],
            auto_comments=comments,
            context=context,
        )
    pot = out_dir / "normdocs.pot"
    with pot.open("wb") as f:
        write_po(f, template, sort_by_file=True)
    return _read_po(pot)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    return extract_messages(SRC, tmp_path_factory.mktemp("extract"))


def _untranslated(catalog: Catalog, wanted: list[tuple[str, str | None, str]]) -> list[str]:
    """`wanted` is (msgid, context, where); the ones missing, empty or fuzzy in `catalog`."""
    problems = []
    for msgid, context, where in wanted:
        message = catalog.get(msgid, context=context)
        if message is None:
            problems.append(f"missing: {msgid!r} ({where})")
        elif not _translated(message):
            problems.append(f"{'fuzzy' if message.fuzzy else 'untranslated'}: {msgid!r} ({where})")
    return problems


# --- (a) complete -------------------------------------------------------------------------


def test_extraction_finds_the_messages(extracted: Catalog) -> None:
    ids = {m.id for m in extracted if m.id}
    assert len(ids) > 100
    assert "there is no registry at {path}" in ids


def test_every_extracted_message_is_translated(extracted: Catalog, catalog: Catalog) -> None:
    wanted = [
        (_ids(m)[0], m.context, ", ".join(f"{p}:{n}" for p, n in m.locations[:2]))
        for m in extracted
        if m.id
    ]
    problems = _untranslated(catalog, wanted)
    assert not problems, "run scripts/update-translations and translate:\n" + "\n".join(problems)


def test_every_hand_maintained_term_is_translated(catalog: Catalog) -> None:
    extra = _read_po(EXTRA)
    wanted = [(m.id, m.context, f"{EXTRA.name}:{m.lineno}") for m in extra if m.id]
    assert wanted
    assert not _untranslated(catalog, wanted)


def test_no_fuzzy_header_or_entries(catalog: Catalog) -> None:
    assert not catalog.fuzzy, "remove '#, fuzzy' from the header of normdocs.po"
    assert not [m.id for m in catalog if m.id and m.fuzzy]


def _dynamic_msgids() -> list[tuple[str, str]]:
    """Msgids the code passes to _() through a variable: enum values and column labels."""
    import importlib
    import pkgutil

    import normdocs.cli
    from normdocs.domain import stages
    from normdocs.domain.profile import Profile

    wanted = []
    for enum in (stages.Stage, stages.Validity, stages.IssuerLevel, stages.MeetingType):
        wanted += [(member.value, f"{enum.__name__}.{member.name}") for member in enum]
    meetings = Profile().meetings
    wanted += [(m, "Profile().meetings") for m in (*meetings.government, *meetings.department)]
    modules = [
        importlib.import_module(f"normdocs.cli.{info.name}")
        for info in pkgutil.iter_modules(normdocs.cli.__path__)
    ]
    columns = [(m.__name__, name, value) for m in modules for name, value in vars(m).items()]
    for module, name, value in columns:
        # AGENCY_COLUMNS, DOC_FIELDS, ...: lists of (key, label) shown with _(label)
        if (
            isinstance(value, list | tuple)
            and value
            and all(
                isinstance(c, tuple) and len(c) == 2 and all(isinstance(s, str) for s in c)
                for c in value
            )
        ):
            wanted += [(label, f"{module}.{name}") for _key, label in value]
    # The read models' field labels: every table's column and every CSV header (services).
    from normdocs.services import readmodels

    for name, model in vars(readmodels).items():
        if isinstance(model, type) and issubclass(model, readmodels.ReadModel):
            for view in ("table", "record"):
                wanted += [(label, f"readmodels.{name}") for _key, label in model.columns(view)]
    return wanted


def test_dynamic_terms_are_translated(catalog: Catalog) -> None:
    wanted = _dynamic_msgids()
    assert any(where.startswith("readmodels.") for _msgid, where in wanted)
    problems = _untranslated(catalog, [(msgid, None, where) for msgid, where in wanted])
    assert not problems, (
        f"add these to {EXTRA.relative_to(ROOT)}, run scripts/update-translations and "
        "translate them:\n" + "\n".join(problems)
    )


def test_stage_and_validity_words_match_the_table_labels(catalog: Catalog) -> None:
    """'Document 3 is now 已签发' uses the same word as the stage column of the tables."""
    from normdocs.domain.stages import STAGE_LABELS_ZH, VALIDITY_LABELS_ZH

    for labels in (STAGE_LABELS_ZH, VALIDITY_LABELS_ZH):
        for member, label in labels.items():
            if member.value == "revoked" and labels is VALIDITY_LABELS_ZH:
                continue  # one msgid for both Stage.REVOKED and Validity.REVOKED
            message = catalog.get(member.value)
            assert message is not None, member
            assert message.string == label, (member, message.string, label)


# --- (b) compiled -------------------------------------------------------------------------


def _mo_messages(data: bytes) -> dict[tuple[Any, Any], Any]:
    def frozen(value: Any) -> Any:
        return tuple(value) if isinstance(value, list) else value

    return {(frozen(m.id), m.context): frozen(m.string) for m in read_mo(io.BytesIO(data)) if m.id}


def test_shipped_mo_is_the_compiled_po(catalog: Catalog, tmp_path: Path) -> None:
    compiled = tmp_path / "normdocs.mo"
    with compiled.open("wb") as f:
        write_mo(f, catalog, use_fuzzy=False)
    assert MO.exists(), "run scripts/update-translations"
    shipped = _mo_messages(MO.read_bytes())
    fresh = _mo_messages(compiled.read_bytes())
    stale = {k for k in shipped.keys() | fresh.keys() if shipped.get(k) != fresh.get(k)}
    assert not stale, f"normdocs.mo is stale, run scripts/update-translations: {sorted(stale)[:5]}"


def test_gettext_loads_the_shipped_catalog() -> None:
    translation = gettext.translation(
        "normdocs", localedir=LOCALE_DIR, languages=["zh_CN"], fallback=False
    )
    assert translation.gettext("there is no registry at {path}") != (
        "there is no registry at {path}"
    )


# --- (c) placeholders ---------------------------------------------------------------------


def _fields(text: str) -> Counter[str]:
    """The replacement fields of a str.format() template, with conversion and spec."""
    fields: Counter[str] = Counter()
    for _literal, name, spec, conversion in string.Formatter().parse(text):
        if name is not None:
            conversion = f"!{conversion}" if conversion else ""
            spec = f":{spec}" if spec else ""
            fields[f"{{{name}{conversion}{spec}}}"] += 1
    return fields


def test_placeholders_match(catalog: Catalog) -> None:
    problems = []
    for message in catalog:
        if not message.id or not _translated(message):
            continue
        ids = _ids(message)
        try:
            expected = _fields(ids[0])
        except ValueError:
            continue  # not a str.format() template: nothing to keep
        for text in _strings(message):
            try:
                got = _fields(text)
            except ValueError as exc:
                problems.append(f"{ids[0]!r}: translation is not a valid template ({exc})")
                continue
            if got != expected:
                problems.append(f"{ids[0]!r}: {dict(expected)} != {dict(got)} in {text!r}")
    assert not problems, "\n".join(problems)


def test_catalog_passes_babel_checks(catalog: Catalog) -> None:
    errors = [(m.id, [str(e) for e in errs]) for m, errs in catalog.check()]
    assert not errors


def _command_pattern() -> "re.Pattern[str]":
    """`normdocs [--db X] <sub-command> ...` up to a parenthesis, semicolon or the end."""
    import typer

    from normdocs.cli.app import app

    names = sorted(typer.main.get_command(app).commands, key=len, reverse=True)  # type: ignore[attr-defined]
    alternatives = "|".join(re.escape(n) for n in names)
    return re.compile(rf"normdocs(?: --db \S+)? (?:{alternatives})\b[^;()（]*")


def test_commands_and_option_names_are_kept(catalog: Catalog) -> None:
    """Commands (normdocs review revise ...) and option names (--note) stay as typed."""
    command = _command_pattern()
    problems = []
    for message in catalog:
        if not message.id or not _translated(message):
            continue
        msgid, text = _ids(message)[0], _strings(message)[0]
        options = set(re.findall(r"--[a-z][a-z-]*", msgid))
        commands = {c.rstrip(" .") for c in command.findall(msgid)}
        problems += [f"{msgid!r}: {o} missing in {text!r}" for o in options if o not in text]
        problems += [f"{msgid!r}: {c!r} missing in {text!r}" for c in commands if c not in text]
    assert not problems, "\n".join(problems)


# --- (d) end to end -----------------------------------------------------------------------


def _normdocs_command() -> list[str]:
    """The installed console script, looked for next to this Python first."""
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    exe = shutil.which("normdocs", path=path)
    return [exe] if exe else [sys.executable, "-m", "normdocs"]


def _run(tmp_path: Path, args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not (k.startswith(("LC_", "NORMDOCS_")) or k in ("LANG", "LANGUAGE"))
    }
    clean.update(env, PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [*_normdocs_command(), *args],
        cwd=tmp_path,
        env=clean,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


def _no_registry_zh(path: Path) -> str:
    zh = gettext.translation("normdocs", localedir=LOCALE_DIR, languages=["zh_CN"])
    return zh.gettext("there is no registry at {path}").format(path=path)


@pytest.fixture
def missing_db(tmp_path: Path) -> Path:
    path = tmp_path / "nonexistent" / "x.db"
    assert not path.exists()
    return path


@pytest.mark.slow
def test_cli_speaks_chinese_with_lang_zh(tmp_path: Path, missing_db: Path) -> None:
    result = _run(tmp_path, ["--lang", "zh", "--db", str(missing_db), "agency", "list"])
    assert result.returncode == 5, result.stderr
    assert _no_registry_zh(missing_db) in result.stderr
    assert "登记库" in result.stderr
    assert "there is no registry" not in result.stderr
    assert result.stdout == ""


@pytest.mark.slow
def test_cli_speaks_english_with_normdocs_lang_en(tmp_path: Path, missing_db: Path) -> None:
    # NORMDOCS_LANG wins over a Chinese locale.
    result = _run(
        tmp_path,
        ["--db", str(missing_db), "agency", "list"],
        NORMDOCS_LANG="en",
        LANG="zh_CN.UTF-8",
    )
    assert result.returncode == 5, result.stderr
    assert f"there is no registry at {missing_db}" in result.stderr
    assert "登记库" not in result.stderr


@pytest.mark.slow
def test_cli_follows_a_chinese_locale(tmp_path: Path, missing_db: Path) -> None:
    result = _run(tmp_path, ["--db", str(missing_db), "agency", "list"], LANG="zh_CN.UTF-8")
    assert result.returncode == 5, result.stderr
    assert _no_registry_zh(missing_db) in result.stderr
