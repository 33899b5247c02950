"""Pickers for choices among many rows (a cell among 250,000, a member among millions): a text box with suggestions.

The browser gets an ordinary text input carrying the URL of a JSON endpoint; static/js/autocomplete.js turns it into
a combobox that fills in the chosen row's value. Without the script the box still works: it takes a code, an id, or
enough of a name (with or without diacritics) to match one row. Either way the field resolves what was sent within
its queryset, which is the user's scope: nothing outside it is accepted, whatever the browser sends.
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from organizations.text import fold

def organization_label(organization) -> str:
    """How a picker names an organization: its name and the committee above it ("Chi bộ bản X — Đảng bộ xã Y")."""
    return f"{organization.name} — {organization.parent.name}" if organization.parent_id else organization.name


def organization_source(*, kind: str | None, scope: str, within: int | None = None) -> str:
    """The URL of the organization picker's suggestions (organizations.views.organization_autocomplete)."""
    query = {**({"kind": kind} if kind else {}), "scope": scope, **({"within": within} if within else {})}
    return f"{reverse('organizations:autocomplete')}?{urlencode(query)}"


# Two rows matched is enough to say "ambiguous": the field never loads more.
_AMBIGUOUS = 2


class AutocompleteInput(forms.TextInput):
    """A text input that names its suggestion endpoint and the label of the row it holds (for the script)."""

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__({"autocomplete": "off", "spellcheck": "false", **(attrs or {})})
        self.describe: Callable[[str], str] = lambda value: ""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-autocomplete-empty"] = _("Không tìm thấy")
        label = self.describe(context["widget"]["value"] or "")
        if label:
            context["widget"]["attrs"]["data-autocomplete-label"] = label
        return context


class PickerField(forms.ModelChoiceField):
    """One row of `queryset`, picked from suggestions or typed: a code, an id, or a name matching one row."""

    widget = AutocompleteInput
    default_error_messages = {
        "invalid_choice": _("Không tìm thấy “%(value)s” trong phạm vi của bạn."),
        "ambiguous": _("Có nhiều kết quả khớp “%(value)s”: hãy chọn trong danh sách gợi ý hoặc gõ mã."),
    }

    def __init__(self, queryset: QuerySet, *, source: str, code_field: str = "code", min_chars: int = 2,
                 describe: Callable[[Model], str] = str, **kwargs) -> None:
        super().__init__(queryset, **kwargs)
        self.source, self.code_field, self.min_chars, self._describe = source, code_field, min_chars, describe

    def get_bound_field(self, form, field_name):
        # Set on the form's own copy of the field, whose queryset and source a form may have narrowed after build.
        self.widget.attrs.update({"data-autocomplete-url": str(self.source), "data-autocomplete-min": self.min_chars})
        self.widget.describe = self._label_of
        return super().get_bound_field(form, field_name)

    def _match(self, text: str) -> Model | None:
        """The row that `text` names: its code, its id, or the only name containing it; None when nothing matches."""
        if self.code_field:
            row = self.queryset.filter(**{self.code_field: text}).first()
            if row is not None:
                return row
        if text.isascii() and text.isdigit() and len(text) <= 18:
            row = self.queryset.filter(pk=int(text)).first()
            if row is not None:
                return row
        folded = fold(text)
        if not folded:
            return None
        rows = list(self.queryset.filter(search_name__contains=folded)[:_AMBIGUOUS])
        if len(rows) > 1:
            raise ValidationError(self.error_messages["ambiguous"], code="ambiguous", params={"value": text})
        return rows[0] if rows else None

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Model):
            value = value.pk
        text = str(value).replace("\x00", "").strip()[:200]
        row = self._match(text) if text else None
        if row is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": text})
        return row

    def prepare_value(self, value):
        """What the box shows and sends: the row's code when it has one, else its id; typed text as typed."""
        if isinstance(value, Model):
            return self._value_of(value)
        if value in self.empty_values:
            return ""
        try:
            row = self._match(str(value).strip())
        except ValidationError:
            row = None
        return self._value_of(row) if row is not None else value

    def _value_of(self, row: Model) -> str:
        code = getattr(row, self.code_field, None) if self.code_field else None
        return str(code or row.pk)

    def _label_of(self, value: str) -> str:
        if not value:
            return ""
        try:
            row = self._match(str(value))
        except ValidationError:
            return ""
        return self._describe(row) if row is not None else ""

    def has_changed(self, initial, data) -> bool:
        return str(self.prepare_value(initial) or "") != str(self.prepare_value(data) or "")
