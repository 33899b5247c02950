"""Admin for schemes (a new regulation is a new row), ratings, cycles and summary returns, with history."""

from django.contrib import admin
from import_export.admin import ExportMixin
from simple_history.admin import SimpleHistoryAdmin

from ratings.models import Level, Rating, ReviewCycle, Scheme, SummaryCount, SummaryReturn
from ratings.spreadsheets.resources import MemberRatingResource, OrganizationRatingResource


class LevelInline(admin.TabularInline):
    model = Level
    extra = 0


@admin.register(Scheme)
class SchemeAdmin(admin.ModelAdmin):
    list_display = ("name", "applies_to", "first_year", "last_year", "uses_score", "has_exemplary",
                    "excellent_quota_percent")
    list_filter = ("applies_to",)
    inlines = [LevelInline]


@admin.register(Rating)
class RatingAdmin(ExportMixin, SimpleHistoryAdmin):
    resource_classes = [MemberRatingResource, OrganizationRatingResource]
    list_display = ("year", "organization", "member", "level", "not_reviewed", "score", "version")
    list_filter = ("year", "level__tier", "not_reviewed")
    list_select_related = ("organization", "member", "level")
    raw_id_fields = ("organization", "member")
    search_fields = ("organization__code", "member__card_number", "organization__search_name",
                     "member__search_name")
    show_full_result_count = False
    readonly_fields = ("version",)


@admin.register(ReviewCycle)
class ReviewCycleAdmin(SimpleHistoryAdmin):
    list_display = ("organization", "year", "status", "changed_by", "changed_at")
    list_filter = ("status", "year")
    list_select_related = ("organization", "changed_by")
    raw_id_fields = ("organization", "changed_by")
    search_fields = ("organization__code", "organization__search_name")


class SummaryCountInline(admin.TabularInline):
    model = SummaryCount
    extra = 0


@admin.register(SummaryReturn)
class SummaryReturnAdmin(SimpleHistoryAdmin):
    list_display = ("reporting_organization", "year", "subject", "population", "total", "reviewed", "source")
    list_filter = ("subject", "year")
    list_select_related = ("reporting_organization",)
    raw_id_fields = ("reporting_organization",)
    search_fields = ("reporting_organization__code", "reporting_organization__search_name", "source")
    inlines = [SummaryCountInline]
