"""A 文号 or registration number typed loosely finds the document, everywhere a REF is taken,
and search finds it and every document whose text cites it."""

from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.conftest import GOVERNMENT, Placed, Registry
from tests.console import console

from normdocs.domain.docnumber import CLOSE_BRACKETS, OPEN_BRACKETS
from normdocs.domain.stages import Stage
from normdocs.services.documents import new_document, show_document
from normdocs.services.search import search_documents

NUMBER = "元政发〔2026〕7号"
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")

renderings = st.builds(
    lambda pair, zeros, di, wide, brackets, space: (
        f"元政发{OPEN_BRACKETS[pair]}{space}{_wide('2026', wide)}{space}{CLOSE_BRACKETS[pair]}"
        f"{'第' if di else ''}{_wide('0' * zeros + '7', wide)}号"
        if brackets
        else f"元政发{_wide('2026', wide)}{'第' if di else ' '}{_wide('0' * zeros + '7', wide)}号"
    ),
    pair=st.integers(0, len(OPEN_BRACKETS) - 1),
    zeros=st.integers(0, 3),
    di=st.booleans(),
    wide=st.booleans(),
    brackets=st.booleans(),
    space=st.sampled_from(["", " "]),
)


def _wide(digits: str, wide: bool) -> str:
    return digits.translate(FULL_WIDTH) if wide else digits


def _numbered(
    registry_at: Callable[[str, Stage], tuple[Registry, Placed]], tmp_path: Path
) -> tuple[Registry, Placed, int]:
    registry, placed = registry_at("government", Stage.PROMULGATED)
    from normdocs.store.engine import transaction
    from normdocs.store.queries import update_document

    with transaction(registry.ctx.engine(), registry.ctx.db) as session:
        update_document(session, placed.id, {"doc_number": NUMBER})
    text = tmp_path / "citing.txt"
    text.write_text(
        "关于落实的通知\n根据元政发〔2026〕7号文件精神，制定本办法。\n", encoding="utf-8"
    )
    citing = new_document(registry.ctx, title="关于落实的通知", issuer=GOVERNMENT.name, file=text)
    return registry, placed, int(citing["id"])


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(typed=renderings)
def test_every_rendering_of_a_number_finds_the_same_document(
    registry_at: Callable[[str, Stage], tuple[Registry, Placed]], tmp_path: Path, typed: str
) -> None:
    global _cache
    if _cache is None or _cache[0] is not tmp_path:
        _cache = (tmp_path, *_numbered(registry_at, tmp_path))
    _path, registry, placed, citing = _cache
    assert show_document(registry.ctx, typed)["id"] == placed.id
    found = search_documents(registry.ctx, typed)
    assert {hit["id"] for hit in found.hits} == {placed.id, citing}


_cache: tuple[Path, Registry, Placed, int] | None = None


def test_a_registration_number_in_another_style_is_found_by_the_console(
    registry_at: Callable[[str, Stage], tuple[Registry, Placed]], tmp_path: Path
) -> None:
    registry, placed = registry_at("government", Stage.PROMULGATED)
    registered = registry.document(placed.ref)["registration_no"]
    assert registered.endswith("〔2026〕001"), registered
    (tmp_path / "home").mkdir()
    run = console(tmp_path / "home", registry.path)
    for typed in ("ND[2026]1", "ND（2026）第001号", "nd[2026]01"):
        shown = run("doc", "show", typed, "--format", "json")
        assert f'"registration_no": "{registered}"' in shown.out
        history = run("doc", "history", typed)
        assert history.code == 0
    missing = run("doc", "show", "ND[2026]2", expect=None)
    assert missing.code != 0
    assert "no document ND[2026]2" in missing.err


def test_a_loose_number_is_found_by_the_console_and_search_finds_its_citations(
    registry_at: Callable[[str, Stage], tuple[Registry, Placed]], tmp_path: Path
) -> None:
    registry, placed, citing = _numbered(registry_at, tmp_path)
    (tmp_path / "home").mkdir()
    run = console(tmp_path / "home", registry.path)
    for typed in ("元政发[2026]第7号", "元政发2026第7号", "元政发〔2026〕007号"):
        shown = run("doc", "show", typed, "--format", "json")
        assert f'"id": {placed.id},' in shown.out
        found = run("search", typed, "--format", "json")
        assert f'"id": {placed.id},' in found.out and f'"id": {citing},' in found.out
