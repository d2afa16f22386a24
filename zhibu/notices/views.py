"""The notices' pages for the keepers: the list (export), one notice with its read count and who has not read it,
the forms (draft, change a draft, withdraw), publishing, and the generated dues publication. A member reads notices
on their own side (``zhibu/mine``), where opening one marks it read."""

from typing import Any, ClassVar, cast

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhibu.core.attachment_views import serve
from zhibu.core.audit_catalogue import Event
from zhibu.core.generic import ScopedDetailView, ScopedExportView, ScopedListView, ServiceFormView
from zhibu.core.routes import scoped
from zhibu.core.scoping import CHANGE, can
from zhibu.core.views import attempt_with_message
from zhibu.notices import services
from zhibu.notices.filters import NoticeFilter
from zhibu.notices.forms import DuesNoticeForm, NoticeEditForm, NoticeForm, WithdrawForm
from zhibu.notices.models import Notice, Status
from zhibu.notices.tables import NOTICE_COLUMNS

DUES_INTRO = (
    "系统按本支部的党费核定和缴纳记录生成公开内容（每月应缴、实缴、交纳人数和自愿多交），生成后为草稿，"
    "核对无误后发布；发布后计入标准体系FEE-09“每年向党员公布党费收缴使用情况”。"
)


def _with_attachment(data: dict[str, Any]) -> dict[str, Any]:
    upload = data.pop("attachment", None)
    return {**data, "attachments": [upload] if upload else []}


class NoticeList(ScopedListView):
    model = Notice
    select_related = ("organization",)
    filterset_class = NoticeFilter
    columns = NOTICE_COLUMNS
    template_name = "notices/list.html"
    scope_parameter = "organization"


class NoticeExport(NoticeList, ScopedExportView):
    title = "党务公开事项"
    event = Event.NOTICES_EXPORTED


class NoticeDetail(ScopedDetailView):
    model = Notice
    select_related = ("organization", "created_by")
    template_name = "notices/detail.html"

    def get_context_data(self) -> dict[str, Any]:
        notice = self.object
        keeper = can(cast(Any, self.request.user), CHANGE, notice.organization.path)
        context = {
            "notice": notice,
            "attachments": list(notice.attachments.all()),
            "keeper": keeper,
            "draft": notice.status == Status.DRAFT,
            "published": notice.status == Status.PUBLISHED,
        }
        if keeper and notice.status != Status.DRAFT:
            total, read, unread = services.read_counts(notice)
            context.update({"audience": total, "read": read, "unread": unread})
        return context


class NoticeCreate(ServiceFormView):
    model = Notice
    object_kwarg: ClassVar[str | None] = None
    creates = Notice
    form_class = NoticeForm
    success_message = "已保存为草稿，核对后请发布"

    def service(self):
        return services.create_notice

    def service_kwargs(self, data):
        return _with_attachment(data)

    def form_kwargs(self):
        return {"user": self.request.user}

    def initial(self):
        return {"publish_from": timezone.localdate(), "organization": self.request.GET.get("organization")}

    def title(self):
        return "起草党务公开事项"

    def intro(self):
        return "保存后为草稿，只有本组织的党务管理人员可见；发布后在公开期内向本组织及下级组织的党员公开。"

    def back_url(self):
        return reverse("notices:list")


class NoticeEdit(ServiceFormView):
    model = Notice
    form_class = NoticeEditForm

    def service(self):
        return services.update_notice

    def service_kwargs(self, data):
        return {"notice": self.object, **_with_attachment(data)}

    def form_kwargs(self):
        return {"instance": self.object}

    def title(self):
        return f"修改草稿：{self.object}"


class NoticeWithdraw(ServiceFormView):
    model = Notice
    form_class = WithdrawForm
    success_message = "已撤回，党员端不再显示"

    def service(self):
        return services.withdraw_notice

    def title(self):
        return f"撤回：{self.object}"

    def intro(self):
        return "撤回后党员端不再显示该事项，撤回原因记入操作日志；如需更正，请重新起草并发布。"


class DuesNoticeCreate(ServiceFormView):
    model = Notice
    object_kwarg: ClassVar[str | None] = None
    creates = Notice
    form_class = DuesNoticeForm
    success_message = "已生成党费收缴情况公开（草稿），请核对后发布"

    def service(self):
        return services.draft_dues_notice

    def form_kwargs(self):
        return {"user": self.request.user}

    def initial(self):
        today = timezone.localdate()
        return {
            "organization": self.request.GET.get("organization"),
            "year": today.year - 1 if today.month <= 3 else today.year,
        }

    def title(self):
        return "生成党费收缴情况公开"

    def intro(self):
        return DUES_INTRO

    def back_url(self):
        return reverse("notices:list")


@login_required
@require_POST
@scoped(Notice, CHANGE, name="notice")
def publish(request, notice):
    attempt_with_message(
        request,
        services.publish_notice,
        actor=request.user,
        notice=notice,
        done="已发布，公开期内党员可在“我的”中查看",
        failed="未发布：",
    )
    return redirect(notice.get_absolute_url())


@login_required
@scoped(Notice, name="notice")
def attachment(request, notice, item):
    """A notice's attachment, for whoever may read the notice (its members too, who may not open the organisation's
    other files)."""
    found = notice.attachments.filter(pk=item).first()
    if found is None:
        raise Http404("文件不存在")
    return serve(found)
