"""Forms of the members pages: they validate and normalise; services do the writing."""

from __future__ import annotations

import re
import unicodedata

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from members.models import AdmissionTarget, AwarenessClass, CellRole, Ethnicity, KeyCadre, Member, MemberEvent, VillageHead
from organizations.inputs import NOTE_MAX_LENGTH
from organizations.models import PartyOrganization
from organizations.pickers import AutocompleteInput, PickerField, organization_label, organization_source

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


# Bounds of plausible counts, checked here so that SQLite's 64-bit integers accept no more than PostgreSQL does.
MAX_CLASS_ATTENDEES = 10_000  # one cell's people in a year's awareness class
MAX_ADMISSION_TARGET = 1_000_000  # a whole province's (or the nation's) new members in a year
# Party card numbers are digits, sometimes written with dots or hyphens (e.g. 40.123456).
CARD_NUMBER = re.compile(r"\d(?:[\d.-]*\d)?")
NOTE_MAX = NOTE_MAX_LENGTH  # an event's note or reason: a few sentences, not a pasted document


def _cap(field: forms.Field, maximum: int) -> None:
    field.validators.append(MaxValueValidator(maximum))
    field.widget.attrs["max"] = maximum


def _helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False  # the template draws <form>, the CSRF token and the buttons
    return helper


def cells_queryset(organizations: QuerySet[PartyOrganization]) -> QuerySet[PartyOrganization]:
    return organizations.cells().active().select_related("parent").order_by("parent__name", "name")


def _cell_picker(label, **kwargs) -> PickerField:
    """A cell among all those in scope (a province has thousands): typed or picked, see organizations.pickers."""
    return PickerField(
        PartyOrganization.objects.none(), source="", label=label, describe=organization_label,
        widget=AutocompleteInput(attrs={"placeholder": _("Gõ tên chi bộ (có dấu hoặc không dấu) hoặc mã")}), **kwargs,
    )


def _scope_cells(field: PickerField, organizations: QuerySet[PartyOrganization], *, scope: str,
                 within: int | None = None) -> None:
    field.queryset = cells_queryset(organizations)
    field.source = organization_source(kind=PartyOrganization.Kind.CELL, scope=scope, within=within)


class MemberDetailsForm(forms.ModelForm):
    """Personal details (also the first half of the admission form)."""

    class Meta:
        model = Member
        fields = [
            "full_name", "gender", "birth_date", "birth_year", "ethnicity", "religion", "general_education",
            "qualification", "theory_level", "card_number",
        ]
        widgets = {"birth_date": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ethnicity"].queryset = Ethnicity.objects.order_by("code")
        self.helper = _helper()

    def clean_full_name(self) -> str:
        # NFC: Vietnamese keyboards set to "Unicode tổ hợp" type combining accents; store one form of every name.
        name = " ".join(unicodedata.normalize("NFC", self.cleaned_data["full_name"]).split())
        if not name:
            raise ValidationError(_("Cần nhập họ và tên."))
        return name

    def clean_card_number(self) -> str | None:
        card = (self.cleaned_data.get("card_number") or "").strip()
        if card and not CARD_NUMBER.fullmatch(card):
            raise ValidationError(_("Số thẻ đảng viên chỉ gồm chữ số (có thể có dấu chấm hoặc gạch ngang)."))
        return card or None

    def validate_unique(self) -> None:
        """Uniqueness is checked by the service inside its transaction (one message, on the field)."""


class MemberEditForm(MemberDetailsForm):
    """Editing a record: carries the version it was built from, so a concurrent save is detected."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version


class MemberAdmitForm(MemberDetailsForm):
    cell = _cell_picker(_("Chi bộ"))
    admitted_on = forms.DateField(label=_("Ngày kết nạp"), widget=DATE)
    deciding_body = forms.CharField(label=_("Cấp quyết định kết nạp"), max_length=200, required=False)
    note = forms.CharField(label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 2}), required=False,
                           max_length=NOTE_MAX)

    class Meta(MemberDetailsForm.Meta):
        fields = ["cell", *MemberDetailsForm.Meta.fields, "admitted_on", "deciding_body", "note"]

    def __init__(self, *args, organizations: QuerySet[PartyOrganization], within: int | None = None, **kwargs):
        """`organizations`: those the user may write to; `within`: a committee narrowing them (a GPO's cells)."""
        super().__init__(*args, **kwargs)
        _scope_cells(self.fields["cell"], organizations, scope="write", within=within)


class EventForm(forms.Form):
    KINDS = [
        (k.value, k.label)
        for k in (
            MemberEvent.Kind.OFFICIAL, MemberEvent.Kind.DISCIPLINE, MemberEvent.Kind.REMOVAL, MemberEvent.Kind.DEATH,
            MemberEvent.Kind.EXEMPTION, MemberEvent.Kind.EXEMPTION_END,
        )
    ]
    kind = forms.ChoiceField(label=_("Loại sự kiện"), choices=KINDS)
    date = forms.DateField(label=_("Ngày"), widget=DATE)
    discipline_level = forms.ChoiceField(
        label=_("Hình thức kỷ luật"), choices=[("", "—"), *MemberEvent.DisciplineLevel.choices], required=False,
        help_text=_("Chỉ khi ghi kỷ luật."),
    )
    deciding_body = forms.CharField(label=_("Cấp quyết định"), max_length=200, required=False)
    note = forms.CharField(label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 2}), required=False,
                           max_length=NOTE_MAX)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == MemberEvent.Kind.DISCIPLINE and not cleaned.get("discipline_level"):
            self.add_error("discipline_level", _("Cần chọn hình thức kỷ luật."))
        return cleaned


class TransferForm(forms.Form):
    scope = forms.ChoiceField(label=_("Hình thức chuyển"), choices=MemberEvent.TransferScope.choices)
    to_cell = _cell_picker(
        _("Chi bộ nơi đến"), required=False,
        help_text=_("Để trống nếu nơi đến không quản lý trong hệ thống này (đảng viên được ghi là đã chuyển đi)."),
    )
    date = forms.DateField(label=_("Ngày chuyển"), widget=DATE)
    deciding_body = forms.CharField(label=_("Cấp quyết định"), max_length=200, required=False)
    note = forms.CharField(label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 2}), required=False,
                           max_length=NOTE_MAX)

    def __init__(self, *args, organizations: QuerySet[PartyOrganization], **kwargs):
        super().__init__(*args, **kwargs)
        _scope_cells(self.fields["to_cell"], organizations, scope="read")
        self.helper = _helper()


class CorrectionForm(forms.Form):
    cancel = forms.BooleanField(
        label=_("Hủy sự kiện này (ghi nhầm)"), required=False,
        help_text=_("Không chọn: ghi lại sự kiện với các giá trị đúng dưới đây."),
    )
    date = forms.DateField(label=_("Ngày đúng"), widget=DATE, required=False)
    to_cell = _cell_picker(_("Chi bộ đúng"), required=False)
    discipline_level = forms.ChoiceField(
        label=_("Hình thức kỷ luật đúng"), choices=[("", "—"), *MemberEvent.DisciplineLevel.choices], required=False
    )
    deciding_body = forms.CharField(label=_("Cấp quyết định"), max_length=200, required=False)
    note = forms.CharField(label=_("Lý do đính chính"), widget=forms.Textarea(attrs={"rows": 2}), max_length=NOTE_MAX)

    def __init__(self, *args, event: MemberEvent, organizations: QuerySet[PartyOrganization], **kwargs):
        super().__init__(*args, **kwargs)
        _scope_cells(self.fields["to_cell"], organizations, scope="read")
        if event.kind not in (MemberEvent.Kind.ADMISSION, MemberEvent.Kind.TRANSFER):
            del self.fields["to_cell"]
        if event.kind != MemberEvent.Kind.DISCIPLINE:
            del self.fields["discipline_level"]
        self.helper = _helper()


class AwarenessClassForm(forms.ModelForm):
    class Meta:
        model = AwarenessClass
        fields = ["year", "attendees", "note"]
        widgets = {"note": forms.TextInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _cap(self.fields["attendees"], MAX_CLASS_ATTENDEES)
        self.helper = _helper()

    def validate_unique(self) -> None:
        """A second entry for the same year replaces the first (service)."""


class AdmissionTargetForm(forms.ModelForm):
    class Meta:
        model = AdmissionTarget
        fields = ["year", "minimum", "maximum", "note"]
        widgets = {"note": forms.TextInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _cap(self.fields["minimum"], MAX_ADMISSION_TARGET)
        _cap(self.fields["maximum"], MAX_ADMISSION_TARGET)
        self.helper = _helper()

    def validate_unique(self) -> None:
        """A second target for the same year replaces the first (service)."""


def member_label(member: Member) -> str:
    """How a picker names a member: name, and the card number (or year of birth) that tells namesakes apart."""
    tell = member.card_number or member.birth_year_value
    return f"{member.full_name} ({tell})" if tell else member.full_name


class CellRoleForm(forms.Form):
    member = PickerField(
        Member.objects.none(), source="", label=_("Đảng viên"), code_field="card_number", min_chars=1,
        describe=member_label,
        widget=AutocompleteInput(attrs={"placeholder": _("Gõ tên (có dấu hoặc không dấu) hoặc số thẻ")}),
    )
    role = forms.ChoiceField(label=_("Chức vụ"), choices=CellRole.Role.choices)
    term_start = forms.DateField(label=_("Từ ngày"), widget=DATE)

    def __init__(self, *args, cell: PartyOrganization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = cell.members.filter(status__in=Member.ACTIVE_STATUSES).order_by("search_name")
        self.fields["member"].source = reverse("members:cell_autocomplete", args=[cell.pk])
        self.helper = _helper()


class KeyCadreForm(forms.ModelForm):
    class Meta:
        model = KeyCadre
        fields = ["organization", "title", "full_name", "term_start", "qualification", "theory_level", "is_full_time",
                  "is_rotated", "rotated_from"]
        widgets = {"term_start": DATE}

    organization = PickerField(
        PartyOrganization.objects.none(), source="", label=_("Tổ chức cơ sở đảng"), describe=organization_label,
        widget=AutocompleteInput(attrs={"placeholder": _("Gõ tên (có dấu hoặc không dấu) hoặc mã")}),
    )

    def __init__(self, *args, organizations: QuerySet[PartyOrganization], within: int, **kwargs):
        """`organizations`: the grassroots organizations below the committee `within` that the user may write to."""
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations.grassroots().select_related("parent").order_by("name")
        self.fields["organization"].source = organization_source(
            kind=PartyOrganization.Kind.GRASSROOTS, scope="write", within=within
        )
        self.helper = _helper()


class VillageHeadForm(forms.ModelForm):
    class Meta:
        model = VillageHead
        fields = ["village", "full_name", "is_party_member", "term_start"]
        widgets = {"term_start": DATE}

    def __init__(self, *args, villages: QuerySet, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages
        self.helper = _helper()

    def validate_unique(self) -> None:
        """The service closes the sitting head's term first."""

    def _post_clean(self) -> None:
        # The one-sitting-head constraint is checked by the service after it closes the previous term.
        pass
