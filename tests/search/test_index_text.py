"""The string the SQLite index is written with is the space-joined tokens, short cut or not."""

from hypothesis import given
from hypothesis import strategies as st

from normdocs.store.search import index_text, index_tokens

# Titles and texts as they come: CJK, full-width punctuation, ASCII of every kind, whitespace
# of every kind (full-width space, line breaks, the ASCII separators str.split() knows).
TEXT = st.text(
    alphabet=st.sampled_from(
        list("行政处罚法关于的通知第一条（）《》，。、")
        + list("AZaz09.-_/()%")
        + [" ", "\u3000", "\n", "\t", "\x1c", "\x1f", "\x00", "\x7f", "\U000f002e"]
    ),
    max_size=40,
)


@given(TEXT)
def test_index_text_is_the_joined_tokens(text: str) -> None:
    assert index_text(text) == " ".join(index_tokens(text))


def test_titles_without_capitals_or_punctuation_are_indexed_as_they_are() -> None:
    assert index_text("关于2023年第12项工作的通知") == " ".join(
        index_tokens("关于2023年第12项工作的通知")
    )
    assert index_text("行政 处罚") == "行政 政 处罚 罚"
    assert index_text("") == ""
