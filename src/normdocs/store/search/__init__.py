"""The full-text index over titles and texts: index.py writes it (and says what it holds),
query.py searches it."""

from normdocs.store.search.index import (
    fold,
    forget_documents,
    index_documents,
    index_text,
    index_tokens,
    rebuild_index,
    reindex_if_indexed,
)
from normdocs.store.search.query import (
    Filters,
    MatchedDocument,
    OlderVersionMatch,
    TermPlan,
    VersionMatch,
    count_matches,
    current_versions,
    find_matches,
    older_version_matches,
    plan_term,
)

__all__ = [
    "Filters",
    "MatchedDocument",
    "OlderVersionMatch",
    "TermPlan",
    "VersionMatch",
    "count_matches",
    "current_versions",
    "find_matches",
    "fold",
    "forget_documents",
    "index_documents",
    "index_text",
    "index_tokens",
    "older_version_matches",
    "plan_term",
    "rebuild_index",
    "reindex_if_indexed",
]
