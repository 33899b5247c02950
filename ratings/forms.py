"""Forms of the ratings pages: they validate and normalise, the services write."""

from __future__ import annotations

import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from organizations.inputs import NOTE_MAX_LENGTH
from organizations.spreadsheets import web
from organizations.spreadsheets.reader import MAX_BYTES
from ratings.models import TIER_CHOICES, Level, Rating, Subject
from ratings.services import GridEntry, parse_percent

NOT_REVIEWED_PREFIX = "nr:"


class GridForm(forms.Form):
    """One level select per row (plus "not reviewed" reasons), and the version each row had when shown."""

    override_reason = forms.CharField(
        label=_("Lý do vượt trần / trái quy tắc (nếu có)"), required=False, max_length=NOTE_MAX_LENGTH,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )

    def __init__(self, *args, rows, levels: list[Level], disabled: bool, members: bool, scored: bool = False,
                 shares: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "—")] + [(str(lv.pk), f"{lv.tier}. {lv.label}") for lv in levels]
        self.scored, self.shares, self.levels = scored, shares, levels
        if members:
            reasons = [(f"{NOT_REVIEWED_PREFIX}{code}", f"∅ {label}") for code, label in Rating.NotReviewed.choices
                       if code != Rating.NotReviewed.NEW_ORGANIZATION]
        else:
            reasons = [(f"{NOT_REVIEWED_PREFIX}{Rating.NotReviewed.NEW_ORGANIZATION}",
                        f"∅ {Rating.NotReviewed.NEW_ORGANIZATION.label}")]
        self.tiers = {str(lv.pk): lv.tier for lv in levels}
        self.rows = rows
        for row in rows:
            current = ""
            if row.rating is not None:
                current = str(row.rating.level_id) if row.rating.level_id else NOT_REVIEWED_PREFIX + row.rating.not_reviewed
            self.fields[f"level_{row.subject.pk}"] = forms.ChoiceField(
                choices=choices + reasons, required=False, initial=current, disabled=disabled,
                widget=forms.Select(attrs={"class": "form-select form-select-sm grid-level",
                                           "aria-label": str(row.subject)}),
            )
            # 0 = no rating when the page was shown, so a rating entered meanwhile by someone else is a conflict.
            self.fields[f"version_{row.subject.pk}"] = forms.IntegerField(
                required=False, min_value=0, initial=row.rating.version if row.rating else 0,
                widget=forms.HiddenInput, error_messages={
                    "invalid": _("Dữ liệu của dòng này bị sửa ngoài trang; hãy tải lại trang."),
                    "min_value": _("Dữ liệu của dòng này bị sửa ngoài trang; hãy tải lại trang."),
                },
            )
            if scored:
                self._add_percent_fields(row, disabled=disabled)
        if disabled:
            self.fields["override_reason"].disabled = True

    def _add_percent_fields(self, row, *, disabled: bool) -> None:
        """The score (and, where the scheme counts it, the share of tasks above the requirement) of a row."""
        rating = row.rating
        names = [("score", _("Điểm"))] + ([("exceeded_share", _("Tỷ lệ nhiệm vụ vượt yêu cầu (%)"))]
                                          if self.shares else [])
        for name, label in names:
            value = getattr(rating, name) if rating is not None else None
            self.fields[f"{name}_{row.subject.pk}"] = forms.CharField(
                label=label, required=False, max_length=10, disabled=disabled,
                initial=format(value.normalize(), "f") if value is not None else "",
                widget=forms.TextInput(attrs={"class": f"form-control form-control-sm grid-{name.replace('_', '-')}",
                                              "inputmode": "decimal", "autocomplete": "off",
                                              "aria-label": f"{label} — {row.subject}"}),
            )

    def _clean_percent(self, name: str, label: str):
        text = (self.cleaned_data.get(name) or "").strip()
        if not text:
            return None
        try:
            return parse_percent(text, str(label))
        except forms.ValidationError as exc:
            self.add_error(name, exc)
            return None

    def clean(self):
        data = super().clean()
        # A select always sends its value: a row missing from the POST (a truncated or hand-made request) must
        # not read as "cleared", which would delete the rating it had.
        for row in self.rows:
            name = f"level_{row.subject.pk}"
            if row.rating is not None and name not in self.data:
                self.add_error(name, _("Thiếu ô mức của dòng này trong dữ liệu gửi lên; hãy tải lại trang."))
            elif row.rating is not None and f"version_{row.subject.pk}" not in self.data:
                # Without the version shown, a change made meanwhile by someone else would be overwritten unseen.
                self.add_error(name, _("Thiếu phiên bản của dòng này trong dữ liệu gửi lên; hãy tải lại trang."))
        if self.scored:
            self.percents = {row.subject.pk: (self._clean_percent(f"score_{row.subject.pk}", _("Điểm")),
                                              self._clean_percent(f"exceeded_share_{row.subject.pk}", _("Tỷ lệ")))
                             for row in self.rows}
        return data

    def entries(self) -> list[GridEntry]:
        result = []
        for row in self.rows:
            if f"level_{row.subject.pk}" not in self.data:
                continue  # not sent and nothing kept (clean() refuses a missing row that had a rating)
            value = self.cleaned_data.get(f"level_{row.subject.pk}") or ""
            version = self.cleaned_data.get(f"version_{row.subject.pk}")
            entry = GridEntry(subject_id=row.subject.pk, version=version)
            if self.scored:
                entry.score, entry.exceeded_share = self.percents.get(row.subject.pk, (None, None))
                entry.percent_fields = ("score", "exceeded_share") if self.shares else ("score",)
            if value.startswith(NOT_REVIEWED_PREFIX):
                entry.not_reviewed = value[len(NOT_REVIEWED_PREFIX):]
            elif value:
                entry.level_id = int(value)
            result.append(entry)
        return result


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Lý do mở lại"), max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Cần ghi lý do mở lại."))
        return reason


class UploadForm(web.UploadForm):
    file = forms.FileField(label=_("Tệp kết quả xếp loại (.xlsx hoặc .csv)"),
                           help_text=_("Tối đa %(mb)s MB. Cột: số thẻ đảng viên hoặc mã tổ chức, năm, mức (tên hoặc bậc 1–4).")
                           % {"mb": MAX_BYTES // 1024 // 1024})


class ExportForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=1990)
    subject = forms.ChoiceField(label=_("Đối tượng"), choices=[("organization", _("Tổ chức đảng")),
                                                                ("member", _("Đảng viên"))])
    file_format = forms.ChoiceField(label=_("Định dạng"), choices=[("xlsx", ".xlsx"), ("csv", ".csv")])

    def __init__(self, *args, members: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not members:
            self.fields["subject"].choices = [("organization", _("Tổ chức đảng"))]
        self.fields["year"].initial = datetime.date.today().year
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_class = "row row-cols-lg-auto g-2 align-items-end"
        self.helper.add_input(Submit("export", _("Tải xuống"), css_class="btn-outline-primary"))

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        if year > datetime.date.today().year:
            raise forms.ValidationError(_("Năm chưa tới."))
        return year


class SummaryReturnForm(forms.Form):
    """A summary return: counts (or shares) per tier reported by a unit for a year."""

    subject = forms.ChoiceField(label=_("Đối tượng"), choices=Subject.choices)
    population = forms.CharField(label=_("Phạm vi"), required=False, max_length=200,
                                 help_text=_("Ví dụ: chi bộ trực thuộc đảng ủy xã; để trống nếu là toàn bộ."))
    total = forms.IntegerField(label=_("Tổng số"), required=False, min_value=0)
    reviewed = forms.IntegerField(label=_("Số được đánh giá"), required=False, min_value=0)
    source = forms.CharField(label=_("Nguồn"), required=False, max_length=255)
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=NOTE_MAX_LENGTH,
                           widget=forms.Textarea(attrs={"rows": 2}))
    # The version of the return this form replaces (0: a new one); set to the kept one's after a conflict, so that
    # saving again replaces it knowingly.
    version = forms.IntegerField(required=False, min_value=0, initial=0, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for tier, label in TIER_CHOICES:
            self.fields[f"count_{tier}"] = forms.IntegerField(label=_("Số lượng — %(l)s") % {"l": label},
                                                              required=False, min_value=0)
            self.fields[f"share_{tier}"] = forms.DecimalField(label=_("Tỷ lệ (%%) — %(l)s") % {"l": label},
                                                              required=False, min_value=0, max_value=100,
                                                              decimal_places=2)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Row(Column("subject"), Column("population")),
            Row(Column("total"), Column("reviewed"), Column("source")),
            *[Row(Column(f"count_{tier}"), Column(f"share_{tier}")) for tier, _label in TIER_CHOICES],
            "note", "version",
        )
        self.helper.add_input(Submit("save", _("Lưu báo cáo tổng hợp")))

    def clean(self):
        data = super().clean()
        if not any(data.get(f"count_{t}") is not None or data.get(f"share_{t}") is not None
                   for t, _label in TIER_CHOICES):
            raise forms.ValidationError(_("Nhập số lượng hoặc tỷ lệ cho ít nhất một mức."))
        shares = sum(data.get(f"share_{t}") or 0 for t, _label in TIER_CHOICES)
        if shares > 100:
            raise forms.ValidationError(_("Tổng các tỷ lệ vượt 100%%: %(s)s%%.") % {"s": shares})
        return data

    def counts(self) -> dict[int, dict]:
        result = {}
        for tier, _label in TIER_CHOICES:
            count, share = self.cleaned_data.get(f"count_{tier}"), self.cleaned_data.get(f"share_{tier}")
            if count is not None or share is not None:
                result[tier] = {"count": count, "share": share}
        return result
