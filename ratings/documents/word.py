"""The board's documents as .docx (python-docx), laid out as party documents are: A4, Times New Roman, the letterhead
in two columns, the table, "Nơi nhận" and the signature block side by side. Offices finish them in Word."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from ratings.documents.content import AnnualReport, CellRecord, FigureTable, Letterhead, Signature

FONT = "Times New Roman"
TEXT_WIDTH = 16.5  # cm: A4 less the 3 cm and 1.5 cm side margins
CENTER, JUSTIFY, RIGHT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.RIGHT


def _document(title: str) -> Document:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(13)
    # Word takes Vietnamese letters' font from the East Asian slot too: without it some show in another face.
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    style.paragraph_format.space_after = Pt(0)
    document.core_properties.title = title
    document.core_properties.language = "vi-VN"
    return document


def _text(cell_or_document, text: str, *, bold=False, italic=False, underline=False, size=None, align=None,
          first=False):
    """A paragraph in a table cell (its first, empty one when `first`) or at the end of the document."""
    paragraph = cell_or_document.paragraphs[0] if first else cell_or_document.add_paragraph()
    run = paragraph.add_run(text)
    run.bold, run.italic, run.underline = bold, italic, underline
    if size:
        run.font.size = Pt(size)
    if align is not None:
        paragraph.alignment = align
    return paragraph


def _set_widths(table, widths: list[float]) -> None:
    """Column widths in cm, written where Word (each cell) and LibreOffice (the grid) read them; before any merge."""
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)


def _keep_rows_whole(table) -> None:
    for row in table.rows:
        properties = row._tr.get_or_add_trPr()
        properties.append(OxmlElement("w:cantSplit"))


def _columns(document, widths: list[float]):
    """A borderless table of one row that never splits across pages: the letterhead's and the signature's sides."""
    table = document.add_table(rows=1, cols=len(widths))
    _set_widths(table, widths)
    _keep_rows_whole(table)
    return table.rows[0].cells


def _letterhead(document, head: Letterhead) -> None:
    left, right = _columns(document, [7.5, 9])
    first = True
    if head.superior:
        _text(left, head.superior, size=12, align=CENTER, first=True)
        first = False
    _text(left, head.issuer, bold=True, size=12, align=CENTER, first=first)
    _text(left, "*", align=CENTER)
    if head.number:
        _text(left, head.number, size=12, align=CENTER)
    _text(right, head.party, bold=True, underline=True, size=13, align=CENTER, first=True)
    _text(right, "")
    _text(right, head.place_date, italic=True, size=13, align=CENTER)


def _closing(document, recipients_heading: str, recipients: list[str], signature: Signature) -> None:
    document.add_paragraph()
    left, right = _columns(document, [7.5, 9])
    _text(left, recipients_heading, bold=True, italic=True, size=12, first=True)
    for line in recipients:
        _text(left, f"- {line}", size=11)
    _text(right, signature.on_behalf, bold=True, align=CENTER, first=True)
    _text(right, signature.title, bold=True, align=CENTER)
    for _blank in range(4):
        _text(right, "")
    _text(right, signature.name, bold=True, align=CENTER)


def _grid(document, rows: int, widths: list[float]):
    table = document.add_table(rows=rows, cols=len(widths))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _set_widths(table, widths)
    _keep_rows_whole(table)
    return table


def _share_widths(first: float, rest: list[float], total: float = TEXT_WIDTH) -> list[float]:
    """`rest` as they are, `first` widened to fill the text width."""
    return [max(first, total - sum(rest)), *rest]


def _cell(table, row: int, col: int, text: str, *, bold=False, align=CENTER, size=11):
    cell = table.cell(row, col)
    _text(cell, text, bold=bold, align=align, size=size, first=True)
    return cell


def _figures(document, table_data: FigureTable, headings: dict[str, str]) -> None:
    levels = len(table_data.levels)
    table = _grid(document, 2 + len(table_data.rows), _share_widths(3.0, [1.5, 1.6] + [1.05, 1.45] * levels))
    for col, key in enumerate(("subject", "total", "reviewed")):
        merged = table.cell(0, col).merge(table.cell(1, col))
        _text(merged, headings[key], bold=True, align=CENTER, size=10, first=True)
    for position, label in enumerate(table_data.levels):
        col = 3 + 2 * position
        merged = table.cell(0, col).merge(table.cell(0, col + 1))
        _text(merged, label, bold=True, align=CENTER, size=10, first=True)
        _cell(table, 1, col, headings["count"], bold=True, size=10)
        _cell(table, 1, col + 1, headings["share"], bold=True, size=10)
    for index, row in enumerate(table_data.rows, start=2):
        _cell(table, index, 0, row.label, align=None)
        _cell(table, index, 1, row.total, align=RIGHT)
        _cell(table, index, 2, row.reviewed, align=RIGHT)
        for position, (count, share) in enumerate(row.cells):
            _cell(table, index, 3 + 2 * position, count, align=RIGHT)
            _cell(table, index, 4 + 2 * position, share, align=RIGHT)
    for note in table_data.notes:
        _text(document, note, italic=True, size=11)


def annual_report_docx(report: AnnualReport) -> bytes:
    document = _document(f"{report.title} {report.subtitle}")
    _letterhead(document, report.letterhead)
    document.add_paragraph()
    _text(document, report.title, bold=True, size=14, align=CENTER)
    _text(document, report.subtitle, bold=True, align=CENTER)
    _text(document, "-----", align=CENTER)
    intro = _text(document, report.intro, align=JUSTIFY)
    intro.paragraph_format.first_line_indent = Cm(1)
    intro.paragraph_format.space_after = Pt(6)
    h = report.headings
    for table_data in report.tables:
        _text(document, h[table_data.key], bold=True).paragraph_format.space_before = Pt(6)
        if table_data.rows:
            _figures(document, table_data, h)
        else:
            _text(document, h["none"], italic=True)
    _text(document, h["overrides"], bold=True).paragraph_format.space_before = Pt(6)
    if report.overrides:
        table = _grid(document, 1 + len(report.overrides), [1.2, 3.7, 3.1, 4.5, 4.0])
        for col, key in enumerate(("number", "subject", "level", "warnings", "reason")):
            _cell(table, 0, col, h[key], bold=True)
        for index, item in enumerate(report.overrides, start=1):
            for col, text in enumerate((str(index), item.subject, item.level, item.warnings, item.reason)):
                _cell(table, index, col, text, align=CENTER if col == 0 else None)
    else:
        _text(document, h["no_overrides"], italic=True)
    _closing(document, h["recipients"], report.recipients, report.signature)
    return _bytes(document)


def cell_record_docx(record: CellRecord) -> bytes:
    document = _document(f"{record.title} {record.subtitle}")
    _letterhead(document, record.letterhead)
    document.add_paragraph()
    _text(document, record.title, bold=True, size=14, align=CENTER)
    _text(document, record.subtitle, bold=True, align=CENTER)
    _text(document, "-----", align=CENTER)
    h = record.headings
    keys = ["number", "name", "level"] + (["score"] if record.show_score else []) + (
        ["exceeded"] if record.show_exceeded else []) + ["note"]
    fixed = {"number": 1.2, "name": 4.2, "level": 4.0, "score": 1.4, "exceeded": 2.0}
    widths = [fixed.get(key, 0) for key in keys]
    widths[-1] = max(3.0, TEXT_WIDTH - sum(widths))
    table = _grid(document, 1 + len(record.rows), widths)
    for col, key in enumerate(keys):
        _cell(table, 0, col, h[key], bold=True)
    for index, row in enumerate(record.rows, start=1):
        values = {"number": str(row.number), "name": row.name, "level": row.level, "score": row.score,
                  "exceeded": row.exceeded, "note": row.note}
        for col, key in enumerate(keys):
            _cell(table, index, col, values[key], align=CENTER if key == "number" else (
                RIGHT if key in ("score", "exceeded") else None))
    _text(document, h["summary"], bold=True).paragraph_format.space_before = Pt(6)
    for line in record.summary:
        _text(document, line)
    _closing(document, h["recipients"], record.recipients, record.signature)
    return _bytes(document)


def _bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
