"""Catalogue parameters in Chinese: what each threshold key means and how its value reads, for the verdict page, the
settings page and the 工委 override notes. The catalogue refuses a key without a label here."""

from typing import Any

from zhibu.activities.reference import DEFAULT_KINDS
from zhibu.standards.catalogue import PERIODS

LABELS = {
    "activity_kind": "会议类型",
    "activity_kinds": "会议类型",
    "age": "年龄",
    "alert": "预警月数",
    "at_least": "不少于",
    "at_most": "不超过",
    "at_most_months": "最长月数",
    "attendance": "到会要求",
    "between": "范围",
    "between_months": "间隔月数",
    "brackets": "缴纳比例",
    "cadre_appointment": "讨论干部任免到会比例",
    "checklist": "条目清单",
    "closed_by_deadline": "按期销号",
    "committee_when_full_members": "设立支委会的正式党员人数",
    "complete": "信息完整",
    "concentrated": "集中培训次数",
    "consistent": "日期一致",
    "count": "数量",
    "coverage": "覆盖范围",
    "days": "天数",
    "deviation_years": "可提前或延期年数",
    "dimensions": "方面数",
    "every_months": "间隔月数",
    "evidence": "佐证材料",
    "first_topic": "第一议题",
    "fixed_day_within": "相对固定日前后浮动天数",
    "fixed": "比例",
    "grace_months": "年初核定期（月数）",
    "hours": "学时",
    "months": "月数",
    "months_before": "提前月数",
    "member_percent": "优秀共产党员名额比例（%）",
    "more_than": "超过",
    "org_percent": "先进基层党组织名额比例（%）",
    "order": "顺序",
    "period": "周期",
    "posts": "职务",
    "quota": "名额",
    "record": "记录",
    "reports": "报告篇数",
    "reviews": "审查次数",
    "stars_at_least": "星级不低于",
    "start": "起算",
    "warn": "提醒月数",
    "worker_percent": "优秀党务工作者名额比例（%）",
    "within_months": "期限月数",
    "working_days": "工作日",
    "years": "年数",
}

_WORDS = {
    **{code: name for code, name, *_ in DEFAULT_KINDS},
    **PERIODS,
    "secretary": "书记",
    "organization": "组织委员",
    "publicity": "宣传委员",
    "discipline": "纪检委员",
    "cc": "班子成员之间",
    "cm": "班子成员与党员之间",
    "mm": "党员之间",
    "approval": "上级批准",
    "admission_vote": "支部大会通过之日",
}


def label(key: str) -> str:
    return LABELS.get(key, key)


def value_text(key: str, value: object) -> str:
    """A parameter's value as a party-affairs worker reads it: names instead of codes, shares as percentages."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, str):
        return _WORDS.get(value, value)
    if isinstance(value, float) and 0 < value < 1:
        return f"{value * 100:.2f}".rstrip("0").rstrip(".") + "%"
    if key == "between" and isinstance(value, list | tuple) and len(value) == 2:
        return f"{value_text('', value[0])}至{value_text('', value[1])}"
    if key == "brackets" and isinstance(value, list | tuple):
        return "；".join(
            f"{'月收入' + str(ceiling) + '元以下' if ceiling is not None else '其余'}{value_text('', share)}"
            for ceiling, share in value
        )
    if isinstance(value, list | tuple):
        return "、".join(value_text("", item) for item in value)
    return str(value)


def described(parameters: dict[str, Any]) -> list[str]:
    """ "不少于：1"-style lines for every parameter but ``source``."""
    return [f"{label(key)}：{value_text(key, value)}" for key, value in parameters.items() if key != "source"]
