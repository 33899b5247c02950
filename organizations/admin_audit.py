"""The audit trail for admins: who changed which organization, unit, member, rating or summary return, when, and
from what to what. Read from django-simple-history's tables, which each change writes in its own transaction."""

from __future__ import annotations

import datetime

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model
from django.http import HttpRequest
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from members.models import Member
from organizations.models import AdministrativeUnit, PartyOrganization
from ratings.models import Rating, ReviewCycle, SummaryCount, SummaryReturn

# Columns that change on every save and say nothing to a reader.
_NOISE = {"version", "search_name"}


_KINDS = {"+": _("Tạo mới"), "~": _("Sửa"), "-": _("Xóa")}


class _KindFilter(admin.SimpleListFilter):
    title = _("loại thay đổi")
    parameter_name = "history_type__exact"

    def lookups(self, request, model_admin):
        return list(_KINDS.items())

    def queryset(self, request, queryset):
        return queryset.filter(history_type=self.value()) if self.value() in _KINDS else queryset


class _UserFilter(admin.RelatedOnlyFieldListFilter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = _("người thay đổi")


class _DateFilter(admin.DateFieldListFilter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = _("thời điểm")


class AuditAdmin(admin.ModelAdmin):
    """Read-only list of one model's history rows, filterable by who, when and what kind of change; fields and
    values as users know them (labels, level names, user names, status labels), not columns and ids."""

    list_display = ["when", "who", "kind", "subject", "changes"]
    list_filter = [_KindFilter, ("history_user", _UserFilter), ("history_date", _DateFilter)]
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

    @admin.display(description=_("thời điểm"), ordering="history_date")
    def when(self, record) -> str:
        return date_format(localtime(record.history_date), "SHORT_DATETIME_FORMAT")

    @admin.display(description=_("người thay đổi"), ordering="history_user")
    def who(self, record) -> str:
        return _user_name(record.history_user) if record.history_user else "—"

    @admin.display(description=_("loại thay đổi"), ordering="history_type")
    def kind(self, record) -> str:
        return str(_KINDS.get(record.history_type, record.history_type))

    @admin.display(description=_("đối tượng"))
    def subject(self, record) -> str:
        return f"{record.instance} (#{record.id})"

    @admin.display(description=_("thay đổi (trước → sau)"))
    def changes(self, record) -> str:
        previous = record.prev_record
        if previous is None:
            return "—"
        delta = record.diff_against(previous, excluded_fields=_NOISE)
        model = record.instance_type
        rows = ((_label(model, c.field), _value(model, c.field, c.old), _value(model, c.field, c.new))
                for c in delta.changes)
        return format_html_join("", "<div><b>{}</b>: {} → {}</div>", rows) or "—"


def _user_name(user) -> str:
    return user.get_full_name() or user.get_username()


def _label(model: type[Model], name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


def _value(model: type[Model], name: str, value) -> str:
    """A value as users know it: a level's or a user's name rather than an id, a status's label, a date d/m/Y."""
    if value is None or value == "":
        return "—"
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return str(value)
    if field.is_relation and field.related_model is not None:
        related = field.related_model._default_manager.filter(pk=value).first()
        if related is None:
            return f"#{value}"
        return _user_name(related) if field.related_model is get_user_model() else str(related)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(_("có") if value else _("không"))
    if isinstance(value, datetime.datetime):
        return date_format(localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    return str(value)


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
