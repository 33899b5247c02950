from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from organizations.models import AdministrativeUnit, PartyOrganization


class UnitSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Tìm đơn vị hành chính"),
        max_length=100,
        help_text=_("Gõ có dấu hoặc không dấu, ví dụ: muong phang"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_class = "row g-2 align-items-end mb-3"
        self.helper.form_show_labels = False
        self.helper.layout = Layout(
            Field("q", wrapper_class="col-md-6 mb-0", autofocus=True, placeholder=_("Tìm xã, phường, tỉnh…")),
            Div(Submit("", _("Tìm")), css_class="col-auto"),
        )

    def clean_q(self) -> str:
        return self.cleaned_data["q"].strip()


class UnitMergeForm(forms.Form):
    """The admin action's form: into which unit, from when, on what legal basis."""

    successor_code = forms.CharField(label=_("Mã đơn vị mới"), max_length=20)
    effective_date = forms.DateField(label=_("Ngày hiệu lực"), widget=forms.DateInput(attrs={"type": "date"}))
    legal_basis = forms.CharField(label=_("Căn cứ pháp lý"), max_length=200, initial="Nghị quyết 202/2025/QH15")

    def clean(self):
        cleaned = super().clean()
        code, day = cleaned.get("successor_code"), cleaned.get("effective_date")
        if code and day:
            # The successor is the unit with that code which is in force on the date (or starts then).
            candidates = AdministrativeUnit.objects.filter(code=code.strip()).in_force_on(day)
            successor = candidates.first()
            if successor is None:
                raise forms.ValidationError({"successor_code": _("Không có đơn vị mã %(code)s còn hiệu lực vào ngày này.") % {"code": code}})
            cleaned["successor"] = successor
        return cleaned


class OrganizationSuggestForm(forms.Form):
    """The parameters of the organization picker's suggestions (GET): what was typed, which kind, where."""

    READ, WRITE = "read", "write"

    q = forms.CharField(max_length=100, required=False, strip=True)
    kind = forms.ChoiceField(choices=PartyOrganization.Kind.choices, required=False)
    scope = forms.ChoiceField(choices=[(READ, READ), (WRITE, WRITE)], required=False)
    # Primary keys are 32-bit on both databases: a larger number is refused here, not by the database.
    within = forms.IntegerField(min_value=1, max_value=2**31 - 1, required=False)
