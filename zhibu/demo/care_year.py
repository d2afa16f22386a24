"""The demo's care registry and integrity records: in every branch a few members in care (the retired branch's
elders, veterans of fifty years' standing, a member in hardship here and there) with the year's visits and support;
in every 机关党委 a small risk register, one review overdue; and two early-stage discipline records, which only the
demo's 纪检 account sees. All names come from the demo's own members; the texts are invented here."""

import datetime
import random
from decimal import Decimal

from zhibu.care import services as care_services
from zhibu.care.models import Kind
from zhibu.core.actors import CommandActor
from zhibu.integrity import services as integrity_services
from zhibu.members.models import Member
from zhibu.organizations.models import BRANCH_KINDS, Organization, OrganizationKind

HARDSHIP = ("本人患慢性病，长期服药，家庭开支较大", "配偶失业，子女上学，家庭收入偏低", "家中老人重病住院")
VISITS = ("登门看望，送去慰问品，了解身体状况", "电话问候并上门座谈，听取意见建议", "协助联系就医，送去帮扶资金")
RISKS = (
    ("财务岗", "经费报销审批", "报销票据审核不严，存在虚列支出风险", "单据双人审核，每月对账公示"),
    ("采购岗", "政府采购", "供应商选择不公开，存在利益输送风险", "三家以上比价，采购结果公开"),
    ("审批窗口岗", "行政审批", "自由裁量空间大，存在吃拿卡要风险", "办理时限公开，群众评价回访"),
)


def build_care(today: datetime.date, seed: int = 2024) -> int:
    """Returns the number of visits recorded."""
    rng = random.Random(seed + 7)
    actor = CommandActor("demo")
    visits = 0
    for branch in Organization.objects.filter(kind__in=BRANCH_KINDS).order_by("path"):
        members = list(Member.objects.filter(organization=branch).order_by("id"))
        veterans = [m for m in members if m.joined_on <= today - datetime.timedelta(days=50 * 365)]
        chosen: list[tuple[Member, str]] = [(m, Kind.VETERAN) for m in veterans[:2]]
        if "离退休" in branch.name:
            chosen += [(m, Kind.RETIRED) for m in members[:3] if m not in veterans[:2]]
        elif members and rng.random() < 0.4:
            chosen.append((rng.choice(members), Kind.HARDSHIP))
        for member, kind in chosen:
            hardship = kind == Kind.HARDSHIP
            case = care_services.register_case(
                actor=actor,
                member=member,
                kind=kind,
                reason=rng.choice(HARDSHIP) if hardship else f"入党{today.year - member.joined_on.year}年，年事已高",
                since=today - datetime.timedelta(days=rng.randrange(200, 700)),
                level="special" if hardship else "key",
            )
            for days in sorted(rng.sample(range(20, 330), 2), reverse=True):
                on = max(case.since, today - datetime.timedelta(days=days))
                care_services.record_visit(
                    actor=actor,
                    carecase=case,
                    kind="support" if hardship else "condolence",
                    visited_on=on,
                    visitors="支部书记、组织委员",
                    note=rng.choice(VISITS),
                    amount=Decimal(rng.choice((300, 500, 800, 1000))) if hardship or rng.random() < 0.5 else None,
                )
                visits += 1
    for index, committee in enumerate(Organization.objects.filter(kind=OrganizationKind.DANGWEI).order_by("path")):
        for number, (post, process, description, controls) in enumerate(RISKS):
            # The first risk of the first committee was last looked at long ago: its review is overdue.
            identified = today - datetime.timedelta(days=400 if (index, number) == (0, 0) else rng.randrange(30, 150))
            integrity_services.create_risk(
                actor=actor,
                organization=committee,
                post=post,
                process=process,
                description=description,
                level=("high", "medium", "low")[number],
                controls=controls,
                owner="分管负责人",
                identified_on=identified,
                review_interval_months=6,
            )
    first = Organization.objects.filter(kind__in=BRANCH_KINDS).order_by("path").first()
    subjects = list(Member.objects.filter(organization=first).order_by("-id")[:2]) if first else []
    for subject, kind, reason in zip(
        subjects,
        ("reminder_talk", "inquiry"),
        ("多次迟到早退，工作纪律松弛", "收到反映其违规使用公务用车"),
        strict=False,
    ):
        integrity_services.record_discipline(
            actor=actor,
            member=subject,
            kind=kind,
            happened_on=today - datetime.timedelta(days=rng.randrange(10, 90)),
            reason=reason,
            outcome="本人作出说明，予以了结" if kind == "inquiry" else "",
        )
    return visits
