import datetime
from urllib.parse import quote, urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from zhibu.activities.models import Activity
from zhibu.core import audit
from zhibu.core.audit_catalogue import Event
from zhibu.core.generic import organization_in_scope
from zhibu.core.periods import Period, period_of
from zhibu.core.routes import collection, scoped
from zhibu.core.scoping import EXPORT, VIEW, can
from zhibu.ledgers import render_docx, render_xlsx
from zhibu.ledgers.forms import LedgerParameters
from zhibu.ledgers.meeting import DOCUMENTS
from zhibu.ledgers.registry import LEDGERS
from zhibu.organizations.models import BRANCH_KINDS, Organization

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _parameters(request, options=()) -> LedgerParameters:
    return LedgerParameters(
        request.GET,
        user=request.user,
        organizations=Organization.objects,
        default_organization=organization_in_scope(request),
        options=options,
    )


def _period(parameters: LedgerParameters, kind: str, year: int) -> Period:
    """The period a ledger covers: the year, or the month / quarter asked for (this one by default)."""
    today = timezone.localdate()
    current = today if year == today.year else datetime.date(year, 12, 31)
    if kind == "month":
        month = parameters.value("month", current.month)
        return period_of("month", datetime.date(year, month, 1))
    if kind == "quarter":
        quarter = parameters.value("quarter", (current.month - 1) // 3 + 1)
        return period_of("quarter", datetime.date(year, quarter * 3 - 2, 1))
    return period_of("year", datetime.date(year, 1, 1))


@login_required
@collection(Organization)
def ledger_list(request):
    parameters = _parameters(request)
    parameters.warn(request)
    organization, year = parameters.chosen_organization, parameters.chosen_year
    this_year = timezone.localdate().year
    month, quarter = _period(parameters, "month", year), _period(parameters, "quarter", year)
    rows = []
    for ledger in LEDGERS.values():
        if organization is None or (ledger.for_committees and organization.kind in BRANCH_KINDS):
            continue
        query = {"organization": organization.pk, "year": year}
        if ledger.period == "month":
            query["month"] = month.start.month
        elif ledger.period == "quarter":
            query["quarter"] = (quarter.start.month - 1) // 3 + 1
        rows.append((ledger, urlencode(query), ledger.options()))
    return render(
        request,
        "ledgers/list.html",
        {
            "organization": organization,
            "year": year,
            "years": range(this_year, this_year - 5, -1),
            "rows": rows,
            "month": month.start.month,
            "quarter": (quarter.start.month - 1) // 3 + 1,
            "months": range(1, 13),
            "quarters": range(1, 5),
        },
    )


# The URL names a kind of ledger, not a record; the organisation comes from the query, loaded from visible_to, and the
# view itself asks for export rights on a download.
@login_required
@collection(Organization)
def ledger(request, code):
    """One ledger for one organisation and year: the A4 print page, or a download (``format=xlsx|docx``, audited)."""
    kind = LEDGERS.get(code)
    if kind is None:
        raise Http404("没有这种台账")
    parameters = _parameters(request, kind.options())
    organization, year = parameters.chosen_organization, parameters.chosen_year
    if organization is None:
        raise Http404("请先选择党组织")
    wanted = parameters.value("format", "html")
    action = VIEW if wanted == "html" else EXPORT
    # Ledgers are for those who keep or oversee the records: an ordinary member sees their own branch's page, not
    # its books (names, leave reasons, phone numbers).
    if not can(request.user, action, organization.path):
        raise Http404("记录不存在或不在您的权限范围内")
    if kind.for_committees and organization.kind in BRANCH_KINDS:
        messages.info(
            request, f"{kind.title}由机关党委及以上党组织建立，党支部没有这本台账；请在台账列表中选择党委查看。"
        )
        return redirect(f"{reverse('ledgers:list')}?{urlencode({'organization': organization.pk, 'year': year})}")
    period = _period(parameters, kind.period, year)
    # Only a ledger with options takes them: the others keep their (user, organization, period, action).
    chosen = {"options": parameters.chosen_options()} if parameters.options else {}
    document = kind.build(request.user, organization, period, action, **chosen)
    if wanted == "html":
        # The print page stands alone (no menu, no messages): it says itself which values it did not take.
        context = {"document": document, "ledger": kind, "problems": parameters.refusal}
        return render(request, "ledgers/print.html", context)
    renderer = render_xlsx if wanted == "xlsx" else render_docx
    content = renderer.render(document, landscape=kind.landscape)
    audit.record(
        actor=request.user,
        event=Event.LEDGER_EXPORTED,
        organization=organization,
        extra={
            "ledger": kind.code,
            "period": period.label,
            "format": wanted,
            "sections": len(document.sections),
            **({"options": picked} if (picked := {k: v for k, v in chosen.get("options", {}).items() if v}) else {}),
        },
    )
    response = HttpResponse(content, content_type=CONTENT_TYPES[wanted])
    filename = f"{organization.short_name or organization.name}{document.period}{kind.title}.{wanted}"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def _meeting_document(code: str):
    """The view of one meeting's document: the A4 print page, or ``format=docx`` (audited like a ledger download).
    Both need the export right: the notice, the names on the sign-in sheet and the record leave the system on paper."""
    kind = DOCUMENTS[code]

    @login_required
    @scoped(Activity, EXPORT, queryset=lambda: Activity.objects.select_related("kind", "organization", "host"))
    def view(request, activity):
        document = kind.build(request.user, activity, EXPORT)
        if request.GET.get("format") != "docx":
            return render(
                request,
                "ledgers/print.html",
                {"document": document, "back": activity.get_absolute_url(), "docx": "?format=docx"},
            )
        content = render_docx.render(document)
        audit.record(
            actor=request.user,
            event=Event.LEDGER_EXPORTED,
            obj=activity,
            extra={"document": kind.code, "format": "docx"},
        )
        response = HttpResponse(content, content_type=CONTENT_TYPES["docx"])
        filename = f"{activity.organization.short_name or activity.organization.name}{activity.title}{kind.title}.docx"
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
        return response

    return view


meeting_notice = _meeting_document("notice")
meeting_sign_in_sheet = _meeting_document("signin")
meeting_record = _meeting_document("record")
