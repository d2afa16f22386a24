"""The demo's 评选表彰: the first 机关党委's “两优一先” round, open now. Its first branch fills its cap of 优秀共产党员
(15%, rounded down) and a further nomination is refused with the numbers (the refusal stands in the audit log); one
nomination is walked to its 公示, where an objection is recorded and left open, so its approval waits; another went
through the whole path last week and its honour shows on the member's and the branch's pages. Dates are relative to
the demo's today."""

import datetime

from zhibu.awards import services
from zhibu.awards.models import Category
from zhibu.core.actors import CommandActor
from zhibu.members.models import Member
from zhibu.organizations.models import BRANCH_KINDS, Organization, OrganizationKind
from zhibu.workdays.calendar import CalendarNotCovered, add_working_days, is_working_day

REASONS = (
    "带头学习贯彻党的创新理论，全年参加组织生活无缺勤；牵头推进窗口服务流程优化，群众满意度明显提升。",
    "担任党小组组长，认真落实“三会一课”，主动承担急难险重任务，在年度重点工作中表现突出。",
    "严格遵守党的纪律，按时足额交纳党费，在志愿服务和结对帮扶中发挥先锋模范作用。",
    "业务精湛、作风扎实，带领青年党员攻坚数据共享平台建设，按期完成建设任务。",
)


def _working_day_back(day: datetime.date, count: int) -> datetime.date:
    """The working day ``count`` working days before ``day`` (itself a working day or the one before)."""
    while not is_working_day(day):
        day -= datetime.timedelta(days=1)
    while count:
        day -= datetime.timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


class AwardsYear:
    def __init__(self, builder):
        self.today: datetime.date = builder.today
        self.actor = CommandActor("demo")

    def build(self) -> dict:
        gongwei = Organization.objects.get(kind=OrganizationKind.GONGWEI, parent=None, name__contains="演示")
        committee = gongwei.children.filter(kind=OrganizationKind.DANGWEI).order_by("path").first()
        assert committee is not None, "the demo's tree has its agencies' 机关党委 before this part runs"
        branch = committee.children.filter(kind__in=BRANCH_KINDS).order_by("path").first()
        assert branch is not None
        # The path needs past dates: the decided nomination's 公示 ended before its 纪检 opinion, all before today.
        decided_on = self.today - datetime.timedelta(days=2)
        try:
            publicised_on: datetime.date | None = _working_day_back(decided_on - datetime.timedelta(days=2), 4)
        except CalendarNotCovered:
            publicised_on = None  # a year whose holidays nobody has entered: the round and the refusal only
        opened = (publicised_on or self.today) - datetime.timedelta(days=7)
        award = services.create_round(
            actor=self.actor,
            organization=committee,
            year=self.today.year,
            title=f"{self.today.year}年度“两优一先”评选（演示）",
            opens_on=opened,
            closes_on=self.today + datetime.timedelta(days=20),
        )
        members = list(Member.objects.current().filter(organization=branch).order_by("id"))
        cap = services.quota(award, Category.OUTSTANDING_MEMBER, branch).cap
        nominations = []
        for index, member in enumerate(members[:cap]):
            nominations.append(
                services.nominate(
                    actor=self.actor,
                    round=award,
                    category=Category.OUTSTANDING_MEMBER,
                    member=member,
                    reasons=REASONS[index % len(REASONS)],
                )
            )
        refused = ""
        try:
            services.nominate(
                actor=self.actor,
                round=award,
                category=Category.OUTSTANDING_MEMBER,
                member=members[cap],
                reasons=REASONS[0],
            )
        except services.QuotaExceeded as refusal:
            services.record_quota_refusal(actor=self.actor, refusal=refusal)
            refused = refusal.messages[0]
        if publicised_on is None:
            return {"round": award, "refused": refused}
        # Nominations are dated today by the service; the demo's earlier path is back-dated on its own records.
        for nomination in nominations[:2]:
            nomination.nominated_on = opened
            nomination.save(update_fields=["nominated_on"])
        approved, objected = nominations[0], nominations[1]
        for nomination in (approved, objected):
            self._to_publicity(nomination, opened, publicised_on)
        until = add_working_days(publicised_on, award.publicity_days - 1)
        services.record_step(
            actor=self.actor,
            nomination=approved,
            step="discipline",
            happened_on=until + datetime.timedelta(days=1),
            note="经查，未发现违规违纪问题",
        )
        services.record_step(actor=self.actor, nomination=approved, step="decide", happened_on=decided_on, note="同意")
        services.record_objection(
            actor=self.actor,
            nomination=objected,
            received_on=publicised_on,
            raised_by="",
            content="反映该同志今年有两次集中学习未参加，请核实。",
        )
        return {"round": award, "refused": refused}

    def _to_publicity(self, nomination, opened, publicised_on):
        services.record_step(
            actor=self.actor,
            nomination=nomination,
            step="evaluate",
            happened_on=opened,
            note="参加评议党员28人，同意26人",
        )
        services.record_step(
            actor=self.actor,
            nomination=nomination,
            step="study",
            happened_on=opened + datetime.timedelta(days=1),
            note="支委会研究同意推荐",
        )
        services.record_step(actor=self.actor, nomination=nomination, step="publicise", happened_on=publicised_on)
