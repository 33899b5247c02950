"""What users type, read strictly and the same way on every path: ids, years, decimal figures, note lengths.

Only ASCII digits are digits here: "²" and "٣" pass Python's str.isdigit() (and int() takes "٣"), but no user
means them as numbers, and int("²") raises. Lengths are bounded before any conversion (int() of thousands of
digits is slow, then refused), and every range is checked. Forms use Django's fields; URLs, GET filters, imports
and services use these.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext as _

# A note or a reason: a few sentences, not a pasted document. The same on every path (forms, imports, admin).
NOTE_MAX_LENGTH = 2000
MAX_ID = 2**63 - 1  # a bigint primary key
_DIGITS = re.compile(r"[0-9]{1,19}")
_DECIMAL = re.compile(r"([0-9]{1,15})(?:[.,]([0-9]{1,15}))?")


def note_validator() -> MaxLengthValidator:
    return MaxLengthValidator(NOTE_MAX_LENGTH)


def parse_int(text: str | None, *, minimum: int = 0, maximum: int = MAX_ID) -> int | None:
    """The integer written in ASCII digits (surrounding spaces allowed) within [minimum, maximum], else None."""
    if not isinstance(text, str):
        return None
    text = text.strip()
    if not _DIGITS.fullmatch(text):
        return None
    value = int(text)
    return value if minimum <= value <= maximum else None


def parse_id(text: str | None) -> int | None:
    """A primary key from a URL or a filter: 1 … 2⁶³−1, else None."""
    return parse_int(text, minimum=1)


def parse_year(text: str | None, *, minimum: int = 1900, maximum: int = 2999) -> int | None:
    """A calendar year in four ASCII digits, else None; callers check the years that make sense to them."""
    return parse_int(text, minimum=minimum, maximum=maximum) if isinstance(text, str) and len(text.strip()) == 4 \
        else None


def clean_decimal(value: Decimal, *, places: int, minimum: Decimal, maximum: Decimal, label: str) -> Decimal:
    """A finite decimal within the range with at most `places` decimals (trailing zeros do not count), quantized
    to `places`; ValidationError naming `label` otherwise. The same rule for a new value and a changed one."""
    if not isinstance(value, Decimal):
        raise ValidationError(_("%(label)s phải là số.") % {"label": label})
    if not value.is_finite():
        raise ValidationError(_("%(label)s phải là số.") % {"label": label})
    if not minimum <= value <= maximum:
        raise ValidationError(_("%(label)s phải từ %(min)s đến %(max)s.") % {"label": label, "min": minimum,
                                                                          "max": maximum})
    step = Decimal(1).scaleb(-places)
    try:
        rounded = value.quantize(step)
    except InvalidOperation as exc:
        raise ValidationError(_("%(label)s phải là số.") % {"label": label}) from exc
    if rounded != value:
        raise ValidationError(_("%(label)s có tối đa %(n)s chữ số thập phân.") % {"label": label, "n": places})
    return rounded


def parse_decimal(text: str, *, places: int, minimum: Decimal, maximum: Decimal, label: str) -> Decimal:
    """Text typed as digits with one "." or "," (no sign, no exponent), through clean_decimal."""
    match = _DECIMAL.fullmatch(text.strip()) if isinstance(text, str) else None
    if match is None:
        raise ValidationError(_("%(label)s “%(value)s” không phải số.") % {"label": label, "value": shown(text)})
    whole, fraction = match.groups()
    return clean_decimal(Decimal(f"{whole}.{fraction or 0}"), places=places, minimum=minimum, maximum=maximum,
                         label=label)


def shown(value, limit: int = 40) -> str:
    """A value quoted back in a message, cut so that a pasted document does not become the message."""
    text = "" if value is None else str(value)
    return text if len(text) <= limit else text[:limit] + "…"
