import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from zhibu.activities import talks
from zhibu.activities.filters import AppraisalFilter, TalkFilter
from zhibu.activities.forms import TalkForm
from zhibu.activities.models import Appraisal, Talk
from zhibu.core import idempotency
from zhibu.core.forms import pk_out_of_range
from zhibu.core.generic import organization_in_scope, within_scope_org
from zhibu.core.routes import collection
from zhibu.core.scoping import CHANGE, can
from zhibu.core.views import attempt, create_from_form
from zhibu.members.models import Member
from zhibu.organizations.models import BRANCH_KINDS


def _branch_and_year(request, filterset_class):
    """The branch in question (?organization=, else the scope if it is a branch), the year (?year=, else this year)
    and the filter whose errors the page shows beside its form. A refused query shows no branch, as a refused filter
    lists nothing on every list page."""
    filterset = filterset_class(request.GET, queryset=filterset_class._meta.model.objects.none(), request=request)
    form = filterset.form
    form.is_valid()
    wanted = request.GET.get("organization", "")
    if "organization" in form.errors and wanted.isdigit() and not pk_out_of_range(wanted):
        # A well-formed id of a branch the user may not see is a record out of scope, as everywhere: 404.
        raise Http404("党支部不存在或不在您的权限范围内")
    scope = organization_in_scope(request)
    branch = form.cleaned_data.get("organization")
    if branch is None and not wanted and scope is not None and scope.kind in BRANCH_KINDS:
        branch = scope
    if form.errors:
        branch = None
    year = form.cleaned_data.get("year") or timezone.localdate().year
    choices = within_scope_org(request, filterset.filters["organization"].queryset, "path")
    return branch, year, choices[:300], filterset


def _years():
    this_year = timezone.localdate().year
    return range(this_year - 4, this_year + 1)


@login_required
@require_http_methods(["GET", "POST"])
@collection(Talk)
def talk_page(request):
    branch, year, branch_choices, filterset = _branch_and_year(request, TalkFilter)
    context = {
        "branch": branch,
        "year": year,
        "branch_choices": branch_choices,
        "years": _years(),
        "filter": filterset,
    }
    if branch is not None:
        members = Member.objects.visible_to(request.user).filter(organization=branch).current()
        form = TalkForm(request.POST or None, members=members, initial={"talked_on": timezone.localdate()})
        if request.method == "POST" and form.is_valid():
            data = dict(form.cleaned_data)
            data.pop(idempotency.FORM_FIELD)
            talk, created = create_from_form(request, form, talks.record_talk, model=Talk, organization=branch, **data)
            if talk is not None:
                if created:
                    messages.success(request, "已登记谈心谈话")
                return redirect(f"{request.path}?organization={branch.pk}&year={year}")
        rows = talks.coverage(branch, year)
        context.update(
            form=form,
            rows=rows,
            complete=sum(1 for row in rows if not row.missing),
            talks=Talk.objects.visible_to(request.user)
            .filter(organization=branch, talked_on__year=year)
            .select_related("first", "second"),
            can_change=can(request.user, CHANGE, branch.path),
            kinds=dict(Talk.Kind.choices),
        )
    return render(request, "activities/talks.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@collection(Appraisal)
def appraisal_page(request):
    branch, year, branch_choices, filterset = _branch_and_year(request, AppraisalFilter)
    context = {
        "filter": filterset,
        "branch": branch,
        "year": year,
        "branch_choices": branch_choices,
        "years": _years(),
        "grades": Appraisal.Grade.choices,
    }
    if branch is not None:
        if request.method == "POST":
            grades = {
                int(key[6:]): value
                for key, value in request.POST.items()
                if key.startswith("grade_") and key[6:].isdigit()
            }
            texts = {
                pk: (request.POST.get(f"self_{pk}", ""), request.POST.get(f"peer_{pk}", ""))
                for pk in grades
                if f"self_{pk}" in request.POST or f"peer_{pk}" in request.POST
            }
            check, errors = attempt(
                talks.save_appraisals,
                actor=request.user,
                organization=branch,
                year=year,
                grades=grades,
                texts=texts,
            )
            if errors:
                messages.error(request, "未保存：" + "；".join(errors))
            else:
                messages.success(request, f"已保存{year}年度民主评议结果")
                return redirect(f"{request.path}?organization={branch.pk}&year={year}")
        day = min(datetime.date(year, 12, 31), timezone.localdate())
        members = Member.objects.in_organization_on(branch, day).order_by("name_initials", "name")
        existing = {
            a.member_id: a for a in Appraisal.objects.visible_to(request.user).filter(organization=branch, year=year)
        }
        context.update(
            rows=[(member, existing.get(member.pk)) for member in members],
            check=talks.appraisal_check(branch, year),
            can_change=can(request.user, CHANGE, branch.path),
        )
    return render(request, "activities/appraisals.html", context)
