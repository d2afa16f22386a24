"""The question bank's Excel import: one row a question, checked whole before anything is written. ``parse`` returns
the questions and every error by row and column in Chinese; the import page shows both (preview) and imports only a
file without errors, all rows in one transaction (``services.import_questions``)."""

import io
from typing import Any

from openpyxl import Workbook, load_workbook

from zhibu.core.spreadsheets import write
from zhibu.quizzes.models import QuestionKind

LETTERS = "ABCDEF"
HEADERS = ["题型", "题干", *[f"选项{letter}" for letter in LETTERS], "答案", "标签"]
KINDS = {choice.label: choice.value for choice in QuestionKind} | {
    "单选": "single",
    "多选": "multiple",
    "判断": "judge",
}
MAX_ROWS = 2000
JUDGE = ("对", "错")


EXAMPLES = [
    ["单选题", "党的最高理想和最终目标是什么？", "实现共产主义", "全面建成小康社会", "", "", "", "", "A", "党章"],
    [
        "多选题",
        "以下哪些属于“三会一课”？",
        "支部党员大会",
        "支部委员会",
        "党小组会",
        "党课",
        "",
        "",
        "ABCD",
        "组织生活",
    ],
    ["判断题", "党员应当按期交纳党费。", "", "", "", "", "", "", "对", "党章"],
    ["填空题", "党的基层组织包括基层委员会、总支部委员会和____。", "", "", "", "", "", "", "支部委员会|党支部", "党章"],
]


def workbook(rows: list[list[str]]) -> bytes:
    """A sheet in the import's layout: the template (with examples) and the demo's bank."""
    book = Workbook()
    sheet = book.active
    sheet.title = "试题"
    for row_number, row in enumerate([HEADERS, *rows], start=1):
        for column, value in enumerate(row, start=1):
            write(sheet, row_number, column, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def template() -> bytes:
    return workbook(EXAMPLES)


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def parse(content: bytes) -> tuple[list[dict[str, Any]], list[str]]:
    try:
        sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
    except Exception:  # openpyxl raises many kinds on a file that is not a workbook
        return [], ["文件无法读取：请上传由模板填写的 .xlsx 文件（不要上传 .xls 或改名的文件）"]
    rows = list(sheet.iter_rows(values_only=True))
    if not rows or [_text(v) for v in rows[0][: len(HEADERS)]] != HEADERS:
        return [], [f"第1行应为表头：{'、'.join(HEADERS)}。请下载模板，按模板填写"]
    if len(rows) - 1 > MAX_ROWS:
        return [], [f"一次最多导入{MAX_ROWS}道题，请分成几个文件"]
    questions, errors = [], []
    for number, row in enumerate(rows[1:], start=2):
        values = dict(zip(HEADERS, [_text(v) for v in row] + [""] * len(HEADERS), strict=False))
        if not any(values.values()):
            continue
        question, problems = _row(values)
        errors += [f"第{number}行：“{column}”列：{problem}" for column, problem in problems]
        if not problems:
            questions.append(question)
    return questions, errors


def _row(values: dict[str, str]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    problems: list[tuple[str, str]] = []
    kind = KINDS.get(values["题型"])
    if kind is None:
        problems.append(("题型", f"“{values['题型']}”不是题型，应为单选题、多选题、判断题或填空题"))
    if not values["题干"]:
        problems.append(("题干", "不能为空"))
    options = [values[f"选项{letter}"] for letter in LETTERS]
    while options and not options[-1]:
        options.pop()
    answer = values["答案"].replace(" ", "")
    if not answer:
        problems.append(("答案", "不能为空"))
    elif kind in ("single", "multiple"):
        if len(options) < 2 or "" in options:
            problems.append(("选项A", "选择题至少要有2个选项，且选项须从A起连续填写"))
        allowed = LETTERS[: len(options)]
        answer = answer.upper()
        if any(letter not in allowed for letter in answer) or len(set(answer)) != len(answer):
            problems.append(("答案", f"应为选项字母（{allowed}），“{answer}”不对"))
        elif kind == "single" and len(answer) != 1:
            problems.append(("答案", "单选题只能有一个答案"))
        elif kind == "multiple" and len(answer) < 2:
            problems.append(("答案", "多选题应有两个或以上答案，只有一个答案请改为单选题"))
    elif kind == "judge":
        answer = {"正确": "对", "√": "对", "错误": "错", "×": "错"}.get(answer, answer)
        if answer not in JUDGE:
            problems.append(("答案", "判断题的答案应为“对”或“错”"))
    if len(values["标签"]) > 30:
        problems.append(("标签", "不能超过30个字"))
    question = {
        "kind": kind,
        "text": values["题干"],
        "options": options if kind in ("single", "multiple") else [],
        "answer": answer,
        "tag": values["标签"],
    }
    return question, problems
