"""Write one year's ratings of members or organizations to a .xlsx or .csv that import_ratings reads back."""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from organizations.models import PartyOrganization
from organizations.spreadsheets.reader import EXTENSIONS, extension_of
from ratings.spreadsheets import resources


class Command(BaseCommand):
    help = "Export ratings: --year Y --subject member|organization [--scope CODE] FILE (.xlsx or .csv)"

    def add_arguments(self, parser) -> None:
        parser.add_argument("file")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--subject", choices=["member", "organization"], required=True)
        parser.add_argument("--scope", help="code of a party organization: only its subtree")

    def handle(self, *args, file: str, year: int, subject: str, scope: str | None, **options) -> None:
        extension = extension_of(file)
        if extension not in EXTENSIONS:
            raise CommandError(_("Tệp phải có đuôi .xlsx hoặc .csv: %(f)s") % {"f": file})
        if not 1990 <= year <= datetime.date.today().year:
            raise CommandError(_("--year: năm %(y)s ngoài khoảng 1990–%(now)s.") % {"y": year,
                                                                                  "now": datetime.date.today().year})
        root = None
        if scope:
            root = PartyOrganization.objects.filter(code=scope).first()
            if root is None:
                raise CommandError(_("--scope: không có tổ chức đảng mã %(c)s") % {"c": scope})
        dataset = resources.dataset_for(year=year, subject=subject, scope=root)
        try:
            Path(file).write_bytes(resources.render(dataset, extension))
        except OSError as exc:
            raise CommandError(f"{file}: {exc.strerror}") from exc
        self.stdout.write(_("Đã ghi %(n)s kết quả vào %(f)s") % {"n": dataset.height, "f": file})
