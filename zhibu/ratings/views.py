from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from zhibu.core.audit_catalogue import Event
from zhibu.core.filters import warn_refused_query
from zhibu.core.generic import ScopedDetailView, ServiceFormView
from zhibu.core.routes import scoped
from zhibu.core.scoping import CHANGE, EXPORT, VIEW, can, require
from zhibu.core.tables import TableColumn, xlsx_response
from zhibu.core.views import attempt_with_message, call_service, form_errors_text
from zhibu.organizations.models import Organization
from zhibu.ratings import scoring, services
from zhibu.ratings.filters import ScoringSheetFilter
from zhibu.ratings.forms import ItemForm, ScoreForm, SheetForm
from zhibu.ratings.models import Dimension, ScoringItem, ScoringSheet


def _owners(user):
    return Organization.objects.visible_to(user, CHANGE).filter(kind__in=services.OWNER_KINDS).order_by("path")


class SheetList(ServiceFormView):
    """The sheets in scope; an owning organisation's administrator also finds the form to make one."""

    model = ScoringSheet
    action = VIEW
    object_kwarg = None
    form_class = SheetForm
    template_name = "ratings/sheets.html"
    success_message = "已建立评定表，可在“评分项目”中调整项目和分值"

    def owners(self):
        return _owners(self.request.user)

    def get_form(self):
        if not self.owners().exists():
            if self.request.method == "POST":
                raise Http404("记录不存在或不在您的权限范围内")
            return None
        return super().get_form()

    def form_kwargs(self):
        return {"organizations": self.owners()}

    def initial(self):
        return {"year": timezone.localdate().year, "four_strong_line": 85, "with_default_items": True}

    def service(self):
        return services.create_sheet

    def service_kwargs(self, data):
        return {
            "organization": data["organization"],
            "year": data["year"],
            "title": data["title"],
            "star_lines_text": data["star_lines"],
            "five_star_quota": data["five_star_quota"],
            "four_strong_line": data["four_strong_line"],
            "with_default_items": data["with_default_items"],
        }

    def title(self):
        return "星级评定"

    def extra_context(self):
        sheets = ScoringSheet.objects.visible_to(self.request.user).select_related("organization")
        filterset = ScoringSheetFilter(self.request.GET, queryset=sheets, request=self.request)
        warn_refused_query(self.request, filterset)
        return {"sheets": filterset.qs}


RESULT_COLUMNS = [
    TableColumn("排名", lambda r: f"暂定{r.rank}" if r.pending else r.rank, 8),
    TableColumn("党支部", lambda r: str(r.organization), 30),
    *[
        TableColumn(
            f"{label}(%)", lambda r, code=code: next(d.percent for d in r.dimensions if d.dimension == code), 12
        )
        for code, label in Dimension.choices
    ],
    TableColumn("得分", lambda r: float(r.earned), 8),
    TableColumn("可得分", lambda r: float(r.possible), 8),
    TableColumn("得分率(%)", lambda r: r.percent, 10),
    TableColumn("星级", lambda r: r.stars, 6),
    TableColumn("四强", lambda r: "是" if r.four_strong else "", 6),
    TableColumn("说明", lambda r: "；".join(filter(None, [r.star_note, r.four_strong_note])), 40),
    TableColumn("待评分项", lambda r: r.pending, 8),
]


class SheetDetail(ScopedDetailView):
    """The sheet's ranked results; ``export=1`` gives them as Excel to whoever may export the owner's records."""

    model = ScoringSheet
    select_related = ("organization",)
    template_name = "ratings/sheet_detail.html"

    def results(self):
        sheet = self.object
        return scoring.ranked(scoring.results(sheet, services.branches_of(sheet)))

    def get(self, request, *args, **kwargs):
        if not request.GET.get("export"):
            return super().get(request, *args, **kwargs)
        sheet = self.object
        require(request.user, EXPORT, sheet.organization)
        return xlsx_response(
            actor=request.user,
            title=f"{sheet.title}",
            columns=RESULT_COLUMNS,
            objects=self.results(),
            event=Event.RATING_EXPORTED,
            organization=sheet.organization,
            filters=f"sheet={sheet.pk}",
        )

    def get_context_data(self):
        sheet, results = self.object, self.results()
        return {
            "sheet": sheet,
            "results": results,
            "stars": {n: sum(1 for r in results if r.stars == n) for n in range(5, 0, -1)},
            "four_strong": sum(1 for r in results if r.four_strong),
            "dimensions": Dimension.choices,
            "may_change": can(self.request.user, CHANGE, sheet.organization.path) and sheet.locked_at is None,
            "final": {row["organization_id"]: row for row in sheet.final_results},
        }


class SheetItems(ServiceFormView):
    """The sheet's items and their points; its owner adds items here until the sheet is final."""

    model = ScoringSheet
    action = VIEW
    select_related = ("organization",)
    form_class = ItemForm
    template_name = "ratings/items.html"

    def may_change(self):
        return can(self.request.user, CHANGE, self.object.organization.path) and self.object.locked_at is None

    def get_form(self):
        return super().get_form() if self.may_change() else None

    def post(self, request, *args, **kwargs):
        if not self.may_change():
            messages.error(request, "该评定表已定稿或您无权修改")
            return redirect(request.path)
        return super().post(request, *args, **kwargs)

    def service(self):
        return services.add_item

    def service_kwargs(self, data):
        return {"sheet": self.object, **data}

    def title(self):
        return f"评分项目：{self.object.title}"

    def message(self, result):
        return f"已增加评分项目“{result.title}”"

    def success_url(self, result):
        return self.request.path

    def extra_context(self):
        items = list(self.object.items.all())
        totals = {code: sum(i.points for i in items if i.dimension == code) for code, _ in Dimension.choices}
        return {
            "sheet": self.object,
            "items": items,
            "total": sum(i.points for i in items),
            "totals": [(label, totals[code]) for code, label in Dimension.choices],
            "may_change": self.may_change(),
        }


@login_required
@require_POST
@scoped(ScoringSheet, CHANGE, name="sheet")
def item_delete(request, sheet, item_pk):
    item = sheet.items.filter(pk=item_pk).first()
    if item is None:
        raise Http404("记录不存在或不在您的权限范围内")
    attempt_with_message(
        request, services.delete_item, actor=request.user, item=item, done=f"已删除评分项目“{item.title}”"
    )
    return redirect("ratings:items", pk=sheet.pk)


@login_required
@require_http_methods(["GET", "POST"])
# The branch, not the sheet, is what is opened: the branch reads its own result on a sheet it cannot list.
@scoped(Organization, kwarg="org_pk", name="branch")
def branch_detail(request, branch, pk):
    """Where each point of one branch came from. The branch itself may read it, and the sheet's owner scores here."""
    sheet = ScoringSheet.objects.select_related("organization").filter(pk=pk).first()
    if sheet is None or branch not in services.branches_of(sheet):
        raise Http404("记录不存在或不在您的权限范围内")
    may_score = can(request.user, CHANGE, sheet.organization.path) and sheet.locked_at is None
    form = ScoreForm(request.POST or None) if may_score else None
    if request.method == "POST":
        if form is None:
            messages.error(request, "该评定表已定稿或您无权评分")
            return redirect(request.path)
        if form.is_valid():
            item = sheet.items.filter(pk=form.cleaned_data["item"], kind=ScoringItem.Kind.MANUAL).first()
            if item is None:
                messages.error(request, "请选择本评定表中需要打分的项目")
                return redirect(request.path)
            done = call_service(
                form,
                services.score,
                actor=request.user,
                item=item,
                organization=branch,
                points=form.cleaned_data["points"],
                basis=form.cleaned_data["basis"],
            )
            if done:
                messages.success(request, f"已为“{item.title}”评分")
                return redirect(request.path)
        messages.error(request, form_errors_text(form))
    # Over every branch of the sheet: a five-star quota ranks the branch among the others.
    result = next(r for r in scoring.results(sheet, services.branches_of(sheet)) if r.organization == branch)
    return render(
        request,
        "ratings/branch.html",
        {
            "sheet": sheet,
            "branch": branch,
            "result": result,
            "may_score": may_score,
            "final": next((row for row in sheet.final_results if row["organization_id"] == branch.pk), None),
        },
    )


@login_required
@require_POST
@scoped(ScoringSheet, CHANGE, name="sheet")
def sheet_lock(request, sheet):
    attempt_with_message(
        request, services.lock_sheet, actor=request.user, sheet=sheet, done="评定表已定稿，结果不再随评估结论变化"
    )
    return redirect(sheet)
