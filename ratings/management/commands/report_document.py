"""Write a reporting unit's annual report (or, with --record, a cell's record of its members) as .docx."""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from organizations.models import PartyOrganization
from ratings.documents import content, word
from ratings.services import REPORTING_KINDS


class Command(BaseCommand):
    help = "Annual report as .docx: --organization CODE --year Y [--record] FILE.docx"

    def add_arguments(self, parser) -> None:
        parser.add_argument("file")
        parser.add_argument("--organization", required=True, help="code of a GPO, a district or a provincial committee "
                                                                   "(with --record: of a cell)")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--record", action="store_true", help="the cell's record of its members' ratings")

    def handle(self, *args, file: str, organization: str, year: int, record: bool, **options) -> None:
        if not file.lower().endswith(".docx"):
            raise CommandError(_("Tệp phải có đuôi .docx: %(f)s") % {"f": file})
        if not 1990 <= year <= datetime.date.today().year:
            raise CommandError(_("--year: năm %(y)s ngoài khoảng 1990–%(now)s.") % {"y": year,
                                                                                  "now": datetime.date.today().year})
        unit = PartyOrganization.objects.select_related("parent", "admin_unit", "province").filter(
            code=organization).first()
        if unit is None:
            raise CommandError(_("--organization: không có tổ chức đảng mã %(c)s") % {"c": organization})
        if record:
            if unit.kind != PartyOrganization.Kind.CELL and not unit.is_grassroots_cell:
                raise CommandError(_("--record: %(name)s không phải chi bộ.") % {"name": unit.name})
            data = word.cell_record_docx(content.cell_record(unit, year))
        else:
            if unit.kind not in REPORTING_KINDS:
                raise CommandError(_("%(name)s không phải đơn vị báo cáo (tổ chức cơ sở đảng, đảng bộ huyện, tỉnh); "
                                     "kết quả của nó nằm trong báo cáo của tổ chức cơ sở đảng.") % {"name": unit.name})
            data = word.annual_report_docx(content.annual_report(unit, year))
        try:
            Path(file).write_bytes(data)
        except OSError as exc:
            raise CommandError(f"{file}: {exc.strerror}") from exc
        self.stdout.write(_("Đã ghi %(f)s") % {"f": file})
