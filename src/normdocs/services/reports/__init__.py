"""Reports from the registry (备案材料, 审核意见书, 清理结果, 现行有效目录, 考核数据, 审核台账): built
in one read transaction on a registry that may be read-only, as of an injected day, and written
through services.outputs. Nothing here writes to the registry.

One module a report; output.py renders and writes any of them, common.py holds what they share.
"""

from normdocs.services.reports.catalog import catalog
from normdocs.services.reports.cleanup import cleanup
from normdocs.services.reports.common import NothingToReport
from normdocs.services.reports.filing import FILING_PARTS, filing_package, save_filing
from normdocs.services.reports.ledger import ledger
from normdocs.services.reports.opinion import opinion, opinion_blocks
from normdocs.services.reports.output import FORMATS, Written, output_format, read, render, save
from normdocs.services.reports.stats import RATES, explain, rate_code, stats, stats_facts

__all__ = [
    "FILING_PARTS",
    "FORMATS",
    "RATES",
    "NothingToReport",
    "Written",
    "catalog",
    "cleanup",
    "explain",
    "filing_package",
    "ledger",
    "opinion",
    "opinion_blocks",
    "output_format",
    "rate_code",
    "read",
    "render",
    "save",
    "save_filing",
    "stats",
    "stats_facts",
]
