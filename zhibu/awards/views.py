"""The awards pages: rounds, nominations (with the record snapshot, the steps and the objections), objections and
honours, each a list and an Excel export; the forms that run the services."""

from typing import ClassVar

from django.urls import reverse
from django.utils import timezone

from zhibu.awards import records, services
from zhibu.awards.filters import HonourFilter, NominationFilter, ObjectionFilter, RoundFilter
from zhibu.awards.forms import AnswerForm, NominationForm, ObjectionForm, RoundForm, StepForm
from zhibu.awards.models import AwardRound, Category, Honour, Nomination, Objection, Stage
from zhibu.awards.tables import HONOUR_COLUMNS, NOMINATION_COLUMNS, NOMINATION_LIST, OBJECTION_COLUMNS, ROUND_COLUMNS
from zhibu.core.audit_catalogue import Event
from zhibu.core.generic import ScopedDetailView, ScopedExportView, ScopedListView, ServiceFormView
from zhibu.core.publicity import PublicityNotice, notice_periods
from zhibu.core.scoping import CHANGE, VIEW, can

LIST = "awards/list.html"


class RoundList(ScopedListView):
    model = AwardRound
    select_related = ("organization",)
    filterset_class = RoundFilter
    columns = ROUND_COLUMNS
    template_name = LIST
    scope_parameter = "organization"

    def get_context_data(self, filterset, page, query):
        context = super().get_context_data(filterset, page, query)
        context.update(title="评选表彰", export="awards:rounds_export", create="awards:round_create")
        return context


class RoundExport(RoundList, ScopedExportView):
    title = "评选表彰"
    event = Event.AWARD_ROUNDS_EXPORTED


class RoundDetail(ScopedDetailView):
    model = AwardRound
    select_related = ("organization",)
    template_name = "awards/round_detail.html"

    def get_context_data(self):
        award_round = self.object
        nominations = (
            Nomination.objects.visible_to(self.request.user, VIEW)
            .filter(round=award_round)
            .select_related("member", "organization", "quota_organization")
        )
        quotas = {}
        for nomination in nominations:
            key = (nomination.category, nomination.quota_organization_id)
            if key not in quotas:
                quotas[key] = services.quota(award_round, nomination.category, nomination.quota_organization)
        return {"round": award_round, "nominations": nominations, "quotas": list(quotas.values())}


class RoundPublicity(ScopedDetailView):
    """The round's 公示 notices for printing (A4): one per period, listing the nominations publicised together."""

    model = AwardRound
    select_related = ("organization",)
    template_name = "core/publicity_print.html"

    def get_context_data(self):
        award_round = self.object
        nominations = (
            Nomination.objects.visible_to(self.request.user, VIEW)
            .filter(round=award_round, publicity_from__isnull=False)
            .select_related("member", "organization")
            .order_by("category", "organization__path", "id")
        )
        issuer = award_round.organization.name
        notices = [
            PublicityNotice(
                issuer=issuer,
                title=f"关于{award_round.title}拟表彰对象的公示",
                intro=(
                    f"根据{award_round.title}工作安排，经党员评议、党组织研究，拟表彰以下{len(publicised)}名（个）对象，"
                    "现予以公示。"
                ),
                columns=("推荐类别", "姓名（组织名称）", "所在党组织", "主要事迹"),
                rows=tuple(
                    (n.get_category_display(), n.nominee_name, n.organization.name, n.reasons) for n in publicised
                ),
                start=start,
                until=until,
                days=award_round.publicity_days,
                signed_on=start,
            )
            for (start, until), publicised in notice_periods(nominations).items()
        ]
        return {
            "title": f"{award_round.title}公示",
            "notices": notices,
            "back": award_round.get_absolute_url(),
            "empty": "本次评选尚无进入公示的推荐对象。",
        }


class RoundCreate(ServiceFormView):
    model = AwardRound
    object_kwarg: ClassVar[str | None] = None
    creates = AwardRound
    form_class = RoundForm
    success_message = "已新建评选"

    def service(self):
        return services.create_round

    def form_kwargs(self):
        return {"user": self.request.user}

    def initial(self):
        year = timezone.localdate().year
        return {"year": year, "title": f"{year}年度“两优一先”评选"}

    def title(self):
        return "新建评选表彰"

    def intro(self):
        return (
            "名额按本单位人数（先进基层党组织按所属党支部、党总支个数）乘以比例向下取整计算，"
            "如党员38人、比例15%，上限为5人；恰好达到比例的推荐可以通过，超出一人即不予受理。"
        )

    def back_url(self):
        return reverse("awards:rounds")


class NominationList(ScopedListView):
    model = Nomination
    select_related = ("round", "member", "organization")
    filterset_class = NominationFilter
    columns = NOMINATION_LIST
    template_name = LIST
    scope_parameter = "organization"

    def get_context_data(self, filterset, page, query):
        context = super().get_context_data(filterset, page, query)
        context.update(title="评选推荐", export="awards:export", create="awards:create")
        return context


class NominationExport(NominationList, ScopedExportView):
    columns = NOMINATION_COLUMNS
    title = "评选推荐"
    event = Event.AWARD_NOMINATIONS_EXPORTED


class NominationDetail(ScopedDetailView):
    model = Nomination
    select_related = ("round__organization", "member", "organization", "quota_organization")
    template_name = "awards/nomination_detail.html"

    def get_context_data(self):
        nomination = self.object
        user = self.request.user
        may_change = can(user, CHANGE, nomination.organization.path)
        step = nomination.next_step
        may_step = step is not None and services.acts_on_step(user, nomination, step)
        today = timezone.localdate()
        return {
            "nomination": nomination,
            "record": records.describe(nomination.record),
            "objections": nomination.objections.all(),
            "unresolved": services.unresolved(nomination),
            "quota": services.quota(nomination.round, nomination.category, nomination.quota_organization),
            "step_form": StepForm(initial={"step": step.value, "happened_on": today}) if may_step and step else None,
            "next_step": step,
            "objection_form": (
                ObjectionForm(initial={"received_on": today})
                if may_change and nomination.stage == Stage.PUBLICISED
                else None
            ),
            "answer_form": AnswerForm(initial={"answered_on": today}) if may_change else None,
            "honour": Honour.objects.filter(nomination=nomination).first(),
        }


class NominationCreate(ServiceFormView):
    model = Nomination
    object_kwarg: ClassVar[str | None] = None
    creates = Nomination
    form_class = NominationForm
    success_message = "已推荐，下一步：党员评议"

    refusal: services.QuotaExceeded | None = None

    def service(self):
        def run(**kwargs):
            try:
                return services.nominate(**kwargs)
            except services.QuotaExceeded as refusal:
                self.refusal = refusal
                raise

        return run

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        if self.refusal is not None:
            services.record_quota_refusal(actor=request.user, refusal=self.refusal)
        return response

    def form_kwargs(self):
        return {"user": self.request.user}

    def initial(self):
        return {"category": Category.OUTSTANDING_MEMBER}

    def title(self):
        return "推荐评选对象"

    def intro(self):
        return (
            "推荐时系统自动附上被推荐对象本年度的组织生活出勤、党费缴纳、民主评议等记录（快照），无需另行填写；"
            "超出名额的推荐不予受理。"
        )

    def back_url(self):
        return reverse("awards:list")


class StepRecord(ServiceFormView):
    """POST only, from the nomination page: the service decides who may take which step (the branch, 纪检 or the
    organisation with the authority), so the route asks only to see the nomination."""

    model = Nomination
    action = VIEW
    form_class = StepForm
    http_method_names = ["post"]

    def service(self):
        return services.record_step

    def title(self):
        return f"登记评选步骤：{self.object}"

    def message(self, result):
        return f"已登记，当前进度：{result.get_stage_display()}"


class ObjectionCreate(ServiceFormView):
    model = Nomination
    form_class = ObjectionForm
    creates = Objection
    success_message = "已登记公示异议；核实处理完毕前不能审批"

    def service(self):
        return services.record_objection

    def initial(self):
        return {"received_on": timezone.localdate()}

    def title(self):
        return f"登记公示异议：{self.object}"

    def success_url(self, result):
        return self.object.get_absolute_url() + "#objections"


class ObjectionAnswer(ServiceFormView):
    model = Objection
    select_related = ("nomination",)
    form_class = AnswerForm
    success_message = "已答复处理异议"

    def service(self):
        return services.answer_objection

    def initial(self):
        return {"answered_on": timezone.localdate()}

    def title(self):
        return f"答复处理异议：{self.object}"


class ObjectionList(ScopedListView):
    model = Objection
    select_related = ("nomination__member", "nomination__organization")
    filterset_class = ObjectionFilter
    columns = OBJECTION_COLUMNS
    template_name = LIST
    scope_parameter = "organization"

    def get_context_data(self, filterset, page, query):
        context = super().get_context_data(filterset, page, query)
        context.update(title="公示异议", export="awards:objections_export")
        return context


class ObjectionExport(ObjectionList, ScopedExportView):
    title = "公示异议"
    event = Event.AWARD_OBJECTIONS_EXPORTED


class HonourList(ScopedListView):
    model = Honour
    select_related = ("member", "organization", "awarded_by")
    filterset_class = HonourFilter
    columns = HONOUR_COLUMNS
    template_name = LIST
    scope_parameter = "organization"

    def get_context_data(self, filterset, page, query):
        context = super().get_context_data(filterset, page, query)
        context.update(title="荣誉", export="awards:honours_export")
        return context


class HonourExport(HonourList, ScopedExportView):
    title = "荣誉"
    event = Event.AWARD_HONOURS_EXPORTED
