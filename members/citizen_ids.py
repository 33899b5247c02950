"""Citizen ID numbers (số định danh cá nhân, on the chip ID card): 12 digits, the first three the province code of
the birth registration (Circular 59/2021/TT-BCA); shown masked unless the user holds the permission to see them."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from organizations import access
from organizations.models import AdministrativeUnit

_TWELVE_DIGITS = re.compile(r"[0-9]{12}")
SHOWN_DIGITS = 3  # the last digits left readable in a masked number


def province_codes() -> set[int]:
    """The official province codes, current and former (a birth registered before 2025 keeps its old code)."""
    return {int(code) for code in AdministrativeUnit.objects.provinces().values_list("code", flat=True)
            if code.isascii() and code.isdigit()}


def citizen_id_problem(value: str, provinces: set[int]) -> str:
    """What is wrong with a citizen ID as typed, or "" when it is a valid one."""
    if not _TWELVE_DIGITS.fullmatch(value):
        return _("Số định danh cá nhân gồm đúng 12 chữ số (đang có “%(v)s”).") % {"v": value[:40]}
    if int(value[:3]) not in provinces:
        return _("Ba chữ số đầu “%(p)s” không phải mã tỉnh, thành phố nơi đăng ký khai sinh.") % {"p": value[:3]}
    return ""


def masked(value: str | None) -> str:
    if not value:
        return ""
    return "*" * (len(value) - SHOWN_DIGITS) + value[-SHOWN_DIGITS:]


def shown_to(user, value: str | None) -> str:
    """The number in full for a user with the permission (the command line: user None), masked for everyone else."""
    return value or "" if access.can_see_citizen_ids(user) else masked(value)
