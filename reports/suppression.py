"""Small member counts are hidden so that no person can be singled out, and hidden so that they stay hidden.

The rule (one place for the comparison, trends, province panels, drill-downs and every export): a count of 1 to 4
members from detailed ratings is not shown ("<5", primary suppression). A line of a table (one province or
organization, year, population and source, its four tiers across) is tied together by arithmetic: the tiers add
up to the total, and each share is a count over the total. So on a line with a hidden count, the total and every
share are hidden too (secondary suppression); the other tiers' counts stay. From what is left, no sum or difference
gives the hidden count back: the only relation that holds it, "tiers add up to the total", lost its total.
Zeros are shown: 0 members singles nobody out. Published figures (summary returns, the articles) are never hidden.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from django.utils.formats import number_format

from ratings.models import Subject
from reports.models import Source

SUPPRESS_BELOW = 5
MARK = f"<{SUPPRESS_BELOW}"


def is_small(count: int | None) -> bool:
    return count is not None and 0 < count < SUPPRESS_BELOW


def personal(subject: str, source: str) -> bool:
    """Figures that count people from their own records: members' detailed ratings."""
    return subject == Subject.MEMBER and source == Source.DETAIL


def protect(rows: list[dict], *, line: Callable[[dict], Hashable], subject: Callable[[dict], str]) -> list[dict]:
    """Hide small member counts and what would give them back, in place; each row is one tier of a line with
    "count", "share", "total" and "source". Sets "suppressed" (this count is hidden) and "protected" (this line's
    total and shares are hidden because of a count hidden on it). Returns the rows."""
    hidden_lines = set()
    for row in rows:
        row["suppressed"] = personal(subject(row), row["source"]) and is_small(row["count"])
        if row["suppressed"]:
            hidden_lines.add(line(row))
    for row in rows:
        row["protected"] = line(row) in hidden_lines
        if row["suppressed"]:
            row["count"] = None
        if row["protected"]:
            row["share"] = None
            row["total"] = None
    return rows


def count_text(row: dict) -> str:
    """A count as shown: "<5" when hidden, "—" when the source gives none, else the number in the active
    language's format (1.336 in Vietnamese, 1,336 in English)."""
    if row.get("suppressed"):
        return MARK
    return "—" if row.get("count") is None else number_format(row["count"], force_grouping=True)
