"""The preview of a checked file: every row that changes, field by field (old → new), and every row with a warning,
filtered and paged. Rows are plain JSON (kept with the checked file), so any import can show them the same way."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.utils.http import urlencode
from django.utils.translation import gettext as _

PER_PAGE = 50
SHOWS = ("all", "changed", "warnings")


def shown_value(value) -> str:
    """A stored or new value as people read it ("" for nothing)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("có") if value else _("không")
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(getattr(value, "label_vi", value))


def rows_of(changes: Iterable, warnings: Mapping[str, list[str]], labels: Mapping[str, str] | None = None) -> list:
    """The rows worth showing (a change or a warning) as JSON: ref, subject, year, action, fields, warnings.

    `changes` are objects with ref, subject, year, action and fields [(name, old, new)]; `labels` names fields."""
    labels = labels if labels is not None else field_labels()
    rows = []
    for change in changes:
        row_warnings = list(warnings.get(change.ref, []))
        if change.action == "unchanged" and not row_warnings:
            continue
        rows.append({"ref": change.ref, "subject": change.subject, "year": change.year, "action": change.action,
                     "fields": [[labels.get(name, name), shown_value(old), shown_value(new)]
                                for name, old, new in change.fields],
                     "warnings": row_warnings})
    return rows


def field_labels() -> dict[str, str]:
    from ratings.models import Rating

    return {f.name: str(f.verbose_name) for f in Rating._meta.get_fields() if hasattr(f, "verbose_name")}


def preview_page(rows: list[dict], params: Mapping[str, str], *, extra: Mapping[str, str] | None = None) -> dict:
    """The template context of one page of the preview, filtered by `params` ("show", "page")."""
    show = params.get("show") if params.get("show") in SHOWS else "all"
    chosen = [row for row in rows if show == "all" or (show == "changed" and row["action"] != "unchanged")
              or (show == "warnings" and row["warnings"])]
    page: Page = Paginator(chosen, PER_PAGE).get_page(params.get("page"))
    return {"preview_page": page, "preview_show": show, "preview_query": urlencode({**(extra or {}), "show": show}),
            "preview_base": urlencode(extra or {}),
            "preview_counts": {"all": len(rows), "changed": sum(1 for r in rows if r["action"] != "unchanged"),
                               "warnings": sum(1 for r in rows if r["warnings"])}}
