"""Filter widgets that write their options in Python.

Django renders every option of a choice widget through a template of its own: for the provinces' list (34
current and 63 former provinces) and the years that cost more than the rest of a dashboard page together. These
write the same Bootstrap markup directly, every value escaped.
"""

from __future__ import annotations

from django import forms
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def _options(widget: forms.ChoiceWidget, name: str, value, attrs: dict | None) -> tuple[dict, list[dict]]:
    context = widget.get_context(name, value, attrs)["widget"]
    return context, [option for _group, options, _index in context["optgroups"] for option in options]


class CompactSelect(forms.Select):
    """A drop-down (or, in the subclass below, a list with "multiple" among its attributes)."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        context, options = _options(self, name, value, attrs)
        body = "".join(
            f'<option value="{escape(option["value"])}"{" selected" if option["selected"] else ""}>'
            f'{escape(option["label"])}</option>'
            for option in options
        )
        return mark_safe(f'<select name="{escape(name)}"{flatatt(context["attrs"])}>{body}</select>')  # noqa: S308


class CompactSelectMultiple(CompactSelect, forms.SelectMultiple):
    pass


class CompactRadioSelect(forms.RadioSelect):
    """One Bootstrap form-check per choice: radio buttons, or check boxes in the subclass below."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        _context, options = _options(self, name, value, attrs)
        return mark_safe("".join(  # noqa: S308 - every value is escaped (flatatt escapes the attributes)
            f'<div class="form-check"><input type="{self.input_type}" class="form-check-input" name="{escape(name)}" '
            f'value="{escape(option["value"])}"{flatatt({**option["attrs"], "checked": option["selected"]})}>'
            f'<label for="{escape(option["attrs"].get("id", ""))}" class="form-check-label">'
            f'{escape(option["label"])}</label></div>'
            for option in options
        ))


class CompactCheckboxes(CompactRadioSelect, forms.CheckboxSelectMultiple):
    pass
