"""Search finds exactly the documents that contain the term — the same as Python's `in` — for
terms of 1, 2, 3–8 characters, with punctuation and spaces, in any ASCII case, whichever way the
page is fetched."""

from contextlib import contextmanager
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from searchcorpus import ALPHABET, ODD, Corpus, ids

import normdocs.store.search.query as search_store
from normdocs.services.search import search_documents
from normdocs.store.search import fold, index_tokens, plan_term

STRATEGIES = ("walk", "short walk", "sort")


@contextmanager
def page_by(strategy: str) -> Any:
    """Force the page to be found by walking the documents newest first as far as needed, by a
    walk cut short after 100 documents (then the sort takes over), or by sorting all matches."""
    ratio, slack = {"walk": (0, 10**9), "short walk": (0, 0), "sort": (10**9, 1)}[strategy]
    with (
        mock.patch.object(search_store, "WALK_COST_RATIO", ratio),
        mock.patch.object(search_store, "WALK_SLACK", slack),
    ):
        yield


def search_all(corpus: Corpus, term: str, **filters: Any) -> tuple[int, list[int]]:
    result = search_documents(corpus.ctx, term, limit=1000, **filters)
    return result.total, ids(result.hits)


# --- the tokens ---------------------------------------------------------------------------


def test_tokens_are_bigrams_of_each_run_then_its_last_character():
    dot = chr(0xF0000 + ord("."))  # ASCII punctuation is indexed as a private-use character
    assert index_tokens("PM2.5标准，处罚\n款项。 第一条 A") == [
        "pm", "m2", "2" + dot, dot + "5", "5标", "标准", "准，", "，处", "处罚", "罚",
        "款项", "项。", "。",
        "第一", "一条", "条",
        "a",
    ]  # fmt: skip


def test_a_term_is_a_phrase_of_its_bigrams_and_one_character_a_prefix():
    assert plan_term("行政处罚").fts_query() == '"行政 政处 处罚"'
    assert plan_term(" 罚 ").fts_query() == '"罚" *'
    assert plan_term("《中华》").fts_query() == '"《中 中华 华》"'
    # A run followed by a space in the term ends there: its last character is a token.
    assert plan_term("行政 处罚").fts_query() == '"行政 政 处罚"'
    assert plan_term("行政 罚").fts_query() == '"行政 政 罚" *'


def test_only_terms_with_spaces_or_ascii_punctuation_are_confirmed_on_sqlite():
    assert plan_term("罚").exact_in_index("sqlite")
    assert plan_term("《中华人民共和国》").exact_in_index("sqlite")
    assert plan_term("Pm2").exact_in_index("sqlite")
    assert not plan_term("PM2.5").exact_in_index("sqlite")
    assert not plan_term("行政 处罚").exact_in_index("sqlite")
    # PostgreSQL's tsvector has no positions: only one bigram or character is exact there.
    assert plan_term("罚款").exact_in_index("postgresql")
    assert not plan_term("行政处罚").exact_in_index("postgresql")


@pytest.mark.parametrize("term", ["，。", "   ", "《》", "—…", "_"])
def test_a_term_without_letters_or_digits_has_no_plan(term):
    assert plan_term(term) is None


# --- exactness against Python's `in` --------------------------------------------------------


@pytest.mark.parametrize("strategy", STRATEGIES)
@pytest.mark.parametrize(
    "term",
    [
        "罚",  # one character: the prefix query
        "a",  # one ASCII letter, either case
        "罚款",  # two characters: one bigram
        "许可",
        "pm",
        "行政处",  # three and more: phrases
        "中华人民",
        "中华人民共和国法",  # eight characters
        "PM2.5",  # Latin, digits and a full stop
        "可。行",  # punctuation inside
        "5.",  # ASCII punctuation, and the private-use character it is indexed as
        "5" + ODD,
        "国 法",  # a space inside
        "罚款罚款罚款罚款罚款",  # longer than any document has
    ],
)
def test_fixed_terms_find_what_in_finds(corpus, term, strategy):
    expected = corpus.expected(term)
    with page_by(strategy):
        total, found = search_all(corpus, term)
    assert (total, found) == (len(expected), expected)


def test_the_walk_finds_the_page_without_sorting_all_matches(corpus):
    with page_by("walk"), mock.patch.object(search_store, "_sorted") as sorted_:
        result = search_documents(corpus.ctx, "中华", limit=5)
    assert not sorted_.called
    assert ids(result.hits) == corpus.expected("中华")[:5]


def test_the_fixed_terms_are_not_trivial(corpus):
    """The corpus has hits for the short terms and misses for the long one (tests can fail)."""
    assert len(corpus.expected("罚")) > 100
    assert 0 < len(corpus.expected("中华人民")) < len(corpus.expected("中华"))
    assert corpus.expected("PM2.5") and corpus.expected("可。行")
    assert corpus.expected("5.") and corpus.expected("5" + ODD)
    assert corpus.expected("罚款罚款罚款罚款罚款") == []


@st.composite
def terms(draw: st.DrawFn, corpus: Corpus) -> str:
    """A piece of a document's title or text (so that it is found), or random characters;
    ASCII letters in random case; 1–8 characters."""
    if draw(st.booleans()):
        doc = draw(st.sampled_from(corpus.docs))
        source = draw(st.sampled_from([doc.title, doc.text or doc.title]))
        length = draw(st.integers(1, min(8, len(source))))
        start = draw(st.integers(0, len(source) - length))
        term = source[start : start + length]
    else:
        term = draw(st.text(alphabet=ALPHABET, min_size=1, max_size=8))
    flips = draw(st.lists(st.booleans(), min_size=len(term), max_size=len(term)))
    term = "".join(
        ch.swapcase() if flip and ch.isascii() else ch for ch, flip in zip(term, flips, strict=True)
    )
    if plan_term(term) is None:
        return "罚"
    return term


@pytest.mark.slow
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_term_finds_what_in_finds(corpus, data):
    term = data.draw(terms(corpus), label="term")
    issuer_id = data.draw(st.sampled_from([None, 1, 2]), label="issuer")
    year = data.draw(st.sampled_from([None, 2016, 2020]), label="year")
    issuer = {None: None, 1: "元宝山区人民政府", 2: "元宝山区教育局"}[issuer_id]
    expected = corpus.expected(term, issuer_id=issuer_id, year=year)
    for strategy in STRATEGIES:
        with page_by(strategy):
            total, found = search_all(corpus, term, issuer=issuer, year=year)
        assert (total, found) == (len(expected), expected), strategy


def test_pages_put_together_are_the_whole_list(corpus):
    expected = corpus.expected("罚")
    pages: list[int] = []
    for offset in range(0, len(expected) + 7, 7):
        result = search_documents(corpus.ctx, "罚", limit=7, offset=offset)
        assert result.total == len(expected)
        pages.extend(ids(result.hits))
    assert pages == expected


def test_every_snippet_shows_the_term_at_its_offsets(corpus):
    for term in ("罚", "pm", "中华人民", "可。行", "国 法"):
        result = search_documents(corpus.ctx, term, limit=1000)
        assert result.hits
        for hit in result.hits:
            shown = hit["snippet"][hit["match_start"] : hit["match_end"]]
            assert fold(shown) == fold(" ".join(term.split("\n"))), hit
            doc = next(d for d in corpus.docs if d.id == hit["id"])
            source = doc.text if hit["snippet_source"] == "text" else doc.title
            assert source is not None
            assert fold(source[hit["match_offset"] :]).startswith(fold(term))
            assert hit["occurrences"] == fold(doc.title).count(fold(term)) + fold(
                doc.text or ""
            ).count(fold(term))
