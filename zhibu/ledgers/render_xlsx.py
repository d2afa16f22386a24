"""A ledger as .xlsx: one sheet, A4 page setup, the organisation and period in the printed header, page numbers in
the footer, the table header rows repeated on every printed page."""

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from zhibu.core.spreadsheets import header_footer_text, sheet_title, write
from zhibu.ledgers.document import MONEY_FORMAT, LedgerDocument, Money

FONT = "宋体"
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def render(document: LedgerDocument, *, landscape: bool = False) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title(document.title)
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.oddHeader.center.text = header_footer_text(document.running_head)
    sheet.oddHeader.center.font = FONT
    sheet.oddFooter.center.text = "第 &P 页 共 &N 页"
    width = max([len(part.table.columns) for part in document.sections if part.table] or [2])
    row = 1
    write(sheet, row, 1, document.title).font = Font(name=FONT, size=16, bold=True)
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    sheet.cell(row, 1).alignment = Alignment(horizontal="center")
    row += 1
    write(sheet, row, 1, f"{document.organization}　{document.period}").font = Font(name=FONT, size=11)
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    sheet.cell(row, 1).alignment = Alignment(horizontal="center")
    row += 2
    first_header_row = None
    widths = [8] * width
    for part in document.sections:
        if part.heading:
            write(sheet, row, 1, part.heading).font = Font(name=FONT, size=12, bold=True)
            row += 1
        for label, value in part.facts:
            write(sheet, row, 1, label).font = Font(name=FONT, bold=True)
            write(sheet, row, 2, str(value)).font = Font(name=FONT)
            sheet.merge_cells(start_row=row, start_column=2, end_row=row, end_column=max(width, 2))
            sheet.cell(row, 2).alignment = Alignment(wrap_text=True, vertical="top")
            row += 1
        for text in part.paragraphs:
            write(sheet, row, 1, text).font = Font(name=FONT)
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=max(width, 2))
            sheet.cell(row, 1).alignment = Alignment(wrap_text=True, vertical="top")
            row += 1
        if part.table is not None:
            first_header_row = first_header_row or row
            for column, text in enumerate(part.table.columns, start=1):
                cell = write(sheet, row, column, text)
                cell.font, cell.border = Font(name=FONT, bold=True), BOX
                cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            row += 1
            for values in part.table.rows:
                for column, value in enumerate(values, start=1):
                    cell = write(sheet, row, column, value.amount if isinstance(value, Money) else value)
                    cell.font, cell.border = Font(name=FONT), BOX
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
                    if isinstance(value, Money):
                        cell.number_format = MONEY_FORMAT
                        cell.alignment = Alignment(horizontal="right", vertical="top")
                    elif isinstance(value, Decimal):
                        cell.number_format = "0.00"
                row += 1
            for index, w in enumerate(part.table.widths or [], start=0):
                widths[index] = max(widths[index], w)
        if part.note:
            write(sheet, row, 1, part.note).font = Font(name=FONT, size=9, italic=True)
            row += 1
        row += 1
    for index, w in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = w
    if first_header_row and sum(1 for part in document.sections if part.table) == 1:
        sheet.print_title_rows = f"{first_header_row}:{first_header_row}"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
