"""Admin for schemes (a new regulation is a new row), ratings, cycles and summary returns, with history."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _
from import_export.admin import ExportMixin
from simple_history.admin import SimpleHistoryAdmin

from organizations.selectors import reporting_unit
from organizations.signals import announce_figures
from ratings import engine, placement, services
from ratings.cycles import is_locked, lock_cycles
from ratings.models import Level, Rating, ReviewCycle, Rule, Scheme, SummaryCount, SummaryReturn
from ratings.schemes import MEMBER, ORGANIZATION, SchemeBook, schemes_by_period
from ratings.spreadsheets.resources import MemberRatingResource, OrganizationRatingResource


class LevelForm(forms.ModelForm):
    class Meta:
        model = Level
        fields = ("tier", "label_vi", "label_en", "min_score")

    def clean_tier(self) -> int:
        tier = self.cleaned_data["tier"]
        # Years are compared through the tier: moving a level in use would silently change kept (approved) years.
        if self.instance.pk and tier != self.instance.tier and Rating.objects.filter(level=self.instance).exists():
            raise forms.ValidationError(_("Mức này đã được dùng trong các kết quả xếp loại; không đổi được bậc."))
        return tier


class LevelInline(admin.TabularInline):
    model = Level
    form = LevelForm
    extra = 0


class RuleInline(admin.StackedInline):
    """Each rule with where it is written and whether that is confirmed (unconfirmed rules only warn)."""

    model = Rule
    extra = 0
    fields = (("code", "kind", "tier", "value", "position"), "statement", ("regulation", "clause", "confirmed"),
              "note")


@admin.register(Scheme)
class SchemeAdmin(admin.ModelAdmin):
    list_display = ("name", "applies_to", "first_year", "last_year", "source", "confirmed", "uses_score",
                    "has_exemplary", "excellent_quota_percent")
    list_filter = ("applies_to", "confirmed")
    fields = ("code", "name", "applies_to", ("first_year", "last_year"), ("regulation", "clause"),
              ("confirmed", "confirmation"), ("uses_score", "has_exemplary", "excellent_quota_percent"), "note")
    inlines = [LevelInline, RuleInline]

    @admin.display(description=_("căn cứ"))
    def source(self, scheme: Scheme) -> str:
        return scheme.source


_FIELDS = ("level", "not_reviewed", "score", "exceeded_share", "is_exemplary", "decided_on", "deciding_body",
           "override_reason", "note")


class RatingAdminForm(forms.ModelForm):
    """The admin obeys the same rules as the grids: the engine checks the row (without writing) in clean()."""

    user = None
    warnings: tuple = ()
    # The version this form was read at: a rating changed meanwhile (a grid, an import, another admin) is refused.
    seen_version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seen_version"].initial = self.instance.version if self.instance.pk else 0

    class Meta:
        model = Rating
        fields = ("year", "organization", "member", *_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "level" in self.fields:
            self.fields["level"].choices = _level_choices(self.instance)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        year = data.get("year", self.instance.year)
        organization = data.get("organization", self.instance.organization)
        member = data.get("member", self.instance.member)
        if (organization is None) == (member is None):
            raise forms.ValidationError(_("Chọn đúng một đối tượng: tổ chức đảng hoặc đảng viên."))
        if data.get("level") is None and not data.get("not_reviewed"):
            self.add_error("level", _("Chọn mức xếp loại hoặc lý do không đánh giá."))
            return data
        item = engine.RatingInput(ref="admin", year=year, organization_id=organization.pk if organization else None,
                                  member_id=member.pk if member else None,
                                  **{name: data.get(name) if data.get(name) is not None else "" for name in _FIELDS
                                     if name not in ("level", "score", "exceeded_share", "decided_on",
                                                     "is_exemplary")},
                                  level=data.get("level"), score=data.get("score"),
                                  exceeded_share=data.get("exceeded_share"), decided_on=data.get("decided_on"),
                                  is_exemplary=bool(data.get("is_exemplary")))
        try:
            outcome = engine.apply([item], user=self.user, dry_run=True)
        except engine.RatingInputError as exc:
            for issue in exc.issues:
                field = {"subject": "member" if member else "organization"}.get(issue.field, issue.field)
                self.add_error(field if field in self.fields else None, str(issue))
        else:
            self.warnings = outcome.warnings  # shown with their sources once saved
        return data


class RefusalsAsMessages:
    """A save refused under the year's lock, a version conflict or a duplicate made by another admin at the same
    instant: a message, nothing written (the admin's transaction rolls back), never a server error."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except (ValidationError, IntegrityError) as exc:
            message = " ".join(exc.messages) if isinstance(exc, ValidationError) else _(
                "Người khác vừa tạo bản ghi này cùng lúc; không ghi gì. Hãy tải lại trang.")
            self.message_user(request, message, messages.ERROR)
            return HttpResponseRedirect(request.path)


def _level_choices(rating: Rating) -> list:
    """A kept rating: the levels of its year's scheme for its subject. A new one: every scheme's levels, grouped
    under the scheme's name and years, so that the same words of different regulations are told apart."""
    book = SchemeBook()
    empty = [("", "---------")]
    if rating.pk:
        applies = MEMBER if rating.member_id else ORGANIZATION
        return empty + [(lv.pk, f"{lv.tier}. {lv.label_vi}") for lv in book.levels(applies, rating.year)]
    return empty + [(f"{scheme.name} ({scheme.get_applies_to_display()}, {scheme.first_year}–{scheme.last_year or ''})",
                     [(lv.pk, f"{lv.tier}. {lv.label_vi}") for lv in sorted(scheme.levels.all(), key=lambda x: x.tier)])
                    for scheme in schemes_by_period()]


@admin.register(Rating)
class RatingAdmin(RefusalsAsMessages, ExportMixin, SimpleHistoryAdmin):
    form = RatingAdminForm
    resource_classes = [MemberRatingResource, OrganizationRatingResource]
    list_display = ("year", "organization", "member", "level", "not_reviewed", "score", "version")
    list_filter = ("year", "level__tier", "not_reviewed")
    list_select_related = ("organization", "member", "level")
    autocomplete_fields = ("organization", "member")
    search_fields = ("organization__code", "member__card_number", "organization__search_name",
                     "member__search_name")
    show_full_result_count = False
    readonly_fields = ("version",)

    def get_readonly_fields(self, request, obj=None):
        # The subject and year of a kept rating do not change: a new rating is a new row.
        return ("version", "year", "organization", "member") if obj else ("version",)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.user = request.user
        return form

    def has_change_permission(self, request, obj=None) -> bool:
        # A submitted or approved year is read-only in the admin too, until an approver reopens it: shown as such
        # up front rather than refused on saving.
        if obj is not None and services.rating_locked(obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and services.rating_locked(obj):
            return False
        return super().has_delete_permission(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        rating = self.get_object(request, object_id)
        if rating is not None and services.rating_locked(rating):
            self.message_user(request, _("Kết quả này thuộc năm %(year)s đã trình hoặc đã phê duyệt nên chỉ xem được. "
                                         "Muốn sửa, người phê duyệt mở lại năm đó trên bảng xếp loại (nút “Mở lại”, "
                                         "ghi lý do).") % {"year": rating.year}, messages.INFO)
        return super().change_view(request, object_id, form_url, extra_context)

    def delete_model(self, request, obj) -> None:
        services.rating_delete(user=request.user, rating=obj)

    def delete_queryset(self, request, queryset) -> None:
        """All or nothing: a selection with a rating of a locked year deletes none."""
        ratings = list(queryset.select_related("organization__parent", "member__cell__parent"))
        locked = [r for r in ratings if services.rating_locked(r)]
        if locked:
            self.message_user(request, _("Không xóa gì: %(n)s kết quả thuộc năm đã trình hoặc đã phê duyệt (ví dụ: "
                                         "%(r)s).") % {"n": len(locked), "r": locked[0]}, messages.ERROR)
            return
        with transaction.atomic():
            for rating in ratings:
                services.rating_delete(user=request.user, rating=rating)

    def save_model(self, request, obj, form, change) -> None:
        """Through the service: version, history with the user, the year's lock and the reports' refresh."""
        saved = services.rating_set(
            user=request.user, year=obj.year, organization=obj.organization, member=obj.member,
            version=form.cleaned_data.get("seen_version"), **{name: getattr(obj, name) for name in _FIELDS},
        )
        obj.pk, obj.version = saved.pk, saved.version
        for warning in form.warnings:
            self.message_user(request, _("Cảnh báo: %(warning)s") % {"warning": warning}, messages.WARNING)


@admin.register(ReviewCycle)
class ReviewCycleAdmin(SimpleHistoryAdmin):
    """Read-only: submit, approve and reopen (with its reason) go through the status bar of the grid, so that
    an approved year cannot be reopened here without a recorded reason."""

    list_display = ("organization", "year", "status", "changed_by", "changed_at")
    list_filter = ("status", "year")
    list_select_related = ("organization", "changed_by")
    raw_id_fields = ("changed_by",)
    autocomplete_fields = ("organization",)
    search_fields = ("organization__code", "organization__search_name")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class SummaryReturnAdminForm(forms.ModelForm):
    # The version this form was read at: a return changed meanwhile by another admin is refused, not overwritten.
    seen_version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    class Meta:
        model = SummaryReturn
        fields = ("reporting_organization", "year", "subject", "population", "total", "reviewed", "source", "note")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seen_version"].initial = self.instance.version if self.instance.pk else 0

    def clean(self):
        data = super().clean()
        organization, year = data.get("reporting_organization"), data.get("year")
        if organization and year and _unit_locked(organization, year):
            raise forms.ValidationError(_("Năm %(year)s của đơn vị này đã trình hoặc đã phê duyệt.") % {"year": year})
        # Moving a return out of a locked year would change that year's figures as surely as editing it there.
        if self.instance.pk and _return_locked(self.instance):
            raise forms.ValidationError(_("Năm %(year)s của đơn vị này đã trình hoặc đã phê duyệt.")
                                        % {"year": self.instance.year})
        total, reviewed = data.get("total"), data.get("reviewed")
        if total is not None and reviewed is not None and reviewed > total:
            self.add_error("reviewed", _("Số được đánh giá lớn hơn tổng số."))
        return data


class SummaryCountFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        summed = sum((f.cleaned_data.get("count") or 0) for f in self.forms
                     if f.cleaned_data and not f.cleaned_data.get("DELETE"))
        total, reviewed = self.instance.total, self.instance.reviewed
        if total is not None and summed > total:
            raise forms.ValidationError(_("Tổng các mức (%(sum)s) lớn hơn tổng số (%(total)s).") % {"sum": summed,
                                                                                             "total": total})
        if reviewed is not None and summed > reviewed:
            raise forms.ValidationError(_("Tổng các mức (%(sum)s) lớn hơn số được đánh giá (%(reviewed)s).")
                                        % {"sum": summed, "reviewed": reviewed})


class SummaryCountInline(admin.TabularInline):
    model = SummaryCount
    formset = SummaryCountFormSet
    extra = 0


@admin.register(SummaryReturn)
class SummaryReturnAdmin(RefusalsAsMessages, SimpleHistoryAdmin):
    form = SummaryReturnAdminForm
    list_display = ("reporting_organization", "year", "subject", "population", "total", "reviewed", "source")
    list_filter = ("subject", "year")
    list_select_related = ("reporting_organization",)
    autocomplete_fields = ("reporting_organization",)
    search_fields = ("reporting_organization__code", "reporting_organization__search_name", "source")
    inlines = [SummaryCountInline]

    def has_delete_permission(self, request, obj=None) -> bool:
        # A return of a submitted or approved unit-year is read-only, like its form above.
        if obj is not None and _return_locked(obj):
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj: SummaryReturn, form, change: bool) -> None:
        # A new return, or one moved to another organization, is placed where its organization is now; the figures
        # it leaves (the former organization and year) and those it joins are announced once its counts are saved.
        kept = SummaryReturn.objects.select_for_update().filter(pk=obj.pk).first() if obj.pk else None
        before = (kept.reporting_organization_id, kept.year) if kept else None
        _lock_open_years(request.user, [(obj.reporting_organization, obj.year)]
                         + ([(kept.reporting_organization, kept.year)] if kept else []))
        seen = form.cleaned_data.get("seen_version")
        if kept is not None and seen is not None and seen != kept.version:
            raise ValidationError(_("Báo cáo tổng hợp %(r)s vừa được người khác sửa; không ghi gì. Hãy mở lại để "
                                    "xem bản mới.") % {"r": kept})
        if kept is not None:
            obj.version = kept.version + 1
        obj._figures_before = before
        if before is None or before[0] != obj.reporting_organization_id:
            for name, value in placement.return_place(obj.reporting_organization).items():
                setattr(obj, name, value)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        summary = form.instance
        before = getattr(summary, "_figures_before", None) or (None, None)
        announce_figures(SummaryReturn, organization_ids=[summary.reporting_organization_id, before[0]],
                         years=[summary.year, *([before[1]] if before[1] else [])])

    def delete_model(self, request, obj: SummaryReturn) -> None:
        super().delete_model(request, obj)
        announce_figures(SummaryReturn, organization_ids=[obj.reporting_organization_id], years=[obj.year])

    def delete_queryset(self, request, queryset) -> None:
        """All or nothing: a selection with a return of a locked year deletes none."""
        locked = [summary for summary in queryset if _return_locked(summary)]
        if locked:
            self.message_user(request, _("Không xóa gì: báo cáo %(r)s thuộc năm đã trình hoặc đã phê duyệt.")
                              % {"r": locked[0]}, messages.ERROR)
            return
        gone = list(queryset.values_list("reporting_organization_id", "year"))
        with transaction.atomic():
            super().delete_queryset(request, queryset)
            announce_figures(SummaryReturn, organization_ids=[org for org, _year in gone],
                             years=[year for _org, year in gone])


def _lock_open_years(user, places: list) -> None:
    """Lock the cycles of these (organization, year) places' units (made when missing); refuse a locked one."""
    pairs = {((reporting_unit(org) or org).pk, year) for org, year in places}
    for (_unit, year), cycle in lock_cycles(pairs, user=user).items():
        if is_locked(cycle):
            raise ValidationError(_("Năm %(year)s của đơn vị này đã trình hoặc đã phê duyệt.") % {"year": year})


def _unit_locked(organization, year: int) -> bool:
    """Whether the cycle holding the organization's year (a cell's: its GPO's) is submitted or approved."""
    unit = reporting_unit(organization) or organization
    return ReviewCycle.objects.filter(organization=unit, year=year, status__in=engine.LOCKED).exists()


def _return_locked(summary: SummaryReturn) -> bool:
    return _unit_locked(summary.reporting_organization, summary.year)
