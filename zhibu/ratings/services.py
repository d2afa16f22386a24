"""Writes of the star rating: sheets, their items, assessors' scores and the 定稿 (lock). Each is one transaction
with its audit event. Only the organisation that owns the sheet (a 工委 or 机关党委) configures it and scores."""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from zhibu.core import audit
from zhibu.core.audit_catalogue import Event
from zhibu.core.scoping import CHANGE, VIEW, can, require
from zhibu.organizations.models import BRANCH_KINDS, Organization, OrganizationKind
from zhibu.ratings import scoring
from zhibu.ratings.models import DEFAULT_STAR_LINES, Dimension, ManualScore, ScoringItem, ScoringSheet
from zhibu.standards.catalogue import by_id

OWNER_KINDS = {OrganizationKind.GONGWEI, OrganizationKind.DANGWEI, OrganizationKind.DANGZU}

# A starting sheet: what the rules already measure scores itself, the rest is left to the assessors.
DEFAULT_ITEMS = [
    (Dimension.POLITICAL, "第一议题和理论学习", "auto", 15, ["MTG-15", "MTG-07", "MTG-09"], ""),
    (Dimension.POLITICAL, "贯彻落实上级决策部署", "manual", 10, [], "查阅学习贯彻记录和落实情况，按实效评分"),
    (
        Dimension.COMMITTEE,
        "班子配备与按期换届",
        "auto",
        15,
        ["ORG-03", "ORG-04", "ORG-05", "ORG-06", "ELE-01", "ELE-02", "ELE-05"],
        "",
    ),
    (
        Dimension.COMMITTEE,
        "三会一课和组织生活会",
        "auto",
        20,
        ["MTG-01", "MTG-02", "MTG-04", "MTG-05", "MTG-06", "MTG-10"],
        "",
    ),
    (
        Dimension.MEMBERS,
        "党员教育管理",
        "auto",
        15,
        ["MEM-01", "MEM-02", "MEM-03", "MEM-04", "MEM-07", "MEM-08", "MTG-11", "MTG-12", "MTG-13", "MTG-14"],
        "",
    ),
    (Dimension.MEMBERS, "党员先锋模范作用", "manual", 10, [], "亮身份、亮承诺、亮岗位情况"),
    (Dimension.IMPACT, "推动业务工作", "manual", 10, [], "党建与业务融合，书记项目成效"),
    (Dimension.IMPACT, "群众评价", "manual", 5, [], "服务对象和本单位职工评价"),
]


def _require_owner(actor, sheet: ScoringSheet) -> None:
    require(actor, VIEW, sheet)
    if not can(actor, CHANGE, sheet.organization.path):
        raise PermissionDenied(f"评定表由{sheet.organization}维护和评分")


def _unlocked(sheet: ScoringSheet) -> None:
    if sheet.locked_at is not None:
        raise ValidationError(f"该评定表已于{timezone.localtime(sheet.locked_at):%Y年%m月%d日}定稿，不能再修改")


def parse_star_lines(text: str) -> dict:
    """“5:90, 4:80, 3:70, 2:60” → {"5": 90, …}; the lines must fall as the stars fall."""
    text = (text or "").strip()
    if not text:
        return dict(DEFAULT_STAR_LINES)
    lines = {}
    for part in text.replace("，", ",").replace("：", ":").split(","):
        stars, _, line = part.partition(":")
        try:
            stars_n, line_n = int(stars.strip()), float(line.strip())
        except ValueError:
            raise ValidationError({"star_lines": f"“{part.strip()}”看不懂，请写成如 5:90, 4:80, 3:70, 2:60"}) from None
        if not 2 <= stars_n <= 5 or not 0 < line_n <= 100:
            raise ValidationError({"star_lines": "星级应为2至5星，分数线应在0到100之间"})
        lines[str(stars_n)] = line_n
    ordered = [lines[key] for key in sorted(lines, reverse=True)]
    if ordered != sorted(ordered, reverse=True) or len(set(ordered)) != len(ordered):
        raise ValidationError({"star_lines": "星级越高，分数线应越高"})
    return lines


@transaction.atomic
def create_sheet(
    *,
    actor,
    organization: Organization,
    year: int,
    title: str = "",
    star_lines_text: str = "",
    five_star_quota: int | None = None,
    four_strong_line: int = 85,
    with_default_items: bool = True,
) -> ScoringSheet:
    require(actor, CHANGE, organization)
    if organization.kind not in OWNER_KINDS:
        raise ValidationError({"organization": "星级评定由机关工委或机关党委（党组）组织，请选择上级党组织"})
    this_year = timezone.localdate().year
    if not 2000 <= year <= this_year:
        raise ValidationError({"year": f"年度应在2000至{this_year}之间"})
    if five_star_quota is not None and not 0 <= five_star_quota <= 100:
        raise ValidationError({"five_star_quota": "五星名额比例应在0到100之间"})
    if not 1 <= four_strong_line <= 100:
        raise ValidationError({"four_strong_line": "四强分数线应在1到100之间"})
    try:
        with transaction.atomic():
            sheet = ScoringSheet.objects.create(
                organization=organization,
                year=year,
                title=(title or "").strip()[:100] or f"{year}年度党支部星级评定",
                star_lines=parse_star_lines(star_lines_text),
                five_star_quota=five_star_quota,
                four_strong_line=four_strong_line,
                created_by=audit.actor_user(actor),
            )
    except IntegrityError:
        raise ValidationError({"year": f"{organization}已有{year}年度的评定表"}) from None
    audit.record(actor=actor, event=Event.RATING_SHEET_CREATED, obj=sheet, after=audit.snapshot(sheet))
    if with_default_items:
        for position, (dimension, item_title, kind, points, rule_ids, guidance) in enumerate(DEFAULT_ITEMS):
            ScoringItem.objects.create(
                sheet=sheet,
                dimension=dimension,
                title=item_title,
                kind=kind,
                points=Decimal(points),
                rule_ids=rule_ids,
                guidance=guidance,
                position=position,
            )
    return sheet


@transaction.atomic
def add_item(
    *, actor, sheet: ScoringSheet, dimension: str, title: str, kind: str, points, rule_ids=(), guidance: str = ""
) -> ScoringItem:
    sheet = ScoringSheet.objects.select_for_update().get(pk=sheet.pk)
    _require_owner(actor, sheet)
    _unlocked(sheet)
    if dimension not in Dimension.values:
        raise ValidationError({"dimension": "请选择四强中的一个方面"})
    if kind not in ScoringItem.Kind.values:
        raise ValidationError({"kind": "请选择计分方式"})
    title = (title or "").strip()
    if len(title) < 2:
        raise ValidationError({"title": "请填写评分项目名称"})
    points = _decimal(points, "points", "分值")
    if not Decimal("0.5") <= points <= 100:
        raise ValidationError({"points": "分值应在0.5到100之间"})
    rule_ids = [rule_id.strip().upper() for rule_id in rule_ids if rule_id.strip()]
    known = by_id()
    unknown = [rule_id for rule_id in rule_ids if rule_id not in known]
    if unknown:
        raise ValidationError({"rule_ids": f"标准目录中没有规则：{'、'.join(unknown)}"})
    if kind == ScoringItem.Kind.AUTO:
        if not rule_ids:
            raise ValidationError({"rule_ids": "自动计分的项目请至少选择一条规则"})
        pending = [rule_id for rule_id in rule_ids if not known[rule_id].evaluated]
        if pending:
            raise ValidationError({"rule_ids": f"这些规则尚未启用自动评估，不能自动计分：{'、'.join(pending)}"})
    elif rule_ids:
        raise ValidationError({"rule_ids": "评分项目不需要选择规则；如需按规则计分，请选择“自动”"})
    item = ScoringItem.objects.create(
        sheet=sheet,
        dimension=dimension,
        title=title[:100],
        kind=kind,
        points=points,
        rule_ids=rule_ids,
        guidance=(guidance or "").strip()[:300],
        position=sheet.items.count(),
    )
    audit.record(actor=actor, event=Event.RATING_ITEM_ADDED, obj=item, after=audit.snapshot(item))
    return item


@transaction.atomic
def delete_item(*, actor, item: ScoringItem) -> None:
    sheet = ScoringSheet.objects.select_for_update().get(pk=item.sheet_id)
    _require_owner(actor, sheet)
    _unlocked(sheet)
    before = audit.snapshot(item)
    scored = item.scores.count()
    audit.record(
        actor=actor, event=Event.RATING_ITEM_DELETED, obj=item, before=before, extra={"scores_removed": scored}
    )
    item.scores.all().delete()
    item.delete()


def _decimal(value, field: str, label: str) -> Decimal:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({field: f"{label}“{value}”不是数字"}) from None
    if not number.is_finite():
        raise ValidationError({field: f"{label}不是有效的数字"})
    return number.quantize(Decimal("0.1"))


@transaction.atomic
def score(*, actor, item: ScoringItem, organization: Organization, points, basis: str) -> ManualScore:
    """An assessor scores one branch on one manual item (again: the new score replaces the old, both audited)."""
    sheet = ScoringSheet.objects.select_for_update().get(pk=item.sheet_id)
    _require_owner(actor, sheet)
    _unlocked(sheet)
    if item.kind != ScoringItem.Kind.MANUAL:
        raise ValidationError("自动计分的项目按评估结论计分，不能手工打分")
    if organization.kind not in BRANCH_KINDS or not organization.path.startswith(sheet.organization.path):
        raise ValidationError({"organization": f"只能为{sheet.organization}下属的党支部评分"})
    points = _decimal(points, "points", "得分")
    if not 0 <= points <= item.points:
        raise ValidationError({"points": f"得分应在0到{item.points}分之间"})
    basis = (basis or "").strip()
    if len(basis) < 4:
        raise ValidationError({"basis": "请写明评分依据（不少于4个字），如查阅的材料或扣分原因"})
    existing = ManualScore.objects.select_for_update().filter(item=item, organization=organization).first()
    before = audit.snapshot(existing) if existing else None
    manual = existing or ManualScore(item=item, organization=organization)
    manual.points, manual.basis, manual.assessor = points, basis[:300], actor
    manual.save()
    audit.record(actor=actor, event=Event.RATING_SCORED, obj=manual, before=before, after=audit.snapshot(manual))
    return manual


def branches_of(sheet: ScoringSheet):
    return list(
        Organization.objects.filter(
            path__startswith=sheet.organization.path, kind__in=BRANCH_KINDS, status=Organization.Status.ACTIVE
        ).order_by("path")
    )


@transaction.atomic
def lock_sheet(*, actor, sheet: ScoringSheet) -> ScoringSheet:
    """定稿: every manual item scored for every branch, the year over; the results are kept as they stand."""
    sheet = ScoringSheet.objects.select_for_update().select_related("organization").get(pk=sheet.pk)
    _require_owner(actor, sheet)
    _unlocked(sheet)
    if timezone.localdate() <= datetime.date(sheet.year, 12, 31):
        raise ValidationError(f"{sheet.year}年度尚未结束，年度结束后才能定稿")
    results = scoring.results(sheet, branches_of(sheet))
    pending = sum(result.pending for result in results)
    if pending:
        raise ValidationError(f"还有{pending}个评分项目未打分，全部评分后才能定稿")
    before = audit.snapshot(sheet)
    sheet.final_results = [
        {
            "organization_id": r.organization.pk,
            "organization": str(r.organization),
            "earned": str(r.earned),
            "possible": str(r.possible),
            "percent": r.percent,
            "stars": r.stars,
            "four_strong": r.four_strong,
            "dimensions": {d.dimension: d.percent for d in r.dimensions},
        }
        for r in results
    ]
    sheet.locked_at = timezone.now()
    sheet.save(update_fields=["final_results", "locked_at", "updated_at"])
    audit.record(actor=actor, event=Event.RATING_LOCKED, obj=sheet, before=before, after=audit.snapshot(sheet))
    return sheet
