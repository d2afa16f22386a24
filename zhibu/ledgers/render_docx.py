"""A ledger as .docx (python-docx): A4, 仿宋/宋体 named for East Asian text with fallbacks, the organisation and period
in the page header, page numbers in the footer, table headers repeated on every page. Opens in WPS and Word."""

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from zhibu.ledgers.document import LedgerDocument

BODY_FONT = "仿宋"  # GB/T 9704 body face; WPS and Word fall back to 仿宋_GB2312 / FangSong where missing
HEADING_FONT = "宋体"
LATIN_FONT = "Times New Roman"


def _font(run_or_style, east_asian: str, size: float | None = None, bold: bool | None = None) -> None:
    font = run_or_style.font
    font.name = LATIN_FONT
    if size:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    element = run_or_style.element if hasattr(run_or_style, "element") else run_or_style._element
    properties = element.get_or_add_rPr()
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        properties.append(fonts)
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)


def _page_number(paragraph) -> None:
    """“第 N 页 共 M 页” with PAGE and NUMPAGES fields, which Word and WPS fill in."""

    def field(instruction: str):
        run = paragraph.add_run()
        for kind, text in (("begin", None), (None, instruction), ("end", None)):
            if kind:
                element = OxmlElement("w:fldChar")
                element.set(qn("w:fldCharType"), kind)
            else:
                element = OxmlElement("w:instrText")
                element.set(qn("xml:space"), "preserve")
                element.text = text
            run._r.append(element)

    paragraph.add_run("第 ")
    field("PAGE")
    paragraph.add_run(" 页 共 ")
    field("NUMPAGES")
    paragraph.add_run(" 页")


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def render(document: LedgerDocument, *, landscape: bool = False) -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    section.top_margin = section.bottom_margin = Cm(2.5)
    section.left_margin = section.right_margin = Cm(2.2)
    usable_width = (section.page_width - section.left_margin - section.right_margin) / 360000  # EMU per cm
    _font(doc.styles["Normal"], BODY_FONT, 12)
    head = section.header.paragraphs[0]
    head.text = document.running_head
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for run in head.runs:
        _font(run, HEADING_FONT, 9)
    foot = section.footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_number(foot)

    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(title.add_run(document.title), HEADING_FONT, 18, bold=True)
    subtitle = doc.add_paragraph()
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(subtitle.add_run(f"{document.organization}　{document.period}"), BODY_FONT, 12)

    for part in document.sections:
        if part.page_break:
            doc.add_page_break()
        if part.heading:
            heading = doc.add_paragraph()
            _font(heading.add_run(part.heading), HEADING_FONT, 14, bold=True)
        for label, value in part.facts:
            line = doc.add_paragraph()
            _font(line.add_run(f"{label}："), BODY_FONT, 12, bold=True)
            _font(line.add_run(str(value)), BODY_FONT, 12)
        for text in part.paragraphs:
            _font(doc.add_paragraph().add_run(text), BODY_FONT, 12)
        if part.table is not None:
            _table(doc, part.table, usable_width)
        if part.note:
            _font(doc.add_paragraph().add_run(part.note), BODY_FONT, 10.5)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _table(doc, data, usable_width: float) -> None:
    table = doc.add_table(rows=1, cols=len(data.columns))
    table.style = "Table Grid"
    header = table.rows[0]
    _repeat_header(header)
    for cell, text in zip(header.cells, data.columns, strict=True):
        cell.text = ""
        _font(cell.paragraphs[0].add_run(text), HEADING_FONT, 10.5, bold=True)
    for values in data.rows:
        row = table.add_row()
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # a row stays on one page
        cells = row.cells
        for cell, value in zip(cells, values, strict=True):
            cell.text = ""
            _font(cell.paragraphs[0].add_run("" if value is None else str(value)), BODY_FONT, 10.5)
    if data.widths:
        # Both the grid (LibreOffice reads it) and every cell (Word and WPS read those) get the width.
        table.autofit = False
        total = sum(data.widths)
        for column, width in zip(table.columns, data.widths, strict=True):
            column.width = Cm(usable_width * width / total)
            for cell in column.cells:
                cell.width = column.width
