"""The filter form of the members list: the URL holds the state, so a filtered list can be bookmarked."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Ethnicity, Member
from members.selectors.people import AGE_BANDS, UNKNOWN, age_band_filter, with_birth_year
from members.selectors.tree import cells_subquery
from organizations import access
from organizations.inputs import parse_id
from organizations.pickers import AutocompleteInput, organization_label, organization_source
from organizations.text import fold

ACTIVE = "active"
_MAX_MATCHES = 50


class MemberFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Họ tên hoặc số thẻ"), method="filter_q")
    organization = django_filters.CharFilter(
        label=_("Tổ chức đảng (mã hoặc tên)"), method="filter_organization",
        help_text=_("Gõ có dấu hoặc không dấu; gồm cả các chi bộ trực thuộc."),
    )
    status = django_filters.ChoiceFilter(
        label=_("Tình trạng"),
        choices=[(ACTIVE, _("Đang sinh hoạt (dự bị, chính thức)")), *Member.Status.choices],
        method="filter_status",
        empty_label=_("Tất cả"),
    )
    ethnicity = django_filters.ModelChoiceFilter(
        label=_("Dân tộc"), queryset=Ethnicity.objects.order_by("code"), empty_label=_("Tất cả")
    )
    gender = django_filters.ChoiceFilter(label=_("Giới tính"), choices=Member.Gender.choices, empty_label=_("Tất cả"))
    age_band = django_filters.ChoiceFilter(
        label=_("Độ tuổi"),
        choices=[*((key, label) for key, label, _low, _high in AGE_BANDS), (UNKNOWN, _("Không rõ"))],
        method="filter_age_band",
        empty_label=_("Tất cả"),
    )

    class Meta:
        model = Member
        fields = ["q", "organization", "status", "ethnicity", "gender", "age_band"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        # Suggestions as one types (organizations.pickers); a name typed without picking still filters by every match.
        widget = AutocompleteInput(attrs={
            "data-autocomplete-url": organization_source(kind=None, scope="write"), "data-autocomplete-min": 2,
        })
        widget.describe = self._organization_label
        self.filters["organization"].field.widget = widget

    def _organization_label(self, value: str) -> str:
        organization = (
            access.writable_organizations_for(self.user).filter(code=value.strip()).select_related("parent").first()
            if value.strip() else None
        )
        return organization_label(organization) if organization else ""

    def filter_q(self, queryset: QuerySet[Member], name: str, value: str) -> QuerySet[Member]:
        term = value.strip()
        if not term:
            return queryset
        return queryset.filter(Q(search_name__contains=fold(term)) | Q(card_number=term))

    def filter_organization(self, queryset, name, value):
        """An id (from a link), a code, or part of a name: members in the subtree of every match in scope.

        A text box rather than a list: a national admin would otherwise get tens of thousands of options.
        """
        term = value.strip()
        if not term:
            return queryset
        scope = access.writable_organizations_for(self.user)
        pk = parse_id(term)
        if pk is not None:  # an id from a link, or an all-digit code; never a fragment of a name
            matches = list(scope.filter(Q(pk=pk) | Q(code=term)).values_list("pk", flat=True))
        else:
            matches = list(scope.filter(code=term).values_list("pk", flat=True)) or list(
                scope.filter(search_name__contains=fold(term)).values_list("pk", flat=True)[:_MAX_MATCHES]
            )
        return queryset.filter(cell_id__in=cells_subquery(matches))

    def filter_status(self, queryset, name, value):
        if value == ACTIVE:
            return queryset.filter(status__in=Member.ACTIVE_STATUSES)
        return queryset.filter(status=value)

    def filter_age_band(self, queryset, name, value):
        return with_birth_year(queryset).filter(age_band_filter(value, timezone.localdate().year))
