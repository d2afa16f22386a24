"""Every ledger zhibu generates, by its code in the address."""

from zhibu.ledgers.books import LIFE_FIELDS, MEETING_FIELDS, ROSTER_FIELDS, Ledger, life_ledger, meeting_book, roster
from zhibu.ledgers.dues_books import DUES_FIELDS, PUBLICATION_FIELDS, dues_ledger, dues_publication
from zhibu.ledgers.registers import (
    DUAL_FIELDS,
    MANUAL_FIELDS,
    SECRETARY_FIELDS,
    STUDY_FIELDS,
    dual_life_ledger,
    secretary_ledger,
    study_notebook,
    work_manual,
)
from zhibu.ledgers.reports import MONTHLY_FIELDS, QUARTERLY_FIELDS, monthly_report, quarterly_summary

LEDGERS = {
    ledger.code: ledger
    for ledger in (
        Ledger(
            "manual",
            "党支部年度工作手册",
            "全年工作安排（计划）及完成情况、班子分工、学习专题",
            MANUAL_FIELDS,
            work_manual,
        ),
        Ledger(
            "meetings",
            "会议记录本",
            "每次会议的出席、议程、记录、表决、决议和签发，更正单独标注",
            MEETING_FIELDS,
            meeting_book,
        ),
        Ledger(
            "study",
            "政治学习笔记本",
            "学习类组织生活的主题、内容和参加人员",
            STUDY_FIELDS,
            study_notebook,
            landscape=True,
        ),
        Ledger(
            "life",
            "组织生活台账",
            "各类组织生活逐月召开情况及标准体系达标结论",
            LIFE_FIELDS,
            life_ledger,
            landscape=True,
        ),
        Ledger(
            "dual", "双重组织生活台账", "领导干部以普通党员身份参加组织生活和讲党课情况", DUAL_FIELDS, dual_life_ledger
        ),
        Ledger(
            "secretary",
            "书记抓党建工作责任台账",
            "班子分工、组织生活、决议落实、整改事项和未达标事项",
            SECRETARY_FIELDS,
            secretary_ledger,
        ),
        Ledger(
            "roster",
            "党员花名册",
            "在册党员的基本信息和党内职务（手机号码脱敏）",
            ROSTER_FIELDS,
            roster,
            landscape=True,
            period="now",
        ),
        Ledger(
            "monthly",
            "党支部组织生活月报",
            "本月会议及出席率、未达标事项、到期决议（报上级党委）",
            MONTHLY_FIELDS,
            monthly_report,
            period="month",
        ),
        Ledger(
            "quarterly",
            "党支部组织生活季度汇总",
            "党委所属各支部本季度各类会议召开情况及未达标说明",
            QUARTERLY_FIELDS,
            quarterly_summary,
            landscape=True,
            period="quarter",
            for_committees=True,
        ),
        Ledger(
            "dues", "党费收缴台账", "每名党员的缴费类别、月应缴和逐月缴纳金额", DUES_FIELDS, dues_ledger, landscape=True
        ),
        Ledger(
            "dues-publication",
            "党费收缴情况公示",
            "全年逐月应缴、实缴和自愿多交合计（不含个人收入），每年向党员公示",
            PUBLICATION_FIELDS,
            dues_publication,
        ),
    )
}
