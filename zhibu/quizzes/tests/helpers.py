"""Builders for the quizzes tests: a bank with questions of every kind, a quiz open today, a member with an account,
a survey, all made through the services."""

import datetime
import io
import itertools

from django.utils import timezone
from openpyxl import Workbook

from zhibu.accounts.roles import Role
from zhibu.quizzes import services
from zhibu.quizzes.importing import HEADERS
from zhibu.testing import SETUP, make_member, persona

_names = itertools.count(1)

ROWS = [
    ["单选题", "党的根本宗旨是什么？", "全心全意为人民服务", "发展经济", "", "", "", "", "A", "党章"],
    ["单选题", "党支部党员大会一般每季度召开几次？", "1次", "2次", "3次", "", "", "", "A", "组织生活"],
    ["多选题", "“三会一课”包括哪些？", "支部党员大会", "支部委员会", "党小组会", "党课", "", "", "ABCD", "组织生活"],
    ["判断题", "党员应当按期交纳党费。", "", "", "", "", "", "", "对", "党章"],
    ["判断题", "预备期从递交入党申请书之日算起。", "", "", "", "", "", "", "错", "党章"],
    ["填空题", "党的基层组织包括基层委员会、总支部委员会和____。", "", "", "", "", "", "", "支部委员会|党支部", "党章"],
]


def sheet(rows=None, headers=None) -> bytes:
    book = Workbook()
    book.active.append(headers or HEADERS)
    for row in ROWS if rows is None else rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def bank(organization, name="党章党规题库"):
    from zhibu.quizzes.importing import parse

    made = services.create_bank(actor=SETUP, organization=organization, name=name)
    questions, errors = parse(sheet())
    assert not errors
    services.import_questions(actor=SETUP, bank=made, questions=questions)
    return made


def quiz(organization, the_bank=None, **fields):
    today = timezone.localdate()
    values = {
        "title": "党章知识测试",
        "single_count": 1,
        "multiple_count": 1,
        "judge_count": 1,
        "fill_count": 1,
        "opens_on": today - datetime.timedelta(days=1),
        "closes_on": today + datetime.timedelta(days=7),
        "minutes": 10,
        "max_attempts": 1,
        "pass_score": 60,
        **fields,
    }
    return services.create_quiz(actor=SETUP, organization=organization, bank=the_bank or bank(organization), **values)


def member_user(organization, name=None):
    """A member of the organisation with their own account (党员 role)."""
    number = next(_names)
    member = make_member(organization, name=name or f"答题人{number}")
    return persona(f"quiz_member_{number}", organization, Role.MEMBER, member=member)


QUESTIONS = "单选｜您对本支部组织生活的总体评价｜很满意/满意/一般/不满意\n多选｜您希望加强哪些方面｜理论学习/业务结合/谈心谈话\n文字｜您的意见和建议"


def survey(organization, anonymous=True, **fields):
    today = timezone.localdate()
    values = {
        "title": "年度思想动态调查",
        "intro": "",
        "anonymous": anonymous,
        "opens_on": today - datetime.timedelta(days=1),
        "closes_on": today + datetime.timedelta(days=7),
        **fields,
    }
    return services.create_survey(actor=SETUP, organization=organization, questions=QUESTIONS, **values)


def contest(organization, participants, the_bank=None, **fields):
    """A 知识竞赛 of ``organization`` open today, for the ``participants`` organisations."""
    today = timezone.localdate()
    values = {
        "title": "党章知识竞赛",
        "single_count": 1,
        "multiple_count": 0,
        "judge_count": 1,
        "fill_count": 0,
        "opens_on": today - datetime.timedelta(days=1),
        "closes_on": today + datetime.timedelta(days=7),
        "minutes": 10,
        "max_attempts": 2,
        "pass_score": 60,
        **fields,
    }
    return services.create_contest(
        actor=SETUP,
        organization=organization,
        participants=participants,
        bank=the_bank or bank(organization),
        **values,
    )
