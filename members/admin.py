"""Admin of the members app. Events are append-only here too: admins read them; writes go through the services."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from members import services
from members.models import (
    AdmissionTarget,
    AwarenessClass,
    CellRole,
    Ethnicity,
    KeyCadre,
    Member,
    MemberEvent,
    PersonalDataAccess,
    VillageHead,
)
from members.services.records import PERSONAL_FIELDS, check_birth
from organizations.admin import FoldedSearchMixin
from organizations.text import fold

_EVENT_FIELDS = [
    "kind", "date", "from_cell", "to_cell", "transfer_scope", "discipline_level", "deciding_body", "corrects", "note",
    "recorded_by", "recorded_at",
]


class ReadOnlyAdmin(admin.ModelAdmin):
    """A record kept as written: admins read it, nobody adds, changes or deletes it here."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Ethnicity)
class EthnicityAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["name", "code"]

    def get_search_results(self, request, queryset, search_term):
        # 54 rows without a folded column: fold in Python so "thai" finds "Thái".
        term = fold(search_term)
        if not term:
            return queryset, False
        ids = [pk for pk, code, name in queryset.values_list("pk", "code", "name") if term in fold(name) or term == code]
        return queryset.filter(pk__in=ids), False


class MemberEventInline(admin.TabularInline):
    model = MemberEvent
    fk_name = "member"
    fields = _EVENT_FIELDS
    readonly_fields = _EVENT_FIELDS
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("from_cell", "to_cell", "corrects", "recorded_by")


class MemberAdminForm(forms.ModelForm):
    """The service's birth rules, checked while the form can still show them on the field (not a server error)."""

    class Meta:
        model = Member
        fields = list(PERSONAL_FIELDS)

    def clean(self):
        cleaned = super().clean()
        birth_date = cleaned.get("birth_date")
        if "birth_date" in self.errors or "birth_year" in self.errors:
            return cleaned
        birth_year = cleaned.get("birth_year") or (birth_date.year if birth_date else None)
        try:
            check_birth(birth_date=birth_date, birth_year=birth_year, admitted_on=self.instance.admitted_on)
        except ValidationError as error:
            for field, errors in error.error_dict.items():
                self.add_error(field, errors)
        return cleaned


@admin.register(Member)
class MemberAdmin(FoldedSearchMixin, SimpleHistoryAdmin):
    form = MemberAdminForm
    list_display = ["full_name", "gender", "birth_year", "ethnicity", "cell", "status", "admitted_on", "official_on"]
    list_filter = ["status", "gender", "exempt_from_activities", "ethnicity"]
    list_select_related = ["cell", "ethnicity"]
    search_fields = ["search_name", "card_number"]
    code_search_field = "card_number"
    show_full_result_count = False
    readonly_fields = ["cell", "admitted_on", "official_on", "status", "exempt_from_activities", "version"]
    fields = [*PERSONAL_FIELDS, *readonly_fields]
    inlines = [MemberEventInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # An admission is an event: it is recorded on the "Kết nạp đảng viên mới" page, which checks the rules.
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def save_model(self, request, obj: Member, form, change: bool) -> None:
        # The admin form has validated (uniqueness included); the service re-checks under the row lock.
        changed = {name: form.cleaned_data[name] for name in form.changed_data if name in PERSONAL_FIELDS}
        services.member_update(member=obj, recorded_by=request.user, **changed)


@admin.register(MemberEvent)
class MemberEventAdmin(ReadOnlyAdmin):
    list_display = ["member", "kind", "date", "from_cell", "to_cell", "discipline_level", "corrects", "recorded_at"]
    list_filter = ["kind", "discipline_level", "transfer_scope"]
    list_select_related = ["member", "from_cell", "to_cell", "corrects"]
    search_fields = ["member__search_name", "member__card_number"]
    date_hierarchy = "date"
    show_full_result_count = False
    readonly_fields = ["member", *_EVENT_FIELDS]
    fields = ["member", *_EVENT_FIELDS]

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        return queryset.filter(member__search_name__contains=fold(term)) | queryset.filter(
            member__card_number=term
        ), False


@admin.register(AwarenessClass)
class AwarenessClassAdmin(admin.ModelAdmin):
    list_display = ["cell", "year", "attendees"]
    list_filter = ["year"]
    list_select_related = ["cell"]
    autocomplete_fields = ["cell"]
    search_fields = ["cell__search_name"]


@admin.register(AdmissionTarget)
class AdmissionTargetAdmin(admin.ModelAdmin):
    list_display = ["organization", "year", "minimum", "maximum"]
    list_filter = ["year"]
    list_select_related = ["organization"]
    autocomplete_fields = ["organization"]
    search_fields = ["organization__search_name"]


@admin.register(CellRole)
class CellRoleAdmin(admin.ModelAdmin):
    list_display = ["cell", "role", "member", "term_start", "term_end"]
    list_filter = ["role"]
    list_select_related = ["cell", "member"]
    autocomplete_fields = ["cell", "member"]
    search_fields = ["member__search_name", "cell__search_name"]


@admin.register(VillageHead)
class VillageHeadAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = ["full_name", "village", "is_party_member", "term_start", "term_end"]
    list_filter = ["is_party_member"]
    list_select_related = ["village", "member"]
    autocomplete_fields = ["village", "member"]
    search_fields = ["search_name"]
    code_search_field = ""


@admin.register(KeyCadre)
class KeyCadreAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = ["full_name", "title", "organization", "qualification", "theory_level", "is_rotated", "term_start",
                    "term_end"]
    list_filter = ["title", "qualification", "theory_level", "is_rotated", "is_full_time"]
    list_select_related = ["organization", "member"]
    autocomplete_fields = ["organization", "member"]
    search_fields = ["search_name"]
    code_search_field = ""


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(ReadOnlyAdmin):
    """The access log, read-only: who viewed, exported or imported members' records, when and what."""

    list_display = ["at", "user", "action", "what", "records", "full_citizen_ids"]
    list_filter = ["action", "full_citizen_ids", "at"]
    search_fields = ["user__username", "what"]
    date_hierarchy = "at"
    list_select_related = ["user"]
    show_full_result_count = False
