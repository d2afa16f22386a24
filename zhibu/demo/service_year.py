"""The demo's 为民服务: the office branch is paired with a community (双百共建), some of its members registered there
(双报到) with their services, wishes in every state — one still open for the demo member (dangyuan) to claim on the
phone, one the member claimed and fulfilled with a photo and the keeper confirmed — and a 我为群众办实事 project,
linked to a work-ledger task of the branch where there is one. Invented names only."""

import datetime
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from zhibu.accounts.models import User
from zhibu.members.models import Member
from zhibu.service import services
from zhibu.worklog.models import Task


def _photo() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 120, 60)).save(buffer, "PNG")
    return SimpleUploadedFile("兑现照片.png", buffer.getvalue(), content_type="image/png")


def build_service(today: datetime.date) -> int:
    """Returns the number of wishes posted."""
    secretary, member_user = User.objects.get(username="shuji"), User.objects.get(username="dangyuan")
    branch = secretary.role_grants.get().organization
    day = lambda ago: today - datetime.timedelta(days=ago)  # noqa: E731 - a short name for the dates below
    community = services.save_community(
        actor=secretary,
        organization=branch,
        name="示例街道明德社区",
        address="示例市示例区明德路88号",
        contact_name="社区周主任（虚构）",
        contact_phone="13800000000",
    )
    services.create_pairing(
        actor=secretary,
        organization=branch,
        community=community,
        started_on=day(300),
        content="共建文明楼院、关爱独居老人",
    )
    me = Member.objects.get(user=member_user)
    others = list(Member.objects.filter(organization=branch, record_status="active").exclude(pk=me.pk)[:4])
    for index, person in enumerate([me, *others]):
        services.register_member(actor=secretary, member=person, community=community, registered_on=day(280 - index))
        for ago, what, hours in ((200, "楼道清扫", "2"), (120, "垃圾分类宣传", "1.5"), (40, "义务理发", "3")):
            services.record_service(
                actor=secretary, member=person, community=community, served_on=day(ago + index), what=what, hours=hours
            )

    def post(title: str, resident: str, ago: int):
        return services.post_wish(
            actor=secretary,
            organization=branch,
            community=community,
            posted_by="community",
            resident=resident,
            title=title,
            detail="社区周主任转来的心愿（虚构）",
            posted_on=day(ago),
        )

    post("想要一副老花镜", "独居老人孙某", 5)
    post("希望有人每周陪读报", "退休职工吴某", 3)
    done = post("家里的灯坏了想请人换", "独居老人郑某", 30)
    services.claim_wish(actor=member_user, wish=done)
    services.fulfil_wish(
        actor=member_user,
        wish=done,
        fulfilled_on=today,
        fulfilment="买了两只节能灯泡上门换好",
        evidence=[_photo()],
        hours=Decimal("1"),
    )
    services.confirm_wish(actor=secretary, wish=done, confirmed_on=today, confirmation="郑某电话确认，表示满意")
    branch_wish = post("楼道扶手松动", "居民王某", 15)
    services.claim_wish(actor=secretary, wish=branch_wish, organization=branch)
    task = Task.objects.filter(owner=branch).order_by("id").first()
    services.save_project(
        actor=secretary,
        organization=branch,
        title="老旧小区楼道扶手加装",
        community=community,
        goals="为明德社区六栋老楼加装楼道扶手，方便老人上下楼",
        status="active",
        started_on=day(90),
        progress="" if task else "已完成三栋，其余三栋材料已到位",
        work_task=task,
    )
    return 4
