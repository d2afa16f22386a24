"""The demo's 四强党支部: last-but-one year's star-rating sheet of the 工委 (four manual items, one per dimension,
scored and locked), and its first branch applied with that result, reviewed by its 机关党委, publicised for five working
days and named, with one case for exchange. Dates are relative to the demo's today; a year whose holidays nobody has
entered leaves the application reviewed, without 公示 and naming."""

import datetime
import random
from decimal import Decimal

from zhibu.accounts.models import User
from zhibu.branding import services
from zhibu.core.actors import CommandActor
from zhibu.demo.awards_year import _working_day_back
from zhibu.ratings import services as ratings
from zhibu.ratings.models import Dimension
from zhibu.workdays.calendar import CalendarNotCovered, add_working_days

ITEMS = (
    (Dimension.POLITICAL, "政治功能", "理论学习和贯彻落实上级决策部署"),
    (Dimension.COMMITTEE, "支部班子", "班子配备、按期换届和“三会一课”"),
    (Dimension.MEMBERS, "党员队伍", "党员教育管理和先锋模范作用"),
    (Dimension.IMPACT, "作用发挥", "推动业务工作和群众评价"),
)
EVIDENCE = (
    "全年“三会一课”按期召开，主题党日结合窗口服务开展12次；书记项目“窗口服务提速”办结率100%，"
    "群众满意度98%；党员亮身份、亮承诺，带头攻坚数据共享平台建设。"
)
CASE_TEXT = (
    "支部以书记项目为抓手，把党建工作和窗口服务结合起来：党员示范岗每周轮值，疑难事项支委包联，"
    "每月主题党日复盘群众意见。一年来群众办事平均时间缩短一半，满意度由91%提高到98%。"
)


def build_four_strong(today: datetime.date, rating_year: int, seed: int = 2024) -> str:
    """Returns the named branch's name (or the stage it reached)."""
    rng = random.Random(seed)
    year = rating_year - 1
    assessor = User.objects.get(username="gongwei")
    gongwei = assessor.role_grants.get().organization
    sheet = ratings.create_sheet(
        actor=assessor, organization=gongwei, year=year, title=f"{year}年度星级评定", with_default_items=False
    )
    items = [
        ratings.add_item(actor=assessor, sheet=sheet, dimension=d, title=t, kind="manual", points=25, guidance=g)
        for d, t, g in ITEMS
    ]
    branches = list(ratings.branches_of(sheet))
    chosen = branches[0]
    for branch in branches:
        low = 90 if branch == chosen else 65
        for item in items:
            points = (item.points * Decimal(rng.randrange(low, 101)) / 100).quantize(Decimal("0.1"))
            ratings.score(actor=assessor, item=item, organization=branch, points=points, basis="查阅年度台账和佐证材料")
    ratings.lock_sheet(actor=assessor, sheet=sheet)
    actor = CommandActor("demo")
    application = services.apply(actor=actor, organization=chosen, year=year, evidence=EVIDENCE)
    try:
        start = _working_day_back(today - datetime.timedelta(days=3), 8)
        add_working_days(start, 5)
    except CalendarNotCovered:
        start = None
    reviewed = start - datetime.timedelta(days=1) if start else today
    # The application is dated today by the service; the demo's path lies in the past, so its dates are set back.
    application.submitted_on = reviewed - datetime.timedelta(days=2)
    application.save(update_fields=["submitted_on"])
    application = services.review(
        actor=actor, application=application, happened_on=reviewed, agrees=True, note="材料齐全，星级评定五星，审核通过"
    )
    if start is None:
        return f"{chosen.name}（{application.get_stage_display()}）"
    application = services.publicise(actor=actor, application=application, happened_on=start, publicity_days=5)
    assert application.publicity_until is not None
    application = services.name(
        actor=actor, application=application, happened_on=application.publicity_until + datetime.timedelta(days=1)
    )
    services.add_case(actor=actor, application=application, title="书记项目带动窗口服务提速", text=CASE_TEXT)
    return chosen.name


BRAND_TEXT = (
    "“红色窗口”品牌以窗口服务为主阵地：党员示范岗每周轮值、亮身份亮承诺，疑难事项由支委包联，"
    "每月主题党日复盘群众意见并形成整改清单。目标是群众办事“最多跑一次”，满意度保持在95%以上。"
)


def build_brand() -> str:
    """The demo's 党建品牌: the 四强 branch (the ``shuji`` account's) registers “红色窗口” with its latest meetings and
    its case as support, and its 机关党委 recognises it. Returns the brand's name and result."""
    from zhibu.activities.models import Activity
    from zhibu.awards.records import HELD
    from zhibu.branding.models import Case

    secretary = User.objects.get(username="shuji")
    branch = secretary.role_grants.get().organization
    meetings = Activity.objects.filter(organization=branch, status__in=HELD).order_by("-held_at")[:3]
    brand = services.register_brand(
        actor=secretary,
        organization=branch,
        name="红色窗口",
        slogan="党员亮身份，服务零距离",
        kind="engine",
        description=BRAND_TEXT,
        activities=list(meetings),
        cases=list(Case.objects.filter(organization=branch)),
    )
    brand = services.evaluate_brand(
        actor=User.objects.get(username="dangwei"),
        brand=brand,
        happened_on=brand.registered_on,
        recognised=True,
        note="品牌定位清晰，载体实、成效明显，予以认定",
    )
    return f"{brand.name}（{brand.get_status_display()}）"
