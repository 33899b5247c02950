"""Admin for the people who keep the lists of units and organizations, and record mergers."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from organizations import services
from organizations.forms import UnitMergeForm
from organizations.models import AdministrativeUnit, OrganizationLineage, PartyOrganization, UnitLineage, UserScope
from organizations.signals import announce_figures
from organizations.text import fold


class FoldedSearchMixin:
    """Admin search that ignores case and diacritics on SQLite and PostgreSQL alike ("ha giang" finds "Hà Giang").

    Models keep a folded copy of their name in `search_name`; the term is folded the same way. Codes match exactly.
    """

    folded_search_field = "search_name"
    code_search_field = "code"

    def get_search_results(self, request: HttpRequest, queryset: QuerySet, search_term: str):
        term = search_term.strip()
        if not term:
            return queryset, False
        condition = Q(**{f"{self.folded_search_field}__contains": fold(term)})
        if self.code_search_field:
            condition |= Q(**{self.code_search_field: term})
        return queryset.filter(condition), False


class InForceFilter(admin.SimpleListFilter):
    title = _("hiệu lực")
    parameter_name = "in_force"

    def lookups(self, request, model_admin):
        return [("current", _("Đang hiệu lực")), ("closed", _("Đã hết hiệu lực"))]

    def queryset(self, request, queryset):
        if self.value() == "current":
            return queryset.filter(valid_to__isnull=True)
        if self.value() == "closed":
            return queryset.filter(valid_to__isnull=False)
        return queryset


class PredecessorInline(admin.TabularInline):
    model = UnitLineage
    fk_name = "successor"
    extra = 0
    autocomplete_fields = ["predecessor"]
    verbose_name = _("hình thành từ")
    verbose_name_plural = _("hình thành từ")


class SuccessorInline(PredecessorInline):
    fk_name = "predecessor"
    autocomplete_fields = ["successor"]
    verbose_name = _("sáp nhập vào")
    verbose_name_plural = _("sáp nhập vào")


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(FoldedSearchMixin, SimpleHistoryAdmin):
    list_display = ["name", "code", "kind", "parent", "valid_from", "valid_to", "is_border", "is_highland"]
    list_filter = [
        "level", InForceFilter, "kind", "is_border", "is_highland", "is_ethnic_minority", "is_extremely_difficult"
    ]
    search_fields = ["search_name"]
    search_help_text = _("Tên (có dấu hoặc không dấu) hoặc mã.")
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]
    show_full_result_count = False
    list_per_page = 50
    inlines = [PredecessorInline, SuccessorInline]
    actions = ["merge_units"]
    fieldsets = [
        (None, {"fields": ["code", "name", "kind", "parent", "valid_from", "valid_to", "note"]}),
        (_("Đặc điểm địa bàn"), {"fields": ["is_border", "is_highland", "is_ethnic_minority", "is_extremely_difficult"]}),
    ]

    def save_model(self, request, obj: AdministrativeUnit, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        # Area flags, dates of validity and lineage decide figures by area and "as of today".
        announce_figures(AdministrativeUnit, unit_ids=[obj.pk])

    def save_related(self, request, form, formsets, change: bool) -> None:
        unit = form.instance
        lineage = UnitLineage.objects.filter(Q(predecessor=unit) | Q(successor=unit))
        before = list(lineage.values_list("predecessor_id", "successor_id"))
        super().save_related(request, form, formsets, change)
        pairs = before + list(lineage.values_list("predecessor_id", "successor_id"))
        announce_figures(AdministrativeUnit, unit_ids=[unit.pk, *(pk for pair in pairs for pk in pair)])

    def delete_model(self, request, obj: AdministrativeUnit) -> None:
        pk = obj.pk
        super().delete_model(request, obj)
        announce_figures(AdministrativeUnit, unit_ids=[pk])

    def delete_queryset(self, request, queryset: QuerySet[AdministrativeUnit]) -> None:
        ids = list(queryset.values_list("pk", flat=True))
        with transaction.atomic():
            super().delete_queryset(request, queryset)
            announce_figures(AdministrativeUnit, unit_ids=ids)

    @admin.action(description=_("Ghi nhận sáp nhập các đơn vị đã chọn vào một đơn vị"))
    def merge_units(self, request: HttpRequest, queryset: QuerySet[AdministrativeUnit]):
        form = UnitMergeForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            try:
                lineage = services.units_merge(
                    predecessors=list(queryset),
                    successor=form.cleaned_data["successor"],
                    effective_date=form.cleaned_data["effective_date"],
                    legal_basis=form.cleaned_data["legal_basis"],
                )
            except ValidationError as error:
                for field, problems in error.message_dict.items():
                    target = "successor_code" if field == "successor" else field
                    form.add_error(target if target in form.fields else None, problems)
            else:
                self.message_user(
                    request,
                    _("Đã ghi nhận sáp nhập %(count)d đơn vị vào %(successor)s.")
                    % {"count": len(lineage), "successor": form.cleaned_data["successor"]},
                    messages.SUCCESS,
                )
                return None
        return TemplateResponse(
            request,
            "admin/organizations/merge_units.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Ghi nhận sáp nhập"),
                "units": queryset,
                "form": form,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )


class _AnnouncesLineage:
    """Saving or deleting lineage changes "boundaries as of today": the units on both ends are announced."""

    def _ends(self, obj) -> list[int]:
        before = type(obj).objects.filter(pk=obj.pk).values_list("predecessor_id", "successor_id").first() or ()
        return [obj.predecessor_id, obj.successor_id, *before]

    def save_model(self, request, obj, form, change: bool) -> None:
        ends = self._ends(obj)
        super().save_model(request, obj, form, change)
        announce_figures(type(obj), unit_ids=ends)

    def delete_model(self, request, obj) -> None:
        ends = self._ends(obj)
        super().delete_model(request, obj)
        announce_figures(type(obj), unit_ids=ends)

    def delete_queryset(self, request, queryset) -> None:
        ends = [pk for pair in queryset.values_list("predecessor_id", "successor_id") for pk in pair]
        with transaction.atomic():
            super().delete_queryset(request, queryset)
            announce_figures(queryset.model, unit_ids=ends)


@admin.register(UnitLineage)
class UnitLineageAdmin(_AnnouncesLineage, admin.ModelAdmin):
    list_display = ["predecessor", "successor", "change", "is_partial", "effective_date", "legal_basis"]
    list_filter = ["change", "is_partial", "effective_date"]
    list_select_related = ["predecessor", "successor"]
    autocomplete_fields = ["predecessor", "successor"]
    search_fields = ["predecessor__search_name", "successor__search_name"]
    show_full_result_count = False

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        term = fold(search_term)
        return queryset.filter(Q(predecessor__search_name__contains=term) | Q(successor__search_name__contains=term)), False


class OrganizationLineageInline(admin.TabularInline):
    model = OrganizationLineage
    fk_name = "successor"
    extra = 0
    autocomplete_fields = ["predecessor"]
    verbose_name = _("hợp nhất từ")
    verbose_name_plural = _("hợp nhất từ")


@admin.register(PartyOrganization)
class PartyOrganizationAdmin(FoldedSearchMixin, SimpleHistoryAdmin):
    list_display = ["name", "code", "kind", "parent", "province", "founded", "dissolved"]
    list_filter = ["kind", "sector", ("dissolved", admin.EmptyFieldListFilter), "province"]
    search_fields = ["search_name"]
    search_help_text = _("Tên (có dấu hoặc không dấu) hoặc mã.")
    list_select_related = ["parent", "province"]
    # Pickers that search as one types (250,000 organizations, 80,000 units): see FoldedSearchMixin.
    autocomplete_fields = ["parent", "province", "admin_unit", "villages"]
    show_full_result_count = False
    inlines = [OrganizationLineageInline]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "province":
            kwargs["queryset"] = AdministrativeUnit.objects.provinces()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj: PartyOrganization, form, change: bool) -> None:
        # Its kind names its ratings' subject; its parent decides whose cycle holds its returns.
        before = PartyOrganization.objects.filter(pk=obj.pk).values_list("parent_id", flat=True).first()
        super().save_model(request, obj, form, change)
        announce_figures(PartyOrganization, organization_ids=[obj.pk, obj.parent_id, before], years=None)

    def delete_model(self, request, obj: PartyOrganization) -> None:
        ids = [obj.pk, obj.parent_id]
        super().delete_model(request, obj)
        announce_figures(PartyOrganization, organization_ids=ids, years=None)

    def delete_queryset(self, request, queryset: QuerySet[PartyOrganization]) -> None:
        ids = [pk for pair in queryset.values_list("pk", "parent_id") for pk in pair]
        with transaction.atomic():
            super().delete_queryset(request, queryset)
            announce_figures(PartyOrganization, organization_ids=ids, years=None)


@admin.register(OrganizationLineage)
class OrganizationLineageAdmin(admin.ModelAdmin):
    list_display = ["predecessor", "successor", "effective_date", "legal_basis"]
    list_select_related = ["predecessor", "successor"]
    autocomplete_fields = ["predecessor", "successor"]


@admin.register(UserScope)
class UserScopeAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "organization"]
    list_filter = ["role"]
    list_select_related = ["user", "organization"]
    raw_id_fields = ["user"]
    autocomplete_fields = ["organization"]
    search_fields = ["user__username"]

from organizations import admin_audit  # noqa: E402,F401  (registers the audit trail after the models admins)
