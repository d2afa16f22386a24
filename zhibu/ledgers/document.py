"""A ledger as a neutral document — headings, facts, paragraphs and tables — that one renderer each turns into an A4
print page, an .xlsx workbook and a .docx file. The ledgers say what to show; how each format looks lives here once."""

from dataclasses import dataclass, field


@dataclass
class Table:
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    widths: list[int] | None = None  # relative widths (characters) for the xlsx and docx columns


@dataclass
class Section:
    heading: str = ""
    facts: list[tuple[str, str]] = field(default_factory=list)  # label: value lines
    paragraphs: list[str] = field(default_factory=list)
    table: Table | None = None
    note: str = ""  # e.g. an amendment marked as such, shown in small type
    page_break: bool = False  # start on a new page (docx, print)


@dataclass
class LedgerDocument:
    title: str
    organization: str
    period: str
    sections: list[Section] = field(default_factory=list)

    @property
    def running_head(self) -> str:
        """On every page: the organisation and the period."""
        return f"{self.organization}　{self.period}　{self.title}"

    def say_none_for_empty_tables(self) -> "LedgerDocument":
        """A section whose table has no rows says “无。” instead of printing an empty grid."""
        for section in self.sections:
            if section.table is not None and not section.table.rows:
                section.table, section.paragraphs = None, [*section.paragraphs, "无。"]
        return self
