import datetime
import uuid
from decimal import Decimal
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_POST

from zhibu.core.formatting import yuan
from zhibu.core.generic import ServiceFormView, organization_in_scope
from zhibu.core.routes import collection, scoped, unscoped
from zhibu.core.scoping import CHANGE, VIEW, can, visible_or_404
from zhibu.core.tables import XLSX_TYPE
from zhibu.core.views import attempt, attempt_with_message, form_errors_text
from zhibu.dues import importing, reports, services
from zhibu.dues.filters import DuesFilter
from zhibu.dues.forms import AssessmentForm, ImportForm, MonthForm, PaymentForm, ReversalForm
from zhibu.dues.models import Assessment, Payment, Publication
from zhibu.dues.publications import published
from zhibu.members.models import Member
from zhibu.members.validation import add_months
from zhibu.organizations.models import BRANCH_KINDS, Organization

WARNING_MONTHS, ALERT_MONTHS = 3, 6  # FEE-07


def _parameters(request) -> dict:
    """The page's query parameters through the dues FilterSet; a bad one is explained and left at its default."""
    good, problems = DuesFilter(request.GET).parameters()
    for problem in problems:
        messages.warning(request, problem)
    return good


def _organization(request, wanted: int | None):
    return (
        visible_or_404(Organization.objects.all(), request.user, pk=wanted)
        if wanted
        else organization_in_scope(request)
    )


@login_required
@collection(Payment)
def collection_sheet(request):
    """The branch's monthly collection sheet: who owes what, who has paid, how, and who recorded it."""
    parameters = _parameters(request)
    branch = _organization(request, parameters.get("organization"))
    month = parameters.get("month") or timezone.localdate().replace(day=1)
    context = {"branch": branch, "month": month, "previous": add_months(month, -1), "next": add_months(month, 1)}
    if branch is None or branch.kind not in BRANCH_KINDS:
        return render(request, "dues/sheet.html", context)
    members = list(Member.objects.visible_to(request.user).current().filter(organization=branch).order_by("name"))
    assessments = {a.member_id: a for a in Assessment.objects.filter(member__in=members, year=month.year)}
    payments = {}
    for payment in (
        Payment.objects.visible_to(request.user)
        .filter(member__in=members, month=month, reversed_by__isnull=True)
        .exclude(kind__in=[Payment.Kind.VOLUNTARY, Payment.Kind.REVERSAL])
        .select_related("recorded_by")
    ):
        payments[payment.member_id] = payment
    may_record = can(request.user, CHANGE, branch.path)
    behind = services.arrears([member.pk for member in members])
    rows = []
    for member in members:
        arrears = behind.get(member.pk, 0)
        assessment = assessments.get(member.pk)
        rows.append(
            {
                "member": member,
                "assessment": assessment,
                "payment": payments.get(member.pk),
                "arrears": arrears,
                "level": "red" if arrears >= ALERT_MONTHS else "blue" if arrears >= WARNING_MONTHS else "",
                "key": uuid.uuid4().hex,  # one submission = one key, however often it is sent
                "owing": bool(assessment and assessment.monthly_amount > 0) and member.pk not in payments,
            }
        )
    due = sum((row["assessment"].monthly_amount for row in rows if row["assessment"]), Decimal(0))
    paid = sum((row["payment"].amount for row in rows if row["payment"]), Decimal(0))
    context.update(
        rows=rows,
        due=due,
        paid=paid,
        may_record=may_record,
        methods=Payment.Method.choices,
        warnings=sum(1 for row in rows if row["arrears"] >= WARNING_MONTHS),
        unpaid=sum(1 for row in rows if row["owing"]),
        batch_key=uuid.uuid4().hex,
        today=timezone.localdate(),
    )
    return render(request, "dues/sheet.html", context)


@login_required
@require_POST
@collection(Payment, CHANGE)
def pay(request):
    form = PaymentForm(request.POST)
    back = reverse("dues:sheet")
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect(back)
    data = form.cleaned_data
    member = visible_or_404(Member.objects, request.user, pk=data["member"])
    back = f"{back}?organization={member.organization_id}&month={data['month'][:7]}"
    result, errors = attempt(
        services.record_payment,
        actor=request.user,
        member=member,
        month=data["month"],
        method=data["method"],
        key=data["key"],
        paid_on=data["paid_on"],
    )
    if errors:
        messages.error(request, "未登记：" + "；".join(errors))
    else:
        payment, created = result
        note = f"（{payment.flagged}）" if payment.flagged else ""
        messages.success(
            request,
            f"已登记{member.name}{payment.month:%Y年%m月}党费{yuan(payment.amount)}{note}"
            if created
            else "该笔缴费已登记，未重复记录",
        )
    return redirect(back)


@login_required
@require_POST
@collection(Payment, CHANGE)
def record_month(request):
    """The sheet's one submission for the month: every unpaid member, or the ticked ones, at the assessed amount."""
    form = MonthForm(request.POST)
    if not form.is_valid():
        messages.error(request, "未登记：" + form_errors_text(form))
        wanted = str(request.POST.get("organization", ""))
        return redirect(f"{reverse('dues:sheet')}?organization={wanted}" if wanted.isdigit() else reverse("dues:sheet"))
    data = form.cleaned_data
    branch = visible_or_404(Organization.objects, request.user, pk=data["organization"])
    back = f"{reverse('dues:sheet')}?{urlencode({'organization': branch.pk, 'month': data['month'][:7]})}"
    members = None  # all unpaid: the service finds them
    if data["scope"] == "selected":
        current = Member.objects.visible_to(request.user, CHANGE).current().filter(organization=branch)
        members = list(current.filter(pk__in=data["members"]))
        if len(members) != len(data["members"]):
            # A ticked id that is not a current member of this branch in the user's scope: a stale page or a forged
            # form. Nothing is recorded, and the page says why instead of recording the rest.
            messages.error(request, "未登记：所选党员中有不属于本支部或不在您权限范围内的人员，请刷新页面后重新选择")
            return redirect(back)
    result, errors = attempt(
        services.record_month,
        actor=request.user,
        branch=branch,
        month=data["month"],
        members=members,
        method=data["method"],
        paid_on=data["paid_on"],
        key=data["key"],
    )
    if errors:
        messages.error(request, "未登记：" + "；".join(errors))
    else:
        outcome = cast(services.MonthRecorded, result)
        (messages.warning if outcome.skipped else messages.success)(request, outcome.summary())
    return redirect(back)


PENDING_IMPORT = "dues.pending_import"  # the session's previewed file, until it is confirmed or replaced


def _branches_to_record(user):
    return Organization.objects.visible_to(user, CHANGE).filter(
        kind__in=BRANCH_KINDS, status=Organization.Status.ACTIVE
    )


@login_required
@require_http_methods(["GET", "POST"])
@collection(Payment, CHANGE)
def import_file(request):
    """Upload a payroll-deduction or bank file and preview it row by row; a clean preview can be confirmed."""
    branches = _branches_to_record(request.user)
    wanted = _parameters(request).get("organization")
    initial = {"organization": wanted} if wanted else {}
    form = ImportForm(request.POST or None, request.FILES or None, branches=branches, initial=initial)
    context: dict = {"form": form}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rows = importing.read_rows(data["file"])
        except ValidationError as error:
            form.add_error("file", "；".join(error.messages))
            return render(request, "dues/import.html", context)
        importing.preview(
            actor=request.user, branch=data["organization"], rows=rows, method=data["method"], paid_on=data["paid_on"]
        )
        key = importing.new_key()
        problems = sum(1 for row in rows if row.problems)
        if not problems:
            request.session[PENDING_IMPORT] = {
                "key": key,
                "branch": data["organization"].pk,
                "method": data["method"],
                "paid_on": data["paid_on"].isoformat() if data["paid_on"] else "",
                "rows": [[row.number, row.member.pk, row.month.isoformat(), str(row.amount)] for row in rows],
            }
        context.update(
            rows=rows,
            problems=problems,
            key=key,
            branch=data["organization"],
            total=sum((row.amount or Decimal(0) for row in rows), Decimal(0)),
        )
    return render(request, "dues/import.html", context)


@login_required
@require_POST
@collection(Payment, CHANGE)
def import_confirm(request):
    """Record the previewed file: every row in one transaction, or nothing."""
    pending = request.session.get(PENDING_IMPORT)
    if not pending or pending.get("key") != request.POST.get("key"):
        messages.error(request, "未登记：没有待确认的导入，或该预览已被新的上传替换，请重新上传文件")
        return redirect("dues:import")
    branch = visible_or_404(Organization.objects, request.user, pk=pending["branch"])
    members = Member.objects.visible_to(request.user, CHANGE).in_bulk([row[1] for row in pending["rows"]])
    back = f"{reverse('dues:sheet')}?organization={branch.pk}"
    if len(members) != len({row[1] for row in pending["rows"]}):
        messages.error(request, "未登记：文件中有党员已不在您的权限范围内，请重新上传文件")
        return redirect("dues:import")
    rows = [
        (number, members[member_id], datetime.date.fromisoformat(month), Decimal(amount))
        for number, member_id, month, amount in pending["rows"]
    ]
    result, errors = attempt(
        services.record_import,
        actor=request.user,
        branch=branch,
        rows=rows,
        method=pending["method"],
        paid_on=datetime.date.fromisoformat(pending["paid_on"]) if pending["paid_on"] else None,
        key=pending["key"],
    )
    if errors:
        messages.error(request, "未登记：" + "；".join(errors))
        return redirect("dues:import")
    outcome = cast(services.MonthRecorded, result)
    if outcome.recorded:
        total = sum((payment.amount for payment in outcome.recorded), Decimal(0))
        messages.success(request, f"已导入{len(outcome.recorded)}笔党费，共{yuan(total)}")
    else:
        messages.success(request, "该文件已导入，未重复记录")
    return redirect(back)


@login_required
@unscoped("an empty template workbook: column headings and an example row, no records")
def import_template(request):
    response = HttpResponse(importing.template_workbook(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = (
        "attachment; filename*=UTF-8''%E5%85%9A%E8%B4%B9%E4%BB%A3%E6%89%A3%E6%A8%A1%E6%9D%BF.xlsx"
    )
    return response


class Assess(ServiceFormView):
    """A member's dues: the year's assessment (a form), the assessments of other years and the payments. Whoever sees
    the member reads the page; the service decides who may assess."""

    model = Member
    action = VIEW
    object_kwarg = "member_pk"
    select_related = ("organization",)
    form_class = AssessmentForm
    template_name = "dues/assess.html"

    def initial(self):
        year = timezone.localdate().year
        current = Assessment.objects.filter(member=self.object, year=year).first()
        initial = {"year": year}
        if current:
            initial.update(category=current.category, base=current.base or "", branch_decision=current.branch_decision)
        return initial

    def service(self):
        return services.set_assessment

    def title(self):
        return f"党费 · {self.object.name}"

    def message(self, result):
        return f"已核定{self.object.name}{result.year}年党费：每月{yuan(result.monthly_amount)}"

    def success_url(self, result):
        return f"{reverse('dues:sheet')}?organization={self.object.organization_id}"

    def extra_context(self):
        member = self.object
        history = (
            Payment.objects.visible_to(self.request.user)
            .filter(member=member)
            .select_related("recorded_by")
            .order_by("-month", "-id")[:36]
        )
        return {
            "member": member,
            "assessments": Assessment.objects.filter(member=member).order_by("-year"),
            "history": history,
            "arrears": services.months_in_arrears(member),
            "reversal_form": ReversalForm(),
        }


@login_required
@require_POST
@scoped(Payment, CHANGE)
def reverse_payment(request, payment):
    form = ReversalForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
    else:
        _, errors = attempt(
            services.reverse_payment, actor=request.user, payment=payment, reason=form.cleaned_data["reason"]
        )
        if errors:
            messages.error(request, "未冲正：" + "；".join(errors))
        else:
            messages.success(request, "已登记冲正记录，原记录保留")
    return redirect("dues:assess", member_pk=payment.member_id)


@login_required
@collection(Payment)
def totals(request):
    """Dues due and collected per month and year, for the organisation in scope and each organisation below it."""
    parameters = _parameters(request)
    scope = _organization(request, parameters.get("organization"))
    this_year = timezone.localdate().year
    year = parameters.get("year") or this_year
    context = {"scope": scope, "year": year, "years": range(this_year, this_year - 5, -1), "months": range(1, 13)}
    if scope is not None:
        children = list(scope.children.filter(status=Organization.Status.ACTIVE).exclude(kind="group").order_by("path"))
        rows = []
        for organization, months in reports.year_figures(request.user, [scope, *children], year):
            due = sum((d for d, _, _ in months), Decimal(0))
            paid = sum((p for _, p, _ in months), Decimal(0))
            extra = sum((v for _, _, v in months), Decimal(0))
            rows.append({"organization": organization, "months": months, "due": due, "paid": paid, "extra": extra})
        context["rows"] = rows
        context["publication"] = (
            Publication.objects.visible_to(request.user).filter(organization=scope, year=year).first()
        )
        # The same source as FEE-09: a published 党费收缴情况公开 notice publishes the year as well.
        context["published"] = published([scope.pk], year).get(scope.pk)
        context["may_publish"] = scope.kind in BRANCH_KINDS and can(request.user, CHANGE, scope.path)
    return render(request, "dues/totals.html", context)


@login_required
@require_POST
@scoped(Payment, CHANGE)
def remit(request, payment):
    attempt_with_message(
        request, services.mark_remitted, actor=request.user, payment=payment, done="已登记上缴中央", failed="未登记："
    )
    return redirect("dues:assess", member_pk=payment.member_id)


@login_required
@require_POST
@collection(Publication, CHANGE)
def publish(request):
    """The branch records that it published the year's totals to its members (FEE-09)."""
    branch = visible_or_404(Organization.objects, request.user, pk=request.POST.get("organization") or 0)
    text = request.POST.get("year", "")
    year = int(text) if text.isdigit() else 0
    [(_, months)] = reports.year_figures(request.user, [branch], year) if year else [(None, [])]
    totals = {
        "due": str(sum((d for d, _, _ in months), Decimal(0))),
        "paid": str(sum((p for _, p, _ in months), Decimal(0))),
        "voluntary": str(sum((v for _, _, v in months), Decimal(0))),
    }
    attempt_with_message(
        request,
        services.publish,
        actor=request.user,
        organization=branch,
        year=year,
        totals=totals,
        done=f"已登记{year}年度党费收缴情况公示",
        failed="未登记：",
    )
    return redirect(f"{reverse('dues:totals')}?organization={branch.pk}&year={year}")
