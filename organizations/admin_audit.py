"""The audit trail for admins: who changed which organization, unit, member, rating or summary return, when, and
from what to what. Read from django-simple-history's tables, which each change writes in its own transaction."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from members.models import Member
from organizations.models import AdministrativeUnit, PartyOrganization
from ratings.models import Rating, ReviewCycle, SummaryCount, SummaryReturn

# Columns that change on every save and say nothing to a reader.
_NOISE = {"version", "search_name"}


class AuditAdmin(admin.ModelAdmin):
    """Read-only list of one model's history rows, filterable by who, when and what kind of change."""

    list_display = ["history_date", "history_user", "history_type", "subject", "changes"]
    list_filter = ["history_type", ("history_user", admin.RelatedOnlyFieldListFilter), "history_date"]
    list_select_related = ["history_user"]
    date_hierarchy = "history_date"
    show_full_result_count = False
    list_per_page = 50
    ordering = ["-history_date", "-history_id"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return request.user.is_active and request.user.is_superuser

    @admin.display(description=_("đối tượng"))
    def subject(self, record) -> str:
        return f"{record.instance} (#{record.id})"

    @admin.display(description=_("thay đổi (trước → sau)"))
    def changes(self, record) -> str:
        previous = record.prev_record
        if previous is None:
            return "—"
        delta = record.diff_against(previous, excluded_fields=_NOISE)
        return format_html_join(
            "", "<div><b>{}</b>: {} → {}</div>", ((c.field, c.old, c.new) for c in delta.changes)
        ) or "—"


def _register(model: type[Model], search_fields: list[str]) -> None:
    historical = model.history.model
    admin.site.register(historical, type(f"{historical.__name__}Admin", (AuditAdmin,), {"search_fields": search_fields}))


_register(PartyOrganization, ["code", "name"])
_register(AdministrativeUnit, ["code", "name"])
_register(Member, ["card_number", "full_name"])
_register(Rating, ["organization__code", "member__card_number"])
_register(SummaryReturn, ["reporting_organization__code"])
_register(SummaryCount, ["summary_return__reporting_organization__code"])
_register(ReviewCycle, ["organization__code"])
