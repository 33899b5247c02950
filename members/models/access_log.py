"""Who read or exported members' personal records, when, and what (Decree 13/2023/ND-CP on personal data)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PersonalDataAccess(models.Model):
    """One view, export or import of members' records. Written by members.access_log, never edited."""

    class Action(models.TextChoices):
        VIEW = "view", _("Xem")
        EXPORT = "export", _("Xuất tệp")
        IMPORT = "import", _("Nhập tệp")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người dùng"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("lúc"), auto_now_add=True, db_index=True)
    action = models.CharField(_("việc"), max_length=10, choices=Action.choices)
    what = models.CharField(_("nội dung"), max_length=300, help_text=_("Trang, tệp hoặc phạm vi đã xem, xuất, nhập."))
    records = models.PositiveIntegerField(_("số hồ sơ"), null=True, blank=True)
    full_citizen_ids = models.BooleanField(_("số định danh đầy đủ"), default=False)

    class Meta:
        verbose_name = _("lượt truy cập dữ liệu cá nhân")
        verbose_name_plural = _("nhật ký truy cập dữ liệu cá nhân")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.user or '—'} {self.get_action_display()} {self.what}"
