"""Warnings on an organisation page for the organisation-setup rules ORG-01 … ORG-07 (rules.md, catalogue).

They never block a change: a branch may have its reasons (情况说明), which the standards engine will record.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q

from zhibu.committees.models import Position, PositionKind
from zhibu.core.formatting import cn_date
from zhibu.members.choices import Category, RecordStatus
from zhibu.members.models import Member
from zhibu.members.validation import add_years
from zhibu.organizations.models import BRANCH_KINDS, Organization, OrganizationKind

CORE_POSTS = ("secretary", "organization", "publicity", "discipline")


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    source: str
    severity: str  # error | warning


RULES = {
    rule.id: rule
    for rule in (
        Rule(
            "ORG-01",
            "党支部正式党员不少于3人",
            "《中国共产党支部工作条例（试行）》第二章；《党和国家机关基层组织工作条例》第七条",
            "error",
        ),
        Rule("ORG-02", "党支部党员一般不超过50人", "《中国共产党支部工作条例（试行）》第二章", "warning"),
        Rule(
            "ORG-03",
            "正式党员7人以上的党支部应设支部委员会",
            "《中国共产党支部工作条例（试行）》第六章；《党和国家机关基层组织工作条例》第七条",
            "error",
        ),
        Rule(
            "ORG-04", "支部委员会一般由3至5人组成，最多不超过7人", "《中国共产党支部工作条例（试行）》第六章", "warning"
        ),
        Rule(
            "ORG-05",
            "支部委员会应配备书记和组织、宣传、纪检委员",
            "《中国共产党支部工作条例（试行）》第六章",
            "warning",
        ),
        Rule("ORG-06", "党支部书记一般应具有1年以上党龄", "《中国共产党支部工作条例（试行）》第二十三条", "warning"),
        Rule("ORG-07", "联合党支部覆盖单位一般不超过5个", "《中国共产党支部工作条例（试行）》第二章", "warning"),
    )
}


@dataclass(frozen=True)
class Finding:
    rule: Rule
    message: str


def current_positions(organization: Organization):
    return (
        Position.objects.filter(term__organization=organization, term__ended_on__isnull=True, ended_on__isnull=True)
        .select_related("kind", "holder")
        .order_by("kind__sort_order", "started_on")
    )


def organization_findings(organization: Organization, today: datetime.date) -> list[Finding]:
    if organization.kind not in BRANCH_KINDS or not organization.is_active:
        return []
    counts = Member.objects.filter(organization=organization, record_status=RecordStatus.ACTIVE).aggregate(
        total=Count("id"), full=Count("id", filter=Q(category=Category.FULL))
    )
    total, full = counts["total"], counts["full"]
    positions = list(current_positions(organization))
    seated = [position for position in positions if position.holder_id]
    committee_size = len({position.holder_id for position in seated})
    has_committee = committee_size >= 3
    findings: list[Finding] = []

    def add(rule_id: str, message: str) -> None:
        findings.append(Finding(RULES[rule_id], message))

    if full < 3 and organization.kind != OrganizationKind.TEMPORARY_BRANCH:
        add("ORG-01", f"现有正式党员{full}人，少于3人；可考虑与邻近单位组建联合党支部")
    if total > 50:
        add("ORG-02", f"现有党员{total}人，超过50人；可考虑分设党支部或成立党总支")
    if full >= 7 and not has_committee:
        add("ORG-03", f"现有正式党员{full}人，应设支部委员会，目前在任委员{committee_size}人")
    if has_committee and not 3 <= committee_size <= 5:
        add(
            "ORG-04",
            f"支部委员会现有委员{committee_size}人" + ("，超过7人上限" if committee_size > 7 else "，一般为3至5人"),
        )
    if has_committee:
        filled = {position.kind.code for position in seated}
        missing = [name for code, name in _core_names() if code not in filled]
        if missing:
            add("ORG-05", "未配备：" + "、".join(missing))
    secretary = next((p for p in seated if p.kind.code == "secretary"), None)
    if secretary is not None:
        standing_from = secretary.holder.full_member_on
        if standing_from is None or add_years(standing_from, 1) > secretary.started_on:
            add("ORG-06", f"书记{secretary.holder}任职时（{cn_date(secretary.started_on)}）党龄不满1年")
    if organization.kind == OrganizationKind.JOINT_BRANCH:
        unit_count = organization.units.count()
        if unit_count > 5:
            add("ORG-07", f"联合党支部覆盖{unit_count}个单位，超过5个")
    return findings


def _core_names():
    return list(PositionKind.objects.filter(code__in=CORE_POSTS).order_by("sort_order").values_list("code", "name"))
