"""The demo's 督查 → 整改 → 销号: a 机关党委 inspects its branches on last quarter and a 工委 draws a weighted random
sample. Their items show every state: open, overdue and escalated, reported, and closed with evidence. Runs after
the verdicts are computed, because findings point at missed verdicts and the draw is weighted by them."""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from zhibu.accounts.models import User
from zhibu.committees.models import Position
from zhibu.core.actors import CommandActor
from zhibu.core.uploads import store_upload
from zhibu.inspections import services
from zhibu.inspections.models import InspectionPlan
from zhibu.members.models import Member
from zhibu.standards.models import Verdict, VerdictStatus


def evidence_pdf() -> bytes:
    """A real one-page PDF (the upload check parses PDFs)."""
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def last_quarter(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    first_month = 3 * ((today.month - 1) // 3) + 1
    end = today.replace(month=first_month, day=1) - datetime.timedelta(days=1)
    return end.replace(month=end.month - 2, day=1), end


def build_inspections(today: datetime.date) -> int:
    """Returns the number of rectification items created."""
    committee_admin, gongwei_admin = User.objects.get(username="dangwei"), User.objects.get(username="gongwei")
    secretary = User.objects.get(username="shuji")
    committee, gongwei = (user.role_grants.get().organization for user in (committee_admin, gongwei_admin))
    start, end = last_quarter(today)
    quarter = (end.month - 1) // 3 + 1
    own = services.create_plan(
        actor=committee_admin,
        organization=committee,
        scope=committee,
        title=f"{end.year}年第{quarter}季度组织生活督查",
        kind=InspectionPlan.Kind.REGULAR,
        period_start=start,
        period_end=end,
        inspectors=[committee_admin],
        focus="三会一课开展和会议记录",
    )
    sampled = services.create_plan(
        actor=gongwei_admin,
        organization=gongwei,
        scope=gongwei,
        title=f"{end.year}年第{quarter}季度党支部随机抽查",
        kind=InspectionPlan.Kind.RANDOM,
        period_start=start,
        period_end=end,
        inspectors=[gongwei_admin],
        sample_size=4,
        weighted=True,
        seed=20260930,
    )
    count = 0
    # (days before today the inspection took place, days from then to the deadline, what happened next)
    fates = [(10, 25, "open"), (40, 20, "overdue"), (40, 20, "closed"), (20, 15, "reported"), (30, 30, "open")]
    for plan, inspector in ((own, committee_admin), (sampled, gongwei_admin)):
        targets = list(plan.targets.select_related("organization").order_by("position"))
        for target, (ago, allowed, fate) in zip(targets, fates, strict=False):
            branch = target.organization
            missed = (
                Verdict.objects.filter(
                    organization=branch, status=VerdictStatus.MISSED, period_start__gte=start, period_end__lte=end
                )
                .order_by("rule_id")
                .first()
            )
            found_on = today - datetime.timedelta(days=ago)
            finding = services.add_finding(
                actor=inspector,
                plan=plan,
                organization=branch,
                found_on=found_on,
                description=f"{missed.explanation}。" if missed else "会议记录中缺少请假人员和请假事由，归档不规范。",
                verdict=missed,
                items=[
                    {
                        "task": "查明原因，补开或补记相关会议并经书记签发"
                        if missed
                        else "补记请假情况，规范会议记录归档",
                        "owner": _secretary(branch),
                        "deadline": found_on + datetime.timedelta(days=allowed),
                        "required_evidence": "补开会议的记录和签到表（PDF）",
                    }
                ],
            )
            item = finding.items.get()
            count += 1
            reporter = secretary if secretary.role_grants.filter(organization=branch).exists() else inspector
            if fate in ("reported", "closed"):
                upload = SimpleUploadedFile("整改佐证.pdf", evidence_pdf(), content_type="application/pdf")
                evidence = store_upload(actor=reporter, organization=branch, purpose="整改佐证", upload=upload)
                services.report_rectification(
                    actor=reporter, item=item, text="已按要求补开会议并完善记录，书记已签发。", evidence=evidence
                )
            if fate == "closed":
                services.review_rectification(actor=inspector, item=item, accept=True, comment="材料齐全，同意销号")
    services.escalate_overdue(actor=CommandActor("demo"), today=today)
    return count


def _secretary(branch) -> Member:
    holder = (
        Position.objects.filter(term__organization=branch, kind__code="secretary", holder__isnull=False)
        .order_by("-started_on")
        .values_list("holder", flat=True)
        .first()
    )
    members = Member.objects.current().filter(organization=branch)
    return members.filter(pk=holder).first() or members.order_by("id").first()
