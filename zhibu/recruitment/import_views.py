"""The import of people already on the recruitment path: upload → preview → confirm, and the template. The reading
and the checks are ``importing.py`` and ``services.import_recruits``; these views only carry the file's rows from the
preview to the confirm (in the session, under a one-time key)."""

import secrets
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from zhibu.core.routes import collection, unscoped
from zhibu.core.scoping import CHANGE, visible_or_404
from zhibu.core.tables import XLSX_TYPE
from zhibu.core.views import attempt
from zhibu.organizations.models import BRANCH_KINDS, Organization
from zhibu.recruitment import importing
from zhibu.recruitment.forms import ImportForm
from zhibu.recruitment.models import Recruit

PENDING_IMPORT = "recruitment.pending_import"  # the previewed rows, until confirmed or replaced


def _branches(user):
    return Organization.objects.visible_to(user, CHANGE).filter(
        kind__in=BRANCH_KINDS, status=Organization.Status.ACTIVE
    )


@login_required
@require_http_methods(["GET", "POST"])
@collection(Recruit, CHANGE)
def import_file(request):
    """Upload a file of people on the path and preview it row by row; a clean preview can be confirmed."""
    form = ImportForm(request.POST or None, request.FILES or None, branches=_branches(request.user))
    context: dict = {"form": form, "columns": importing.columns()}
    if request.method == "POST" and form.is_valid():
        branch = form.cleaned_data["organization"]
        try:
            rows = importing.read_rows(form.cleaned_data["file"])
        except ValidationError as error:
            form.add_error("file", "；".join(error.messages))
            return render(request, "recruitment/import.html", context)
        importing.preview(actor=request.user, branch=branch, rows=rows)
        problems = sum(1 for row in rows if row.problems)
        key = secrets.token_urlsafe(16)
        request.session.pop(PENDING_IMPORT, None)
        if not problems:
            request.session[PENDING_IMPORT] = {
                "key": key,
                "branch": branch.pk,
                "rows": [[row.number, row.texts] for row in rows],
            }
        context.update(rows=rows, problems=problems, key=key, branch=branch)
    return render(request, "recruitment/import.html", context)


@login_required
@require_POST
@collection(Recruit, CHANGE)
def import_confirm(request):
    """Import the previewed file: every row in one transaction, or nothing."""
    pending = request.session.get(PENDING_IMPORT)
    if not pending or pending.get("key") != request.POST.get("key"):
        messages.error(request, "未导入：没有待确认的导入，或该预览已被新的上传替换，请重新上传文件")
        return redirect("recruitment:import")
    branch = visible_or_404(Organization.objects, request.user, pk=pending["branch"])
    result, errors = attempt(
        importing.confirm,
        actor=request.user,
        branch=branch,
        texts=[(number, texts) for number, texts in pending["rows"]],
    )
    request.session.pop(PENDING_IMPORT, None)
    if errors:
        messages.error(request, "未导入：" + "；".join(errors))
        return redirect("recruitment:import")
    messages.success(request, f"已导入{cast(int, result)}名发展党员及其已办理的步骤")
    return redirect(f"/recruitment/?organization={branch.pk}")


@login_required
@unscoped("an empty template workbook: column headings and an example row, no records")
def import_template(request):
    response = HttpResponse(importing.template_workbook(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = (
        "attachment; filename*=UTF-8''%E5%8F%91%E5%B1%95%E5%85%9A%E5%91%98%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF.xlsx"
    )
    return response
