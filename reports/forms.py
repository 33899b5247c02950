"""Dashboard filters: forms built from request.GET (the URL is the state), with defaults and filter_qs()."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from organizations.models import AdministrativeUnit
from ratings.models import TIER_CHOICES, Subject
from reports.models import Area, Source
from reports.selectors import BOUNDARIES_AS_THEY_WERE, BOUNDARIES_TODAY, current_successors, short_name
from reports.widgets import CompactCheckboxes, CompactRadioSelect, CompactSelect, CompactSelectMultiple

SUBJECT_CHOICES = [(Subject.GPO.value, Subject.GPO.label), (Subject.CELL.value, Subject.CELL.label),
                   (Subject.MEMBER.value, Subject.MEMBER.label)]
BOUNDARY_CHOICES = [(BOUNDARIES_AS_THEY_WERE, _("Địa giới khi đó")), (BOUNDARIES_TODAY, _("Địa giới hiện nay"))]
MEASURE_CHOICES = [("count", _("Số lượng")), ("share", _("Tỷ lệ (%)"))]
MIN_YEAR, MAX_YEAR = 1930, 2100
# 63 former and 34 current provinces: a longer list is not a choice a person made.
MAX_PROVINCES = 100
_SELECT, _INPUT = {"class": "form-select"}, {"class": "form-control"}
# Primary keys are 32-bit on both databases: a larger number would overflow the query (a 500) before matching nothing.
_MAX_PK = 2**31 - 1


class ProvinceChoiceField(forms.ModelMultipleChoiceField):
    default_error_messages = {
        "invalid_choice": _("Không có tỉnh, thành phố mã %(value)s."),
        "invalid_pk_value": _("“%(pk)s” không phải là mã tỉnh, thành phố (cần một số nguyên dương)."),
        "too_many": _("Chọn tối đa %(limit)s tỉnh, thành phố (đã gửi %(count)s)."),
    }

    def label_from_instance(self, unit: AdministrativeUnit) -> str:
        return self.label_from_values(unit.name, unit.valid_to)

    @staticmethod
    def label_from_values(name: str, valid_to) -> str:
        return f"{name} (trước 01/07/2025)" if valid_to else name

    def _check_values(self, value):
        """Refuse what cannot be a province's key before the database sees it (huge numbers, text, null bytes)."""
        values = list(dict.fromkeys(str(item).strip() for item in value))
        if len(values) > MAX_PROVINCES:
            raise ValidationError(self.error_messages["too_many"], code="too_many",
                                  params={"limit": MAX_PROVINCES, "count": len(values)})
        for item in values:
            if not item.isascii() or not item.isdigit() or not 0 < int(item) <= _MAX_PK:
                raise ValidationError(self.error_messages["invalid_pk_value"], code="invalid_pk_value",
                                      params={"pk": item[:20]})
        return super()._check_values(values)


class ReportFilterForm(forms.Form):
    DEFAULTS = {"subject": Subject.GPO.value, "boundaries": BOUNDARIES_AS_THEY_WERE, "measure": "count",
                "area": "", "tier": "1"}

    # Drawn by templates/reports/_filters.html with widgets that write their options in Python (reports.widgets).
    subject = forms.ChoiceField(label=_("Đối tượng"), choices=SUBJECT_CHOICES, widget=CompactSelect(_SELECT))
    provinces = ProvinceChoiceField(
        label=_("Tỉnh, thành phố"), required=False, queryset=AdministrativeUnit.objects.none(),
        widget=CompactSelectMultiple({**_SELECT, "size": 8}), help_text=_("Để trống: mọi tỉnh có số liệu."),
    )
    years = forms.TypedMultipleChoiceField(
        label=_("Năm"), required=False, coerce=int, choices=[], widget=CompactCheckboxes,
        help_text=_("Để trống: mọi năm trong khoảng dưới đây."),
    )
    year_from = forms.IntegerField(label=_("Từ năm"), required=False, min_value=MIN_YEAR, max_value=MAX_YEAR,
                                   widget=forms.NumberInput(_INPUT))
    year_to = forms.IntegerField(label=_("Đến năm"), required=False, min_value=MIN_YEAR, max_value=MAX_YEAR,
                                 widget=forms.NumberInput(_INPUT))
    area = forms.ChoiceField(label=_("Địa bàn"), choices=Area.choices, required=False, widget=CompactSelect(_SELECT))
    boundaries = forms.ChoiceField(label=_("Ranh giới"), choices=BOUNDARY_CHOICES, widget=CompactRadioSelect)
    measure = forms.ChoiceField(label=_("Hiển thị"), choices=MEASURE_CHOICES, widget=CompactRadioSelect)
    tier = forms.TypedChoiceField(label=_("Mức (cho biểu đồ xu hướng)"), coerce=int, choices=TIER_CHOICES,
                                  widget=CompactSelect(_SELECT))
    source = forms.ChoiceField(
        label=_("Nguồn số liệu"), required=False, widget=CompactSelect(_SELECT),
        choices=[("", _("Tất cả")), (Source.RETURN.value, _("Báo cáo tổng hợp, số liệu công bố")),
                 (Source.DETAIL.value, _("Xếp loại chi tiết"))],
    )

    def __init__(self, data: QueryDict, *, years: list[int], **kwargs) -> None:
        merged = data.copy()
        for key, value in self.DEFAULTS.items():
            if not merged.get(key):
                merged[key] = value
        super().__init__(merged, **kwargs)
        provinces = self.fields["provinces"]
        provinces.queryset = AdministrativeUnit.objects.provinces().order_by("search_name", "valid_to")
        # The list shown, read as plain values: model instances for ~100 options cost more than the figures.
        provinces.widget.choices = [(pk, provinces.label_from_values(name, valid_to))
                                    for pk, name, valid_to in provinces.queryset.values_list("pk", "name", "valid_to")]
        self.fields["years"].choices = [(year, str(year)) for year in years]

    def clean(self) -> dict:
        cleaned = super().clean()
        year_from, year_to = cleaned.get("year_from"), cleaned.get("year_to")
        if year_from and year_to and year_from > year_to:
            self.add_error("year_to", _("“Đến năm” phải từ “Từ năm” trở đi."))
        return cleaned

    def chosen_years(self) -> list[int] | None:
        """The explicit years, else the available years inside the range, else None (all)."""
        data = self.cleaned_data
        if data.get("years"):
            # A repeated year (a hand-edited or generated URL) is still one year.
            return sorted(set(data["years"]))
        year_from, year_to = data.get("year_from"), data.get("year_to")
        if year_from or year_to:
            return [y for y, _label in self.fields["years"].choices
                    if (not year_from or y >= year_from) and (not year_to or y <= year_to)]
        return None

    def filter_qs(self, qs: QuerySet) -> QuerySet:
        """Apply the filters to a ProvinceSummary queryset (boundaries decide which province column is matched)."""
        data = self.cleaned_data
        qs = qs.filter(subject=data["subject"], area=data.get("area") or "", superseded=False)
        if data.get("source"):
            qs = qs.filter(source=data["source"])
        years = self.chosen_years()
        if years is not None:
            qs = qs.filter(year__in=years)
        province_ids = self.province_ids()
        if province_ids:
            key = "current_province_id" if data["boundaries"] == BOUNDARIES_TODAY else "province_id"
            qs = qs.filter(**{f"{key}__in": province_ids})
        return qs

    def province_ids(self) -> list[int]:
        """The chosen provinces in the chosen order; with today's boundaries, former provinces become successors."""
        chosen = [unit.pk for unit in self.cleaned_data.get("provinces") or []]
        if self.cleaned_data["boundaries"] != BOUNDARIES_TODAY or not chosen:
            return chosen
        successors = current_successors(chosen)
        return list(dict.fromkeys(successors.get(pk, pk) for pk in chosen))

    def province_names(self) -> list[str]:
        """Short names of the provinces matched, as the chosen boundaries name them (Hà Giang is Tuyên Quang today)."""
        ids = self.province_ids()
        if self.cleaned_data["boundaries"] != BOUNDARIES_TODAY:
            units = {unit.pk: unit.name for unit in self.cleaned_data.get("provinces") or []}
        else:
            units = dict(AdministrativeUnit.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}
        return [short_name(units[pk]) for pk in ids if pk in units]


class DrilldownForm(forms.Form):
    subject = forms.ChoiceField(label=_("Đối tượng"), choices=SUBJECT_CHOICES)
    year = forms.TypedChoiceField(label=_("Năm"), coerce=int, choices=[])

    def __init__(self, data: QueryDict, *, years: list[int], **kwargs) -> None:
        merged = data.copy()
        if not merged.get("subject"):
            merged["subject"] = Subject.GPO.value
        if not merged.get("year") and years:
            merged["year"] = str(years[-1])
        super().__init__(merged, **kwargs)
        self.fields["year"].choices = [(year, str(year)) for year in years]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.disable_csrf = True
        self.helper.layout = Layout(Row(Column("subject", css_class="col-md-4"), Column("year", css_class="col-md-3")),
                                    Submit("apply", _("Xem"), css_class="btn-danger"))
