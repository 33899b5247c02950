"""Admin for the published figures (articles, indicator values, findings); summary tables are derived, not edited."""

from django.contrib import admin

from reports.models import Article, IndicatorValue, PublishedFinding


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("key", "title", "publication", "year")
    search_fields = ("key", "title", "authors")


@admin.register(IndicatorValue)
class IndicatorValueAdmin(admin.ModelAdmin):
    list_display = ("unit", "indicator", "group", "year", "year_to", "as_of", "is_target", "count", "share", "article")
    list_filter = ("article", "indicator", "is_target")
    list_select_related = ("unit", "article")
    autocomplete_fields = ("unit",)
    search_fields = ("unit__search_name", "quote", "note")


@admin.register(PublishedFinding)
class PublishedFindingAdmin(admin.ModelAdmin):
    list_display = ("article", "position", "subject", "tier", "kind", "year_from", "year_to", "text_vi")
    list_filter = ("article", "subject", "kind")
    list_select_related = ("article",)
    filter_horizontal = ("provinces",)
