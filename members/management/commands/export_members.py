"""Write party members (and their past events) to a .xlsx or .csv that import_members reads back unchanged."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from members.spreadsheets.exporter import export_file, members_in
from organizations.models import PartyOrganization
from organizations.spreadsheets.reader import EXTENSIONS, extension_of


class Command(BaseCommand):
    help = "Export party members: [--scope CODE] FILE (.xlsx with a sheet of events, or .csv)"

    def add_arguments(self, parser) -> None:
        parser.add_argument("file")
        parser.add_argument("--scope", help="code of a party organization: only the members of its subtree")

    def handle(self, *args, file: str, scope: str | None, **options) -> None:
        extension = extension_of(file)
        if extension not in EXTENSIONS:
            raise CommandError(_("Tệp phải có đuôi .xlsx hoặc .csv: %(f)s") % {"f": file})
        root = None
        if scope:
            root = PartyOrganization.objects.filter(code=scope).first()
            if root is None:
                raise CommandError(_("--scope: không có tổ chức đảng mã %(c)s") % {"c": scope})
        members = members_in(root)
        what = _("Dòng lệnh export_members %(scope)s → %(file)s") % {"scope": scope or _("toàn bộ"), "file": file}
        try:
            Path(file).write_bytes(export_file(members, extension, what=what))
        except OSError as exc:
            raise CommandError(f"{file}: {exc.strerror}") from exc
        self.stdout.write(_("Đã ghi %(n)s đảng viên vào %(f)s") % {"n": members.count(), "f": file})
