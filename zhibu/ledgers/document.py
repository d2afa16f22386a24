"""A ledger as a neutral document — headings, facts, paragraphs and tables — that one renderer each turns into an A4
print page, an .xlsx workbook and a .docx file. The ledgers say what to show; how each format looks lives here once."""

from dataclasses import dataclass, field
from decimal import Decimal

from zhibu.core.formatting import yuan

# Excel's format for a Money cell: the number stays a number (sums and filters work), shown as ￥1,234.50.
MONEY_FORMAT = '"￥"#,##0.00;-"￥"#,##0.00'


@dataclass(frozen=True)
class Money:
    """An amount in a ledger cell: printed and in Word as ￥1,234.50 (as the dues pages show it), in Excel a number
    with a currency format."""

    amount: Decimal

    def __str__(self) -> str:
        return yuan(self.amount)


def money(amount: Decimal | int | None) -> Money | str:
    """A cell for an amount; none (a month not paid) stays blank."""
    return "" if amount is None or amount == "" else Money(Decimal(amount))


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
