"""The only pages of zhibu a visitor reaches without an account: the complaint form behind an intake point's QR code,
and the tracking page behind a complaint's tracking code. They show nothing but the intake point's own name and the
one complaint whose code is in the address, and they guard themselves: a honeypot field, a signed render stamp
(too fast or forged posts are refused), a proof-of-work challenge solved in the browser (``challenge.py``), a
per-address limit (429),
the upload service's size and type checks, and an idempotency key so that a double submit or a retry stores one
complaint. The submitter's address is written only to the security log (an audit row with no organisation, which only
the security and audit administrators read); the complaint and its own audit rows never carry it."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from zhibu.complaints import challenge, services, throttle
from zhibu.complaints.forms import HONEYPOT, STAMP, PublicComplaintForm, RatingForm
from zhibu.complaints.models import Complaint, ComplaintStep, IntakePoint, Status, StepKind
from zhibu.core import audit
from zhibu.core.audit_catalogue import Event
from zhibu.core.idempotency import FORM_FIELD
from zhibu.core.routes import unscoped
from zhibu.core.views import call_service

REFUSED = "提交未被接受，请刷新页面后重新填写"
TOO_FAST = "提交太快，请核对填写的内容后再次提交"
STALE = "页面已过期或不完整，请核对填写的内容后再次提交"
UNSOLVED = "安全验证未完成或已失效，请等待提交按钮上方显示“已验证”后再次提交；您填写的内容已保留。"
TOO_MANY = "提交过于频繁，请稍后再试。如情况紧急，请直接向现场工作人员反映。"


def _security_event(event: Event, point: IntakePoint, **extra: object) -> None:
    """A row of the security log: the request's address comes from the audit context; no organisation, so officials
    reading their organisation's audit log never see it."""
    audit.record(
        actor=services.PUBLIC,
        event=event,
        organization=None,
        outcome="denied" if event == Event.COMPLAINT_REFUSED else "success",
        object_repr=f"受理点{point.pk}",
        extra={"intake_point": point.pk, **extra},
    )


def _form_page(
    request: HttpRequest, point: IntakePoint, form: PublicComplaintForm, status: int = 200, refusal: str = ""
) -> HttpResponse:
    context = {"point": point, "form": form, "refusal": refusal, "challenge": challenge.issue()}
    return render(request, "complaints/public_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
@unscoped("the public complaint form behind an intake point's QR code: anyone may complain without an account")
def public_form(request: HttpRequest, token: str) -> HttpResponse:
    point = get_object_or_404(IntakePoint.objects.select_related("organization"), token=token, active=True)
    if request.method != "POST":
        return _form_page(request, point, PublicComplaintForm())
    form = PublicComplaintForm(request.POST, request.FILES)
    key = str(request.POST.get(FORM_FIELD, ""))[:64]
    if request.POST.get(HONEYPOT):
        _security_event(Event.COMPLAINT_REFUSED, point, reason="honeypot")
        return _form_page(request, point, PublicComplaintForm(), status=400, refusal=REFUSED)
    done = services.submitted(key) if key else None
    if done is not None and done.intake_point_id == point.pk:
        return redirect("complaints:track", code=done.tracking_code)  # a repeat: the receipt of the first
    refused = throttle.stamp_refusal(str(request.POST.get(STAMP, "")))
    if refused is not None:
        _security_event(Event.COMPLAINT_REFUSED, point, reason=refused)
        # What was typed comes back with a fresh stamp: a person who was merely quick sends it again in a moment.
        again = request.POST.copy()
        again[STAMP] = throttle.form_stamp()
        message = TOO_FAST if refused == "too_fast" else STALE
        return _form_page(request, point, PublicComplaintForm(again), status=400, refusal=message)
    unsolved = challenge.refusal(request.POST.get(challenge.FIELD), key)
    if unsolved is not None:
        _security_event(Event.COMPLAINT_REFUSED, point, reason=unsolved)
        # What was typed comes back with a new challenge, which the page solves again while the citizen checks it.
        return _form_page(request, point, form, status=400, refusal=UNSOLVED)
    ip = audit.request_context.get() or {}
    if throttle.over_limit(ip.get("ip"), key):
        _security_event(Event.COMPLAINT_REFUSED, point, reason="rate_limit")
        # The form keeps what was typed (its key too), so the citizen can send it again later.
        return _form_page(request, point, form, status=429, refusal=TOO_MANY)
    if not form.is_valid():
        return _form_page(request, point, form)
    data = form.cleaned_data
    result = call_service(
        form,
        services.submit_complaint,
        point=point,
        submission_key=data[FORM_FIELD],
        kind=data["kind"],
        what=data["what"],
        place=data["place"],
        happened_on=data["happened_on"],
        contact=data["contact"],
        images=data["images"],
    )
    if result is None:
        return _form_page(request, point, form)
    complaint, created = result
    if created:
        _security_event(Event.COMPLAINT_INTAKE_LOGGED, point, complaint=complaint.pk)
    # Only now, after the commit, is the citizen given the tracking code.
    return redirect("complaints:track", code=complaint.tracking_code)


def _public_steps(complaint: Complaint) -> list[dict[str, object]]:
    """What the citizen sees of the handling: the steps and their dates, and the answer's text; not the officials'
    names or internal notes on 受理, 交办 and 办结."""
    steps = ComplaintStep.objects.filter(complaint=complaint).order_by("happened_on", "id")
    return [
        {
            "label": step.get_kind_display(),
            "on": step.happened_on,
            "text": step.note if step.kind == StepKind.ANSWER else "",
        }
        for step in steps
    ]


@require_http_methods(["GET"])
@unscoped("where a citizen types the tracking code they wrote down; it opens nothing but that code's own page")
def lookup(request: HttpRequest) -> HttpResponse:
    code = "".join(str(request.GET.get("code", "")).split()).upper()[:32]
    if code:
        if Complaint.objects.filter(tracking_code=code).exists():
            return redirect("complaints:track", code=code)
        return render(request, "complaints/lookup.html", {"code": code, "missing": True}, status=404)
    return render(request, "complaints/lookup.html", {"code": ""})


@require_http_methods(["GET", "POST"])
@unscoped(
    "the tracking page of one complaint, opened by its unguessable tracking code: the citizen's own complaint only"
)
def track(request: HttpRequest, code: str) -> HttpResponse:
    complaint = (
        Complaint.objects.select_related("kind", "intake_point").filter(tracking_code=code.strip().upper()).first()
    )
    if complaint is None:
        raise Http404("查询码不正确")
    form = None
    if complaint.status == Status.CLOSED and not complaint.rating:
        form = RatingForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            rated = call_service(
                form,
                services.rate_complaint,
                tracking_code=complaint.tracking_code,
                rating=form.cleaned_data["rating"],
                comment=form.cleaned_data["comment"],
            )
            if rated is not None:
                return redirect("complaints:track", code=complaint.tracking_code)
    elif request.method == "POST":
        context = {
            "complaint": complaint,
            "steps": _public_steps(complaint),
            "errors": ["该投诉尚未办结或已经评价，现在不能评价"],
        }
        return render(request, "complaints/track.html", context, status=400)
    context = {"complaint": complaint, "steps": _public_steps(complaint), "form": form}
    return render(request, "complaints/track.html", context)
